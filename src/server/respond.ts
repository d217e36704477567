// **respond** sends a negotiated document: picks the format (`?format=` or Accept), answers 400/406 with the offered
// types, and sets the caching headers (weak ETag from the body, Cache-Control, Vary, Link rel=alternate).

import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { formatByKey, negotiateRdf, negotiateRdfOrHtml, offeredTypes, RDF_FORMATS, type Choice } from './negotiate.js';

export const CACHE_CONTROL = 'public, max-age=300';

/** The format a request asks for, or an error already sent (then undefined). */
export function chooseFormat(req: Request, res: Response, withHtml: boolean): Exclude<Choice, { kind: 'none' }> | undefined {
  const key = req.query.format;
  if (key !== undefined) {
    if (typeof key === 'string' && key === 'html' && withHtml) return { kind: 'html' };
    const format = typeof key === 'string' ? formatByKey(key) : undefined;
    if (!format) {
      const keys = [...(withHtml ? ['html'] : []), ...RDF_FORMATS.map((f) => f.key)];
      sendError(res, 400, `unknown format ${JSON.stringify(key)}; use one of: ${keys.join(', ')}`);
      return undefined;
    }
    return { kind: 'rdf', format };
  }
  res.vary('Accept');
  const choice = withHtml ? negotiateRdfOrHtml(req.get('accept')) : negotiateRdf(req.get('accept'));
  if (choice.kind === 'none') {
    const types = offeredTypes(withHtml);
    sendError(res, 406, `none of the requested types (Accept: ${req.get('accept')}) is available; this resource is offered as: ${types.join(', ')}`, types);
    return undefined;
  }
  return choice;
}

export function etagOf(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

export interface Sendable {
  body: string;
  contentType: string;
  etag: string;
}

export function sendable(body: string, contentType: string): Sendable {
  return { body, contentType, etag: etagOf(body) };
}

/** Sends a cacheable document; express answers 304 itself when If-None-Match matches the ETag. */
export function sendDocument(res: Response, doc: Sendable, links?: string): void {
  res.set('Content-Type', doc.contentType);
  res.set('ETag', doc.etag);
  res.set('Cache-Control', CACHE_CONTROL);
  if (links) res.set('Link', links);
  res.send(doc.body);
}

/** Plain-text error body; a 406 also lists the offered types (one per line) so a client can retry. */
export function sendError(res: Response, status: number, message: string, offered?: string[]): void {
  res.status(status).type('text/plain; charset=utf-8');
  res.set('Cache-Control', 'no-store');
  res.send(`${status} ${message}\n${offered ? offered.join('\n') + '\n' : ''}`);
}

export function contentTypeOf(mediaType: string): string {
  return mediaType === 'application/ld+json' || mediaType === 'application/rdf+xml' || mediaType.startsWith('text/')
    ? `${mediaType}; charset=utf-8`
    : mediaType;
}

/**
 * `scheme://host[:port]` of this server as the client addressed it, for absolute URLs in VoID and descriptions. A Host
 * header that is not a plain host name or address falls back to the listening address, so it cannot inject into IRIs.
 */
export function requestOrigin(req: Request): string {
  const host = req.get('host');
  const safe = host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : undefined;
  const fallback = req.socket.localAddress ? `${req.socket.localAddress.includes(':') ? `[${req.socket.localAddress}]` : req.socket.localAddress}:${req.socket.localPort}` : 'localhost';
  return `${req.protocol}://${safe ?? fallback}`;
}
