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
import { IntColumn } from '../util/int-lists.js';
import { NumberSet } from '../util/number-set.js';
import { GraphEntities } from './entities.js';
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

/**
 * Collects hkg:likes edges in any order, then gives each item's neighbours. Accounts and items are numbered here in the
 * order the edges name them (the sampling mixes these numbers, so they are part of the output), each standing for an
 * entity ordinal of the shared IRI table.
 */
export class CoLikeCounter {
  private readonly entities: GraphEntities;
  /** Entity ordinal -> item / account number (-1: none); item number -> entity ordinal. */
  private readonly itemIds = new IntColumn(-1);
  private readonly items = new IntColumn();
  private readonly userIds = new IntColumn(-1);
  private users = 0;
  /** The edges: account and item numbers. */
  private readonly likeUsers = new IntColumn();
  private readonly likeItems = new IntColumn();

  /** `entities` interns the IRIs (GraphStatistics shares one; made here when not given). */
  constructor(entities?: GraphEntities) {
    this.entities = entities ?? new GraphEntities();
  }

  addQuad(q: Quad): void {
    if (q.predicate.value !== OBJ.likes) return;
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') return;
    const account = this.entities.id(q.subject.value);
    let user = this.userIds.get(account);
    if (user === -1) this.userIds.set(account, (user = this.users++));
    const entity = this.entities.id(q.object.value);
    let item = this.itemIds.get(entity);
    if (item === -1) {
      this.itemIds.set(entity, (item = this.items.length));
      this.items.push(entity);
    }
    this.likeUsers.push(user);
    this.likeItems.push(item);
  }

  /** Each item's neighbours, most co-likes first (ties by IRI), items by IRI. */
  neighbours(): CoLikeNeighbour[] {
    const iris = Array.from({ length: this.items.length }, (_, i) => this.entities.iri(this.items.get(i)));
    const likersOf: number[][] = iris.map(() => []);
    const likesOf: number[][] = Array.from({ length: this.users }, () => []);
    // a repeated edge counts once
    const seen = new NumberSet();
    for (let i = 0; i < this.likeUsers.length; i++) {
      const u = this.likeUsers.get(i);
      const it = this.likeItems.get(i);
      if (!seen.add(u * iris.length + it)) continue;
      likersOf[it]!.push(u);
      likesOf[u]!.push(it);
    }
    // each liker's sampled likes, and the weight of one of them: the likes it stands for
    const sampledLikes = likesOf.map((likes, u) => sampleIds(likes, MAX_LIKES_READ, u));
    const out: CoLikeNeighbour[] = [];
    const order = iris.map((_, i) => i).sort((a, b) => (iris[a]! < iris[b]! ? -1 : 1));
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
        a[1] > b[1] || (a[1] === b[1] && iris[a[0]]! < iris[b[0]]!);
      const top: Array<[number, number]> = [];
      for (const entry of counts) {
        if (top.length === CO_LIKE_NEIGHBOURS && !before(entry, top[top.length - 1]!)) continue;
        let i = top.length;
        while (i > 0 && before(entry, top[i - 1]!)) i--;
        top.splice(i, 0, entry);
        if (top.length > CO_LIKE_NEIGHBOURS) top.pop();
      }
      for (const [other, n] of top)
        out.push({ item: iris[item]!, neighbour: iris[other]!, coLikes: Math.max(1, Math.round(n)) });
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
