// **KeyTable** numbers distinct strings densely (0, 1, 2, ...) and looks them up exactly, keeping them outside the
// JavaScript heap: the keys' UTF-8 bytes in one growable arena, an open-addressing hash table in typed arrays. At Hub
// scale (~4M subject IRIs) a Map<string, number> holds millions of heap objects that every major garbage collection
// must mark again; while a build parses tens of millions of triples that made GC the largest cost of validation. Here
// the garbage collector sees a handful of typed arrays, whatever the number of keys.

const EMPTY = -1;

export class KeyTable {
  /** Slot -> id (EMPTY when free); the table stays at most half full. */
  private slots = new Int32Array(1 << 16).fill(EMPTY);
  /** id -> its hash (so growing the table needs no re-hashing) and its bytes' offset in the arena. */
  private hashes = new Int32Array(1 << 15);
  private offsets = new Float64Array((1 << 15) + 1);
  private arena = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private count = 0;
  private scratch = Buffer.allocUnsafe(1 << 12);

  get size(): number {
    return this.count;
  }

  /** The id of `key`, or -1 when it was never added. */
  get(key: string): number {
    const n = this.encode(key);
    const h = hash(key);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s];
      if (id === EMPTY) return -1;
      if (this.hashes[id!] === h && this.equals(id!, n)) return id!;
    }
  }

  /** The id of `key`, adding it (as the next id) when it is new. */
  add(key: string): number {
    const n = this.encode(key);
    const h = hash(key);
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (; ; s = (s + 1) & mask) {
      const id = this.slots[s];
      if (id === EMPTY) break;
      if (this.hashes[id!] === h && this.equals(id!, n)) return id!;
    }
    const id = this.count++;
    this.store(id, h, n);
    this.slots[s] = id;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The key of `id` (decoded from the arena). */
  keyOf(id: number): string {
    return this.arena.toString('utf8', this.offsets[id], this.offsets[id + 1]);
  }

  private encode(key: string): number {
    if (key.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(key.length * 3);
    return this.scratch.write(key, 0, 'utf8');
  }

  private equals(id: number, n: number): boolean {
    const start = this.offsets[id]!;
    return this.offsets[id + 1]! - start === n && this.scratch.compare(this.arena, start, start + n, 0, n) === 0;
  }

  private store(id: number, h: number, n: number): void {
    if (id + 1 >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      const offsets = new Float64Array(hashes.length + 1);
      offsets.set(this.offsets);
      this.hashes = hashes;
      this.offsets = offsets;
    }
    if (this.used + n > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + n));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    this.scratch.copy(this.arena, this.used, 0, n);
    this.hashes[id] = h;
    this.offsets[id] = this.used;
    this.used += n;
    this.offsets[id + 1] = this.used;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let s = this.hashes[id]! & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = id;
    }
    this.slots = slots;
  }
}

/** FNV-1a over UTF-16 code units, then a final avalanche (low bits index the table). */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x7fffffff;
}
