// **temp-dirs**: every temporary file of a test run lives in one directory of its own, and the run fails if anything
// is left in it at the end.
//
// Design. Loaded first by .mocharc (`require`, before any spec file), this module makes `<tmpdir>/hkg-test-run-XXXXXX`
// and points process.env.TMPDIR at it. os.tmpdir() reads TMPDIR at every call, and worker threads and child processes
// inherit the environment, so from then on every temporary directory of the run lands inside it: the tests' own,
// those the code under test makes (validation spill files, evaluation stores), those of the CLI processes, chromium
// and Virtuoso that the tests start. tempDir() makes a registered directory there, removed at the end of the run;
// anything else still in the run directory then was made by something that did not clean up after itself, and the
// root `after all` hook fails the run naming it (and the test after which it first appeared). The run directory is
// then removed in any case, so even a failing run leaves nothing in /tmp.
//
// Why not compare /tmp's hkg-* entries before and after the run: other processes on the machine (other test runs,
// benchmarks) create and remove hkg-* entries there at the same time, so a difference there proves nothing; a
// directory private to the run does. A run without the config (`mocha --no-config one.test.js`) loads this module from
// a spec file instead: no check then, but the `exit` handler still removes the run directory.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const originalTmpdir = process.env.TMPDIR;
/** This run's temporary directory (= os.tmpdir() during the run). */
export const RUN_TMPDIR = mkdtempSync(join(tmpdir(), 'hkg-test-run-'));
process.env.TMPDIR = RUN_TMPDIR;

const registered = new Set<string>();
/** Entries of RUN_TMPDIR not made by tempDir() -> the test after which each was first seen. */
const seenAfter = new Map<string, string>();

function removeRunDir(): void {
  rmSync(RUN_TMPDIR, { recursive: true, force: true, maxRetries: 5 });
  if (originalTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = originalTmpdir;
}
process.once('exit', removeRunDir);

/** A fresh temporary directory (name starting with `prefix`), removed at the end of the test run. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(RUN_TMPDIR, prefix));
  registered.add(dir.slice(RUN_TMPDIR.length + 1));
  return dir;
}

// Servers the tests start note where they serve (src/store/running-server.ts); the notes stay inside the run, not in
// the user's ~/.cache, and a server killed mid-test leaves its note nowhere else.
process.env.HUGGINGKG_SERVERS_DIR ??= tempDir('server-notes-');

function strays(): string[] {
  return readdirSync(RUN_TMPDIR).filter((name) => !registered.has(name));
}

/** Mocha root hooks (this module is a root hook plugin through .mocharc's `require`). */
export const mochaHooks = {
  afterEach: function noteTemporaryEntries(this: Mocha.Context): void {
    for (const name of strays()) if (!seenAfter.has(name)) seenAfter.set(name, this.currentTest?.fullTitle() ?? '?');
  },
  afterAll: function noTemporaryEntriesLeft(): void {
    try {
      for (const name of registered) rmSync(join(RUN_TMPDIR, name), { recursive: true, force: true, maxRetries: 5 });
      const left = strays();
      if (left.length) {
        const where = (name: string) =>
          seenAfter.has(name) ? `first seen after "${seenAfter.get(name)}"` : 'made after the last test (in a hook)';
        throw new Error(
          `the test run left ${left.length} temporary entr${left.length === 1 ? 'y' : 'ies'} ` +
            `behind (in ${RUN_TMPDIR}, now removed):\n` +
            left.map((name) => `  ${name}: ${where(name)}`).join('\n'),
        );
      }
    } finally {
      removeRunDir();
    }
  },
};
