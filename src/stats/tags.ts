// **Tag-task statistics**: for each tag (a schema:keywords or hkg:library value) and task, how many tasked entities
// carry
// the tag and how many of them have the task, as hkg:TagTaskStatistic nodes (a fragment of the task's IRI), so that
// classify-task reads a tag's task profile with one lookup instead of walking every carrier of a common tag. Computed
// by
// the build over the whole graph and by the evaluation over its training graph (held-out task edges removed), both
// through src/stats/graph-statistics.ts.

import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { encodeSegment } from '../iri.js';
import { CLASS, DATA, OBJ, STD } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { IntLists } from '../util/int-lists.js';
import { KeyTable } from '../util/key-table.js';
import { GraphEntities } from './entities.js';
import { integerLiteral } from './literals.js';
import { byString } from '../util/compare.js';

/** The predicates whose values count as an entity's tags. */
export const TAG_PREDICATES: ReadonlySet<string> = new Set([STD.keywords, DATA.library]);

/**
 * The statistic node's predicates: a dump line with one of them (or typing a node hkg:TagTaskStatistic) is a statistic.
 */
const STAT_PREDICATES = [DATA.tagValue, OBJ.forTask, DATA.taggedCount, DATA.tagCarriers];

export interface TagTaskStat {
  tag: string;
  task: string;
  /** Tasked entities carrying the tag and having the task. */
  tagged: number;
  /** Tasked entities carrying the tag. */
  carriers: number;
}

/**
 * Collects entities' tags in any order (a task edge may come before or after the entity's tags); the tasks are the
 * shared entities' (given, as GraphStatistics does, or collected from the quads fed here).
 */
export class TagTaskCounter {
  private readonly entities: GraphEntities;
  private readonly ownsEntities: boolean;
  /** Tag values -> tag numbers; entity ordinal -> its tags' numbers. */
  private readonly tagIds = new KeyTable();
  private readonly tags = new IntLists();
  private carrierCounts?: Map<number, number>;

  constructor(entities?: GraphEntities) {
    this.entities = entities ?? new GraphEntities();
    this.ownsEntities = !entities;
  }

  /** Feeds a quad: tag values and task edges of IRIs count, the rest is ignored. */
  addQuad(q: Quad): void {
    if (this.ownsEntities) this.entities.addQuad(q);
    if (q.subject.termType !== 'NamedNode') return;
    if (TAG_PREDICATES.has(q.predicate.value) && q.object.termType === 'Literal')
      this.tags.add(this.entities.id(q.subject.value), this.tagIds.add(q.object.value));
  }

  /**
   * The weight classify-task divides the entity's tag votes by: over its distinct tags that tasked entities carry (the
   * ones with statistics), the sum of 1 / carriers. Each tag votes with that weight, so a tag few carry says more than
   * one most entities carry (whose task profile is the prior's); 0 when no tag has statistics.
   */
  tagWeight(entity: number): number {
    const carriers = this.carriers();
    let sum = 0;
    this.tags.forEach(entity, (tag) => {
      const n = carriers.get(tag);
      if (n) sum += 1 / n;
    });
    return sum;
  }

  /** Tag number -> how many tasked entities carry it (computed once, after every quad was fed). */
  private carriers(): Map<number, number> {
    if (this.carrierCounts) return this.carrierCounts;
    const { tasks } = this.entities;
    const carriers = new Map<number, number>();
    for (let entity = 0; entity < this.tags.keyBound; entity++) {
      if (!this.tags.has(entity) || !tasks.has(entity)) continue;
      this.tags.forEach(entity, (tag) => carriers.set(tag, (carriers.get(tag) ?? 0) + 1));
    }
    this.carrierCounts = carriers;
    return carriers;
  }

  /** The statistics (each tag's TASKS_PER_VALUE most frequent tasks), sorted by tag then task (deterministic). */
  stats(): TagTaskStat[] {
    const { tasks } = this.entities;
    const carriers = this.carriers();
    const tagged = new Map<number, Map<string, number>>();
    for (let entity = 0; entity < this.tags.keyBound; entity++) {
      if (!this.tags.has(entity) || !tasks.has(entity)) continue;
      const entityTasks = tasks.get(entity).map((t) => this.entities.task(t));
      this.tags.forEach(entity, (tag) => {
        let byTask = tagged.get(tag);
        if (!byTask) tagged.set(tag, (byTask = new Map()));
        for (const task of entityTasks) byTask.set(task, (byTask.get(task) ?? 0) + 1);
      });
    }
    const out: TagTaskStat[] = [];
    const sorted = [...tagged.keys()].map((n) => ({ n, tag: this.tagIds.keyOf(n) }));
    sorted.sort((a, b) => byString(a.tag, b.tag));
    for (const { n, tag } of sorted) {
      const byTask = tagged.get(n)!;
      for (const task of topTasks(byTask))
        out.push({ tag, task, tagged: byTask.get(task)!, carriers: carriers.get(n)! });
    }
    return out;
  }

  quads(): Quad[] {
    return this.stats().flatMap(statQuads);
  }
}

/**
 * Tasks kept per tag (and per name word, per base task): the most frequent ones. classify-task reads every task of
 * each of an entity's tags, words and base tasks, and its cost grows with those rows (a common tag on a Hub-sized graph
 * has a count for nearly every task); a task few carriers of a tag have gives a share near 0 and decides nothing.
 */
export const TASKS_PER_VALUE = 5;

/** The TASKS_PER_VALUE tasks with the largest counts (ties by task IRI), in task IRI order. */
export function topTasks(byTask: ReadonlyMap<string, number>): string[] {
  return [...byTask.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, TASKS_PER_VALUE)
    .map(([task]) => task)
    .sort();
}

/** The node of one statistic: a fragment of the task's IRI, so it is deterministic and found from the task. */
export function statNode(tag: string, task: string): string {
  return `${task}#tag-${encodeSegment(tag)}`;
}

export function statQuads(s: TagTaskStat): Quad[] {
  return valueTaskStatQuads(statNode(s.tag, s.task), CLASS.TagTaskStatistic, DATA.tagValue, s.tag, s);
}

/**
 * The five triples of a value-task statistic node, as the tag, name-word and card-word statistics write them: its
 * class, the value (under the class's own predicate), the task, and the two counts.
 */
export function valueTaskStatQuads(
  node: string,
  type: string,
  valuePredicate: string,
  value: string,
  s: { task: string; tagged: number; carriers: number },
): Quad[] {
  const { namedNode, literal, quad } = DataFactory;
  const subject = namedNode(node);
  return [
    quad(subject, namedNode(STD.type), namedNode(type)),
    quad(subject, namedNode(valuePredicate), literal(value)),
    quad(subject, namedNode(OBJ.forTask), namedNode(s.task)),
    quad(subject, namedNode(DATA.taggedCount), integerLiteral(s.tagged)),
    quad(subject, namedNode(DATA.tagCarriers), integerLiteral(s.carriers)),
  ];
}

const STAT_LINE = new RegExp(
  `^<[^>]*> (?:<(?:${STAT_PREDICATES.map(escapeRegExp).join('|')})> ` +
    `|<${escapeRegExp(STD.type)}> <${escapeRegExp(CLASS.TagTaskStatistic)}> ` +
    `\\.$)`,
);

/** Whether an N-Triples line of a dump is part of a tag-task statistic (dropped when the statistics are recomputed). */
export function isStatLine(line: string): boolean {
  return STAT_LINE.test(line);
}
