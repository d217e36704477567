// **shapes** loads a SHACL shapes graph and works out what batched validation needs from it: the target of every
// shape, and whether every constraint stays within a focus node's own triples plus the rdf:type of linked nodes.

import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DataFactory, Parser, Store, termToId } from 'n3';
import type { Quad_Subject, Term } from '@rdfjs/types';
import { NS } from '../vocab.js';
import { formatOf } from './rdf-input.js';

const { namedNode } = DataFactory;
const sh = (local: string) => namedNode(NS.sh + local);
const RDF_TYPE = namedNode(NS.rdf + 'type');
const SUBCLASS = namedNode(NS.rdfs + 'subClassOf');

/**
 * Who a shape targets. Class targets already include subclasses (resolved in the shapes graph, as shacl-engine does).
 */
export interface ShapeTarget {
  shape: Term;
  classes: Set<string>;
  nodes: Term[];
  subjectsOf: string[];
  objectsOf: string[];
}

export interface ShapesInfo {
  store: Store;
  targets: ShapeTarget[];
  /** Why the shapes cannot be checked batch by batch (undefined when they can). */
  notStreamable?: string;
  /** Predicates whose objects are focus nodes (sh:targetObjectsOf). */
  objectsOfPredicates: Set<string>;
  /** property shape -> node shape that lists it (for naming results). */
  owner: Map<string, Term>;
}

export async function loadShapes(file: string): Promise<ShapesInfo> {
  const format = formatOf(file);
  const raw = await readFile(file);
  const text = (/\.gz$/i.test(file) ? gunzipSync(raw) : raw).toString('utf8');
  let store: Store;
  try {
    store = new Store(new Parser({ format, baseIRI: pathToFileURL(file).href, blankNodePrefix: '_:s_' }).parse(text));
  } catch (err) {
    throw new Error(`shapes ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return analyseShapes(store);
}

export function analyseShapes(store: Store): ShapesInfo {
  const out = (s: Term, p: string) => store.getObjects(s, sh(p), null);
  const targetShapes = new Map<string, Term>();
  for (const p of ['targetClass', 'targetNode', 'targetObjectsOf', 'targetSubjectsOf', 'target']) {
    for (const s of store.getSubjects(sh(p), null, null)) targetShapes.set(key(s), s);
  }
  for (const s of store.getSubjects(RDF_TYPE, sh('NodeShape'), null)) targetShapes.set(key(s), s);

  const targets: ShapeTarget[] = [];
  const objectsOfPredicates = new Set<string>();
  let notStreamable: string | undefined;
  for (const shape of targetShapes.values()) {
    const classRoots: Term[] = [...out(shape, 'targetClass')];
    // implicit class target
    if (store.countQuads(shape as Quad_Subject, RDF_TYPE, sh('NodeShape'), null) > 0) classRoots.push(shape);
    const target: ShapeTarget = {
      shape,
      classes: subclassClosure(store, classRoots),
      nodes: out(shape, 'targetNode'),
      subjectsOf: out(shape, 'targetSubjectsOf').map((t) => t.value),
      objectsOf: out(shape, 'targetObjectsOf').map((t) => t.value),
    };
    target.objectsOf.forEach((p) => objectsOfPredicates.add(p));
    if (out(shape, 'target').length > 0)
      notStreamable ??= `${show(shape)} uses sh:target (SPARQL-based or custom targets)`;
    notStreamable ??= walk(store, shape, 0, new Set());
    targets.push(target);
  }

  const owner = new Map<string, Term>();
  for (const q of store.getQuads(null, sh('property'), null, null)) owner.set(key(q.object), q.subject);
  return { store, targets, notStreamable, objectsOfPredicates, owner };
}

/** Every class in `roots` and, transitively, its rdfs:subClassOf descendants in the shapes graph. */
function subclassClosure(store: Store, roots: Term[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const c = queue.pop()!;
    if (seen.has(c.value)) continue;
    seen.add(c.value);
    queue.push(...store.getSubjects(SUBCLASS, c, null));
  }
  return seen;
}

const NODE_TRIPLE_CONSTRAINTS = ['closed', 'equals', 'disjoint', 'lessThan', 'lessThanOrEquals', 'property'];

/**
 * Returns why `shape`, evaluated on nodes `depth` links away from a focus node, needs more than a batch holds
 * (the focus node's triples and the types of what it links to); undefined when it does not.
 */
function walk(store: Store, shape: Term, depth: number, seen: Set<string>): string | undefined {
  const id = `${key(shape)}@${depth}`;
  if (seen.has(id)) return undefined;
  seen.add(id);
  const out = (p: string) => store.getObjects(shape, sh(p), null);
  if (out('sparql').length > 0) return `${show(shape)} uses a SPARQL-based constraint`;
  const path = out('path')[0];
  let valueDepth = depth;
  if (path) {
    if (path.termType !== 'NamedNode') return `${show(shape)} has a complex property path`;
    if (depth > 0) return `${show(shape)} follows a property of a linked node`;
    valueDepth = depth + 1;
  } else if (depth > 0) {
    for (const c of NODE_TRIPLE_CONSTRAINTS)
      if (out(c).length > 0) return `${show(shape)} uses sh:${c} on a linked node`;
  }
  const nested: Term[] = [...out('node'), ...out('not'), ...out('qualifiedValueShape'), ...out('property')];
  for (const list of ['and', 'or', 'xone']) for (const head of out(list)) nested.push(...listItems(store, head));
  // Nested shapes (sh:property included) apply to this shape's value nodes: the focus itself for a node shape.
  for (const n of nested) {
    const reason = walk(store, n, valueDepth, seen);
    if (reason) return reason;
  }
  return undefined;
}

export function listItems(store: Store, head: Term): Term[] {
  const items: Term[] = [];
  let node = head;
  for (let guard = 0; node.value !== NS.rdf + 'nil' && guard < 100000; guard++) {
    const first = store.getObjects(node, namedNode(NS.rdf + 'first'), null)[0];
    const rest = store.getObjects(node, namedNode(NS.rdf + 'rest'), null)[0];
    if (!first || !rest) break;
    items.push(first);
    node = rest;
  }
  return items;
}

/** N3's string form of any term (the RDF/JS and N3 term types differ only nominally): distinct terms, distinct ids. */
export function termId(term: Term): string {
  return termToId(term as Parameters<typeof termToId>[0]);
}

/** A map key for a subject or object term (IRIs by value, blank nodes with `_:`). */
export function key(term: Term): string {
  return term.termType === 'BlankNode' ? '_:' + term.value : term.value;
}

function show(shape: Term): string {
  return shape.termType === 'BlankNode' ? 'a blank-node shape' : `<${shape.value}>`;
}
