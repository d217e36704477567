// `huggingkg serve` start and stop: a busy port is reported before the graph is loaded, and SIGTERM lets a query in
// flight finish (its client gets the whole answer) before the process exits 0.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { FIXTURE_GRAPH, FIXTURE_TRIPLES } from '../helpers/server.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');

interface Run {
  child: ChildProcess;
  out: string;
  exited: Promise<number | null>;
}

function serve(args: string[]): Run {
  const child = spawn(process.execPath, [CLI, 'serve', '--from', FIXTURE_GRAPH, '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  const run: Run = { child, out: '', exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  child.stdout!.on('data', (d: Buffer) => (run.out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (run.out += d.toString('utf8')));
  return run;
}

/** Resolves once `probe` holds, checking each time the process writes something; rejects if it exits first. */
function whenLogged(run: Run, probe: (out: string) => string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = probe(run.out);
      if (found !== undefined) {
        run.child.stdout!.off('data', check);
        resolve(found);
      }
    };
    run.child.stdout!.on('data', check);
    void run.exited.then(() => reject(new Error(`the server exited: ${run.out.slice(-2000)}`)));
    check();
  });
}

/** GET `path` on a fresh connection; resolves with the status and body once the request has been written. */
function get(
  url: string,
  path: string,
): { sent: Promise<void>; done: Promise<{ status: number; body: string; connection?: string }> } {
  let sent!: () => void;
  const sentPromise = new Promise<void>((resolve) => (sent = resolve));
  const done = new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { agent: false, headers: { accept: 'application/sparql-results+json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(() => sent());
  });
  return { sent: sentPromise, done };
}

describe('server lifecycle: busy port, draining on SIGTERM @slow', function () {
  this.timeout(120_000);

  it('a busy port fails at once, before the graph is loaded', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const run = serve(['--port', String(port)]);
      assert.equal(await run.exited, 1, run.out);
      assert.match(run.out, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.doesNotMatch(run.out, /loaded the graph|loaded \d+ triples/, 'nothing was loaded');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('SIGTERM with a query in flight: the query is answered whole, then the process exits 0', async () => {
    const run = serve(['--port', '0']);
    try {
      const url = await whenLogged(run, (out) => /"url":"(http:[^"]+)"/.exec(out)?.[1]);
      // A three-way cross join of the fixture graph: seconds of work for the store, so it is surely still running.
      const slow = get(
        url,
        `/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }')}`,
      );
      await slow.sent;
      // A request answered without the store, sent after the query: once it is answered the server has the query.
      assert.equal((await get(url, '/nothing-here').done).status, 404);
      run.child.kill('SIGTERM');
      const drained = whenLogged(
        run,
        (out) => /"requests":(\d+),[^\n]*letting requests in flight finish/.exec(out)?.[1],
      );
      const answer = await slow.done;
      assert.equal(answer.status, 200, answer.body);
      assert.equal(JSON.parse(answer.body).results.bindings[0].n.value, String(FIXTURE_TRIPLES ** 3));
      assert.equal(answer.connection, 'close', 'the client is told the connection ends');
      assert.equal(await drained, '1');
      assert.equal(await run.exited, 0, run.out);
      assert.match(run.out, /"msg":"stopped"/);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
