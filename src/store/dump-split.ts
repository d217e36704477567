// **dump-split** cuts an N-Triples/N-Quads dump (gzipped or not) into parts of whole lines, so that several Virtuoso
// bulk loaders can read it at once (its loader takes one file per loader). Parts are written uncompressed: gzip would
// cost the splitter more CPU than the loaders save in reading.

import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface DumpPart {
  /** Absolute path of the part. */
  file: string;
  /** Its file name (part-00001.nt). */
  name: string;
  /** Line number of its first line in the dump (1-based). */
  firstLine: number;
  lines: number;
}

export interface SplitOptions {
  partLines: number;
  /** Start of each part's file name (default `part-`: part-00001.nt); several dumps split into one directory differ. */
  prefix?: string;
  /** Called with each finished part (written and closed); the split waits for the promise it returns. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a plain callback that returns nothing must type-check too
  onPart?: (part: DumpPart) => Promise<unknown> | void;
  /** Lines written so far, called per chunk read. */
  onLines?: (lines: number) => void;
}

/**
 * Splits `file` into `dir`/part-NNNNN.nt (or .nq; `prefix` instead of part-) of at most partLines lines each; resolves
 * with the parts.
 */
export async function splitDump(file: string, dir: string, options: SplitOptions): Promise<DumpPart[]> {
  if (!Number.isInteger(options.partLines) || options.partLines < 1) {
    throw new Error(`partLines must be a positive integer, got ${options.partLines}`);
  }
  await mkdir(dir, { recursive: true });
  const ext = /\.nq(\.gz)?$/.test(file) ? 'nq' : 'nt';
  let input: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
  if (file.endsWith('.gz')) input = input.pipe(createGunzip({ chunkSize: 1 << 20 }));
  const parts: DumpPart[] = [];
  let out: WriteStream | undefined;
  let current: DumpPart | undefined;
  let lines = 0;
  let endsInNewline = true;

  const open = () => {
    const name = `${options.prefix ?? 'part-'}${String(parts.length + 1).padStart(5, '0')}.${ext}`;
    current = { file: join(dir, name), name, firstLine: lines + 1, lines: 0 };
    parts.push(current);
    out = createWriteStream(current.file);
  };
  const close = async () => {
    if (!out || !current) return;
    const stream = out;
    const part = current;
    out = undefined;
    current = undefined;
    await new Promise<void>((res, rej) => {
      stream.once('error', rej);
      stream.end(res);
    });
    await options.onPart?.(part);
  };
  const write = async (chunk: Buffer) => {
    if (!chunk.length) return;
    if (!out) open();
    if (!out!.write(chunk)) await new Promise<void>((r) => out!.once('drain', () => r()));
  };

  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      // the end of the current part's last line in this chunk, if the part fills up here
      const room = options.partLines - (current?.lines ?? 0);
      let pos = start;
      let seen = 0;
      let cut = -1;
      while (seen < room) {
        const nl = chunk.indexOf(10, pos);
        if (nl < 0) break;
        seen++;
        pos = nl + 1;
        if (seen === room) cut = pos;
      }
      if (cut < 0) {
        await write(chunk.subarray(start));
        if (current) current.lines += seen;
        lines += seen;
        break;
      }
      await write(chunk.subarray(start, cut));
      current!.lines += seen;
      lines += seen;
      await close();
      start = cut;
      if (start >= chunk.length) break;
    }
    endsInNewline = chunk.length ? chunk[chunk.length - 1] === 10 : endsInNewline;
    options.onLines?.(lines);
  }
  // a last line without a newline is a line too
  if (current && !endsInNewline) {
    current.lines++;
    lines++;
  }
  await close();
  options.onLines?.(lines);
  return parts;
}
