// **open** picks the store a server runs on: the external SPARQL endpoint when one is configured, else the embedded
// oxigraph store loaded from the build's N-Triples dump.

import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ServerConfig } from '../server/config.js';
import { openEmbeddedStore } from './embedded.js';
import { openRemoteStore } from './remote.js';
import type { Store } from './store.js';

/** The dump the embedded store loads from a build output directory. */
export const DUMP_FILE = 'huggingkg.nt.gz';

export async function openStore(config: ServerConfig, logger?: Logger): Promise<Store> {
  if (config.sparqlEndpoint) {
    logger?.info({ endpoint: config.sparqlEndpoint }, 'using the external SPARQL store');
    return openRemoteStore({ endpoint: config.sparqlEndpoint, maxResults: config.maxResults, timeoutMs: config.queryTimeoutMs });
  }
  return openEmbeddedStore({
    files: [join(config.outDir, DUMP_FILE)],
    workers: config.queryWorkers,
    maxResults: config.maxResults,
    timeoutMs: config.queryTimeoutMs,
    logger,
  });
}
