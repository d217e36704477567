// Tests for ontology/huggingkg.ttl: it parses, declares every hkg: term of src/vocab.ts, matches the relation table,
// keeps OWL 2 DL hygiene (checked with SPARQL over oxigraph) and carries the @huggingface/tasks scheme.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Parser, Store as N3Store, DataFactory } from 'n3';
import oxigraph from 'oxigraph';
import { join } from 'node:path';
import { FIXTURES_DIR, ONTOLOGY_FILE } from '../../src/paths.js';
import { CLASS, DATA, EVIDENCE, HKG, NS, OBJ, TASK_SCHEME, modalityIri, DEFAULT_BASE } from '../../src/vocab.js';
import { RELATIONS } from '../../src/relations.js';
import { KIND_CLASS, entityIri } from '../../src/iri.js';
import { defaultTasks, MODALITIES } from '../../src/hub/tasks.js';

const { namedNode } = DataFactory;
const text = readFileSync(ONTOLOGY_FILE, 'utf8');
const RDF_TYPE = NS.rdf + 'type';
const ONTOLOGY_IRI = 'https://w3id.org/huggingkg/ontology';

function load(): N3Store {
  return new N3Store(new Parser({ baseIRI: ONTOLOGY_IRI }).parse(text));
}

function objects(store: N3Store, s: string, p: string): string[] {
  return store.getObjects(namedNode(s), namedNode(p), null).map((o) => o.value);
}

/** Classes named by a domain/range value: the class itself or the members of its owl:unionOf list. */
function classesOf(store: N3Store, s: string, p: string): string[] {
  const out: string[] = [];
  for (const o of store.getObjects(namedNode(s), namedNode(p), null)) {
    if (o.termType === 'NamedNode') out.push(o.value);
    else
      for (const list of store.getObjects(o, namedNode(NS.owl + 'unionOf'), null)) out.push(...listItems(store, list));
  }
  return out;
}

function listItems(store: N3Store, head: import('@rdfjs/types').Term): string[] {
  const items: string[] = [];
  let node = head;
  while (node.value !== NS.rdf + 'nil') {
    const [first] = store.getObjects(node, namedNode(NS.rdf + 'first'), null);
    const [rest] = store.getObjects(node, namedNode(NS.rdf + 'rest'), null);
    assert.ok(first && rest, `an RDF list node without rdf:first or rdf:rest: ${node.value}`);
    items.push(first.value);
    node = rest;
  }
  return items;
}

function sparql(query: string): Map<string, { value: string }>[] {
  const store = new oxigraph.Store();
  store.load(text, { format: 'text/turtle', base_iri: ONTOLOGY_IRI });
  return store.query(query) as Map<string, { value: string }>[];
}

const PREFIXES = Object.entries(NS)
  .map(([p, iri]) => `PREFIX ${p}: <${iri}>`)
  .join('\n');

describe('ontology/huggingkg.ttl', () => {
  const store = load();

  it('parses as Turtle and has the owl:Ontology header', () => {
    assert.ok(store.size > 500, `only ${store.size} triples`);
    const has = (p: string) => objects(store, ONTOLOGY_IRI, p);
    assert.deepEqual(has(RDF_TYPE), [NS.owl + 'Ontology']);
    for (const p of [
      NS.owl + 'versionIRI',
      NS.owl + 'versionInfo',
      NS.dcterms + 'title',
      NS.dcterms + 'description',
      NS.dcterms + 'license',
      NS.dcterms + 'creator',
      NS.dcterms + 'created',
    ]) {
      assert.equal(has(p).length, 1, `header lacks ${p}`);
    }
    assert.deepEqual(has(NS.vann + 'preferredNamespacePrefix'), ['hkg']);
    assert.deepEqual(has(NS.vann + 'preferredNamespaceUri'), [HKG]);
  });

  const hkgTerms: [string, string][] = [
    ...Object.entries(CLASS),
    ...Object.entries(OBJ),
    ...Object.entries(DATA),
    ...Object.entries(EVIDENCE),
    ['TASK_SCHEME', TASK_SCHEME],
    ...MODALITIES.map((m): [string, string] => [`modality ${m.id}`, modalityIri(m.id)]),
  ];

  it('declares every hkg: term of src/vocab.ts with a type, label, comment and rdfs:isDefinedBy', () => {
    for (const [name, iri] of hkgTerms) {
      assert.ok(iri.startsWith(HKG), `${name} is not in the hkg namespace`);
      assert.ok(objects(store, iri, RDF_TYPE).length > 0, `${name} (${iri}) has no rdf:type`);
      assert.ok(objects(store, iri, NS.rdfs + 'label').length > 0, `${name} has no rdfs:label`);
      assert.ok(objects(store, iri, NS.rdfs + 'comment').length > 0, `${name} has no rdfs:comment`);
      assert.deepEqual(objects(store, iri, NS.rdfs + 'isDefinedBy'), [ONTOLOGY_IRI], `${name} lacks rdfs:isDefinedBy`);
    }
  });

  it('declares no hkg: term that src/vocab.ts does not name, and no term IRI with a file extension', () => {
    const known = new Set(hkgTerms.map(([, iri]) => iri));
    const declared = new Set(
      store
        .getSubjects(null, null, null)
        .map((s) => s.value)
        .filter((s) => s.startsWith(HKG)),
    );
    for (const iri of declared) assert.ok(known.has(iri), `${iri} is declared but not in src/vocab.ts`);
    for (const iri of declared) assert.doesNotMatch(iri, /\.(ttl|owl|rdf|jsonld|nt|xml|html)$/);
  });

  it('types classes, object, datatype and annotation properties as src/vocab.ts groups them', () => {
    for (const [name, iri] of Object.entries(CLASS))
      assert.ok(objects(store, iri, RDF_TYPE).includes(NS.owl + 'Class'), name);
    for (const [name, iri] of Object.entries(OBJ))
      assert.ok(objects(store, iri, RDF_TYPE).includes(NS.owl + 'ObjectProperty'), name);
    for (const [name, iri] of Object.entries(DATA)) {
      const expected = iri === DATA.cardUrl ? 'AnnotationProperty' : 'DatatypeProperty';
      assert.ok(objects(store, iri, RDF_TYPE).includes(NS.owl + expected), `${name} should be owl:${expected}`);
    }
    for (const [name, iri] of Object.entries(EVIDENCE)) {
      assert.ok(objects(store, iri, RDF_TYPE).includes(NS.owl + 'NamedIndividual'), name);
    }
  });

  it('makes every relation of src/relations.ts an owl:ObjectProperty whose domain and range admit it', () => {
    for (const r of RELATIONS) {
      assert.ok(objects(store, r.property, RDF_TYPE).includes(NS.owl + 'ObjectProperty'), r.name);
      const [subjectKind, objectKind] = r.inverse ? [r.range, r.domain] : [r.domain, r.range];
      assert.ok(
        classesOf(store, r.property, NS.rdfs + 'domain').includes(KIND_CLASS[subjectKind]),
        `${r.name}: rdfs:domain of ${r.property} does not admit ${subjectKind}`,
      );
      assert.ok(
        classesOf(store, r.property, NS.rdfs + 'range').includes(KIND_CLASS[objectKind]),
        `${r.name}: rdfs:range of ${r.property} does not admit ${objectKind}`,
      );
    }
  });

  it('gives every own property exactly one domain and one range, and none to terms we do not own', () => {
    for (const iri of [...Object.values(OBJ), ...Object.values(DATA)]) {
      if (iri === DATA.cardUrl) continue;
      assert.equal(objects(store, iri, NS.rdfs + 'domain').length, 1, `${iri} domains`);
      assert.equal(objects(store, iri, NS.rdfs + 'range').length, 1, `${iri} ranges`);
    }
    const foreign = sparql(
      `${PREFIXES} SELECT ?s WHERE { { ?s rdfs:domain ?d } UNION { ` +
        `?s rdfs:range ?r } FILTER(!STRSTARTS(STR(?s), STR(hkg:))) }`,
    );
    assert.deepEqual(
      foreign.map((b) => b.get('s')!.value),
      [],
    );
  });

  it('aligns lineage and other relations by sub-properties', () => {
    const sup = (p: string) => objects(store, p, NS.rdfs + 'subPropertyOf');
    for (const p of [OBJ.fineTunedFrom, OBJ.adapterOf, OBJ.mergedFrom, OBJ.quantizedFrom])
      assert.ok(sup(p).includes(OBJ.derivedFrom), p);
    assert.ok(sup(OBJ.fineTunedFrom).includes(NS.fair4ml + 'fineTunedFrom'));
    assert.deepEqual(sup(OBJ.derivedFrom).sort(), [NS.prov + 'wasDerivedFrom', NS.schema + 'isBasedOn'].sort());
    assert.ok(sup(OBJ.trainedOn).includes(NS.fair4ml + 'trainedOn'));
    assert.ok(sup(OBJ.follows).includes(NS.sioc + 'follows'));
    assert.ok(sup(OBJ.memberOf).includes(NS.org + 'memberOf'));
    assert.ok(objects(store, CLASS.Derivation, NS.rdfs + 'subClassOf').includes(NS.prov + 'Derivation'));
    assert.ok(objects(store, CLASS.Model, NS.rdfs + 'subClassOf').includes(NS.fair4ml + 'MLModel'));
  });

  it('makes the eight entity classes pairwise disjoint', () => {
    const rows = sparql(
      `${PREFIXES} SELECT ?c WHERE { ?x a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?c }`,
    );
    const members = new Set(rows.map((b) => b.get('c')!.value));
    for (const kindClass of Object.values(KIND_CLASS))
      assert.ok(members.has(kindClass), `${kindClass} not in owl:AllDisjointClasses`);
  });

  it('passes OWL 2 DL sanity checks (SPARQL over oxigraph)', () => {
    // No IRI is two kinds of property (OWL 2 DL forbids object/datatype/annotation punning of properties).
    const clash = sparql(`${PREFIXES} SELECT ?p WHERE { ?p a ?t1, ?t2 .
      VALUES ?t1 { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }
      VALUES ?t2 { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty } FILTER(STR(?t1) < STR(?t2)) }`);
    assert.deepEqual(
      clash.map((b) => b.get('p')!.value),
      [],
    );
    // Every predicate used outside the RDF/RDFS/OWL built-ins is declared.
    const undeclaredPredicates = sparql(`${PREFIXES} SELECT DISTINCT ?p WHERE { ?s ?p ?o .
      FILTER NOT EXISTS { ?p a ?t . VALUES ?t { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty } }
      FILTER(!STRSTARTS(STR(?p), STR(rdf:)) && !STRSTARTS(STR(?p), STR(rdfs:)) && !STRSTARTS(STR(?p), STR(owl:))) }`);
    assert.deepEqual(
      undeclaredPredicates.map((b) => b.get('p')!.value),
      [],
    );
    // Every named class used in a type, subclass, domain or range position is declared owl:Class (or is a datatype).
    const undeclaredClasses = sparql(`${PREFIXES} SELECT DISTINCT ?c WHERE {
      { ?x rdfs:subClassOf ?c } UNION { ?x a ?c } UNION { ?x rdfs:domain ?c } UNION { ?x rdfs:range ?c }
      UNION { ?x owl:unionOf/rdf:rest*/rdf:first ?c }
      FILTER(isIRI(?c) && !STRSTARTS(STR(?c), STR(owl:)) && !STRSTARTS(STR(?c), STR(xsd:)))
      FILTER NOT EXISTS { ?c a owl:Class } }`);
    assert.deepEqual(
      undeclaredClasses.map((b) => b.get('c')!.value),
      [],
    );
    // A datatype property's range is a datatype; an object property's range is never one.
    const badRanges = sparql(`${PREFIXES} SELECT ?p WHERE {
      { ?p a owl:DatatypeProperty ; rdfs:range ?r FILTER(!STRSTARTS(STR(?r), STR(xsd:))) }
      UNION { ?p a owl:ObjectProperty ; rdfs:range ?r FILTER(STRSTARTS(STR(?r), STR(xsd:))) } }`);
    assert.deepEqual(
      badRanges.map((b) => b.get('p')!.value),
      [],
    );
    // Own properties use no reserved vocabulary as super-property.
    const reservedSupers = sparql(
      `${PREFIXES} SELECT ?p WHERE { ?p rdfs:subPropertyOf ?q FILTER(STRSTARTS(STR(?q), ` +
        `STR(owl:)) || STRSTARTS(STR(?q), STR(rdfs:))) }`,
    );
    assert.deepEqual(reservedSupers, []);
  });

  it('carries every task of @huggingface/tasks as a SKOS concept under its modality', () => {
    const tasks = defaultTasks();
    assert.ok(tasks.length > 40);
    for (const t of tasks) {
      const iri = entityIri(DEFAULT_BASE, 'task', t.id);
      assert.ok(objects(store, iri, RDF_TYPE).includes(CLASS.Task), `${t.id} is not a hkg:Task`);
      assert.deepEqual(objects(store, iri, NS.skos + 'prefLabel'), [t.label], t.id);
      assert.deepEqual(objects(store, iri, NS.skos + 'broader'), [modalityIri(t.modality)], t.id);
      assert.deepEqual(objects(store, iri, NS.skos + 'inScheme'), [TASK_SCHEME], t.id);
    }
    for (const m of MODALITIES) {
      const iri = modalityIri(m.id);
      assert.ok(objects(store, iri, RDF_TYPE).includes(CLASS.Modality), m.id);
      assert.deepEqual(objects(store, iri, NS.skos + 'topConceptOf'), [TASK_SCHEME], m.id);
      assert.ok(objects(store, TASK_SCHEME, NS.skos + 'hasTopConcept').includes(iri), m.id);
    }
  });
});

describe('ontology and shapes agree', () => {
  it('a graph that conforms to the shapes respects every rdfs:domain and rdfs:range of the ontology', () => {
    const store = new oxigraph.Store();
    store.load(text, {
      format: 'text/turtle',
      base_iri: ONTOLOGY_IRI,
      to_graph_name: oxigraph.namedNode('urn:ontology'),
    });
    store.load(readFileSync(join(FIXTURES_DIR, 'shacl', 'conforming.nt'), 'utf8'), { format: 'application/n-triples' });
    const clashes = (which: 'domain' | 'range', node: '?s' | '?o') =>
      (
        store.query(`${PREFIXES}
      SELECT DISTINCT ?p ${node} WHERE { ?s ?p ?o . GRAPH <urn:ontology> { ?p rdfs:${which} ?d }
        FILTER(isIRI(${node}) || isBlank(${node}))
        FILTER NOT EXISTS { ${node} a ?d }
        FILTER NOT EXISTS { ${node} a ?c . GRAPH <urn:ontology> { ?d owl:unionOf/rdf:rest*/rdf:first ?c } }
        FILTER NOT EXISTS { GRAPH <urn:ontology> { ?d owl:oneOf/rdf:rest*/rdf:first ${node} } }
        FILTER(?d != dcterms:LicenseDocument) }`) as Map<string, { value: string }>[]
      ).map((b) => `${b.get('p')!.value} ${b.get(node.slice(1))!.value}`);
    assert.deepEqual(clashes('domain', '?s'), []);
    assert.deepEqual(clashes('range', '?o'), []);
  });
});
