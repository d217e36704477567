// **describe-match** gathers what an entity description needs straight from oxigraph's indexes with quad-pattern
// lookups (Store.match), inside an embedded query worker: no SPARQL to parse, plan or serialise as JSON. Measured on
// the F = 0.01 graph it takes ~0.3 ms per entity where the one-query SPARQL description takes ~1.4 ms. The remote
// store answers the same with one SPARQL query (src/server/describe.ts).

import type oxigraph from 'oxigraph';
import { LINK_COUNT_GATE } from '../stats/link-counts.js';
import { CLASS, NS, OBJ, STD } from '../vocab.js';

/** An RDF term as the worker hands it over (structured-clone friendly). */
export type WireTerm =
  | { t: 'n'; v: string }
  | { t: 'b'; v: string }
  | { t: 'l'; v: string; lang?: string; dt?: string };

export interface DescribeRequest {
  iri: string;
  /** Incoming links listed per property. */
  max: number;
  /** The entity's own links (IRI objects) listed per property; the rest are counted (default: all listed). */
  maxOwn?: number;
  /** The entity's /data/ document IRI, under which the build stores a popular entity's link counts
   *  (src/stats/link-counts.ts); without it, or without them, a popular entity's links are counted here. */
  doc?: string;
}

/** Everything a description is built from; `own` is empty when the store holds nothing about the entity. */
export interface RawDescription {
  /** The entity's own triples and those of its Derivation nodes: subject, predicate IRI, object. */
  own: Array<[WireTerm, string, WireTerm]>;
  /** Incoming links per property: how many (IRI subjects, hkg:baseModel left out) and the first `max` subjects. */
  incoming: Array<{ property: string; count: number; subjects: string[] }>;
  /** schema:name of the entity and of every entity it links to or lists as linking to it. */
  labels: Array<[string, string]>;
  /** Own properties with more IRI objects than `maxOwn`: how many; `own` holds only the first `maxOwn` of them. */
  outgoing: Array<{ property: string; count: number }>;
}

type OxTerm = oxigraph.Quad['object'];

function wire(term: OxTerm): WireTerm {
  switch (term.termType) {
    case 'NamedNode':
      return { t: 'n', v: term.value };
    case 'BlankNode':
      return { t: 'b', v: term.value };
    case 'Literal':
      return term.language
        ? { t: 'l', v: term.value, lang: term.language }
        : { t: 'l', v: term.value, dt: term.datatype.value };
    default:
      throw new Error(`unexpected ${term.termType} in a description`);
  }
}

/**
 * Quads read with Store.match past which an entity counts as popular in a direction. Store.match hands every quad over
 * to JavaScript (~4 µs each, ~20 µs under load: 70 ms for a user's 4,329 own triples, 430 ms for a task's 21,186
 * incoming links at F = 0.1); below this many it is the cheapest way, above it the counting is left to oxigraph.
 */
export const MATCH_GATE = LINK_COUNT_GATE;

type Row = Map<string, OxTerm>;

/** A SELECT run in oxigraph, its solutions as term maps (no JSON in between). */
function select(store: oxigraph.Store, query: string): Row[] {
  return store.query(query) as Row[];
}

/**
 * A first page of the IRIs `?x` that `pattern` binds (at most `limit`), answered as SPARQL JSON: one string out of
 * WebAssembly instead of a term map per row. Their names are looked up one by one afterwards (index lookups):
 * joining them in with OPTIONAL made oxigraph hash every schema:name of the store first (~20 ms at F = 0.1).
 */
function page(store: oxigraph.Store, pattern: string, limit: number): string[] {
  const json = store.query(`SELECT ?x WHERE { ${pattern} } LIMIT ${limit}`, {
    results_format: 'application/sparql-results+json',
  }) as string;
  const rows = (JSON.parse(json) as { results: { bindings: Array<Record<string, { type: string; value: string }>> } })
    .results.bindings;
  return rows.flatMap((r) => (r.x?.type === 'uri' ? [r.x.value] : []));
}

/** How many own triples and incoming links `iri` has, each counted only up to MATCH_GATE + 1 (a lazy LIMIT). */
function sizes(store: oxigraph.Store, iri: string): { own: number; incoming: number } {
  // The IRI goes into query text: minted IRIs are percent-encoded, this guards against anything else.
  if (/[\s<>"{}|^`\\]/.test(iri)) throw new Error(`refusing to describe ${JSON.stringify(iri)}: not a valid IRI`);
  const gate = MATCH_GATE + 1;
  const [row] = select(
    store,
    `SELECT ?own ?in WHERE {
  { SELECT (COUNT(*) AS ?own) WHERE { SELECT ?o WHERE { <${iri}> ?p ?o } LIMIT ${gate} } }
  { SELECT (COUNT(*) AS ?in) WHERE { SELECT ?s WHERE { ?s ?p <${iri}> } LIMIT ${gate} } }
}`,
  );
  return { own: Number(row?.get('own')?.value ?? 0), incoming: Number(row?.get('in')?.value ?? 0) };
}

/** Link counts per property the build stored for a popular entity's document (empty maps when it stored none). */
function storedCounts(
  ox: typeof oxigraph,
  store: oxigraph.Store,
  doc: string | undefined,
): { incoming: Map<string, number>; outgoing: Map<string, number> } {
  const incoming = new Map<string, number>();
  const outgoing = new Map<string, number>();
  if (!doc) return { incoming, outgoing };
  const first = (s: OxTerm, p: string) => store.match(s as oxigraph.NamedNode, ox.namedNode(p), null, null)[0]?.object;
  for (const link of store.match(ox.namedNode(doc), ox.namedNode(NS.rdfs + 'seeAlso'), null, null)) {
    const node = link.object;
    const type = first(node, STD.type)?.value;
    const property = first(node, NS.void + 'property');
    const triples = first(node, NS.void + 'triples');
    if (!property || !triples) continue;
    if (type === CLASS.IncomingLinkCount) incoming.set(property.value, Number(triples.value));
    else if (type === CLASS.OutgoingLinkCount) outgoing.set(property.value, Number(triples.value));
  }
  return { incoming, outgoing };
}

/**
 * Whether the graph was built with link counts (src/stats/link-counts.ts). Then an entity its document has no counts
 * for has at most LINK_COUNT_GATE links each way and is read with Store.match straight away: no counting query first,
 * which was the largest part of a description's lookups (its SPARQL parsed and planned every time). Asked once per
 * store (the graph of a worker never changes).
 */
const linkCounted = new WeakMap<oxigraph.Store, boolean>();

function hasLinkCounts(store: oxigraph.Store): boolean {
  let has = linkCounted.get(store);
  if (has === undefined) {
    has = store.query(
      `ASK { { ?x a <${CLASS.IncomingLinkCount}> } UNION { ?x a <${CLASS.OutgoingLinkCount}> } }`,
    ) as boolean;
    linkCounted.set(store, has);
  }
  return has;
}

/**
 * schema:name of linked entities already looked up, per store (null: it has none). A crawler's walk names the same
 * tasks, organisations, users and base models over and over; bounded, and emptied when full.
 */
const nameCaches = new WeakMap<oxigraph.Store, Map<string, string | null>>();
const NAME_CACHE_MAX = 100_000;

/** The description of `req.iri` from `store` (the oxigraph module passed in, so this file loads without it). */
export function describeWithMatch(ox: typeof oxigraph, store: oxigraph.Store, req: DescribeRequest): RawDescription {
  const entity = ox.namedNode(req.iri);
  const name = ox.namedNode(STD.name);
  const labels = new Map<string, string>();
  let names = nameCaches.get(store);
  if (!names) nameCaches.set(store, (names = new Map()));
  const nameCache = names;
  /** Names the IRI `iri` (the term `term`) unless named already. */
  const label = (iri: string, term: OxTerm) => {
    if (labels.has(iri)) return;
    let found = nameCache.get(iri);
    if (found === undefined) {
      found = store.match(term, name, null, null)[0]?.object.value ?? null;
      if (nameCache.size >= NAME_CACHE_MAX) nameCache.clear();
      nameCache.set(iri, found);
    }
    if (found !== null) labels.set(iri, found);
  };
  /** The first `limit` IRI objects of `<entity> p ?o`, listed (and named by addTriple). */
  const ownPage = (p: string, limit: number) => {
    for (const x of page(store, `<${req.iri}> <${p}> ?x FILTER(isIRI(?x))`, limit))
      addTriple(entityWire, true, p, ox.namedNode(x));
  };
  const own: RawDescription['own'] = [];
  const entityWire: WireTerm = { t: 'n', v: req.iri };
  // Each getter of an oxigraph term crosses into WebAssembly (and .value decodes a string): terms are read once.
  const addTriple = (s: WireTerm, ofEntity: boolean, p: string, o: OxTerm) => {
    const w = wire(o);
    own.push([s, p, w]);
    if (w.t === 'n' && p !== STD.type) label(w.v, o);
    if (!ofEntity) return;
    if (p === STD.name && !labels.has(req.iri)) labels.set(req.iri, w.v);
    if (p === STD.qualifiedDerivation && w.t !== 'l') {
      for (const d of store.match(o as oxigraph.Quad['subject'], null, null, null))
        addTriple(w, false, d.predicate.value, d.object);
    }
  };
  // With the build's link counts, an entity without counts is small both ways; else its links are counted (up to the
  // gate) first.
  const counted = req.doc !== undefined && hasLinkCounts(store);
  let popularOwn: boolean;
  let popularIn: boolean;
  let stored: ReturnType<typeof storedCounts>;
  if (counted) {
    stored = storedCounts(ox, store, req.doc);
    popularOwn = stored.outgoing.size > 0;
    popularIn = stored.incoming.size > 0;
  } else {
    const size = sizes(store, req.iri);
    if (size.own === 0) return { own, incoming: [], labels: [], outgoing: [] };
    popularOwn = size.own > MATCH_GATE;
    popularIn = size.incoming > MATCH_GATE;
    stored =
      popularOwn || popularIn
        ? storedCounts(ox, store, req.doc)
        : { incoming: new Map<string, number>(), outgoing: new Map<string, number>() };
  }
  // Own links are listed up to maxOwn per property (a user with thousands of likes); the rest only counted, and only
  // the listed ones are named (the names were most of such a description's cost).
  const maxOwn = req.maxOwn ?? Number.POSITIVE_INFINITY;
  const outgoing: RawDescription['outgoing'] = [];
  if (!popularOwn) {
    const ownLinks = new Map<string, number>();
    for (const q of store.match(entity, null, null, null)) {
      const p = q.predicate.value;
      const o = q.object;
      if (o.termType === 'NamedNode') {
        const n = (ownLinks.get(p) ?? 0) + 1;
        ownLinks.set(p, n);
        if (n > maxOwn) continue;
      }
      addTriple(entityWire, true, p, o);
    }
    for (const [property, count] of ownLinks) if (count > maxOwn) outgoing.push({ property, count });
    // Nothing about the entity (only reachable without the counting query): no description.
    if (own.length === 0) return { own, incoming: [], labels: [], outgoing: [] };
  } else if (stored.outgoing.size > 0) {
    // Counted at build time: a property with more IRI objects than maxOwn gets its first page (a LIMIT); the rest (any
    // other property, and literals) in one scan that oxigraph filters without handing the left-out links over.
    const cut = [...stored.outgoing].filter(([, n]) => n > maxOwn).map(([p]) => p);
    for (const p of cut) {
      outgoing.push({ property: p, count: stored.outgoing.get(p)! });
      ownPage(p, maxOwn);
    }
    const rest = cut.length > 0 ? `FILTER(!isIRI(?o) || ?p NOT IN (${cut.map((p) => `<${p}>`).join(', ')}))` : '';
    for (const r of select(store, `SELECT ?p ?o WHERE { <${req.iri}> ?p ?o ${rest} }`))
      addTriple(entityWire, true, r.get('p')!.value, r.get('o')!);
  } else {
    // Counted per property by oxigraph; a property with more IRI objects than maxOwn gets its first page (a LIMIT)
    // and its literals, any other is read whole.
    const counts = select(
      store,
      `SELECT ?p (COUNT(*) AS ?n) (SUM(IF(isIRI(?o), 1, 0)) AS ?iris) WHERE { <${req.iri}> ?p ?o } GROUP BY ?p`,
    );
    for (const row of counts) {
      const p = row.get('p')!;
      const iris = Number(row.get('iris')?.value ?? 0);
      if (iris <= maxOwn) {
        for (const q of store.match(entity, p as oxigraph.NamedNode, null, null))
          addTriple(entityWire, true, p.value, q.object);
        continue;
      }
      outgoing.push({ property: p.value, count: iris });
      ownPage(p.value, maxOwn);
      if (Number(row.get('n')?.value ?? 0) > iris) {
        for (const r of select(store, `SELECT ?o WHERE { <${req.iri}> <${p.value}> ?o FILTER(!isIRI(?o)) }`))
          addTriple(entityWire, true, p.value, r.get('o')!);
      }
    }
  }
  const groups = new Map<string, { property: string; count: number; subjects: string[] }>();
  if (!popularIn) {
    for (const q of store.match(null, null, entity, null)) {
      // hkg:baseModel comes from Derivation nodes, whose lineage link is already counted under fineTunedFrom etc.
      const s = q.subject;
      const p = q.predicate.value;
      if (s.termType !== 'NamedNode' || p === OBJ.baseModel) continue;
      let group = groups.get(p);
      if (!group) groups.set(p, (group = { property: p, count: 0, subjects: [] }));
      group.count++;
      if (group.subjects.length < req.max) {
        const x = s.value;
        group.subjects.push(x);
        label(x, s);
      }
    }
  } else {
    // Counted at build time, else per property by oxigraph (no quad crosses into JavaScript); then a first page of
    // each. No isIRI(?s) filter, as in the SPARQL-store queries (src/server/describe.ts): the graph has no blank-node
    // subjects.
    const counts: Array<[string, number]> =
      stored.incoming.size > 0
        ? [...stored.incoming]
        : select(store, `SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p <${req.iri}> } GROUP BY ?p`).map((row) => [
            row.get('p')!.value,
            Number(row.get('n')?.value ?? 0),
          ]);
    for (const [p, count] of counts) {
      if (p === OBJ.baseModel) continue;
      const group = { property: p, count, subjects: [] as string[] };
      groups.set(p, group);
      for (const x of page(store, `?x <${p}> <${req.iri}>`, req.max)) {
        group.subjects.push(x);
        label(x, ox.namedNode(x));
      }
    }
  }
  return { own, incoming: [...groups.values()], labels: [...labels], outgoing };
}

/** Runs the lookups once on IRIs no graph holds, so the first real description does not compile them. */
export function warmUpDescribe(ox: typeof oxigraph, store: oxigraph.Store): void {
  // describeWithMatch runs sizes() and, finding nothing, returns before the incoming-link lookup
  describeWithMatch(ox, store, { iri: 'urn:huggingkg:warm-up', max: 1 });
  store.match(null, null, ox.namedNode('urn:huggingkg:warm-up'), null);
}
