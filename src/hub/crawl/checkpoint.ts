// **Checkpoint** is the crawl's durable state: where each phase stands and how many bytes of each JSONL file are valid.

import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
  ftruncateSync,
  fstatSync,
  readdirSync,
  unlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { CrawlKind } from './kinds.js';

/** What makes two runs the same crawl; a resume with different settings would mix two crawls in one file. */
export interface CrawlIdentity {
  endpoint: string;
  kinds: CrawlKind[];
  limit: number | null;
  since: string | null;
  pageSize: number;
}

export interface FileState {
  lines: number;
  bytes: number;
}

export interface CrawlState {
  format: 1;
  identity: CrawlIdentity;
  startedAt: string;
  /** Index into the crawl's phase list of the phase in progress (= phases.length when all are done). */
  phase: number;
  /** List phases: the next page URL (null before the first page). */
  next: string | null;
  /** Records (list phases) or queue entries (queue phases) already handled in the current phase. */
  done: number;
  /** Valid prefix of each file, relative to the snapshot directory; anything past it is a torn page. */
  files: Record<string, FileState>;
  resumes: number;
  requests: number;
  retries: number;
  phaseMs: Record<string, number>;
}

/** Write a file so that readers see the old or the new content, never a mix: temp file, fsync, rename, fsync dir. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncDir(dirname(path));
}

export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readState(path: string): CrawlState | undefined {
  if (!existsSync(path)) return undefined;
  const state = JSON.parse(readFileSync(path, 'utf8')) as CrawlState;
  if (state.format !== 1) throw new Error(`${path}: unknown checkpoint format ${String(state.format)}`);
  return state;
}

/** Remove temp files left by a write that was killed before its rename. */
export function removeStaleTemps(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (/\.tmp-\d+$/.test(name)) unlinkSync(join(dir, name));
}

/**
 * **JsonlFiles** appends whole pages of lines to the snapshot's JSONL files, fsyncing each page, and keeps the byte
 * counts the checkpoint records. On resume it cuts every file back to its checkpointed length.
 */
export class JsonlFiles {
  private readonly fds = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly files: Record<string, FileState>,
  ) {}

  /** Cut files back to the checkpoint (dropping a page written after it) and empty files the checkpoint never saw. */
  restore(known: string[]): void {
    for (const name of new Set([...known, ...Object.keys(this.files)])) {
      const path = join(this.dir, name);
      if (!existsSync(path)) {
        if ((this.files[name]?.bytes ?? 0) > 0)
          throw new Error(
            `${path} is missing but the checkpoint says it holds ${this.files[name]!.bytes} ` +
              `bytes; the snapshot is damaged — start a new crawl in an empty ` +
              `directory`,
          );
        continue;
      }
      const want = this.files[name]?.bytes ?? 0;
      const fd = openSync(path, 'r+');
      try {
        const size = fstatSync(fd).size;
        if (size < want)
          throw new Error(
            `${path} holds ${size} bytes but the checkpoint says ${want}; ` +
              `the snapshot is damaged — start a new crawl in an empty directory`,
          );
        if (size > want) {
          ftruncateSync(fd, want);
          fsyncSync(fd);
        }
      } finally {
        closeSync(fd);
      }
    }
  }

  append(name: string, lines: string[]): void {
    if (lines.length === 0) return;
    let fd = this.fds.get(name);
    if (fd === undefined) {
      fd = openSync(join(this.dir, name), 'a');
      this.fds.set(name, fd);
    }
    const buf = Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8');
    writeSync(fd, buf);
    fsyncSync(fd);
    const st = (this.files[name] ??= { lines: 0, bytes: 0 });
    st.lines += lines.length;
    st.bytes += buf.length;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
