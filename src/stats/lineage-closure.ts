// **Lineage closure**: hkg:ancestorOrSelf, the reflexive-transitive closure of the lineage relations over the models
// that have lineage (m hkg:ancestorOrSelf a: a is m, or a base m derives from directly or through other models), and
// hkg:derivedFrom, the relations' common super-property, stated for every lineage step. The queries walk lineage with
// plain patterns over one predicate instead of paths or alternatives over four: Virtuoso 7.2 evaluates a path over the
// four relations (`(hkg:fineTunedFrom|...)+`) step by step from every binding (counting the 2,990 descendants of the
// most derived-from model at F = 0.1 took 13 s; at F = 1.0 lineage-tree took 5.8 s), and for a one-step alternative it
// picks an index without the bound end (reading every edge of the relation per lookup). Computed by the build and by
// the evaluation from the lineage edges they keep, through src/stats/graph-statistics.ts.

import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { OBJ } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { IntColumn } from '../util/int-lists.js';
import { GraphEntities, LINEAGE_PREDICATE_SET } from './entities.js';

/**
 * Collects the lineage steps of a quad stream, then gives the closure's quads. The steps are the shared entities'
 * bases (given, as GraphStatistics does, or collected from the quads fed here); the models are numbered here, in the
 * order the steps name them, which is the order of the quads written.
 */
export class LineageClosure {
  private readonly entities: GraphEntities;
  private readonly ownsEntities: boolean;
  /** Entity ordinal -> the model's number here (-1: no lineage); number -> entity ordinal. */
  private readonly numbers = new IntColumn(-1);
  private readonly models = new IntColumn();

  constructor(entities?: GraphEntities) {
    this.entities = entities ?? new GraphEntities();
    this.ownsEntities = !entities;
  }

  private number(entity: number): void {
    if (this.numbers.get(entity) !== -1) return;
    this.numbers.set(entity, this.models.length);
    this.models.push(entity);
  }

  add(q: Quad): void {
    if (this.ownsEntities) this.entities.addQuad(q);
    if (!LINEAGE_PREDICATE_SET.has(q.predicate.value)) return;
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') return;
    // a self-loop numbers its model too (it gets its own hkg:ancestorOrSelf), though it is no step
    this.number(this.entities.id(q.subject.value));
    this.number(this.entities.id(q.object.value));
  }

  /** bases[i] = numbers of model i's direct bases, in the order they were stated. */
  private bases(): number[][] {
    return Array.from({ length: this.models.length }, (_, m) =>
      this.entities.bases.get(this.models.get(m)).map((b) => this.numbers.get(b)),
    );
  }

  /** Per model with lineage, itself and every model above it (sorted by index; cycles end where they close). */
  ancestors(bases = this.bases()): number[][] {
    const memo: (number[] | undefined)[] = new Array(bases.length);
    const onStack = new Uint8Array(bases.length);
    // iterative depth-first walk: real lineage chains can be deeper than the call stack allows
    for (let start = 0; start < bases.length; start++) {
      if (memo[start]) continue;
      const stack: number[] = [start];
      while (stack.length) {
        const m = stack[stack.length - 1]!;
        if (memo[m]) {
          stack.pop();
          continue;
        }
        onStack[m] = 1;
        const pending = bases[m]!.filter((b) => !memo[b] && !onStack[b]);
        if (pending.length) {
          stack.push(...pending);
          continue;
        }
        const set = new Set<number>([m]);
        // a base still on the stack closes a cycle: its own ancestors are not known yet, it counts itself
        for (const b of bases[m]!) for (const a of memo[b] ?? [b]) set.add(a);
        memo[m] = [...set].sort((x, y) => x - y);
        onStack[m] = 0;
        stack.pop();
      }
    }
    return memo as number[][];
  }

  /** hkg:derivedFrom per lineage step, then hkg:ancestorOrSelf per model and model above it (itself included). */
  quads(): Quad[] {
    const { namedNode, quad } = DataFactory;
    const derivedFrom = namedNode(OBJ.derivedFrom);
    const ancestorOrSelf = namedNode(OBJ.ancestorOrSelf);
    const nodes = Array.from({ length: this.models.length }, (_, m) =>
      namedNode(this.entities.iri(this.models.get(m))),
    );
    const out: Quad[] = [];
    const bases = this.bases();
    bases.forEach((direct, m) => {
      for (const b of direct) out.push(quad(nodes[m]!, derivedFrom, nodes[b]!));
    });
    this.ancestors(bases).forEach((above, m) => {
      for (const a of above) out.push(quad(nodes[m]!, ancestorOrSelf, nodes[a]!));
    });
    return out;
  }
}

const CLOSURE_LINE = new RegExp(`^<[^>]*> <(?:${escapeRegExp(OBJ.ancestorOrSelf)}|${escapeRegExp(OBJ.derivedFrom)})> `);

/** Whether a dump line states the closure or hkg:derivedFrom (dropped when statistics are recomputed). */
export function isClosureLine(line: string): boolean {
  return CLOSURE_LINE.test(line);
}
