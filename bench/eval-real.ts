// **bench/eval-real** evaluates the canned queries on real Hub data and on synthetic graphs: it builds each real
// corpus (DATA/<corpus>/*.jsonl.gz, gunzipped into a snapshot directory) and `synth --scale F` snapshots, runs
// `huggingkg eval` on each build, keeps each report as WORK/report-<corpus>-s<seed>.json, and writes
// bench/eval-real.md from every report in WORK: one table per corpus × seed × task, each method's scores with case
// counts and 95% intervals, under the corpus's notes from bench/eval-real-notes/<corpus>.md.
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
import { fittedWeights, INTERVALS_NOTE, machine, scoreTable, type EvalReport } from '../src/eval/report.js';
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
  --reuse           evaluate an existing WORK/out-<corpus> instead of rebuilding it
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

async function evaluate(
  corpus: string,
  data: string,
  work: string,
  seed: number,
  maxCases: number,
  reuse: boolean,
  tasks?: TaskName[],
): Promise<void> {
  const snap = join(work, `snap-${corpus}`);
  const out = join(work, `out-${corpus}`);
  const started = Date.now();
  if (!(reuse && existsSync(join(out, 'huggingkg.nt.gz')))) {
    if (corpus.startsWith('synth-')) await synthesize({ scale: Number(corpus.slice(6)), seed: 1, out: snap });
    else await realSnapshot(data, corpus, snap);
    await build({ snapshot: snap, out, validate: false, progress: false });
  }
  const built = Date.now();
  const report = await runEval({
    from: out,
    seed,
    maxCases,
    tasks,
    onProgress: (m) => process.stderr.write(`${corpus}: ${m}\n`),
  });
  const file = join(work, `report-${corpus}-s${seed}.json`);
  let record = { corpus, buildMs: built - started, evalMs: Date.now() - built, report };
  if (tasks && existsSync(file)) {
    // only `tasks` were run: the earlier report keeps its other tasks, in their order; the date becomes this run's, and
    // the eval time is the kept tasks' plus this run's
    const before = JSON.parse(readFileSync(file, 'utf8')) as typeof record;
    const kept = before.report.tasks.filter((t) => !tasks.includes(t.task));
    const merged = [...kept, ...report.tasks].sort((a, b) => TASK_NAMES.indexOf(a.task) - TASK_NAMES.indexOf(b.task));
    const keptMs = kept.reduce((sum, t) => sum + t.timing.totalMs, 0);
    record = { ...before, evalMs: keptMs + record.evalMs, report: { ...report, tasks: merged } };
  }
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  process.stderr.write(
    `${corpus}: built in ${((built - started) / 1000).toFixed(0)} ` +
      `s, evaluated in ${((Date.now() - built) / 1000).toFixed(0)} ` +
      `s\n`,
  );
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
    if (files.length === 0) out.push('Not run.', '');
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
  }
  return out.join('\n');
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
});
const data = resolve(values.data);
const work = resolve(values.work);
const seed = integerArg(USAGE, '--seed', values.seed, { min: 0 });
const maxCases = integerArg(USAGE, '--max-cases', values['max-cases']);
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
  for (const corpus of only) await evaluate(corpus, data, work, seed, maxCases, values.reuse, tasks);
}
writeFileSync(join(ROOT, 'bench', 'eval-real.md'), render(work));
process.stderr.write(`wrote bench/eval-real.md from the reports in ${work}\n`);
