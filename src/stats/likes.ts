// **Like-rank statistics** for recommend-items: the graph's most-liked items (by hkg:likeCount) get hkg:likeRank
// 1..100, so that the query can offer them as candidates to every user (its popularity fallback for users with few
// likes) with a bounded lookup instead of ordering every item of a Hub-sized graph by its likes. Computed by the build
// and, from the like counts it keeps (held-out likes taken off), by the evaluation (src/stats/graph-statistics.ts).

import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { DATA } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { integerLiteral } from './literals.js';

/** How many of the most-liked items are ranked. */
export const RANKED_ITEMS = 100;

/** Collects items' like counts, then ranks the most liked (ties by IRI; items without likes are never ranked). */
export class LikeRankCounter {
  private readonly counts = new Map<string, number>();

  addQuad(q: Quad): void {
    if (q.predicate.value !== DATA.likeCount) return;
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'Literal') return;
    const n = Number(q.object.value);
    if (Number.isFinite(n) && n > 0) this.counts.set(q.subject.value, n);
  }

  /** The ranked items, most liked first. */
  ranked(): Array<{ item: string; likes: number }> {
    // a bounded selection, not a sort of every item: a Hub-sized graph has millions
    const top: Array<{ item: string; likes: number }> = [];
    const before = (a: { item: string; likes: number }, b: { item: string; likes: number }) =>
      a.likes > b.likes || (a.likes === b.likes && a.item < b.item);
    for (const [item, likes] of this.counts) {
      const entry = { item, likes };
      if (top.length === RANKED_ITEMS && !before(entry, top[top.length - 1]!)) continue;
      let i = top.length;
      while (i > 0 && before(entry, top[i - 1]!)) i--;
      top.splice(i, 0, entry);
      if (top.length > RANKED_ITEMS) top.pop();
    }
    return top;
  }

  quads(): Quad[] {
    const { namedNode, quad } = DataFactory;
    return this.ranked().map(({ item }, i) => quad(namedNode(item), namedNode(DATA.likeRank), integerLiteral(i + 1)));
  }
}

const STAT_LINE = new RegExp(`^<[^>]*> <${escapeRegExp(DATA.likeRank)}> `);

/** Whether an N-Triples line of a dump is a like rank (dropped when the statistics are recomputed). */
export function isLikeRankLine(line: string): boolean {
  return STAT_LINE.test(line);
}
