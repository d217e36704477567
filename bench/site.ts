// **site bench** (`node dist/bench/site.js OUTDIR...`, not a test): for each build, the search index built from its
// dump (time, entities), searches typed as a person would (an entity's own Hub name with its dashes, dots and
// underscores as spaces, in another case): latency p50/p99 and how often the entity is among the first 10 hits; and the
// canned queries' examples found in the graph (time, how many answer). Results go to bench/site-results.md by hand.
// Usage: see USAGE (`node dist/bench/site.js --help`).

import { join } from 'node:path';
import { OUTPUT } from '../src/build/output.js';
import { findExamples } from '../src/queries/examples.js';
import { searchIndexFromDump } from '../src/server/search-index.js';
import { openEmbeddedStore } from '../src/store/embedded.js';
import { DEFAULT_BASE } from '../src/vocab.js';
import { parseBenchArgs, usageError } from './args.js';
import { percentile } from './measure.js';

/** What `--help` prints. */
const USAGE = `usage: node dist/bench/site.js OUTDIR...

For each build directory: builds the search index from its dump (time, entities), searches up to 500 of its models
and datasets by their names typed as a person would (latency p50/p99, how often the entity is among the first 10 hits),
and finds the canned queries' examples in the graph (time, how many answer). Prints a markdown table row per build
(and the examples' row counts on stderr); writes nothing (results go to bench/site-results.md by hand).

arguments:
  OUTDIR            a build's output directory (huggingkg build --out), one or more

options:
  -h, --help        print this and exit`;

/** A deterministic sample: every n-th entity. */
function sample<T>(items: T[], n: number): T[] {
  const step = Math.max(1, Math.floor(items.length / n));
  return items.filter((_, i) => i % step === 0).slice(0, n);
}

async function benchOne(outDir: string): Promise<void> {
  const dump = join(outDir, OUTPUT.ntriples);
  let t = performance.now();
  const index = await searchIndexFromDump(dump, DEFAULT_BASE);
  const buildMs = performance.now() - t;
  const ids = sampleIds(index);
  const times: number[] = [];
  let top10 = 0;
  for (const id of ids) {
    const name = id.slice(id.lastIndexOf('/') + 1);
    const typed = name.replace(/[-_.]+/g, ' ').toUpperCase();
    t = performance.now();
    const hits = index.search(typed, 10);
    times.push(performance.now() - t);
    if (hits.some((h) => h.id === id)) top10++;
  }
  times.sort((a, b) => a - b);
  const store = await openEmbeddedStore({ files: [dump], workers: 1, maxResults: 10_000 });
  t = performance.now();
  const examples = await findExamples(store, { base: DEFAULT_BASE, timeoutMs: 20_000 });
  const exampleMs = performance.now() - t;
  await store.close();
  const checked = [...examples.values()].filter((e) => e.rows !== undefined);
  const answering = checked.filter((e) => (e.rows ?? 0) > 0).length;
  console.log(
    `| ${outDir} | ${index.size} | ${Math.round(buildMs)} | ${ids.length} | ${percentile(times, 50).toFixed(2)} | ` +
      `${percentile(times, 99).toFixed(2)} | ${((100 * top10) / Math.max(1, ids.length)).toFixed(1)}% | ` +
      `${Math.round(exampleMs)} | ${answering}/${checked.length} |`,
  );
  for (const [name, e] of examples) if (e.rows !== undefined) console.error(`  ${name}: ${e.rows} rows`);
}

/** Model and dataset ids to search for, spread over the index. */
function sampleIds(index: Awaited<ReturnType<typeof searchIndexFromDump>>): string[] {
  return sample(
    index.ids().filter((e) => e.kind === 'model' || e.kind === 'dataset'),
    500,
  ).map((e) => e.id);
}

const dirs = parseBenchArgs(USAGE, {}, { positionals: true }).positionals;
if (dirs.length === 0) usageError(USAGE, 'no OUTDIR given');
console.log(
  '| build | entities | index ms | searches | p50 ms | p99 ms | own entity in top 10 | examples ms | ' +
    'examples answering |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const dir of dirs) await benchOne(dir);
