// **Graph entities**: what the graph statistics share, collected once. Every IRI a statistic keeps is interned once in
// a KeyTable (its ordinal stands for it everywhere: UTF-8 bytes off the JavaScript heap, not a heap string per quad
// and statistic); per entity ordinal its kind (hkg:Model / hkg:Dataset), its tasks and its lineage bases, which the
// tag-task, name-token, lineage-task, task-year, lineage and neighbour statistics all read. At Hub size each of these
// was a Map of millions of IRI strings to Sets, held three times over for the tasks.

import type { Quad } from '@rdfjs/types';
import { grownToHold, IntLists } from '../util/int-lists.js';
import { KeyTable } from '../util/key-table.js';
import { CLASS, OBJ, STD } from '../vocab.js';

/** The lineage relations (derived -> base). */
export const LINEAGE_PREDICATES: readonly string[] = [
  OBJ.fineTunedFrom,
  OBJ.adapterOf,
  OBJ.mergedFrom,
  OBJ.quantizedFrom,
];
/** LINEAGE_PREDICATES as a set, for the per-triple test of every statistic that reads lineage. */
export const LINEAGE_PREDICATE_SET: ReadonlySet<string> = new Set(LINEAGE_PREDICATES);

export type Kind = 'model' | 'dataset';
const KINDS: ReadonlyArray<Kind | undefined> = [undefined, 'model', 'dataset'];

/** Entity ordinals of the IRIs the statistics keep, and the entities' kinds, tasks and lineage bases. */
export class GraphEntities {
  private readonly table = new KeyTable();
  /** The last IRI looked up and its ordinal: a graph's quads come grouped by subject. */
  private lastIri: string | undefined;
  private lastId = -1;
  /** Entity -> index into KINDS (the last rdf:type of the two that it was given, as a Map set per quad would keep). */
  private kinds = new Uint8Array(1024);
  private readonly taskIds = new Map<string, number>();
  private readonly taskIris: string[] = [];
  /** Entity -> its tasks (task numbers: task(n) is the IRI). */
  readonly tasks = new IntLists();
  /** Derived model -> the models it derives from, self-loops left out (entity ordinals). */
  readonly bases = new IntLists();

  /** Entities so far: ordinals are 0 .. size - 1. */
  get size(): number {
    return this.table.size;
  }

  /** The ordinal of `iri`, interning it when new. */
  id(iri: string): number {
    if (iri !== this.lastIri) {
      this.lastId = this.table.add(iri);
      this.lastIri = iri;
    }
    return this.lastId;
  }

  /** The ordinal of `iri`, or -1 when no statistic kept it. */
  find(iri: string): number {
    return this.table.get(iri);
  }

  iri(id: number): string {
    return this.table.keyOf(id);
  }

  kind(id: number): Kind | undefined {
    return id < this.kinds.length ? KINDS[this.kinds[id]!] : undefined;
  }

  /** The IRI of task number `n`. */
  task(n: number): string {
    return this.taskIris[n]!;
  }

  /** How many tasks the entities point to: task numbers are 0 .. taskCount - 1. */
  get taskCount(): number {
    return this.taskIris.length;
  }

  /** Feeds a quad: rdf:type hkg:Model / hkg:Dataset, task edges and lineage steps of IRIs count. */
  addQuad(q: Quad): void {
    if (q.subject.termType !== 'NamedNode') return;
    const p = q.predicate.value;
    if (p === STD.type) {
      const code = q.object.value === CLASS.Model ? 1 : q.object.value === CLASS.Dataset ? 2 : 0;
      if (code === 0) return;
      const id = this.id(q.subject.value);
      this.kinds = grownToHold(this.kinds, id);
      this.kinds[id] = code;
    } else if (q.object.termType !== 'NamedNode') return;
    else if (p === OBJ.task) this.tasks.add(this.id(q.subject.value), this.taskNumber(q.object.value));
    else if (LINEAGE_PREDICATE_SET.has(p) && q.subject.value !== q.object.value) {
      this.bases.add(this.id(q.subject.value), this.id(q.object.value));
    }
  }

  private taskNumber(iri: string): number {
    let n = this.taskIds.get(iri);
    if (n === undefined) {
      this.taskIds.set(iri, (n = this.taskIris.length));
      this.taskIris.push(iri);
    }
    return n;
  }
}
