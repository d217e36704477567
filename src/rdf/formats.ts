// **negotiate** names the RDF formats the server speaks and picks one for a request (Accept with q-values via `negotiator`,
// or a `?format=` override). One table, read by /data, /void, /ontology, /shapes and the HTML "other formats" links.

import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';

export type RdfFormatKey = 'ttl' | 'nt' | 'nq' | 'jsonld' | 'rdf';

export interface RdfFormat {
  key: RdfFormatKey;
  /** The media type we answer with. */
  mediaType: string;
  /** Other media types a client may ask for that this format satisfies. */
  aliases: string[];
  label: string;
}

// Order matters: for */* (and a missing Accept) negotiator picks the first listed, so Turtle comes first.
export const RDF_FORMATS: readonly RdfFormat[] = [
  { key: 'ttl', mediaType: 'text/turtle', aliases: ['application/x-turtle'], label: 'Turtle' },
  { key: 'nt', mediaType: 'application/n-triples', aliases: [], label: 'N-Triples' },
  { key: 'nq', mediaType: 'application/n-quads', aliases: [], label: 'N-Quads' },
  { key: 'jsonld', mediaType: 'application/ld+json', aliases: ['application/json'], label: 'JSON-LD' },
  { key: 'rdf', mediaType: 'application/rdf+xml', aliases: ['application/xml', 'text/xml'], label: 'RDF/XML' },
];

export const HTML_TYPE = 'text/html';

export function formatByKey(key: string): RdfFormat | undefined {
  return RDF_FORMATS.find((f) => f.key === key);
}

function formatByType(type: string): RdfFormat | undefined {
  return RDF_FORMATS.find((f) => f.mediaType === type || f.aliases.includes(type));
}

const RDF_TYPES = RDF_FORMATS.flatMap((f) => [f.mediaType, ...f.aliases]);

/** What a request asked for: an RDF format, the HTML page, or nothing we have (406). */
export type Choice = { kind: 'rdf'; format: RdfFormat } | { kind: 'html' } | { kind: 'none' };

// Clients send few distinct Accept headers, and parsing one is a visible share of a cached answer's cost: remember the
// choice per (offer, header). A miss is stored as '' (LRUCache keeps no undefined values).
const chosen = new LRUCache<string, string>({ max: 1000, maxSize: 4 * 2 ** 20, sizeCalculation: (_type, key) => key.length + 1 });

function best(accept: string | undefined, available: string[], offer: string): string | undefined {
  // An absent or empty Accept means "anything" (RFC 9110 §12.5.1).
  const header = accept === undefined || accept.trim() === '' ? '*/*' : accept;
  const key = `${offer}\n${header}`;
  let type = chosen.get(key);
  if (type === undefined) {
    type = new Negotiator({ headers: { accept: header } }).mediaType(available) ?? '';
    chosen.set(key, type);
  }
  return type === '' ? undefined : type;
}

// RDF only (for /data, /void ...): an Accept of */* gets Turtle.
export function negotiateRdf(accept: string | undefined): Choice {
  const type = best(accept, RDF_TYPES, 'rdf');
  const format = type ? formatByType(type) : undefined;
  return format ? { kind: 'rdf', format } : { kind: 'none' };
}

const RDF_OR_HTML_TYPES = [RDF_FORMATS[0].mediaType, HTML_TYPE, ...RDF_TYPES.slice(1)];

// RDF or HTML (for entity IRIs, /ontology, /shapes): a browser's Accept (text/html at q=1, */* lower) gets HTML,
// */* alone gets Turtle.
export function negotiateRdfOrHtml(accept: string | undefined): Choice {
  const type = best(accept, RDF_OR_HTML_TYPES, 'rdf+html');
  if (type === HTML_TYPE) return { kind: 'html' };
  const format = type ? formatByType(type) : undefined;
  return format ? { kind: 'rdf', format } : { kind: 'none' };
}

/** Media types listed in a 406 answer. */
export function offeredTypes(withHtml: boolean): string[] {
  return [...(withHtml ? [HTML_TYPE] : []), ...RDF_FORMATS.map((f) => f.mediaType)];
}

/** `Link` header value pointing to every RDF format of `path` (a local path without query). */
export function alternateLinks(path: string, except?: RdfFormatKey, withHtml?: string): string {
  const links = RDF_FORMATS.filter((f) => f.key !== except).map(
    (f) => `<${path}?format=${f.key}>; rel="alternate"; type="${f.mediaType}"`,
  );
  if (withHtml) links.push(`<${withHtml}>; rel="alternate"; type="${HTML_TYPE}"`);
  return links.join(', ');
}
