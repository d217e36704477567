// **serialize** writes a list of RDF/JS quads in one of the graph formats (Turtle, N-Triples and N-Quads by n3,
// JSON-LD by jsonld compacted with ontology/context.jsonld, RDF/XML by oxigraph) and reads the line-based ones and
// Turtle back.

import { existsSync, readFileSync } from 'node:fs';
import type { Quad, Term } from '@rdfjs/types';
import type jsonldTypes from 'jsonld';
import { Parser, Writer } from 'n3';
import { CONTEXT_FILE } from '../paths.js';
import { PREFIXES } from '../vocab.js';
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

let cachedContext: object | undefined;

/** The project's JSON-LD context (ontology/context.jsonld); the prefix table when that file is not built yet. */
export function jsonldContext(): object {
  if (!cachedContext) {
    cachedContext = existsSync(CONTEXT_FILE)
      ? (JSON.parse(readFileSync(CONTEXT_FILE, 'utf8')) as object)
      : { '@context': { ...PREFIXES } };
  }
  return cachedContext;
}

// Descriptions must never make the server fetch a remote context: every URL is refused.
const offlineLoader = async (url: string): Promise<never> => {
  throw new Error(`refusing to load remote JSON-LD document ${url}`);
};

let jsonldModule: Promise<typeof jsonldTypes> | undefined;

export async function toJsonld(quads: Quad[]): Promise<object> {
  // Loaded on the first JSON-LD answer only: it takes ~0.5 s, which every command that reads a graph paid for.
  const jsonld = await (jsonldModule ??= import('jsonld').then((m) => m.default));
  const nquads = await writeN3(quads, 'N-Quads');
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  return jsonld.compact(expanded, jsonldContext() as jsonldTypes.ContextDefinition, {
    documentLoader: offlineLoader as never,
  });
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

/** The prefixes whose namespace some IRI in `quads` starts with, so Turtle and RDF/XML declare only what they use. */
export function usedPrefixes(quads: Quad[], prefixes: Record<string, string>): Record<string, string> {
  const used: Record<string, string> = {};
  const entries = Object.entries(prefixes);
  const visit = (t: Term) => {
    const iri = t.termType === 'Literal' ? t.datatype.value : t.termType === 'NamedNode' ? t.value : undefined;
    if (!iri) return;
    for (const [p, ns] of entries) if (iri.startsWith(ns)) used[p] = ns;
  };
  for (const q of quads) {
    visit(q.subject);
    visit(q.predicate);
    visit(q.object);
  }
  return used;
}

export async function serializeQuads(
  quads: Quad[],
  format: Format,
  allPrefixes: Record<string, string> = PREFIXES,
): Promise<string> {
  const prefixes = format.key === 'ttl' ? usedPrefixes(quads, allPrefixes) : {};
  switch (format.key) {
    case 'ttl':
      return writeN3(quads, 'Turtle', prefixes);
    case 'nt':
      return writeN3(quads, 'N-Triples');
    case 'nq':
      return writeN3(quads, 'N-Quads');
    case 'jsonld':
      return JSON.stringify(await toJsonld(quads), null, 2) + '\n';
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
