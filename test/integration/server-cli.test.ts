// `huggingkg serve` as a process: start-up log (triples, time, URL), serving, graceful shutdown on SIGTERM, clear
// errors.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { FIXTURE_GRAPH, FIXTURE_TRIPLES } from '../helpers/server.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');

interface Run {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: string;
  exited: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  const r: Run = {
    child,
    lines: [],
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        r.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        r.lines.push({ msg: line });
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (r.stderr += chunk.toString('utf8')));
  return r;
}

async function waitFor<T>(probe: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('server: huggingkg serve process @slow', function () {
  it('logs triples and load time, serves, and stops cleanly on SIGTERM', async () => {
    const r = run(['serve', '--from', FIXTURE_GRAPH, '--port', '0', '--host', '127.0.0.1']);
    try {
      const loaded = await waitFor(
        () => r.lines.find((l) => typeof l.msg === 'string' && /^loaded \d+ triples in \d+ ms$/.test(l.msg)),
        'the load log line',
      );
      assert.equal(loaded.triples, FIXTURE_TRIPLES);
      const url = await waitFor(
        () => r.lines.find((l) => typeof l.url === 'string')?.url as string | undefined,
        'the serving log line',
      );
      const res = await fetch(`${url}/healthz`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { triples: number }).triples, FIXTURE_TRIPLES);
      const logged = await waitFor(
        () => r.lines.find((l) => (l.req as { url?: string } | undefined)?.url === '/healthz'),
        'the request log line',
      );
      assert.equal((logged.res as { statusCode: number }).statusCode, 200);
      assert.equal(typeof logged.responseTime, 'number');
      assert.ok((logged.req as { id?: string }).id, 'request id in the log');
      r.child.kill('SIGTERM');
      assert.equal(await r.exited, 0, r.stderr);
      assert.ok(r.lines.some((l) => l.msg === 'stopped'));
      await assert.rejects(fetch(`${url}/healthz`), 'nothing listens after shutdown');
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it("--query-workers sets the embedded store's worker count, which /healthz reports", async () => {
    const r = run([
      'serve',
      '--from',
      FIXTURE_GRAPH,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--query-workers',
      '3',
      '--query-queue',
      '5',
    ]);
    try {
      const url = await waitFor(
        () => r.lines.find((l) => typeof l.url === 'string')?.url as string | undefined,
        'the serving log line',
      );
      // the workers load in the background after the port is taken: poll until all three are ready
      let workers: { total: number; ready: number } | undefined;
      for (
        const end = Date.now() + 30_000;
        Date.now() < end && workers?.ready !== 3;
        await new Promise((ok) => setTimeout(ok, 100))
      ) {
        workers = ((await (await fetch(`${url}/healthz`)).json()) as { workers?: { total: number; ready: number } })
          .workers;
      }
      assert.deepEqual(workers && { total: workers.total, ready: workers.ready }, { total: 3, ready: 3 });
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('refuses --query-workers 0', async () => {
    const r = run(['serve', '--from', FIXTURE_GRAPH, '--query-workers', '0']);
    assert.notEqual(await r.exited, 0);
    assert.match(r.stderr, /--query-workers must be a whole number from 1 to 64, got "0"/);
  });

  it('refuses an output directory without a graph, naming the file and the fix', async () => {
    const r = run(['serve', '--from', join(FIXTURE_GRAPH, 'no-such-dir')]);
    assert.equal(await r.exited, 1);
    assert.match(r.stderr, /no-such-dir\/huggingkg\.nt\.gz does not exist: build the graph first/);
  });

  it('refuses a bad --port', async () => {
    const r = run(['serve', '--from', FIXTURE_GRAPH, '--port', 'eighty']);
    assert.notEqual(await r.exited, 0);
    assert.match(r.stderr, /--port must be a whole number/);
  });
});
