// **AppContext** is what every route module receives: the store to query, the settings, and the logger.

import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import type { ServerConfig } from './config.js';

export interface AppContext {
  store: Store;
  config: ServerConfig;
  logger: Logger;
}
