// **mapping bench** (not a test): replicates the sample's models (ids renamed) to growing snapshot sizes and maps each
// in a fresh child process, reporting records/s, triples/s and peak RSS, to show throughput and that memory stays flat.
// Usage: see USAGE (`node dist/bench/mapping.js --help`); writes nothing but temp files. Each mapping runs in this file
// as a child process: `--child DIR map|nt` (internal).

import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writer } from 'n3';
import { mapSnapshot } from '../src/mapper/map.js';
import { SAMPLE_SNAPSHOT } from '../src/paths.js';
import { DEFAULT_BASE } from '../src/vocab.js';
import { integerArg, parseBenchArgs } from './args.js';

/** What `--help` prints. */
const USAGE = `usage: node dist/bench/mapping.js [sizes...]

For each size, replicates the sample snapshot's models (data/sample, ids renamed) to that many records and maps them
in a fresh child process (the last size a second time with N-Triples serialisation), printing a markdown table:
records/s, triples/s, CPU time, peak RSS, RSS after warm-up, ids held and heap after GC. Writes nothing but temporary
files.

arguments:
  sizes             snapshot sizes in model records (default 10000 30000 100000)

options:
  -h, --help        print this and exit`;

/** Writes models.jsonl with `n` records: replica k of sample model `owner/name` becomes `owner-r{k}/name`. */
async function makeSnapshot(n: number): Promise<{ dir: string; bytes: number }> {
  const models = readFileSync(join(SAMPLE_SNAPSHOT, 'models.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const dir = mkdtempSync(join(tmpdir(), 'hkg-bench-'));
  const out = createWriteStream(join(dir, 'models.jsonl'));
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const m = models[i % models.length];
    const k = Math.floor(i / models.length);
    const slash = m.id.indexOf('/');
    const owner = slash < 0 ? m.id : m.id.slice(0, slash);
    const id = slash < 0 ? `${owner}-r${k}` : `${owner}-r${k}${m.id.slice(slash)}`;
    const line = JSON.stringify({ ...m, id, modelId: id, author: `${owner}-r${k}` }) + '\n';
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  return { dir, bytes };
}

/** Child: map one snapshot, optionally serialising N-Triples too, and report counts, time and RSS samples. */
async function child(dir: string, serialise: boolean): Promise<void> {
  const rss: number[] = [];
  const timer = setInterval(() => rss.push(process.memoryUsage().rss), 250);
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const run = mapSnapshot(dir, { base: DEFAULT_BASE });
  const w = new Writer({ format: 'N-Triples' });
  let triples = 0;
  let chars = 0;
  for await (const q of run.quads) {
    triples++;
    if (serialise) chars += w.quadToString(q.subject, q.predicate, q.object).length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(timer);
  const mid = rss.length > 4 ? rss.slice(Math.floor(rss.length / 4)) : rss;
  // What stays after a full GC is what the run holds on to: the id sets (described + dangling) and caches.
  (globalThis as { gc?: () => void }).gc?.();
  const heapAfterGcMB = process.memoryUsage().heapUsed / 2 ** 20;
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const ids = sum(run.stats.entities) + sum(run.stats.dangling);
  process.stdout.write(
    JSON.stringify({
      records: run.stats.records['models.jsonl'],
      triples,
      seconds,
      cpuSeconds,
      chars,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      heapAfterGcMB,
      ids,
      rssMinMB: Math.min(...mid) / 2 ** 20,
      rssMaxMB: Math.max(...mid) / 2 ** 20,
    }),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    if (!args[1]) throw new Error('--child needs a snapshot file');
    return child(args[1], args[2] === 'nt');
  }
  const sizeArgs = parseBenchArgs(USAGE, {}, { positionals: true, args }).positionals;
  const sizes = sizeArgs.length > 0 ? sizeArgs.map((n) => integerArg(USAGE, 'a size', n)) : [10_000, 30_000, 100_000];
  const self = fileURLToPath(import.meta.url);
  const rows: string[] = [];
  for (const n of sizes) {
    const { dir, bytes } = await makeSnapshot(n);
    for (const mode of ['map', 'nt'] as const) {
      if (mode === 'nt' && n !== sizes[sizes.length - 1]) continue;
      const r = JSON.parse(
        execFileSync(process.execPath, ['--expose-gc', self, '--child', dir, mode], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        }),
      );
      const row =
        `| ${n.toLocaleString('en')} | ${(bytes / 2 ** 20).toFixed(0)} ` +
        `MiB | ${mode === 'nt' ? 'map + N-Triples' : 'map'} | ${r.triples.toLocaleString('en')} ` +
        `| ${r.seconds.toFixed(1)} s | ${r.cpuSeconds.toFixed(1)} s | ` +
        `${Math.round(r.records / r.seconds).toLocaleString('en')} | ` +
        `${Math.round(r.triples / r.seconds).toLocaleString('en')} | ` +
        `${Math.round(r.triples / r.cpuSeconds).toLocaleString('en')} ` +
        `| ${r.peakRssMB.toFixed(0)} MiB | ${r.rssMinMB.toFixed(0)}–${r.rssMaxMB.toFixed(0)} ` +
        `MiB | ${r.ids.toLocaleString('en')} | ${r.heapAfterGcMB.toFixed(0)} ` +
        `MiB |`;
      rows.push(row);
      console.log(row);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    '\n| models | input | mode | triples | wall time | CPU time ' +
      '| records/s (wall) | triples/s (wall) | triples/CPU-s | peak ' +
      'RSS | RSS after warm-up | ids held | heap after GC |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows) console.log(r);
}

await main();
