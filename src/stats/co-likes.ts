// **Co-like neighbour statistics** for recommend-items (item-based collaborative filtering): for each item with at
// least two likers, its CO_LIKE_NEIGHBOURS items liked most often by the same accounts, as hkg:CoLikeNeighbour nodes
// (a fragment of the item's IRI) giving the neighbour and the co-like count. The query then walks user -> liked items
// -> their neighbours and sums co-likes / likes of the liked item, a bounded read per seed, instead of reading every
// other liker of the user's likes and all of their likes (seconds per user on a Hub-sized graph). Computed by the build
// and, from the likes it keeps, by the evaluation (src/stats/graph-statistics.ts), so no held-out like leaks through.

import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { DATA, OBJ } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { integerLiteral } from './literals.js';

/** Neighbours kept per item: what a seed contributes to the query, and 3 triples each in the dump. */
export const CO_LIKE_NEIGHBOURS = 10;
/** At most this many likers of one item are read (a sample, when it has more): a Hub item has up to 10^4-10^5. */
export const MAX_LIKERS_READ = 500;
/** At most this many likes of one liker are read (a sample, when they have more): a Hub account has up to 10^4. */
export const MAX_LIKES_READ = 200;

export interface CoLikeNeighbour {
  item: string;
  neighbour: string;
  /** Accounts that like both (estimated from the samples when the item or a liker was sampled, rounded). */
  coLikes: number;
}

/** A deterministic shuffle key for sampling (a 32-bit integer mix): the same ids give the same sample in every run. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2d);
  return (h ^ (h >>> 13)) >>> 0;
}

/** The `max` entries of `ids` with the smallest keys under `seed` (all of them when there are no more). */
function sampleIds(ids: number[], max: number, seed: number): number[] {
  if (ids.length <= max) return ids;
  return ids
    .map((id) => ({ id, key: mix(seed, id) }))
    .sort((a, b) => a.key - b.key || a.id - b.id)
    .slice(0, max)
    .map((e) => e.id);
}

/** Collects hkg:likes edges in any order (accounts and items as small integers), then gives each item's neighbours. */
export class CoLikeCounter {
  private readonly itemIds = new Map<string, number>();
  private readonly items: string[] = [];
  private readonly userIds = new Map<string, number>();
  private readonly likeUsers: number[] = [];
  private readonly likeItems: number[] = [];

  addQuad(q: Quad): void {
    if (q.predicate.value !== OBJ.likes) return;
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') return;
    let user = this.userIds.get(q.subject.value);
    if (user === undefined) this.userIds.set(q.subject.value, (user = this.userIds.size));
    let item = this.itemIds.get(q.object.value);
    if (item === undefined) {
      this.itemIds.set(q.object.value, (item = this.items.length));
      this.items.push(q.object.value);
    }
    this.likeUsers.push(user);
    this.likeItems.push(item);
  }

  /** Each item's neighbours, most co-likes first (ties by IRI), items by IRI. */
  neighbours(): CoLikeNeighbour[] {
    const likersOf: number[][] = this.items.map(() => []);
    const likesOf: number[][] = Array.from({ length: this.userIds.size }, () => []);
    // a repeated edge counts once
    const seen = new Set<string>();
    for (let i = 0; i < this.likeUsers.length; i++) {
      const u = this.likeUsers[i]!;
      const it = this.likeItems[i]!;
      const key = `${u} ${it}`;
      if (seen.has(key)) continue;
      seen.add(key);
      likersOf[it]!.push(u);
      likesOf[u]!.push(it);
    }
    seen.clear();
    // each liker's sampled likes, and the weight of one of them: the likes it stands for
    const sampledLikes = likesOf.map((likes, u) => sampleIds(likes, MAX_LIKES_READ, u));
    const out: CoLikeNeighbour[] = [];
    const order = this.items.map((_, i) => i).sort((a, b) => (this.items[a]! < this.items[b]! ? -1 : 1));
    const counts = new Map<number, number>();
    for (const item of order) {
      const likers = likersOf[item]!;
      // an item with one liker has no one to share it with: whoever likes it is that liker
      if (likers.length < 2) continue;
      const sampled = sampleIds(likers, MAX_LIKERS_READ, item);
      const itemScale = likers.length / sampled.length;
      counts.clear();
      for (const u of sampled) {
        const likes = sampledLikes[u]!;
        const w = (itemScale * likesOf[u]!.length) / likes.length;
        for (const other of likes) if (other !== item) counts.set(other, (counts.get(other) ?? 0) + w);
      }
      // a bounded selection, not a sort: a popular item's likers like 10^4-10^5 other items
      const before = (a: [number, number], b: [number, number]) =>
        a[1] > b[1] || (a[1] === b[1] && this.items[a[0]]! < this.items[b[0]]!);
      const top: Array<[number, number]> = [];
      for (const entry of counts) {
        if (top.length === CO_LIKE_NEIGHBOURS && !before(entry, top[top.length - 1]!)) continue;
        let i = top.length;
        while (i > 0 && before(entry, top[i - 1]!)) i--;
        top.splice(i, 0, entry);
        if (top.length > CO_LIKE_NEIGHBOURS) top.pop();
      }
      for (const [other, n] of top)
        out.push({ item: this.items[item]!, neighbour: this.items[other]!, coLikes: Math.max(1, Math.round(n)) });
    }
    return out;
  }

  quads(): Quad[] {
    const { namedNode, quad } = DataFactory;
    const out: Quad[] = [];
    let previous = '';
    let rank = 0;
    for (const n of this.neighbours()) {
      rank = n.item === previous ? rank + 1 : 1;
      previous = n.item;
      const node = namedNode(coLikeNode(n.item, rank));
      out.push(
        quad(namedNode(n.item), namedNode(OBJ.coLikeNeighbour), node),
        quad(node, namedNode(OBJ.coLikedItem), namedNode(n.neighbour)),
        quad(node, namedNode(DATA.coLikes), integerLiteral(n.coLikes)),
      );
    }
    return out;
  }
}

/** The node of an item's rank-th neighbour: a fragment of the item's IRI. */
export function coLikeNode(item: string, rank: number): string {
  return `${item}#co-like-${rank}`;
}

const STAT_LINE = new RegExp(
  `^<[^>]*> <(?:${[OBJ.coLikeNeighbour, OBJ.coLikedItem, DATA.coLikes].map(escapeRegExp).join('|')})> `,
);

/** Whether an N-Triples line of a dump is a co-like statistic (dropped when the statistics are recomputed). */
export function isCoLikeLine(line: string): boolean {
  return STAT_LINE.test(line);
}
