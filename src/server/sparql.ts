// **sparql** is the read-only SPARQL 1.1 Protocol endpoint mounted at /sparql: queries by GET, POST form and POST
// direct, results negotiated by Accept (or ?format=), the service description for RDF clients and the YASGUI editor for
// browsers.
//
// Statuses: 400 malformed request or query (or one too deep or too long for the engine: sparql-guard.ts); 422 a
// well-formed query calling a function the store does not have; 403 updates (read-only), SERVICE/FROM outside the
// federation allowlist and graphs outside the served one (sparql-graphs.ts); 405 other methods; 406 no acceptable
// format; 413 body over maxBodyBytes; 415 unsupported body type or charset; 429 one client over its share; 501 an
// allowlisted SERVICE on the embedded store (it cannot call out); 503 query stopped at the timeout (never partial
// results), stopped for memory, or the query queue full. A result over maxResults rows/triples is cut to maxResults and
// the response says so in `X-Result-Truncated: true`, `X-Result-Limit` and a `Warning` header.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { htmlError, wantsHtml } from './render.js';
import Handlebars from 'handlebars';
import { isAbsoluteIri } from '../iri.js';
import { PUBLIC_DIR } from '../paths.js';
import { bareType, BINDINGS_TYPES, GRAPH_TYPES, HTML, NTRIPLES, RDF_OR_HTML, RESULTS_JSON } from '../rdf/formats.js';
import { negotiate } from '../rdf/negotiate.js';
import { serializeQuads } from '../rdf/serialize.js';
import { formatsFor } from '../store/answer.js';
import { resultForm, type QueryAnalysis, type QueryForm } from '../store/query-analysis.js';
import { QuerySyntaxError } from '../store/store.js';
import type { AppContext } from './context.js';
import { HttpError, httpErrorOf, negotiationError, sendHttpError } from './http-error.js';
import { serviceDescription } from './service-description.js';
import { checkQueryShape } from './sparql-guard.js';
import { servedGraphs, servedGraphsCheck } from './sparql-graphs.js';
import { SparqlParser } from './sparql-parse.js';
import { sparqlExamples } from './sparql-examples.js';
import { resultsPage } from './sparql-results-page.js';
import { pageQueryBudget } from './page-queries.js';

const QUERY_BODY_TYPES = ['application/sparql-query', 'application/x-www-form-urlencoded'];
const UPDATE_BODY_TYPE = 'application/sparql-update';
const READ_ONLY = 'This endpoint is read-only: SPARQL Update is refused.';

/** The protocol parameters of a request, from its URL and (for a form POST) its body. */
interface ProtocolRequest {
  queries: string[];
  updates: string[];
  defaultGraphs: string[];
  namedGraphs: string[];
  /** `?format=` (or a form field): a repeated one is kept as an array, which negotiation refuses with 400. */
  format?: string | string[];
}

function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
}

function readProtocol(req: Request): ProtocolRequest {
  const url = new URL(req.originalUrl, 'http://localhost');
  const params = [url.searchParams];
  const queries = url.searchParams.getAll('query');
  if (req.method === 'POST') {
    const contentType = req.headers['content-type'] ?? '';
    const type = bareType(contentType);
    if (type === UPDATE_BODY_TYPE) throw new HttpError(403, READ_ONLY);
    if (!QUERY_BODY_TYPES.includes(type)) {
      throw new HttpError(
        415,
        `A SPARQL query is POSTed as application/sparql-query or application/x-www-form-urlencoded, ` +
          `not ${type || 'a body without Content-Type'}.`,
      );
    }
    const charset = charsetOf(contentType);
    if (charset && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8') {
      throw new HttpError(415, `The query must be sent in UTF-8, not ${charset}.`);
    }
    const body = typeof req.body === 'string' ? req.body : '';
    if (type === 'application/sparql-query') {
      queries.push(body);
    } else {
      // A body already parsed by an app-wide urlencoded parser is an object; ours is the raw string.
      const form =
        typeof req.body === 'object' && req.body !== null
          ? new URLSearchParams(req.body as Record<string, string>)
          : new URLSearchParams(body);
      params.push(form);
      queries.push(...form.getAll('query'));
    }
  }
  const all = (name: string) => params.flatMap((p) => p.getAll(name));
  const formats = all('format');
  return {
    queries,
    updates: all('update'),
    defaultGraphs: all('default-graph-uri'),
    namedGraphs: all('named-graph-uri'),
    format: formats.length > 1 ? formats : formats[0],
  };
}

/** The endpoint's own URL as this request reached it (honours the app's `trust proxy` setting through req.protocol). */
function endpointUrl(req: Request): string {
  // The Host header is the client's: parse it, so a malformed one cannot reach the query text or the description.
  try {
    return new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl || '/'}`).href;
  } catch {
    return `http://localhost${req.baseUrl || '/'}`;
  }
}

/** 400 for a default-graph-uri / named-graph-uri that is not an absolute IRI (a store would fail on it later). */
function checkGraphIris(protocol: ProtocolRequest): void {
  for (const [name, iris] of [
    ['default-graph-uri', protocol.defaultGraphs],
    ['named-graph-uri', protocol.namedGraphs],
  ] as const) {
    const bad = iris.find((iri) => !isAbsoluteIri(iri));
    if (bad !== undefined)
      throw new HttpError(400, `${name}=${JSON.stringify(bad.slice(0, 200))} is not an absolute IRI.`);
  }
}

/** The text the store runs: the query read against the endpoint's URL when it has no BASE of its own. */
function withBase(text: string, endpoint: string): { text: string; offset: number } {
  const prefix = `BASE <${endpoint}> `;
  return { text: prefix + text, offset: prefix.length };
}

/**
 * A store's syntax error as the client's text has it: oxigraph counts `line:column` in the text it ran, whose first
 * line
 * starts with the BASE the endpoint put in front and which may end with a LIMIT the store appended.
 */
function userPosition(message: string, clientText: string, offset: number): string {
  return message.replace(/^error at (\d+):(\d+)/, (_whole, l: string, c: string) => {
    const lines = clientText.split('\n');
    const line = Number(l);
    const column = line === 1 ? Number(c) - offset : Number(c);
    const last = lines[lines.length - 1] ?? '';
    const pastEnd = line > lines.length || column < 1 || (line === lines.length && column > last.length + 1);
    if (pastEnd) return 'error at the end of the query';
    return `error at ${line}:${column}`;
  });
}

function allowedBy(allowlist: string[], iri: string): boolean {
  return allowlist.some((entry) => iri === entry || (entry.endsWith('/') && iri.startsWith(entry)));
}

export function sparqlRouter(ctx: AppContext): express.Router {
  const router = express.Router();
  const { config } = ctx;
  let localGraphs: Promise<Set<string>> | undefined;

  // Graph names the store holds: FROM / FROM NAMED may pick those without being federation.
  function storeGraphs(): Promise<Set<string>> {
    localGraphs ??= ctx.store
      .select('SELECT DISTINCT ?g WHERE { GRAPH ?g { } }', { timeoutMs: config.queryTimeoutMs })
      // Some stores answer an empty GRAPH pattern with one row leaving ?g unbound.
      .then((rows) => new Set(rows.flatMap((r) => (r.g ? [r.g.value] : []))))
      .catch((err: Error) => {
        localGraphs = undefined;
        throw err;
      });
    return localGraphs;
  }

  async function checkSources(analysis: Pick<QueryAnalysis, 'services' | 'from' | 'fromNamed'>): Promise<void> {
    for (const service of analysis.services) {
      if (service.startsWith('?')) {
        throw new HttpError(
          403,
          `SERVICE with a variable endpoint (${service}) is refused: only allowlisted endpoints may be called.`,
        );
      }
      if (!allowedBy(config.federationAllowlist, service)) {
        throw new HttpError(
          403,
          `SERVICE <${service}> is refused: this endpoint calls only allowlisted endpoints (federation allowlist).`,
        );
      }
    }
    const graphs = [...analysis.from, ...analysis.fromNamed];
    if (graphs.length === 0) return;
    // Over an external store serving one graph, only that graph is local (its other graphs are not ours to show).
    const served = servedGraphs(config);
    const local = served ? new Set(served) : await storeGraphs();
    for (const graph of graphs) {
      if (!local.has(graph) && !allowedBy(config.federationAllowlist, graph)) {
        throw new HttpError(
          403,
          `FROM <${graph}> is refused: it is neither a graph of this store nor on the federation allowlist.`,
        );
      }
    }
  }

  // User queries are parsed off the event loop (sparql-parse.ts); one parser per router.
  const parser = new SparqlParser();

  const editor = Handlebars.compile(readFileSync(join(PUBLIC_DIR, 'sparql', 'editor.html'), 'utf8'));

  async function serviceDescriptionOrEditor(
    req: Request,
    res: Response,
    format: ProtocolRequest['format'],
  ): Promise<void> {
    const chosen = negotiate(req.headers.accept, format, RDF_OR_HTML);
    res.vary('Accept');
    if (!('format' in chosen)) throw negotiationError(chosen);
    const endpoint = endpointUrl(req);
    if (chosen.format === HTML) {
      const examples = await sparqlExamples(ctx, pageQueryBudget(config));
      res.type('html').send(
        editor({
          endpoint,
          base: config.base,
          assets: `${req.baseUrl}/assets`,
          examples: JSON.stringify(examples).replace(/</g, '\\u003c'),
        }),
      );
      return;
    }
    const origin = new URL(endpoint).origin;
    const quads = serviceDescription({
      endpoint,
      triples: await ctx.store.size(),
      mediaTypes: [...BINDINGS_TYPES, ...GRAPH_TYPES],
      federated: ctx.store.kind === 'remote' && config.federationAllowlist.length > 0,
      voidUrl: `${origin}/void`,
    });
    res.type(`${chosen.format.mediaType}; charset=utf-8`).send(await serializeQuads(quads, chosen.format));
  }

  async function answer(req: Request, res: Response): Promise<void> {
    const protocol = readProtocol(req);
    if (protocol.updates.length > 0) throw new HttpError(403, READ_ONLY);
    if (protocol.queries.length > 1)
      throw new HttpError(400, `Exactly one query is allowed per request; this one has ${protocol.queries.length}.`);
    if (protocol.queries.length === 0) {
      if (req.method === 'POST')
        throw new HttpError(400, 'Missing query: send it as query=... (form) or as an application/sparql-query body.');
      await serviceDescriptionOrEditor(req, res, protocol.format);
      return;
    }
    checkGraphIris(protocol);
    const endpoint = endpointUrl(req);
    const text = protocol.queries[0] ?? '';
    // Bounded before any parser sees it: deep or long syntax crashes the engine and stalls parsers (sparql-guard.ts).
    checkQueryShape(text);
    // A query without BASE is read against the endpoint's URL (relative IRIs such as <s> resolve against it).
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const analysis = await parser.analyze(text, endpoint, client);
    if (analysis.kind === 'update') throw new HttpError(403, READ_ONLY);
    servedGraphsCheck(config, analysis, protocol);
    await checkSources(analysis);
    // Machine formats first (`*/*` gets the standard one); a browser, ranking text/html first, gets a page to read.
    const chosen = negotiate(req.headers.accept, protocol.format, [...formatsFor(analysis.form), HTML]);
    res.vary('Accept');
    if (!('format' in chosen)) throw negotiationError(chosen);
    const html = chosen.format === HTML;
    const graph = resultForm(analysis.form) === 'graph';
    // The page is made from the standard results: SPARQL JSON for bindings and booleans, N-Triples for a graph.
    const mediaType = html ? (graph ? NTRIPLES.mediaType : RESULTS_JSON.mediaType) : chosen.format.mediaType;
    const run = withBase(text, endpoint);
    const result = await ctx.store
      .queryRaw(run.text, {
        mediaType,
        lane: 'user',
        client,
        prepared: {
          form: analysis.form,
          cap: async (n) => withBase(await parser.cap(text, endpoint, n, client), endpoint).text,
        },
        timeoutMs: config.queryTimeoutMs,
        defaultGraphs: protocol.defaultGraphs,
        namedGraphs: protocol.namedGraphs,
      })
      .catch((err: unknown) => {
        throw err instanceof QuerySyntaxError ? new QuerySyntaxError(userPosition(err.message, text, run.offset)) : err;
      });
    if (result.truncated) {
      const limit = result.maxResults ?? config.maxResults;
      res.set('X-Result-Truncated', 'true');
      res.set('X-Result-Limit', String(limit));
      res.set(
        'Warning',
        `199 - "result cut at ${limit} ${unit(analysis.form)} (the server's ` +
          `result-size limit); use LIMIT and OFFSET to page"`,
      );
    }
    if (html) {
      const page = resultsPage({
        query: text,
        form: analysis.form,
        body: result.body ?? '',
        base: config.base,
        truncated: result.truncated ? (result.maxResults ?? config.maxResults) : undefined,
        formats: formatsFor(analysis.form).map((f) => ({
          label: f.label,
          type: f.mediaType,
          href: `${req.baseUrl}?${new URLSearchParams({ query: text, format: f.key })}`,
        })),
      });
      res.status(200).type('html').send(page);
      return;
    }
    res
      .status(200)
      .type(result.contentType ?? mediaType)
      .send(result.body);
  }

  router.use((_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Access-Control-Expose-Headers', 'X-Result-Truncated, X-Result-Limit, Warning, Content-Type');
    next();
  });
  router.options('/', (_req, res) => {
    res.set('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
    res.set('Access-Control-Allow-Headers', 'Content-Type, Accept');
    res.set('Access-Control-Max-Age', '86400');
    res.set('Allow', 'GET, HEAD, POST, OPTIONS');
    res.sendStatus(204);
  });
  const rawBody = express.text({
    type: [...QUERY_BODY_TYPES, UPDATE_BODY_TYPE],
    limit: config.maxBodyBytes,
    defaultCharset: 'utf-8',
  });
  router.get('/', answer);
  router.post(
    '/',
    (req, res, next) => {
      // Refuse a non-UTF-8 charset before the body parser decodes it.
      const charset = charsetOf(req.headers['content-type'] ?? '');
      if (charset && !/^utf-?8$/i.test(charset))
        return next(new HttpError(415, `The request body must be UTF-8, not ${charset}.`));
      rawBody(req, res, next);
    },
    answer,
  );
  router.all('/', (req) => {
    throw new HttpError(405, `${req.method} is not a SPARQL 1.1 Protocol query method: use GET or POST.`, {
      Allow: 'GET, HEAD, POST, OPTIONS',
    });
  });

  router.get('/examples.json', async (_req, res) => {
    res.json(await sparqlExamples(ctx, pageQueryBudget(config)));
  });
  const yasguiDir = dirname(createRequire(import.meta.url).resolve('@zazuko/yasgui'));
  router.use('/assets/yasgui', express.static(yasguiDir, { maxAge: '1d', index: false }));
  router.use('/assets', express.static(join(PUBLIC_DIR, 'sparql'), { maxAge: '1h', index: false }));

  // Every failure becomes a status with a message (plain text; a page with a way back to the editor for a browser);
  // nothing escapes to crash the process.
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const answer = httpErrorOf(err, config.maxBodyBytes) ?? storeFailure(err, ctx);
    const log = (req as Request & { log?: AppContext['logger'] }).log ?? ctx.logger;
    if (answer.status >= 500) log.error({ err, status: answer.status }, 'SPARQL request failed');
    else log.info({ status: answer.status, reason: answer.message }, 'SPARQL request refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (!wantsHtml(req)) return sendHttpError(res, answer);
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    const query = typeof req.query.query === 'string' ? req.query.query : undefined;
    const editorHref = `${req.baseUrl}/${query ? `#query=${encodeURIComponent(query)}` : ''}`;
    htmlError(res, answer.status, STATUS_CODES[answer.status] ?? 'Error', answer.message, {
      href: editorHref,
      text: query ? 'Edit this query' : 'Open the query editor',
    });
  });
  return router;
}

function unit(form: QueryForm): string {
  return form === 'SELECT' ? 'rows' : 'triples';
}

/** An error no lower layer typed: the store failed under the query (502 behind an external store). */
function storeFailure(err: unknown, ctx: AppContext): HttpError {
  const message = err instanceof Error ? err.message : String(err);
  if (ctx.store.kind === 'remote') return new HttpError(502, `The SPARQL store behind this server failed: ${message}`);
  return new HttpError(500, `The query failed: ${message}`);
}
