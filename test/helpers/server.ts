// **server** helpers for HTTP tests: start the real server over the hand-made graph in test/fixtures/graph on a
// loopback
// port, send raw requests (paths kept exactly as written, unlike fetch), and parse every RDF format with a real parser.

import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { DataFactory, Parser } from 'n3';
import { pino, type Logger } from 'pino';
import * as $rdf from 'rdflib';
import { readBuildReport } from '../../src/build/output.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import { createApp, startServer, type RunningServer } from '../../src/server/app.js';
import { makeConfig, type ServerConfig } from '../../src/server/config.js';
import { openStore } from '../../src/server/open-store.js';
import type { Store } from '../../src/store/store.js';
import { must } from './must.js';

export const FIXTURE_GRAPH = join(FIXTURES_DIR, 'graph');
/** Its triples as its build report counts them: hand-made ones and the build-time statistics that
 * scripts/fixture-graph-statistics.mjs adds (a test checks the dump holds that many). */
export const FIXTURE_TRIPLES = must(readBuildReport(FIXTURE_GRAPH)?.triples, "the fixture build report's triples");
/** The tests' limit on incoming links per property: base-llm has 5 likers, so its list is cut. */
export const TEST_MAX_INCOMING = 3;

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<RunningServer> {
  const config = makeConfig({
    outDir: FIXTURE_GRAPH,
    host: '127.0.0.1',
    port: 0,
    maxIncomingPerProperty: TEST_MAX_INCOMING,
    queryWorkers: 1,
    queryTimeoutMs: 10_000,
    ...overrides,
  });
  return startServer(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
}

/** An app (e.g. createApp over a hand-built context) listening on a free loopback port. */
export interface ListeningApp {
  url: string;
  /** Closes the HTTP server, open keep-alive connections included. */
  close(): Promise<void>;
}

export async function listenOnLoopback(app: {
  listen(port: number, host: string, cb: () => void): Server;
}): Promise<ListeningApp> {
  const http = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: async () => {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/**
 * The app over the real store of `config`, as `wrap` changes it (e.g. a store that fails on cue), listening on a free
 * loopback port; close() closes the server and the real store.
 */
export async function serveOverWrappedStore(
  config: ServerConfig,
  logger: Logger,
  wrap: (real: Store) => Store,
): Promise<ListeningApp> {
  const real = await openStore(config, logger);
  try {
    const http = await listenOnLoopback(await createApp({ store: wrap(real), config, logger }));
    return {
      url: http.url,
      close: async () => {
        await http.close();
        await real.close();
      },
    };
  } catch (err) {
    await real.close();
    throw err;
  }
}

/** A log destination that parses each JSON line pino writes into `lines`, for tests that check what was logged. */
export function jsonLinesInto<T>(lines: T[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as T);
      done();
    },
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** One HTTP request with the path sent byte for byte (no `..` folding, no re-encoding). */
export function raw(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path,
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const decoded = res.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decoded, text: decoded.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/**
 * The JSON-LD document loader of the tests: a context the server names (its /context.jsonld) is fetched from the test
 * server itself, over loopback; any other URL is refused, so a test never reaches the network.
 */
export async function loopbackLoader(
  url: string,
): Promise<{ contextUrl: null; document: unknown; documentUrl: string }> {
  if (!/^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\//.test(url))
    throw new Error(`test parser refuses to fetch ${url}`);
  const res = await fetch(url, { headers: { accept: 'application/ld+json' } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return { contextUrl: null, document: await res.json(), documentUrl: url };
}

function fromRdflib(graph: $rdf.IndexedFormula): Quad[] {
  const { namedNode, literal, blankNode, quad } = DataFactory;
  const term = (t: { termType: string; value: string; language?: string; datatype?: { value: string } }) =>
    t.termType === 'NamedNode'
      ? namedNode(t.value)
      : t.termType === 'BlankNode'
        ? blankNode(t.value)
        : t.language
          ? literal(t.value, t.language)
          : literal(t.value, namedNode(t.datatype!.value));
  return graph.statements.map((s) =>
    quad(term(s.subject) as Quad['subject'], namedNode(s.predicate.value), term(s.object) as Quad['object']),
  );
}

/** Parses an RDF document by its media type: n3 (Turtle, N-Triples, N-Quads), jsonld (JSON-LD), rdflib (RDF/XML). */
export async function parseRdf(body: string, mediaType: string, baseIRI = 'http://example.org/doc'): Promise<Quad[]> {
  const type = mediaType.split(';')[0]!.trim(); // split gives at least one part
  switch (type) {
    case 'text/turtle':
      return new Parser({ format: 'text/turtle', baseIRI }).parse(body);
    case 'application/n-triples':
      return new Parser({ format: 'N-Triples' }).parse(body);
    case 'application/n-quads':
      return new Parser({ format: 'N-Quads' }).parse(body);
    case 'application/ld+json': {
      const nquads = (await jsonld.toRDF(JSON.parse(body), {
        format: 'application/n-quads',
        documentLoader: loopbackLoader as never,
      })) as unknown as string;
      return new Parser({ format: 'N-Quads' }).parse(nquads);
    }
    case 'application/rdf+xml': {
      const graph = $rdf.graph();
      $rdf.parse(body, graph, baseIRI, 'application/rdf+xml');
      return fromRdflib(graph);
    }
    default:
      throw new Error(`no parser for ${mediaType}`);
  }
}

/** Does some quad match? Omitted (undefined) positions match anything. */
export function has(quads: Quad[], s?: string, p?: string, o?: string): boolean {
  return quads.some(
    (q) =>
      (s === undefined || q.subject.value === s) &&
      (p === undefined || q.predicate.value === p) &&
      (o === undefined || q.object.value === o),
  );
}

export function objects(quads: Quad[], s: string, p: string): string[] {
  return quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
}
