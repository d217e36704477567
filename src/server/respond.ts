// **respond** sends a negotiated document: picks the format (`?format=` or Accept, by src/rdf/negotiate.ts),
// answers 400/406 with the offered types, and sets the caching headers (weak ETag from the body, Cache-Control, Vary,
// Link rel=alternate); compresses a document once per content coding and keeps the result with it.
//
// Written against node's own request and response (which express's extend), so the dereferencing fast path that runs
// ahead of express and the express routes answer through the same code.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { TLSSocket } from 'node:tls';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import { RDF_FORMATS, type Format } from '../rdf/formats.js';
import { negotiate } from '../rdf/negotiate.js';
import { negotiationError, sendHttpError } from './http-error.js';

export const CACHE_CONTROL = 'public, max-age=300';

/** The path of a request target, without the query (the raw, still percent-encoded bytes). */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** A query parameter as express's 'simple' parser gives it: absent, one string, or an array when repeated. */
export function queryParam(req: IncomingMessage, name: string): string | string[] | undefined {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return q < 0 ? undefined : parseQuery(url.slice(q + 1))[name];
}

/** Adds a field to the Vary header unless it is there already (or Vary is *). */
export function addVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('Vary');
  if (current === undefined) return void res.setHeader('Vary', field);
  const value = String(current);
  const fields = value.split(',').map((f) => f.trim().toLowerCase());
  if (fields.includes('*') || fields.includes(field.toLowerCase())) return;
  res.setHeader('Vary', `${value}, ${field}`);
}

/** The format a request asks for among `offered`, or an error already sent (then undefined). */
export function chooseFormat(
  req: IncomingMessage,
  res: ServerResponse,
  offered: readonly Format[],
  /** An Accept that fits none gets the first offered format instead of a 406 (an unknown `?format=` is still 400). */
  firstIfNoneFits = false,
): Format | undefined {
  const format = queryParam(req, 'format');
  // The answer depends on Accept only when no ?format= overrides it.
  if (format === undefined) addVary(res, 'Accept');
  const chosen = negotiate(req.headers.accept, format, offered);
  if ('format' in chosen) return chosen.format;
  if (firstIfNoneFits && format === undefined) return offered[0];
  sendHttpError(res, negotiationError(chosen));
  return undefined;
}

/**
 * For the site's own documents (pages, listings as HTML or JSON): as chooseFormat, but an Accept that fits none gets
 * the first offered format, as these routes always answered; an unknown `?format=` is still a 400.
 */
export function chooseDocumentFormat(
  req: IncomingMessage,
  res: ServerResponse,
  offered: readonly Format[],
): Format | undefined {
  return chooseFormat(req, res, offered, true);
}

/** `Link` header value pointing to every RDF format of `path` (a local path without query), and its HTML page. */
export function alternateLinks(path: string, except?: Format, htmlPage?: string): string {
  const links = RDF_FORMATS.filter((f) => f !== except).map(
    (f) => `<${path}?format=${f.key}>; rel="alternate"; type="${f.mediaType}"`,
  );
  if (htmlPage) links.push(`<${htmlPage}>; rel="alternate"; type="text/html"`);
  return links.join(', ');
}

export function etagOf(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Bodies below this many bytes go out uncompressed (as the compression middleware's default threshold). */
export const COMPRESS_THRESHOLD = 1024;

type Coding = 'br' | 'gzip';

/**
 * A document ready to send again and again: the body as bytes, its type, its ETag (hashed once), and its compressed
 * forms, each made the first time a client accepts it and kept with the document, so a cached document is never
 * compressed twice.
 */
export interface Sendable {
  body: Buffer;
  contentType: string;
  etag: string;
  encoded: Partial<Record<Coding, Buffer>>;
}

export function sendable(body: string | Buffer, contentType: string): Sendable {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return { body: bytes, contentType, etag: etagOf(bytes), encoded: {} };
}

// Brotli at quality 4 (as the compression middleware uses), preferred over gzip when a client takes both equally.
const BROTLI = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } };
const CODINGS = ['br', 'gzip', 'identity'];
const codingCache = new LRUCache<string, Coding | 'identity'>({ max: 256 });

/** The content coding to answer `Accept-Encoding` with; parsed once per distinct header value. */
function codingFor(acceptEncoding: string | undefined): Coding | 'identity' {
  if (!acceptEncoding) return 'identity';
  let coding = codingCache.get(acceptEncoding);
  if (coding === undefined) {
    const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }) as unknown as {
      encoding(available: string[], opts: { preferred: string[] }): string | undefined;
    };
    const chosen = negotiator.encoding(CODINGS, { preferred: ['br', 'gzip'] });
    coding = chosen === 'br' || chosen === 'gzip' ? chosen : 'identity';
    if (acceptEncoding.length <= 256) codingCache.set(acceptEncoding, coding);
  }
  return coding;
}

function encodedBody(doc: Sendable, coding: Coding): Buffer {
  return (doc.encoded[coding] ??= coding === 'gzip' ? gzipSync(doc.body) : brotliCompressSync(doc.body, BROTLI));
}

/**
 * Whether the client's cached copy is current (RFC 9110 §13.1.2, weak comparison, as express's `req.fresh`): its
 * If-None-Match names our ETag or is `*`, and it did not ask to bypass caches with Cache-Control: no-cache.
 */
function isFresh(req: IncomingMessage, etag: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const ifNoneMatch = req.headers['if-none-match'];
  if (!ifNoneMatch) return false;
  if (/(?:^|,)\s*no-cache\s*(?:,|$)/.test(req.headers['cache-control'] ?? '')) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return ifNoneMatch.split(',').some((tag) => opaque(tag.trim()) === opaque(etag));
}

/**
 * Sends a cacheable document: 304 when the client's copy is current; else the body, compressed when the client
 * accepts it and the body is worth it (then with Vary: Accept-Encoding, and the compression middleware leaves it
 * alone); a HEAD gets the headers only.
 */
export function sendDocument(
  res: ServerResponse,
  doc: Sendable,
  links?: string,
  cacheControl: string = CACHE_CONTROL,
): void {
  const req = res.req;
  res.setHeader('Content-Type', doc.contentType);
  res.setHeader('ETag', doc.etag);
  res.setHeader('Cache-Control', cacheControl);
  if (links) res.setHeader('Link', links);
  let body = doc.body;
  if (body.length >= COMPRESS_THRESHOLD) {
    addVary(res, 'Accept-Encoding');
    const coding = codingFor(req.headers['accept-encoding']);
    if (coding !== 'identity') {
      body = encodedBody(doc, coding);
      res.setHeader('Content-Encoding', coding);
    }
  }
  if (isFresh(req, doc.etag)) {
    res.statusCode = 304;
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Encoding');
    res.end();
    return;
  }
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A Host header worth echoing: a name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * `scheme://host[:port]` of this server as the client addressed it, for absolute URLs in VoID and descriptions. A Host
 * header that is not a plain host name or address falls back to the listening address, so it cannot inject into IRIs.
 * The scheme is the connection's own (no proxy headers are trusted, as express's default).
 */
export function requestOrigin(req: IncomingMessage): string {
  const host = req.headers.host;
  const safe = host && SAFE_HOST.test(host) ? host : undefined;
  const local = req.socket.localAddress;
  const fallback = local ? `${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort}` : 'localhost';
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  return `${scheme}://${safe ?? fallback}`;
}
