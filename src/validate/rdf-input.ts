// **rdf-input** streams the quads of an RDF file (.nt, .nq, .ttl, optionally .gz) with stable blank node labels.
// Validation reads each file twice; blank node labels must come out the same both times and differ between files,
// so each file gets its own label prefix and anonymous nodes a per-parse counter (N3's default counter is global).

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { DataFactory, Parser, StreamParser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { countLines } from '../util/lines.js';

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

/** The label prefix blank nodes of input file number `fileIndex` get (`_:x` in file 2 is read as `_:f2_x`). */
export function blankNodeScope(fileIndex: number): string {
  return `f${fileIndex}_`;
}

/** Options for N3's parsers that label blank nodes of file number `fileIndex` as readQuadChunks does. */
export function parserOptions(file: string, fileIndex: number) {
  let anonymous = 0;
  return {
    format: formatOf(file),
    baseIRI: pathToFileURL(file).href,
    blankNodePrefix: `_:${blankNodeScope(fileIndex)}`,
    factory: {
      ...DataFactory,
      blankNode: (name?: string) => DataFactory.blankNode(name ?? `f${fileIndex}-a${++anonymous}`),
    } as typeof DataFactory,
  };
}

const NEWLINE = Buffer.from('\n');

/** `err` as an error that names `file` (its message after the file name). */
export function inFile(file: string, err: unknown): Error {
  return new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
}

/** The (decompressed) bytes of a file. */
function openBytes(file: string): { source: NodeJS.ReadableStream; close: () => void } {
  // Large chunks: fewer callbacks (the parser is the cost; gunzip is cheap either way).
  const input = createReadStream(file, { highWaterMark: 1 << 18 });
  const source = /\.gz$/i.test(file) ? input.pipe(createGunzip({ chunkSize: 1 << 18 })) : input;
  return { source, close: () => input.destroy() };
}

/**
 * The bytes of a line-based RDF file (N-Triples, N-Quads: a statement never spans lines) in pieces of whole lines,
 * each with the number of its first line. Every piece ends with '\n' (one is added after a last line without it), so
 * lines taken from different pieces or files can be joined as they are. A newline byte never occurs inside a
 * multi-byte UTF-8 sequence, so cutting there keeps characters whole.
 */
export async function* linePieces(file: string): AsyncGenerator<{ piece: Buffer; firstLine: number }> {
  const { source, close } = openBytes(file);
  try {
    let carry: Buffer = Buffer.alloc(0);
    let line = 1;
    for await (const buffer of source as AsyncIterable<Buffer>) {
      const end = buffer.lastIndexOf(10) + 1;
      if (end === 0) {
        carry = Buffer.concat([carry, buffer]);
        continue;
      }
      const piece = carry.length ? Buffer.concat([carry, buffer.subarray(0, end)]) : buffer.subarray(0, end);
      carry = Buffer.from(buffer.subarray(end));
      yield { piece, firstLine: line };
      line += countLines(piece);
    }
    if (carry.length) yield { piece: Buffer.concat([carry, NEWLINE]), firstLine: line };
  } finally {
    close();
  }
}

/** N3's parse of `text` (lines from `firstLine` on); an error names the line in the file. */
export function parseLines(text: string, firstLine: number, options: ReturnType<typeof parserOptions>): Quad[] {
  try {
    return new Parser(options).parse(text);
  } catch (err) {
    // N3 counts lines from the start of the text it was given.
    const at = (err as { context?: { line?: number } }).context?.line;
    const message = err instanceof Error ? err.message.replace(/ on line \d+/, '') : String(err);
    throw new Error(at ? `line ${firstLine + at - 1}: ${message}` : message);
  }
}

/**
 * Quads of one file, in chunks. `fileIndex` scopes its blank nodes: `_:x` in file 2 becomes `_:f2_x`, anonymous nodes
 * `_:f2-a{n}`. Parse errors are rethrown naming the file and line.
 *
 * N-Triples and N-Quads are parsed piece by piece (linePieces), each in one synchronous call: at Hub scale this is
 * about twice as fast as a stream parser's per-quad events.
 */
export async function* readQuadChunks(file: string, fileIndex: number): AsyncGenerator<Quad[]> {
  const options = parserOptions(file, fileIndex);
  try {
    if (options.format === 'Turtle') {
      const { source, close } = openBytes(file);
      try {
        const parser = new StreamParser(options);
        source.on('error', (err: Error) => parser.destroy(err));
        source.pipe(parser);
        let chunk: Quad[] = [];
        for await (const quad of parser as AsyncIterable<Quad>) {
          chunk.push(quad);
          if (chunk.length === 4096) {
            yield chunk;
            chunk = [];
          }
        }
        if (chunk.length) yield chunk;
      } finally {
        close();
      }
      return;
    }
    for await (const { piece, firstLine } of linePieces(file))
      yield parseLines(piece.toString('utf8'), firstLine, options);
  } catch (err) {
    throw inFile(file, err);
  }
}
