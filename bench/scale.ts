// **bench/scale** measures the pipeline at scale factors F (synth -> build -> load -> query) and compares the engines
// side by side in one run: embedded oxigraph, Comunica over N3.Store (the baseline) and Virtuoso (external store).
// Each stage runs in its own child process (this file with `--child STAGE JSON`) so its peak RSS is its own. Writes
// bench/results/<name>-<date>-F<scales>.md and .json. Usage: see USAGE (`node dist/bench/scale.js --help`).
// --reuse measures an existing WORK/snap-F + WORK/out-F instead of rebuilding; --only limits the query set by name
// prefix; --virtuoso-db queries a Virtuoso already loaded (at F = 1.0 a load takes minutes: one timed load, then
// queries measured as often as needed).

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, statSync, createReadStream } from 'node:fs';
import { cpus, totalmem, tmpdir, hostname, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { ROOT } from '../src/paths.js';
import { integerArg, numberArg, parseBenchArgs, usageError } from './args.js';
import { cpuMs, percentile } from './measure.js';

const SELF = fileURLToPath(import.meta.url);

interface QuerySpec {
  name: string;
  canned?: string;
  params?: Record<string, string>;
  sparql?: string;
}
interface Timing {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  /** median CPU time the store spent per run (see storeCpuMs) */
  cpu50?: number;
  rows: number;
  error?: string;
}
interface EngineResult {
  engine: string;
  loadMs: number;
  triples: number;
  rssMB: number;
  timings: Timing[];
  note?: string;
}

// ---- child stages -------------------------------------------------------------------------------------------------

async function child(stage: string, arg: Record<string, any>): Promise<unknown> {
  const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);
  if (stage === 'synth') {
    const { synthesize } = await import('../src/synth/hubscale.js');
    const t = performance.now();
    const r = await synthesize({ scale: arg.scale, seed: arg.seed, out: arg.out });
    const records = Object.values(r.lines).reduce((a, b) => a + b, 0);
    return { ms: performance.now() - t, records, bytes: r.bytes, rssMB: rss() };
  }
  if (stage === 'build') {
    const { build } = await import('../src/build/build.js');
    const t = performance.now();
    const r = await build({ snapshot: arg.snapshot, out: arg.out, progress: false, validate: arg.validate });
    const records = Object.values(r.mapping.records as Record<string, number>).reduce((a, b) => a + b, 0);
    return {
      ms: performance.now() - t,
      records,
      triples: r.triples,
      warnings: r.warningCount,
      rssMB: rss(),
      conforms: r.validation?.conforms,
    };
  }
  if (stage === 'oxigraph-raw') {
    // Memory per triple of one oxigraph store (what the embedded store's limit is derived from).
    const ox = await import('oxigraph');
    const store = new ox.Store();
    const before = process.memoryUsage().rss;
    const t = performance.now();
    let batch: string[] = [];
    const flush = () => {
      if (batch.length) store.load(batch.join('\n'), { format: 'application/n-triples' });
      batch = [];
    };
    const rl = createInterface({ input: createReadStream(arg.file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of rl) {
      batch.push(line);
      if (batch.length >= 50_000) flush();
    }
    flush();
    const ms = performance.now() - t;
    return {
      ms,
      triples: store.size,
      rssDeltaMB: Math.round((process.memoryUsage().rss - before) / 1048576),
      rssMB: rss(),
    };
  }
  if (stage === 'engine') return runEngine(arg.engine, arg, rss);
  throw new Error(`unknown stage ${stage}`);
}

async function runEngine(engine: string, arg: Record<string, any>, rss: () => number): Promise<EngineResult> {
  const { prepareQuery } = await import('../src/queries/registry.js');
  type Parsed = ReturnType<typeof prepareQuery>['parsed'];
  // A canned query is bound on every run, as the server, the API and the CLI do (runQuery); a store of ours is then
  // handed the parse its text was generated from. Other engines get the text.
  const queries = (arg.queries as QuerySpec[]).map((q) => ({
    name: q.name,
    bind: (): { sparql: string; parsed?: Parsed } =>
      q.sparql !== undefined ? { sparql: q.sparql } : prepareQuery(q.canned!, q.params ?? {}),
  }));
  let select: (q: { sparql: string; parsed?: Parsed }) => Promise<number>;
  // CPU the store spends on a run: under a loaded machine wall time mostly measures the wait for a core, CPU time
  // does not. oxigraph runs in this process (its worker threads included); Virtuoso's threads are read from /proc,
  // all but its main thread, which polls at ~15% of a core when idle.
  let storeCpuMs: () => number = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let close = async () => {};
  const t = performance.now();
  let triples = 0;
  if (engine === 'oxigraph') {
    const { openEmbeddedStore } = await import('../src/store/embedded.js');
    const { embeddedMaxTriplesEnv } = await import('../src/cli/env.js');
    // HUGGINGKG_EMBEDDED_MAX_TRIPLES raises the limit for runs past it (the store no longer reads the environment)
    const maxTriples = embeddedMaxTriplesEnv();
    const store = await openEmbeddedStore({ files: [arg.dump], workers: 1, maxResults: 100_000, maxTriples });
    triples = store.triples;
    select = async (q) => (await store.select(q.sparql, q.parsed ? { parsed: q.parsed } : {})).length;
    close = () => store.close();
  } else if (engine === 'comunica') {
    const { openDump } = await import('../src/queries/dump-runner.js');
    const store = await openDump(arg.dump);
    triples = store.triples;
    select = async (q) => (await store.select(q.sparql)).length;
  } else if (engine === 'virtuoso') {
    const { loadIntoVirtuoso, graphSize, DEFAULT_GRAPH } = await import('../src/store/virtuoso.js');
    if (arg.loaded) triples = await graphSize({ port: arg.isqlPort }, DEFAULT_GRAPH);
    else triples = (await loadIntoVirtuoso({ from: arg.outDir, port: arg.isqlPort })).triples;
    // URL-encoded form POST: Virtuoso 7.2 never answers a direct application/sparql-query POST
    // (virtuoso-opensource#842).
    storeCpuMs = () => threadsCpuMs(arg.virtuosoPid);
    select = async (q) => {
      const res = await fetch(arg.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
        body: new URLSearchParams({ query: q.sparql, 'default-graph-uri': 'https://w3id.org/huggingkg/' }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${res.status}: ${text.slice(0, 200)}`);
      return (JSON.parse(text) as { results: { bindings: unknown[] } }).results.bindings.length;
    };
  } else throw new Error(`unknown engine ${engine}`);
  const loadMs = arg.loaded ? NaN : performance.now() - t;
  const timings: Timing[] = [];
  for (const q of queries) {
    const times: number[] = [];
    const cpu: number[] = [];
    let rows = 0;
    let error: string | undefined;
    const budgetEnd = performance.now() + arg.budgetMs;
    try {
      rows = await withTimeout(select(q.bind()), arg.budgetMs); // first run warms caches, not counted
      for (let i = 0; i < arg.runs && performance.now() < budgetEnd; i++) {
        const s = performance.now();
        const c = storeCpuMs();
        rows = await withTimeout(select(q.bind()), arg.budgetMs);
        times.push(performance.now() - s);
        cpu.push(storeCpuMs() - c);
      }
    } catch (e) {
      error = (e as Error).message.slice(0, 120);
    }
    timings.push({
      name: q.name,
      runs: times.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      cpu50: percentile(cpu, 50),
      rows,
      error,
    });
  }
  await close();
  const note = arg.loaded ? 'not timed here (loaded before the run with huggingkg load)' : undefined;
  return { engine, loadMs, triples, rssMB: rss(), timings, ...(note ? { note } : {}) };
}

/** CPU time (ms) of a process's threads but its main one, from /proc (Linux). */
function threadsCpuMs(pid: number): number {
  let ms = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    if (tid === String(pid)) continue;
    try {
      ms += cpuMs(`/proc/${pid}/task/${tid}/stat`);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ms;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`over the ${Math.round(ms / 1000)} s budget`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

function runChild(stage: string, arg: unknown, heapMB = 4096): Promise<any> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [`--max-old-space-size=${heapMB}`, SELF, '--child', stage, JSON.stringify(arg)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = ''; // passed through, and its tail kept for the failure message
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => {
      process.stderr.write(d);
      err = (err + d).slice(-4000);
    });
    p.on('close', (code, signal) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) return resolve(JSON.parse(line));
      const lines = err
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const cause =
        lines.filter((l) => /error|fatal|out of memory/i.test(l) && !l.startsWith('at ')).pop() ??
        lines.pop() ??
        'no output';
      reject(new Error(`${stage} failed (${signal ?? `exit ${code}`}): ${cause}`));
    });
  });
}

// ---- driver -------------------------------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

// Read line by line: the snapshot's files pass V8's 512 MiB string limit at F >= 0.3.
async function firstLine(file: string, pred: (r: any) => boolean): Promise<any> {
  const input = createReadStream(file);
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      if (!line) continue;
      const r = JSON.parse(line);
      if (pred(r)) return r;
    }
  } finally {
    rl.close();
    input.destroy();
  }
  throw new Error(`no matching record in ${file}`);
}

/** Entity IRIs of a benchmark's fixed parameters, picked from the snapshot (the same for every run of one seed). */
export interface BenchParameters {
  /** model 0: the most derived-from and most liked */
  top: string;
  /** the first fine-tuned model whose id ends in -NNN */
  derived: string;
  /** the first liker in likes.jsonl */
  liker: string;
  /** the first dataset */
  dataset: string;
}

export async function benchParameters(snapshot: string): Promise<BenchParameters> {
  const models = join(snapshot, 'models.jsonl');
  const iri = (kind: string, id: string) =>
    `https://w3id.org/huggingkg/${kind}/${id.split('/').map(encodeURIComponent).join('/')}`;
  return {
    top: iri('model', (await firstLine(models, () => true)).id),
    derived: iri(
      'model',
      (
        await firstLine(
          models,
          (r) => r.tags.some((t: string) => /^base_model:finetune:/.test(t)) && /-\d{3,}$/.test(r.id),
        )
      ).id,
    ),
    liker: iri('user', (await firstLine(join(snapshot, 'likes.jsonl'), () => true)).likers[0].user),
    dataset: iri('dataset', (await firstLine(join(snapshot, 'datasets.jsonl'), () => true)).id),
  };
}

async function querySet(snapshot: string, only?: string[]): Promise<QuerySpec[]> {
  const { top, derived, liker, dataset } = await benchParameters(snapshot);
  const all: QuerySpec[] = [
    { name: 'lookup (entity description)', sparql: `SELECT ?p ?o WHERE { <${derived}> ?p ?o }` },
    { name: 'lookup (inbound links of top model)', sparql: `SELECT (COUNT(*) AS ?n) WHERE { ?s ?p <${top}> }` },
    { name: 'lineage-ancestors', canned: 'lineage-ancestors', params: { model: derived } },
    { name: 'lineage-descendants', canned: 'lineage-descendants', params: { model: derived, k: '100' } },
    { name: 'lineage-descendants (top model)', canned: 'lineage-descendants', params: { model: top, k: '100' } },
    { name: 'lineage-tree', canned: 'lineage-tree', params: { model: derived, k: '100' } },
    { name: 'classify-task', canned: 'classify-task', params: { entity: derived } },
    { name: 'recommend-items', canned: 'recommend-items', params: { user: liker, kind: 'model', k: '10' } },
    { name: 'related-items', canned: 'related-items', params: { entity: derived } },
    { name: 'predict-base-model', canned: 'predict-base-model', params: { model: derived } },
    { name: 'models-trained-on', canned: 'models-trained-on', params: { dataset } },
    { name: 'most-derived-base-models', canned: 'most-derived-base-models' },
    { name: 'license-drift', canned: 'license-drift' },
    { name: 'task-distribution-by-year', canned: 'task-distribution-by-year' },
    { name: 'most-trained-on-datasets', canned: 'most-trained-on-datasets' },
    { name: 'most-followed-organizations', canned: 'most-followed-organizations' },
  ];
  return all.filter((q) => !only || only.some((o) => q.name.startsWith(o)));
}

function ratio(x: number): string {
  return `${x >= 10 ? x.toFixed(0) : x.toPrecision(2)}×`;
}

/** Text as one markdown table cell: engines' error messages carry newlines and pipes. */
function tableCell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function fmt(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** What `--help` prints: the options main() reads, with their defaults. */
export const USAGE = `usage: node dist/bench/scale.js [options]

Measures synth -> build -> load -> canned queries at scale factors F and writes bench/results/<name>-<date>-F<scales>.md
(and .json). Each stage runs in its own child process.

options:
  --scales F,F...          scale factors (default 0.01,0.1; 1 = HuggingKG's size, ~38M triples)
  --engines E,E...         oxigraph, comunica, virtuoso (default all three)
  --runs N                 timed runs per query after one warm-up (default 20)
  --budget-s S             stop a query's runs after S seconds (default 60)
  --seed S                 synth seed (default 1)
  --work DIR               where WORK/snap-F and WORK/out-F live (default <tmp>/huggingkg-bench)
  --reuse                  measure an existing WORK/snap-F + WORK/out-F instead of synthesizing and building
  --validate false         build without SHACL validation
  --skip-raw               skip the raw oxigraph load (memory per triple)
  --only P,P...            only the queries whose name starts with one of these prefixes
  --comunica-max-scale F   run Comunica only up to this F (default 0.01)
  --comunica-heap-mb N     Comunica's heap (default 8192)
  --name NAME              result file name prefix (default scale)
  --virtuoso-db DIR        query the Virtuoso that scripts/virtuoso/start.sh --db DIR runs, already loaded with
                           \`huggingkg load\` (one scale only; its load is not timed here, and it is left running)
  -h, --help               print this and exit

environment: VIRTUOSO_BUFFERS (Virtuoso's page cache in 8 KiB pages; default 600000 x the largest F, at least 100000;
             see scripts/virtuoso/README.md)`;

/** Virtuoso's page cache for the largest scale: the whole database in memory (F = 1.0: 4.1 GB on disk). */
function virtuosoBuffers(scales: number[]): string {
  return process.env.VIRTUOSO_BUFFERS ?? String(Math.max(100_000, Math.ceil(Math.max(...scales) * 600_000)));
}

/** The ports of a Virtuoso started by scripts/virtuoso/start.sh --db DIR (its virtuoso.env), checked to be running. */
function runningVirtuoso(db: string): { db: string; endpoint: string; isqlPort: number; loaded: true } {
  const envFile = join(db, 'virtuoso.env');
  if (!existsSync(envFile))
    throw new Error(`--virtuoso-db ${db}: no virtuoso.env (start it with scripts/virtuoso/start.sh)`);
  const env = readFileSync(envFile, 'utf8');
  const port = (key: string) => {
    const value = new RegExp(`^${key}=(\\d+)$`, 'm').exec(env)?.[1];
    if (!value) throw new Error(`--virtuoso-db ${db}: ${envFile} names no ${key}`);
    return Number(value);
  };
  const pidFile = join(db, 'virtuoso.pid');
  const pid = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : '';
  if (!pid || !existsSync(`/proc/${pid}`)) throw new Error(`--virtuoso-db ${db}: Virtuoso is not running`);
  return { db, endpoint: `http://127.0.0.1:${port('HTTP_PORT')}/sparql`, isqlPort: port('ISQL_PORT'), loaded: true };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // a mistyped option would otherwise start an hours-long run with the defaults
  const { values } = parseBenchArgs(USAGE, {
    scales: { type: 'string', default: '0.01,0.1' },
    engines: { type: 'string', default: 'oxigraph,comunica,virtuoso' },
    runs: { type: 'string', default: '20' },
    'budget-s': { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    work: { type: 'string', default: join(tmpdir(), 'huggingkg-bench') },
    reuse: { type: 'boolean', default: false },
    validate: { type: 'string', default: 'true' },
    'skip-raw': { type: 'boolean', default: false },
    only: { type: 'string' },
    'comunica-max-scale': { type: 'string', default: '0.01' },
    'comunica-heap-mb': { type: 'string', default: '8192' },
    name: { type: 'string', default: 'scale' },
    'virtuoso-db': { type: 'string' },
  });
  const scales = values.scales.split(',').map(Number);
  if (scales.some((f) => !(f > 0))) usageError(USAGE, `--scales must be positive numbers, got "${values.scales}"`);
  const engines = values.engines.split(',');
  const runs = integerArg(USAGE, '--runs', values.runs);
  const seed = integerArg(USAGE, '--seed', values.seed, { min: 0 });
  const work = values.work;
  const comunicaMax = numberArg(USAGE, '--comunica-max-scale', values['comunica-max-scale']);
  const budgetMs = numberArg(USAGE, '--budget-s', values['budget-s']) * 1000;
  const validate = values.validate !== 'false';
  const reuse = values.reuse;
  const skipRaw = values['skip-raw'];
  const only = values.only?.split(',');
  const comunicaHeapMB = integerArg(USAGE, '--comunica-heap-mb', values['comunica-heap-mb']);
  const virtuosoDb = values['virtuoso-db'] === undefined ? undefined : resolve(values['virtuoso-db']);
  if (virtuosoDb && scales.length !== 1) usageError(USAGE, '--virtuoso-db holds one build: give one scale');
  mkdirSync(work, { recursive: true });

  const started = new Date();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const ramGiB = (totalmem() / 2 ** 30).toFixed(1);
  const loadAtStart = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  const md: string[] = [
    `# Scale benchmark — ${started.toISOString().slice(0, 10)}`,
    '',
    `Machine: ${hostname()}, ${cpus().length} × ${cpu}, ${ramGiB} GiB RAM (shared with other jobs), ` +
      `Node ${process.version}; load average at start ${loadAtStart}.`,
    `Command: \`node dist/bench/scale.js ${args.join(' ')}\`. Seed ` +
      `${seed}; ${runs} warm runs per query after one warm-up,`,
    `stopped early when a query's runs pass the ${budgetMs / 1000} ` +
      `s budget (runs column). Each stage runs in its own child process;`,
    "RSS is that process's peak (Virtuoso: the server's VmHWM). Store CPU: the CPU time the store spent per run " +
      "(oxigraph: the bench process's; Virtuoso: its threads but the main one), " +
      "a figure the machine's load barely moves.",
    '',
  ];

  let virtuoso: { db: string; endpoint: string; isqlPort: number; loaded?: boolean } | undefined;
  if (virtuosoDb) virtuoso = runningVirtuoso(virtuosoDb);
  const raw: Record<string, unknown> = {};
  try {
    for (const scale of scales) {
      const snap = join(work, `snap-${scale}`);
      const out = join(work, `out-${scale}`);
      md.push(`## F = ${scale}`, '');
      // --reuse: a snapshot and build already in the work directory (e.g. from an earlier run) are measured, not
      // rebuilt
      const reused = reuse && existsSync(join(out, 'huggingkg.nt.gz'));
      console.error(`[F=${scale}] ${reused ? 'reusing synth + build' : 'synth'}`);
      const s = reused
        ? { ms: NaN, records: 0, bytes: 0, rssMB: 0 }
        : await runChild('synth', { scale, seed, out: snap });
      if (!reused) console.error(`[F=${scale}] build`);
      const b = reused
        ? { ms: NaN, records: 0, triples: NaN, warnings: '—', rssMB: 0, conforms: '—' }
        : await runChild('build', { snapshot: snap, out, validate }, 4096);
      const dump = join(out, 'huggingkg.nt.gz');
      const gz = statSync(dump).size;
      console.error(`[F=${scale}] oxigraph raw load`);
      const ox = skipRaw ? undefined : await runChild('oxigraph-raw', { file: dump });
      // Stages not run here (--reuse, --skip-raw) get no row: their figures are in the run that made them.
      if (!reused || ox) md.push('| stage | time | records/s | triples/s | peak RSS |', '|---|---|---|---|---|');
      else
        md.push(
          `(synth, build and the raw oxigraph load were not run here: ` +
            `--reuse --skip-raw; the build's figures are in bench/build-results.md.)`,
        );
      if (!reused) {
        md.push(
          `| synth (${s.records.toLocaleString('en')} records, ${(s.bytes / 1e6).toFixed(0)} ` +
            `MB) | ${fmt(s.ms)} | ${Math.round(s.records / (s.ms / 1000)).toLocaleString('en')} ` +
            `| — | ${s.rssMB} MB |`,
        );
        md.push(
          `| build${validate ? ' (map + dumps + SHACL)' : ' (no validation)'} ` +
            `→ ${b.triples.toLocaleString('en')} triples, nt.gz ${(gz / 1e6).toFixed(1)} ` +
            `MB (${(gz / b.triples).toFixed(1)} B/triple), warnings ${b.warnings}, ` +
            `conforms ${b.conforms} | ${fmt(b.ms)} | ${Math.round(b.records / (b.ms / 1000)).toLocaleString('en')} ` +
            `| ${Math.round(b.triples / (b.ms / 1000)).toLocaleString('en')} ` +
            `| ${b.rssMB} MB |`,
        );
      }
      if (ox) {
        const bpt = (ox.rssDeltaMB * 1048576) / ox.triples;
        const perSecond = Math.round(ox.triples / (ox.ms / 1000)).toLocaleString('en');
        md.push(
          `| one oxigraph store, raw load | ${fmt(ox.ms)} | — | ${perSecond} ` +
            `| ${ox.rssMB} MB (+${ox.rssDeltaMB} MB ≈ ${bpt.toFixed(0)} B/triple ` +
            `→ 4 GiB ≈ ${((4 * 2 ** 30) / bpt / 1e6).toFixed(1)}M triples) ` +
            `|`,
        );
      }
      md.push('');

      const queries = await querySet(snap, only);
      const results: EngineResult[] = [];
      for (const engine of engines) {
        if (engine === 'comunica' && scale > comunicaMax) {
          results.push({
            engine,
            loadMs: NaN,
            triples: 0,
            rssMB: 0,
            timings: [],
            note: `skipped above F = ${comunicaMax} (N3.Store needs ~900 B/triple of heap)`,
          });
          continue;
        }
        console.error(`[F=${scale}] ${engine}`);
        const arg: Record<string, unknown> = { engine, dump, outDir: out, queries, runs, budgetMs };
        if (engine === 'virtuoso') {
          if (!virtuoso) {
            const isqlPort = await freePort();
            const httpPort = await freePort();
            const text = execFileSync(
              join(ROOT, 'scripts/virtuoso/start.sh'),
              ['--isql-port', String(isqlPort), '--http-port', String(httpPort), '--dump-dir', work],
              {
                encoding: 'utf8',
                stdio: ['ignore', 'pipe', 'inherit'],
                env: { ...process.env, VIRTUOSO_BUFFERS: virtuosoBuffers(scales) },
              },
            );
            const printed = (re: RegExp) => {
              const value = re.exec(text)?.[1];
              if (!value) throw new Error(`scripts/virtuoso/start.sh printed no ${re.source}`);
              return value;
            };
            virtuoso = { db: printed(/VIRTUOSO_DB=(\S+)/), endpoint: printed(/SPARQL_ENDPOINT=(\S+)/), isqlPort };
          }
          const virtuosoPid = Number(readFileSync(join(virtuoso.db, 'virtuoso.pid'), 'utf8').trim());
          Object.assign(arg, {
            isqlPort: virtuoso.isqlPort,
            endpoint: virtuoso.endpoint,
            loaded: virtuoso.loaded,
            virtuosoPid,
          });
        }
        let r: EngineResult;
        try {
          r = await runChild('engine', arg, engine === 'comunica' ? comunicaHeapMB : 4096);
        } catch (e) {
          // One engine failing (e.g. out of memory while loading) costs that engine's row, not the whole run.
          console.error(`[F=${scale}] ${engine}: ${(e as Error).message}`);
          results.push({
            engine,
            loadMs: NaN,
            triples: 0,
            rssMB: 0,
            timings: [],
            note: `failed: ${(e as Error).message.slice(0, 200)}`,
          });
          continue;
        }
        // JSON turns NaN (no timed run) into null.
        for (const t of r.timings)
          for (const k of ['p50', 'p95', 'cpu50'] as const) if (typeof t[k] !== 'number') t[k] = NaN;
        if (engine === 'virtuoso') {
          const pid = readFileSync(join(virtuoso!.db, 'virtuoso.pid'), 'utf8').trim();
          const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          r.rssMB = hwm ? Math.round(Number(hwm[1]) / 1024) : NaN;
        }
        results.push(r);
      }
      raw[String(scale)] = { synth: s, build: b, oxigraphRaw: ox, engines: results, queries };
      md.push('| engine | load | triples | peak RSS |', '|---|---|---|---|');
      for (const r of results)
        md.push(
          `| ${r.engine} | ${r.note ? tableCell(r.note) : fmt(r.loadMs)} ` +
            `| ${r.triples ? r.triples.toLocaleString('en') : '—'} | ${r.rssMB ? r.rssMB + ' MB' : '—'} ` +
            `|`,
        );
      md.push('');
      const ran = results.filter((r) => r.timings.length);
      const base = ran.find((r) => r.engine === 'oxigraph');
      md.push(
        `| query | ${ran.map((r) => `${r.engine} p50 / p95 (runs, rows; store CPU p50)`).join(' | ')} | ${ran
          .filter((r) => r !== base)
          .map((r) => `${r.engine} / oxigraph (p50)`)
          .join(' | ')} |`,
      );
      md.push(
        `|---|${ran.map(() => '---').join('|')}|${ran
          .filter((r) => r !== base)
          .map(() => '---')
          .join('|')}|`,
      );
      for (let i = 0; i < queries.length; i++) {
        const cells = ran.map((r) => {
          const t = r.timings[i];
          if (!t) return 'not run';
          return t.error && !t.runs
            ? `error: ${tableCell(t.error)}`
            : `${fmt(t.p50)} / ${fmt(t.p95)} (${t.runs}, ${t.rows}; CPU ${fmt(t.cpu50 ?? NaN)})`;
        });
        const ratios = base
          ? ran
              .filter((r) => r !== base)
              .map((r) => {
                const t = r.timings[i];
                if (!t) return '—';
                const ref = base.timings[i]?.p50 ?? NaN;
                if (!t.runs && t.error?.includes('budget')) return `> ${ratio(budgetMs / ref)}`;
                return Number.isFinite(t.p50 / ref) ? ratio(t.p50 / ref) : '—';
              })
          : [];
        md.push(`| ${queries[i]!.name} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
      }
      md.push('');
      console.error(md.slice(-queries.length - 8).join('\n'));
    }
  } finally {
    if (virtuoso && !virtuoso.loaded)
      execFileSync(join(ROOT, 'scripts/virtuoso/stop.sh'), ['--db', virtuoso.db, '--remove'], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
  }
  md.push(
    `Total wall time: ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s; load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}.`,
    '',
  );
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${values.name}-${started.toISOString().slice(0, 10)}-F${scales.join('_')}.md`);
  writeFileSync(file, md.join('\n'));
  writeFileSync(file.replace(/\.md$/, '.json'), JSON.stringify(raw, null, 2));
  console.log(md.join('\n'));
  console.error(`wrote ${file}`);
}

const childIdx = process.argv.indexOf('--child');
if (childIdx >= 0) {
  child(process.argv[childIdx + 1] ?? '', JSON.parse(process.argv[childIdx + 2] ?? '{}'))
    .then((r) => {
      process.stdout.write(JSON.stringify(r) + '\n');
      process.exit(0);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
} else if (process.argv[1] !== undefined && resolve(process.argv[1]) === SELF) {
  // run as a script, not imported (bench/wasm-compiler.ts imports benchParameters)
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
