// **release bench** (not a test): a HuggingKG release the size of a real models.json slice, written the way
// HuggingKG_constructor.py writes it (indent=4, ASCII escapes, Python date strings) with one 100 MB README, mapped from
// the zip and from the unpacked folder in fresh child processes: wall time, CPU time and peak RSS, to show that the zip
// costs little over the folder and that the huge README costs neither the record nor the memory.
// Usage: see USAGE (`node dist/bench/release.js --help`); writes nothing but temp files. Each mapping runs in this file
// as a child process: `--child PATH` (internal).

import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mapRelease } from '../src/mapper/map.js';
import { DEFAULT_BASE } from '../src/vocab.js';
import { integerArg, parseBenchArgs, usageError } from './args.js';

/** What `--help` prints. */
const USAGE = `usage: node dist/bench/release.js [models]

Writes a HuggingKG release of that many models the way HuggingKG_constructor.py writes it (models.json with indent=4,
ASCII escapes and Python date strings, one README of 100 Mi characters), zips it, and maps the zip and the unpacked
folder, each in a fresh child process, printing triples, wall time, CPU time and peak RSS of each. Needs \`zip\`.
Writes nothing but temporary files.

arguments:
  models            the number of models (default 20000)

options:
  -h, --help        print this and exit`;

const FOLDER = 'HuggingKG_V20241215174821';
const HUGE_README_CHARS = 100 * 1024 * 1024;

/** As Python's json.dump(..., indent=4) with ensure_ascii: every non-ASCII UTF-16 unit as \uXXXX. */
function pythonJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

async function writeModels(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('[\n');
  for (let i = 0; i < n; i++) {
    const huge = i === Math.floor(n / 2);
    const record = {
      id: `owner-${i % 997}/model-${i}`,
      name: `model-${i}`,
      createdAt: `2024-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:04:05+00:00`,
      lastModified: `2024-10-0${1 + (i % 9)}T03:04:05.123456+00:00`,
      downloads: i * 7,
      likes: i % 50,
      region: i % 3 === 0 ? 'us' : null,
      other: ['endpoints_compatible'],
      libraries: ['transformers'],
      license: 'apache-2.0',
      languages: ['en', 'zh'],
      pipeline_tag: ['Text Generation'],
      // a README of ~2 KB with non-ASCII text (escaped); the huge one is written in pieces below
      description: huge ? '# Huge' : `# model ${i}\n\nFine-tuned for Grüße und 你好 🤗.\n`.repeat(40),
    };
    const text = pythonJson(record).replace(/^/gm, '    ');
    if (huge) {
      // the 100 MB README, escaped as Python escapes it, streamed: one string this long would not fit V8's limits here
      const [head, tail] = text.split('"# Huge"');
      const unit = pythonJson('Grüße 你好 🤗 ').slice(1, -1);
      await write(`${head}"# Huge\\n\\n`);
      const repeats = Math.ceil(HUGE_README_CHARS / 12);
      for (let k = 0; k < repeats; k += 10000) await write(unit.repeat(Math.min(10000, repeats - k)));
      await write(`"${tail}` + (i < n - 1 ? ',\n' : '\n'));
      continue;
    }
    await write(text + (i < n - 1 ? ',\n' : '\n'));
  }
  await write(']');
  await new Promise<void>((r) => out.end(r));
}

/** A release folder whose node files other than models.json are empty lists. */
function makeRelease(): { dir: string; folder: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hkg-release-bench-'));
  const folder = join(dir, 'unpacked', FOLDER);
  mkdirSync(folder, { recursive: true });
  for (const f of ['tasks', 'orgs', 'users', 'datasets', 'spaces', 'papers', 'collections'])
    writeFileSync(join(folder, `${f}.json`), '[]');
  return { dir, folder };
}

async function child(path: string): Promise<void> {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const run = mapRelease(path, { base: DEFAULT_BASE });
  let triples = 0;
  for await (const _ of run.quads) triples++;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  process.stdout.write(
    JSON.stringify({
      triples,
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20),
      models: run.stats.entities.model,
      dropped: run.stats.dropped,
    }) + '\n',
  );
}

async function main(): Promise<void> {
  const { positionals } = parseBenchArgs(USAGE, {}, { positionals: true });
  if (positionals.length > 1) usageError(USAGE, `at most one argument (models), got ${positionals.length}`);
  const n = integerArg(USAGE, 'models', positionals[0] ?? '20000');
  const { dir, folder } = makeRelease();
  await writeModels(join(folder, 'models.json'), n);
  const bytes = readdirSync(folder).reduce((s, f) => s + statSync(join(folder, f)).size, 0);
  const zip = join(dir, `${FOLDER}.zip`);
  execFileSync('zip', ['-q', '-r', zip, FOLDER], { cwd: join(dir, 'unpacked') });
  console.log(
    `release: ${n} models, models.json ${(bytes / 2 ** 20).toFixed(0)} ` +
      `MiB (one README of ${HUGE_README_CHARS / 2 ** 20} Mi characters), ` +
      `zip ${(statSync(zip).size / 2 ** 20).toFixed(0)} MiB`,
  );
  try {
    for (const [label, path] of [
      ['zip', zip],
      ['unpacked folder', join(dir, 'unpacked')],
    ] as const) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', path], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      console.log(`${label}: ${out.trim()}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] ?? '');
else await main();
