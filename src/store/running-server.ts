// **running-server** lets `huggingkg serve --from OUT` say where it serves OUT, so that `query`/`sparql --from OUT`
// ask that server instead of loading the graph again (tens of seconds at a few hundred thousand triples).
//
// The note is a small JSON file in a directory of notes (cli/env.ts serverNotesDir: $HUGGINGKG_SERVERS_DIR, else
// $XDG_RUNTIME_DIR/huggingkg-servers, else ~/.cache/huggingkg/servers), named after OUT's real path, not a file in OUT:
// a build directory is checksummed, served as files and may be read-only. A note is trusted only while its process
// is alive, it served the very dump OUT holds now (sha256 from build-report.json), and the server at its URL lists
// that dump with that sha256 under /dumps/ (a port reused by another server fails this), so a rebuilt OUT, a crashed
// server or someone else's server is never asked.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OUTPUT, readBuildReport } from '../build/output.js';

/** What a serving process writes about itself. */
export interface ServerNote {
  pid: number;
  /** Base URL, e.g. http://127.0.0.1:3000 (the SPARQL endpoint is at /sparql). */
  url: string;
  /** OUT's real path. */
  outDir: string;
  /** sha256 of the dump the server loaded (build-report.json), to tell a rebuilt OUT from the one being served. */
  dumpSha256: string;
}

function realOut(outDir: string): string {
  try {
    return realpathSync(outDir);
  } catch {
    return resolve(outDir);
  }
}

function notePath(outDir: string, dir: string): string {
  const key = createHash('sha256').update(realOut(outDir)).digest('hex').slice(0, 24);
  return join(dir, `${key}.json`);
}

function loadedDumpSha(outDir: string): string | undefined {
  try {
    return readBuildReport(outDir)?.dumps.find((d) => d.name === OUTPUT.ntriples)?.sha256;
  } catch {
    return undefined;
  }
}

/**
 * Records that this process serves `outDir` at `url`; returns the function that removes the note (called on
 * shutdown). Writing is best effort: a server that cannot write the note still serves, and says why in `onError`.
 */
export function writeServerNote(
  outDir: string,
  url: string,
  { dir, onError }: { dir: string; onError?: (err: Error) => void },
): () => void {
  const sha = loadedDumpSha(outDir);
  if (!sha) return () => {};
  const path = notePath(outDir, dir);
  const note: ServerNote = { pid: process.pid, url, outDir: realOut(outDir), dumpSha256: sha };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, JSON.stringify(note) + '\n');
  } catch (err) {
    onError?.(err as Error);
    return () => {};
  }
  return () => {
    // Only our own note: another server may have taken OUT over since.
    if (readNote(path)?.pid === process.pid) rmSync(path, { force: true });
  };
}

function readNote(path: string): ServerNote | undefined {
  try {
    const note = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServerNote>;
    if (typeof note.pid !== 'number' || typeof note.url !== 'string' || typeof note.dumpSha256 !== 'string')
      return undefined;
    return note as ServerNote;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The URL of a live server that serves `outDir` as it is now, if there is one: its note names a living process and
 * the dump OUT holds now, and the server lists that dump under /dumps/ within `timeoutMs`. A stale note (dead
 * process) is removed.
 */
export async function findRunningServer(
  outDir: string,
  { dir, timeoutMs = 2000 }: { dir: string; timeoutMs?: number },
): Promise<string | undefined> {
  const path = notePath(outDir, dir);
  const note = readNote(path);
  if (!note) return undefined;
  if (!alive(note.pid)) {
    rmSync(path, { force: true });
    return undefined;
  }
  const sha = loadedDumpSha(outDir);
  if (!sha || note.dumpSha256 !== sha) return undefined;
  try {
    const res = await fetch(new URL('/dumps/?format=json', note.url), { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const listing = (await res.json()) as { files?: Array<{ name?: string; sha256?: string }> };
    const served = listing.files?.find((f) => f.name === OUTPUT.ntriples);
    return served?.sha256 === sha ? note.url : undefined;
  } catch {
    return undefined;
  }
}
