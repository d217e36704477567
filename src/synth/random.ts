// **random** is the one seeded PRNG of the synthetic generators and the evaluation splits (mulberry32) with the draws
// they need. Same seed, same sequence, on every machine: their outputs are reproducible byte for byte.

/** mulberry32: a tiny 32-bit PRNG, good enough for synthetic data and fast in JS. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    // A zero state would make the first draws poor; any other seed is used as is.
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick: the list to pick from is empty');
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Standard normal (Box–Muller). */
  gauss(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Log-normal with the given median and log-space sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.gauss());
  }
  /** Geometric count >= 0 with the given mean (0 when mean <= 0). */
  geometric(mean: number): number {
    if (mean <= 0) return 0;
    const p = 1 / (mean + 1);
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }
  /** Zipf-like rank in [0, n) with exponent s (rank 0 most likely); O(1) via the continuous power-law inverse CDF. */
  zipf(n: number, s = 1): number {
    if (n <= 1) return 0;
    const u = this.next();
    let x: number;
    if (Math.abs(s - 1) < 1e-9) x = Math.exp(u * Math.log(n + 1));
    else {
      const a = 1 - s;
      x = Math.pow(u * (Math.pow(n + 1, a) - 1) + 1, 1 / a);
    }
    return Math.min(n - 1, Math.max(0, Math.floor(x) - 1));
  }
  /** 24 hex digits, the shape of a Hub `_id`. */
  objectId(): string {
    let s = '';
    for (let i = 0; i < 3; i++) s += (Math.floor(this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    return s;
  }

  /** A count with a heavy tail: geometric-like around `mean`, occasionally much larger. */
  heavyCount(mean: number, max: number): number {
    const u = Math.max(this.next(), 1e-9);
    return Math.min(max, Math.floor(-Math.log(u) * mean * (this.chance(0.05) ? 4 : 1)));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!]; // 0 <= j <= i < length
    }
    return items;
  }
}
