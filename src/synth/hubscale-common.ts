// **hubscale-common** is what every generator pass shares: the pass context (world, writers, progress), Hub-style
// dates, and popularity weights (Zipf by index with log-normal jitter) that drive heavy-tailed in-degrees.

import { Apportioner, rngFor, streamId, type Rng } from './hubscale-random.js';
import type { HubWorld } from './hubscale-world.js';
import type { JsonlWriter } from './hubscale-writer.js';

export const SNAPSHOT_FILE_NAMES = [
  'tasks',
  'organizations',
  'users',
  'members',
  'follows',
  'collections',
  'models',
  'datasets',
  'spaces',
  'papers',
  'likes',
] as const;
export type SynthFile = (typeof SNAPSHOT_FILE_NAMES)[number];

export interface PassContext {
  world: HubWorld;
  seed: number;
  out: Record<SynthFile, JsonlWriter>;
  /** Write README text (`readme`) on repositories with a card. */
  readme: boolean;
  /** Report records written (progress). */
  tick(records: number): void;
}

/** The snapshot date of HuggingKG's crawl; synthetic dates fall before it. */
export const SNAPSHOT_DATE = Date.UTC(2024, 11, 15);
const HUB_START = Date.UTC(2019, 0, 1);
const DAY = 86_400_000;

/**
 * createdAt / lastModified for item `index` of `n`: earlier indices (the popular ones) are older, as on the Hub,
 * with a month of jitter; the last edit follows creation by an exponential delay.
 */
export function hubDates(rng: Rng, index: number, n: number): { createdAt: string; lastModified: string } {
  const span = SNAPSHOT_DATE - HUB_START - 60 * DAY;
  const created = Math.min(SNAPSHOT_DATE - DAY, HUB_START + (index / Math.max(1, n)) * span + rng.next() * 30 * DAY);
  const modified = Math.min(SNAPSHOT_DATE, created + rng.geometric(90) * DAY + rng.int(DAY));
  const iso = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString();
  return { createdAt: iso(created), lastModified: iso(modified) };
}

/** Popularity weight of item i in a stream: ~1/(i+1)^s, jittered so neighbours differ. Pure in (seed, stream, i). */
export function popularity(seed: number, stream: number, i: number, s: number): number {
  return Math.pow(i + 1, -s) * Math.exp(0.6 * rngFor(seed, stream, i).gauss());
}

/**
 * In-degrees for items 0..n-1 of one relation (likes of models, followers of users, ...), exact in total,
 * proportional to popularity: a few items get 10^4-10^5, most get none. Call `next()` once per item in order.
 */
export class InDegrees {
  private readonly apportioner: Apportioner;
  private readonly stream: number;
  private i = 0;
  constructor(
    private readonly seed: number,
    name: string,
    n: number,
    total: number,
    private readonly s = 1,
  ) {
    this.stream = streamId(name);
    let sum = 0;
    for (let k = 0; k < n; k++) sum += popularity(seed, this.stream, k, s);
    this.apportioner = new Apportioner(total, sum, rngFor(seed, this.stream, -1 >>> 0));
  }
  next(): number {
    return this.apportioner.take(popularity(this.seed, this.stream, this.i++, this.s));
  }
}

export const LICENSES = [
  'apache-2.0',
  'mit',
  'cc-by-4.0',
  'cc-by-nc-4.0',
  'llama3',
  'openrail',
  'gpl-3.0',
  'cc-by-sa-4.0',
  'bsd-3-clause',
  'other',
];
export const LANGUAGES = ['en', 'zh', 'fr', 'de', 'es', 'ja', 'ko', 'ru', 'ar', 'hi'];
