// A build's output directory is all or nothing: a rebuild killed half-way leaves the previous build whole, `serve`
// refuses a directory whose dumps do not match build-report.json (naming the file and the fix), and an input with no
// records is an error rather than a graph of the built-in task list.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BuildOutputError, readBuildReport, verifyBuild } from '../../src/build/output.js';
import { SAMPLE_SNAPSHOT } from '../../src/paths.js';
import { CLI, cli } from '../helpers/cli.js';
import { FIXTURE_GRAPH } from '../helpers/server.js';
import { tempDir } from '../helpers/temp-dirs.js';

/** Replaces `dir`/`name` by a symbolic link to a copy of it elsewhere (same bytes, but not a regular file). */
function replaceByLink(dir: string, name: string): void {
  const elsewhere = join(tempDir('hkg-link-'), name);
  cpSync(join(dir, name), elsewhere);
  rmSync(join(dir, name));
  symlinkSync(elsewhere, join(dir, name));
}

/** Every file of `dir` with its bytes. */
function snapshotOf(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

/** A copy of the server tests' hand-made build directory, to damage. */
function fixtureCopy(): string {
  const dir = join(tempDir('hkg-outcopy-'), 'out');
  cpSync(FIXTURE_GRAPH, dir, { recursive: true });
  return dir;
}

describe('build output: atomic, verified by serve @slow', function () {
  this.timeout(120_000);

  it('an empty snapshot directory is an error (non-zero exit) and --out is not made', async () => {
    const snap = tempDir('hkg-empty-snap-');
    const out = join(tempDir('hkg-empty-out-'), 'out');
    const res = await cli(['build', '--snapshot', snap, '--out', out, '--quiet', '--no-validate']);
    assert.equal(res.code, 1, res.stdout);
    assert.match(res.stderr, /holds no Hub records/);
    assert.ok(!existsSync(out), 'no output directory');
    assert.deepEqual(readdirSync(dirname(out)), [], 'no staging directory left');
  });

  it('a snapshot whose files are all empty is an error too', async () => {
    const snap = tempDir('hkg-blank-snap-');
    writeFileSync(join(snap, 'models.jsonl'), '');
    const res = await cli([
      'build',
      '--snapshot',
      snap,
      '--out',
      join(tempDir('hkg-blank-out-'), 'out'),
      '--quiet',
      '--no-validate',
    ]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /holds no Hub records/);
  });

  it('a rebuild killed with SIGKILL half-way leaves the previous build whole, and serve accepts it', async () => {
    const out = join(tempDir('hkg-atomic-'), 'out');
    const first = await cli(['build', '--snapshot', SAMPLE_SNAPSHOT, '--out', out, '--quiet', '--no-validate']);
    assert.equal(first.code, 0, first.stderr);
    const before = snapshotOf(out);
    await verifyBuild(out, 'huggingkg.nt.gz');

    // The second build reads a different snapshot; it is killed as soon as it has started writing dumps.
    const snap = tempDir('hkg-atomic-snap-');
    writeFileSync(
      join(snap, 'models.jsonl'),
      readFileSync(join(SAMPLE_SNAPSHOT, 'models.jsonl'), 'utf8').split('\n').slice(0, 10).join('\n') + '\n',
    );
    const child = spawn(process.execPath, [CLI, 'build', '--snapshot', snap, '--out', out, '--quiet'], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal === null ? _code : -1)),
    );
    const staging = `${out}.building-${child.pid}`;
    try {
      // Waits for a condition (a dump being written), not for a time.
      while (!(existsSync(staging) && readdirSync(staging).some((n) => n.startsWith('huggingkg.')))) {
        assert.ok(child.exitCode === null, 'the build must still be running when it is killed');
        await new Promise((r) => setImmediate(r));
      }
      child.kill('SIGKILL');
      assert.equal(await exited, -1, 'killed by the signal');
      assert.ok(existsSync(staging), 'the killed build had not swapped its output in');
      const after = snapshotOf(out);
      assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no new file beside the old report');
      for (const [name, bytes] of before) assert.ok(after.get(name)!.equals(bytes), `${name} unchanged`);
      await verifyBuild(out, 'huggingkg.nt.gz');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // The next build removes what the killed one left and swaps in a whole new build.
    const again = await cli(['build', '--snapshot', snap, '--out', out, '--quiet', '--no-validate']);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(!existsSync(staging), "the killed build's staging directory is removed");
    assert.deepEqual(readdirSync(dirname(out)), [basename(out)]);
    const report = JSON.parse(readFileSync(join(out, 'build-report.json'), 'utf8')) as { input: { path: string } };
    assert.equal(report.input.path, snap);
    await verifyBuild(out, 'huggingkg.nt.gz');
  });

  it('a build killed between its two renames: the next build puts the previous build back first', async () => {
    const out = join(tempDir('hkg-between-'), 'out');
    assert.equal(
      (await cli(['build', '--snapshot', SAMPLE_SNAPSHOT, '--out', out, '--quiet', '--no-validate'])).code,
      0,
    );
    const before = snapshotOf(out);
    // What a kill between the renames leaves: OUT gone, the old build in OUT.previous-PID of a process that is gone.
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    renameSync(out, `${out}.previous-${gone.pid}`);
    // Even a build that then fails (no records) restores it.
    const res = await cli([
      'build',
      '--snapshot',
      tempDir('hkg-between-empty-'),
      '--out',
      out,
      '--quiet',
      '--no-validate',
    ]);
    assert.equal(res.code, 1);
    assert.deepEqual(readdirSync(dirname(out)), [basename(out)]);
    const after = snapshotOf(out);
    for (const [name, bytes] of before) assert.ok(after.get(name)!.equals(bytes), `${name} restored`);
    await verifyBuild(out, 'huggingkg.nt.gz');
  });

  it('a build refuses to replace a non-empty directory that is not a build output', async () => {
    const out = tempDir('hkg-notabuild-');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const res = await cli(['build', '--snapshot', SAMPLE_SNAPSHOT, '--out', out, '--quiet', '--no-validate']);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /not a huggingkg build directory/);
    assert.deepEqual(readdirSync(out), ['notes.txt']);
  });

  // what the fixture's report says of its N-Triples dump
  const fixtureDump = readBuildReport(FIXTURE_GRAPH)?.dumps.find((d) => d.name === 'huggingkg.nt.gz');
  const damages: Array<{ name: string; damage: (dir: string) => void; message: RegExp }> = [
    {
      name: 'a 0-byte dump',
      damage: (d) => truncateSync(join(d, 'huggingkg.nt.gz'), 0),
      message: new RegExp(`huggingkg\\.nt\\.gz has 0 bytes, the report says ${fixtureDump?.bytes}`),
    },
    {
      name: 'a dump of the same size with other bytes (a mixed build)',
      damage: (d) => {
        const bytes = readFileSync(join(d, 'huggingkg.nt.gz'));
        bytes[bytes.length - 5]! ^= 0xff;
        writeFileSync(join(d, 'huggingkg.nt.gz'), bytes);
      },
      message: new RegExp(
        `huggingkg\\.nt\\.gz has sha256 [0-9a-f]{12}…, the report says ${fixtureDump?.sha256.slice(0, 12)}…`,
      ),
    },
    {
      name: 'no build-report.json',
      damage: (d) => rmSync(join(d, 'build-report.json')),
      message: /has no build-report\.json, so nothing vouches for its dumps/,
    },
    {
      name: 'a build-report.json that is a link (even to a good report)',
      damage: (d) => replaceByLink(d, 'build-report.json'),
      message: /build-report\.json is not a regular file \(a link\?\)/,
    },
    {
      name: 'a dump replaced by a link to a copy of itself',
      damage: (d) => replaceByLink(d, 'huggingkg.nt.gz'),
      message: /huggingkg\.nt\.gz is not a regular file \(a link\?\)/,
    },
  ];
  it('serve refuses a build whose Turtle dump (served as a file, not loaded) differs from the report', async () => {
    const out = join(tempDir('hkg-ttl-'), 'out');
    assert.equal(
      (await cli(['build', '--snapshot', SAMPLE_SNAPSHOT, '--out', out, '--quiet', '--no-validate'])).code,
      0,
    );
    const bytes = readFileSync(join(out, 'huggingkg.ttl.gz'));
    bytes[bytes.length - 5]! ^= 0xff;
    writeFileSync(join(out, 'huggingkg.ttl.gz'), bytes);
    const res = await cli(['serve', '--from', out, '--port', '0', '--host', '127.0.0.1']);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /huggingkg\.ttl\.gz has sha256 [0-9a-f]{12}…, the report says/);
  });

  for (const { name, damage, message } of damages) {
    it(`serve refuses ${name}, saying what to do`, async () => {
      const dir = fixtureCopy();
      damage(dir);
      await assert.rejects(
        verifyBuild(dir, 'huggingkg.nt.gz'),
        (err: Error) =>
          err instanceof BuildOutputError &&
          message.test(err.message) &&
          /rebuild (it \(huggingkg build|with huggingkg build) --out/.test(err.message),
      );
      const res = await cli(['serve', '--from', dir, '--port', '0', '--host', '127.0.0.1']);
      assert.equal(res.code, 1);
      assert.match(res.stderr, message);
      assert.match(res.stderr, /Refusing to serve it|nothing vouches|rebuild with/);
    });
  }
});
