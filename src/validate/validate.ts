// **validateFiles** checks RDF files against SHACL shapes in batches of focus nodes, so memory stays bounded, and
// validates the batches in worker processes (one per core by default; the report is the same for any number of them).
// Pass 1 reads every triple once and keeps only each subject's ordinal, class set and whether its triples are
// contiguous (type-index.ts). Pass 2 reads the triples again and cuts them into batches of subjects, each with the
// class sets of every node it links to: enough for shapes that look at a focus node's own triples and the classes of
// its
// link targets (shapes.ts checks that; other shapes fall back to validating the whole graph at once). Subjects whose
// triples are contiguous (most of them in our dumps) are batched as they stream by; the triples of scattered subjects
// (e.g. users, whose likes and follows come from other input files) are first spilled to per-batch temporary files.
// A caller that writes the graph can do pass 1 itself as it writes (GraphIndex), so the files are read only once. In a
// batch, focus nodes that a quick check proves conforming (quick-check.ts) skip shacl-engine, which reports on the
// rest.

import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFactory, Store, Writer } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { NS } from '../vocab.js';
import { SHAPES_FILE } from '../paths.js';
import { formatOf, inFile, linePieces, parseLines, parserOptions, readQuadChunks } from './rdf-input.js';
import { TripleLines } from './triple-lines.js';
import { key, loadShapes, type ShapesInfo } from './shapes.js';
import { ReportCollector, type ValidationSummary } from './report.js';
import { BatchValidator, decodeResult, type BatchOutput, type BatchTask } from './batch.js';
import { BatchPool } from './pool.js';
import { TypeIndex } from './type-index.js';

export interface ValidateOptions {
  shapesFile?: string;
  reportFile?: string;
  /** Focus nodes (subjects) per batch; Infinity validates the whole graph at once. */
  batchSize?: number;
  /** Triples per batch (cut at a subject boundary; default MAX_BATCH_TRIPLES). */
  maxBatchTriples?: number;
  /** N-Triples bytes per batch (cut at a subject boundary; default MAX_BATCH_BYTES). */
  maxBatchBytes?: number;
  /**
   * Worker processes validating batches; 0 validates on this thread. Default: one per core for graphs of over
   * 100,000 triples in more than one batch, else 0 (starting workers costs more than it saves on small graphs).
   */
  workers?: number;
  /** Results kept in the Turtle report (all are counted). */
  maxReportResults?: number;
  onProgress?: (triplesDone: number) => void;
  /** Prove focus nodes conforming with quick checks where possible (default true); false: shacl-engine checks all. */
  quickChecks?: boolean;
  /** The graph already indexed (pass 1 done by the caller, with these shapes); the files are then read only once. */
  graphIndex?: GraphIndex;
  /** Old-generation heap of each worker process, in MB (default pool.ts's WORKER_HEAP_MB). */
  workerHeapMb?: number;
}

const RDF_TYPE = NS.rdf + 'type';
const DEFAULT_BATCH = 5000;
/**
 * A batch is also cut at this many triples (at a subject boundary), which bounds a worker's memory whatever the
 * subjects' degrees (a Hub user may like 10^4 items); workers' heaps are capped accordingly (pool.ts).
 */
const MAX_BATCH_TRIPLES = 50_000;
/**
 * And at this many bytes of N-Triples: real cards make a triple ten times the size of a synthetic one (a 50,000-triple
 * batch of real models is 9 MB, of synthetic ones 6 MB), and a worker holds a batch's text and parsed quads at once.
 */
const MAX_BATCH_BYTES = 16 << 20;
/** Graphs below this size are validated without worker processes unless asked for. */
const WORKERS_FROM_TRIPLES = 100_000;
/**
 * A spill bucket is written out when its buffered lines (bytes, or characters of lines written here) pass this size.
 */
const SPILL_CHUNK = 1 << 16;

export async function validateFiles(files: string[], options: ValidateOptions = {}): Promise<ValidationSummary> {
  if (files.length === 0) throw new Error('validate: no input files given');
  const shapesFile = options.graphIndex?.shapesFile ?? options.shapesFile ?? SHAPES_FILE;
  const shapes = options.graphIndex?.shapes ?? (await loadShapes(shapesFile));
  const collector = new ReportCollector(shapes, options.maxReportResults ?? 10000);
  const requested = options.batchSize ?? DEFAULT_BATCH;
  if (!(requested >= 1)) throw new Error(`validate: batch size must be at least 1, got ${requested}`);
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 0)) {
    throw new Error(`validate: workers must be a non-negative integer, got ${options.workers}`);
  }
  const batchSize = shapes.notStreamable ? Infinity : requested;

  // Pass 1 (unless the caller indexed the graph while writing it).
  let graphIndex = options.graphIndex;
  if (!graphIndex) {
    graphIndex = new GraphIndex(shapes, shapesFile);
    for (const [i, file] of files.entries()) {
      for await (const chunk of readQuadChunks(file, i)) {
        for (const q of chunk) graphIndex.add(q);
        options.onProgress?.(Math.floor(graphIndex.triples / 2));
      }
    }
  }
  const { types: index, targetObjects, triples } = graphIndex;

  const quickChecks = options.quickChecks ?? true;
  const validator = new BatchValidator(shapes, quickChecks);
  const counts = { focusNodes: 0, batches: 0, quickChecked: 0, engineChecked: 0 };
  const take = (o: BatchOutput) => {
    counts.focusNodes += o.focusNodes;
    counts.quickChecked += o.quickChecked;
    counts.engineChecked += o.engineChecked;
    for (const r of o.results) collector.add(decodeResult(r));
    if (o.lost) collector.addLost(o.lost.reason, o.lost.subjects);
  };
  let done = 0;
  const progress = () => {
    // Progress runs over both passes, or over pass 2 alone when the caller did pass 1.
    if (++done % 10000 === 0) options.onProgress?.(options.graphIndex ? done : Math.floor((triples + done) / 2));
  };
  let leftoverData: Store;
  if (batchSize === Infinity || index.size <= batchSize) {
    // One batch: the whole graph, on this thread.
    const store = new Store();
    for (const [i, file] of files.entries()) {
      for await (const chunk of readQuadChunks(file, i)) {
        for (const q of chunk) {
          store.addQuad(q);
          progress();
        }
      }
    }
    const objectTargets = new Map([...targetObjects].map(([k, o]) => [k, o.predicates]));
    if (store.size > 0) {
      take(await validator.validateStore(0, store, objectTargets));
      counts.batches = 1;
    }
    leftoverData = store;
  } else {
    const workers = options.workers ?? (triples > WORKERS_FROM_TRIPLES ? availableParallelism() : 0);
    const pool = new BatchPool(
      workers,
      shapesFile,
      validator,
      take,
      quickChecks,
      lostBatch,
      options.workerHeapMb,
      splitBatch,
    );
    try {
      const limits = {
        subjects: batchSize,
        triples: options.maxBatchTriples ?? MAX_BATCH_TRIPLES,
        bytes: options.maxBatchBytes ?? MAX_BATCH_BYTES,
      };
      counts.batches = await batches(files, limits, index, targetObjects, pool, progress);
    } finally {
      await pool.close();
    }
    // Stands in for the graph when validating leftovers: they have no triples of their own, and shacl-engine skips
    // an empty data graph altogether.
    leftoverData = new Store([
      DataFactory.quad(
        DataFactory.blankNode('hkg-validate-placeholder'),
        DataFactory.namedNode('urn:x-hkg:placeholder'),
        DataFactory.literal(''),
      ),
    ]);
  }
  counts.focusNodes += await leftovers(validator, shapes, index, targetObjects, leftoverData, take);
  options.onProgress?.(triples);

  const summary = collector.summary({
    focusNodes: counts.focusNodes,
    triples,
    batches: counts.batches,
    quickChecked: counts.quickChecked,
    engineChecked: counts.engineChecked,
    ...(shapes.notStreamable ? { wholeGraphReason: shapes.notStreamable } : {}),
  });
  if (options.reportFile) await collector.writeTurtle(options.reportFile);
  return summary;
}

/** A node that is the object of a sh:targetObjectsOf predicate, and which such predicates point at it. */
interface TargetObject {
  term: Term;
  predicates: Set<string>;
}

/**
 * What validation's first pass learns about a graph: each subject's ordinal, classes and contiguity (TypeIndex), and
 * the objects of sh:targetObjectsOf predicates. Filled by reading the input files, or by a caller that writes the graph
 * (the build indexes its N-Triples dump as it writes it, saving a whole read of the file).
 */
export class GraphIndex {
  readonly types = new TypeIndex();
  readonly targetObjects = new Map<string, TargetObject>();
  triples = 0;

  /**
   * `blankNodeScope`: for quads that are not read back from the file by validation, the label prefix validation's
   * reader gives blank nodes of the file they are written to (rdf-input.ts's blankNodeScope), so keys match on both
   * passes.
   */
  constructor(
    readonly shapes: ShapesInfo,
    readonly shapesFile: string,
    private readonly blankNodeScope = '',
  ) {}

  static async forShapes(shapesFile: string = SHAPES_FILE, blankNodeScope = ''): Promise<GraphIndex> {
    return new GraphIndex(await loadShapes(shapesFile), shapesFile, blankNodeScope);
  }

  add(q: Quad): void {
    const ord = this.types.subject(this.key(q.subject));
    if (q.predicate.value === RDF_TYPE && q.object.termType !== 'Literal') this.types.addType(ord, q.object.value);
    if (this.shapes.objectsOfPredicates.has(q.predicate.value)) {
      const k = this.key(q.object);
      const entry = this.targetObjects.get(k) ?? { term: q.object, predicates: new Set<string>() };
      entry.predicates.add(q.predicate.value);
      this.targetObjects.set(k, entry);
    }
    this.triples++;
  }

  private key(t: Term): string {
    return t.termType === 'BlankNode' ? `_:${this.blankNodeScope}${t.value}` : key(t);
  }
}

/**
 * Pass 2: contiguous subjects are cut into batches as they stream by and submitted at once; scattered subjects go to
 * per-batch spill files, submitted after the pass. Batch numbers, and so the report, do not depend on the pool.
 * N-Triples lines are routed as they are (triple-lines.ts finds their subject and object IRIs) and parsed only in the
 * worker; other lines and formats are parsed here and written out again. Returns the number of batches.
 */
async function batches(
  files: string[],
  limits: { subjects: number; triples: number; bytes: number },
  index: TypeIndex,
  targetObjects: Map<string, TargetObject>,
  pool: BatchPool,
  progress: () => void,
): Promise<number> {
  const classSets = index.classSets;
  let next = 0;
  // The streaming batch: lines (bytes of the input, or N-Triples written here) and link lines.
  let data: Array<Buffer | string> = [];
  let links: string[] = [];
  let linked = new Set<string>();
  let objectTargets: Array<[string, string[]]> = [];
  let subjects = 0;
  let bytes = 0;
  const submit = async () => {
    if (subjects === 0) return;
    const task: BatchTask = { index: next++, data: bytesOf(data), links: links.join(''), classSets, objectTargets };
    data = [];
    links = [];
    linked = new Set();
    objectTargets = [];
    subjects = 0;
    bytes = 0;
    await pool.submit(task);
  };
  // The spilled batches.
  const { batchOf, count: buckets } = index.scatteredBatches(limits.subjects, limits.triples);
  const dir = buckets > 0 ? mkdtempSync(join(tmpdir(), 'hkg-validate-')) : '';
  const spill = Array.from({ length: buckets }, (_, b) => ({
    data: [] as Array<Buffer | string>,
    links: [] as string[],
    chars: 0,
    objectTargets: [] as Array<[string, string[]]>,
    dataFile: join(dir, `${b}.nt`),
    linksFile: join(dir, `${b}.links`),
  }));
  const flush = (b: (typeof spill)[number]) => {
    appendFileSync(b.dataFile, bytesOf(b.data));
    appendFileSync(b.linksFile, b.links.join(''));
    b.data = [];
    b.links = [];
    b.chars = 0;
  };

  let bucket: (typeof spill)[number] | undefined;
  const route: Route = {
    current: '',
    async enter(s) {
      this.current = s;
      const ord = index.ordinal(s)!;
      const first = !index.isScattered(ord);
      bucket = first ? undefined : spill[batchOf[ord]!]; // every scattered subject has a batch
      // A contiguous subject is seen in one run: this is its first triple.
      if (first) {
        if (subjects === limits.subjects || data.length >= limits.triples || bytes >= limits.bytes) await submit();
        subjects++;
      }
      const target = targetObjects.get(s);
      if (target && (first || !bucket!.objectTargets.some(([k]) => k === s))) {
        (bucket ? bucket.objectTargets : objectTargets).push([s, [...target.predicates]]);
      }
    },
    triple(line, o) {
      const set = o ? index.classSetOf(o) : 0;
      if (bucket) {
        bucket.data.push(line);
        bucket.chars += line.length;
        if (set) {
          const link = `${set}\t${o}\n`;
          bucket.links.push(link);
          bucket.chars += link.length;
        }
        if (bucket.chars > SPILL_CHUNK) flush(bucket);
      } else {
        data.push(line);
        bytes += line.length;
        if (set && !linked.has(o)) {
          linked.add(o);
          links.push(`${set}\t${o}\n`);
        }
      }
      progress();
    },
  };

  try {
    for (const [i, file] of files.entries()) {
      if (formatOf(file) === 'N-Triples') await routeNTriples(file, i, route);
      else for await (const chunk of readQuadChunks(file, i)) for (const q of chunk) await routeQuad(q, route);
    }
    await submit();
    for (const b of spill) {
      flush(b);
      await pool.submit({
        index: next++,
        dataFile: b.dataFile,
        linksFile: b.linksFile,
        classSets,
        objectTargets: b.objectTargets,
      });
    }
    await pool.finish();
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return next;
}

/** Where validation's second pass sends what it reads, in order: runs of a subject's triples. */
interface Route {
  /** The key of the subject whose run is current ('' before the first). */
  current: string;
  /** A run of subject `s` begins (sets current). */
  enter(s: string): Promise<void>;
  /**
   * A triple of the current subject: its N-Triples line, and its object's key when that is a node ('' for a literal).
   */
  triple(line: Buffer | string, o: string): void;
}

const lineWriter = new Writer({ format: 'N-Triples' });

/** A parsed triple, written out as an N-Triples line. */
async function routeQuad(q: Quad, route: Route): Promise<void> {
  const s = key(q.subject);
  if (s !== route.current) await route.enter(s);
  route.triple(
    lineWriter.quadToString(q.subject, q.predicate, q.object),
    q.object.termType === 'Literal' ? '' : key(q.object),
  );
}

/**
 * An N-Triples file's lines: those TripleLines locates are routed as they are (their bytes, subject and object IRIs
 * read in place), the others parsed here (blank nodes, escapes, comments after the dot).
 */
async function routeNTriples(file: string, fileIndex: number, route: Route): Promise<void> {
  const options = parserOptions(file, fileIndex);
  const lines = new TripleLines();
  // The current subject's bytes: most lines repeat the previous line's subject, compared without decoding it.
  let lastSubject = Buffer.alloc(0);
  try {
    for await (const { piece, firstLine } of linePieces(file)) {
      lines.reset(piece, firstLine);
      for (let kind = lines.next(); kind !== undefined; kind = lines.next()) {
        if (kind === 'triple') {
          const { subjectStart, subjectEnd, objectStart, objectEnd } = lines;
          if (piece.compare(lastSubject, 0, lastSubject.length, subjectStart, subjectEnd) !== 0) {
            lastSubject = Buffer.from(piece.subarray(subjectStart, subjectEnd));
            const s = piece.toString('utf8', subjectStart, subjectEnd);
            if (s !== route.current) await route.enter(s);
          }
          route.triple(lines.line(), objectStart < 0 ? '' : piece.toString('utf8', objectStart, objectEnd));
        } else if (kind === 'parse') {
          for (const q of parseLines(lines.text(), lines.lineNumber, options)) await routeQuad(q, route);
          lastSubject = Buffer.alloc(0); // compared by key again at the next located line
        }
      }
    }
  } catch (err) {
    throw inFile(file, err);
  }
}

/** A batch's N-Triples lines by subject (batch data is written by this module: one triple a line, subject first). */
function linesBySubject(task: BatchTask): Map<string, string[]> {
  const text = task.data
    ? Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength).toString('utf8')
    : readFileSync(task.dataFile!, 'utf8');
  const bySubject = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\s*(<[^>]*>|_:\S+)/.exec(line);
    if (!m) continue;
    const subject = m[1]!; // the group always takes part in a match
    const s = subject.startsWith('<') ? subject.slice(1, -1) : subject;
    const lines = bySubject.get(s);
    if (lines) lines.push(line);
    else bySubject.set(s, [line]);
  }
  return bySubject;
}

/** A batch that a worker could not hold, in two halves by subject; undefined for a batch of one subject. */
function splitBatch(task: BatchTask): BatchTask[] | undefined {
  const bySubject = linesBySubject(task);
  if (bySubject.size < 2) return undefined;
  const subjects = [...bySubject.keys()];
  const half = Math.ceil(subjects.length / 2);
  const links = task.links ?? (task.linksFile ? readFileSync(task.linksFile, 'utf8') : '');
  return [subjects.slice(0, half), subjects.slice(half)].map((part) => ({
    index: task.index,
    data: Buffer.from(part.map((s) => bySubject.get(s)!.join('\n')).join('\n') + '\n'),
    links,
    classSets: task.classSets,
    objectTargets: task.objectTargets,
  }));
}

/** The output of a batch (of one subject, once split) that could not be validated: no results, and its subjects. */
function lostBatch(task: BatchTask, reason: string): BatchOutput {
  const subjects = [...linesBySubject(task).keys()];
  return {
    index: task.index,
    focusNodes: subjects.length,
    quickChecked: 0,
    engineChecked: 0,
    results: [],
    lost: { reason, subjects },
  };
}

/** Lines as one byte array (worker messages copy it; the worker decodes it, in parallel with this thread). */
function bytesOf(lines: Array<Buffer | string>): Uint8Array {
  return Buffer.concat(lines.map((l) => (typeof l === 'string' ? Buffer.from(l) : l)));
}

/**
 * Target nodes and objects that never appeared as a subject: validated once, with no triples of their own, against
 * `data` (the whole graph when there was one batch, else a one-triple stand-in: these nodes have no outgoing triples
 * nor types anywhere, and the shapes of batched validation look no further than that).
 */
async function leftovers(
  validator: BatchValidator,
  shapes: ShapesInfo,
  index: TypeIndex,
  targetObjects: Map<string, TargetObject>,
  data: Store,
  take: (o: BatchOutput) => void,
): Promise<number> {
  const focus = new Set<string>();
  const results: BatchOutput['results'] = [];
  let engineChecked = 0;
  for (const target of shapes.targets) {
    const terms = new Map<string, Term>();
    for (const n of target.nodes) if (index.ordinal(key(n)) === undefined) terms.set(key(n), n);
    if (target.objectsOf.length) {
      for (const [k, o] of targetObjects) {
        if (index.ordinal(k) === undefined && target.objectsOf.some((p) => o.predicates.has(p))) terms.set(k, o.term);
      }
    }
    for (const k of terms.keys()) focus.add(k);
    engineChecked += terms.size;
    await validator.run(data, target, [...terms.values()], results);
  }
  take({ index: -1, focusNodes: 0, quickChecked: 0, engineChecked, results });
  return focus.size;
}
