// **JSON-LD dump bench** (not a test): streams an N-Triples dump (.nt or .nt.gz) through JsonLdDump (the jsonld
// library, a chunk of subjects at a time) and through NTriplesDump for reference, reporting wall and CPU time,
// triples/s and peak RSS, to show what the library's compaction costs and that memory stays flat.
// Usage: see USAGE (`node dist/bench/jsonld-dump.js --help`). Writes nothing but temp files.

import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { StreamParser } from 'n3';
import { JSONLD_CHUNK_QUADS, JsonLdDump } from '../src/dump/jsonld.js';
import { NTriplesDump } from '../src/dump/ntriples.js';
import { projectContext } from '../src/rdf/jsonld.js';
import { integerArg, parseBenchArgs, usageError } from './args.js';

/** What `--help` prints. */
const USAGE = `usage: node dist/bench/jsonld-dump.js FILE.nt[.gz] [chunk quads...]

Streams an N-Triples dump through NTriplesDump (for reference) and then through JsonLdDump once per chunk size,
printing each run's triples, output size, wall and CPU time, triples per CPU second and peak RSS. Writes nothing but
temporary files.

arguments:
  FILE.nt[.gz]      the N-Triples dump to stream (.nt or .nt.gz), e.g. a build's huggingkg.nt.gz
  chunk quads       JsonLdDump's chunk sizes in quads, one run each (default ${JSONLD_CHUNK_QUADS}, JSONLD_CHUNK_QUADS)

options:
  -h, --help        print this and exit`;

interface Writer {
  add(q: Quad): void;
  drain(): Promise<void>;
  close(): Promise<{ bytes: number }>;
}

async function run(file: string, make: (dir: string) => Writer): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hkg-bench-jsonld-'));
  const writer = make(dir);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let source: NodeJS.ReadableStream = createReadStream(file);
  if (file.endsWith('.gz')) source = source.pipe(createGunzip());
  let triples = 0;
  // The build drains its writers every 2,048 quads: the same here.
  for await (const q of source.pipe(new StreamParser({ format: 'N-Triples' })) as AsyncIterable<Quad>) {
    writer.add(q);
    if (++triples % 2048 === 0) await writer.drain();
  }
  const { bytes } = await writer.close();
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  rmSync(dir, { recursive: true, force: true });
  const cpuS = (used.user + used.system) / 1e6;
  console.log(
    `${triples} triples, ${(bytes / 2 ** 20).toFixed(1)} MiB gz: ` +
      `wall ${wall.toFixed(1)} s, CPU ${cpuS.toFixed(1)} s, ` +
      `${Math.round(triples / cpuS)} triples/CPU-s, peak RSS ${Math.round(peak / 2 ** 20)} MiB`,
  );
}

const [file, ...chunkArgs] = parseBenchArgs(USAGE, {}, { positionals: true }).positionals;
if (!file) usageError(USAGE, 'no FILE given');
const chunks = chunkArgs.map((c) => integerArg(USAGE, 'a chunk size', c));
process.stdout.write('N-Triples (reference): ');
await run(file, (dir) => new NTriplesDump(join(dir, 'g.nt.gz')));
for (const chunk of chunks.length ? chunks : [JSONLD_CHUNK_QUADS]) {
  process.stdout.write(`JSON-LD, chunks of ${chunk} quads: `);
  await run(file, (dir) => new JsonLdDump(join(dir, 'g.jsonld.gz'), projectContext(), chunk));
}
