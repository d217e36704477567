// **load bench** (not a test): the server under HTTP load on loopback, with autocannon at 64 connections — entity
// dereference (the 303 from the entity IRI, and /data/... as Turtle, plain and gzip) and a simple SPARQL lookup —
// reporting requests/s, latency p50/p99, the server's CPU per request, and the machine's load average during each row.
// The server runs in its own process (`huggingkg serve`, request logging on) so the load generator does not share its
// event loop. Usage: see USAGE (`node dist/bench/load.js --help`). A bare node:http reference and a /healthz baseline
// come first, so results can be read as ratios on a busy machine. Every row is warmed up (each distinct request once,
// then 2 s of load). The embedded store's start-up (load and warm-up per worker) is read from the server's log, which
// is then removed unless --keep-log.
// `--cold` runs the cold dereference bench instead (bench/load-cold.ts).

import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../src/paths.js';
import { integerArg, parseBenchArgs } from './args.js';
import { processCpuMs } from './measure.js';
import { runCold } from './load-cold.js';

interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface Result {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  non2xx: number;
  timeouts: number;
  duration: number;
  '2xx': number;
  '3xx': number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** What `--help` prints: the options read below, with their defaults. */
const USAGE = `usage: node dist/bench/load.js [options]
       node dist/bench/load.js --cold [options]

Starts \`huggingkg serve --from OUTDIR\` in its own process and loads it with autocannon on loopback: a bare node:http
reference, /healthz, entity dereference (the 303, /data/... as Turtle, plain and gzip) and a SPARQL lookup, each row
warmed up; prints requests/s, latency p50/p99/max, the server's CPU per request and the load average of each row, and
whether dereferencing meets >= 2000 req/s with p99 <= 50 ms. Writes nothing unless --json.
With --cold, runs the cold dereference bench instead (bench/load-cold.ts): every entity of the build once, in seeded
shuffled order, right after a server (re)start, against each of --servers, the rounds interleaved.

options:
  --from OUTDIR       the build directory to serve (default test/fixtures/graph)
  --seconds N         measured seconds per row (default 10; not with --cold)
  --connections N     concurrent connections (default 64)
  --json FILE         also write the results as JSON to FILE (default: print only)
  --keep-log          keep the server's log and print its path (default: removed; not with --cold)
  --cold              run the cold dereference bench
  --rounds N          --cold: rounds, each running every server once (default 2)
  --servers S,S...    --cold: embedded, virtuoso, trifid, and with --baseline embedded-baseline, virtuoso-baseline
                      (default embedded,virtuoso,trifid)
  --seed N            --cold: the shuffle's seed (default 1)
  --trifid-dir DIR    --cold: a folder where Trifid is installed already (node_modules/trifid; default: installed into
                      a temporary folder)
  --limit N           --cold: ask for at most N entities per run (default: all)
  --baseline DIR      --cold: another checkout of the project, compiled, run as the servers embedded-baseline and
                      virtuoso-baseline
  -h, --help          print this and exit`;

const { values } = parseBenchArgs(USAGE, {
  from: { type: 'string', default: join(ROOT, 'test', 'fixtures', 'graph') },
  seconds: { type: 'string', default: '10' },
  connections: { type: 'string', default: '64' },
  json: { type: 'string' },
  'keep-log': { type: 'boolean', default: false },
  // Cold mode (bench/load-cold.ts): every entity once, in shuffled order, right after a restart.
  cold: { type: 'boolean', default: false },
  rounds: { type: 'string', default: '2' },
  servers: { type: 'string', default: 'embedded,virtuoso,trifid' },
  seed: { type: 'string', default: '1' },
  'trifid-dir': { type: 'string' },
  limit: { type: 'string' },
  baseline: { type: 'string' },
});
const connections = integerArg(USAGE, '--connections', values.connections);
const seconds = integerArg(USAGE, '--seconds', values.seconds);
const rounds = integerArg(USAGE, '--rounds', values.rounds);
const seed = integerArg(USAGE, '--seed', values.seed, { min: 0 });
const limit = values.limit === undefined ? undefined : integerArg(USAGE, '--limit', values.limit);

/** CPU seconds (user + system) the server process has used: unlike wall-clock rates, this does not depend on how busy
 * the rest of the machine is, so 1 / (CPU per request) is what one free core would sustain. Linux /proc only. */
function cpuSeconds(pid: number): number {
  return processCpuMs(pid) / 1000;
}

let serverPid = 0;

async function startServer(
  from: string,
): Promise<{ url: string; logFile: string; logDir: string; stop(): Promise<void> }> {
  // The server logs every request (as in production), to a file: piped to this process, reading the log would compete
  // with the load generator for the same event loop.
  const logDir = mkdtempSync(join(tmpdir(), 'huggingkg-load-'));
  const logFile = join(logDir, 'server.log');
  const out = openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'src', 'cli.js'), 'serve', '--from', from, '--port', '0', '--host', '127.0.0.1'],
    {
      stdio: ['ignore', out, 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'info' },
    },
  );
  closeSync(out);
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode} before listening; see ${logFile}`);
    url = /"url":"(http:\/\/[^"]+)"/.exec(readFileSync(logFile, 'utf8'))?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  serverPid = child.pid!;
  // The server's one-off background work after start-up (search index, canned-query examples) would share the CPU
  // with the first rows: they start once it is done (as in bench/load-cold.ts).
  while (
    !['"msg":"search index', '"msg":"canned-query examples'].every((m) => readFileSync(logFile, 'utf8').includes(m))
  ) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    logFile,
    logDir,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function startBareNode() {
  const code = `require('node:http').createServer((q, s) => {
      s.setHeader('content-type', 'application/json'); s.end('{"status":"ok"}'); })
    .listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) =>
    child.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim())),
  );
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
  const all = [...hits, ...((await more.json()) as { results: Array<{ href: string }> }).results].map((h) =>
    h.href.replace('/page/', '/data/'),
  );
  return [...new Set(all)].slice(0, 50);
}

/**
 * The 1-minute load average, sampled every second while `f` runs: other processes on the machine compete for the cores.
 */
async function withLoadAverage<T>(f: () => Promise<T>): Promise<{ value: T; load: { min: number; max: number } }> {
  const samples = [loadavg()[0]!]; // loadavg() gives three numbers
  const timer = setInterval(() => samples.push(loadavg()[0]!), 1000);
  try {
    const value = await f();
    samples.push(loadavg()[0]!);
    return { value, load: { min: Math.min(...samples), max: Math.max(...samples) } };
  } finally {
    clearInterval(timer);
  }
}

type Row = Record<string, string | number>;

async function measure(
  name: string,
  url: string,
  requests: Array<{ path: string; headers: Record<string, string> }>,
  expectStatus = 200,
): Promise<Row> {
  // Warm up once per distinct request (fills the description cache as a running site's would be).
  for (const r of requests) {
    const res = await fetch(url + r.path, { headers: r.headers, redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status !== expectStatus)
      throw new Error(`${name}: ${r.path} answered ${res.status}, expected ${expectStatus}`);
  }
  const opts = {
    url,
    connections,
    requests: requests.map((r) => ({ method: 'GET', path: r.path, headers: r.headers })),
  };
  await autocannon({ ...opts, duration: 2 }); // JIT warm-up, not measured
  const cpuBefore = cpuSeconds(serverPid);
  const { value: result, load } = await withLoadAverage(() => autocannon({ ...opts, duration: seconds }));
  const cpuMsPerRequest = ((cpuSeconds(serverPid) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
  // autocannon counts answers by status class; a 303 row expects 3xx, the others 2xx.
  const expected = expectStatus >= 300 ? result['3xx'] : result['2xx'];
  const row = {
    name,
    'server CPU ms/req': Math.round(cpuMsPerRequest * 1000) / 1000,
    'req/s per free core': Math.round(1000 / cpuMsPerRequest),
    'req/s (mean)': Math.round(result.requests.average),
    'latency p50 ms': result.latency.p50,
    'latency p99 ms': result.latency.p99,
    'latency max ms': result.latency.max,
    requests: result.requests.total,
    'unexpected status': result.requests.total - expected,
    errors: result.errors + result.timeouts,
    'load avg (1 min)': `${load.min.toFixed(1)}–${load.max.toFixed(1)}`,
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
    // Reference: a bare node:http server on the same machine at the same time — what the machine itself allows right
    // now.
    const bare = await startBareNode();
    const rows = [
      await withPid(bare.pid, () =>
        measure('reference: bare node:http server (not ours)', bare.url, [{ path: '/', headers: {} }]),
      ),
      // Baseline: the cheapest express route through the same stack (request log, CORS, routing, compression).
      await measure('baseline /healthz', server.url, [{ path: '/healthz', headers: {} }]),
      await measure(
        `dereference: entity IRI → 303, ${paths.length} entities`,
        server.url,
        paths.map((path) => ({ path: path.replace('/data/', '/'), headers: { accept: 'text/turtle' } })),
        303,
      ),
      await measure(
        `dereference: /data as Turtle, ${paths.length} entities`,
        server.url,
        paths.map((path) => ({ path, headers: { accept: 'text/turtle' } })),
      ),
      await measure(
        `dereference: /data as Turtle, gzip, ${paths.length} entities`,
        server.url,
        paths.map((path) => ({ path, headers: { accept: 'text/turtle', 'accept-encoding': 'gzip' } })),
      ),
      await measure(
        `SPARQL lookup (SELECT ?p ?o of one entity, JSON), ${paths.length} entities`,
        server.url,
        paths.map((p) => ({
          path: `/sparql?query=${encodeURIComponent(`SELECT ?p ?o WHERE { <${iri(p)}> ?p ?o }`)}`,
          headers: { accept: 'application/sparql-results+json' },
        })),
      ),
    ];
    const machine =
      `${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} ` +
      `GiB, node ${process.version}`;
    const when = new Date().toISOString();
    const startup = startupOf(server.logFile);
    console.log(
      `\nmachine: ${machine}; graph: ${values.from}; ${values.connections} ` +
        `connections, ${values.seconds} s each; ${when}`,
    );
    console.log(
      `start-up: ${
        startup
          ? `store loaded in ${startup.loadMs} ms (${startup.workers
              .map((w) => `worker ${w.worker}: load ${w.ms} ms, warm-up ${w.warmUpMs} ` + `ms`)
              .join('; ')})`
          : 'not in the server log'
      }`,
    );
    console.table(rows);
    // The issue's target for dereferencing: >= 2,000 req/s with p99 <= 50 ms.
    for (const row of rows.filter((r) => String(r.name).startsWith('dereference'))) {
      const met = Number(row['req/s (mean)']) >= 2000 && Number(row['latency p99 ms']) <= 50;
      console.log(
        `${met ? 'MET    ' : 'NOT MET'} ${row.name}: ${row['req/s (mean)']} ` +
          `req/s, p99 ${row['latency p99 ms']} ms (target >= 2000 req/s, ` +
          `p99 <= 50 ms)`,
      );
    }
    if (values.json)
      writeFileSync(
        values.json,
        JSON.stringify(
          {
            machine,
            when,
            from: values.from,
            connections,
            seconds,
            startup,
            rows,
          },
          null,
          2,
        ) + '\n',
      );
    bare.child.kill('SIGTERM');
  } finally {
    await server.stop();
    if (values['keep-log']) console.log(`server log: ${server.logFile}`);
    else rmSync(server.logDir, { recursive: true, force: true });
  }
}

/** The embedded store's start-up from the server log: the whole load, and each query worker's load and warm-up. */
function startupOf(
  logFile: string,
): { loadMs: number; workers: Array<{ worker: number; ms: number; warmUpMs: number }> } | undefined {
  const lines = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const loaded = lines.find((l) => l.msg === 'embedded store loaded');
  if (!loaded) return undefined;
  const workers = lines
    .filter((l) => l.msg === 'query worker loaded the graph')
    .map((l) => ({ worker: Number(l.worker), ms: Number(l.ms), warmUpMs: Number(l.warmUpMs) }));
  return { loadMs: Number(loaded.ms), workers };
}

const bench = values.cold
  ? () =>
      runCold({
        from: values.from!,
        rounds,
        connections,
        servers: values.servers!.split(','),
        seed,
        trifidDir: values['trifid-dir'],
        json: values.json,
        limit,
        baseline: values.baseline,
      })
  : main;

bench().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
