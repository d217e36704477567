// **sparql-run** runs any read query for the command line (`huggingkg sparql`, `huggingkg query`) over one target:
// a build directory (a server already serving it, else the dump loaded into the embedded store here), an external
// SPARQL endpoint, or a dump file through Comunica; the answer comes back as SPARQL JSON results or quads, whatever
// the target, so every output format is written by the one writer of each kind (src/rdf).

import { join, resolve } from 'node:path';
import { OUTPUT } from '../build/output.js';
import { NTRIPLES, RESULTS_JSON } from '../rdf/formats.js';
import { parseGraph } from '../rdf/serialize.js';
import { parseJsonResults } from '../rdf/sparql-results.js';
import { analyzeSparql, resultForm, type QueryAnalysis } from '../store/query-analysis.js';
import { findRunningServer } from '../store/running-server.js';
import { QuerySyntaxError, type Store } from '../store/store.js';
import type { SelectStore } from './registry.js';
import type { SparqlAnswer } from './types.js';

export type { SparqlAnswer };

/** Where a query runs: exactly one of `from`, `endpoint`, `dump`. */
export interface TargetOptions {
  from?: string;
  endpoint?: string;
  dump?: string;
  /** With `from`: ask a server already serving that directory, when there is one (default true). */
  reuseServer?: boolean;
  /** Result-size limit of a store (rows or triples); a cut answer says so. */
  maxResults: number;
  /** The embedded store's size limit (HUGGINGKG_EMBEDDED_MAX_TRIPLES). */
  maxTriples?: number;
  /** Told what is being done that takes a while (loading a graph) and what target was chosen. */
  onNote?: (message: string) => void;
  /** Where running servers leave their notes (cli/env.ts serverNotesDir). */
  notesDir: string;
}

export interface QueryTarget {
  /** What is queried, for messages. */
  readonly via: string;
  select: SelectStore['select'];
  answer(query: string, analysis: QueryAnalysis, options?: { timeoutMs?: number }): Promise<SparqlAnswer>;
  close(): Promise<void>;
}

/** A read query's analysis; an update or an unparseable query is a QuerySyntaxError naming the parser's complaint. */
export function analyzeReadQuery(query: string): QueryAnalysis {
  const analysis = analyzeSparql(query);
  if (analysis.kind === 'update') throw new QuerySyntaxError('this is a SPARQL update; only queries are run here');
  return analysis;
}

/** The graph file of a build directory that the embedded store loads. */
export function graphFileOf(outDir: string): string {
  return join(outDir, OUTPUT.ntriples);
}

/** Opens the target; the caller has checked that exactly one of from/endpoint/dump is given. */
export async function openTarget(options: TargetOptions): Promise<QueryTarget> {
  const note = options.onNote ?? (() => {});
  if (options.dump) {
    // Loaded only when asked for: Comunica takes seconds to load.
    const { openDump } = await import('./dump-runner.js');
    note(`reading ${options.dump} ...`);
    const dump = await openDump(options.dump);
    return { via: `${options.dump} (Comunica)`, ...dump, close: async () => {} };
  }
  const { openRemoteStore } = await import('../store/remote.js');
  if (options.endpoint) {
    const store = openRemoteStore({ endpoint: options.endpoint, maxResults: options.maxResults });
    return storeTarget(store, `the SPARQL endpoint ${options.endpoint}`);
  }
  const outDir = options.from as string;
  if (options.reuseServer !== false) {
    const url = await findRunningServer(outDir, { dir: options.notesDir });
    if (url) {
      const endpoint = new URL('/sparql', url).href;
      note(`asking the server at ${url}, which serves ${outDir} (--no-server loads the graph here instead)`);
      return storeTarget(
        openRemoteStore({ endpoint, maxResults: options.maxResults }),
        `the server at ${url} (serving ${resolve(outDir)})`,
      );
    }
  }
  const { openEmbeddedStore } = await import('../store/embedded.js');
  const file = graphFileOf(outDir);
  note(`loading ${file} (a running \`huggingkg serve --from ${outDir}\` would answer at once) ...`);
  const store = await openEmbeddedStore({
    files: [file],
    workers: 1,
    maxResults: options.maxResults,
    maxTriples: options.maxTriples,
  });
  note(`loaded ${store.triples} triples in ${(store.loadMs / 1000).toFixed(1)} s`);
  return storeTarget(store, file);
}

function storeTarget(store: Store, via: string): QueryTarget {
  return {
    via,
    select: (query, opts) => store.select(query, opts),
    async answer(query, analysis, { timeoutMs } = {}) {
      const form = resultForm(analysis.form);
      const mediaType = form === 'graph' ? NTRIPLES.mediaType : RESULTS_JSON.mediaType;
      const raw = await store.queryRaw(query, {
        mediaType,
        ...(analysis.parsed ? { parsed: analysis.parsed } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      });
      const truncated = raw.truncated === true;
      if (form === 'graph') return { form, quads: parseGraph(raw.body, raw.contentType, via), truncated };
      return { form, results: parseJsonResults(raw.body, via), truncated };
    },
    close: () => store.close(),
  };
}
