// **Graph statistics**: the one list of the statistics the build derives from the whole graph and writes after it
// (lineage, tag-task, name-token with task priors, card words, lineage-task, neighbour counts, like ranks, co-like
// neighbours).
// The build, the evaluation (which drops a dump's own and recomputes them from the lines it keeps, so no held-out edge
// leaks through them) and the query-test fixture all go through it.

import type { Quad } from '@rdfjs/types';
import N3 from 'n3';
import { GraphEntities, LINEAGE_PREDICATES } from './entities.js';
import { LineageStatistics, STATISTIC_PREDICATES } from './lineage.js';
import { isStatLine, TAG_PREDICATES, TagTaskCounter } from './tags.js';
import { isClosureLine, LineageClosure } from './lineage-closure.js';
import { isTaskYearLine, TASK_YEAR_INPUT_PREDICATES, TaskYearCounter } from './task-years.js';
import { isLineageTaskStatLine, LineageTaskCounter } from './lineage-tasks.js';
import { isLikeRankLine, LikeRankCounter } from './likes.js';
import { CoLikeCounter, isCoLikeLine } from './co-likes.js';
import { isLinkCountLine } from './link-counts.js';
import {
  isNeighbourCountLine,
  NEIGHBOUR_COUNT_PREDICATES,
  NEIGHBOUR_INPUT_PREDICATES,
  NeighbourCounter,
} from './neighbour-counts.js';
import {
  isNameTokenStatLine,
  MODEL_OR_DATASET_TYPE_LINE,
  NAME_TOKEN_INPUT_PREDICATES,
  NameTokenCounter,
  TASK_PRIOR_PREDICATES,
} from './name-tokens.js';
import { CARD_WORD_INPUT_PREDICATES, CARD_WORD_PREDICATES, CardWordCounter, isCardWordLine } from './card-words.js';
import { escapeRegExp } from '../util/regexp.js';
import { DATA, DEFAULT_BASE, OBJ } from '../vocab.js';
import { datasetIri } from '../iri.js';
import { isStatisticsVersionLine, statisticsVersionQuad } from './statistics-version.js';

/**
 * Collects what every statistic counts from a graph's quads or dump lines, in any order, then gives their quads. The
 * statistics share one GraphEntities: each IRI is interned once, and the kinds, tasks and lineage steps that several
 * of them read are collected once.
 */
export class GraphStatistics {
  /** The VoID dataset the statistics' version marker is written on (src/stats/statistics-version.ts). */
  private readonly dataset: string;
  /** The shared IRI table (the build's link counts intern their entities in it too). */
  readonly entities = new GraphEntities();
  private readonly lineage = new LineageStatistics(this.entities);
  private readonly tagTasks = new TagTaskCounter(this.entities);
  private readonly taskYears = new TaskYearCounter(this.entities);
  private readonly closure = new LineageClosure(this.entities);
  private readonly nameTokens = new NameTokenCounter(this.entities);
  private readonly cardWords: CardWordCounter;
  private readonly lineageTasks = new LineageTaskCounter(this.entities);
  private readonly likeRanks = new LikeRankCounter(this.entities);
  private readonly coLikes = new CoLikeCounter(this.entities);
  private readonly neighbours = new NeighbourCounter(this.entities, this.tagTasks, this.nameTokens);
  private readonly parser = new N3.Parser({ format: 'N-Triples' });

  /** `base`: the graph's base IRI (default the canonical one), for the version marker's subject. */
  constructor(options: { base?: string } = {}) {
    this.dataset = datasetIri(options.base ?? DEFAULT_BASE);
    this.cardWords = new CardWordCounter(this.entities, options.base);
  }

  add(q: Quad): void {
    this.entities.addQuad(q);
    this.tagTasks.addQuad(q);
    this.taskYears.addQuad(q);
    this.closure.add(q);
    this.nameTokens.addQuad(q);
    this.cardWords.addQuad(q);
    this.likeRanks.addQuad(q);
    this.coLikes.addQuad(q);
    this.neighbours.addQuad(q);
  }

  /** Feeds an N-Triples line of a dump: only lines some statistic counts are parsed. */
  addLine(line: string): void {
    if (!COUNTED_LINE.test(line) && !MODEL_OR_DATASET_TYPE_LINE.test(line)) return;
    for (const q of this.parser.parse(line)) this.add(q as Quad);
  }

  /**
   * The statistics' quads: lineage, tag-task, name-token with task priors, card words, lineage-task, neighbour counts,
   * like ranks, co-like neighbours, task-year, the lineage closure, then the statistics' version marker. Each statistic
   * is computed when its turn comes, so only one statistic's quads are held at a time (at Hub size all of them
   * together are millions of quads); `onStatistic` hears when each is done.
   */
  *quads(onStatistic?: (done: number, total: number) => void): Generator<Quad> {
    const statistics: Array<() => Iterable<Quad>> = [
      () => this.lineage.quads(),
      () => this.tagTasks.quads(),
      () => this.nameTokens.quads(),
      () => this.cardWords.quads(),
      () => this.lineageTasks.quads(),
      () => this.neighbours.quads(),
      () => this.likeRanks.quads(),
      () => this.coLikes.quads(),
      () => this.taskYears.quads(),
      () => this.closure.quads(),
    ];
    for (const [i, statistic] of statistics.entries()) {
      yield* statistic();
      onStatistic?.(i + 1, statistics.length);
    }
    yield statisticsVersionQuad(this.dataset);
  }
}

/**
 * The literal-valued statistics the build writes on entities themselves (models, datasets, tasks, liked items): counts,
 * ranks, shares and name stems the canned queries read. Entity pages fold them away from the entity's own properties.
 */
export const ENTITY_STATISTIC_PREDICATES: ReadonlySet<string> = new Set([
  ...STATISTIC_PREDICATES,
  ...NEIGHBOUR_COUNT_PREDICATES,
  ...TASK_PRIOR_PREDICATES,
  ...CARD_WORD_PREDICATES,
  DATA.likeRank,
]);

const COUNTED_PREDICATES = [
  ...LINEAGE_PREDICATES,
  OBJ.task,
  ...TAG_PREDICATES,
  ...NAME_TOKEN_INPUT_PREDICATES,
  ...CARD_WORD_INPUT_PREDICATES,
  DATA.likeCount,
  OBJ.likes,
  ...TASK_YEAR_INPUT_PREDICATES,
  ...NEIGHBOUR_INPUT_PREDICATES,
];
const COUNTED_LINE = new RegExp(`^<[^>]*> <(?:${COUNTED_PREDICATES.map(escapeRegExp).join('|')})> `);
const LINEAGE_STAT_LINE = new RegExp(`^<[^>]*> <(?:${STATISTIC_PREDICATES.map(escapeRegExp).join('|')})> `);

/** Whether an N-Triples line of a dump is part of a statistic (dropped when the statistics are recomputed). */
export function isStatisticLine(line: string): boolean {
  return (
    isStatLine(line) ||
    isNameTokenStatLine(line) ||
    isCardWordLine(line) ||
    isLineageTaskStatLine(line) ||
    isLikeRankLine(line) ||
    isCoLikeLine(line) ||
    LINEAGE_STAT_LINE.test(line) ||
    isTaskYearLine(line) ||
    isClosureLine(line) ||
    isLinkCountLine(line) ||
    isNeighbourCountLine(line) ||
    isStatisticsVersionLine(line)
  );
}
