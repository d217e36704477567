// **lineage-plan** decides which models of a lineage family a picture draws: the family's shape from the lineage-tree
// rows, the models that get a box within the picture's limits (the current model's line and its neighbours on the
// entity page, every model on the "show all" page) and, for each drawn model, how many left-out models hang below it.
// lineage-svg.ts lays the plan out.

import type { LineageRow } from './describe.js';
import { byString } from '../util/compare.js';

/** How much of a family a picture draws. */
export interface FamilyLimits {
  /** At most this many models are drawn; the others are counted in "+N more" boxes. */
  models: number;
  /** At most this many models derived from one base are drawn (the current model's line always is). */
  siblings: number;
  /** The widest picture, px: wider layers fold into more rows. */
  width: number;
}

/** The entity page: a readable part of a big family. */
export const PAGE_LIMITS: FamilyLimits = { models: 40, siblings: 8, width: 1100 };
/** The "show all" page: every model of the family, up to what a browser still draws at ease. */
export const ALL_LIMITS: FamilyLimits = { models: 2000, siblings: Number.POSITIVE_INFINITY, width: 1100 };

/** Which models of a family a picture draws, before their names are looked up. */
export interface FamilyPlan {
  /** The model the picture is drawn for (highlighted). */
  current: string;
  family: Family;
  drawn: Set<string>;
  /** Left-out models per drawn model they hang below ('' for none). */
  hidden: Map<string, number>;
  limits: FamilyLimits;
  /** The rows stopped at the query's row limit. */
  cut: boolean;
}

/** The family's shape: each model's bases and derived models (distinct, in a stable order). */
export interface Family {
  models: string[];
  bases: Map<string, string[]>;
  children: Map<string, string[]>;
  steps: Array<{ derived: string; relation: string; base: string }>;
}

function familyOf(current: string, rows: LineageRow[]): Family {
  const bases = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  const steps: Family['steps'] = [];
  const seen = new Set<string>();
  const models = new Set<string>([current]);
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (!list) map.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };
  for (const r of rows) {
    models.add(r.base);
    models.add(r.derived);
    // lineage-tree lists a step once per root above it: draw and count it once.
    const key = `${r.derived}\n${r.relation}\n${r.base}`;
    if (seen.has(key)) continue;
    seen.add(key);
    steps.push({ derived: r.derived, relation: r.relation, base: r.base });
    if (r.derived === r.base) continue;
    add(bases, r.derived, r.base);
    add(children, r.base, r.derived);
  }
  return { models: [...models], bases, children, steps };
}

/** Every model above `m` (its bases, their bases, ...). */
function ancestorsOf(family: Family, m: string): Set<string> {
  const found = new Set<string>();
  const stack = [m];
  while (stack.length > 0) {
    for (const b of family.bases.get(stack.pop()!) ?? []) {
      if (found.has(b)) continue;
      found.add(b);
      stack.push(b);
    }
  }
  return found;
}

/** Descendant counts (a model below two bases counted under both), to draw the larger branches first. */
function branchSizes(family: Family): Map<string, number> {
  const size = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (m: string): number => {
    const known = size.get(m);
    if (known !== undefined) return known;
    if (visiting.has(m)) return 0; // a (malformed) cycle
    visiting.add(m);
    let n = 1;
    for (const c of family.children.get(m) ?? []) n += visit(c);
    visiting.delete(m);
    size.set(m, n);
    return n;
  };
  for (const m of family.models) visit(m);
  return size;
}

/**
 * Which models get a box: the current model's line up to its roots, then the models derived from each model on that
 * line, the larger branches first, at most `limits.siblings` per base, then breadth-first below the current model,
 * until `limits.models` are chosen. Drawing the whole family (no sibling limit), breadth-first from the roots.
 */
function chooseDrawn(family: Family, current: string, limits: FamilyLimits) {
  const line = ancestorsOf(family, current);
  const drawn = new Set<string>([...line, current]);
  const sizes = branchSizes(family);
  // The tops of the rows (the roots; in rows cut at the query's limit, maybe not the current model's) are drawn, so
  // every left-out model has a drawn model above it to be counted under.
  const tops = family.models.filter((m) => !family.bases.has(m) && family.children.has(m));
  for (const m of tops.sort((a, b) => sizes.get(b)! - sizes.get(a)!).slice(0, Math.max(1, limits.models / 4)))
    drawn.add(m);
  const order = (list: string[]) =>
    [...list].sort(
      (a, b) => Number(drawn.has(b)) - Number(drawn.has(a)) || sizes.get(b)! - sizes.get(a)! || byString(a, b),
    );
  const take = (parent: string, queue: string[]) => {
    let shown = 0;
    for (const child of order(family.children.get(parent) ?? [])) {
      if (drawn.has(child)) {
        shown++;
        queue.push(child);
        continue;
      }
      if (shown >= limits.siblings || drawn.size >= limits.models) break;
      drawn.add(child);
      shown++;
      queue.push(child);
    }
  };
  const done = new Set<string>();
  let queue: string[];
  if (Number.isFinite(limits.siblings) && family.models.length > limits.models) {
    // The line top-down (fewest ancestors first), the current model first of all: the page is about it.
    const depth = (m: string) => ancestorsOf(family, m).size;
    const others = tops.filter((m) => drawn.has(m) && !line.has(m) && m !== current);
    const onLine = [current, ...[...line].sort((a, b) => depth(a) - depth(b)), ...others];
    queue = [];
    for (const m of onLine) {
      done.add(m);
      take(m, m === current ? queue : []);
    }
  } else queue = order(tops.filter((m) => drawn.has(m)));
  for (let i = 0; i < queue.length && drawn.size < limits.models; i++) {
    const m = queue[i]!;
    if (done.has(m)) continue;
    done.add(m);
    take(m, queue);
  }
  // A base from outside the family's roots (merged into a drawn model) is drawn with it: it has no drawn model above
  // it to be counted under.
  for (const m of [...drawn]) for (const b of family.bases.get(m) ?? []) if (!family.bases.has(b)) drawn.add(b);
  return drawn;
}

/** For each drawn model, how many left-out models hang below it (each counted under its nearest drawn ancestor). */
function hiddenBelow(family: Family, drawn: Set<string>): Map<string, number> {
  const anchor = new Map<string, string>();
  const anchorOf = (m: string): string => {
    const known = anchor.get(m);
    if (known !== undefined) return known;
    anchor.set(m, ''); // a cycle ends here
    const bases = family.bases.get(m) ?? [];
    let found = bases.find((b) => drawn.has(b)) ?? '';
    for (const b of bases) {
      if (found) break;
      found = anchorOf(b);
    }
    anchor.set(m, found);
    return found;
  };
  const counts = new Map<string, number>();
  for (const m of family.models) {
    if (drawn.has(m)) continue;
    // '' stands for "above every drawn model": a base outside this family's roots that nothing drawn reaches.
    const a = anchorOf(m);
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  return counts;
}

/**
 * The family of `current` from the lineage-tree rows (every step below its root bases) and which of its models get a
 * box within `limits`; undefined when it has no lineage. `cut`: the rows stopped at the query's row limit.
 */
export function planFamily(
  current: string,
  rows: LineageRow[],
  limits: FamilyLimits,
  cut: boolean,
): FamilyPlan | undefined {
  if (rows.length === 0) return undefined;
  const family = familyOf(current, rows);
  const drawn = chooseDrawn(family, current, limits);
  return { current, family, drawn, hidden: hiddenBelow(family, drawn), limits, cut };
}

/** A plan with fewer models drawn (for a picture that came out too wide), or undefined at the smallest. */
export function narrower(plan: FamilyPlan): FamilyPlan | undefined {
  const { limits } = plan;
  if (limits.models <= 8 && limits.siblings <= 2) return undefined;
  // Fewer models per base first (leaves pack into grids, so the budget goes deeper), then fewer models.
  const smaller: FamilyLimits =
    limits.siblings > 2
      ? { ...limits, siblings: Math.min(limits.siblings, 8) - 1 }
      : { ...limits, models: Math.max(8, Math.floor(limits.models * 0.7)) };
  const drawn = chooseDrawn(plan.family, plan.current, smaller);
  return { ...plan, drawn, hidden: hiddenBelow(plan.family, drawn), limits: smaller };
}
