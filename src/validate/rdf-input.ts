// **rdf-input** streams the quads of an RDF file (.nt, .nq, .ttl, optionally .gz) with stable blank node labels.
// Validation reads each file twice; blank node labels must come out the same both times and differ between files,
// so each file gets its own label prefix and anonymous nodes a per-parse counter (N3's default counter is global).

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { DataFactory, StreamParser } from 'n3';
import type { Quad } from '@rdfjs/types';

export type RdfFormat = 'N-Triples' | 'N-Quads' | 'Turtle';

const EXTENSIONS: Array<[RegExp, RdfFormat]> = [
  [/\.nt(\.gz)?$/i, 'N-Triples'],
  [/\.nq(\.gz)?$/i, 'N-Quads'],
  [/\.ttl(\.gz)?$/i, 'Turtle'],
];

/** The RDF syntax of a file, from its name; throws naming the file when the extension is unknown. */
export function formatOf(file: string): RdfFormat {
  for (const [re, format] of EXTENSIONS) if (re.test(file)) return format;
  throw new Error(`${file}: unknown RDF file type (expected .nt, .nq or .ttl, optionally gzipped as .gz)`);
}

/**
 * Quads of one file. `fileIndex` scopes its blank nodes: `_:x` in file 2 becomes `_:f2_x`, anonymous nodes `_:f2-a{n}`.
 * Parse errors are rethrown naming the file (N3 names the line).
 */
export async function* readQuads(file: string, fileIndex: number): AsyncGenerator<Quad> {
  const format = formatOf(file);
  let anonymous = 0;
  const factory = { ...DataFactory, blankNode: (name?: string) => DataFactory.blankNode(name ?? `f${fileIndex}-a${++anonymous}`) };
  const parser = new StreamParser({
    format,
    baseIRI: pathToFileURL(file).href,
    blankNodePrefix: `_:f${fileIndex}_`,
    factory: factory as typeof DataFactory,
  });
  // Large chunks: fewer stream callbacks (the parser is the cost; gunzip is cheap either way).
  const input = createReadStream(file, { highWaterMark: 1 << 18 });
  const source = /\.gz$/i.test(file) ? input.pipe(createGunzip({ chunkSize: 1 << 18 })) : input;
  source.on('error', (err: Error) => parser.destroy(err));
  source.pipe(parser);
  try {
    for await (const quad of parser as AsyncIterable<Quad>) yield quad;
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    input.destroy();
  }
}
