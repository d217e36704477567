// **snapshot** reads a snapshot directory: which JSON Lines files exist, in the fixed order the mapper needs,
// and each file's lines as positioned records (file + line), streaming, with byte counts for progress.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceRecord } from './records.js';

/** The snapshot files in mapping order. Agents come first so that publishers can be told apart (org vs user)
 *  before the repositories that name them; collections too, because their owner says `type: org|user`. */
export const SNAPSHOT_FILES = [
  'tasks.jsonl',
  'organizations.jsonl',
  'users.jsonl',
  'members.jsonl',
  'follows.jsonl',
  'collections.jsonl',
  'models.jsonl',
  'datasets.jsonl',
  'spaces.jsonl',
  'papers.jsonl',
  'likes.jsonl',
] as const;
export type SnapshotFile = (typeof SNAPSHOT_FILES)[number];

export interface InputFile {
  name: string;
  path: string;
  bytes: number;
}

/** The snapshot files present in `dir`, in mapping order. Throws when `dir` is not a directory. */
export function listSnapshotFiles(dir: string): InputFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`snapshot directory not found: ${dir}`);
  const out: InputFile[] = [];
  for (const name of SNAPSHOT_FILES) {
    const path = join(dir, name);
    if (existsSync(path)) out.push({ name, path, bytes: statSync(path).size });
  }
  return out;
}

/** Lines longer than this are skipped with an error rather than held in memory (a Hub record is far smaller). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;

export interface LineOptions {
  /** Called with the number of bytes consumed since the previous call. */
  onBytes?: (bytes: number) => void;
  maxLineBytes?: number;
}

/** Splits a file (a path, or its bytes as a stream) into lines (LF or CRLF) without decoding the whole file; yields
 *  1-based line numbers; blank lines skipped. */
export async function* readLines(
  source: string | AsyncIterable<Buffer>,
  options: LineOptions = {},
): AsyncGenerator<{ line: number; text?: string; error?: string }> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let lineNo = 0;
  const finish = function* (lastPiece: Buffer) {
    lineNo++;
    if (overflow || pendingBytes + lastPiece.length > max) {
      yield { line: lineNo, error: `line longer than ${max} bytes skipped` };
    } else {
      const buf = pending.length === 0 ? lastPiece : Buffer.concat([...pending, lastPiece]);
      let end = buf.length;
      if (end > 0 && buf[end - 1] === 0x0d) end--;
      const text = buf.toString('utf8', 0, end);
      if (text.trim() !== '') yield { line: lineNo, text };
    }
    pending = [];
    pendingBytes = 0;
    overflow = false;
  };
  const chunks = typeof source === 'string' ? (createReadStream(source, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) : source;
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) break;
      yield* finish(chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > max) {
        overflow = true;
        pending = [];
      } else if (!overflow) {
        pending.push(Buffer.from(rest));
      }
    }
    options.onBytes?.(chunk.length);
  }
  if (pendingBytes > 0 || pending.length > 0) yield* finish(Buffer.alloc(0));
}

/** Reads one JSON Lines file as positioned records; a line that is not JSON yields a record with `error`. */
export async function* readJsonLines(file: InputFile, options: LineOptions = {}): AsyncGenerator<SourceRecord> {
  for await (const { line, text, error } of readLines(file.path, options)) {
    if (error !== undefined) {
      yield { file: file.name, line, error };
      continue;
    }
    try {
      yield { file: file.name, line, value: JSON.parse(text!) };
    } catch (e) {
      yield { file: file.name, line, error: `malformed JSON: ${(e as Error).message}` };
    }
  }
}
