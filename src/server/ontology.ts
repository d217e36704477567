// **ontology** serves ontology/huggingkg.ttl at /ontology and shapes/huggingkg.shacl.ttl at /shapes,
// content-negotiated:
// the RDF formats from the files, or HTML documentation generated from their labels and comments; and the JSON-LD
// context (ontology/context.jsonld) at /context.jsonld, which every JSON-LD description names.

import { existsSync, readFileSync } from 'node:fs';
import type { Quad } from '@rdfjs/types';
import express, { type Router } from 'express';
import { Parser } from 'n3';
import { ONTOLOGY_FILE, SHAPES_FILE } from '../paths.js';
import { HKG, NS, PREFIXES, STD } from '../vocab.js';
import { contentTypeOf, HTML, JSONLD, RDF_FORMATS, RDF_OR_HTML, TURTLE } from '../rdf/formats.js';
import { CONTEXT_PATH, projectContext } from '../rdf/jsonld.js';
import { serializeQuads } from '../rdf/serialize.js';
import { sendError } from './http-error.js';
import { renderPage } from './render.js';
import { alternateLinks, chooseFormat, sendable, sendDocument, type Sendable } from './respond.js';

const CONTEXT_CACHE_CONTROL = 'public, max-age=86400';

interface RdfFile {
  text: string;
  quads: Quad[];
}

const files = new Map<string, RdfFile | undefined>();

function load(path: string): RdfFile | undefined {
  if (!files.has(path)) {
    if (!existsSync(path)) return undefined; // not cached: the file may appear once the ontology is built
    const text = readFileSync(path, 'utf8');
    files.set(path, { text, quads: new Parser({ baseIRI: HKG }).parse(text) });
  }
  return files.get(path);
}

/** Compact name of an IRI with the project prefixes (hkg:Model), or the IRI itself. */
export function prefixed(iri: string): string {
  for (const [p, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && /^[A-Za-z_][\w.-]*$/.test(iri.slice(ns.length))) return `${p}:${iri.slice(ns.length)}`;
  }
  return iri;
}

let labelCache: Map<string, string> | undefined;

/** rdfs:label of an ontology term (English first), for property names on entity pages. */
export function ontologyLabel(iri: string): string | undefined {
  if (!labelCache) {
    const file = load(ONTOLOGY_FILE);
    if (!file) return undefined;
    labelCache = new Map();
    for (const q of file.quads) {
      if (q.predicate.value !== STD.label || q.object.termType !== 'Literal') continue;
      const lang = q.object.language;
      if (!labelCache.has(q.subject.value) || lang === 'en') labelCache.set(q.subject.value, q.object.value);
    }
  }
  return labelCache.get(iri);
}

/** The page of an ontology term of ours: its entry on /ontology. */
export function ontologyHref(iri: string): string {
  return `/ontology#${iri.slice(HKG.length)}`;
}

/**
 * A label for a term reused from another vocabulary, which the ontology declares without one: its local name in
 * words, and the vocabulary's prefix (skos:ConceptScheme reads "Concept scheme (skos)").
 */
export function reusedTermLabel(iri: string): string | undefined {
  const short = prefixed(iri);
  const colon = short.indexOf(':');
  if (colon < 0 || short === iri) return undefined;
  const words = short
    .slice(colon + 1)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} (${short.slice(0, colon)})`;
}

interface TermDoc {
  iri: string;
  name: string;
  anchor: string;
  label?: string;
  comment?: string;
  facts: Array<{ label: string; values: Array<{ text: string; href?: string }> }>;
}

function valueLink(iri: string): { text: string; href?: string } {
  if (iri.startsWith(HKG)) return { text: prefixed(iri), href: `#${iri.slice(HKG.length)}` };
  return /^https?:/.test(iri) ? { text: prefixed(iri), href: iri } : { text: prefixed(iri) };
}

function describeTerms(quads: Quad[], type: string, facts: Record<string, string>): TermDoc[] {
  const subjects = [
    ...new Set(
      quads
        .filter((q) => q.predicate.value === STD.type && q.object.value === type && q.subject.termType === 'NamedNode')
        .map((q) => q.subject.value),
    ),
  ].sort();
  return subjects.map((iri) => {
    const about = quads.filter((q) => q.subject.value === iri);
    const literal = (p: string) =>
      about.find(
        (q) =>
          q.predicate.value === p &&
          q.object.termType === 'Literal' &&
          (!q.object.language || q.object.language === 'en'),
      )?.object.value;
    return {
      iri,
      name: prefixed(iri),
      anchor: iri.startsWith(HKG) ? iri.slice(HKG.length) : encodeURIComponent(iri),
      label: literal(STD.label),
      comment: literal(STD.comment),
      facts: Object.entries(facts)
        .map(([p, label]) => ({
          label,
          values: about
            .filter((q) => q.predicate.value === p && q.object.termType === 'NamedNode')
            .map((q) => valueLink(q.object.value)),
        }))
        .filter((f) => f.values.length > 0),
    };
  });
}

/** A term of another vocabulary about which the ontology says nothing but its type. */
function isBareReuse(t: TermDoc): boolean {
  return !t.iri.startsWith(HKG) && !t.label && !t.comment && t.facts.length === 0;
}

function ontologyView(file: RdfFile): object {
  const quads = file.quads;
  const header = quads.filter((q) => q.object.value === NS.owl + 'Ontology' && q.predicate.value === STD.type)[0]
    ?.subject.value;
  const about = (p: string) => quads.find((q) => q.subject.value === header && q.predicate.value === p)?.object.value;
  const common = {
    [NS.rdfs + 'domain']: 'Domain',
    [NS.rdfs + 'range']: 'Range',
    [NS.rdfs + 'subPropertyOf']: 'Sub-property of',
    [NS.owl + 'inverseOf']: 'Inverse of',
    [NS.owl + 'equivalentProperty']: 'Equivalent to',
  };
  return {
    title: 'Ontology',
    iri: header,
    label: about(STD.label) ?? about(NS.dcterms + 'title'),
    comment: about(STD.comment) ?? about(NS.dcterms + 'description'),
    version: about(NS.owl + 'versionIRI') ?? about(NS.owl + 'versionInfo'),
    license: about(NS.dcterms + 'license'),
    sections: [
      {
        id: 'classes',
        title: 'Classes',
        terms: describeTerms(quads, NS.owl + 'Class', {
          [NS.rdfs + 'subClassOf']: 'Sub-class of',
          [NS.owl + 'disjointWith']: 'Disjoint with',
          [NS.owl + 'equivalentClass']: 'Equivalent to',
        }),
      },
      {
        id: 'object-properties',
        title: 'Object properties',
        terms: describeTerms(quads, NS.owl + 'ObjectProperty', common),
      },
      {
        id: 'datatype-properties',
        title: 'Datatype properties',
        terms: describeTerms(quads, NS.owl + 'DatatypeProperty', common),
      },
      {
        id: 'annotation-properties',
        title: 'Annotation properties',
        terms: describeTerms(quads, NS.owl + 'AnnotationProperty', common),
      },
      {
        id: 'individuals',
        title: 'Individuals',
        terms: describeTerms(quads, NS.owl + 'NamedIndividual', { [STD.type]: 'Type' }),
      },
    ]
      .map((s) => ({
        ...s,
        terms: s.terms
          .filter((t) => !isBareReuse(t))
          .map((t) => (t.label || t.iri.startsWith(HKG) ? t : { ...t, label: reusedTermLabel(t.iri) })),
      }))
      .filter((s) => s.terms.length > 0),
    // Terms of other vocabularies declared only to type them (skos:Concept a owl:Class): one list, not empty entries.
    reused: [NS.owl + 'Class', NS.owl + 'ObjectProperty', NS.owl + 'DatatypeProperty', NS.owl + 'AnnotationProperty']
      .flatMap((type) => describeTerms(quads, type, {}))
      .filter(isBareReuse)
      .map((t) => ({ ...valueLink(t.iri), label: reusedTermLabel(t.iri) })),
    formats: RDF_FORMATS.map((f) => ({ label: f.label, href: `/ontology?format=${f.key}`, type: f.mediaType })),
  };
}

/** `# comment` lines written right above a shape's first line in the Turtle file, by the shape's local name. */
function shapeComments(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let pending: string[] = [];
  for (const line of text.split('\n')) {
    const comment = /^#\s?(.*)$/.exec(line);
    if (comment) pending.push(comment[1] ?? '');
    else {
      const subject = /^[\w-]*:([\w.-]+)\s+a\s+sh:(?:Property|Node)Shape\b/.exec(line);
      if (subject?.[1] && pending.length > 0) out.set(subject[1], pending.join(' ').trim());
      pending = [];
    }
  }
  return out;
}

/** A shape's constraints as a sentence a person reads (what a violation of it would be about). */
function constraintText(get: (name: string) => Quad['object'][], term: (t: Quad['object']) => string): string {
  const one = (name: string) => get(name)[0]?.value;
  const parts: string[] = [];
  const min = one('minCount');
  const max = one('maxCount');
  if (min !== undefined && min === max) parts.push(`exactly ${min}`);
  else {
    if (min !== undefined && min !== '0') parts.push(`at least ${min}`);
    if (max !== undefined) parts.push(`at most ${max}`);
  }
  const kinds = [...get('datatype'), ...get('class'), ...get('nodeKind')].map(term);
  if (kinds.length > 0) parts.push(kinds.join(', '));
  if (get('or').length > 0) parts.push('one of several alternatives');
  if (get('in').length > 0) parts.push('from a fixed list');
  const pattern = one('pattern');
  if (pattern !== undefined) parts.push(`matching /${pattern}/`);
  const minLength = one('minLength');
  if (minLength !== undefined) parts.push(`of at least ${minLength} character(s)`);
  const minInclusive = one('minInclusive');
  if (minInclusive !== undefined) parts.push(`>= ${minInclusive}`);
  const maxInclusive = one('maxInclusive');
  if (maxInclusive !== undefined) parts.push(`<= ${maxInclusive}`);
  return parts.length > 0 ? `${parts.join('; ')}.` : 'any value.';
}

function ontologyLink(iri: string): { text: string; href?: string } {
  return iri.startsWith(HKG) ? { text: prefixed(iri), href: ontologyHref(iri) } : valueLink(iri);
}

function shapesView(file: RdfFile): object {
  const quads = file.quads;
  const SH = NS.sh;
  const comments = shapeComments(file.text);
  const objectsOf = (s: Quad['subject'] | Quad['object'], p: string) =>
    quads.filter((q) => q.subject.equals(s) && q.predicate.value === SH + p).map((q) => q.object);
  const shapes = quads
    .filter((q) => q.predicate.value === STD.type && q.object.value === SH + 'NodeShape')
    .map((q) => q.subject);
  const term = (v: Quad['object']) => (v.termType === 'NamedNode' ? prefixed(v.value) : v.value);
  return {
    title: 'SHACL shapes',
    shapes: shapes.map((shape) => ({
      name: shape.termType === 'NamedNode' ? prefixed(shape.value) : '(anonymous shape)',
      anchor: shape.value.replace(/^.*[#/]/, ''),
      // On this page a term of ours links to its entry on /ontology, not to an anchor here.
      targets: objectsOf(shape, 'targetClass').map((t) => ontologyLink(t.value)),
      properties: objectsOf(shape, 'property').map((p) => {
        const one = (name: string) => objectsOf(p, name)[0];
        const path = one('path');
        const cell = (name: string) => {
          const v = one(name);
          return v ? term(v) : '';
        };
        // SHACL's default severity is sh:Violation; the message is the shape's own, or what its constraints ask for.
        const severity = one('severity');
        const message = objectsOf(p, 'message').find(
          (m) => m.termType === 'Literal' && (!m.language || m.language.startsWith('en')),
        );
        return {
          path: path
            ? path.termType === 'NamedNode'
              ? ontologyLink(path.value)
              : { text: '(complex path)' }
            : { text: '' },
          datatype: cell('datatype'),
          class: cell('class'),
          nodeKind: cell('nodeKind'),
          minCount: cell('minCount'),
          maxCount: cell('maxCount'),
          severity: severity ? term(severity).replace(/^sh:/, '') : 'Violation',
          message: message?.value ?? constraintText((name) => objectsOf(p, name), term),
          note: comments.get(p.value.replace(/^.*[#/]/, '')),
        };
      }),
    })),
    formats: RDF_FORMATS.map((f) => ({ label: f.label, href: `/shapes?format=${f.key}`, type: f.mediaType })),
  };
}

function route(router: Router, path: string, file: string, view: string, toView: (f: RdfFile) => object): void {
  // The files change only with a new release of the project: each rendering is made once (JSON-LD and RDF/XML take a
  // second).
  const made = new Map<string, Sendable>();
  router.get(path, async (req, res) => {
    const loaded = load(file);
    if (!loaded)
      return sendError(res, 404, `${path} is not available: ${file} does not exist (build the ontology first)`);
    const format = chooseFormat(req, res, RDF_OR_HTML);
    if (!format) return;
    const links = alternateLinks(path, format);
    let doc = made.get(format.key);
    if (!doc) {
      if (format === HTML) doc = sendable(renderPage(view, toView(loaded)), 'text/html; charset=utf-8');
      // Turtle is the file itself, comments and layout kept; the other formats are written from its parsed triples.
      else {
        const body = format === TURTLE ? loaded.text : await serializeQuads(loaded.quads, format);
        doc = sendable(body, contentTypeOf(format.mediaType));
      }
      made.set(format.key, doc);
    }
    sendDocument(res, doc, links);
  });
}

export function ontologyRouter(): Router {
  const router = express.Router();
  route(router, '/ontology', ONTOLOGY_FILE, 'ontology', ontologyView);
  route(router, '/shapes', SHAPES_FILE, 'shapes', shapesView);
  let context: Sendable | undefined;
  router.get(CONTEXT_PATH, (_req, res) => {
    context ??= sendable(
      JSON.stringify({ '@context': projectContext() }, null, 2) + '\n',
      contentTypeOf(JSONLD.mediaType),
    );
    // Clients fetch the context with every description they expand: let them keep it a day (it changes only with a
    // release; the ETag revalidates it after).
    sendDocument(res, context, undefined, CONTEXT_CACHE_CONTROL);
  });
  return router;
}
