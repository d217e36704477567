// **describe** builds an entity's description through the Store interface: its own triples (with its Derivation nodes),
// incoming links bounded per property with counts and the query for all of them, labels of linked entities, and the
// document's metadata. It also fetches a model's lineage for the page's picture (through the canned lineage queries).

import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { EntityRef } from '../iri.js';
import { entityIri } from '../iri.js';
import type { QueryRun } from '../queries/types.js';
import { linkSubsetFragment } from '../stats/link-counts.js';
import type { RawDescription, WireTerm } from '../store/describe-match.js';
import type { QueryOptions, Store } from '../store/store.js';
import { CLASS, NS, OBJ, STD, XSD } from '../vocab.js';
import type { AppContext } from './context.js';
import { dataPath, pagePath } from './links.js';
import { datasetInfo } from './void.js';
import { byString } from '../util/compare.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

export interface IncomingGroup {
  property: string;
  /** How many entities link here with `property`. */
  count: number;
  /** At most config.maxIncomingPerProperty of them. */
  subjects: string[];
  truncated: boolean;
  /** The SPARQL query that lists them all. */
  query: string;
}

/** An own property with more IRI objects than the document lists (a user's thousands of likes). */
export interface OutgoingGroup {
  property: string;
  /** How many entities this one links to with `property`. */
  count: number;
  /** How many of them the document lists (config.maxOwnLinksPerProperty). */
  listed: number;
  /** The SPARQL query that lists them all. */
  query: string;
}

export interface Description {
  ref: EntityRef;
  iri: string;
  /** The /data document under the canonical base: foaf:primaryTopic is the entity. */
  docIri: string;
  /** The entity's own triples and those of its Derivation nodes. */
  own: Quad[];
  incoming: IncomingGroup[];
  /** Own properties cut to a first page, with their counts (only those cut: a small entity has none). */
  outgoing: OutgoingGroup[];
  /** schema:name of the entity and of every entity it links to or is linked from. */
  labels: Map<string, string>;
  /** own + incoming + labels + document metadata, what /data serialises. */
  quads: Quad[];
}

/**
 * A SPARQL IRI reference; our IRIs are minted percent-encoded, the check guards against anything else reaching a query.
 */
export function sparqlIri(iri: string): string {
  if (/[\s<>"{}|^`\\]/.test(iri)) throw new Error(`refusing to put ${JSON.stringify(iri)} in a query: not a valid IRI`);
  return `<${iri}>`;
}

/** A SPARQL string literal with every character that could end or break it escaped (SPARQL 1.1 §19.7 ECHAR). */
export function sparqlString(text: string): string {
  return (
    '"' +
    text.replace(
      /[\\"\n\r\t\b\f]/g,
      (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' })[c]!,
    ) +
    '"'
  );
}

/** Copies a store term into an n3 term; blank nodes get short document-local labels (valid in every syntax). */
function copyTerm(term: Term, bnodes: Map<string, string>): Quad['object'] {
  switch (term.termType) {
    case 'NamedNode':
      return namedNode(term.value);
    case 'BlankNode': {
      let label = bnodes.get(term.value);
      if (!label) bnodes.set(term.value, (label = `b${bnodes.size + 1}`));
      return blankNode(label);
    }
    case 'Literal':
      return term.language ? literal(term.value, term.language) : literal(term.value, namedNode(term.datatype.value));
    default:
      throw new Error(`unexpected ${term.termType} in a description`);
  }
}

/** The /data document path of an entity (local, under any base). */
// The paths of an entity's data document and page live in links.ts (which modules below this one can import too).
export { dataPath, pagePath };

/** What one description query fetches: own triples (with Derivation nodes), incoming counts and first links, names. */
interface Fetched {
  own: Quad[];
  incoming: IncomingGroup[];
  outgoing: OutgoingGroup[];
  labels: Map<string, string>;
}

/** Rows the light description query may return before the entity counts as popular (then the counting query runs). */
export function firstLinksLimit(max: number): number {
  return max * 4;
}

// Subjects linking to an entity are not filtered with isIRI() in these queries: Virtuoso 7.2 then evaluates the filter
// on every candidate (a description took ~4x as long), and the graph has no blank-node subjects (the mapper mints IRIs
// for everything); rows with a blank-node subject are dropped where the rows are read.

/**
 * The light query for a description, answered from the stores' subject and object indexes: own triples, those of the
 * Derivation nodes, and every incoming link (marked ?in), each linked entity with its schema:name; at most
 * firstLinksLimit(max) + 1
 * rows, so a popular entity costs no more than a small one before the caller turns to descriptionQuery.
 * Measured on Virtuoso 7.2 at F = 0.01: ~10 ms a description, against ~25 ms for descriptionQuery (its grouped count
 * and nested LIMIT) and ~100 ms with isIRI() filters.
 */
export function lightDescriptionQuery(iri: string, max: number): string {
  const e = sparqlIri(iri);
  return `SELECT ?s ?p ?o ?name ?in WHERE {
  { BIND(${e} AS ?s) ${e} ?p ?o OPTIONAL { ?o <${STD.name}> ?name } }
  UNION
  { ${e} <${STD.qualifiedDerivation}> ?s . ?s ?p ?o OPTIONAL { ?o <${STD.name}> ?name } }
  UNION
  { ?s ?p ${e} BIND(true AS ?in) OPTIONAL { ?s <${STD.name}> ?name } }
} LIMIT ${firstLinksLimit(max) + 1}`;
}

/**
 * The query for a popular entity's description: each UNION branch starts from the entity's IRI, and each part is
 * tagged:
 *  - "o": own triples and those of its Derivation nodes, without names: a popular entity may link to thousands (a
 *    user's likes), and only the first page of each property is listed and named (namesOf, afterwards);
 *  - "c": incoming links counted per property (an index range count, no subject is fetched);
 *  - "l": the first firstLinksLimit(max) incoming links in the store's index order, with their subjects' names.
 * hkg:baseModel comes from Derivation nodes, whose lineage link is already counted under fineTunedFrom etc.
 */
export function descriptionQuery(iri: string, max: number, doc?: string): string {
  const e = sparqlIri(iri);
  const notBase = `<${OBJ.baseModel}>`;
  // With the document IRI, the counts the build stored for a popular entity (src/stats/link-counts.ts); the caller
  // counts with countsQuery when the graph has none.
  const counts = doc
    ? `{ BIND("c" AS ?part) ${sparqlIri(doc)} <${NS.rdfs}seeAlso> ?x . ?x a <${CLASS.IncomingLinkCount}> ;
      <${NS.void}property> ?p ; <${NS.void}triples> ?n }`
    : `{ BIND("c" AS ?part) ${countsQuery(iri)} }`;
  return `SELECT ?part ?s ?p ?o ?name ?n WHERE {
  { BIND("o" AS ?part) BIND(${e} AS ?s) ${e} ?p ?o }
  UNION
  { BIND("o" AS ?part) ${e} <${STD.qualifiedDerivation}> ?s . ?s ?p ?o }
  UNION
  ${counts}
  UNION
  { BIND("l" AS ?part)
    { SELECT ?s ?p WHERE { ?s ?p ${e} FILTER(?p != ${notBase}) } LIMIT ${firstLinksLimit(max)} }
    OPTIONAL { ?s <${STD.name}> ?name } }
}`;
}

/** Incoming links of `iri` counted per property (hkg:baseModel left out), as a sub-select: ?p ?n. */
export function countsQuery(iri: string): string {
  const e = sparqlIri(iri);
  return `{ SELECT ?p (COUNT(?x) AS ?n) WHERE { ?x ?p ${e} FILTER(?p != <${OBJ.baseModel}>) } GROUP BY ?p }`;
}

/** The query for the first `max` links of each of `properties` (a popular entity's, past what the first query got). */
export function moreLinksQuery(iri: string, properties: string[], max: number): string {
  const e = sparqlIri(iri);
  const branches = properties.map(
    (p) => `{ BIND(${sparqlIri(p)} AS ?p) { SELECT ?s WHERE { ?s ${sparqlIri(p)} ${e} } LIMIT ${max} }
    OPTIONAL { ?s <${STD.name}> ?name } }`,
  );
  return `SELECT ?s ?p ?name WHERE {\n  ${branches.join('\n  UNION\n  ')}\n}`;
}

/** A query generated here: its form is known and it bounds its own size, so the store need not parse or cap it. */
function ownQuery(text: string): QueryOptions {
  return { prepared: { form: 'SELECT', cap: async () => text } };
}

/** The query that lists every link to `iri` with `property` (published in the document for the links left out). */
export function allLinksQuery(iri: string, property: string): string {
  return `SELECT ?s WHERE { ?s <${property}> ${sparqlIri(iri)} FILTER(isIRI(?s)) }`;
}

/** The query that lists every entity `iri` links to with `property` (published for the own links left out). */
export function allOwnLinksQuery(iri: string, property: string): string {
  return `SELECT ?o WHERE { ${sparqlIri(iri)} <${property}> ?o FILTER(isIRI(?o)) }`;
}

/** Collects a description from query rows: own triples once each (IRI objects up to maxOwn per property), incoming
 *  links per property, names. */
class Collector {
  readonly own: Quad[] = [];
  /** IRI objects per own property of the entity, listed or not. */
  readonly ownLinks = new Map<string, number>();
  readonly labels = new Map<string, string>();
  readonly counts = new Map<string, number>();
  readonly links = new Map<string, string[]>();
  private readonly seen = new Set<string>();
  private readonly left = new Set<string>();
  private readonly bnodes = new Map<string, string>();

  constructor(
    private readonly iri: string,
    private readonly max: number,
    private readonly maxOwn: number,
  ) {}

  label(t: Term | undefined, name: Term | undefined): void {
    if (t?.termType === 'NamedNode' && name && !this.labels.has(t.value)) this.labels.set(t.value, name.value);
  }

  ownTriple(s: Term, p: Term, o: Term, name: Term | undefined): void {
    // An object with two names comes twice: the triple is kept once.
    const key = `${s.termType}:${s.value} ${p.value} ${termKey(o)}`;
    if (this.left.has(key)) return;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      if (s.value === this.iri && o.termType === 'NamedNode') {
        const n = (this.ownLinks.get(p.value) ?? 0) + 1;
        this.ownLinks.set(p.value, n);
        if (n > this.maxOwn) {
          this.left.add(key); // neither listed nor named
          return;
        }
      }
      this.own.push(quad(copyTerm(s, this.bnodes) as Quad['subject'], namedNode(p.value), copyTerm(o, this.bnodes)));
    }
    if (p.value !== STD.type) this.label(o, name);
    if (s.value === this.iri && p.value === STD.name) this.label(s, o);
  }

  /** A link `s p entity`; counted here when `count` (the light query, which returns every link). */
  link(s: Term, p: Term, name: Term | undefined, count: boolean): void {
    if (s.termType !== 'NamedNode' || p.value === OBJ.baseModel) return;
    const list = this.links.get(p.value) ?? [];
    if (!this.links.has(p.value)) this.links.set(p.value, list);
    if (list.includes(s.value)) return; // a subject with two names comes twice
    if (count) this.counts.set(p.value, (this.counts.get(p.value) ?? 0) + 1);
    if (list.length < this.max) {
      list.push(s.value);
      this.label(s, name);
    }
  }

  result(): Fetched {
    const incoming = [...this.counts]
      .sort(([a], [b]) => byString(a, b))
      .map(([property, count]) => {
        const subjects = this.links.get(property) ?? [];
        return {
          property,
          count,
          subjects,
          truncated: count > subjects.length,
          query: allLinksQuery(this.iri, property),
        };
      });
    const outgoing = [...this.ownLinks]
      .filter(([, n]) => n > this.maxOwn)
      .map(([property, count]) => outgoingGroup(this.iri, property, count, this.maxOwn));
    return { own: this.own, incoming, outgoing, labels: this.labels };
  }
}

/**
 * Own triples, incoming links (at most `max` per property, with counts) and the names of everything linked: from the
 * embedded store's index lookups in one worker round trip; from a SPARQL store in one light query, and for a popular
 * entity (more rows than the light query's limit) in the counting query plus, for properties its first page left
 * short, one more.
 */
async function fetchDescription(store: Store, iri: string, doc: string, max: number, maxOwn: number): Promise<Fetched> {
  if (store.describe) return fromRaw(await store.describe({ iri, doc, max, maxOwn }), iri, maxOwn);
  const light = lightDescriptionQuery(iri, max);
  const lightRows = await store.select(light, ownQuery(light));
  if (lightRows.length <= firstLinksLimit(max)) {
    const c = new Collector(iri, max, maxOwn);
    for (const r of lightRows) {
      if (r.in && r.s && r.p) c.link(r.s, r.p, r.name, true);
      else if (r.s && r.p && r.o) c.ownTriple(r.s, r.p, r.o, r.name);
    }
    return c.result();
  }
  const query = descriptionQuery(iri, max, doc);
  const rows = await store.select(query, ownQuery(query));
  const c = new Collector(iri, max, maxOwn);
  for (const r of rows) {
    const part = r.part?.value;
    if (part === 'o' && r.s && r.p && r.o) c.ownTriple(r.s, r.p, r.o, r.name);
    else if (part === 'c' && r.p && r.n) c.counts.set(r.p.value, Number(r.n.value));
    else if (part === 'l' && r.s && r.p) c.link(r.s, r.p, r.name, false);
  }
  if (c.own.length === 0) return c.result();
  if (c.counts.size === 0) {
    // A graph built without link counts (or an entity popular only through its own links): counted here.
    const counting = `SELECT ?p ?n WHERE ${countsQuery(iri)}`;
    for (const r of await store.select(counting, ownQuery(counting)))
      if (r.p && r.n) c.counts.set(r.p.value, Number(r.n.value));
  }
  // The own rows came without names (see descriptionQuery): those of the listed objects, in one small query.
  const listed = c.own
    .filter((q) => q.predicate.value !== STD.type && q.object.termType === 'NamedNode')
    .map((q) => q.object.value);
  for (const [x, name] of await namesOf(store, listed)) c.label(namedNode(x), literal(name));
  const short = [...c.counts].filter(([p, n]) => (c.links.get(p)?.length ?? 0) < Math.min(n, max)).map(([p]) => p);
  if (short.length > 0) {
    const more = moreLinksQuery(iri, short, max);
    for (const r of await store.select(more, ownQuery(more))) if (r.s && r.p) c.link(r.s, r.p, r.name, false);
  }
  return c.result();
}

/** A description gathered by the store itself (the embedded store's index lookups, src/store/describe-match.ts). */
function fromRaw(raw: RawDescription, iri: string, maxOwn: number): Fetched {
  const bnodes = new Map<string, string>();
  const term = (w: WireTerm): Quad['object'] => {
    switch (w.t) {
      case 'n':
        return namedNode(w.v);
      case 'b': {
        let label = bnodes.get(w.v);
        if (!label) bnodes.set(w.v, (label = `b${bnodes.size + 1}`));
        return blankNode(label);
      }
      case 'l':
        return w.lang ? literal(w.v, w.lang) : literal(w.v, namedNode(w.dt ?? XSD.string));
    }
  };
  const own = raw.own.map(([s, p, o]) => quad(term(s) as Quad['subject'], namedNode(p), term(o)));
  const incoming = raw.incoming
    .sort((a, b) => byString(a.property, b.property))
    .map((g) => ({ ...g, truncated: g.count > g.subjects.length, query: allLinksQuery(iri, g.property) }));
  const outgoing = raw.outgoing.map((g) => outgoingGroup(iri, g.property, g.count, maxOwn));
  return { own, incoming, outgoing, labels: new Map(raw.labels) };
}

function outgoingGroup(iri: string, property: string, count: number, listed: number): OutgoingGroup {
  return { property, count, listed, query: allOwnLinksQuery(iri, property) };
}

function termKey(t: Term): string {
  return t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`;
}

/** schema:name of each IRI that has one (asked in chunks so a query stays small). */
export async function namesOf(store: Store, iris: Iterable<string>): Promise<Map<string, string>> {
  const all = [...new Set(iris)].filter((i) => !/[\s<>"{}|^`\\]/.test(i));
  const names = new Map<string, string>();
  for (let i = 0; i < all.length; i += 200) {
    const values = all
      .slice(i, i + 200)
      .map((x) => `<${x}>`)
      .join(' ');
    const rows = await store.select(`SELECT ?x ?name WHERE { VALUES ?x { ${values} } ?x <${STD.name}> ?name }`);
    for (const r of rows) if (r.x && r.name && !names.has(r.x.value)) names.set(r.x.value, r.name.value);
  }
  return names;
}

/** Describes one entity; undefined when the store holds no triple about it (the caller answers 404). */
export async function describeEntity(
  ctx: AppContext,
  ref: EntityRef,
  origin: string,
): Promise<Description | undefined> {
  const { store, config } = ctx;
  const iri = entityIri(config.base, ref.kind, ref.id);
  const docIri = config.base + dataPath(ref).slice(1);
  const { own, incoming, outgoing, labels } = await fetchDescription(
    store,
    iri,
    docIri,
    config.maxIncomingPerProperty,
    config.maxOwnLinksPerProperty,
  );
  if (own.length === 0) return undefined;

  const doc = namedNode(docIri);
  const extra: Quad[] = [];
  const add = (s: Quad['subject'], p: string, o: Quad['object']) => extra.push(quad(s, namedNode(p), o));
  const ownSubjects = new Set(own.map((q) => q.subject.value));
  for (const [x, name] of labels) if (!ownSubjects.has(x)) add(namedNode(x), STD.name, literal(name));
  for (const g of incoming) for (const s of g.subjects) add(namedNode(s), g.property, namedNode(iri));

  add(doc, STD.type, namedNode(NS.foaf + 'Document'));
  add(doc, STD.primaryTopic, namedNode(iri));
  const dataset = datasetInfo(config.outDir, config.base);
  add(doc, STD.inDataset, namedNode(dataset.iri));
  if (dataset.license) add(doc, NS.dcterms + 'license', namedNode(dataset.license));
  // Each incoming property is described as the subset of triples `?s p <entity>`: its size (void:triples), and where
  // and how
  // to get all of it (void:sparqlEndpoint plus an rdfs:seeAlso to the query's GET URL), since the document lists only
  // `max`.
  for (const g of incoming) {
    const node = namedNode(`${docIri}#${linkSubsetFragment('incoming', g.property)}`);
    const sparqlGet = `${origin}/sparql?query=${encodeURIComponent(g.query)}`;
    add(doc, NS.rdfs + 'seeAlso', node);
    add(node, STD.type, namedNode(NS.void + 'Dataset'));
    add(node, NS.void + 'property', namedNode(g.property));
    add(node, NS.void + 'triples', literal(String(g.count), namedNode(XSD.integer)));
    add(node, NS.void + 'sparqlEndpoint', namedNode(`${origin}/sparql`));
    add(node, NS.rdfs + 'seeAlso', namedNode(sparqlGet));
    add(
      node,
      STD.comment,
      literal(
        `${g.count} link(s) to this entity with <${g.property}>, ${g.subjects.length} listed in this document; ` +
          `this SPARQL query lists all: ${g.query}`,
      ),
    );
  }
  // Own properties cut to a first page are described the same way, as the subset `<entity> p ?o`.
  for (const g of outgoing) {
    const node = namedNode(`${docIri}#${linkSubsetFragment('outgoing', g.property)}`);
    add(doc, NS.rdfs + 'seeAlso', node);
    add(node, STD.type, namedNode(NS.void + 'Dataset'));
    add(node, NS.void + 'property', namedNode(g.property));
    add(node, NS.void + 'triples', literal(String(g.count), namedNode(XSD.integer)));
    add(node, NS.void + 'sparqlEndpoint', namedNode(`${origin}/sparql`));
    add(node, NS.rdfs + 'seeAlso', namedNode(`${origin}/sparql?query=${encodeURIComponent(g.query)}`));
    add(
      node,
      STD.comment,
      literal(
        `${g.count} link(s) from this entity with <${g.property}>, ${g.listed} listed in this document; ` +
          `this SPARQL query lists all: ${g.query}`,
      ),
    );
  }
  return { ref, iri, docIri, own, incoming, outgoing, labels, quads: [...own, ...groupBySubject(extra)] };
}

/** Same-subject quads side by side (stable), so Turtle writes each subject once. */
function groupBySubject(quads: Quad[]): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = q.subject.value;
    const g = groups.get(key);
    if (g) g.push(q);
    else groups.set(key, [q]);
  }
  return [...groups.values()].flat();
}

// ---- lineage ----

export interface LineageRow {
  derived: string;
  relation: string;
  base: string;
  depth: number;
}

export function lineageRows(run: QueryRun): LineageRow[] {
  return run.rows.map((r) => ({
    derived: String(r.derived),
    relation: String(r.relation),
    base: String(r.base),
    depth: Number(r.depth),
  }));
}
