// **Like-rank statistics** for recommend-items: the graph's most-liked items (by hkg:likeCount) get hkg:likeRank
// 1..100, so that the query can offer them as candidates to every user (its popularity fallback for users with few
// likes) with a bounded lookup instead of ordering every item of a Hub-sized graph by its likes. Computed by the build
// and, from the like counts it keeps (held-out likes taken off), by the evaluation (src/stats/graph-statistics.ts).

import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { DATA } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { grownToHold } from '../util/int-lists.js';
import { GraphEntities } from './entities.js';
import { integerLiteral } from './literals.js';

/** How many of the most-liked items are ranked. */
export const RANKED_ITEMS = 100;

/** Collects items' like counts, then ranks the most liked (ties by IRI; items without likes are never ranked). */
export class LikeRankCounter {
  private readonly entities: GraphEntities;
  /** Entity ordinal -> its like count (0: none, or not a positive count). */
  private counts = new Float64Array(1024);

  /** `entities` interns the items' IRIs (GraphStatistics shares one; made here when not given). */
  constructor(entities?: GraphEntities) {
    this.entities = entities ?? new GraphEntities();
  }

  addQuad(q: Quad): void {
    if (q.predicate.value !== DATA.likeCount) return;
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'Literal') return;
    const n = Number(q.object.value);
    if (!(Number.isFinite(n) && n > 0)) return;
    const id = this.entities.id(q.subject.value);
    this.counts = grownToHold(this.counts, id);
    this.counts[id] = n;
  }

  /** The ranked items, most liked first. */
  ranked(): Array<{ item: string; likes: number }> {
    // a bounded selection, not a sort of every item: a Hub-sized graph has millions
    const top: Array<{ item: string; likes: number }> = [];
    this.counts.forEach((likes, id) => {
      if (likes === 0) return;
      // the IRI is read only to break a tie
      let item: string | undefined;
      const iri = () => (item ??= this.entities.iri(id));
      const before = (b: { item: string; likes: number }) => likes > b.likes || (likes === b.likes && iri() < b.item);
      if (top.length === RANKED_ITEMS && !before(top[top.length - 1]!)) return;
      let i = top.length;
      while (i > 0 && before(top[i - 1]!)) i--;
      top.splice(i, 0, { item: iri(), likes });
      if (top.length > RANKED_ITEMS) top.pop();
    });
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
