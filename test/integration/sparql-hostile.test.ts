// Hostile queries against the real server and the real embedded store (issue 12, items 1-5): each case is a query
// shape that broke a worker, stalled the site, kept memory or slipped past the SERVICE allowlist before the fix.

import assert from 'node:assert/strict';
import { OBJ } from '../../src/vocab.js';
import type { RunningServer } from '../../src/server/app.js';
import { queryShape } from '../../src/server/sparql-guard.js';
import { SparqlParser } from '../../src/server/sparql-parse.js';
import { openEmbeddedStore, QueryResourceError, type EmbeddedStore } from '../../src/store/embedded.js';
import { likesGraph, sampleGraph, writeGraphFile } from '../helpers/graph.js';
import { pino } from 'pino';
import { makeConfig } from '../../src/server/config.js';
import { FIXTURE_GRAPH, raw, serveOverWrappedStore, startTestServer, type ListeningApp } from '../helpers/server.js';
import { startSparqlServer, type SparqlServer } from '../helpers/sparql-app.js';

const q = (query: string) => `?query=${encodeURIComponent(query)}`;
const post = (endpoint: string, query: string) =>
  fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
    body: query,
  });

/** 800 nested group patterns (3 KB) and a FILTER with 6,000 parentheses: both crashed oxigraph's WebAssembly stack. */
const DEEP_BRACES = 'SELECT * WHERE ' + '{'.repeat(800) + '?s ?p ?o' + '}'.repeat(800);
const DEEP_PARENS = 'SELECT * WHERE { ?s ?p ?o FILTER' + '('.repeat(6000) + '1' + ')'.repeat(6000) + ' }';
/** A 5,000-item IN list: flat, but oxigraph's recursion over it overflows too. */
const LONG_IN =
  'SELECT * WHERE { ?s ?p ?o FILTER(?o IN (' + Array.from({ length: 5000 }, (_, i) => i).join(',') + ')) }';
/** Each BIND doubles the string: 2^30 copies of its seed, gigabytes of WebAssembly memory. */
const DOUBLING =
  'SELECT (STRLEN(?x30) AS ?n) WHERE { BIND("0123456789" AS ?x0) ' +
  Array.from({ length: 30 }, (_, i) => `BIND(CONCAT(?x${i}, ?x${i}) AS ?x${i + 1})`).join(' ') +
  ' }';
/** Never ends within a test: a three-way cartesian product over thousands of triples. */
const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
/** The same over the small fixture graph (216 triples): four patterns, ~2.2e9 rows. */
const RUNAWAY4 = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';

describe('sparql-guard: the shape of a query, measured before parsing', function () {
  const cases: Array<[string, string, { depth?: number; tokens?: number }]> = [
    ['a plain query', 'SELECT ?s WHERE { ?s ?p ?o }', { depth: 1, tokens: 8 }],
    [
      'brackets in strings, IRIs and comments do not count',
      'SELECT * { ?s <http://x/((> "}}((" # ((((\n }',
      { depth: 1 },
    ],
    ['< as an operator is not an IRI', 'SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }', { depth: 2, tokens: 17 }],
    [
      'VALUES rows are not counted',
      'SELECT * { ?s ?p ?o } VALUES (?s ?o) { (<a:b> 1) (<a:c> 2) (<a:d> 3) }',
      { depth: 2, tokens: 14 },
    ],
    ['800 nested groups', DEEP_BRACES, { depth: 800 }],
    ['a long-string literal with quotes inside', 'SELECT * { BIND("""a "b" ((( """ AS ?x) }', { depth: 2, tokens: 10 }],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const shape = queryShape(text);
      if (expected.depth !== undefined) assert.equal(shape.depth, expected.depth);
      if (expected.tokens !== undefined) assert.equal(shape.tokens, expected.tokens);
    });
  }
});

describe('hostile queries at the endpoint (real server, embedded store) @slow', function () {
  this.timeout(120_000);
  let server: RunningServer;

  before(async () => {
    server = await startTestServer({ queryWorkers: 2 });
  });
  after(() => server?.close());

  for (const [name, query, pattern] of [
    ['800 nested groups', DEEP_BRACES, /nests 800 levels .* at most 64/],
    ['a FILTER with 6,000 parentheses', DEEP_PARENS, /nests 6001 levels/],
    ['a 5,000-item IN list', LONG_IN, /syntax tokens outside VALUES data; this endpoint accepts at most 4000/],
  ] as const) {
    it(`refuses ${name} with 400, and every worker still answers afterwards`, async () => {
      const res = await post(`${server.url}/sparql`, query);
      assert.equal(res.status, 400);
      assert.match(await res.text(), pattern);
      for (let i = 0; i < 6; i++) {
        const ok = await fetch(`${server.url}/sparql${q('ASK { ?s ?p ?o }')}`, {
          headers: { accept: 'application/sparql-results+json' },
        });
        assert.equal(ok.status, 200, `query ${i} after the hostile one`);
      }
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      const body = (await health.json()) as { workers: { ready: number; total: number }; replaced: { crash: number } };
      assert.equal(body.workers.ready, 2);
      assert.equal(body.replaced.crash, 0, 'nothing reached the engine');
    });
  }

  it('a huge VALUES block is answered (its rows do not count against the token limit)', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<urn:x:${i}>`).join(' ');
    const res = await post(`${server.url}/sparql`, `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { ${rows} } }`);
    assert.equal(res.status, 200);
    const json = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
    assert.equal(json.results.bindings[0]?.n?.value, '20000');
  });

  for (const [where, query] of [
    ['the projection', 'SELECT (EXISTS { SERVICE <http://127.0.0.1:1/> {} } AS ?x) {}'],
    ['ORDER BY', 'SELECT * { ?s ?p ?o } ORDER BY (EXISTS { SERVICE <http://127.0.0.1:1/> {} })'],
    ['HAVING', 'SELECT ?s { ?s ?p ?o } GROUP BY ?s HAVING (EXISTS { SERVICE <http://127.0.0.1:1/> {} })'],
    ['GROUP BY', 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY (EXISTS { SERVICE <http://127.0.0.1:1/> {} })'],
    ["a sub-query's projection", 'SELECT * { { SELECT (EXISTS { SERVICE <http://127.0.0.1:1/> {} } AS ?x) {} } }'],
  ] as const) {
    it(`refuses a SERVICE hidden in ${where} with 403 (federation allowlist)`, async () => {
      const res = await fetch(`${server.url}/sparql${q(query)}`);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /SERVICE <http:\/\/127\.0\.0\.1:1\/> is refused/);
    });
  }
});

describe('a query that crashes the engine replaces its worker (embedded store) @slow', function () {
  this.timeout(120_000);
  let store: EmbeddedStore;
  before(async () => {
    store = await openEmbeddedStore({ files: [writeGraphFile(sampleGraph())], workers: 1 });
  });
  after(() => store?.close());

  it('the store refuses the crashing query, replaces the worker, and the next queries answer', async () => {
    // Straight to the store: the endpoint's guard would refuse it before the engine sees it.
    await assert.rejects(
      store.select(DEEP_PARENS),
      (err: Error) =>
        err instanceof QueryResourceError && err.reason === 'crash' && /crashed the query engine/.test(err.message),
    );
    for (let i = 0; i < 3; i++) assert.equal(await store.ask('ASK { ?s ?p ?o }'), true, `query ${i} after the crash`);
    const health = store.health!();
    assert.equal((health.replaced as { crash: number }).crash, 1);
    assert.equal(health.ok, true);
  });
});

describe('memory: a query past the memory limit stops and its worker is replaced (embedded store) @slow', function () {
  this.timeout(120_000);
  let store: EmbeddedStore;
  before(async () => {
    store = await openEmbeddedStore({
      files: [writeGraphFile(sampleGraph())],
      workers: 1,
      queryMemoryMb: 200,
      workerHeadroomMb: 64,
    });
  });
  after(() => store?.close());

  it(
    'stops the string-doubling query with a memory error, and the ' + 'store answers again at its start-up size',
    async () => {
      await assert.rejects(
        store.select(DOUBLING),
        (err: Error) => err instanceof QueryResourceError && err.reason === 'memory',
      );
      assert.equal(await store.ask('ASK { ?s ?p ?o }'), true);
      const health = store.health!() as {
        ok: boolean;
        replaced: { memory: number; crash: number };
        rssBytes: number;
        rssLimitBytes: number;
      };
      assert.equal(health.replaced.memory + health.replaced.crash, 1, 'exactly one worker replaced');
      assert.ok(health.rssBytes <= health.rssLimitBytes, 'memory came back under the limit');
      assert.equal(health.ok, true);
    },
  );
});

describe('/healthz tells the truth about the embedded store', function () {
  this.timeout(60_000);
  let http: ListeningApp;
  let state: 'well' | 'over-memory' | 'no-worker' = 'well';
  before(async () => {
    const config = makeConfig({ outDir: FIXTURE_GRAPH, queryWorkers: 1 });
    http = await serveOverWrappedStore(config, pino({ level: 'silent' }), (real) => ({
      ...real,
      health: () => {
        const h = real.health!();
        // As the store reports a process past its memory limit (a query took gigabytes), or every worker reloading.
        if (state === 'over-memory') return { ...h, degraded: true, rssBytes: (h.rssLimitBytes as number) + 1 };
        if (state === 'no-worker')
          return { ...h, ok: false, degraded: true, workers: { total: 1, ready: 0, busy: 0, loading: 1 } };
        return h;
      },
    }));
  });
  after(() => http?.close());

  it(
    'answers ok with workers, replacements and memory; degraded ' + 'past the memory limit; 503 with no worker loaded',
    async () => {
      const ok = await raw(http.url, '/healthz');
      assert.equal(ok.status, 200);
      const body = JSON.parse(ok.text) as {
        status: string;
        ready: boolean;
        workers: { ready: number };
        replaced: object;
        rssBytes: number;
        rssLimitBytes: number;
      };
      assert.deepEqual([body.status, body.ready, body.workers.ready], ['ok', true, 1]);
      assert.ok(body.rssBytes > 0 && body.rssLimitBytes > body.rssBytes);
      state = 'over-memory';
      const high = await raw(http.url, '/healthz');
      assert.equal(high.status, 200);
      assert.equal((JSON.parse(high.text) as { status: string }).status, 'degraded');
      state = 'no-worker';
      const bad = await raw(http.url, '/healthz');
      assert.equal(bad.status, 503);
      assert.deepEqual(
        [(JSON.parse(bad.text) as { status: string }).status, (JSON.parse(bad.text) as { ready: boolean }).ready],
        ['unavailable', false],
      );
    },
  );
});

describe("user SPARQL cannot take the site's capacity (real server, two workers) @slow", function () {
  this.timeout(120_000);
  let server: RunningServer;
  before(async () => {
    // A long timeout: the site's answers must come while the user queries still run, even on a loaded machine.
    server = await startTestServer({ queryWorkers: 2, queryTimeoutMs: 15_000, queryQueue: 1, queriesPerClient: 2 });
  });
  after(() => server?.close());

  it(
    'pages, 303s, /api and /healthz answer while user queries hold ' +
      'the user lane; a full queue answers 503/429 + Retry-After',
    async () => {
      const order: string[] = [];
      // The first runs, the second waits in the one-place queue: together they would have filled both workers before.
      const slow = [1, 2].map((i) =>
        post(`${server.url}/sparql`, RUNAWAY4).then(async (r) => {
          order.push(`runaway ${i}`);
          return r.status;
        }),
      );
      await new Promise((r) => setTimeout(r, 200));
      const full = await post(`${server.url}/sparql`, 'ASK { ?s ?p ?o }');
      assert.equal(full.status, 429, 'this client already has two queries in');
      assert.ok(Number(full.headers.get('retry-after')) > 0);
      for (const [path, status] of [
        ['/healthz', 200],
        ['/model/org-a/base-llm', 303],
        ['/page/model/org-a/base-llm', 200],
        ['/api/lineage?model=model/org-a/base-llm&direction=descendants', 200],
      ] as const) {
        const r = await raw(server.url, path, {
          headers: { accept: path.startsWith('/api') ? 'application/json' : 'text/html' },
        });
        assert.equal(r.status, status, path);
        order.push(path);
      }
      assert.deepEqual(await Promise.all(slow), [503, 503], 'both runaway queries stopped at the timeout');
      assert.deepEqual(
        order.slice(0, 4),
        [
          '/healthz',
          '/model/org-a/base-llm',
          '/page/model/org-a/base-llm',
          '/api/lineage?model=model/org-a/base-llm&direction=descendants',
        ],
        'the site answered while the user queries ran',
      );
    },
  );
});

describe('the user queue is bounded and fair between clients (embedded store, one worker)', function () {
  this.timeout(120_000);
  let store: EmbeddedStore;
  before(async () => {
    store = await openEmbeddedStore({
      files: [writeGraphFile(likesGraph(300, 100, 4))],
      workers: 1,
      maxQueued: 3,
      maxPerClient: 3,
    });
  });
  after(() => store?.close());

  it('serves waiting clients round-robin, and refuses past the queue with QueueFullError', async () => {
    const order: string[] = [];
    const ask = (
      client: string,
      name: string,
      query = `SELECT * { ?u <${OBJ.likes}> ?m } LIMIT 1`,
      timeoutMs?: number,
    ) =>
      store.select(query, { lane: 'user', client, timeoutMs }).then(
        () => order.push(name),
        (err: Error) => order.push(`${name}: ${err.name}`),
      );
    const runaway = ask('a', 'a1', RUNAWAY, 1500);
    const queued = [ask('a', 'a2'), ask('a', 'a3'), ask('b', 'b1')];
    await assert.rejects(store.ask('ASK {}', { lane: 'user', client: 'c' }), { name: 'QueueFullError' });
    await Promise.all([runaway, ...queued]);
    assert.deepEqual(order, ['a1: QueryTimeoutError', 'a2', 'b1', 'a3'], "b1 is not kept behind all of a's queries");
  });
});

describe('SparqlParser: user queries are parsed off the event loop', function () {
  this.timeout(60_000);

  it('answers the analysis from its worker thread, GRAPH names included', async () => {
    const parser = new SparqlParser();
    try {
      const summary = await parser.analyze(
        'SELECT * FROM <urn:g> { GRAPH <urn:h> { ?s ?p ?o } SERVICE <urn:svc> {} }',
        'http://example.org/sparql',
      );
      assert.equal(summary.kind, 'query');
      if (summary.kind !== 'query') return;
      assert.deepEqual(
        [summary.form, summary.from, summary.graphs, summary.services],
        ['SELECT', ['urn:g'], ['urn:h'], ['urn:svc']],
      );
      assert.match(await parser.cap('SELECT * { ?s ?p ?o }', 'http://example.org/sparql', 11), /LIMIT 11\s*$/);
      await assert.rejects(parser.analyze('SELECT * {', 'http://example.org/sparql'), { name: 'QuerySyntaxError' });
    } finally {
      await parser.close();
    }
  });

  it('stops a parse that runs past its time and parses the next query on a fresh thread', async () => {
    // A 2.4 MB VALUES block takes sparqljs seconds; a one-line query takes a fresh thread well under the 1.5 s allowed.
    const parser = new SparqlParser(1500);
    try {
      const rows = Array.from({ length: 150_000 }, (_, i) => `<urn:x:${i}>`).join(' ');
      await assert.rejects(
        parser.analyze(`SELECT * { VALUES ?x { ${rows} } }`, 'http://example.org/'),
        /longer than 1500 ms to parse/,
      );
      const next = await parser.analyze('ASK { ?s ?p ?o }', 'http://example.org/');
      assert.equal(next.kind === 'query' && next.form, 'ASK');
    } finally {
      await parser.close();
    }
  });
});

describe('the endpoint in a queue-full state (sparql app, one worker) @slow', function () {
  this.timeout(60_000);
  let server: SparqlServer;
  before(async () => {
    server = await startSparqlServer([writeGraphFile(likesGraph(300, 100, 4))], {
      queryWorkers: 1,
      queryTimeoutMs: 2000,
      queryQueue: 1,
      queriesPerClient: 10,
    });
  });
  after(() => server?.close());

  it('answers 503 with Retry-After when the user queue is full', async () => {
    const slow = [post(server.endpoint, RUNAWAY), post(server.endpoint, RUNAWAY)];
    await new Promise((r) => setTimeout(r, 200));
    const res = await post(server.endpoint, 'ASK { ?s ?p ?o }');
    assert.equal(res.status, 503);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    assert.match(await res.text(), /queue is full/);
    for (const r of await Promise.all(slow)) assert.equal(r.status, 503);
  });
});
