// **Neighbour counts** for classify-task: per model and dataset, how many neighbours of each kind its signals divide
// their votes by (its tags' weight, the sum of 1 / carriers over them; the name words that have statistics, its bases,
// their bases, its bases' tasks, its siblings, the datasets it was trained on, the models trained on it, the models
// trained on its datasets, its publisher's other tasked works). classify-task used to count each in a subquery of its
// own; on Virtuoso, which compiles every query afresh, those ten subqueries were a third of the query's time at Hub
// size (80 -> 54 ms p50 with the counts read as triples, bench/queries-results.md). Written only when the count is at
// least 1 (a signal with no neighbours says nothing) and, for the bounded signals, at most NEIGHBOUR_LIMIT (past it the
// query leaves the signal out, as it did when it counted). Computed by the build over the whole graph and by the
// evaluation over its training graph (src/stats/graph-statistics.ts), so that a held-out edge is not counted.

import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { DATA, OBJ } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { IntLists } from '../util/int-lists.js';
import type { GraphEntities } from './entities.js';
import { doubleLiteral, integerLiteral } from './literals.js';
import { byString } from '../util/compare.js';

/** classify-task's "at most 1,000": the bounded signals (trainees, co-trainees, co-published) count up to this many. */
export const NEIGHBOUR_LIMIT = 1000;
/** classify-task's sibling signal reads the bases with at most this many derivatives (the model itself included). */
export const SIBLING_BASE_LIMIT = 101;

/** What the tag-task statistic already collects, read here instead of being collected twice. */
export interface TagWeightSource {
  /** The sum of 1 / carriers over the entity's tags that tasked entities carry (src/stats/tags.ts). */
  tagWeight(entity: number): number;
}

/** What the name-token statistic already collects. */
export interface NameWordSource {
  /** How many of the entity's name words have statistics (src/stats/name-tokens.ts). */
  nameWordCount(entity: number): number;
}

/**
 * The distinct members of `groups` other than `self`, counted up to `limit + 1` (more is "too many" to the query). A
 * group of more than limit + 1 decides it at once; one group is counted without a set (its members are distinct).
 */
function othersIn(groups: ReadonlyArray<readonly number[]>, self: number, limit: number): number {
  if (groups.some((group) => group.length > limit + 1)) return limit + 1;
  if (groups.length === 1) return groups[0]!.length - (groups[0]!.includes(self) ? 1 : 0);
  const seen = new Set<number>();
  for (const group of groups) {
    for (const member of group) {
      if (member !== self) seen.add(member);
      if (seen.size > limit) return seen.size;
    }
  }
  return seen.size;
}

/**
 * Collects training and publishing links (entity ordinals of the shared entities, which give the kinds, tasks and
 * bases; tags and name words come from their statistics), then gives the counts.
 */
export class NeighbourCounter {
  private readonly trainedOn = new IntLists();
  private readonly publishedBy = new IntLists();

  constructor(
    private readonly entities: GraphEntities,
    private readonly tags: TagWeightSource,
    private readonly names: NameWordSource,
  ) {}

  addQuad(q: Quad): void {
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') return;
    const p = q.predicate.value;
    if (p === OBJ.trainedOn) this.trainedOn.add(this.entities.id(q.subject.value), this.entities.id(q.object.value));
    else if (p === OBJ.publishedBy)
      this.publishedBy.add(this.entities.id(q.subject.value), this.entities.id(q.object.value));
  }

  /** Each model's and dataset's counts, by entity IRI (sorted), as [predicate, count] pairs (counts of 0 left out). */
  *counts(): Generator<[string, Array<[string, number]>]> {
    const { entities } = this;
    const { tasks, bases } = entities;
    const derivatives = invert(bases);
    const trainees = invert(this.trainedOn);
    const taskedWorks = new Map<number, number[]>();
    for (let work = 0; work < this.publishedBy.keyBound; work++) {
      if (!this.publishedBy.has(work) || !tasks.has(work)) continue;
      for (const agent of this.publishedBy.get(work)) {
        (taskedWorks.get(agent) ?? taskedWorks.set(agent, []).get(agent)!).push(work);
      }
    }
    const kinded: Array<{ entity: number; iri: string }> = [];
    for (let entity = 0; entity < entities.size; entity++)
      if (entities.kind(entity)) kinded.push({ entity, iri: entities.iri(entity) });
    kinded.sort((a, b) => byString(a.iri, b.iri));
    for (const { entity, iri } of kinded) {
      const myBases = bases.get(entity);
      const grandBases = new Set(myBases.flatMap((b) => bases.get(b)));
      const baseTasks = new Set(myBases.flatMap((b) => tasks.get(b)));
      const siblingGroups = myBases
        .map((b) => derivatives.get(b) ?? [])
        .filter((group) => group.length <= SIBLING_BASE_LIMIT);
      const datasets = this.trainedOn.get(entity);
      const out: Array<[string, number]> = [
        [DATA.tagWeight, this.tags.tagWeight(entity)],
        [DATA.nameWordCount, this.names.nameWordCount(entity)],
        [DATA.baseCount, myBases.length],
        [DATA.grandBaseCount, grandBases.size],
        [DATA.baseTaskCount, baseTasks.size],
        [DATA.siblingCount, othersIn(siblingGroups, entity, Number.POSITIVE_INFINITY)],
        [DATA.trainingSetCount, datasets.length],
        [DATA.traineeCount, bounded(trainees.get(entity)?.length ?? 0)],
        [
          DATA.coTraineeCount,
          bounded(
            othersIn(
              datasets.map((d) => trainees.get(d) ?? []),
              entity,
              NEIGHBOUR_LIMIT,
            ),
          ),
        ],
        [
          DATA.coPublishedTaskedCount,
          bounded(
            othersIn(
              this.publishedBy.get(entity).map((a) => taskedWorks.get(a) ?? []),
              entity,
              NEIGHBOUR_LIMIT,
            ),
          ),
        ],
      ];
      const kept = out.filter(([, n]) => n > 0);
      if (kept.length > 0) yield [iri, kept];
    }
  }

  *quads(): Generator<Quad> {
    const { namedNode, quad } = DataFactory;
    for (const [entity, counts] of this.counts()) {
      const s = namedNode(entity);
      // the tag weight is a sum of fractions; the rest are counts
      for (const [p, n] of counts)
        yield quad(s, namedNode(p), p === DATA.tagWeight ? doubleLiteral(n) : integerLiteral(n));
    }
  }
}

/** A count past NEIGHBOUR_LIMIT as 0: not written, so that the query leaves the signal out. */
function bounded(n: number): number {
  return n > NEIGHBOUR_LIMIT ? 0 : n;
}

/** key -> values as value -> keys. */
function invert(lists: IntLists): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let key = 0; key < lists.keyBound; key++) {
    lists.forEach(key, (v) => (out.get(v) ?? out.set(v, []).get(v)!).push(key));
  }
  return out;
}

/** The predicates these counts read besides the other statistics' (a dump line with one of them feeds them). */
export const NEIGHBOUR_INPUT_PREDICATES: readonly string[] = [OBJ.trainedOn, OBJ.publishedBy];

export const NEIGHBOUR_COUNT_PREDICATES: readonly string[] = [
  DATA.tagWeight,
  DATA.nameWordCount,
  DATA.baseCount,
  DATA.grandBaseCount,
  DATA.baseTaskCount,
  DATA.siblingCount,
  DATA.trainingSetCount,
  DATA.traineeCount,
  DATA.coTraineeCount,
  DATA.coPublishedTaskedCount,
];

/** hkg:tagCount, the tag divisor statistics versions 2 to 5 wrote: a line of it in an older dump is a count too. */
const FORMER_COUNT_PREDICATES: readonly string[] = [DATA.tagCount];

const COUNT_LINE = new RegExp(
  `^<[^>]*> <(?:${[...NEIGHBOUR_COUNT_PREDICATES, ...FORMER_COUNT_PREDICATES].map(escapeRegExp).join('|')})> `,
);

/** Whether an N-Triples line of a dump is a neighbour count (dropped when the statistics are recomputed). */
export function isNeighbourCountLine(line: string): boolean {
  return COUNT_LINE.test(line);
}
