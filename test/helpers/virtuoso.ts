// **virtuoso** helpers for tests of the external-store mode: start a private Virtuoso (scripts/virtuoso/start.sh) on
// free loopback ports with a temporary database, bulk-load graphs into it, and stop it (scripts/virtuoso/stop.sh).
// The Virtuoso half of a suite is skipped only when virtuoso-t is absent outside CI; in CI (process.env.CI) it must
// run.

import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../src/paths.js';
import { loadIntoVirtuoso, type VirtuosoLoadResult } from '../../src/store/virtuoso.js';

const run = promisify(execFile);

export const hasVirtuoso =
  spawnSync('sh', ['-c', 'command -v virtuoso-t && command -v isql-vt'], { encoding: 'utf8' }).status === 0;

export const virtuosoScript = (name: string): string => join(ROOT, 'scripts', 'virtuoso', name);

/**
 * Call first in a `before` hook of a Virtuoso suite: the external-store tests are part of the suite everywhere, so a
 * machine without Virtuoso fails them with the way to install it (scripts/setup.sh does).
 */
export function requireVirtuoso(): void {
  if (!hasVirtuoso)
    throw new Error('virtuoso-t / isql-vt not found: run scripts/setup.sh (apt-get install -y virtuoso-opensource)');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningVirtuoso {
  /** Temporary directory holding the database (removed by stop()). */
  work: string;
  db: string;
  isqlPort: number;
  httpPort: number;
  /** Virtuoso's SPARQL endpoint, without default-graph-uri (its default graph is then the union of all graphs). */
  endpoint: string;
  /** The start.sh output (KEY=VALUE lines). */
  startOutput: string;
  /** Bulk-loads a build directory (or one .nt[.gz] file) into `graph`; its directory must be one of dumpDirs. */
  load(from: string, graph: string): Promise<VirtuosoLoadResult>;
  /** The endpoint URL that reads only `graph` (what `serve --endpoint URL --graph IRI` builds). */
  endpointFor(graph: string): string;
  stop(): Promise<void>;
}

/** Starts a private Virtuoso allowed to read `dumpDirs`; a small page cache keeps it light on a shared machine. */
export async function startVirtuoso(dumpDirs: string[]): Promise<RunningVirtuoso> {
  const work = mkdtempSync(join(tmpdir(), 'hkg-virtuoso-test-'));
  const db = join(work, 'db');
  const isqlPort = await freePort();
  const httpPort = await freePort();
  const args = [
    '--db',
    db,
    '--isql-port',
    String(isqlPort),
    '--http-port',
    String(httpPort),
    ...dumpDirs.flatMap((d) => ['--dump-dir', d]),
  ];
  let startOutput: string;
  try {
    ({ stdout: startOutput } = await run(virtuosoScript('start.sh'), args, {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, VIRTUOSO_BUFFERS: process.env.VIRTUOSO_BUFFERS ?? '10000' },
    }));
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    const e = err as { stderr?: string; message: string };
    throw new Error(`scripts/virtuoso/start.sh failed: ${e.stderr?.trim() || e.message}`);
  }
  const endpoint = /SPARQL_ENDPOINT=(\S+)/.exec(startOutput)?.[1];
  if (!endpoint) throw new Error(`start.sh did not print SPARQL_ENDPOINT: ${startOutput}`);
  let stopped: Promise<void> | undefined;
  return {
    work,
    db,
    isqlPort,
    httpPort,
    endpoint,
    startOutput,
    load: (from, graph) => loadIntoVirtuoso({ from, graph, port: isqlPort }),
    endpointFor: (graph) => `${endpoint}?default-graph-uri=${encodeURIComponent(graph)}`,
    stop: () =>
      (stopped ??= (async () => {
        try {
          await run(virtuosoScript('stop.sh'), ['--db', db], { encoding: 'utf8', timeout: 60_000 });
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      })()),
  };
}
