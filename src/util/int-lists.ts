// **IntLists**: per key (a dense ordinal, e.g. an entity's in a KeyTable), a short list of distinct integers (ordinals
// of tasks, tags, bases...), as linked cells in typed arrays: 8 bytes per value and 4 per key, where a Map of Sets
// costs a Map entry, a Set and its table per key, and millions of heap objects for every major collection to mark.
// Adding walks the key's list to keep values distinct, so it suits lists of a few (up to a few hundred) values.

const NONE = -1;

export class IntLists {
  /** key -> its most recent cell (NONE: no values); a list is linked newest first. */
  private heads = new Int32Array(1024).fill(NONE);
  private values = new Int32Array(1024);
  private next = new Int32Array(1024);
  private cells = 0;

  /** Keys that may have values: 0 .. keyBound - 1. */
  get keyBound(): number {
    return this.heads.length;
  }

  /** Adds `value` to `key`'s list; false when it was there. */
  add(key: number, value: number): boolean {
    if (key >= this.heads.length) this.heads = grownToHold(this.heads, key, NONE);
    for (let c = this.heads[key]!; c !== NONE; c = this.next[c]!) if (this.values[c] === value) return false;
    if (this.cells === this.values.length) {
      this.values = grown(this.values, this.cells * 2);
      this.next = grown(this.next, this.cells * 2);
    }
    this.values[this.cells] = value;
    this.next[this.cells] = this.heads[key]!;
    this.heads[key] = this.cells++;
    return true;
  }

  has(key: number): boolean {
    return key < this.heads.length && this.heads[key] !== NONE;
  }

  /** How many values `key` has. */
  size(key: number): number {
    let n = 0;
    if (key < this.heads.length) for (let c = this.heads[key]!; c !== NONE; c = this.next[c]!) n++;
    return n;
  }

  /** `key`'s values in the order they were added (a new array). */
  get(key: number): number[] {
    const out: number[] = [];
    if (key < this.heads.length)
      for (let c = this.heads[key]!; c !== NONE; c = this.next[c]!) out.push(this.values[c]!);
    return out.reverse();
  }

  /** Whether `key`'s list holds `value`. */
  includes(key: number, value: number): boolean {
    if (key < this.heads.length)
      for (let c = this.heads[key]!; c !== NONE; c = this.next[c]!) if (this.values[c] === value) return true;
    return false;
  }

  /** Calls `fn` for every value of `key` (newest first: for order-free reading without an array). */
  forEach(key: number, fn: (value: number) => void): void {
    if (key < this.heads.length) for (let c = this.heads[key]!; c !== NONE; c = this.next[c]!) fn(this.values[c]!);
  }
}

/** A copy of `a` with room for `n` elements (the new ones `fill`). */
export function grown<T extends Int32Array | Uint8Array | Float64Array>(a: T, n: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}

/** `a`, or a copy doubled in size as often as needed to hold index `i` (the new elements `fill`). */
export function grownToHold<T extends Int32Array | Uint8Array | Float64Array>(a: T, i: number, fill = 0): T {
  if (i < a.length) return a;
  let n = a.length * 2;
  while (n <= i) n *= 2;
  return grown(a, n, fill);
}

/** A growable Int32Array: a value per ordinal (`fill` where none was set), or a list appended to with push. */
export class IntColumn {
  private data: Int32Array;
  /** One past the highest index set or pushed. */
  length = 0;

  constructor(private readonly fill = 0) {
    this.data = new Int32Array(1024).fill(fill);
  }

  get(i: number): number {
    return i < this.data.length ? this.data[i]! : this.fill;
  }

  set(i: number, value: number): void {
    this.data = grownToHold(this.data, i, this.fill);
    this.data[i] = value;
    if (i >= this.length) this.length = i + 1;
  }

  push(value: number): void {
    this.set(this.length, value);
  }
}
