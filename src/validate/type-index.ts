// **TypeIndex** is what validation's first pass keeps about a graph: each subject's first-seen ordinal, its set of
// classes (interned: a graph has a handful of distinct class sets, so one small integer per subject), and whether its
// triples are scattered over the input (not in one contiguous run). At Hub scale (~4M subjects) this is the only
// per-subject memory validation holds, so it is kept compact and off the JavaScript heap: a KeyTable from key to
// ordinal, and typed arrays.

import { KeyTable } from '../util/key-table.js';

/** A growable Int32Array (ordinal -> small integer). */
class IntColumn {
  data = new Int32Array(1 << 16);
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const bigger = new Int32Array(Math.max(this.data.length * 2, i + 1));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = v;
  }
  get(i: number): number {
    return this.data[i] ?? 0;
  }
}

export class TypeIndex {
  private readonly ordinals = new KeyTable();
  /** ordinal -> class set id (0: no classes). */
  private readonly typeSet = new IntColumn();
  /** ordinal -> number of triples of the subject. */
  private readonly tripleCount = new IntColumn();
  /** ordinal -> 1 when the subject's triples are not contiguous. */
  private readonly scatteredFlag = new IntColumn();
  /** Interned class sets: id -> class IRIs (sorted); id 0 is the empty set. */
  readonly classSets: string[][] = [[]];
  private readonly classSetId = new Map<string, number>([['', 0]]);
  scattered = 0;
  private last = '';
  private lastOrdinal = -1;

  get size(): number {
    return this.ordinals.size;
  }

  /** Records that a triple of subject `k` was read; returns its ordinal. */
  subject(k: string): number {
    if (k === this.last) {
      this.tripleCount.set(this.lastOrdinal, this.tripleCount.get(this.lastOrdinal) + 1);
      return this.lastOrdinal;
    }
    const before = this.ordinals.size;
    const ord = this.ordinals.add(k);
    if (this.ordinals.size === before && this.scatteredFlag.get(ord) === 0) {
      this.scatteredFlag.set(ord, 1);
      this.scattered++;
    }
    this.last = k;
    this.lastOrdinal = ord;
    this.tripleCount.set(ord, this.tripleCount.get(ord) + 1);
    return ord;
  }

  addType(ord: number, cls: string): void {
    const current = this.classSets[this.typeSet.get(ord)]!; // every type-set id names a class set
    if (current.includes(cls)) return;
    const next = [...current, cls].sort();
    const id = next.join('\n');
    let setId = this.classSetId.get(id);
    if (setId === undefined) {
      setId = this.classSets.length;
      this.classSets.push(next);
      this.classSetId.set(id, setId);
    }
    this.typeSet.set(ord, setId);
  }

  ordinal(k: string): number | undefined {
    const ord = this.ordinals.get(k);
    return ord < 0 ? undefined : ord;
  }

  /** The class set id of node `k` (0 when it has no types or is never a subject). */
  classSetOf(k: string): number {
    const ord = this.ordinals.get(k);
    return ord < 0 ? 0 : this.typeSet.get(ord);
  }

  isScattered(ord: number): boolean {
    return this.scatteredFlag.get(ord) === 1;
  }

  /**
   * Groups the scattered subjects, in ordinal order, into batches of at most `maxSubjects` subjects and (unless one
   * subject alone has more) `maxTriples` triples. Returns each scattered subject's batch (-1 for the others).
   */
  scatteredBatches(maxSubjects: number, maxTriples: number): { batchOf: Int32Array; count: number } {
    const batchOf = new Int32Array(this.ordinals.size).fill(-1);
    let count = 0;
    let subjects = 0;
    let triples = 0;
    for (let ord = 0; ord < batchOf.length; ord++) {
      if (!this.isScattered(ord)) continue;
      const n = this.tripleCount.get(ord);
      if (subjects > 0 && (subjects === maxSubjects || triples + n > maxTriples)) {
        subjects = 0;
        triples = 0;
      }
      if (subjects === 0) count++;
      batchOf[ord] = count - 1;
      subjects++;
      triples += n;
    }
    return { batchOf, count };
  }
}
