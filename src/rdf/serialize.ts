// **serialize** writes a list of RDF/JS quads in one of the graph formats (Turtle, N-Triples and N-Quads by n3,
// JSON-LD by jsonld compacted with ontology/context.jsonld (src/rdf/jsonld.ts), RDF/XML by oxigraph) and reads the
// line-based ones and Turtle back.

import type { Quad, Term } from '@rdfjs/types';
import { Parser, Writer } from 'n3';
import { PREFIXES } from '../vocab.js';
import { type JsonLdOptions, toJsonld } from './jsonld.js';

// Pages embed a description as JSON-LD (with the context inlined: a page's reader may not fetch it).
export { toJsonld };
import { bareType, type Format, formatOfType, NQUADS, NTRIPLES, RDF_FORMATS, TURTLE } from './formats.js';

function writeN3(
  quads: Quad[],
  format: 'Turtle' | 'N-Triples' | 'N-Quads',
  prefixes?: Record<string, string>,
): Promise<string> {
  const writer = new Writer({ format, prefixes: format === 'Turtle' ? prefixes : undefined });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((err, out) => (err ? reject(err) : resolve(out))));
}

// An RDF/XML property element is a QName: a predicate IRI must end in an NCName (a letter or _ then letters, digits, _
// . -).
const NCNAME_END = /[\p{L}_][\p{L}\p{N}_.-]*$/u;

let oxigraphModule: Promise<{ default: typeof import('oxigraph') }> | undefined;

/**
 * RDF/XML by oxigraph's own writer (flat rdf:Description elements, blank nodes by rdf:nodeID), which writes every
 * triple,
 * blank-node cycles included (rdflib's nesting writer dropped a cycle and wrote an empty rdf:RDF). oxigraph is loaded
 * on the first RDF/XML answer only. A predicate that cannot be written as an XML element name is an error naming it.
 */
export async function toRdfXml(quads: Quad[]): Promise<string> {
  for (const q of quads) {
    if (!NCNAME_END.test(q.predicate.value))
      throw new Error(
        `the predicate <${q.predicate.value}> cannot be written in RDF/XML ` +
          `(it does not end in an XML name); ask for Turtle or N-Triples`,
      );
  }
  const ox = (
    await (oxigraphModule ??= import('oxigraph') as unknown as Promise<{ default: typeof import('oxigraph') }>)
  ).default;
  const store = new ox.Store();
  const graph = ox.defaultGraph();
  // RDF/XML holds one graph: every quad is written as a triple.
  for (const q of quads)
    store.add(ox.quad(ox.fromTerm(q.subject), ox.fromTerm(q.predicate), ox.fromTerm(q.object), graph));
  return store.dump({ format: 'application/rdf+xml', from_graph_name: graph });
}

/**
 * The prefixes of `prefixes` by the scheme and authority of their namespace (`https://schema.org`), in declaration
 * order; a namespace without one (`urn:x:`) is in every list, and under '' (for IRIs without one). Made once per
 * prefix table: checking every IRI of a document against every prefix was most of writing a small Turtle document.
 */
const prefixBuckets = new WeakMap<Record<string, string>, Map<string, Array<[string, string]>>>();

/** `scheme://authority` of an IRI or namespace, or '' when it has no `//` authority followed by a `/`. */
function authorityOf(iri: string): string {
  const start = iri.indexOf('//');
  const end = start < 0 ? -1 : iri.indexOf('/', start + 2);
  return end < 0 ? '' : iri.slice(0, end);
}

function bucketsOf(prefixes: Record<string, string>): Map<string, Array<[string, string]>> {
  let buckets = prefixBuckets.get(prefixes);
  if (!buckets) {
    const entries = Object.entries(prefixes);
    const authorities = new Set(entries.map(([, ns]) => authorityOf(ns)));
    buckets = new Map();
    for (const authority of authorities)
      buckets.set(
        authority,
        entries.filter(([, ns]) => authorityOf(ns) === authority || authorityOf(ns) === ''),
      );
    if (!buckets.has('')) buckets.set('', []);
    prefixBuckets.set(prefixes, buckets);
  }
  return buckets;
}

/** The prefixes whose namespace some IRI in `quads` starts with, so Turtle and RDF/XML declare only what they use. */
export function usedPrefixes(quads: Quad[], prefixes: Record<string, string>): Record<string, string> {
  const used: Record<string, string> = {};
  const buckets = bucketsOf(prefixes);
  const seen = new Set<string>();
  const visit = (t: Term) => {
    const iri = t.termType === 'Literal' ? t.datatype.value : t.termType === 'NamedNode' ? t.value : undefined;
    if (!iri || seen.has(iri)) return;
    seen.add(iri);
    const candidates = buckets.get(authorityOf(iri)) ?? buckets.get('')!;
    for (const [p, ns] of candidates) if (iri.startsWith(ns)) used[p] = ns;
  };
  for (const q of quads) {
    visit(q.subject);
    visit(q.predicate);
    visit(q.object);
  }
  return used;
}

export interface SerializeOptions extends JsonLdOptions {
  /** The prefixes Turtle may declare (those used are). */
  prefixes?: Record<string, string>;
}

export async function serializeQuads(quads: Quad[], format: Format, options: SerializeOptions = {}): Promise<string> {
  const prefixes = format.key === 'ttl' ? usedPrefixes(quads, options.prefixes ?? PREFIXES) : {};
  switch (format.key) {
    case 'ttl':
      return writeN3(quads, 'Turtle', prefixes);
    case 'nt':
      return writeN3(quads, 'N-Triples');
    case 'nq':
      return writeN3(quads, 'N-Quads');
    case 'jsonld':
      return JSON.stringify(await toJsonld(quads, options), null, 2) + '\n';
    case 'rdf':
      return toRdfXml(quads);
    default:
      throw new Error(`no RDF writer for ${format.mediaType}`);
  }
}

/** The graph formats n3 reads; a format's label is n3's name for it. */
const N3_PARSED: readonly Format[] = [NTRIPLES, NQUADS, TURTLE];

/** Parses a graph body (N-Triples, N-Quads or Turtle); `contentType` may carry parameters. Errors name `source`. */
export function parseGraph(text: string, contentType: string, source: string): Quad[] {
  const type = bareType(contentType);
  const format = N3_PARSED.find((f) => f.mediaType === type || f.aliases.includes(type))?.label;
  if (!format) {
    throw new Error(`${source} answered a graph query with ${type}, which is not N-Triples, N-Quads or Turtle`);
  }
  try {
    return new Parser({ format }).parse(text) as Quad[];
  } catch (err) {
    throw new Error(`${source} sent an unreadable ${format} graph: ${(err as Error).message}`);
  }
}

/** Writes `quads` as `mediaType` (one of the graph formats' own media types). */
export function writeGraph(quads: Quad[], mediaType: string): Promise<string> {
  const format = formatOfType(mediaType, RDF_FORMATS);
  if (!format) throw new Error(`no RDF writer for ${mediaType}`);
  return serializeQuads(quads, format);
}
