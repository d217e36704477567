// **negotiate** is the one content negotiator: it picks, among the formats a route offers, the one a request asks for,
// by a `?format=` name (or media type) first, else by Accept with q-values (`negotiator` ranks them). Media-type
// parameters in Accept other than q (charset, a JSON-LD profile) do not exclude a format: we answer in UTF-8 and
// compacted JSON-LD only, so `text/turtle;charset=utf-8` is Turtle.

import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import { ALL_FORMATS, type Format } from './formats.js';

/** The format chosen, or why none: an unknown or repeated `?format=` (a client error) or nothing acceptable. */
export type Negotiated =
  | { format: Format }
  | { refused: 'bad-format' | 'not-acceptable'; message: string; offered: readonly Format[] };

/**
 * `format` is the `?format=` value as the query parser gave it (absent, one string, or an array when repeated).
 * A name no route knows is 'bad-format'; a known one this route does not offer is 'not-acceptable'.
 */
export function negotiate(
  accept: string | undefined,
  format: string | string[] | undefined,
  offered: readonly Format[],
): Negotiated {
  if (format !== undefined) {
    const name = typeof format === 'string' ? format.trim().toLowerCase() : undefined;
    const chosen = name === undefined ? undefined : byName(name, offered);
    if (chosen) return { format: chosen };
    const keys = [...new Set(offered.map((f) => f.key))].join(', ');
    if (name === undefined || !byName(name, ALL_FORMATS)) {
      const message = `unknown format ${JSON.stringify(format)}; use one of: ${keys}`;
      return { refused: 'bad-format', message, offered };
    }
    const message = `format ${JSON.stringify(format)} is not available here; use one of: ${keys}`;
    return { refused: 'not-acceptable', message, offered };
  }
  const chosen = byAccept(accept, offered);
  if (chosen) return { format: chosen };
  const types = offered.map((f) => f.mediaType).join(', ');
  return {
    refused: 'not-acceptable',
    message:
      `none of the requested media types (Accept: ${accept}) is available; ` +
      `this answer can be given as: ${types} (or use ?format=)`,
    offered,
  };
}

/** A `?format=` value among `among`: a key or name first, then a media type or alias. */
function byName(name: string, among: readonly Format[]): Format | undefined {
  return (
    among.find((f) => f.key === name) ??
    among.find((f) => f.names.includes(name)) ??
    among.find((f) => f.mediaType === name) ??
    among.find((f) => f.aliases.includes(name))
  );
}

// Clients send few distinct Accept headers, and parsing one is a visible share of a cached answer's cost: remember the
// choice per (offer, header). A miss is stored as '' (LRUCache keeps no undefined values).
const chosenCache = new LRUCache<string, string>({
  max: 1000,
  maxSize: 4 * 2 ** 20,
  sizeCalculation: (_t, key) => key.length + 1,
});

const availableOf = new WeakMap<readonly Format[], { types: string[]; joined: string }>();

/** The media types `offered` answers to, once per offer (routes offer the same few constant lists). */
function availableTypes(offered: readonly Format[]): { types: string[]; joined: string } {
  let available = availableOf.get(offered);
  if (!available) {
    // Own media types first (so */* gets the first offered format), then aliases no offered format answers as its
    // own.
    const own = offered.map((f) => f.mediaType);
    const aliases = offered.flatMap((f) => f.aliases).filter((a) => !own.includes(a));
    const types = [...new Set([...own, ...aliases])];
    available = { types, joined: types.join(',') };
    availableOf.set(offered, available);
  }
  return available;
}

function byAccept(accept: string | undefined, offered: readonly Format[]): Format | undefined {
  // An absent or empty Accept means "anything" (RFC 9110 §12.5.1).
  const header = accept === undefined || accept.trim() === '' ? '*/*' : accept;
  const available = availableTypes(offered);
  const key = `${available.joined}\n${header}`;
  let type = chosenCache.get(key);
  if (type === undefined) {
    type = new Negotiator({ headers: { accept: withoutParameters(header) } }).mediaType(available.types) ?? '';
    chosenCache.set(key, type);
  }
  if (type === '') return undefined;
  return offered.find((f) => f.mediaType === type) ?? offered.find((f) => f.aliases.includes(type));
}

/**
 * The Accept header with every media-range parameter but q dropped. `negotiator` only matches a range whose
 * parameters the offered type also has, and ours have none. Quoted strings (a profile URI) may hold commas and
 * semicolons, so the header is split outside quotes only.
 */
export function withoutParameters(accept: string): string {
  return splitOutsideQuotes(accept, ',')
    .map((range) => {
      const [type = '', ...params] = splitOutsideQuotes(range, ';').map((p) => p.trim());
      const q = params.find((p) => /^q\s*=/i.test(p));
      return q === undefined ? type : `${type};${q.replace(/\s+/g, '')}`;
    })
    .filter((range) => range !== '')
    .join(', ');
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
