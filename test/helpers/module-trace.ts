// Preloaded with `node --import` (see cli-lazy.test.ts): registers module-trace-hooks.js so that the process lists
// the modules it loads.

import { register } from 'node:module';

register('./module-trace-hooks.js', import.meta.url);
