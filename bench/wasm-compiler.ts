// **wasm-compiler bench** (not a test): how V8's WebAssembly compiler settings change the embedded store's query times,
// to check the `--no-liftoff` that src/store/embedded.ts sets. Each mode runs in its own process, the modes alternate
// over rounds, and every process loads the same dump and runs the same canned queries: first run, median of runs 2–21
// (what the scale bench's "one warm-up, then 20 runs" measures) and median of the last 10 runs.
// Usage: see USAGE (`node dist/bench/wasm-compiler.js --help`). Parameters come from the snapshot the way
// bench/scale.ts picks them (the first fine-tuned -NNN model, the first liker, model 0 as the most derived-from).
// Each mode's process is this file with `--child JSON` (internal).

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { ROOT } from '../src/paths.js';
import { integerArg, parseBenchArgs, usageError } from './args.js';
import { median } from './measure.js';

const SELF = fileURLToPath(import.meta.url);

/** What `--help` prints: the options main() reads, with their defaults. */
const USAGE = `usage: node dist/bench/wasm-compiler.js --dump FILE --snapshot DIR [options]

Times the canned queries in the embedded store under three V8 WebAssembly compiler settings (Liftoff first, no
Liftoff + warm-up as src/store/embedded.ts sets, Liftoff with sooner tier-up), each mode in its own process, the modes
alternating over rounds: first run, median of runs 2–21 and of the last 10. Prints a markdown table and writes it to
bench/results/<name>-<date>.md.

options:
  --dump FILE       a build's N-Triples dump, e.g. OUT/huggingkg.nt.gz (required)
  --snapshot DIR    the snapshot it was built from, for the queries' parameters (required)
  --rounds N        rounds, each running every mode once (default 2)
  --name NAME       the result file's name prefix (default wasm-compiler)
  -h, --help        print this and exit`;

/** Modes: V8 flags set after src/store/embedded.ts has set its own, before any worker compiles oxigraph. */
const MODES: Record<string, string | undefined> = {
  'default (Liftoff first, dynamic tier-up)': '--liftoff',
  'no Liftoff + warm-up (what embedded.ts sets)': undefined,
  'Liftoff, tier-up 18× sooner': '--liftoff --wasm-tiering-budget=100000',
};

interface Case {
  name: string;
  params: Record<string, string>;
  runs: number;
}
interface Timing {
  name: string;
  first: number;
  warm: number;
  last: number;
}

async function child(mode: string, dump: string, cases: Case[]): Promise<{ loadMs: number; timings: Timing[] }> {
  const { openEmbeddedStore } = await import('../src/store/embedded.js');
  const { runQuery } = await import('../src/queries/registry.js');
  const flags = MODES[mode];
  if (flags) setFlagsFromString(flags);
  const store = await openEmbeddedStore({ files: [dump], workers: 1, maxResults: 100_000 });
  const timings: Timing[] = [];
  for (const c of cases) {
    const times: number[] = [];
    for (let i = 0; i < c.runs; i++) {
      const started = performance.now();
      await runQuery(store, c.name, c.params);
      times.push(performance.now() - started);
    }
    timings.push({
      name: c.name,
      first: times[0] ?? NaN,
      warm: median(times.slice(1, 21)),
      last: median(times.slice(-10)),
    });
  }
  await store.close();
  return { loadMs: store.loadMs, timings };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { values } = parseBenchArgs(USAGE, {
    dump: { type: 'string' },
    snapshot: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    name: { type: 'string', default: 'wasm-compiler' },
  });
  const { dump, snapshot } = values;
  if (dump === undefined) usageError(USAGE, '--dump is required');
  if (snapshot === undefined) usageError(USAGE, '--snapshot is required');
  const rounds = integerArg(USAGE, '--rounds', values.rounds);
  const { benchParameters } = await import('./scale.js');
  const p = await benchParameters(snapshot);
  const cases: Case[] = [
    { name: 'predict-base-model', params: { model: p.derived }, runs: 40 },
    { name: 'classify-task', params: { entity: p.derived }, runs: 40 },
    { name: 'recommend-items', params: { user: p.liker, kind: 'model' }, runs: 40 },
    { name: 'related-items', params: { entity: p.derived }, runs: 40 },
    { name: 'lineage-descendants', params: { model: p.top, k: '100' }, runs: 30 },
    { name: 'most-followed-organizations', params: {}, runs: 25 },
  ];
  const started = new Date();
  const results: Record<string, Array<{ loadMs: number; timings: Timing[] }>> = {};
  for (let round = 0; round < rounds; round++) {
    for (const mode of Object.keys(MODES)) {
      console.error(`round ${round + 1}: ${mode}`);
      const r = spawnSync(process.execPath, [SELF, '--child', JSON.stringify({ mode, dump, cases })], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (r.status !== 0) throw new Error(`${mode} failed (exit ${r.status})`);
      (results[mode] ??= []).push(JSON.parse(r.stdout.trim().split('\n').pop()!));
    }
  }
  const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)}`;
  const md = [
    `# WebAssembly compiler settings and embedded query times — ${started.toISOString().slice(0, 10)}`,
    '',
    `Machine: ${hostname()}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}.`,
    `Command: \`node dist/bench/wasm-compiler.js ${args.join(' ')}\`. ` +
      `${rounds} rounds; each cell lists the rounds' values in ms.`,
    'first = run 1 after loading; runs 2–21 = median of runs 2–21; last 10 = median of the last 10 runs.',
    '',
    `| query | ${Object.keys(MODES)
      .map((m) => `${m}: first / runs 2–21 / last 10`)
      .join(' | ')} |`,
    `|---|${Object.keys(MODES)
      .map(() => '---')
      .join('|')}|`,
  ];
  for (const [i, c] of cases.entries()) {
    const cells = Object.keys(MODES).map((mode) =>
      (results[mode] ?? [])
        .map((r) => {
          const t = r.timings[i];
          return t ? `${ms(t.first)} / ${ms(t.warm)} / ${ms(t.last)}` : 'not run';
        })
        .join('; '),
    );
    md.push(`| ${c.name} | ${cells.join(' | ')} |`);
  }
  md.push(
    `| load | ${Object.keys(MODES)
      .map((mode) => (results[mode] ?? []).map((r) => `${(r.loadMs / 1000).toFixed(1)} s`).join('; '))
      .join(' | ')} |`,
  );
  md.push(
    '',
    `Load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}.`,
    '',
  );
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${values.name}-${started.toISOString().slice(0, 10)}.md`);
  writeFileSync(file, md.join('\n'));
  console.log(md.join('\n'));
  console.error(`wrote ${file}`);
}

const childIdx = process.argv.indexOf('--child');
if (childIdx >= 0) {
  const { mode, dump, cases } = JSON.parse(process.argv[childIdx + 1] ?? '{}') as {
    mode: string;
    dump: string;
    cases: Case[];
  };
  child(mode, dump, cases).then(
    (r) => {
      process.stdout.write(JSON.stringify(r) + '\n');
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
