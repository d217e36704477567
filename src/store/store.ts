// **Store** is the one interface through which the server, the canned queries and the CLI reach a SPARQL store,
// embedded (oxigraph, src/store/embedded.ts) or external (any SPARQL 1.1 endpoint, src/store/remote.ts).

import type { Quad } from '@rdfjs/types';
import type { SparqlQuery } from 'sparqljs';
import type { Solution } from '../rdf/sparql-results.js';
import type { DescribeRequest, RawDescription } from './describe-match.js';

export type { Solution };

/** The four SPARQL query forms (src/store/query-analysis.ts tells them apart). */
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

/** Who a query is for: the site's own lookups (pages, /api, 303s, /healthz) or a user's SPARQL from /sparql. */
export type QueryLane = 'site' | 'user';

export interface QueryOptions {
  /**
   * Default 'site'. The embedded store keeps capacity for the site that user queries cannot take, and queues those
   * fairly.
   */
  lane?: QueryLane;
  /** The client a user query comes from (an IP address), for per-client fairness. */
  client?: string;
  /** Stop the query after this many milliseconds (rejects with QueryTimeoutError). */
  timeoutMs?: number;
  /** SPARQL protocol default-graph-uri / named-graph-uri. */
  defaultGraphs?: string[];
  namedGraphs?: string[];
  /** The query as parsed by sparqljs, when the caller generated the text from it: the store then does not parse it. */
  parsed?: SparqlQuery;
  /** A query analysed elsewhere (the endpoint parses user queries off the event loop): its form, and its text capped
   *  at a number of solutions. The store then neither parses it nor uses the query text it is given. */
  prepared?: PreparedQuery;
}

export interface PreparedQuery {
  form: QueryForm;
  cap(maxSolutions: number): Promise<string>;
}

export interface RawQueryOptions extends QueryOptions {
  /** Media type of the serialisation wanted, e.g. application/sparql-results+json, text/turtle. */
  mediaType: string;
}

export interface RawResult {
  /** 'boolean' | 'bindings' for SELECT/ASK, 'graph' for CONSTRUCT/DESCRIBE. */
  form: 'boolean' | 'bindings' | 'graph';
  contentType: string;
  body: string;
  /** The answer was cut at the store's result-size limit (`maxResults`); the endpoint reports the cut. */
  truncated?: boolean;
  maxResults?: number;
}

export interface Store {
  readonly kind: 'embedded' | 'remote';
  select(query: string, options?: QueryOptions): Promise<Solution[]>;
  ask(query: string, options?: QueryOptions): Promise<boolean>;
  construct(query: string, options?: QueryOptions): Promise<Quad[]>;
  /** Run any read query and return it serialised in options.mediaType (the SPARQL endpoint's path). */
  queryRaw(query: string, options: RawQueryOptions): Promise<RawResult>;
  /** An entity description from the store's own indexes, where it has a faster way than SPARQL (the embedded store). */
  describe?(request: DescribeRequest, options?: QueryOptions): Promise<RawDescription>;
  /** Number of triples/quads held. */
  size(): Promise<number>;
  /** The store's own account of its health for /healthz (the embedded store: its workers and memory). */
  health?(): StoreHealth;
  close(): Promise<void>;
}

export interface StoreHealth {
  /** False when the store cannot answer now (no worker loaded). */
  ok: boolean;
  /** Answering, but short of capacity (a worker reloading) or past its memory limit. */
  degraded?: boolean;
  [detail: string]: unknown;
}

export class QueryTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`query stopped after ${timeoutMs} ms (timeout)`);
    this.name = 'QueryTimeoutError';
  }
}

/** A malformed query or one the store refuses; message is the parser's. */
export class QuerySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

/** The external SPARQL store could not be reached or answered with an error status (the server answers 502). */
export class RemoteStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteStoreError';
  }
}
