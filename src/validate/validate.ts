// **validateFiles** checks RDF files against SHACL shapes in batches of focus nodes, so memory stays bounded.
// Pass 1 reads every triple once and keeps only the rdf:type of each subject (subject -> ordinal -> class ids).
// Pass 2 validates batches of subjects with the batch's triples plus the type triples of every node they link to:
// enough for shapes that look at a focus node's own triples and the classes of its link targets (shapes.ts checks
// that; other shapes fall back to validating the whole graph at once). When every subject's triples are
// contiguous (as in our dumps) pass 2 streams; otherwise triples are first spilled to per-batch temporary files.

import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFactory, Parser, Store, Writer } from 'n3';
import { readFileSync } from 'node:fs';
import type { Quad, Term } from '@rdfjs/types';
import { Validator } from 'shacl-engine';
import { NS } from '../vocab.js';
import { SHAPES_FILE } from '../paths.js';
import { readQuads } from './rdf-input.js';
import { key, loadShapes, type ShapesInfo, type ShapeTarget } from './shapes.js';
import { ReportCollector, type ValidationSummary } from './report.js';

export interface ValidateOptions {
  shapesFile?: string;
  reportFile?: string;
  /** Focus nodes (subjects) per batch; Infinity validates the whole graph at once. */
  batchSize?: number;
  /** Results kept in the Turtle report (all are counted). */
  maxReportResults?: number;
  onProgress?: (triplesDone: number) => void;
}

const RDF_TYPE = NS.rdf + 'type';
const RDF_TYPE_NODE = DataFactory.namedNode(RDF_TYPE);
const DEFAULT_BATCH = 5000;
const factory = { ...DataFactory, dataset: (quads?: Quad[]) => new Store(quads) };

/** A node that is the object of a sh:targetObjectsOf predicate, and which such predicates point at it. */
interface TargetObject {
  term: Term;
  predicates: Set<string>;
}

/** What pass 1 learns: every subject in first-seen order and its classes, compactly. */
class TypeIndex {
  readonly ordinal = new Map<string, number>();
  readonly types: (number[] | undefined)[] = [];
  readonly classes: string[] = [];
  private readonly classId = new Map<string, number>();
  contiguous = true;
  private last = '';

  subject(k: string): void {
    if (k === this.last) return;
    this.last = k;
    if (this.ordinal.has(k)) this.contiguous = false;
    else this.ordinal.set(k, this.ordinal.size);
  }

  addType(k: string, cls: string): void {
    let id = this.classId.get(cls);
    if (id === undefined) {
      id = this.classes.length;
      this.classes.push(cls);
      this.classId.set(cls, id);
    }
    const ord = this.ordinal.get(k)!;
    const list = (this.types[ord] ??= []);
    if (!list.includes(id)) list.push(id);
  }

  classesOf(k: string): string[] {
    const ord = this.ordinal.get(k);
    return ord === undefined ? [] : (this.types[ord] ?? []).map((id) => this.classes[id]);
  }
}

export async function validateFiles(files: string[], options: ValidateOptions = {}): Promise<ValidationSummary> {
  if (files.length === 0) throw new Error('validate: no input files given');
  const shapes = await loadShapes(options.shapesFile ?? SHAPES_FILE);
  const validator = new Validator(shapes.store, { factory });
  const collector = new ReportCollector(shapes, options.maxReportResults ?? 10000);
  const requested = options.batchSize ?? DEFAULT_BATCH;
  if (!(requested >= 1)) throw new Error(`validate: batch size must be at least 1, got ${requested}`);
  const batchSize = shapes.notStreamable ? Infinity : requested;

  // Pass 1: types, contiguity, objects that are sh:targetObjectsOf focus nodes.
  const index = new TypeIndex();
  const targetObjects = new Map<string, TargetObject>();
  let triples = 0;
  for (const [i, file] of files.entries()) {
    for await (const q of readQuads(file, i)) {
      const s = key(q.subject);
      index.subject(s);
      if (q.predicate.value === RDF_TYPE && q.object.termType !== 'Literal') index.addType(s, q.object.value);
      if (shapes.objectsOfPredicates.has(q.predicate.value)) {
        const k = key(q.object);
        const entry = targetObjects.get(k) ?? { term: q.object, predicates: new Set<string>() };
        entry.predicates.add(q.predicate.value);
        targetObjects.set(k, entry);
      }
      if (++triples % 10000 === 0) options.onProgress?.(Math.floor(triples / 2));
    }
  }

  const run = new BatchRunner(validator, shapes, index, targetObjects, collector);
  let done = 0;
  const progress = () => {
    if (++done % 10000 === 0) options.onProgress?.(Math.floor((triples + done) / 2));
  };
  if (batchSize === Infinity || index.ordinal.size <= batchSize) {
    const store = new Store();
    for (const [i, file] of files.entries()) for await (const q of readQuads(file, i)) (store.addQuad(q), progress());
    await run.batch(store);
  } else if (index.contiguous) {
    let store = new Store();
    let subjects = 0;
    let last = '';
    for (const [i, file] of files.entries()) {
      for await (const q of readQuads(file, i)) {
        const s = key(q.subject);
        if (s !== last) {
          last = s;
          if (subjects === batchSize) {
            await run.batch(store);
            store = new Store();
            subjects = 0;
          }
          subjects++;
        }
        store.addQuad(q);
        progress();
      }
    }
    await run.batch(store);
  } else {
    await spilled(files, batchSize, index, run, progress);
  }
  await run.leftovers();
  options.onProgress?.(triples);

  const summary = collector.summary({
    focusNodes: run.focusNodes,
    triples,
    batches: run.batches,
    ...(shapes.notStreamable ? { wholeGraphReason: shapes.notStreamable } : {}),
  });
  if (options.reportFile) await collector.writeTurtle(options.reportFile);
  return summary;
}

/** Pass 2 for non-contiguous input: triples go to one temporary N-Triples file per batch, then each is validated. */
async function spilled(files: string[], batchSize: number, index: TypeIndex, run: BatchRunner, progress: () => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hkg-validate-'));
  try {
    const buckets = Math.ceil(index.ordinal.size / batchSize);
    const buffers: string[] = new Array(buckets).fill('');
    const writer = new Writer({ format: 'N-Triples' });
    const flush = (b: number) => {
      appendFileSync(join(dir, `${b}.nt`), buffers[b]);
      buffers[b] = '';
    };
    for (const [i, file] of files.entries()) {
      for await (const q of readQuads(file, i)) {
        const b = Math.floor(index.ordinal.get(key(q.subject))! / batchSize);
        buffers[b] += writer.quadToString(q.subject, q.predicate, q.object);
        if (buffers[b].length > 1 << 16) flush(b);
        progress();
      }
    }
    for (let b = 0; b < buckets; b++) {
      flush(b);
      // '_:' keeps blank node labels exactly as written (no parser prefix).
      const quads = new Parser({ format: 'N-Triples', blankNodePrefix: '_:' }).parse(readFileSync(join(dir, `${b}.nt`), 'utf8'));
      await run.batch(new Store(quads));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Validates one batch at a time: focus nodes are the batch's subjects that some shape targets. */
class BatchRunner {
  focusNodes = 0;
  batches = 0;
  /** The last batch's data: leftovers are validated against it (shacl-engine skips an empty data graph). */
  private last = new Store();

  constructor(
    private readonly validator: Validator,
    private readonly shapes: ShapesInfo,
    private readonly index: TypeIndex,
    private readonly targetObjects: Map<string, TargetObject>,
    private readonly collector: ReportCollector,
  ) {}

  async batch(store: Store): Promise<void> {
    if (store.size === 0) return;
    this.batches++;
    this.last = store;
    const subjects = new Map<string, Term>();
    for (const s of store.getSubjects(null, null, null)) subjects.set(key(s), s);
    // Linked nodes come with their classes, so sh:class on link targets sees them.
    for (const o of store.getObjects(null, null, null)) {
      if (o.termType === 'Literal' || subjects.has(key(o))) continue;
      for (const c of this.index.classesOf(key(o))) store.addQuad(o as Quad['subject'], RDF_TYPE_NODE, DataFactory.namedNode(c));
    }
    const focus = new Set<string>();
    for (const target of this.shapes.targets) {
      const terms: Term[] = [];
      for (const [k, s] of subjects) if (this.targets(target, k, store, s)) terms.push(s);
      for (const t of terms) focus.add(key(t));
      await this.run(store, target, terms);
    }
    this.focusNodes += focus.size;
  }

  /**
   * Target nodes and objects that never appeared as a subject: validated once, with no triples of their own.
   * The last batch's data stands in for the graph (the whole graph when there was one batch): these nodes have no
   * outgoing triples nor types anywhere, and shacl-engine would skip an empty data graph altogether.
   */
  async leftovers(): Promise<void> {
    const store = this.last;
    const focus = new Set<string>();
    for (const target of this.shapes.targets) {
      const terms = new Map<string, Term>();
      for (const n of target.nodes) if (!this.index.ordinal.has(key(n))) terms.set(key(n), n);
      if (target.objectsOf.length) {
        for (const [k, o] of this.targetObjects) if (!this.index.ordinal.has(k) && this.objectOf(target, o)) terms.set(k, o.term);
      }
      for (const k of terms.keys()) focus.add(k);
      await this.run(store, target, [...terms.values()]);
    }
    this.focusNodes += focus.size;
  }

  private targets(target: ShapeTarget, k: string, store: Store, s: Term): boolean {
    if (target.classes.size && this.index.classesOf(k).some((c) => target.classes.has(c))) return true;
    if (target.nodes.some((n) => key(n) === k)) return true;
    if (target.subjectsOf.some((p) => store.countQuads(s, DataFactory.namedNode(p), null, null) > 0)) return true;
    const o = target.objectsOf.length ? this.targetObjects.get(k) : undefined;
    return o !== undefined && this.objectOf(target, o);
  }

  private objectOf(target: ShapeTarget, o: TargetObject): boolean {
    return target.objectsOf.some((p) => o.predicates.has(p));
  }

  private async run(store: Store, target: ShapeTarget, terms: Term[]): Promise<void> {
    if (terms.length === 0) return;
    const report = await this.validator.validate({ dataset: store, terms }, [{ terms: [target.shape] }]);
    for (const r of report.results) this.collector.add(r);
  }
}
