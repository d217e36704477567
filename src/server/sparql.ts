// **sparql** is the read-only SPARQL 1.1 Protocol endpoint mounted at /sparql: queries by GET, POST form and POST direct,
// results negotiated by Accept (or ?format=), the service description for RDF clients and the YASGUI editor for browsers.
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
import Handlebars from 'handlebars';
import Negotiator from 'negotiator';
import { isAbsoluteIri } from '../iri.js';
import { PUBLIC_DIR } from '../paths.js';
import { mediaTypesFor } from '../store/answer.js';
import type { CappedRawResult } from '../store/answer.js';
import { QueryEvaluationError, QueryResourceError, QueueFullError } from '../store/embedded.js';
import { GRAPH_TYPES } from '../store/graph-results.js';
import { BINDINGS_TYPES } from '../store/results.js';
import type { QueryAnalysis, QueryForm } from '../store/query-analysis.js';
import { QuerySyntaxError, QueryTimeoutError } from '../store/store.js';
import type { AppContext } from './context.js';
import { RDF_FORMATS } from './negotiate.js';
import { serializeQuads } from './rdf-serialize.js';
import { serviceDescription } from './service-description.js';
import { checkQueryShape, QueryShapeError } from './sparql-guard.js';
import { GraphRefusedError, servedGraphs, servedGraphsCheck } from './sparql-graphs.js';
import { SparqlParser } from './sparql-parse.js';
import { sparqlExamples } from './sparql-examples.js';

/** An HTTP error with the status and a message for the client. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

// Short names for ?format= (media types are accepted too).
const FORMAT_NAMES: Record<string, string> = {
  json: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  ttl: 'text/turtle',
  turtle: 'text/turtle',
  nt: 'application/n-triples',
  ntriples: 'application/n-triples',
  nq: 'application/n-quads',
  nquads: 'application/n-quads',
  jsonld: 'application/ld+json',
  rdf: 'application/rdf+xml',
  rdfxml: 'application/rdf+xml',
  html: 'text/html',
};

// Media types clients commonly send that mean one we answer with, per result kind.
const RESULT_ALIASES: Record<string, string> = {
  'application/json': 'application/sparql-results+json',
  'application/xml': 'application/sparql-results+xml',
  'text/xml': 'application/sparql-results+xml',
};
const GRAPH_ALIASES: Record<string, string> = {
  ...Object.fromEntries(RDF_FORMATS.flatMap((f) => f.aliases.map((a) => [a, f.mediaType]))),
  'text/plain': 'application/n-triples',
};

const QUERY_BODY_TYPES = ['application/sparql-query', 'application/x-www-form-urlencoded'];
const UPDATE_BODY_TYPE = 'application/sparql-update';
const HTML = 'text/html';
const READ_ONLY = 'This endpoint is read-only: SPARQL Update is refused.';

/** Picks the response media type: `format` override first, else Accept with q-values; undefined when none fits. */
function chooseType(accept: string | undefined, format: string | undefined, offered: readonly string[], aliases: Record<string, string>): string | undefined {
  if (format !== undefined) {
    const wanted = FORMAT_NAMES[format.toLowerCase()] ?? aliases[format.toLowerCase()] ?? format.toLowerCase();
    return offered.includes(wanted) ? wanted : undefined;
  }
  // An absent or empty Accept means anything (RFC 9110 §12.5.1): the first offered type.
  const header = accept === undefined || accept.trim() === '' ? '*/*' : accept;
  const available = [...offered, ...Object.keys(aliases).filter((a) => offered.includes(aliases[a]))];
  const chosen = new Negotiator({ headers: { accept: header } }).mediaType(available);
  return chosen === undefined ? undefined : (aliases[chosen] ?? chosen);
}

function notAcceptable(offered: readonly string[]): HttpError {
  return new HttpError(406, `None of the requested media types is available. This answer can be given as: ${offered.join(', ')} (or use ?format=).`);
}

/** The protocol parameters of a request, from its URL and (for a form POST) its body. */
interface ProtocolRequest {
  queries: string[];
  updates: string[];
  defaultGraphs: string[];
  namedGraphs: string[];
  format?: string;
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
    const type = contentType.split(';')[0].trim().toLowerCase();
    if (type === UPDATE_BODY_TYPE) throw new HttpError(403, READ_ONLY);
    if (!QUERY_BODY_TYPES.includes(type)) {
      throw new HttpError(
        415,
        `A SPARQL query is POSTed as application/sparql-query or application/x-www-form-urlencoded, not ${type || 'a body without Content-Type'}.`,
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
      const form = typeof req.body === 'object' && req.body !== null ? new URLSearchParams(req.body as Record<string, string>) : new URLSearchParams(body);
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
    format: formats.length > 0 ? formats[0] : undefined,
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
  for (const [name, iris] of [['default-graph-uri', protocol.defaultGraphs], ['named-graph-uri', protocol.namedGraphs]] as const) {
    const bad = iris.find((iri) => !isAbsoluteIri(iri));
    if (bad !== undefined) throw new HttpError(400, `${name}=${JSON.stringify(bad.slice(0, 200))} is not an absolute IRI.`);
  }
}

/** The text the store runs: the query read against the endpoint's URL when it has no BASE of its own. */
function withBase(text: string, endpoint: string): { text: string; offset: number } {
  const prefix = `BASE <${endpoint}> `;
  return { text: prefix + text, offset: prefix.length };
}

/**
 * A store's syntax error as the client's text has it: oxigraph counts `line:column` in the text it ran, whose first line
 * starts with the BASE the endpoint put in front and which may end with a LIMIT the store appended.
 */
function userPosition(message: string, clientText: string, offset: number): string {
  return message.replace(/^error at (\d+):(\d+)/, (_whole, l: string, c: string) => {
    const lines = clientText.split('\n');
    const line = Number(l);
    const column = line === 1 ? Number(c) - offset : Number(c);
    if (line > lines.length || column < 1 || (line === lines.length && column > lines[line - 1].length + 1)) return 'error at the end of the query';
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
        throw new HttpError(403, `SERVICE with a variable endpoint (${service}) is refused: only allowlisted endpoints may be called.`);
      }
      if (!allowedBy(config.federationAllowlist, service)) {
        throw new HttpError(403, `SERVICE <${service}> is refused: this endpoint calls only allowlisted endpoints (federation allowlist).`);
      }
    }
    const graphs = [...analysis.from, ...analysis.fromNamed];
    if (graphs.length === 0) return;
    // Over an external store serving one graph, only that graph is local (its other graphs are not ours to show).
    const served = servedGraphs(config);
    const local = served ? new Set(served) : await storeGraphs();
    for (const graph of graphs) {
      if (!local.has(graph) && !allowedBy(config.federationAllowlist, graph)) {
        throw new HttpError(403, `FROM <${graph}> is refused: it is neither a graph of this store nor on the federation allowlist.`);
      }
    }
  }

  // User queries are parsed off the event loop (sparql-parse.ts); one parser per router.
  const parser = new SparqlParser();

  const editor = Handlebars.compile(readFileSync(join(PUBLIC_DIR, 'sparql', 'editor.html'), 'utf8'));

  async function serviceDescriptionOrEditor(req: Request, res: Response, format: string | undefined): Promise<void> {
    const rdfTypes = RDF_FORMATS.map((f) => f.mediaType);
    // Turtle first so that `*/*` gets RDF, then HTML for browsers (which rank text/html above */*).
    const offered = [rdfTypes[0], HTML, ...rdfTypes.slice(1)];
    const type = chooseType(req.headers.accept, format, offered, GRAPH_ALIASES);
    res.vary('Accept');
    if (type === undefined) throw notAcceptable(offered);
    const endpoint = endpointUrl(req);
    if (type === HTML) {
      const examples = await sparqlExamples(config.base);
      res.type('html').send(editor({ endpoint, assets: `${req.baseUrl}/assets`, examples: JSON.stringify(examples).replace(/</g, '\\u003c') }));
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
    const rdfFormat = RDF_FORMATS.find((f) => f.mediaType === type);
    if (!rdfFormat) throw notAcceptable(offered);
    res.type(`${type}; charset=utf-8`).send(await serializeQuads(quads, rdfFormat));
  }

  async function answer(req: Request, res: Response): Promise<void> {
    const protocol = readProtocol(req);
    if (protocol.updates.length > 0) throw new HttpError(403, READ_ONLY);
    if (protocol.queries.length > 1) throw new HttpError(400, `Exactly one query is allowed per request; this one has ${protocol.queries.length}.`);
    if (protocol.queries.length === 0) {
      if (req.method === 'POST') throw new HttpError(400, 'Missing query: send it as query=... (form) or as an application/sparql-query body.');
      await serviceDescriptionOrEditor(req, res, protocol.format);
      return;
    }
    checkGraphIris(protocol);
    const endpoint = endpointUrl(req);
    const text = protocol.queries[0];
    // Bounded before any parser sees it: deep or long syntax crashes the engine and stalls parsers (sparql-guard.ts).
    checkQueryShape(text);
    // A query without BASE is read against the endpoint's URL (relative IRIs such as <s> resolve against it).
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const analysis = await parser.analyze(text, endpoint, client);
    if (analysis.kind === 'update') throw new HttpError(403, READ_ONLY);
    servedGraphsCheck(config, analysis, protocol);
    await checkSources(analysis);
    const offered = mediaTypesFor(analysis.form);
    const aliases = analysis.form === 'SELECT' || analysis.form === 'ASK' ? RESULT_ALIASES : GRAPH_ALIASES;
    const mediaType = chooseType(req.headers.accept, protocol.format, offered, aliases);
    res.vary('Accept');
    if (mediaType === undefined) throw notAcceptable(offered);
    const run = withBase(text, endpoint);
    const result = (await ctx.store
      .queryRaw(run.text, {
        mediaType,
        lane: 'user',
        client,
        prepared: { form: analysis.form, cap: async (n) => withBase(await parser.cap(text, endpoint, n, client), endpoint).text },
        timeoutMs: config.queryTimeoutMs,
        defaultGraphs: protocol.defaultGraphs,
        namedGraphs: protocol.namedGraphs,
      })
      .catch((err: unknown) => {
        throw err instanceof QuerySyntaxError ? new QuerySyntaxError(userPosition(err.message, text, run.offset)) : err;
      })) as Partial<CappedRawResult>;
    if (result.truncated) {
      const limit = result.maxResults ?? config.maxResults;
      res.set('X-Result-Truncated', 'true');
      res.set('X-Result-Limit', String(limit));
      res.set('Warning', `199 - "result cut at ${limit} ${unit(analysis.form)} (the server's result-size limit); use LIMIT and OFFSET to page"`);
    }
    res.status(200).type(result.contentType ?? mediaType).send(result.body);
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
  const rawBody = express.text({ type: [...QUERY_BODY_TYPES, UPDATE_BODY_TYPE], limit: config.maxBodyBytes, defaultCharset: 'utf-8' });
  router.get('/', answer);
  router.post('/', (req, res, next) => {
    // Refuse a non-UTF-8 charset before the body parser decodes it.
    const charset = charsetOf(req.headers['content-type'] ?? '');
    if (charset && !/^utf-?8$/i.test(charset)) return next(new HttpError(415, `The request body must be UTF-8, not ${charset}.`));
    rawBody(req, res, next);
  }, answer);
  router.all('/', (req) => {
    throw new HttpError(405, `${req.method} is not a SPARQL 1.1 Protocol query method: use GET or POST.`, { Allow: 'GET, HEAD, POST, OPTIONS' });
  });

  router.get('/examples.json', async (_req, res) => {
    res.json(await sparqlExamples(config.base));
  });
  const yasguiDir = dirname(createRequire(import.meta.url).resolve('@zazuko/yasgui'));
  router.use('/assets/yasgui', express.static(yasguiDir, { maxAge: '1d', index: false }));
  router.use('/assets', express.static(join(PUBLIC_DIR, 'sparql'), { maxAge: '1h', index: false }));

  // Every failure becomes a plain-text status with a message; nothing escapes to crash the process.
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, message, headers } = toHttpError(err, ctx);
    const log = (req as Request & { log?: AppContext['logger'] }).log ?? ctx.logger;
    if (status >= 500) log.error({ err, status }, 'SPARQL request failed');
    else log.info({ status, reason: message }, 'SPARQL request refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).set(headers).type('text/plain; charset=utf-8').send(message + '\n');
  });
  return router;
}

/**
 * An evaluation error that is the query's fault, not the server's. A well-formed query calling a function the store does
 * not have is 422 (Unprocessable Content), not 400: 400 says the query is malformed, and it is not.
 */
function clientEvaluationError(message: string): HttpError | undefined {
  if (/custom function .* is not supported/i.test(message)) {
    return new HttpError(422, `${message}: this endpoint evaluates the SPARQL 1.1 built-in functions and XSD casts only.`);
  }
  return undefined;
}

function unit(form: QueryForm): string {
  return form === 'SELECT' ? 'rows' : 'triples';
}

function toHttpError(err: unknown, ctx: AppContext): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof QuerySyntaxError) return new HttpError(400, `Malformed query: ${err.message}`);
  if (err instanceof GraphRefusedError) return new HttpError(403, err.message);
  if (err instanceof QueryShapeError) return new HttpError(400, `Query refused: ${err.message}`);
  if (err instanceof QueueFullError) {
    // 429 for one client's share, 503 when the server as a whole is full (SPARQL clients retry on both).
    return new HttpError(err.scope === 'client' ? 429 : 503, `Too many queries: ${err.message}.`, { 'Retry-After': String(err.retryAfterSeconds) });
  }
  if (err instanceof QueryResourceError) {
    // A crash is the query's own doing (too complex) and would recur; running short of memory may be shared.
    return err.reason === 'crash'
      ? new HttpError(400, `Query refused: ${err.message}. Simplify it (less nesting, fewer operators).`)
      : new HttpError(503, `${err.message}; no partial result is returned. Narrow the query down.`, { 'Retry-After': '10' });
  }
  if (err instanceof QueryTimeoutError) {
    return new HttpError(
      503,
      `The query was stopped after ${err.timeoutMs} ms, the server's query timeout; no partial result is returned. ` +
        'Narrow it down (more specific patterns, a LIMIT) or run it over a dump file.',
      { 'Retry-After': '10' },
    );
  }
  const e = err as { type?: string; status?: number; message?: string; limit?: number };
  // Errors of express's body parser.
  if (e.type === 'entity.too.large') return new HttpError(413, `The request body is larger than the limit of ${e.limit ?? ctx.config.maxBodyBytes} bytes.`);
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') return new HttpError(415, e.message ?? 'Unsupported body encoding.');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new HttpError(e.status, e.message ?? 'Bad request.');
  if (err instanceof QueryEvaluationError) {
    // oxigraph's WebAssembly build has no HTTP client: an allowlisted SERVICE still cannot be called from it.
    if (/service .* is not supported/i.test(err.message)) {
      return new HttpError(501, `${err.message}: the embedded store cannot call SERVICE endpoints; federation needs an external SPARQL store (--sparql-endpoint).`);
    }
    const refused = clientEvaluationError(err.message);
    if (refused) return refused;
    return new HttpError(500, `The query failed: ${err.message}`);
  }
  if (ctx.store.kind === 'remote') return new HttpError(502, `The SPARQL store behind this server failed: ${e.message ?? String(err)}`);
  return new HttpError(500, `The query failed: ${e.message ?? String(err)}`);
}
