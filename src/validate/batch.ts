// **batch** validates one batch of focus nodes with shacl-engine; the same code runs on the main thread and in worker
// threads (batch-worker.ts), so N workers give exactly the report one thread gives. A batch is plain data (N-Triples
// text of its subjects' triples, plus the class sets of the nodes they link to) and so are its results (terms as N3
// term ids), so both cross a thread boundary by structured clone.

import { readFileSync } from 'node:fs';
import { DataFactory, Parser, Store, termFromId } from 'n3';
import type { Literal, Quad, Term } from '@rdfjs/types';
import { Validator, type ShaclResult } from 'shacl-engine';
import { NS } from '../vocab.js';
import { key, termId, type ShapesInfo, type ShapeTarget } from './shapes.js';
import { compileQuickChecks, type FocusTriples, type QuickCheck, type TypesOf } from './quick-check.js';
import { resultPath, type ResultRecord } from './report.js';
import { engineValidations } from './xsd.js';

const RDF_TYPE = NS.rdf + 'type';
const RDF_TYPE_NODE = DataFactory.namedNode(RDF_TYPE);
/** Focus nodes per shacl-engine call. */
const ENGINE_SLICE = 500;
/**
 * Triples of the focus nodes of one shacl-engine call (a node with more is validated alone). The call's data graph is
 * an n3 Store of just these nodes' triples and their link targets' types: n3's Store costs 2-4 KB per triple on real
 * Hub data (its three nested indexes), so a store of a whole 50,000-triple batch alone filled a worker's heap.
 */
const ENGINE_SLICE_TRIPLES = 10_000;
const factory = { ...DataFactory, dataset: (quads?: Quad[]) => new Store(quads) };

export interface BatchTask {
  /** Position of the batch; results are merged in this order. */
  index: number;
  /** N-Triples (UTF-8) of every triple of the batch's subjects (or the file holding them). */
  data?: Uint8Array;
  dataFile?: string;
  /** Lines `classSetId<TAB>nodeKey` for nodes the batch links to (or the file holding them). */
  links?: string;
  linksFile?: string;
  /** classSets[id] = the class IRIs of set `id`. */
  classSets: string[][];
  /** Batch subjects that are objects of sh:targetObjectsOf predicates: [key, predicates]. */
  objectTargets: Array<[string, string[]]>;
}

/** A result with every term as an N3 term id. */
export interface EncodedResult {
  focusNode: string;
  path?: string;
  value?: string;
  severity: string;
  component: string;
  sourceShape: string;
  messages: string[];
}

export interface BatchOutput {
  index: number;
  focusNodes: number;
  /** (focus node, shape) pairs proven conforming by a quick check, and pairs handed to shacl-engine. */
  quickChecked: number;
  engineChecked: number;
  results: EncodedResult[];
  /** The batch could not be validated (its worker ran out of heap): why, and the subjects it held. */
  lost?: { reason: string; subjects: string[] };
}

export class BatchValidator {
  private readonly validator: Validator;
  private readonly quickChecks: Map<string, QuickCheck>;

  /** `quickChecks` false sends every focus node to shacl-engine (the reference the quick checks are tested against). */
  constructor(
    private readonly shapes: ShapesInfo,
    quickChecks = true,
  ) {
    // Built once per thread: shacl-engine compiles each shape lazily and keeps it for every later batch.
    // sh:datatype with xsd.ts's corrected XSD checks (rdf-validation's fail every character outside the BMP).
    this.validator = new Validator(shapes.store, { factory, validations: engineValidations });
    this.quickChecks = quickChecks
      ? compileQuickChecks(
          shapes.store,
          shapes.targets.map((t) => t.shape),
        )
      : new Map();
  }

  /** Shapes with a quick check (quick-check.ts); the focus nodes of the others all go to shacl-engine. */
  get quickCheckedShapes(): number {
    return this.quickChecks.size;
  }

  /** Validates a batch given as data (parsed here, so parsing also runs in parallel across workers). */
  async validateTask(task: BatchTask): Promise<BatchOutput> {
    const data = task.data
      ? Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength).toString('utf8')
      : readFileSync(task.dataFile!, 'utf8');
    // '_:' keeps blank node labels exactly as written (no parser prefix).
    const quads = new Parser({ format: 'N-Triples', blankNodePrefix: '_:' }).parse(data);
    const graph = groupBySubject(quads);
    const linkTypes = new Map<string, readonly string[]>();
    const links = task.links ?? (task.linksFile ? readFileSync(task.linksFile, 'utf8') : '');
    for (const line of links.split('\n')) {
      if (!line) continue;
      const tab = line.indexOf('\t');
      const k = line.slice(tab + 1);
      if (graph.has(k)) continue;
      const types = task.classSets[Number(line.slice(0, tab))];
      if (!types)
        throw new Error(`validation batch ${task.index}: link line ${JSON.stringify(line)} names no class set`);
      linkTypes.set(k, types);
    }
    const typesOf: TypesOf = (k) => typesIn(graph, k) ?? linkTypes.get(k);
    const objectTargets = new Map(task.objectTargets.map(([k, ps]) => [k, new Set(ps)]));
    return this.validateGraph(task.index, graph, typesOf, objectTargets, (focus) => sliceStore(focus, typesOf));
  }

  /**
   * Validates the subjects of `store` that some shape targets. The store holds all their triples and the rdf:type
   * triples of the nodes they link to; `objectTargets` says which are objects of sh:targetObjectsOf predicates.
   */
  async validateStore(index: number, store: Store, objectTargets: Map<string, Set<string>>): Promise<BatchOutput> {
    const graph = groupBySubject(store.getQuads(null, null, null, null));
    return this.validateGraph(
      index,
      graph,
      (k) => typesIn(graph, k),
      objectTargets,
      () => store,
    );
  }

  /**
   * Each targeted subject is a focus node; those whose shape has a quick check that passes conform, the others are
   * validated by shacl-engine (in subject order, so the report does not depend on which nodes were quick-checked),
   * in slices of at most ENGINE_SLICE nodes and ENGINE_SLICE_TRIPLES of their triples, each slice with `dataFor(slice)`
   * as its data graph.
   */
  private async validateGraph(
    index: number,
    graph: Map<string, FocusTriples>,
    typesOf: TypesOf,
    objectTargets: Map<string, Set<string>>,
    dataFor: (focus: FocusTriples[]) => Store,
  ): Promise<BatchOutput> {
    const focus = new Set<string>();
    const results: EncodedResult[] = [];
    let quickChecked = 0;
    let engineChecked = 0;
    for (const target of this.shapes.targets) {
      const check = this.quickChecks.get(key(target.shape));
      let slice: FocusTriples[] = [];
      let sliceTriples = 0;
      const flush = async () => {
        if (slice.length === 0) return;
        engineChecked += slice.length;
        await this.run(
          dataFor(slice),
          target,
          slice.map((f) => f.term),
          results,
        );
        slice = [];
        sliceTriples = 0;
      };
      for (const [k, f] of graph) {
        if (!this.targets(target, k, f, objectTargets.get(k))) continue;
        focus.add(k);
        if (check?.(f, typesOf)) {
          quickChecked++;
          continue;
        }
        const triples = tripleCount(f);
        if (slice.length > 0 && (slice.length >= ENGINE_SLICE || sliceTriples + triples > ENGINE_SLICE_TRIPLES))
          await flush();
        slice.push(f);
        sliceTriples += triples;
      }
      await flush();
    }
    return { index, focusNodes: focus.size, quickChecked, engineChecked, results };
  }

  /** Validates `terms` against `target`'s shape with `store` as the data graph. */
  async run(store: Store, target: ShapeTarget, terms: Term[], out: EncodedResult[]): Promise<void> {
    // In slices: shacl-engine keeps what it builds for every focus node of a call until the call returns.
    for (let i = 0; i < terms.length; i += ENGINE_SLICE) {
      const report = await this.validator.validate({ dataset: store, terms: terms.slice(i, i + ENGINE_SLICE) }, [
        { terms: [target.shape] },
      ]);
      for (const r of report.results) out.push(this.encode(r));
    }
  }

  private targets(target: ShapeTarget, k: string, f: FocusTriples, objectOf: Set<string> | undefined): boolean {
    if (target.classes.size) {
      for (const c of f.byPredicate.get(RDF_TYPE) ?? [])
        if (c.termType !== 'Literal' && target.classes.has(c.value)) return true;
    }
    if (target.nodes.some((n) => key(n) === k)) return true;
    if (target.subjectsOf.some((p) => f.byPredicate.has(p))) return true;
    return objectOf !== undefined && target.objectsOf.some((p) => objectOf.has(p));
  }

  private encode(r: ShaclResult): EncodedResult {
    const path = resultPath(r, this.shapes.store);
    return {
      focusNode: termId(r.focusNode.term),
      ...(path ? { path: termId(path) } : {}),
      ...(r.value ? { value: termId(r.value.term) } : {}),
      severity: termId(r.severity),
      component: termId(r.constraintComponent),
      sourceShape: termId(r.shape.ptr.term),
      messages: r.message.map(termId),
    };
  }
}

export function decodeResult(e: EncodedResult): ResultRecord {
  const t = (id: string) => termFromId(id) as Term;
  return {
    focusNode: t(e.focusNode),
    path: e.path === undefined ? undefined : t(e.path),
    value: e.value === undefined ? undefined : t(e.value),
    severity: t(e.severity),
    component: t(e.component),
    sourceShape: t(e.sourceShape),
    messages: e.messages.map((m) => termFromId(m) as Literal),
  };
}

/** The triples of each subject (by key), subjects in order of first appearance. */
export function groupBySubject(quads: Iterable<Quad>): Map<string, FocusTriples> {
  const graph = new Map<string, FocusTriples>();
  let last: FocusTriples | undefined;
  let lastKey = '';
  for (const q of quads) {
    const k = key(q.subject);
    if (k !== lastKey || !last) {
      lastKey = k;
      last = graph.get(k);
      if (!last) graph.set(k, (last = { term: q.subject, byPredicate: new Map() }));
    }
    const objects = last.byPredicate.get(q.predicate.value);
    if (objects) objects.push(q.object);
    else last.byPredicate.set(q.predicate.value, [q.object]);
  }
  return graph;
}

/**
 * The data graph shacl-engine needs for `focus` (shapes.ts checks that batched shapes look no further): the focus
 * nodes' own triples and the rdf:type triples of the nodes they link to.
 */
function sliceStore(focus: FocusTriples[], typesOf: TypesOf): Store {
  const store = new Store();
  const typed = new Set<string>();
  const addTypes = (node: Term) => {
    const k = key(node);
    if (typed.has(k)) return;
    typed.add(k);
    for (const c of typesOf(k) ?? []) store.addQuad(node as Quad['subject'], RDF_TYPE_NODE, DataFactory.namedNode(c));
  };
  for (const f of focus) {
    for (const [p, objects] of f.byPredicate) {
      const predicate = DataFactory.namedNode(p);
      for (const o of objects) {
        store.addQuad(f.term as Quad['subject'], predicate, o as Quad['object']);
        if (o.termType !== 'Literal') addTypes(o);
      }
    }
    addTypes(f.term);
  }
  return store;
}

function tripleCount(f: FocusTriples): number {
  let n = 0;
  for (const objects of f.byPredicate.values()) n += objects.length;
  return n;
}

/** The rdf:type objects of subject `k` of `graph`; undefined when it has none there. */
function typesIn(graph: Map<string, FocusTriples>, k: string): string[] | undefined {
  const types = graph.get(k)?.byPredicate.get(RDF_TYPE);
  if (!types) return undefined;
  const classes: string[] = [];
  for (const t of types) if (t.termType !== 'Literal') classes.push(t.value);
  return classes;
}
