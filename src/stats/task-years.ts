// **Task-year statistics**: per task and year of creation, how many models and datasets were created that year with the
// task, and how many with any task, as hkg:TaskYearStatistic nodes (a fragment of the task's IRI).
// task-distribution-by-year reads these few hundred nodes instead of grouping every tasked entity of the graph by year,
// which an external store refuses to plan at Hub size (Virtuoso estimated 9,947 s at F = 1.0). Computed by the build
// over the whole graph and by the evaluation over its training graph, both through src/stats/graph-statistics.ts.

import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { CLASS, DATA, OBJ, STD } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { integerLiteral } from './literals.js';

/** The predicates a dump line must have to be counted here, besides rdf:type lines of the two counted classes (which
 * graph-statistics.ts lets through with name-tokens.ts' MODEL_OR_DATASET_TYPE_LINE). */
export const TASK_YEAR_INPUT_PREDICATES: readonly string[] = [STD.dateCreated, OBJ.task];

const STAT_PREDICATES = [DATA.year, DATA.modelCount, DATA.datasetCount, DATA.yearModelCount, DATA.yearDatasetCount];

/** One entity as far as seen: its kind (the counted classes only), creation years and tasks. */
interface Entry {
  kind?: 'model' | 'dataset';
  years?: number[];
  tasks?: string[];
}

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

/** Collects entities' classes, creation dates and tasks in any order, then gives the statistics. */
export class TaskYearCounter {
  private readonly entities = new Map<string, Entry>();

  private entry(iri: string): Entry {
    let e = this.entities.get(iri);
    if (!e) this.entities.set(iri, (e = {}));
    return e;
  }

  /** Feeds a quad: class, creation date and task of IRIs count, the rest is ignored. */
  addQuad(q: Quad): void {
    if (q.subject.termType !== 'NamedNode') return;
    const p = q.predicate.value;
    if (p === STD.type) {
      if (q.object.value === CLASS.Model) this.entry(q.subject.value).kind = 'model';
      else if (q.object.value === CLASS.Dataset) this.entry(q.subject.value).kind = 'dataset';
    } else if (p === STD.dateCreated && q.object.termType === 'Literal') {
      const year = yearOf(q.object.value);
      if (year === undefined) return;
      const e = this.entry(q.subject.value);
      if (!e.years) e.years = [year];
      else if (!e.years.includes(year)) e.years.push(year);
    } else if (p === OBJ.task && q.object.termType === 'NamedNode') {
      const e = this.entry(q.subject.value);
      if (!e.tasks) e.tasks = [q.object.value];
      else if (!e.tasks.includes(q.object.value)) e.tasks.push(q.object.value);
    }
  }

  /** The statistics, sorted by task then year (deterministic output). */
  stats(): TaskYearStat[] {
    const yearTotals = new Map<number, { models: number; datasets: number }>();
    const counts = new Map<string, Map<number, { models: number; datasets: number }>>();
    const bump = (c: { models: number; datasets: number }, kind: 'model' | 'dataset') => {
      if (kind === 'model') c.models++;
      else c.datasets++;
    };
    for (const e of this.entities.values()) {
      if (!e.kind || !e.years || !e.tasks) continue;
      for (const year of e.years) {
        let total = yearTotals.get(year);
        if (!total) yearTotals.set(year, (total = { models: 0, datasets: 0 }));
        bump(total, e.kind);
        for (const task of e.tasks) {
          let byYear = counts.get(task);
          if (!byYear) counts.set(task, (byYear = new Map()));
          let c = byYear.get(year);
          if (!c) byYear.set(year, (c = { models: 0, datasets: 0 }));
          bump(c, e.kind);
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
