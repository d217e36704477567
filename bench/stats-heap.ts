// **stats-heap bench** (not a test): what the graph statistics (src/stats/) hold in memory once fed a graph, per
// statistic, and optionally the peak RSS of the build that wrote the graph. The statistics are fed the mapped graph: a
// build's N-Triples dump without its statistic lines, each line parsed and its strings copied out of the line (as the
// mapper's quads have strings of their own), one statistic at a time, the dump read again for each; after each, with
// garbage collected, the growth of the JavaScript heap and of the array buffers (typed arrays, Buffers: memory the
// heap figure does not show) is what that statistic holds, the earlier ones still alive. Old and new code cannot be
// measured side by side in one run: the figures of each are recorded in bench/build-results.md's notes.
// Usage: see USAGE (`node dist/bench/stats-heap.js --help`).

import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Quad, Term } from '@rdfjs/types';
import N3, { DataFactory } from 'n3';
import { ROOT } from '../src/paths.js';
import { isStatisticLine } from '../src/stats/graph-statistics.js';
import { GraphEntities } from '../src/stats/entities.js';
import { LineageStatistics } from '../src/stats/lineage.js';
import { TagTaskCounter } from '../src/stats/tags.js';
import { TaskYearCounter } from '../src/stats/task-years.js';
import { LineageClosure } from '../src/stats/lineage-closure.js';
import { NameTokenCounter } from '../src/stats/name-tokens.js';
import { LineageTaskCounter } from '../src/stats/lineage-tasks.js';
import { LikeRankCounter } from '../src/stats/likes.js';
import { CoLikeCounter } from '../src/stats/co-likes.js';
import { NeighbourCounter } from '../src/stats/neighbour-counts.js';
import { LinkCounter } from '../src/stats/link-counts.js';
import { parseBenchArgs, usageError } from './args.js';

export const USAGE = `usage: node dist/bench/stats-heap.js (--dump FILE | --snapshot DIR) [options]

Prints, per statistic, the JavaScript heap and array-buffer memory it holds once fed a graph (a build's N-Triples dump
without its statistic lines), and with --snapshot first builds the snapshot (\`huggingkg build --no-validate\` under
/usr/bin/time -v) and prints the build's wall time, CPU time and peak RSS.

options:
  --dump FILE       a build's huggingkg.nt.gz (or .nt) to feed the statistics
  --snapshot DIR    a snapshot (\`huggingkg synth\`) to build first; its dump is then measured
  --out DIR         where --snapshot's build writes (default: a temporary directory, removed at the end)
  --cli FILE        the huggingkg CLI that builds (default dist/src/cli.js)
  -h, --help        print this and exit`;

const OPTIONS = {
  dump: { type: 'string' },
  snapshot: { type: 'string' },
  out: { type: 'string' },
  cli: { type: 'string', default: join(ROOT, 'dist', 'src', 'cli.js') },
} as const;

/** A statistic as the bench feeds it: made after the ones before it (it may read their collections). */
interface Row {
  name: string;
  make: () => (q: Quad) => void;
}

/** What a statistic is fed through: most take addQuad, the lineage ones and the link counts add. */
type Counter = { addQuad(q: Quad): void } | { add(q: Quad): void };

function quadsInto(c: Counter): (q: Quad) => void {
  return 'addQuad' in c ? (q) => c.addQuad(q) : (q) => c.add(q);
}

/** The statistics of src/stats/graph-statistics.ts (and the build's link counts), in the order they share data. */
function rows(): Row[] {
  const base = 'https://w3id.org/huggingkg/';
  const entities = new GraphEntities();
  let tagTasks: TagTaskCounter;
  let nameTokens: NameTokenCounter;
  return [
    { name: 'shared entities (IRIs, kinds, tasks, lineage)', make: () => quadsInto(entities) },
    { name: 'lineage', make: () => quadsInto(new LineageStatistics(entities)) },
    { name: 'tag-task', make: () => quadsInto((tagTasks = new TagTaskCounter(entities))) },
    { name: 'task-year', make: () => quadsInto(new TaskYearCounter(entities)) },
    { name: 'closure', make: () => quadsInto(new LineageClosure(entities)) },
    { name: 'name-token', make: () => quadsInto((nameTokens = new NameTokenCounter(entities))) },
    { name: 'lineage-task', make: () => quadsInto(new LineageTaskCounter(entities)) },
    { name: 'like rank', make: () => quadsInto(new LikeRankCounter(entities)) },
    { name: 'co-like', make: () => quadsInto(new CoLikeCounter(entities)) },
    { name: 'neighbour counts', make: () => quadsInto(new NeighbourCounter(entities, tagTasks, nameTokens)) },
    { name: 'link counts (build.ts)', make: () => quadsInto(new LinkCounter(base, entities)) },
  ];
}

/** A string of its own (a parsed term's value is a slice that keeps the whole line alive). */
function copy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

function own<T extends Term>(t: T): T {
  const { namedNode, literal } = DataFactory;
  if (t.termType === 'NamedNode') return namedNode(copy(t.value)) as Term as T;
  if (t.termType === 'Literal') return literal(copy(t.value), t.language || t.datatype) as Term as T;
  return t;
}

/** Feeds every non-statistic line of the dump, parsed, to `add`; the number of lines fed. */
async function feed(dump: string, add: (q: Quad) => void): Promise<number> {
  const parser = new N3.Parser({ format: 'N-Triples' });
  const input = createReadStream(dump);
  const lines = createInterface({
    input: dump.endsWith('.gz') ? input.pipe(createGunzip()) : input,
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const line of lines) {
    if (line === '' || isStatisticLine(line)) continue;
    for (const q of parser.parse(line)) add(DataFactory.quad(own(q.subject), own(q.predicate), own(q.object)));
    n++;
  }
  return n;
}

/** V8's garbage collector, called between the measurements (as `node --expose-gc` would expose it). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function memory(gc: () => void): { heap: number; buffers: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** Builds the snapshot under /usr/bin/time -v; prints and returns what it measured. */
function build(cli: string, snapshot: string, out: string): void {
  const r = spawnSync(
    '/usr/bin/time',
    ['-v', 'node', cli, 'build', '--snapshot', snapshot, '--out', out, '--no-validate', '--quiet'],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`build failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const field = (name: string) => r.stderr.match(new RegExp(`${name}: (.*)`))?.[1]?.trim() ?? '?';
  const cpu = Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'));
  const rss = Number(field('Maximum resident set size \\(kbytes\\)')) / 1024;
  console.log(
    `build: ${snapshot}: wall ${field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')}, ` +
      `CPU ${cpu.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  const { values } = parseBenchArgs(USAGE, OPTIONS);
  if (!values.dump === !values.snapshot) usageError(USAGE, 'give one of --dump and --snapshot');
  let dump = values.dump;
  let temporary: string | undefined;
  if (values.snapshot) {
    const out = values.out ?? (temporary = mkdtempSync(join(tmpdir(), 'hkg-stats-heap-')));
    build(values.cli, values.snapshot, out);
    dump = join(out, 'huggingkg.nt.gz');
  }
  const gc = collector();
  const held: unknown[] = [];
  let total = { heap: 0, buffers: 0 };
  console.log('| statistic | JS heap MB | array buffers MB | together MB | feed s |');
  console.log('|---|---|---|---|---|');
  let lines = 0;
  for (const row of rows()) {
    const before = memory(gc);
    const started = Date.now();
    const add = row.make();
    held.push(add);
    lines = await feed(dump!, add);
    const seconds = (Date.now() - started) / 1000;
    const after = memory(gc);
    const heap = after.heap - before.heap;
    const buffers = after.buffers - before.buffers;
    total = { heap: total.heap + heap, buffers: total.buffers + buffers };
    console.log(`| ${row.name} | ${mb(heap)} | ${mb(buffers)} | ${mb(heap + buffers)} | ${seconds.toFixed(1)} |`);
  }
  console.log(`| **all** | ${mb(total.heap)} | ${mb(total.buffers)} | ${mb(total.heap + total.buffers)} | |`);
  console.log(`(${lines} lines of ${dump} fed; ${held.length} statistics held)`);
  if (temporary) rmSync(temporary, { recursive: true, force: true });
}

await main();
