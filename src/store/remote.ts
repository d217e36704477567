// **remote** is the Store over an external SPARQL 1.1 endpoint (Virtuoso, QLever, Oxigraph server, Fuseki, GraphDB...):
// a SPARQL 1.1 Protocol client that POSTs the query (form-encoded), reads JSON results or N-Triples, and answers like
// the embedded store.

import { NTRIPLES, RESULTS_JSON, TURTLE } from '../rdf/formats.js';
import type { Fetched } from './answer.js';
import { toBoolean, toQuads, toRaw, toSolutions } from './answer.js';
import { cutBindings, parseJsonResults } from '../rdf/sparql-results.js';
import { prepare, resultForm } from './query-analysis.js';
import type { QueryOptions, RawQueryOptions, Store } from './store.js';
import { QuerySyntaxError, QueryTimeoutError, RemoteStoreError } from './store.js';
import { parseGraph } from '../rdf/serialize.js';
import { Writer } from 'n3';

export interface RemoteStoreOptions {
  /** The endpoint URL, e.g. http://127.0.0.1:8890/sparql */
  endpoint: string;
  /** Result-size limit: rows of a SELECT, triples of a CONSTRUCT/DESCRIBE (default 10,000). */
  maxResults?: number;
  /** Timeout for queries that do not pass their own (default: none). */
  timeoutMs?: number;
}

// What we ask the endpoint for: JSON results, and for graphs N-Triples first (line-based, cheap to cut) then Turtle,
// which every store named above can write.
const ACCEPT_RESULTS = RESULTS_JSON.mediaType;
const ACCEPT_GRAPH = `${NTRIPLES.mediaType}, text/plain;q=0.9, ${TURTLE.mediaType};q=0.8`;

export function openRemoteStore(options: RemoteStoreOptions): Store {
  let endpointUrl: URL;
  try {
    endpointUrl = new URL(options.endpoint);
  } catch {
    throw new Error(
      `the SPARQL endpoint ${JSON.stringify(options.endpoint)} is ` +
        `not a URL (expected e.g. http://127.0.0.1:8890/sparql)`,
    );
  }
  if (endpointUrl.protocol !== 'http:' && endpointUrl.protocol !== 'https:') {
    throw new Error(`the SPARQL endpoint ${options.endpoint} must be an http(s) URL`);
  }
  const maxResults = options.maxResults ?? 10_000;
  const source = `the SPARQL endpoint ${options.endpoint}`;
  let cachedSize: number | undefined;

  async function post(
    query: string,
    accept: string,
    opts: QueryOptions,
  ): Promise<{ body: string; contentType: string; cutThere: boolean }> {
    const url = new URL(endpointUrl);
    for (const g of opts.defaultGraphs ?? []) url.searchParams.append('default-graph-uri', g);
    for (const g of opts.namedGraphs ?? []) url.searchParams.append('named-graph-uri', g);
    const timeoutMs = opts.timeoutMs ?? options.timeoutMs;
    const abort = new AbortController();
    const timer = timeoutMs && timeoutMs > 0 ? setTimeout(() => abort.abort(), timeoutMs) : undefined;
    let response: Response;
    let body: string;
    try {
      // The form-encoded POST, not the direct one: Debian's Virtuoso 7.2 never answers application/sparql-query.
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept },
        body: new URLSearchParams({ query }).toString(),
        signal: abort.signal,
      });
      body = await response.text();
    } catch (err) {
      if (abort.signal.aborted) throw new QueryTimeoutError(timeoutMs ?? 0);
      throw new RemoteStoreError(`cannot reach ${source}: ${(err as Error).message}${causeOf(err)}`);
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (response.status === 400) throw new QuerySyntaxError(body.trim() || `${source} refused the query (400)`);
    if (!response.ok) {
      // Virtuoso refuses ORDER BY with a LIMIT above its MaxSortedTopRows (default 10000), and we ask for maxResults +
      // 1 rows.
      const hint = /SR353/.test(body)
        ? ` — raise MaxSortedTopRows in Virtuoso's virtuoso.ini [Parameters] ` +
          `above ${maxResults} (scripts/virtuoso/start.sh does) or serve ` +
          `with a lower --max-results`
        : '';
      throw new RemoteStoreError(
        `${source} answered ${response.status} ${response.statusText}: ${body.trim().slice(0, 500)}${hint}`,
      );
    }
    // A huggingkg server says when its own result-size limit cut the answer (src/server/sparql.ts).
    const cutThere = response.headers.get('x-result-truncated') === 'true';
    return { body, contentType: response.headers.get('content-type') ?? '', cutThere };
  }

  async function fetchQuery(query: string, opts: QueryOptions = {}): Promise<Fetched> {
    const { form: queryForm, text: capped } = await prepare(query, opts, maxResults + 1);
    const form = resultForm(queryForm);
    if (form === 'graph') {
      const { body, contentType, cutThere } = await post(capped, ACCEPT_GRAPH, opts);
      const quads = parseGraph(body, contentType || NTRIPLES.mediaType, source);
      const truncated = quads.length > maxResults || cutThere;
      // Re-written as N-Triples, so both stores hand the same thing to answer.ts.
      const writer = new Writer({ format: 'N-Triples' });
      const kept = truncated ? quads.slice(0, maxResults) : quads;
      const text = await new Promise<string>((resolve, reject) => {
        writer.addQuads(kept);
        writer.end((err, out) => (err ? reject(err) : resolve(out)));
      });
      return { form: queryForm, body: text, contentType: NTRIPLES.mediaType, truncated, source };
    }
    const { body, cutThere } = await post(capped, ACCEPT_RESULTS, opts);
    const cut = cutBindings(parseJsonResults(body, source), maxResults);
    return {
      form: queryForm,
      body: cut.truncated ? JSON.stringify(cut.results) : body,
      contentType: RESULTS_JSON.mediaType,
      truncated: cut.truncated || cutThere,
      source,
    };
  }

  return {
    kind: 'remote',
    select: async (query, opts) => toSolutions(await fetchQuery(query, opts)),
    ask: async (query, opts) => toBoolean(await fetchQuery(query, opts)),
    construct: async (query, opts) => toQuads(await fetchQuery(query, opts)),
    queryRaw: async (query, opts: RawQueryOptions) => toRaw(await fetchQuery(query, opts), opts.mediaType, maxResults),
    // Counted once: the store behind a read-only server does not change while it runs.
    async size() {
      if (cachedSize === undefined) {
        const rows = await this.select('SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }');
        cachedSize = Number(rows[0]?.triples?.value ?? 0);
      }
      return cachedSize;
    },
    close: async () => {},
  };
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { message?: string; code?: string } }).cause;
  return cause ? ` (${cause.code ?? cause.message ?? String(cause)})` : '';
}
