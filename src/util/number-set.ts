// **NumberSet**: a set of safe non-negative integers (e.g. 53-bit hashes) in one Float64Array with open
// addressing, so millions of members cost 16 bytes each and no heap objects for the garbage collector to mark.

export class NumberSet {
  /** Slots hold member + 1 (0 = free; 2^53 is still exact); at most half full. */
  private slots = new Float64Array(1 << 16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `n`; true when it was not a member. */
  add(n: number): boolean {
    if (!(Number.isInteger(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER))
      throw new RangeError(`NumberSet: ${n} is not a safe non-negative integer`);
    const stored = n + 1;
    const mask = this.slots.length - 1;
    for (let s = mix(n) & mask; ; s = (s + 1) & mask) {
      const v = this.slots[s];
      if (v === stored) return false;
      if (v === 0) {
        this.slots[s] = stored;
        if (++this.count * 2 > this.slots.length) this.grow();
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    const mask = this.slots.length - 1;
    for (const v of old) {
      if (v === 0) continue;
      let s = mix(v - 1) & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = v;
    }
  }
}

/** Low 32 bits of n, mixed (members may share low bits). */
function mix(n: number): number {
  let h = (n % 4294967296) ^ Math.floor(n / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
