// **rdf-serialize** writes a list of RDF/JS quads in one of the served formats: Turtle, N-Triples and N-Quads by n3,
// JSON-LD by jsonld (compacted with ontology/context.jsonld), RDF/XML by rdflib.

import { existsSync, readFileSync } from 'node:fs';
import type { Quad, Term } from '@rdfjs/types';
import jsonld from 'jsonld';
import { Writer } from 'n3';
import * as $rdf from 'rdflib';
import { CONTEXT_FILE } from '../paths.js';
import { PREFIXES } from '../vocab.js';
import type { RdfFormat } from './negotiate.js';

function writeN3(quads: Quad[], format: 'Turtle' | 'N-Triples' | 'N-Quads', prefixes?: Record<string, string>): Promise<string> {
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

export async function toJsonld(quads: Quad[]): Promise<object> {
  const nquads = await writeN3(quads, 'N-Quads');
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  return jsonld.compact(expanded, jsonldContext() as jsonld.ContextDefinition, {
    documentLoader: offlineLoader as never,
  });
}

function toRdflib(term: Term): $rdf.NamedNode | $rdf.BlankNode | $rdf.Literal {
  switch (term.termType) {
    case 'NamedNode':
      return $rdf.sym(term.value);
    case 'BlankNode':
      return $rdf.blankNode(term.value);
    case 'Literal':
      return term.language
        ? $rdf.lit(term.value, term.language)
        : $rdf.lit(term.value, undefined, $rdf.sym(term.datatype.value));
    default:
      throw new Error(`cannot write a ${term.termType} term as RDF/XML`);
  }
}

export function toRdfXml(quads: Quad[], prefixes: Record<string, string>): string {
  const graph = $rdf.graph();
  for (const [prefix, ns] of Object.entries(prefixes)) graph.setPrefixForURI(prefix, ns);
  for (const q of quads) {
    graph.add(toRdflib(q.subject) as $rdf.NamedNode, toRdflib(q.predicate) as $rdf.NamedNode, toRdflib(q.object));
  }
  // No base: rdflib would write relative IRIs without an xml:base, which a reader resolves against the wrong document.
  const xml = $rdf.serialize(null, graph, undefined, 'application/rdf+xml') ?? '';
  // rdflib 2.4 nests a blank node that has one incoming link as `<p rdf:parseType="Resource"><rdf:Description>…`, which
  // is invalid (a node element inside a parseType="Resource" property). Its only other use of parseType="Resource" is for
  // an empty node (immediately closed), so dropping the attribute where a node element follows gives the valid
  // `<p><rdf:Description>…</rdf:Description></p>` form.
  return xml.replace(/ rdf:parseType="Resource">(\s*<(?!\/))/g, '>$1');
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

export async function serializeQuads(quads: Quad[], format: RdfFormat, allPrefixes: Record<string, string> = PREFIXES): Promise<string> {
  const prefixes = format.key === 'ttl' || format.key === 'rdf' ? usedPrefixes(quads, allPrefixes) : {};
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
      return toRdfXml(quads, prefixes);
  }
}
