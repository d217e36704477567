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
import { LINEAGE_PREDICATE_SET } from './lineage.js';
import { addToSet, topTasks } from './tags.js';
import { integerLiteral } from './literals.js';

export interface LineageTaskStat {
  baseTask: string;
  task: string;
  /** Derived-base pairs whose base has baseTask and whose derived model has task. */
  tagged: number;
  /** Derived-base pairs whose base has baseTask and whose derived model has a task. */
  carriers: number;
}

/** Collects lineage steps and task edges in any order, then gives the statistics. */
export class LineageTaskCounter {
  /** Derived model -> the models it derives from (self-loops left out). */
  readonly steps = new Map<string, Set<string>>();
  private readonly tasks = new Map<string, Set<string>>();

  addQuad(q: Quad): void {
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') return;
    const p = q.predicate.value;
    if (p === OBJ.task) addToSet(this.tasks, q.subject.value, q.object.value);
    else if (LINEAGE_PREDICATE_SET.has(p) && q.subject.value !== q.object.value)
      addToSet(this.steps, q.subject.value, q.object.value);
  }

  /** The statistics (each base task's TASKS_PER_VALUE most frequent derived tasks), sorted by base task then task. */
  stats(): LineageTaskStat[] {
    const carriers = new Map<string, number>();
    const tagged = new Map<string, Map<string, number>>();
    for (const [derived, bases] of this.steps) {
      const tasks = this.tasks.get(derived);
      if (!tasks) continue;
      for (const base of bases) {
        for (const baseTask of this.tasks.get(base) ?? []) {
          carriers.set(baseTask, (carriers.get(baseTask) ?? 0) + 1);
          let byTask = tagged.get(baseTask);
          if (!byTask) tagged.set(baseTask, (byTask = new Map()));
          for (const task of tasks) byTask.set(task, (byTask.get(task) ?? 0) + 1);
        }
      }
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
