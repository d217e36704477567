// **build bench** (not a test): synthesises HuggingKG-shaped snapshots at given scales, runs `huggingkg build` on each
// in a child process under /usr/bin/time -v, and records triples, mapping and validation time, CPU time and peak RSS.
// Rows accumulate in bench/results/build.json (so a run of older code can be recorded as "before"); the markdown
// table bench/build-results.md is regenerated from all rows, with an extrapolation to F = 1.0 from the largest run.
// Usage: see USAGE (`node dist/bench/build.js --help`).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../src/paths.js';
import { integerArg, parseBenchArgs, usageError } from './args.js';

interface Row {
  label: string;
  date: string;
  commit: string;
  scale: number;
  triples: number;
  mapSeconds: number;
  validateSeconds: number;
  totalSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  workers: string;
  conforms: boolean;
  /** 1-minute load average at the start and the end of the build (other jobs on the machine). */
  load?: string;
}

const RESULTS_JSON = join(ROOT, 'bench', 'results', 'build.json');
const RESULTS_MD = join(ROOT, 'bench', 'build-results.md');
const TARGET_SECONDS = 15 * 60;

/** What `--help` prints: the options main() reads, with their defaults. */
export const USAGE = `usage: node dist/bench/build.js [options]

Synthesises a snapshot at each scale factor, builds it with \`huggingkg build\` under /usr/bin/time -v, adds a row to
bench/results/build.json and rewrites bench/build-results.md from all rows.

options:
  --scales F,F...   scale factors (default 0.01,0.05; 1 = HuggingKG's size, ~42M triples with the statistics)
  --label L         the rows' label (default after)
  --cli FILE        the huggingkg CLI to time (default dist/src/cli.js; another checkout's, to record "before")
  --commit SHA      the commit recorded for the rows (default this checkout's HEAD)
  --workers N       validation workers (default: the build's own)
  --keep            keep each scale's snapshot and build output in <tmp>/hkg-build-bench-F (default: removed), e.g. to
                    load the F = 1.0 build into Virtuoso afterwards
  --render-only     rewrite bench/build-results.md from the recorded rows without running anything
  -h, --help        print this and exit`;

const OPTIONS = {
  scales: { type: 'string', default: '0.01,0.05' },
  label: { type: 'string', default: 'after' },
  cli: { type: 'string', default: join(ROOT, 'dist', 'src', 'cli.js') },
  commit: { type: 'string' },
  workers: { type: 'string' },
  keep: { type: 'boolean', default: false },
  'render-only': { type: 'boolean', default: false },
} as const;

function runOne(
  cli: string,
  scale: number,
  label: string,
  workers: string | undefined,
  commit: string | undefined,
  keep: boolean,
): Row {
  const work = join(tmpdir(), `hkg-build-bench-${scale}`);
  const snapshot = join(work, 'snapshot');
  const out = join(work, 'out');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync(
    process.execPath,
    [join(ROOT, 'dist', 'src', 'cli.js'), 'synth', '--scale', String(scale), '--seed', '1', '--out', snapshot],
    { stdio: 'ignore' },
  );
  const args = [
    process.execPath,
    cli,
    'build',
    '--snapshot',
    snapshot,
    '--out',
    out,
    '--quiet',
    ...(workers !== undefined ? ['--workers', workers] : []),
  ];
  const loadBefore = loadavg()[0]!; // loadavg() gives three numbers
  const started = Date.now();
  const child = spawnSync('/usr/bin/time', ['-v', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (Date.now() - started) / 1000;
  if (child.status !== 0)
    throw new Error(`build at F = ${scale} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const time = child.stderr;
  const field = (re: RegExp) => Number(re.exec(time)?.[1] ?? NaN);
  const report = JSON.parse(readFileSync(join(out, 'build-report.json'), 'utf8')) as {
    triples: number;
    triplesPerSecond: number;
    durationMs: number;
    validation?: { conforms: boolean };
  };
  const mapSeconds = report.triples / report.triplesPerSecond;
  const row: Row = {
    label,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    commit: commit ?? execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    scale,
    triples: report.triples,
    mapSeconds,
    validateSeconds: report.durationMs / 1000 - mapSeconds,
    totalSeconds: wall,
    cpuSeconds: field(/User time \(seconds\): ([\d.]+)/) + field(/System time \(seconds\): ([\d.]+)/),
    peakRssMb: field(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    workers: workers ?? 'default',
    conforms: report.validation?.conforms ?? false,
    load: `${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
  };
  if (keep) console.log(`kept ${snapshot} and ${out}`);
  else rmSync(work, { recursive: true, force: true });
  return row;
}

function table(rows: Row[]): string {
  const lines = [
    '| label | date (UTC) | commit | F | triples | map s | validate ' +
      's | total s (wall) | CPU s | triples/s (total) | peak RSS MB ' +
      '| validate workers | conforms | load avg |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.date} | ${r.commit} | ${r.scale} | ${r.triples.toLocaleString('en')} ` +
        `| ${r.mapSeconds.toFixed(1)} | ${r.validateSeconds.toFixed(1)} ` +
        `| ` +
        `${r.totalSeconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ` +
        `${Math.round(r.triples / r.totalSeconds).toLocaleString('en')} ` +
        `| ${Math.round(r.peakRssMb)} | ${r.workers} | ${r.conforms} ` +
        `| ${r.load ?? '—'} |`,
    );
  }
  return lines.join('\n');
}

/** Linear extrapolation of the largest run of `label` to F = 1.0 (time and CPU scale with triples). */
function extrapolate(rows: Row[], label: string): string {
  const mine = rows.filter((r) => r.label === label).sort((a, b) => b.scale - a.scale);
  const big = mine[0];
  if (!big) return '';
  const k = 1 / big.scale;
  const wall = big.totalSeconds * k;
  const cpu = big.cpuSeconds * k;
  // With both cores to ourselves, wall time is at best CPU time / 2.
  const ideal = cpu / cpus().length;
  const verdict = (s: number) => (s <= TARGET_SECONDS ? 'meets' : 'misses');
  return [
    `From the largest "${label}" run (F = ${big.scale}, ${big.triples.toLocaleString('en')} ` +
      `triples), scaled linearly to F = 1.0 (≈ ${Math.round((big.triples * k) / 1e6)}M ` +
      `triples):`,
    `- wall time as measured on this shared machine: ≈ ${(wall / 60).toFixed(0)} ` +
      `min (${verdict(wall)} the 15-min target);`,
    `- CPU time ≈ ${(cpu / 60).toFixed(0)} min, so ≈ ${(ideal / 60).toFixed(0)} ` +
      `min of wall time with the ${cpus().length} cores to ourselves ` +
      `(${verdict(ideal)} the target);`,
    `- peak RSS: ${Math.round(big.peakRssMb)} MB at F = ${big.scale}; see the notes on memory below for F = 1.0.`,
  ].join('\n');
}

function main(): void {
  // a mistyped option would otherwise start a long run with the defaults (and add its rows to the results)
  const { values } = parseBenchArgs(USAGE, OPTIONS);
  const scales = values.scales.split(',').map(Number);
  if (scales.some((f) => !(f > 0))) usageError(USAGE, `--scales must be positive numbers, got "${values.scales}"`);
  // passed on as text to the build, which would only refuse it after the synth step (0 = validate in the main thread)
  if (values.workers !== undefined) integerArg(USAGE, '--workers', values.workers, { min: 0 });
  const rows: Row[] = existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Row[]) : [];
  // --render-only rewrites the markdown from the recorded rows (e.g. after relabelling them) without running anything.
  for (const scale of values['render-only'] ? [] : scales) {
    const row = runOne(values.cli, scale, values.label, values.workers, values.commit, values.keep);
    console.log(JSON.stringify(row));
    rows.push(row);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(RESULTS_JSON, JSON.stringify(rows, null, 2) + '\n');
  }
  const notes = existsSync(RESULTS_MD) ? (readFileSync(RESULTS_MD, 'utf8').split('<!-- notes -->')[1] ?? '') : '';
  const md = [
    '# Build benchmark: synth + `huggingkg build` (map, dumps, VoID, SHACL validation)',
    '',
    `Produced by \`node dist/bench/build.js\` (bench/build.ts). ` +
      `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ` +
      `shared with other ` +
      'jobs while measuring, so wall times are noisy and CPU times ' +
      'are the steadier measure. "map s" is mapping plus writing the ' +
      'three ' +
      'gzip dumps; "validate s" is everything after (VoID, SHACL validation). ' +
      'Targets (issue 5): F = 1.0 in ≤ 15 min with peak RSS ≤ 2 GB.',
    '',
    table(rows),
    '',
    extrapolate(rows, values.label),
    '',
    '<!-- notes -->' + notes,
  ].join('\n');
  writeFileSync(RESULTS_MD, md.trimEnd() + '\n');
  console.log(`wrote ${RESULTS_MD}`);
}

main();
