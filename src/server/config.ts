// **ServerConfig** holds every server setting with its default, in one place.

import { EMBEDDED_MAX_TRIPLES } from '../store/capacity.js';
import { POOL_DEFAULTS } from '../store/worker-pool.js';
import { DEFAULT_BASE } from '../vocab.js';

export interface ServerConfig {
  /** Canonical dataset base IRI the dump was built with; request paths map to IRIs under it. */
  base: string;
  host: string;
  port: number;
  /** Build output directory (huggingkg.nt.gz, void.ttl, dumps...). */
  outDir: string;
  /** External SPARQL endpoint to front instead of the embedded store (issue: external store mode). */
  sparqlEndpoint?: string;
  /** Graph of the external store that holds the KG: sent as default-graph-uri with every query to sparqlEndpoint
   *  (Virtuoso's default graph is otherwise the union of all its graphs, system graphs included). */
  sparqlGraph?: string;
  /** SPARQL query timeout in milliseconds; a query past it is stopped and answered with an error status. */
  queryTimeoutMs: number;
  /** Maximum number of result rows / triples returned by the endpoint. */
  maxResults: number;
  /** Maximum request body size in bytes for POSTed queries. */
  maxBodyBytes: number;
  /** Maximum incoming links listed per property on an entity description. */
  maxIncomingPerProperty: number;
  /** Maximum own links (IRI objects) listed per property on an entity description; the rest are counted, with the
   *  query that lists them all. Higher than the incoming limit, so an ordinary entity's own links are all listed. */
  maxOwnLinksPerProperty: number;
  /** SERVICE / FROM targets a user query may name (exact IRIs or prefixes); everything else is refused. */
  federationAllowlist: string[];
  /** Total time an entity page waits for its canned-query panels (they run in parallel). */
  pageQueryBudgetMs: number;
  /** Number of worker threads running embedded queries. */
  queryWorkers: number;
  /** User SPARQL queries that may wait for a worker; more are answered 503 + Retry-After (embedded store). */
  queryQueue: number;
  /** User SPARQL queries one client (IP address) may have waiting or running; more are answered 429 + Retry-After. */
  queriesPerClient: number;
  /**
   * A worker a query leaves holding more than its loaded memory plus this many MB is replaced (WebAssembly memory never
   * shrinks).
   */
  workerHeadroomMb: number;
  /** The running query is stopped when the process grows this many MB past its size after loading. */
  queryMemoryMb: number;
  /** Largest graph (triples) the embedded store loads; a larger build is refused before loading. */
  embeddedMaxTriples: number;
}

export const DEFAULT_CONFIG: ServerConfig = {
  base: DEFAULT_BASE,
  host: '127.0.0.1',
  port: 3000,
  outDir: 'out',
  queryTimeoutMs: 30_000,
  maxResults: 10_000,
  maxBodyBytes: 1_000_000,
  maxIncomingPerProperty: 50,
  maxOwnLinksPerProperty: 100,
  federationAllowlist: [],
  pageQueryBudgetMs: 3_000,
  queryWorkers: 2,
  queryQueue: POOL_DEFAULTS.maxQueued,
  queriesPerClient: POOL_DEFAULTS.maxPerClient,
  workerHeadroomMb: POOL_DEFAULTS.workerHeadroomMb,
  queryMemoryMb: POOL_DEFAULTS.queryMemoryMb,
  embeddedMaxTriples: EMBEDDED_MAX_TRIPLES,
};

export function makeConfig(overrides: Partial<ServerConfig>): ServerConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_CONFIG, ...defined };
}
