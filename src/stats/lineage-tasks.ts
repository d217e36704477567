// **Lineage-task statistics** for classify-task: for each pair of tasks (the task of a base model, the task of a model
// derived from it), how many derived-base pairs with a base of the first task there are and how many of them have a
// derived model of the second task (hkg:LineageTaskStatistic nodes, a fragment of the derived task's IRI). A fine-tune
// usually shares its base's task, but not always in the same way: a text-generation base gives text-generation models,
// a sentence-similarity base gives many text classifiers, a vision-language base gives text-only quantisations. The
// build counts them over the whole graph and the evaluation over its training graph (src/stats/graph-statistics.ts).

import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { CLASS, DATA, OBJ, STD } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { GraphEntities } from './entities.js';
import { topTasks } from './tags.js';
import { integerLiteral } from './literals.js';

export interface LineageTaskStat {
  baseTask: string;
  task: string;
  /** Derived-base pairs whose base has baseTask and whose derived model has task. */
  tagged: number;
  /** Derived-base pairs whose base has baseTask and whose derived model has a task. */
  carriers: number;
}

/**
 * Counts over lineage steps and task edges, read from the shared entities (given, as GraphStatistics does, or
 * collected from the quads fed here).
 */
export class LineageTaskCounter {
  private readonly entities: GraphEntities;
  private readonly ownsEntities: boolean;

  constructor(entities?: GraphEntities) {
    this.entities = entities ?? new GraphEntities();
    this.ownsEntities = !entities;
  }

  addQuad(q: Quad): void {
    if (this.ownsEntities) this.entities.addQuad(q);
  }

  /** The statistics (each base task's TASKS_PER_VALUE most frequent derived tasks), sorted by base task then task. */
  stats(): LineageTaskStat[] {
    const { bases, tasks } = this.entities;
    const iri = (t: number) => this.entities.task(t);
    const carriers = new Map<string, number>();
    const tagged = new Map<string, Map<string, number>>();
    for (let derived = 0; derived < bases.keyBound; derived++) {
      if (!bases.has(derived) || !tasks.has(derived)) continue;
      const derivedTasks = tasks.get(derived).map(iri);
      bases.forEach(derived, (base) => {
        tasks.forEach(base, (t) => {
          const baseTask = iri(t);
          carriers.set(baseTask, (carriers.get(baseTask) ?? 0) + 1);
          let byTask = tagged.get(baseTask);
          if (!byTask) tagged.set(baseTask, (byTask = new Map()));
          for (const task of derivedTasks) byTask.set(task, (byTask.get(task) ?? 0) + 1);
        });
      });
    }
    const out: LineageTaskStat[] = [];
    for (const baseTask of [...tagged.keys()].sort()) {
      const byTask = tagged.get(baseTask)!;
      for (const task of topTasks(byTask)) {
        out.push({ baseTask, task, tagged: byTask.get(task)!, carriers: carriers.get(baseTask)! });
      }
    }
    return out;
  }

  quads(): Quad[] {
    const { namedNode, quad } = DataFactory;
    return this.stats().flatMap((s) => {
      const node = namedNode(lineageTaskNode(s.baseTask, s.task));
      return [
        quad(node, namedNode(STD.type), namedNode(CLASS.LineageTaskStatistic)),
        quad(node, namedNode(OBJ.baseTask), namedNode(s.baseTask)),
        quad(node, namedNode(OBJ.forTask), namedNode(s.task)),
        quad(node, namedNode(DATA.taggedCount), integerLiteral(s.tagged)),
        quad(node, namedNode(DATA.tagCarriers), integerLiteral(s.carriers)),
      ];
    });
  }
}

/** The node of one statistic: a fragment of the derived task's IRI naming the base task by its IRI's last segment. */
export function lineageTaskNode(baseTask: string, task: string): string {
  return `${task}#after-${baseTask.slice(baseTask.lastIndexOf('/') + 1)}`;
}

const STAT_LINE = new RegExp(
  `^<[^>]*> (?:<${escapeRegExp(OBJ.baseTask)}> ` +
    `|<${escapeRegExp(STD.type)}> <${escapeRegExp(CLASS.LineageTaskStatistic)}> \\.$)`,
);

/** Whether an N-Triples line of a dump is one of these statistics' own (their forTask/count lines are matched by the
 * tag-task statistics' test, which names the same predicates). */
export function isLineageTaskStatLine(line: string): boolean {
  return STAT_LINE.test(line);
}
