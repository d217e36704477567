// **load bench** (not a test): the server under HTTP load on loopback, with autocannon at 64 connections — entity
// dereference (/data/... as Turtle) and a simple SPARQL lookup — reporting requests/s and latency percentiles.
// The server runs in its own process (`huggingkg serve`) so the load generator does not share its event loop.
// Usage: node dist/bench/load.js [--from OUTDIR] [--seconds N] [--connections N]   (default: test/fixtures/graph, 10 s, 64)
// A baseline row (/healthz through the same middleware) comes first, so results can be read as ratios on a busy machine.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../src/paths.js';

interface Histogram { average: number; p50: number; p90: number; p99: number; max: number }
interface Result { requests: Histogram & { total: number }; latency: Histogram; errors: number; non2xx: number; timeouts: number; duration: number }
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: join(ROOT, 'test', 'fixtures', 'graph') },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
  },
});

/** CPU seconds (user + system) the server process has used: unlike wall-clock rates, this does not depend on how busy
 * the rest of the machine is, so 1 / (CPU per request) is what one free core would sustain. Linux /proc only. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

let serverPid = 0;

async function startServer(from: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'serve', '--from', from, '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (c: Buffer) => {
      buffer += c.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(buffer);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  child.stdout!.resume();
  serverPid = child.pid!;
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function startBareNode() {
  const code = `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"status":"ok"}'); })
    .listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim())));
  return { child, url, pid: child.pid! };
}

async function withPid<T>(pid: number, f: () => Promise<T>): Promise<T> {
  const saved = serverPid;
  serverPid = pid;
  try {
    return await f();
  } finally {
    serverPid = saved;
  }
}

async function entityPaths(url: string): Promise<string[]> {
  const res = await fetch(`${url}/search?q=${encodeURIComponent('-')}&format=json`);
  const hits = ((await res.json()) as { results: Array<{ href: string }> }).results;
  const more = await fetch(`${url}/search?q=a&format=json`);
  const all = [...hits, ...((await more.json()) as { results: Array<{ href: string }> }).results].map((h) => h.href.replace('/page/', '/data/'));
  return [...new Set(all)].slice(0, 50);
}

async function measure(name: string, url: string, requests: Array<{ path: string; headers: Record<string, string> }>): Promise<Record<string, string | number>> {
  // Warm up once per distinct request (fills the description cache as a running site's would be).
  for (const r of requests) await (await fetch(url + r.path, { headers: r.headers })).arrayBuffer();
  const opts = { url, connections: Number(values.connections), requests: requests.map((r) => ({ method: 'GET', path: r.path, headers: r.headers })) };
  await autocannon({ ...opts, duration: 2 }); // JIT warm-up, not measured
  const cpuBefore = cpuSeconds(serverPid);
  const result = await autocannon({
    url,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    requests: requests.map((r) => ({ method: 'GET', path: r.path, headers: r.headers })),
  });
  const cpuMsPerRequest = ((cpuSeconds(serverPid) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
  const row = {
    name,
    'server CPU ms/req': Math.round(cpuMsPerRequest * 1000) / 1000,
    'req/s per free core': Math.round(1000 / cpuMsPerRequest),
    'req/s (mean)': Math.round(result.requests.average),
    'latency p50 ms': result.latency.p50,
    'latency p99 ms': result.latency.p99,
    'latency max ms': result.latency.max,
    requests: result.requests.total,
    'non-2xx': result.non2xx,
    errors: result.errors + result.timeouts,
  };
  console.log(JSON.stringify(row));
  return row;
}

async function main(): Promise<void> {
  const server = await startServer(values.from!);
  try {
    const paths = await entityPaths(server.url);
    if (paths.length === 0) throw new Error(`no entities found in ${values.from}`);
    const iri = (p: string) => `https://w3id.org/huggingkg/${p.replace('/data/', '')}`;
    // Reference: a bare node:http server on the same machine at the same time — what the machine itself allows right now.
    const bare = await startBareNode();
    const rows = [
      await withPid(bare.pid, () => measure('reference: bare node:http server (not ours)', bare.url, [{ path: '/', headers: {} }])),
      // Baseline: the cheapest route through the same stack (logging, CORS, routing), to read the others against on a
      // machine whose load from other processes varies from run to run.
      await measure('baseline /healthz', server.url, [{ path: '/healthz', headers: {} }]),
      await measure(`dereference /data (Turtle), ${paths.length} entities`, server.url, paths.map((path) => ({ path, headers: { accept: 'text/turtle' } }))),
      await measure(
        `SPARQL lookup (SELECT ?p ?o of one entity, JSON), ${paths.length} entities`,
        server.url,
        paths.map((p) => ({
          path: `/sparql?query=${encodeURIComponent(`SELECT ?p ?o WHERE { <${iri(p)}> ?p ?o }`)}`,
          headers: { accept: 'application/sparql-results+json' },
        })),
      ),
    ];
    console.log(`\nmachine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; ` +
      `graph: ${values.from}; ${values.connections} connections, ${values.seconds} s each; ${new Date().toISOString()}`);
    console.table(rows);
    bare.child.kill('SIGTERM');
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
