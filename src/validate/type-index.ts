// **TypeIndex** is what validation's first pass keeps about a graph: each subject's first-seen ordinal, its set of
// classes (interned: a graph has a handful of distinct class sets, so one small integer per subject), and whether its
// triples are scattered over the input (not in one contiguous run). At Hub scale (~4M subjects) this is the only
// per-subject memory validation holds, so it is kept compact: a Map from a flat key string to an ordinal, and typed arrays.

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
    return i < this.data.length ? this.data[i] : 0;
  }
}

export class TypeIndex {
  private readonly ordinals = new Map<string, number>();
  /** ordinal -> class set id (0: no classes). */
  private readonly typeSet = new IntColumn();
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
    if (k === this.last) return this.lastOrdinal;
    let ord = this.ordinals.get(k);
    if (ord === undefined) {
      ord = this.ordinals.size;
      // A parser's term values are slices of its input chunk: a copy keeps the chunk from being retained by the key.
      this.ordinals.set(flat(k), ord);
    } else if (this.scatteredFlag.get(ord) === 0) {
      this.scatteredFlag.set(ord, 1);
      this.scattered++;
    }
    this.last = k;
    this.lastOrdinal = ord;
    return ord;
  }

  addType(ord: number, cls: string): void {
    const current = this.classSets[this.typeSet.get(ord)];
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
    return this.ordinals.get(k);
  }

  /** The class set id of node `k` (0 when it has no types or is never a subject). */
  classSetOf(k: string): number {
    const ord = this.ordinals.get(k);
    return ord === undefined ? 0 : this.typeSet.get(ord);
  }

  isScattered(ord: number): boolean {
    return this.scatteredFlag.get(ord) === 1;
  }

  /** Rank of each scattered subject among the scattered ones, in ordinal order (computed once after pass 1). */
  scatteredRanks(): Int32Array {
    const ranks = new Int32Array(this.ordinals.size).fill(-1);
    let r = 0;
    for (let ord = 0; ord < ranks.length; ord++) if (this.isScattered(ord)) ranks[ord] = r++;
    return ranks;
  }
}

/** A copy of `s` that shares no memory with a larger string (V8 flattens the concatenation before slicing it). */
function flat(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
