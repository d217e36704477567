// /api: the canned-query routes on a real express server (127.0.0.1, port 0) over the embedded store with the fixture
// graph.
// One request, one expected status, type and content per case.

import assert from 'node:assert/strict';
import express from 'express';
import pino from 'pino';
import { apiRouter } from '../../src/server/api.js';
import { makeConfig } from '../../src/server/config.js';
import type { EmbeddedStore } from '../../src/store/embedded.js';
import { listQueries } from '../../src/queries/registry.js';
import { fixtureStore, short } from '../helpers/queries-fixture.js';
import { listenOnLoopback, type ListeningApp } from '../helpers/server.js';

describe('/api canned-query routes', () => {
  let store: EmbeddedStore;
  let server: ListeningApp;
  let url: string;

  before(async () => {
    store = await fixtureStore();
    const app = express();
    app.use('/api', apiRouter({ store, config: makeConfig({}), logger: pino({ level: 'silent' }) }));
    server = await listenOnLoopback(app);
    url = server.url;
  });
  after(async () => {
    await server.close();
    await store.close();
  });

  const get = async (path: string, accept = 'application/json') => {
    const res = await fetch(url + path, { headers: { accept } });
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await res.json() : await res.text();
    return { status: res.status, type, body: body as any };
  };

  const cases: Array<[string, number, (body: any) => void]> = [
    [
      '/api/queries',
      200,
      (b) => {
        const rec = b.queries.find((q: any) => q.name === 'recommend-items');
        assert.deepEqual(
          rec.params.map((p: any) => p.name),
          ['user', 'kind', 'wPop', 'wCold', 'k'],
        );
        assert.match(rec.example, /^\/api\/queries\/recommend-items\?user=/);
        assert.match(b.shortcuts.lineage, /direction/);
      },
    ],
    [
      '/api/queries/recommend-items?user=user/alice&kind=model&k=3',
      200,
      (b) => {
        assert.equal(b.name, 'recommend-items');
        assert.equal(short(b.rows[0].item), 'model/dave/llm-lora');
        assert.equal(b.rows.length, 3);
        assert.match(b.sparql, /<https:\/\/w3id\.org\/huggingkg\/user\/alice>/);
        assert.match(b.sparql, /LIMIT 3/);
        assert.equal(b.params.kind, 'model');
        assert.equal(typeof b.elapsedMs, 'number');
      },
    ],
    ['/api/queries/no-such-query', 404, (b) => assert.match(b.error, /unknown query "no-such-query"/)],
    [
      '/api/queries/recommend-items?user=x%3E%20%7D%20%3B%20DROP%20ALL',
      400,
      (b) => assert.match(b.error, /parameter user/),
    ],
    ['/api/queries/recommend-items?user=user/alice&user=user/bob', 400, (b) => assert.match(b.error, /more than once/)],
    ['/api/queries/recommend-items?user=user/alice&colour=red', 400, (b) => assert.match(b.error, /colour/)],
    ['/api/queries/recommend-items', 400, (b) => assert.match(b.error, /needs parameter user/)],
    ['/api/recommend?user=user/alice&k=2', 200, (b) => assert.equal(b.rows.length, 2)],
    [
      '/api/classify?entity=model/carol/llm-chat-ft-gguf',
      200,
      (b) => assert.equal(short(b.rows[0].task), 'task/text-generation'),
    ],
    [
      '/api/lineage?model=model/carol/llm-chat-ft-gguf&direction=ancestors&depth=1',
      200,
      (b) => {
        assert.equal(b.name, 'lineage-ancestors');
        assert.deepEqual(
          b.rows.map((r: any) => short(r.base)),
          ['model/bob/llm-chat-ft'],
        );
      },
    ],
    ['/api/lineage?model=model/org-a/base-llm&direction=descendants', 200, (b) => assert.equal(b.rows.length, 3)],
    ['/api/lineage?model=model/org-a/base-llm&direction=sideways', 400, (b) => assert.match(b.error, /direction/)],
  ];
  for (const [path, status, check] of cases) {
    it(`GET ${path} -> ${status} JSON`, async () => {
      const res = await get(path);
      assert.equal(res.status, status);
      assert.match(res.type, /application\/json/);
      check(res.body);
    });
  }

  it("every query's example URL answers 200", async () => {
    const list = (await get('/api/queries')).body.queries as Array<{ example: string }>;
    assert.equal(list.length, listQueries().length);
    for (const q of list) assert.equal((await get(q.example)).status, 200, q.example);
  });

  it('GET /api/queries for a browser is the gallery with a form per query', async () => {
    const res = await get('/api/queries', 'text/html,application/xhtml+xml');
    assert.equal(res.status, 200);
    assert.match(res.type, /text\/html/);
    for (const q of listQueries()) assert.ok(res.body.includes(`action="/api/queries/${q.name}"`), q.name);
    assert.match(res.body, /<select id="recommend-items-kind" name="kind">/);
  });

  it('GET /api/queries/{name} for a browser shows the results with local links and the SPARQL that ran', async () => {
    const res = await get('/api/queries/classify-task?entity=model/carol/llm-chat-ft-gguf', 'text/html');
    assert.equal(res.status, 200);
    assert.match(res.body, /<a href="\/task\/text-generation">task\/text-generation<\/a>/);
    assert.match(res.body, /SPARQL that ran/);
  });

  it('a bad parameter from a browser is a 400 page naming it, with the form kept', async () => {
    const res = await get('/api/queries/classify-task?entity=%22%3E%3Cscript%3E', 'text/html');
    assert.equal(res.status, 400);
    assert.match(res.body, /role="alert"/);
    assert.doesNotMatch(res.body, /"><script>/, 'escaped');
  });
});
