// **lineage-layout bench** (not a test): lays out synthetic families of growing size as the entity page (part of the
// family) and the "show all" page (all of it) do, reporting time, picture size and how many models get a box.
// Usage: see USAGE (`node dist/bench/lineage-layout.js --help`); writes nothing.

import type { LineageRow } from '../src/server/describe.js';
import { ALL_LIMITS, layoutFamily, PAGE_LIMITS, planFamily, type FamilyLimits } from '../src/server/lineage-svg.js';
import { OBJ } from '../src/vocab.js';
import { integerArg, parseBenchArgs } from './args.js';

/** What `--help` prints. */
const USAGE = `usage: node dist/bench/lineage-layout.js [sizes...]

Lays out a synthetic model family of each size as the entity page (part of the family) and the "show all" page (all
of it) do, and prints a markdown table: models, boxes drawn, picture size and layout time. Writes nothing.

arguments:
  sizes             family sizes in models (default 50 400 1000 2000)

options:
  -h, --help        print this and exit`;

/**
 * A family shaped like the Hub's big ones: one root, 70 % direct fine-tunes (a few of them fine-tuned further), 25 %
 * quantizations of the first fine-tunes, 5 % adapters; names as long as the Hub's.
 */
function family(n: number): LineageRow[] {
  const rows: LineageRow[] = [];
  const fineTunes = Math.max(1, Math.floor(n * 0.7));
  for (let i = 0; i < fineTunes; i++) {
    const base = i > 20 && i % 25 === 0 ? `ft${i - 1}` : 'root';
    rows.push({ derived: `ft${i}`, relation: OBJ.fineTunedFrom, base, depth: base === 'root' ? 1 : 2 });
  }
  for (let i = 0; i < Math.floor(n * 0.25); i++)
    rows.push({ derived: `q${i}`, relation: OBJ.quantizedFrom, base: `ft${i % 12}`, depth: 2 });
  for (let i = 0; i < Math.floor(n * 0.05); i++)
    rows.push({ derived: `a${i}`, relation: OBJ.adapterOf, base: 'root', depth: 1 });
  return rows;
}

const label = (m: string) => `some-user-${m}/Base-Model-8B-Instruct-${m}-v0.2-GGUF`;

function run(n: number, what: string, limits: FamilyLimits): void {
  const rows = family(n);
  const started = performance.now();
  const plan = planFamily('q5', rows, limits, false)!;
  const pic = layoutFamily(plan, label, (m) => `/page/model/${m}`, '/family/model/q5');
  const ms = performance.now() - started;
  console.log(
    `| ${pic.counts.models} | ${what} | ${pic.counts.drawn} | ${pic.width} × ${pic.height} | ${ms.toFixed(0)} ms |`,
  );
}

const sizes = parseBenchArgs(USAGE, {}, { positionals: true }).positionals.map((n) => integerArg(USAGE, 'a size', n));
console.log('| models | picture | boxes | width × height px | layout time |');
console.log('|---|---|---|---|---|');
for (const n of sizes.length > 0 ? sizes : [50, 400, 1000, 2000]) {
  run(n, 'entity page', PAGE_LIMITS);
  run(n, 'show all', ALL_LIMITS);
}
