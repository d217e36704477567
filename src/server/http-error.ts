// **http-error** is the server's one error vocabulary: HttpError (a status, a message for the client, headers, and the
// media types a 406 offers), the one mapping from the errors of the layers below (stores, query guard, canned queries,
// body parser) to it, and the one way an error is written: plain text `STATUS message` or JSON `{error, status}`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { QueryParamError, UnknownQueryError } from '../queries/errors.js';
import type { Negotiated } from '../rdf/negotiate.js';
import {
  QueryEvaluationError,
  QueryResourceError,
  QueueFullError,
  ServiceNotSupportedError,
  UnsupportedFunctionError,
} from '../store/embedded.js';
import { QuerySyntaxError, QueryTimeoutError, RemoteStoreError } from '../store/store.js';
import { GraphRefusedError } from './sparql-graphs.js';
import { QueryShapeError } from './sparql-guard.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** For a 406: the media types the resource is offered as, listed one per line after the message. */
    readonly offered?: readonly string[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A refused negotiation (src/rdf/negotiate.ts) as 400 (unknown or repeated ?format=) or 406 (nothing acceptable). */
export function negotiationError(refusal: Exclude<Negotiated, { format: unknown }>): HttpError {
  if (refusal.refused === 'bad-format') return new HttpError(400, refusal.message);
  return new HttpError(
    406,
    refusal.message,
    {},
    refusal.offered.map((f) => f.mediaType),
  );
}

const RETRY_SOON = { 'Retry-After': '10' };

/**
 * The HttpError an error of a lower layer means, or undefined when it is none of theirs (then it is the server's own
 * failure, answered 500 by the caller). `maxBodyBytes` names the body limit in a 413.
 */
export function httpErrorOf(err: unknown, maxBodyBytes?: number): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof QuerySyntaxError) return new HttpError(400, `Malformed query: ${err.message}`);
  if (err instanceof QueryShapeError) return new HttpError(400, `Query refused: ${err.message}`);
  if (err instanceof GraphRefusedError) return new HttpError(403, err.message);
  if (err instanceof UnknownQueryError) return new HttpError(404, err.message);
  if (err instanceof QueryParamError) return new HttpError(400, err.message);
  if (err instanceof QueueFullError) {
    // 429 for one client's share, 503 when the server as a whole is full (SPARQL clients retry on both).
    const retry = { 'Retry-After': String(err.retryAfterSeconds) };
    return new HttpError(err.scope === 'client' ? 429 : 503, `Too many queries: ${err.message}.`, retry);
  }
  if (err instanceof QueryResourceError) {
    // A crash is the query's own doing (too complex) and would recur; running short of memory may be shared.
    return err.reason === 'crash'
      ? new HttpError(400, `Query refused: ${err.message}. Simplify it (less nesting, fewer operators).`)
      : new HttpError(503, `${err.message}; no partial result is returned. Narrow the query down.`, RETRY_SOON);
  }
  if (err instanceof QueryTimeoutError) {
    return new HttpError(
      503,
      `The query was stopped after ${err.timeoutMs} ms, the server's query timeout; no partial result is returned. ` +
        'Narrow it down (more specific patterns, a LIMIT) or run it over a dump file.',
      RETRY_SOON,
    );
  }
  if (err instanceof ServiceNotSupportedError) {
    return new HttpError(
      501,
      `${err.message}: the embedded store cannot call SERVICE endpoints; federation needs an external SPARQL store ` +
        '(huggingkg serve --endpoint URL).',
    );
  }
  // Well-formed but calling a function the store does not have: 422 (Unprocessable Content), not 400 (malformed).
  if (err instanceof UnsupportedFunctionError) {
    const only = 'this endpoint evaluates the SPARQL 1.1 built-in functions and XSD casts only';
    return new HttpError(422, `${err.message}: ${only}.`);
  }
  if (err instanceof QueryEvaluationError) return new HttpError(500, `The query failed: ${err.message}`);
  if (err instanceof RemoteStoreError) {
    return new HttpError(502, `The SPARQL store behind this server failed: ${err.message}`);
  }
  // Errors of express's body parser (and other middleware) carry a type and a 4xx status.
  const e = err as { type?: unknown; status?: unknown; statusCode?: unknown; message?: unknown; limit?: unknown };
  const message = typeof e.message === 'string' ? e.message : undefined;
  if (e.type === 'entity.too.large') {
    const limit = typeof e.limit === 'number' ? e.limit : maxBodyBytes;
    return new HttpError(413, `The request body is larger than the limit of ${limit} bytes.`);
  }
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
    return new HttpError(415, message ?? 'Unsupported body encoding.');
  }
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) return new HttpError(status, message ?? 'Bad request.');
  return undefined;
}

/** The answer to a failure of the server's own: 500 naming the request id (the log line has the details). */
export function internalError(res: ServerResponse): HttpError {
  return new HttpError(500, `internal error (request id ${String(res.getHeader('X-Request-Id') ?? '?')})`);
}

/**
 * Writes `err`: as text, `STATUS message` and, for a 406, the offered types one per line (so a client can retry); as
 * JSON, `{error, status}`. Never cached.
 */
export function sendHttpError(res: ServerResponse, err: HttpError, as: 'text' | 'json' = 'text'): void {
  const body =
    as === 'json'
      ? JSON.stringify({ error: err.message, status: err.status })
      : `${err.status} ${err.message}\n${err.offered ? err.offered.join('\n') + '\n' : ''}`;
  res.statusCode = err.status;
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', as === 'json' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** Plain-text error with a status and message (and, for a 406, the offered types). */
export function sendError(res: ServerResponse, status: number, message: string, offered?: readonly string[]): void {
  sendHttpError(res, new HttpError(status, message, {}, offered));
}

/**
 * The answer to a request that failed: an error the mapping knows gets its status and message; anything else is
 * ours: 500 naming the request id. Client errors are logged as warnings, the server's as errors.
 */
export function sendFailure(req: IncomingMessage & { log?: Logger }, res: ServerResponse, err: unknown): void {
  const known = httpErrorOf(err);
  // Past a client error, only "try again later" (503) is said; other failures' details stay in the log.
  const answer = known && (known.status < 500 || known.status === 503) ? known : internalError(res);
  req.log?.[answer.status < 500 ? 'warn' : 'error']({ err }, 'request failed');
  if (res.headersSent) return void res.end();
  sendHttpError(res, answer);
}
