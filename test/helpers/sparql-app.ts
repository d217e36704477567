// **sparql-app** starts a small express app on 127.0.0.1 that mounts only the SPARQL router over a real embedded store,
// and parses every response format with an independent parser, for the store and endpoint tests.

import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Quad, Term } from '@rdfjs/types';
import express from 'express';
import jsonld from 'jsonld';
import { Parser as N3Parser } from 'n3';
import Papa from 'papaparse';
import pino from 'pino';
import * as $rdf from 'rdflib';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import { makeConfig, type ServerConfig } from '../../src/server/config.js';
import { sparqlRouter } from '../../src/server/sparql.js';
import { openEmbeddedStore } from '../../src/store/embedded.js';
import type { Store } from '../../src/store/store.js';

export interface SparqlServer {
  /** The endpoint URL, e.g. http://127.0.0.1:PORT/sparql */
  endpoint: string;
  origin: string;
  store: Store;
  config: ServerConfig;
  close(): Promise<void>;
}

export const silentLogger = pino({ level: 'silent' });

/** Serves `router` over `store` at /sparql on a free loopback port. */
export async function serveSparql(store: Store, overrides: Partial<ServerConfig> = {}): Promise<SparqlServer> {
  const config = makeConfig({ maxResults: 100, queryTimeoutMs: 10_000, ...overrides });
  const app = express();
  app.use('/sparql', sparqlRouter({ store, config, logger: silentLogger }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    endpoint: `${origin}/sparql`,
    origin,
    store,
    config,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Loads `files` into an embedded store and serves it; close() stops both. */
export async function startSparqlServer(files: string[], overrides: Partial<ServerConfig> = {}): Promise<SparqlServer> {
  const config = makeConfig({ maxResults: 100, queryTimeoutMs: 10_000, ...overrides });
  const store = await openEmbeddedStore({
    files,
    workers: config.queryWorkers,
    maxResults: config.maxResults,
    maxQueued: config.queryQueue,
    maxPerClient: config.queriesPerClient,
    logger: silentLogger,
  });
  const served = await serveSparql(store, config);
  return {
    ...served,
    close: async () => {
      await served.close();
      await store.close();
    },
  };
}

export type Row = Record<string, Term>;

/** Parses a SELECT/ASK body by its media type with an independent parser: rows, or a boolean. */
export async function parseResults(
  body: string,
  mediaType: string,
): Promise<{ rows?: Row[]; vars?: string[]; boolean?: boolean }> {
  const type = mediaType.split(';')[0]!.trim(); // split gives at least one part
  if (type === 'application/sparql-results+json') {
    const json = JSON.parse(body);
    if (typeof json.boolean === 'boolean') return { boolean: new SparqlJsonParser().parseJsonBoolean(json) };
    return { rows: new SparqlJsonParser().parseJsonResults(json) as Row[], vars: json.head.vars };
  }
  if (type === 'application/sparql-results+xml') {
    const parser = new SparqlXmlParser();
    if (body.includes('<boolean>')) return { boolean: await parser.parseXmlBooleanStream(Readable.from([body])) };
    const rows: Row[] = [];
    const stream = parser.parseXmlResultsStream(Readable.from([body]));
    let vars: string[] = [];
    stream.on('variables', (v: Array<{ value: string }>) => (vars = v.map((x) => x.value)));
    for await (const row of stream as AsyncIterable<Row>) rows.push(row);
    return { rows, vars };
  }
  if (type === 'text/csv') {
    const parsed = Papa.parse<Record<string, string>>(body, {
      header: true,
      skipEmptyLines: true,
      newline: '\r\n',
      delimiter: ',',
    });
    if (parsed.errors[0]) throw new Error(`CSV: ${parsed.errors[0].message}`);
    // CSV loses term types: strings stand for the lexical values.
    const rows = parsed.data.map((r) =>
      Object.fromEntries(
        Object.entries(r)
          .filter(([, v]) => v !== '')
          .map(([k, v]) => [k, { termType: 'Literal', value: v } as Term]),
      ),
    );
    return { rows, vars: parsed.meta.fields };
  }
  if (type === 'text/tab-separated-values') {
    const lines = body.split('\n').filter((l) => l !== '');
    const vars = (lines[0] ?? '').split('\t').map((v) => v.replace(/^\?/, ''));
    // Each TSV cell is a term in Turtle syntax: read it with n3 as the object of a dummy triple.
    const rows = lines.slice(1).map((line) => {
      const row: Row = {};
      line.split('\t').forEach((cell, i) => {
        if (cell === '') return;
        const name = vars[i];
        if (name === undefined) throw new Error(`TSV: row ${JSON.stringify(line)} has more cells than the header`);
        const term = new N3Parser().parse(`<urn:s> <urn:p> ${cell} .`)[0]?.object;
        if (!term) throw new Error(`TSV: cell ${JSON.stringify(cell)} is no RDF term`);
        row[name] = term;
      });
      return row;
    });
    return { rows, vars };
  }
  throw new Error(`no results parser for ${type}`);
}

/** Parses a graph body by its media type with an independent parser (n3, jsonld, rdflib). */
export async function parseGraphBody(body: string, mediaType: string, base = 'http://example.org/'): Promise<Quad[]> {
  const type = mediaType.split(';')[0]!.trim(); // split gives at least one part
  switch (type) {
    case 'text/turtle':
      return new N3Parser({ format: 'Turtle', baseIRI: base }).parse(body);
    case 'application/n-triples':
      return new N3Parser({ format: 'N-Triples' }).parse(body);
    case 'application/n-quads':
      return new N3Parser({ format: 'N-Quads' }).parse(body);
    case 'application/ld+json': {
      const nquads = (await jsonld.toRDF(JSON.parse(body), { format: 'application/n-quads' })) as unknown as string;
      return new N3Parser({ format: 'N-Quads' }).parse(nquads);
    }
    case 'application/rdf+xml': {
      const graph = $rdf.graph();
      $rdf.parse(body, graph, base, 'application/rdf+xml');
      const nt = $rdf.serialize(null, graph, base, 'application/n-triples') ?? '';
      return new N3Parser({ format: 'N-Triples' }).parse(nt);
    }
    default:
      throw new Error(`no graph parser for ${type}`);
  }
}
