// **snapshot** reads a snapshot directory: which JSON Lines files exist (plain `.jsonl` or gzipped `.jsonl.gz`), in the
// fixed order the mapper needs, and each file's lines as positioned records (file + line), streaming (gunzipped on the
// fly), with byte counts for progress. A line that is not valid UTF-8 is read with U+FFFD and a warning.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
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
  'renames.jsonl',
] as const;

export interface InputFile {
  /** What the file holds, e.g. `models.jsonl` (also for `models.jsonl.gz`). */
  name: string;
  path: string;
  /** Size on disk (compressed, for a `.gz` file): progress counts these bytes. */
  bytes: number;
}

/**
 * The snapshot files present in `dir`, in mapping order; each may be gzipped (`models.jsonl.gz`). Throws when `dir` is
 * not a directory, or when a file is there both plain and gzipped (which one is current cannot be told).
 */
export function listSnapshotFiles(dir: string): InputFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`snapshot directory not found: ${dir}`);
  const out: InputFile[] = [];
  for (const name of SNAPSHOT_FILES) {
    const plain = join(dir, name);
    const gzipped = plain + '.gz';
    const [hasPlain, hasGz] = [existsSync(plain), existsSync(gzipped)];
    if (hasPlain && hasGz)
      throw new Error(`snapshot ${dir} has both ${name} and ${name}.gz; remove the one that is not current`);
    const path = hasGz ? gzipped : plain;
    if (hasPlain || hasGz) out.push({ name, path, bytes: statSync(path).size });
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

/** The warning for a line or record whose bytes were not valid UTF-8. */
export const INVALID_UTF8 = 'invalid UTF-8 (bytes read as U+FFFD)';

/** Splits a file (a path, or its bytes as a stream) into lines (LF or CRLF) without decoding the whole file; yields
 *  1-based line numbers; blank lines skipped. */
export async function* readLines(
  source: string | AsyncIterable<Buffer>,
  options: LineOptions = {},
): AsyncGenerator<{ line: number; text?: string; error?: string; warning?: string }> {
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
      // toString turns each invalid byte sequence into U+FFFD silently; the input's maker should hear of it.
      const bad = isUtf8(buf.subarray(0, end)) ? undefined : INVALID_UTF8;
      if (text.trim() !== '') yield bad ? { line: lineNo, text, warning: bad } : { line: lineNo, text };
    }
    pending = [];
    pendingBytes = 0;
    overflow = false;
  };
  // A `.gz` file is gunzipped as it streams; progress counts the bytes read from disk. A stream is read as given.
  const path = typeof source === 'string' ? source : undefined;
  const raw = path !== undefined ? createReadStream(path, { highWaterMark: 1 << 20 }) : undefined;
  const gzip = path?.endsWith('.gz') ?? false;
  let rawBytes = 0;
  let chunks: AsyncIterable<Buffer> = raw ?? (source as AsyncIterable<Buffer>);
  if (raw && gzip) {
    raw.on('data', (b) => (rawBytes += b.length));
    const gunzip = createGunzip();
    raw.on('error', (err) => gunzip.destroy(err));
    chunks = raw.pipe(gunzip);
  }
  for await (const chunk of path !== undefined ? named(chunks, path) : chunks) {
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
    if (gzip) {
      options.onBytes?.(rawBytes);
      rawBytes = 0;
    } else options.onBytes?.(chunk.length);
  }
  if (pendingBytes > 0 || pending.length > 0) yield* finish(Buffer.alloc(0));
}

/** The chunks of a stream; an error (a file cut short, not gzip data) names the file. */
async function* named(chunks: AsyncIterable<Buffer>, path: string): AsyncGenerator<Buffer> {
  try {
    yield* chunks;
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}

/** Reads one JSON Lines file as positioned records; a line that is not JSON yields a record with `error`. */
export async function* readJsonLines(file: InputFile, options: LineOptions = {}): AsyncGenerator<SourceRecord> {
  // Records name the file as it is on disk (`models.jsonl.gz`), so that warnings point at it.
  const name = basename(file.path);
  for await (const { line, text, error, warning } of readLines(file.path, options)) {
    if (error !== undefined) {
      yield { file: name, line, error };
      continue;
    }
    try {
      const value: unknown = JSON.parse(text!);
      yield warning ? { file: name, line, value, warning } : { file: name, line, value };
    } catch (e) {
      yield { file: name, line, error: `malformed JSON: ${(e as Error).message}` };
    }
  }
}
