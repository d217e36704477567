// **bench/eval-real** evaluates the canned queries on real Hub data and on synthetic graphs: it builds each real
// corpus (DATA/<corpus>/*.jsonl.gz, gunzipped into a snapshot directory) and `synth --scale F` snapshots, runs
// `huggingkg eval` on each build, keeps each report as WORK/report-<corpus>-s<seed>.json, and writes
// bench/eval-real.md from every report in WORK: one table per corpus × seed × task, each method's scores with case
// counts and 95% intervals, under the corpus's notes from bench/eval-real-notes/<corpus>.md. --families N evaluates
// each lineage family of a corpus alone instead (src/eval/families.ts splits the snapshot; each family with at least N
// tasked models is built and evaluated as a corpus of its own), as a proxy for lineage trees the project has never
// seen: WORK/families-<corpus>-s<seed>.json, rendered as one table under the corpus.
// Usage: see USAGE (`node dist/bench/eval-real.js --help`). --tasks re-runs only these tasks and keeps the other tasks'
// results of WORK/report-<corpus>-s<seed>.json as they were (so that a change to one query re-runs its rows, not the
// whole table).

import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { tmpdir } from 'node:os';
import { build } from '../src/build/build.js';
import { runEval } from '../src/eval/eval.js';
import { TASK_NAMES, type TaskName } from '../src/eval/common.js';
import { splitSnapshot } from '../src/eval/families.js';
import {
  fittedWeights,
  INTERVALS_NOTE,
  machine,
  scoreTable,
  withInterval,
  type EvalReport,
} from '../src/eval/report.js';
import { synthesize } from '../src/synth/hubscale.js';
import { ROOT } from '../src/paths.js';
import { integerArg, parseBenchArgs, usageError } from './args.js';

const REAL = ['model-trees', 'models-2022', 'datasets-2023'];
const SYNTH = ['synth-0.01', 'synth-0.1'];
/** Hand-written notes per corpus (bench/eval-real-notes/<corpus>.md), placed under its heading. */
const NOTES_DIR = join(ROOT, 'bench', 'eval-real-notes');
const TITLES = {
  rec: 'recommendation (recommend-items)',
  cls: 'task classification (classify-task)',
  trace: 'lineage tracing (predict-base-model)',
} as const;

/** What `--help` prints: the options read below, with their defaults. */
const USAGE = `usage: node dist/bench/eval-real.js [options]

Builds each corpus (validation off), runs \`huggingkg eval\` on it, keeps each report as
WORK/report-<corpus>-s<seed>.json and writes bench/eval-real.md from every report in WORK (each corpus under its notes
from bench/eval-real-notes/<corpus>.md). All corpora take tens of minutes.

options:
  --data DIR        the folder holding the real corpora ${REAL.join(', ')}
                    (default ../shared/data/real beside the repository)
  --work DIR        snapshots, builds and reports (default <tmp>/hkg-eval-real)
  --only C,C...     the corpora to evaluate, of ${[...REAL, ...SYNTH].join(', ')}
                    (default all)
  --seed N          the evaluation's seed (default 1)
  --max-cases N     test cases per task (default 300)
  --tasks T,T...    run only these tasks, of ${TASK_NAMES.join(', ')}, and keep the other tasks' results of the
                    corpus's earlier report (default: all tasks)
  --families N      instead of each whole corpus, evaluate each of its lineage families (connected components of
                    its base_model edges) that holds at least N tasked models alone, built as a corpus of its own;
                    report WORK/families-<corpus>-s<seed>.json, one table under the corpus in bench/eval-real.md
  --reuse           evaluate an existing WORK/out-<corpus> (with --families: WORK/snap-<corpus> and the families'
                    builds) instead of rebuilding it
  --render-only     only rewrite bench/eval-real.md from the reports in WORK
  -h, --help        print this and exit`;

/** A real corpus as a snapshot directory: its .jsonl.gz files gunzipped (plain .jsonl files copied as they are). */
async function realSnapshot(data: string, corpus: string, dir: string): Promise<void> {
  const from = join(data, corpus);
  if (!existsSync(from))
    throw new Error(`no corpus ${corpus} at ${from} (--data names the folder holding ${REAL.join(', ')})`);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(from)) {
    if (f.endsWith('.jsonl.gz'))
      await pipeline(createReadStream(join(from, f)), createGunzip(), createWriteStream(join(dir, f.slice(0, -3))));
    else if (f.endsWith('.jsonl')) await pipeline(createReadStream(join(from, f)), createWriteStream(join(dir, f)));
  }
}

/** What one evaluated corpus or family keeps: its build and eval times and the eval's report. */
interface Run {
  buildMs: number;
  evalMs: number;
  report: EvalReport;
}

/** A lineage family of a corpus (src/eval/families.ts) and, if it had enough tasked models, its run. */
interface FamilyRun extends Partial<Run> {
  root: string;
  records: number;
  tasked: number;
}

/** WORK/families-<corpus>-s<seed>.json: every family of the corpus, largest first, those evaluated with their run. */
interface FamiliesRecord {
  corpus: string;
  seed: number;
  minTasked: number;
  families: FamilyRun[];
}

interface RunOptions {
  data: string;
  work: string;
  seed: number;
  maxCases: number;
  reuse: boolean;
  tasks?: TaskName[];
}

/** The corpus as a snapshot directory: a real one gunzipped from DATA, a synthetic one generated. */
async function corpusSnapshot(corpus: string, data: string, snap: string): Promise<void> {
  if (corpus.startsWith('synth-')) await synthesize({ scale: Number(corpus.slice(6)), seed: 1, out: snap });
  else await realSnapshot(data, corpus, snap);
}

/** Builds the snapshot `makeSnapshot` returns into `out` (unless --reuse finds a build there) and evaluates it. */
async function buildAndEval(
  name: string,
  makeSnapshot: () => Promise<string>,
  out: string,
  o: RunOptions,
): Promise<Run> {
  const started = Date.now();
  if (!(o.reuse && existsSync(join(out, 'huggingkg.nt.gz'))))
    await build({ snapshot: await makeSnapshot(), out, validate: false, progress: false });
  const built = Date.now();
  const report = await runEval({
    from: out,
    seed: o.seed,
    maxCases: o.maxCases,
    tasks: o.tasks,
    onProgress: (m) => process.stderr.write(`${name}: ${m}\n`),
  });
  const run = { buildMs: built - started, evalMs: Date.now() - built, report };
  process.stderr.write(
    `${name}: built in ${(run.buildMs / 1000).toFixed(0)} s, evaluated in ${(run.evalMs / 1000).toFixed(0)} s\n`,
  );
  return run;
}

/**
 * `run`, which ran only `tasks`, with the other tasks of `before` (the earlier run of the same corpus or family) kept
 * as they were, in their order; the date becomes this run's, and the eval time is the kept tasks' plus this run's.
 */
function withKeptTasks<R extends Run>(run: R, before: R | undefined, tasks: TaskName[] | undefined): R {
  if (!tasks || !before) return run;
  const kept = before.report.tasks.filter((t) => !tasks.includes(t.task));
  const merged = [...kept, ...run.report.tasks].sort((a, b) => TASK_NAMES.indexOf(a.task) - TASK_NAMES.indexOf(b.task));
  const keptMs = kept.reduce((sum, t) => sum + t.timing.totalMs, 0);
  return { ...before, evalMs: keptMs + run.evalMs, report: { ...run.report, tasks: merged } };
}

async function evaluate(corpus: string, o: RunOptions): Promise<void> {
  const snap = join(o.work, `snap-${corpus}`);
  const run = await buildAndEval(
    corpus,
    async () => {
      await corpusSnapshot(corpus, o.data, snap);
      return snap;
    },
    join(o.work, `out-${corpus}`),
    o,
  );
  const file = join(o.work, `report-${corpus}-s${o.seed}.json`);
  const before =
    o.tasks && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Run & { corpus: string }) : undefined;
  writeFileSync(file, JSON.stringify(withKeptTasks({ corpus, ...run }, before, o.tasks), null, 2) + '\n');
}

/**
 * --families: splits the corpus into its lineage families and builds and evaluates each family with at least
 * `minTasked` tasked models alone, as a corpus of its own (WORK/families-<corpus>/snap|out/<rank>); writes
 * WORK/families-<corpus>-s<seed>.json.
 */
async function evaluateFamilies(corpus: string, minTasked: number, o: RunOptions): Promise<void> {
  const snap = join(o.work, `snap-${corpus}`);
  if (!(o.reuse && existsSync(snap))) await corpusSnapshot(corpus, o.data, snap);
  const dir = join(o.work, `families-${corpus}`);
  const splits = await splitSnapshot(snap, join(dir, 'snap'), minTasked);
  const evaluated = splits.filter((f) => f.snapshot).length;
  process.stderr.write(
    `${corpus}: ${splits.length} lineage families, ${evaluated} with >= ${minTasked} tasked models\n`,
  );
  const file = join(o.work, `families-${corpus}-s${o.seed}.json`);
  const before = o.tasks && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FamiliesRecord) : undefined;
  const families: FamilyRun[] = [];
  for (const [i, { snapshot, ...family }] of splits.entries()) {
    if (snapshot === undefined) {
      families.push(family);
      continue;
    }
    const run = await buildAndEval(`${corpus} ${family.root}`, async () => snapshot, join(dir, 'out', `${i + 1}`), o);
    const earlier = before?.families.find(
      (f): f is FamilyRun & Run => f.root === family.root && f.report !== undefined,
    );
    families.push(withKeptTasks({ ...family, ...run }, earlier, o.tasks));
  }
  const record: FamiliesRecord = { corpus, seed: o.seed, minTasked, families };
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
}

function render(work: string): string {
  const m = machine();
  const out: string[] = [
    '# Canned queries on real Hub data and synthetic graphs',
    '',
    `Made by \`node dist/bench/eval-real.js\` (bench/eval-real.ts): ` +
      `each corpus is built with the real build (validation off) and`,
    'evaluated with `huggingkg eval` (src/eval/): every task holds ' +
      'out its edges, loads the rest into the embedded store and',
    'runs the canned query per test case. Real corpora: ../shared/data/real ' +
      'beside the repository (see its README.md); synthetic: `synth ' +
      '--scale F',
    "--seed 1` (likes follow user taste: 80% of an item's likers " +
      'are users of its topic, see src/synth/hubscale-taste.ts; the ' +
      'real',
    'corpora hold no likes). Baselines: popularity (most frequent task / most-liked items / most-derived base),',
    'a stronger simple one per task (kNN by shared tags for classification, ' +
      'cosine item-CF for recommendation), and random.',
    `${INTERVALS_NOTE}`,
    '',
    `Machine at rendering: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} ` +
      `GiB, Node ${m.node}; timings are wall clock on a machine shared ` +
      `with other work.`,
    '',
  ];
  for (const corpus of [...REAL, ...SYNTH]) {
    // one report per seed (report-<corpus>-s<seed>.json; report-<corpus>.json from before seeds were named)
    const files = readdirSync(work)
      .filter((f) => f === `report-${corpus}.json` || (f.startsWith(`report-${corpus}-s`) && f.endsWith('.json')))
      .sort();
    out.push(`## ${corpus}`, '');
    // what the tables cannot say (why a bound is out of reach, what the errors are) lives beside the script, so a
    // re-render keeps it
    const notes = join(NOTES_DIR, `${corpus}.md`);
    if (existsSync(notes)) out.push(readFileSync(notes, 'utf8').trim(), '');
    const familyFiles = readdirSync(work)
      .filter((f) => f.startsWith(`families-${corpus}-s`) && f.endsWith('.json'))
      .sort();
    if (files.length + familyFiles.length === 0) out.push('Not run.', '');
    for (const file of files) {
      const { report, buildMs, evalMs } = JSON.parse(readFileSync(join(work, file), 'utf8')) as {
        report: EvalReport;
        buildMs: number;
        evalMs: number;
      };
      out.push(
        `### seed ${report.seed}`,
        '',
        `${report.graph.triples.toLocaleString('en-US')} triples; run ` +
          `${report.date} (build ${(buildMs / 1000).toFixed(0)} s, eval ` +
          `${(evalMs / 1000).toFixed(0)} s).`,
        '',
      );
      for (const t of report.tasks) {
        out.push(
          `#### ${TITLES[t.task]}, seed ${report.seed}`,
          '',
          `${t.protocol}. ${t.cases} test cases; ${t.hiddenTriples} triples ` +
            `held out. Query p50 ${t.timing.queryMsP50} ms.`,
          '',
        );
        out.push(...scoreTable(t));
        if (t.fitted)
          out.push(
            '',
            `Weights fitted on a validation split of the training edges ` +
              `(${t.fitted.validationCases} cases): ${fittedWeights(t.fitted)}.`,
          );
        out.push('');
      }
    }
    for (const file of familyFiles)
      out.push(...familiesSection(JSON.parse(readFileSync(join(work, file), 'utf8')) as FamiliesRecord));
  }
  return out.join('\n');
}

/** The columns of the families table: task, method, metric, heading. */
const FAMILY_COLUMNS: Array<[TaskName, string, string, string]> = [
  ['cls', 'query', 'micro-F1', 'classify-task micro-F1'],
  ['cls', 'popularity', 'micro-F1', 'popularity'],
  ['cls', 'kNN-by-tags', 'micro-F1', 'kNN-by-tags'],
  ['trace', 'query', 'MRR', 'predict-base-model MRR'],
  ['trace', 'most-derived', 'MRR', 'most-derived'],
  ['trace', 'stem, else most-derived', 'MRR', 'stem, else most-derived'],
];

/** A corpus's --families run: one row per family evaluated, the canned queries' scores against their baselines. */
function familiesSection(r: FamiliesRecord): string[] {
  const ran = r.families.filter((f): f is FamilyRun & Run => f.report !== undefined);
  const left = r.families.filter((f) => f.report === undefined);
  const count = (n: number) => n.toLocaleString('en-US');
  const total = (fs: FamilyRun[], k: 'records' | 'tasked' | 'buildMs' | 'evalMs') =>
    fs.reduce((sum, f) => sum + (f[k] ?? 0), 0);
  const last =
    ran
      .map((f) => f.report.date)
      .sort()
      .at(-1) ?? 'never';
  const rows = ran.map((f) => {
    const task = (name: TaskName) => f.report.tasks.find((t) => t.task === name);
    const cells = FAMILY_COLUMNS.map(([name, method, metric]) => {
      const value = task(name)?.methods[method]?.[metric];
      if (value === undefined) return '-';
      // the canned query's interval says how far a family's few test cases carry
      return method === 'query' ? withInterval(value, task(name)?.intervals?.query?.[metric]) : value.toFixed(4);
    });
    const cases = `${task('cls')?.cases ?? 0} / ${task('trace')?.cases ?? 0}`;
    return `| ${f.root} | ${count(f.records)} | ${count(f.tasked)} | ${cases} | ${cells.join(' | ')} |`;
  });
  return [
    `### lineage families, seed ${r.seed}`,
    '',
    `\`--families ${r.minTasked}\`: the corpus split into its ${r.families.length} lineage families (connected ` +
      'components of its lineage edges as the',
    'mapper reads them, bases missing from the corpus included; src/eval/families.ts). Each family with at least ' +
      `${r.minTasked} tasked`,
    'models (records with a pipeline tag) was built and evaluated alone, as a corpus of its own (its models only), ' +
      'with the',
    `protocol above; the other ${left.length} families (${count(total(left, 'records'))} records, ` +
      `${count(total(left, 'tasked'))} tasked) were not. A family is named by its root with the`,
    'most models derived from it directly. Test cases: classify-task / predict-base-model; in brackets the canned ' +
      "query's 95%",
    `interval. Last run ${last} (builds ${(total(ran, 'buildMs') / 1000).toFixed(0)} s, evals ` +
      `${(total(ran, 'evalMs') / 1000).toFixed(0)} s).`,
    '',
    `| family root | records | tasked | test cases cls / trace | ${FAMILY_COLUMNS.map((c) => c[3]).join(' | ')} |`,
    `|---|---:|---:|---:|${FAMILY_COLUMNS.map(() => '---:').join('|')}|`,
    ...rows,
    '',
  ];
}

const { values } = parseBenchArgs(USAGE, {
  data: { type: 'string', default: join(ROOT, '..', 'shared', 'data', 'real') },
  work: { type: 'string', default: join(tmpdir(), 'hkg-eval-real') },
  seed: { type: 'string', default: '1' },
  'max-cases': { type: 'string', default: '300' },
  only: { type: 'string', default: [...REAL, ...SYNTH].join(',') },
  tasks: { type: 'string', default: '' },
  reuse: { type: 'boolean', default: false },
  'render-only': { type: 'boolean', default: false },
  families: { type: 'string' },
});
const data = resolve(values.data);
const work = resolve(values.work);
const seed = integerArg(USAGE, '--seed', values.seed, { min: 0 });
const maxCases = integerArg(USAGE, '--max-cases', values['max-cases']);
const minTasked = values.families === undefined ? undefined : integerArg(USAGE, '--families', values.families);
const only = values.only.split(',');
const tasks = values.tasks ? values.tasks.split(',').map((t) => t as TaskName) : undefined;
// checked before any corpus is built, not when its turn comes
for (const t of tasks ?? [])
  if (!TASK_NAMES.includes(t)) usageError(USAGE, `--tasks ${t}: one of ${TASK_NAMES.join(', ')}`);
if (!values['render-only'])
  for (const corpus of only)
    if (!REAL.includes(corpus) && !SYNTH.includes(corpus))
      usageError(USAGE, `--only ${corpus}: one of ${[...REAL, ...SYNTH].join(', ')}`);
mkdirSync(work, { recursive: true });
if (!values['render-only']) {
  const o: RunOptions = { data, work, seed, maxCases, reuse: values.reuse, tasks };
  for (const corpus of only)
    if (minTasked === undefined) await evaluate(corpus, o);
    else await evaluateFamilies(corpus, minTasked, o);
}
writeFileSync(join(ROOT, 'bench', 'eval-real.md'), render(work));
process.stderr.write(`wrote bench/eval-real.md from the reports in ${work}\n`);
