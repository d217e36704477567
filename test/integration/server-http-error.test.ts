// The server's one error vocabulary (src/server/http-error.ts): which status, headers and message each error of the
// layers below maps to, and how an error is written (text or JSON, HEAD without a body), on a real loopback server.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryParamError, UnknownQueryError } from '../../src/queries/errors.js';
import { RDF_FORMATS } from '../../src/rdf/formats.js';
import { negotiate } from '../../src/rdf/negotiate.js';
import { HttpError, httpErrorOf, negotiationError, sendFailure, sendHttpError } from '../../src/server/http-error.js';
import { GraphRefusedError } from '../../src/server/sparql-graphs.js';
import { QueryShapeError } from '../../src/server/sparql-guard.js';
import {
  QueryEvaluationError,
  QueryResourceError,
  QueueFullError,
  ServiceNotSupportedError,
  UnsupportedFunctionError,
} from '../../src/store/embedded.js';
import { QuerySyntaxError, QueryTimeoutError, RemoteStoreError } from '../../src/store/store.js';
import { evaluationError } from '../../src/store/worker-pool.js';
import { raw } from '../helpers/server.js';

describe('HTTP errors: one mapping, one writer', () => {
  const cases: Array<[string, unknown, number, RegExp, Record<string, string>?]> = [
    ['an HttpError as it is', new HttpError(418, 'teapot', { 'X-A': '1' }), 418, /^teapot$/, { 'X-A': '1' }],
    ['a syntax error', new QuerySyntaxError('error at 1:5: expected'), 400, /^Malformed query: error at 1:5/],
    ['a query too deep', new QueryShapeError('nested 300 deep'), 400, /^Query refused: nested 300 deep/],
    ['a graph outside the served one', new GraphRefusedError('FROM <x> is refused'), 403, /^FROM <x> is refused$/],
    ['an unknown canned query', new UnknownQueryError('nope', ['a', 'b']), 404, /unknown query "nope"/],
    ['a bad canned-query parameter', new QueryParamError('k must be an integer'), 400, /^k must be an integer$/],
    ['a client over its share', new QueueFullError('4 running', 'client', 3), 429, /^Too many/, { 'Retry-After': '3' }],
    ['the queue full', new QueueFullError('16 waiting', 'server', 5), 503, /^Too many/, { 'Retry-After': '5' }],
    ['a query crashing the engine', new QueryResourceError('the engine trapped', 'crash'), 400, /Simplify it/],
    ['a query out of memory', new QueryResourceError('memory', 'memory'), 503, /no partial/, { 'Retry-After': '10' }],
    ['a timeout', new QueryTimeoutError(1234), 503, /stopped after 1234 ms/, { 'Retry-After': '10' }],
    ['SERVICE, embedded', new ServiceNotSupportedError('service <x> is not supported'), 501, /serve --endpoint/],
    ['a custom function', new UnsupportedFunctionError('custom function <f> is not supported'), 422, /built-in/],
    ['another evaluation error', new QueryEvaluationError('odd'), 500, /^The query failed: odd$/],
    ['the external store failing', new RemoteStoreError('cannot reach it'), 502, /behind this server failed: cannot/],
    ['a body over the limit', { type: 'entity.too.large', status: 413, limit: 99 }, 413, /limit of 99 bytes/],
    ['a body in UTF-16', { type: 'charset.unsupported', status: 415, message: 'charset "UTF-16"' }, 415, /UTF-16/],
    ['a middleware 4xx', Object.assign(new Error('bad JSON'), { status: 400 }), 400, /^bad JSON$/],
  ];
  for (const [name, err, status, message, headers] of cases) {
    it(`maps ${name} to ${status}`, () => {
      const mapped = httpErrorOf(err, 1000);
      assert.ok(mapped, 'mapped');
      assert.equal(mapped.status, status);
      assert.match(mapped.message, message);
      assert.deepEqual(mapped.headers, headers ?? {});
    });
  }

  it('leaves errors of its own to the caller (undefined): a plain Error, a 5xx status, a non-error', () => {
    assert.equal(httpErrorOf(new Error('boom')), undefined);
    assert.equal(httpErrorOf(Object.assign(new Error('x'), { status: 500 })), undefined);
    assert.equal(httpErrorOf('a string'), undefined);
  });

  it("types oxigraph's evaluation errors in the store, so the server never reads the engine's wording", () => {
    assert.ok(evaluationError('Service <http://x/> is not supported') instanceof ServiceNotSupportedError);
    assert.ok(evaluationError('The custom function <http://f> is not supported') instanceof UnsupportedFunctionError);
    const other = evaluationError('something else');
    assert.ok(other instanceof QueryEvaluationError && !(other instanceof ServiceNotSupportedError));
  });

  it('a refused negotiation is 400 for a bad ?format= and 406 listing the offered media types', () => {
    const bad = negotiate(undefined, 'bogus', RDF_FORMATS);
    const none = negotiate('image/png', undefined, RDF_FORMATS);
    assert.ok('refused' in bad && 'refused' in none);
    assert.equal(negotiationError(bad).status, 400);
    const refused = negotiationError(none);
    assert.equal(refused.status, 406);
    assert.deepEqual(
      refused.offered,
      RDF_FORMATS.map((f) => f.mediaType),
    );
  });

  describe('on the wire', () => {
    let server: Server;
    let url: string;
    before(async () => {
      server = createServer((req, res) => {
        const path = req.url ?? '';
        const offered = ['text/turtle', 'application/n-triples'];
        const refused = new HttpError(406, 'nothing fits', { Vary: 'Accept' }, offered);
        if (path === '/text') return sendHttpError(res, refused);
        if (path === '/json') return sendHttpError(res, new HttpError(404, 'no such query'), 'json');
        if (path === '/timeout') return sendFailure(req, res, new QueryTimeoutError(50));
        if (path === '/evaluation') return sendFailure(req, res, new QueryEvaluationError('engine detail'));
        res.setHeader('X-Request-Id', 'r-1');
        sendFailure(req, res, new Error('secret detail'));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("as text: `STATUS message`, then a 406's offered types one per line; never cached", async () => {
      const r = await raw(url, '/text');
      assert.equal(r.status, 406);
      assert.equal(r.text, '406 nothing fits\ntext/turtle\napplication/n-triples\n');
      assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.equal(r.headers.vary, 'Accept');
    });

    it('as JSON: {error, status}', async () => {
      const r = await raw(url, '/json');
      assert.equal(r.status, 404);
      assert.deepEqual(JSON.parse(r.text), { error: 'no such query', status: 404 });
      assert.match(String(r.headers['content-type']), /^application\/json/);
    });

    it('a HEAD gets the status and headers without a body', async () => {
      const r = await raw(url, '/text', { method: 'HEAD' });
      assert.equal(r.status, 406);
      assert.equal(r.text, '');
      assert.ok(Number(r.headers['content-length']) > 0);
    });

    it("the server's own failure is 500 naming the request id, never its cause; a timeout keeps 503", async () => {
      const own = await raw(url, '/own');
      assert.equal(own.status, 500);
      assert.match(own.text, /internal error \(request id r-1\)/);
      assert.doesNotMatch(own.text, /secret/);
      const evaluation = await raw(url, '/evaluation');
      assert.equal(evaluation.status, 500);
      assert.doesNotMatch(evaluation.text, /engine detail/);
      const timeout = await raw(url, '/timeout');
      assert.equal(timeout.status, 503);
      assert.equal(timeout.headers['retry-after'], '10');
    });
  });
});
