// **hubscale-random** holds the seeded randomness of the scale generator: integer hashing, a small PRNG, a random
// bijection of [0, n) and heavy-tailed samplers. Everything is derived from (seed, stream, index) so any record's
// choices can be recomputed anywhere without stored lists, and the same seed always yields the same bytes.

import { Rng } from './random.js';

export { Rng };

/** murmur3's 32-bit finaliser: a cheap, well-mixing integer hash. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hash of a sequence of integers (seed, stream id, index, ...), order-sensitive. */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    // Split into two 32-bit halves so indices above 2^32 (not expected, but cheap) still mix.
    h = mix32(h ^ (v >>> 0));
    h = mix32(h ^ Math.floor(v / 4294967296));
  }
  return h;
}

/** Stable numeric id of a named stream ("model.lineage", ...), so streams never share random numbers. */
export function streamId(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The PRNG for one record's choices in one stream. */
export function rngFor(seed: number, stream: number, index: number): Rng {
  return new Rng(hashInts(seed, stream, index));
}

/**
 * A random bijection of [0, n), computable per element in O(1): a 4-round Feistel network over the next power of
 * four, with cycle-walking back into range. Used to pick "exactly q of n" (perm(i) < q) without any stored list.
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly mask: number;
  private readonly keys: number[];
  constructor(
    readonly n: number,
    seed: number,
  ) {
    let bits = 2;
    while (2 ** bits < n) bits += 2;
    this.halfBits = bits / 2;
    this.mask = (1 << this.halfBits) - 1;
    this.keys = [0, 1, 2, 3].map((r) => hashInts(seed, r, n));
  }
  apply(i: number): number {
    if (this.n <= 1) return i;
    let x = i;
    do x = this.round(x);
    while (x >= this.n);
    return x;
  }
  private round(x: number): number {
    let l = (x >>> this.halfBits) & this.mask;
    let r = x & this.mask;
    for (const k of this.keys) {
      const t = l ^ (mix32(r ^ k) & this.mask);
      l = r;
      r = t;
    }
    return ((l << this.halfBits) | r) >>> 0;
  }
}

/**
 * Draws `count` distinct values in [0, n) from `draw` (e.g. a Zipf sampler), so a record never names the same target
 * twice (the graph would fold duplicates and the edge counts would fall short). When the sampler keeps repeating
 * (count close to n), the rest is filled by probing upward from a random start.
 */
export function distinctSample(count: number, n: number, rng: Rng, draw: () => number, exclude = -1): number[] {
  const want = Math.min(count, exclude >= 0 && exclude < n ? n - 1 : n);
  const seen = new Set<number>();
  const out: number[] = [];
  let attempts = 0;
  const limit = 4 * want + 32;
  while (out.length < want && attempts < limit) {
    attempts++;
    const v = draw();
    if (v === exclude || seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  let probe = rng.int(n);
  while (out.length < want) {
    if (probe !== exclude && !seen.has(probe)) {
      seen.add(probe);
      out.push(probe);
    }
    probe = (probe + 1) % n;
  }
  return out;
}

/**
 * Spreads exactly `total` units over items 0..n-1 in proportion to weights, in one streaming pass: systematic
 * sampling with one random offset, so the sum is exact, every item's count is floor or ceil of its expected share,
 * and heavy weights give heavy counts. `weight(i)` must be pure; `sumWeights` is precomputed once (O(n), no storage).
 */
export class Apportioner {
  private cum = 0;
  private prevFloor: number;
  private readonly offset: number;
  private readonly scale: number;
  constructor(
    readonly total: number,
    sumWeights: number,
    rng: Rng,
  ) {
    this.offset = rng.next();
    this.prevFloor = Math.floor(this.offset);
    this.scale = sumWeights > 0 ? total / sumWeights : 0;
  }
  /** The count for the next item, whose weight is w; call once per item in order. */
  take(w: number): number {
    this.cum += w;
    const cur = Math.floor(Math.min(this.total, this.cum * this.scale) + this.offset);
    const d = cur - this.prevFloor;
    this.prevFloor = cur;
    return d;
  }
}

/**
 * Hands out exactly `total` units to `sources` chosen sources met in order (each gets >= 1), with a geometric
 * spread around the running mean and a per-source cap; the last source takes the rest (up to its cap).
 */
export class DegreeBudget {
  private left: number;
  private sourcesLeft: number;
  constructor(total: number, sources: number) {
    this.sourcesLeft = Math.max(0, sources);
    this.left = this.sourcesLeft === 0 ? 0 : Math.max(total, this.sourcesLeft);
  }
  take(rng: Rng, cap: number): number {
    if (this.sourcesLeft <= 0 || this.left <= 0) return 0;
    const extraLeft = this.left - this.sourcesLeft;
    let d: number;
    if (this.sourcesLeft === 1) d = 1 + extraLeft;
    else d = 1 + Math.min(extraLeft, rng.geometric(extraLeft / this.sourcesLeft));
    d = Math.max(1, Math.min(d, cap, this.left - (this.sourcesLeft - 1)));
    this.left -= d;
    this.sourcesLeft--;
    return d;
  }
}

/** Picks one of several categories with remaining quotas, so each category's final count is exact. */
export function pickByQuota(rng: Rng, quotas: number[]): number {
  let sum = 0;
  for (const q of quotas) sum += q;
  if (sum <= 0) return -1;
  let r = rng.next() * sum;
  for (let k = 0; k < quotas.length; k++) {
    const q = quotas[k]!;
    if (r < q) return k;
    r -= q;
  }
  return quotas.length - 1;
}
