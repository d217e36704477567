// The note a serving process leaves for `query`/`sparql --from OUT`: trusted only while its process lives, OUT holds
// the dump it loaded, and the server at its URL lists that dump with that sha256 (a reused port fails the last check).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readBuildReport } from '../../src/build/output.js';
import { findRunningServer, writeServerNote } from '../../src/store/running-server.js';
import { must } from '../helpers/must.js';
import { FIXTURE_GRAPH } from '../helpers/server.js';
import { tempDir } from '../helpers/temp-dirs.js';

/** A stand-in server whose /dumps/ lists huggingkg.nt.gz with `sha256`. */
async function listing(sha256: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/dumps/')) return void res.writeHead(404).end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ files: [{ name: 'huggingkg.nt.gz', sha256 }] }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('running-server notes', () => {
  const sha = must(
    readBuildReport(FIXTURE_GRAPH)?.dumps.find((d) => d.name === 'huggingkg.nt.gz')?.sha256,
    "the fixture's dump sha256",
  );

  it('finds a live server that lists the dump OUT holds, and forgets it on request', async () => {
    const dir = tempDir('hkg-notes-');
    const { url, server } = await listing(sha);
    try {
      const forget = writeServerNote(FIXTURE_GRAPH, url, { dir });
      assert.equal(await findRunningServer(FIXTURE_GRAPH, { dir }), url);
      forget();
      assert.deepEqual(readdirSync(dir), []);
      assert.equal(await findRunningServer(FIXTURE_GRAPH, { dir }), undefined);
    } finally {
      server.close();
    }
  });

  it('ignores a server that lists another dump (a reused port), and a rebuilt OUT', async () => {
    const dir = tempDir('hkg-notes-');
    const other = await listing('0'.repeat(64));
    try {
      writeServerNote(FIXTURE_GRAPH, other.url, { dir });
      assert.equal(await findRunningServer(FIXTURE_GRAPH, { dir }), undefined);
    } finally {
      other.server.close();
    }
    // OUT rebuilt after the server started: its report names another sha256.
    const out = join(tempDir('hkg-out-'), 'out');
    cpSync(FIXTURE_GRAPH, out, { recursive: true });
    const right = await listing(sha);
    try {
      writeServerNote(out, right.url, { dir });
      assert.equal(await findRunningServer(out, { dir }), right.url);
      const report = join(out, 'build-report.json');
      writeFileSync(report, readFileSync(report, 'utf8').split(sha).join('f'.repeat(64)));
      assert.equal(await findRunningServer(out, { dir }), undefined);
    } finally {
      right.server.close();
    }
  });

  it('removes the note of a process that is gone', async () => {
    const dir = tempDir('hkg-notes-');
    const { url, server } = await listing(sha);
    try {
      writeServerNote(FIXTURE_GRAPH, url, { dir });
      const file = join(dir, must(readdirSync(dir)[0], 'the note'));
      const gone = must(spawnSync(process.execPath, ['-e', '0']).pid, 'a finished process id');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"pid":\d+/, `"pid":${gone}`));
      assert.equal(await findRunningServer(FIXTURE_GRAPH, { dir }), undefined);
      assert.ok(!existsSync(file), 'the stale note is removed');
    } finally {
      server.close();
    }
  });
});
