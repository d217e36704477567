// **soak bench** (not a test): the real server on loopback under mixed benign traffic (dereference 303s, HTML pages,
// /api, /sparql, /healthz) for a fixed time, while a hostile client (from another loopback address, 127.0.0.2) sends
// one query per second from a corpus of the shapes that used to break it (issue 12): deep nesting, long IN lists,
// string doubling, runaway joins, SERVICE hidden in EXISTS, huge VALUES, updates, system-graph FROMs.
// It records latency percentiles per kind, every error answer to a benign request, workers left broken, and the
// server's RSS after start-up and at the end. Bounded: fixed concurrency, fixed duration, loopback only.
// Usage: see USAGE (`node dist/bench/soak.js --help`). The server runs in a child process (this file with --child), so
// the load generator shares neither its event loop nor its RSS.

import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startServer } from '../src/server/app.js';
import { makeConfig } from '../src/server/config.js';
import { CLASS, DEFAULT_BASE } from '../src/vocab.js';
import { integerArg, numberArg, parseBenchArgs, usageError } from './args.js';

/** What `--help` prints: the options main() reads, with their defaults (--child, internal, is the server process). */
const USAGE = `usage: node dist/bench/soak.js --from OUTDIR [options]

Runs the server over OUTDIR, in a child process on loopback, under mixed benign traffic (dereference 303s, HTML
pages, /api, /sparql, /healthz) while a hostile client on 127.0.0.2 sends one query a second from the corpus of
shapes that used to break it, for a fixed time; prints latency percentiles per kind, error answers to benign
requests, workers left broken and the server's RSS after start-up and at the end, as JSON. Writes nothing unless
--json.

options:
  --from OUTDIR     a build's output directory (required)
  --minutes N       how long (default 10)
  --seconds N       how long, in seconds instead (default: --minutes)
  --workers N       the server's query workers (default 3)
  --timeout S       the server's query timeout in seconds (default 5)
  --json FILE       also write the result to FILE (default: print only)
  -h, --help        print this and exit`;

interface Answer {
  status: number;
  ms: number;
  location?: string;
  body: string;
}

/** One GET or POST from `localAddress`, the body read in full; never rejects (a failure is status 0). */
function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            location: res.headers.location,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (err) => resolve({ status: 0, ms: performance.now() - started, body: String(err) }));
      },
    );
    req.on('error', (err) => resolve({ status: 0, ms: performance.now() - started, body: String(err) }));
    req.setTimeout(120_000, () => req.destroy(new Error('client timeout (120 s)')));
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

const sparqlPost = (query: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
  body: query,
});

/** The hostile corpus: each shape broke a worker, stalled the site or leaked before the fixes of issue 12. */
function hostileCorpus(): Array<{ name: string; query: string; form?: 'update' }> {
  const n = (k: number) => Array.from({ length: k }, (_, i) => i);
  return [
    { name: 'deep-braces', query: 'SELECT * WHERE ' + '{'.repeat(800) + '?s ?p ?o' + '}'.repeat(800) },
    {
      name: 'deep-parens',
      query: 'SELECT * WHERE { ?s ?p ?o FILTER' + '('.repeat(6000) + '1' + ')'.repeat(6000) + ' }',
    },
    { name: 'long-in', query: 'SELECT * WHERE { ?s ?p ?o FILTER(?o IN (' + n(5000).join(',') + ')) }' },
    {
      name: 'many-binds',
      query:
        'SELECT * WHERE { ' +
        n(3000)
          .map((i) => `BIND(${i} AS ?b${i})`)
          .join(' ') +
        ' }',
    },
    {
      name: 'string-doubling',
      query:
        'SELECT (STRLEN(?x30) AS ?n) WHERE { ?s ?p ?x0 ' +
        n(30)
          .map((i) => `BIND(CONCAT(?x${i}, ?x${i}) AS ?x${i + 1})`)
          .join(' ') +
        ' } LIMIT 1',
    },
    { name: 'runaway-join', query: 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }' },
    { name: 'service-in-exists', query: 'SELECT (EXISTS { SERVICE <http://127.0.0.1:1/> {} } AS ?x) {}' },
    {
      name: 'huge-values',
      query:
        'SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { ' +
        n(30_000)
          .map((i) => `<urn:x:${i}>`)
          .join(' ') +
        ' } }',
    },
    {
      name: 'system-graph-from',
      query: 'SELECT * FROM <http://www.openlinksw.com/schemas/virtrdf#> WHERE { ?s ?p ?o } LIMIT 5',
    },
    { name: 'update', query: 'DROP ALL', form: 'update' },
  ];
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

async function child(from: string, workers: number, timeoutS: number): Promise<void> {
  const config = makeConfig({
    outDir: from,
    port: 0,
    host: '127.0.0.1',
    queryWorkers: workers,
    queryTimeoutMs: timeoutS * 1000,
  });
  const server = await startServer(config, pino({ level: process.env.SOAK_LOG_LEVEL ?? 'warn' }));
  process.send?.({ url: server.url });
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const { values } = parseBenchArgs(USAGE, {
    child: { type: 'boolean' },
    from: { type: 'string' },
    minutes: { type: 'string', default: '10' },
    seconds: { type: 'string' },
    workers: { type: 'string', default: '3' },
    timeout: { type: 'string', default: '5' },
    json: { type: 'string' },
  });
  if (!values.from) usageError(USAGE, '--from is required');
  const workers = integerArg(USAGE, '--workers', values.workers);
  const timeoutS = numberArg(USAGE, '--timeout', values.timeout);
  const seconds =
    values.seconds !== undefined
      ? integerArg(USAGE, '--seconds', values.seconds)
      : numberArg(USAGE, '--minutes', values.minutes) * 60;
  if (values.child) return child(values.from, workers, timeoutS);

  const started = Date.now();
  const server: ChildProcess = fork(new URL(import.meta.url).pathname, [
    '--child',
    '--from',
    values.from,
    '--workers',
    String(workers),
    '--timeout',
    String(timeoutS),
  ]);
  const url = await new Promise<string>((resolve, reject) => {
    server.once('message', (m: { url: string }) => resolve(m.url));
    server.once('exit', (code) => reject(new Error(`the server exited with code ${code} before it listened`)));
  });
  const startUpMs = Date.now() - started;
  const pid = server.pid!;

  // Entities to visit, found through the endpoint (no names written here).
  const list = await send(`${url}/sparql`, sparqlPost(`SELECT ?m WHERE { ?m a <${CLASS.Model}> } LIMIT 300`));
  const base =
    (JSON.parse(readFileSync(join(values.from, 'build-report.json'), 'utf8')) as { base?: string }).base ??
    DEFAULT_BASE;
  const iris = (
    JSON.parse(list.body) as { results: { bindings: Array<{ m: { value: string } }> } }
  ).results.bindings.map((b) => b.m.value);
  // The server answers an IRI under the base at the same path on its own origin.
  const models = iris.filter((iri) => iri.startsWith(base)).map((iri) => iri.slice(base.length - 1));
  if (models.length === 0) throw new Error('no models in the graph');
  const rssAfterStartUp = rssOf(pid);

  const latencies = {
    healthz: [] as number[],
    deref303: [] as number[],
    page: [] as number[],
    api: [] as number[],
    sparql: [] as number[],
  };
  const benignErrors: Array<{ kind: string; path: string; status: number; body: string }> = [];
  const hostile: Record<string, Record<number, number>> = {};
  const deadline = Date.now() + seconds * 1000;
  const pick = () => models[Math.floor(Math.random() * models.length)] ?? '/';
  const check = (kind: keyof typeof latencies, path: string, a: Answer, expected: number[]) => {
    latencies[kind].push(a.ms);
    if (!expected.includes(a.status)) benignErrors.push({ kind, path, status: a.status, body: a.body.slice(0, 300) });
  };

  async function benignLoop(): Promise<void> {
    let turn = 0;
    while (Date.now() < deadline) {
      const model = pick();
      switch (turn++ % 4) {
        case 0:
          check('deref303', model, await send(`${url}${model}`, { headers: { accept: 'text/turtle' } }), [303]);
          break;
        case 1:
          check(
            'page',
            `/page${model}`,
            await send(`${url}/page${model}`, { headers: { accept: 'text/html' } }),
            [200],
          );
          break;
        case 2: {
          const path = `/api/lineage?model=${encodeURIComponent(model.slice(1))}&direction=ancestors&depth=2`;
          check('api', path, await send(`${url}${path}`, { headers: { accept: 'application/json' } }), [200]);
          break;
        }
        default: {
          const query = `SELECT ?p ?o WHERE { <${base}${model.slice(1)}> ?p ?o } LIMIT 20`;
          check('sparql', 'sparql', await send(`${url}/sparql`, sparqlPost(query)), [200]);
        }
      }
    }
  }

  async function healthLoop(): Promise<void> {
    while (Date.now() < deadline) {
      check('healthz', '/healthz', await send(`${url}/healthz`), [200]);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function hostileLoop(): Promise<void> {
    const corpus = hostileCorpus();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; Date.now() < deadline; i++) {
      const item = corpus[i % corpus.length]!; // the corpus is a fixed non-empty list
      const opts =
        item.form === 'update'
          ? { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: item.query }
          : sparqlPost(item.query);
      inFlight.push(
        send(`${url}/sparql`, { ...opts, localAddress: '127.0.0.2' }).then((a) => {
          const byStatus = (hostile[item.name] ??= {});
          byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
        }),
      );
      await new Promise((r) => setTimeout(r, 1000));
    }
    await Promise.all(inFlight);
  }

  // The machine is shared: the 1-minute load average, sampled every 10 s, says how busy it was.
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(loadavg()[0]!), 10_000);
  await Promise.all([benignLoop(), benignLoop(), healthLoop(), hostileLoop()]);
  clearInterval(sampler);
  // Give a replacement that is still reloading time to finish, then read what is left.
  await new Promise((r) => setTimeout(r, 2000));
  const health = JSON.parse((await send(`${url}/healthz`)).body) as {
    workers: { total: number; ready: number; loading: number };
    replaced: Record<string, number>;
  };
  for (let i = 0; i < 60 && health.workers.loading > 0; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    Object.assign(health, JSON.parse((await send(`${url}/healthz`)).body));
  }
  const rssAtEnd = rssOf(pid);
  server.kill('SIGTERM');

  const summarise = (v: number[]) => ({
    n: v.length,
    p50: Math.round(percentile(v, 50)),
    p99: Math.round(percentile(v, 99)),
    max: Math.round(Math.max(0, ...v)),
  });
  const summary = {
    healthz: summarise(latencies.healthz),
    deref303: summarise(latencies.deref303),
    page: summarise(latencies.page),
    api: summarise(latencies.api),
    sparql: summarise(latencies.sparql),
  };
  const result = {
    date: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      memGb: Math.round(totalmem() / 2 ** 30),
      loadAvg1m: {
        mean: Math.round((loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)) * 10) / 10,
        max: Math.max(0, ...loads),
      },
    },
    graph: values.from,
    seconds,
    workers,
    queryTimeoutS: timeoutS,
    startUpMs,
    latencyMs: summary,
    benignErrors: benignErrors.length,
    benignErrorSamples: benignErrors.slice(0, 10),
    hostileByStatus: hostile,
    workersAtEnd: health.workers,
    replaced: health.replaced,
    workersLeftBroken: health.workers.total - health.workers.ready,
    rssAfterStartUpMb: Math.round(rssAfterStartUp / 2 ** 20),
    rssAtEndMb: Math.round(rssAtEnd / 2 ** 20),
    rssRatio: Math.round((rssAtEnd / rssAfterStartUp) * 100) / 100,
    criteria: {
      healthzP99Under200: summary.healthz.p99 < 200,
      pageAnd303P99Under500: summary.page.p99 < 500 && summary.deref303.p99 < 500,
      noWorkerLeftBroken: health.workers.total === health.workers.ready,
      rssUnder1_5x: rssAtEnd < 1.5 * rssAfterStartUp,
      noBenignError: benignErrors.length === 0,
    },
  };
  const text = JSON.stringify(result, null, 2);
  if (values.json) writeFileSync(values.json, text + '\n');
  console.log(text);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
