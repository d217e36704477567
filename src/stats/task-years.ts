// **Task-year statistics**: per task and year of creation, how many models and datasets were created that year with the
// task, and how many with any task, as hkg:TaskYearStatistic nodes (a fragment of the task's IRI).
// task-distribution-by-year reads these few hundred nodes instead of grouping every tasked entity of the graph by year,
// which an external store refuses to plan at Hub size (Virtuoso estimated 9,947 s at F = 1.0). Computed by the build
// over the whole graph and by the evaluation over its training graph, both through src/stats/graph-statistics.ts.

import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { CLASS, DATA, OBJ, STD } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { IntLists } from '../util/int-lists.js';
import { GraphEntities } from './entities.js';
import { integerLiteral } from './literals.js';

/** The predicates a dump line must have to be counted here, besides rdf:type lines of the two counted classes (which
 * graph-statistics.ts lets through with name-tokens.ts' MODEL_OR_DATASET_TYPE_LINE). */
export const TASK_YEAR_INPUT_PREDICATES: readonly string[] = [STD.dateCreated, OBJ.task];

const STAT_PREDICATES = [DATA.year, DATA.modelCount, DATA.datasetCount, DATA.yearModelCount, DATA.yearDatasetCount];

export interface TaskYearStat {
  task: string;
  year: number;
  /** Models / datasets created in the year with the task. */
  models: number;
  datasets: number;
  /** Models / datasets created in the year with any task. */
  yearModels: number;
  yearDatasets: number;
}

/** The year of an xsd:dateTime or xsd:date lexical form, as SPARQL's YEAR() gives it (in the literal's timezone). */
export function yearOf(lexical: string): number | undefined {
  const m = /^(-?\d{4,})-/.exec(lexical);
  return m ? Number(m[1]) : undefined;
}

/**
 * Collects entities' creation years in any order, then gives the statistics; classes and tasks are the shared
 * entities' (given, as GraphStatistics does, or collected from the quads fed here).
 */
export class TaskYearCounter {
  private readonly entities: GraphEntities;
  private readonly ownsEntities: boolean;
  /** Entity ordinal -> its creation years (numbers of `years`: a graph has a few dozen years). */
  private readonly entityYears = new IntLists();
  private readonly yearNumbers = new Map<number, number>();
  private readonly years: number[] = [];

  constructor(entities?: GraphEntities) {
    this.entities = entities ?? new GraphEntities();
    this.ownsEntities = !entities;
  }

  /** Feeds a quad: class, creation date and task of IRIs count, the rest is ignored. */
  addQuad(q: Quad): void {
    if (this.ownsEntities) this.entities.addQuad(q);
    if (q.subject.termType !== 'NamedNode' || q.predicate.value !== STD.dateCreated) return;
    if (q.object.termType !== 'Literal') return;
    const year = yearOf(q.object.value);
    if (year === undefined) return;
    let n = this.yearNumbers.get(year);
    if (n === undefined) {
      this.yearNumbers.set(year, (n = this.years.length));
      this.years.push(year);
    }
    this.entityYears.add(this.entities.id(q.subject.value), n);
  }

  /** The statistics, sorted by task then year (deterministic output). */
  stats(): TaskYearStat[] {
    const yearTotals = new Map<number, { models: number; datasets: number }>();
    const counts = new Map<string, Map<number, { models: number; datasets: number }>>();
    const bump = (c: { models: number; datasets: number }, kind: 'model' | 'dataset') => {
      if (kind === 'model') c.models++;
      else c.datasets++;
    };
    const { tasks } = this.entities;
    for (let entity = 0; entity < this.entityYears.keyBound; entity++) {
      const kind = this.entities.kind(entity);
      if (!kind || !this.entityYears.has(entity) || !tasks.has(entity)) continue;
      const entityTasks = tasks.get(entity).map((t) => this.entities.task(t));
      for (const year of this.entityYears.get(entity).map((n) => this.years[n]!)) {
        let total = yearTotals.get(year);
        if (!total) yearTotals.set(year, (total = { models: 0, datasets: 0 }));
        bump(total, kind);
        for (const task of entityTasks) {
          let byYear = counts.get(task);
          if (!byYear) counts.set(task, (byYear = new Map()));
          let c = byYear.get(year);
          if (!c) byYear.set(year, (c = { models: 0, datasets: 0 }));
          bump(c, kind);
        }
      }
    }
    const out: TaskYearStat[] = [];
    for (const task of [...counts.keys()].sort()) {
      const byYear = counts.get(task)!;
      for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
        const c = byYear.get(year)!;
        const total = yearTotals.get(year)!;
        out.push({
          task,
          year,
          models: c.models,
          datasets: c.datasets,
          yearModels: total.models,
          yearDatasets: total.datasets,
        });
      }
    }
    return out;
  }

  quads(): Quad[] {
    return this.stats().flatMap(taskYearQuads);
  }
}

/** The node of one statistic: a fragment of the task's IRI, so it is deterministic and found from the task. */
export function taskYearNode(task: string, year: number): string {
  return `${task}#year-${year}`;
}

export function taskYearQuads(s: TaskYearStat): Quad[] {
  const { namedNode, quad } = DataFactory;
  const node = namedNode(taskYearNode(s.task, s.year));
  return [
    quad(node, namedNode(STD.type), namedNode(CLASS.TaskYearStatistic)),
    quad(node, namedNode(OBJ.forTask), namedNode(s.task)),
    quad(node, namedNode(DATA.year), integerLiteral(s.year)),
    quad(node, namedNode(DATA.modelCount), integerLiteral(s.models)),
    quad(node, namedNode(DATA.datasetCount), integerLiteral(s.datasets)),
    quad(node, namedNode(DATA.yearModelCount), integerLiteral(s.yearModels)),
    quad(node, namedNode(DATA.yearDatasetCount), integerLiteral(s.yearDatasets)),
  ];
}

const STAT_LINE = new RegExp(
  `^<[^>]*> (?:<(?:${STAT_PREDICATES.map(escapeRegExp).join('|')})> ` +
    `|<${escapeRegExp(STD.type)}> <${escapeRegExp(CLASS.TaskYearStatistic)}> \\.$)`,
);
// hkg:forTask is shared with the tag-task statistics, whose line test already drops it

/** Whether an N-Triples line of a dump is part of a task-year statistic (dropped when statistics are recomputed). */
export function isTaskYearLine(line: string): boolean {
  return STAT_LINE.test(line);
}
