// **Name-token and task-prior statistics** for classify-task: for each word of entity names (the Hub id after its "/",
// split where a lower-case letter meets a capital, lower-cased, split at anything but a-z and 0-9) and task, how many
// tasked models and datasets have the word in their name and how many of them have the task (hkg:NameTokenTaskStatistic
// nodes, a fragment of the task's IRI); and, on each task, how many models and how many datasets have it
// (hkg:taskedModelCount / hkg:taskedDatasetCount) and that count's share of all tasks' counts (hkg:taskedModelShare /
// hkg:taskedDatasetShare: the prior that classify-task falls back to). A name says much about a task on the real Hub
// ("…-ner", "…-squad", "whisper-…", "…-sentiment"), and SPARQL cannot count a word's carriers per query at Hub scale;
// so the build counts them once, and the evaluation recomputes them from its training graph
// (src/stats/graph-statistics.ts).

import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { encodeSegment } from '../iri.js';
import { CLASS, DATA, OBJ, STD } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { TextColumn } from '../util/text-column.js';
import { GraphEntities } from './entities.js';
import { topTasks, valueTaskStatQuads } from './tags.js';
import { doubleLiteral, integerLiteral } from './literals.js';

/** Words of a name read, in order (classify-task splits the same number out of a name). */
export const NAME_TOKENS = 8;
/** A word counts only when at least this many tasked entities carry it: rarer words say little and would bloat the
 * graph (at Hub scale most names hold a word of their own). */
export const MIN_TOKEN_CARRIERS = 2;

/**
 * The words of a Hub id's name that classify-task looks up: the part after the last "/", split where a lower-case
 * letter meets a capital ("myChatLLM", "TweetSpamDetector": camelCase names), lower-cased, split at every
 * run of characters other than a-z and 0-9; the first NAME_TOKENS words, then those of at least two characters that are
 * not all digits (a version or a size says nothing about a task), each once. queries/classify-task.rq does the same in
 * SPARQL.
 */
export function nameTokens(hubId: string): string[] {
  const name = hubId
    .slice(hubId.lastIndexOf('/') + 1)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const words = name
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .slice(0, NAME_TOKENS);
  return [...new Set(words.filter((w) => w.length >= 2 && !/^[0-9]+$/.test(w)))];
}

export interface NameTokenTaskStat {
  token: string;
  task: string;
  /** Tasked entities whose name has the word and that have the task. */
  tagged: number;
  /** Tasked entities whose name has the word. */
  carriers: number;
}

/**
 * Collects entities' Hub ids in any order, then gives the statistics; kinds and tasks are the shared entities' (given,
 * as GraphStatistics does, or collected from the quads fed here).
 */
export class NameTokenCounter {
  private readonly entities: GraphEntities;
  private readonly ownsEntities: boolean;
  /** Entity ordinal -> its Hub id (the last one given). */
  private readonly ids = new TextColumn();

  constructor(entities?: GraphEntities) {
    this.entities = entities ?? new GraphEntities();
    this.ownsEntities = !entities;
  }

  addQuad(q: Quad): void {
    if (this.ownsEntities) this.entities.addQuad(q);
    if (q.subject.termType === 'NamedNode' && q.predicate.value === DATA.hubId && q.object.termType === 'Literal')
      this.ids.set(this.entities.id(q.subject.value), q.object.value);
  }

  /** Per task, how many models and datasets have it (sorted by task). */
  priors(): Array<{ task: string; models: number; datasets: number }> {
    const { tasks } = this.entities;
    const counts = new Map<string, { models: number; datasets: number }>();
    for (let entity = 0; entity < tasks.keyBound; entity++) {
      const kind = this.entities.kind(entity);
      if (!kind || !tasks.has(entity)) continue;
      tasks.forEach(entity, (t) => {
        const task = this.entities.task(t);
        const c = counts.get(task) ?? { models: 0, datasets: 0 };
        if (kind === 'model') c.models++;
        else c.datasets++;
        counts.set(task, c);
      });
    }
    return [...counts.keys()].sort().map((task) => ({ task, ...counts.get(task)! }));
  }

  /** The words that get statistics, kept from stats() (the build writes those first), so that nameWordCount() does
   * not count every name again. */
  private wordsWithStatistics?: ReadonlySet<string>;

  /** How many words of the entity's name have statistics (classify-task divides the name signal by it). */
  nameWordCount(entity: number): number {
    const id = this.ids.get(entity);
    if (id === undefined) return 0;
    if (!this.wordsWithStatistics) this.stats();
    const words = this.wordsWithStatistics!;
    return nameTokens(id).filter((t) => words.has(t)).length;
  }

  /** The word-task statistics of words with at least MIN_TOKEN_CARRIERS carriers (each word's TASKS_PER_VALUE most
   * frequent tasks), sorted by word then task. */
  stats(): NameTokenTaskStat[] {
    const { tasks } = this.entities;
    const carriers = new Map<string, number>();
    const tagged = new Map<string, Map<string, number>>();
    for (let entity = 0; entity < tasks.keyBound; entity++) {
      if (!tasks.has(entity) || !this.entities.kind(entity)) continue;
      const id = this.ids.get(entity);
      if (id === undefined) continue;
      const entityTasks = tasks.get(entity).map((t) => this.entities.task(t));
      for (const token of nameTokens(id)) {
        carriers.set(token, (carriers.get(token) ?? 0) + 1);
        let byTask = tagged.get(token);
        if (!byTask) tagged.set(token, (byTask = new Map()));
        for (const task of entityTasks) byTask.set(task, (byTask.get(task) ?? 0) + 1);
      }
    }
    const out: NameTokenTaskStat[] = [];
    for (const token of [...tagged.keys()].sort()) {
      if (carriers.get(token)! < MIN_TOKEN_CARRIERS) continue;
      const byTask = tagged.get(token)!;
      for (const task of topTasks(byTask)) {
        out.push({ token, task, tagged: byTask.get(task)!, carriers: carriers.get(token)! });
      }
    }
    this.wordsWithStatistics = new Set(out.map((s) => s.token));
    return out;
  }

  quads(): Quad[] {
    const { namedNode, quad } = DataFactory;
    const out: Quad[] = [];
    // the shares divide by the sum over tasks (an entity with two tasks counts for both), as the counts' prior did
    const priors = this.priors();
    const modelSum = priors.reduce((sum, p) => sum + p.models, 0);
    const datasetSum = priors.reduce((sum, p) => sum + p.datasets, 0);
    for (const p of priors) {
      const task = namedNode(p.task);
      if (p.models > 0) {
        out.push(quad(task, namedNode(DATA.taskedModelCount), integerLiteral(p.models)));
        out.push(quad(task, namedNode(DATA.taskedModelShare), doubleLiteral(p.models / modelSum)));
      }
      if (p.datasets > 0) {
        out.push(quad(task, namedNode(DATA.taskedDatasetCount), integerLiteral(p.datasets)));
        out.push(quad(task, namedNode(DATA.taskedDatasetShare), doubleLiteral(p.datasets / datasetSum)));
      }
    }
    for (const s of this.stats()) {
      const node = tokenStatNode(s.token, s.task);
      out.push(...valueTaskStatQuads(node, CLASS.NameTokenTaskStatistic, DATA.nameToken, s.token, s));
    }
    return out;
  }
}

/** The node of one statistic: a fragment of the task's IRI (beside the tag-task statistics' "#tag-…"). */
export function tokenStatNode(token: string, task: string): string {
  return `${task}#name-${encodeSegment(token)}`;
}

/** The predicates this module counts (a dump line with one of them, or typing a model or dataset, feeds it). */
export const NAME_TOKEN_INPUT_PREDICATES: readonly string[] = [OBJ.task, DATA.hubId];
export const MODEL_OR_DATASET_TYPE_LINE = new RegExp(
  `^<[^>]*> <${escapeRegExp(STD.type)}> <(?:${escapeRegExp(CLASS.Model)}|${escapeRegExp(CLASS.Dataset)})> \\.$`,
);

/** The task priors written on each task: its tasked models and datasets, and their shares of all tasks' counts. */
export const TASK_PRIOR_PREDICATES: readonly string[] = [
  DATA.taskedModelCount,
  DATA.taskedDatasetCount,
  DATA.taskedModelShare,
  DATA.taskedDatasetShare,
];

const STAT_LINE = new RegExp(
  `^<[^>]*> (?:<(?:${[DATA.nameToken, ...TASK_PRIOR_PREDICATES].map(escapeRegExp).join('|')})> ` +
    `|<${escapeRegExp(STD.type)}> <${escapeRegExp(CLASS.NameTokenTaskStatistic)}> \\.$)`,
);

/** Whether an N-Triples line of a dump is one of these statistics' own (its forTask/count lines are matched by the
 * tag-task statistics' test, which names the same predicates). */
export function isNameTokenStatLine(line: string): boolean {
  return STAT_LINE.test(line);
}
