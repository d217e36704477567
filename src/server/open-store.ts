// **open-store** picks the store a server runs on: the external SPARQL endpoint when one is configured, else the
// embedded oxigraph store loaded from the build's N-Triples dump (refused early when the build is too big for it).

import { join } from 'node:path';
import type { Logger } from 'pino';
import { OUTPUT } from '../build/output.js';
import { checkBuildFitsEmbedded } from '../store/capacity.js';
import { openEmbeddedStore } from '../store/embedded.js';
import { openRemoteStore } from '../store/remote.js';
import type { Store } from '../store/store.js';
import type { ServerConfig } from './config.js';

/**
 * The endpoint URL that reads only `graph`: default-graph-uri and named-graph-uri added to its query string (kept as
 * they are when the URL already names that graph), so users need not percent-encode the graph IRI by hand.
 */
export function endpointForGraph(endpoint: string, graph?: string): string {
  if (!graph) return endpoint;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(
      `the SPARQL endpoint ${JSON.stringify(endpoint)} is not a URL (expected e.g. http://127.0.0.1:8890/sparql)`,
    );
  }
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(graph))
    throw new Error(`--graph must be an absolute IRI, got ${JSON.stringify(graph)}`);
  if (!url.searchParams.getAll('default-graph-uri').includes(graph))
    url.searchParams.append('default-graph-uri', graph);
  // As the only named graph too: else Virtuoso's GRAPH ?g ranges over every graph it holds, its system graphs included.
  if (!url.searchParams.getAll('named-graph-uri').includes(graph)) url.searchParams.append('named-graph-uri', graph);
  return url.toString();
}

export async function openStore(config: ServerConfig, logger?: Logger): Promise<Store> {
  if (config.sparqlEndpoint) {
    const endpoint = endpointForGraph(config.sparqlEndpoint, config.sparqlGraph);
    logger?.info({ endpoint }, 'using the external SPARQL store');
    return openRemoteStore({ endpoint, maxResults: config.maxResults, timeoutMs: config.queryTimeoutMs });
  }
  const dump = join(config.outDir, OUTPUT.ntriples);
  checkBuildFitsEmbedded(config.outDir, dump, config.embeddedMaxTriples);
  return openEmbeddedStore({
    files: [dump],
    workers: config.queryWorkers,
    maxQueued: config.queryQueue,
    maxPerClient: config.queriesPerClient,
    workerHeadroomMb: config.workerHeadroomMb,
    queryMemoryMb: config.queryMemoryMb,
    maxTriples: config.embeddedMaxTriples,
    maxResults: config.maxResults,
    timeoutMs: config.queryTimeoutMs,
    logger,
  });
}
