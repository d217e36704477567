// Dereferencing as answered by the front door ahead of express (src/server/resources.ts, respond.ts, logging.ts):
// conditional requests, content codings made once per document, HEAD, the request log line, preflight, and a store
// failure inside a dereference — against the real server over test/fixtures/graph on a loopback port.

import assert from 'node:assert/strict';
import { brotliDecompressSync } from 'node:zlib';
import { pino } from 'pino';
import { startServer, type RunningServer } from '../../src/server/app.js';
import { makeConfig } from '../../src/server/config.js';
import type { Store } from '../../src/store/store.js';
import {
  FIXTURE_GRAPH,
  jsonLinesInto,
  parseRdf,
  raw,
  serveOverWrappedStore,
  TEST_MAX_INCOMING,
  type ListeningApp,
} from '../helpers/server.js';

interface LogLine {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

const header = (r: { headers: Record<string, string | string[] | undefined> }, name: string) =>
  String(r.headers[name] ?? '');

describe('dereferencing ahead of express', function () {
  this.timeout(60_000);
  let server: RunningServer;
  const lines: LogLine[] = [];

  before(async () => {
    const config = makeConfig({
      outDir: FIXTURE_GRAPH,
      host: '127.0.0.1',
      port: 0,
      maxIncomingPerProperty: TEST_MAX_INCOMING,
      queryWorkers: 1,
    });
    server = await startServer(config, pino({ level: 'info' }, jsonLinesInto(lines)));
  });
  after(() => server?.close());

  it('answers 304 to If-None-Match with the ETag, and 200 when the client says no-cache', async () => {
    const first = await raw(server.url, '/data/model/gpt2');
    const etag = header(first, 'etag');
    assert.match(etag, /^W\/".+"$/);
    const again = await raw(server.url, '/data/model/gpt2', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(header(again, 'etag'), etag);
    const strong = await raw(server.url, '/data/model/gpt2', {
      headers: { 'if-none-match': `"other", ${etag.slice(2)}` },
    });
    assert.equal(strong.status, 304, 'weak comparison: the opaque tag matches without W/');
    const bypass = await raw(server.url, '/data/model/gpt2', {
      headers: { 'if-none-match': etag, 'cache-control': 'no-cache' },
    });
    assert.equal(bypass.status, 200);
    assert.deepEqual(bypass.body, first.body);
    const otherTag = await raw(server.url, '/data/model/gpt2', { headers: { 'if-none-match': 'W/"nope"' } });
    assert.equal(otherTag.status, 200);
  });

  it(
    'sends the same document as br, gzip and identity, with one ' + 'ETag and Vary on both Accept and Accept-Encoding',
    async () => {
      const path = '/data/model/org-a/base-llm';
      const plain = await raw(server.url, path, { headers: { accept: 'text/turtle' } });
      const br = await raw(server.url, path, {
        headers: { accept: 'text/turtle', 'accept-encoding': 'gzip, deflate, br' },
      });
      const gzip = await raw(server.url, path, {
        headers: { accept: 'text/turtle', 'accept-encoding': 'gzip;q=1, br;q=0.5' },
      });
      assert.equal(header(plain, 'content-encoding'), '');
      assert.equal(header(br, 'content-encoding'), 'br');
      assert.equal(header(gzip, 'content-encoding'), 'gzip');
      assert.deepEqual(brotliDecompressSync(br.body), plain.body);
      assert.deepEqual(gzip.body, plain.body, 'raw() gunzips');
      assert.ok((await parseRdf(plain.text, 'text/turtle')).length > 10);
      for (const r of [br, gzip]) {
        assert.equal(header(r, 'etag'), header(plain, 'etag'));
        assert.match(header(r, 'vary'), /Accept\b.*Accept-Encoding|Accept-Encoding.*Accept\b/);
      }
      // Asked again, the compressed body is the one made the first time (byte for byte).
      const brAgain = await raw(server.url, path, { headers: { accept: 'text/turtle', 'accept-encoding': 'br' } });
      assert.deepEqual(brAgain.body, br.body);
    },
  );

  it('answers HEAD with the headers of the GET and no body', async () => {
    const get = await raw(server.url, '/data/model/org-a/base-llm', { headers: { 'accept-encoding': 'br' } });
    const head = await raw(server.url, '/data/model/org-a/base-llm', {
      method: 'HEAD',
      headers: { 'accept-encoding': 'br' },
    });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const name of ['content-length', 'content-type', 'content-encoding', 'etag', 'link', 'content-location']) {
      assert.equal(header(head, name), header(get, name), name);
    }
  });

  it('refuses a repeated ?format with 400', async () => {
    const r = await raw(server.url, '/data/model/gpt2?format=ttl&format=nt');
    assert.equal(r.status, 400);
    assert.match(r.text, /unknown format \["ttl","nt"\]/);
  });

  it('answers a CORS preflight on /data with 204 and the allowed methods', async () => {
    const r = await raw(server.url, '/data/model/gpt2', {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
    });
    assert.equal(r.status, 204);
    assert.equal(header(r, 'access-control-allow-origin'), '*');
    assert.match(header(r, 'access-control-allow-methods'), /GET/);
  });

  it('keeps answering 303 and 404 from the known-entities cache the same as the first time', async () => {
    for (let i = 0; i < 2; i++) {
      const found = await raw(server.url, '/model/gpt2', { headers: { accept: 'text/turtle' } });
      assert.equal(found.status, 303);
      assert.equal(header(found, 'location'), '/data/model/gpt2');
      assert.match(header(found, 'vary'), /Accept/);
      const missing = await raw(server.url, '/model/nobody/nothing', { headers: { accept: 'text/turtle' } });
      assert.equal(missing.status, 404);
      assert.match(missing.text, /no model with id "nobody\/nothing"/);
    }
  });

  it('logs one line per request: request id, method, url, status, latency; 4xx as warn', async () => {
    const ok = await raw(server.url, '/data/model/gpt2?format=nt', { headers: { 'x-request-id': 'deref-7' } });
    const missing = await raw(server.url, '/data/model/nobody/nothing');
    const long = await raw(server.url, '/data/model/' + 'a'.repeat(9000));
    assert.equal(header(ok, 'x-request-id'), 'deref-7');
    assert.equal(long.status, 414);
    // Lines are written in batches; wait until the three are out.
    const deadline = Date.now() + 5000;
    const lineOf = (id: string) => lines.find((l) => l.req?.id === id);
    while (
      Date.now() < deadline &&
      !['deref-7', header(missing, 'x-request-id'), header(long, 'x-request-id')].every(lineOf)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const line = lineOf('deref-7');
    assert.ok(line, 'a line for the request');
    assert.equal(line.level, 30);
    assert.deepEqual(line.req, { id: 'deref-7', method: 'GET', url: '/data/model/gpt2?format=nt' });
    assert.equal(line.res?.statusCode, 200);
    assert.equal(typeof line.responseTime, 'number');
    assert.match(line.msg, /^GET \/data\/model\/gpt2\?format=nt 200 \d+ms$/);
    const warn = lineOf(header(missing, 'x-request-id'));
    assert.equal(warn?.level, 40);
    assert.equal(warn?.res?.statusCode, 404);
    const tooLong = lineOf(header(long, 'x-request-id'));
    assert.equal(tooLong?.res?.statusCode, 414);
    assert.ok(tooLong!.req!.url.length <= 500, 'the logged url is cut');
  });
});

describe('dereferencing when the store fails', function () {
  this.timeout(60_000);
  let http: ListeningApp;
  let url: string;
  const lines: LogLine[] = [];

  before(async () => {
    const config = makeConfig({ outDir: FIXTURE_GRAPH, queryWorkers: 1 });
    const exploded = () => Promise.reject(new Error('store exploded'));
    http = await serveOverWrappedStore(
      config,
      pino({ level: 'info' }, jsonLinesInto(lines)),
      (real): Store => ({
        ...real,
        kind: real.kind,
        health: undefined,
        select: exploded,
        ask: exploded,
        construct: exploded,
        queryRaw: exploded,
        describe: exploded,
        size: () => real.size(),
        close: () => real.close(),
      }),
    );
    url = http.url;
  });
  after(() => http?.close());

  it('answers 500 naming the request id, logs the error, and keeps serving', async () => {
    for (const path of ['/data/model/gpt2', '/model/gpt2']) {
      const r = await raw(url, path, { headers: { 'x-request-id': `boom-${path.length}` } });
      assert.equal(r.status, 500, path);
      assert.match(r.text, new RegExp(`internal error \\(request id boom-${path.length}\\)`));
      assert.doesNotMatch(r.text, /exploded/, 'the cause stays in the log');
    }
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !lines.some((l) => l.msg === 'request failed'))
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(
      lines.some((l) => l.msg === 'request failed' && l.level === 50),
      'the failure is logged as an error',
    );
    const fine = await raw(url, '/data/model/gpt2?format=bogus');
    assert.equal(fine.status, 400, 'the server still answers');
  });

  it("/healthz answers 503, not ready, with the store's error", async () => {
    const r = await raw(url, '/healthz');
    assert.equal(r.status, 503);
    assert.deepEqual(JSON.parse(r.text), {
      status: 'unavailable',
      ready: false,
      store: 'embedded',
      error: 'store exploded',
    });
  });
});
