// **families** splits a snapshot's models into lineage families, to evaluate each as if it were a corpus of its own
// (bench/eval-real.ts --families): a family is a connected component of the lineage edges, read from each record by the
// mapper's own model reader (modelFromHub: `base_model:` tags, else cardData.base_model), so the split holds exactly
// the edges a build of the snapshot holds. A base named but not in the snapshot (a dangling base) is a node too: the
// models naming it are one family. A family is named by its root (a node naming no base) with the most models derived
// from it directly, its id as the data spells it.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSnapshotFiles, readLines } from '../hub/snapshot.js';
import { modelFromHub } from '../mapper/model.js';
import { DEFAULT_DESCRIPTION_MAX_CHARS } from '../mapper/text.js';
import { isObject, type RecordContext } from '../mapper/values.js';
import { LINEAGE, type RelationSpec } from '../relations.js';
import { DATA } from '../vocab.js';
import { byString } from '../util/compare.js';

export interface LineageFamily {
  /** The root with the most direct derivations (ties: the first id in code-unit order). */
  root: string;
  /** The family's model records: indices into the records given. */
  records: number[];
  /** How many of them have a pipeline tag. */
  tasked: number;
}

const LINEAGE_SPECS: ReadonlySet<RelationSpec> = new Set(Object.values(LINEAGE));

/** A context for reading one record alone: no warnings kept, no task or organisation lists (lineage needs neither). */
function quietContext(): RecordContext {
  return {
    file: 'models.jsonl',
    warn: () => {},
    isTask: () => false,
    taskId: () => undefined,
    agentKind: () => 'user',
    descriptionMaxChars: DEFAULT_DESCRIPTION_MAX_CHARS,
  };
}

/** Union-find over ids, with path halving. */
class Components {
  private readonly parent = new Map<string, string>();

  find(id: string): string {
    let p = this.parent.get(id);
    if (p === undefined) {
      this.parent.set(id, id);
      return id;
    }
    let x = id;
    while (p !== x) {
      const grand = this.parent.get(p)!;
      this.parent.set(x, grand);
      x = grand;
      p = this.parent.get(x)!;
    }
    return x;
  }

  union(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(ra, rb);
  }

  ids(): IterableIterator<string> {
    return this.parent.keys();
  }
}

/**
 * The lineage families of model records (parsed Hub model records, as in a snapshot's models.jsonl), largest first
 * (most records, then root). A record the mapper would skip (no valid id) belongs to no family; a model without
 * lineage is a family of one.
 */
export function lineageFamilies(records: readonly unknown[]): LineageFamily[] {
  const components = new Components();
  const ids: (string | undefined)[] = [];
  const tasked: boolean[] = [];
  /** base -> the models derived from it directly; and the ids that name a base. */
  const derived = new Map<string, Set<string>>();
  const hasBase = new Set<string>();
  for (const raw of records) {
    const entity = isObject(raw) ? modelFromHub(raw, quietContext()) : undefined;
    ids.push(entity?.id);
    tasked.push(entity?.props.some((p) => p.p === DATA.pipelineTag) ?? false);
    if (!entity) continue;
    components.find(entity.id);
    for (const e of entity.edges) {
      if (!LINEAGE_SPECS.has(e.relation)) continue;
      // HuggingKG's orientation: head = base, tail = derived
      components.union(e.head, e.tail);
      hasBase.add(e.tail);
      let d = derived.get(e.head);
      if (!d) derived.set(e.head, (d = new Set()));
      d.add(e.tail);
    }
  }
  const byComponent = new Map<string, LineageFamily>();
  const familyOf = (id: string): LineageFamily => {
    const c = components.find(id);
    let f = byComponent.get(c);
    if (!f) byComponent.set(c, (f = { root: '', records: [], tasked: 0 }));
    return f;
  };
  ids.forEach((id, i) => {
    if (id === undefined) return;
    const f = familyOf(id);
    f.records.push(i);
    if (tasked[i]) f.tasked++;
  });
  // the name: among the nodes naming no base, the one with the most direct derivations; a family without such a node
  // (a cycle of bases) is named by its node with the most derivations
  const best = new Map<LineageFamily, { id: string; degree: number; root: boolean }>();
  for (const id of [...components.ids()].sort()) {
    const f = familyOf(id);
    const candidate = { id, degree: derived.get(id)?.size ?? 0, root: !hasBase.has(id) };
    const b = best.get(f);
    if (!b || (candidate.root && !b.root) || (candidate.root === b.root && candidate.degree > b.degree))
      best.set(f, candidate);
  }
  for (const [f, b] of best) f.root = b.id;
  return [...byComponent.values()]
    .filter((f) => f.records.length > 0)
    .sort((a, b) => b.records.length - a.records.length || byString(a.root, b.root));
}

export interface FamilySplit extends Omit<LineageFamily, 'records'> {
  records: number;
  /** The family's own snapshot directory; undefined for a family left out (fewer tasked models than asked). */
  snapshot?: string;
}

/**
 * Splits the snapshot directory `dir` into its lineage families and writes each family of two models or more with at
 * least `minTasked` tasked models as a snapshot of its own, `out/<rank>` (rank 1 = the largest family): the family's
 * lines of models.jsonl as they are, and tasks.jsonl whole when the snapshot has one (the task vocabulary). The
 * snapshot's other files are left out: a family is a set of models. Returns every family, largest first.
 */
export async function splitSnapshot(dir: string, out: string, minTasked: number): Promise<FamilySplit[]> {
  const files = listSnapshotFiles(dir);
  const models = files.find((f) => f.name === 'models.jsonl');
  const tasks = files.find((f) => f.name === 'tasks.jsonl');
  const lines: string[] = [];
  const records: unknown[] = [];
  for await (const { text } of models ? readLines(models.path) : []) {
    if (text === undefined) continue; // a line too long to read: the build skips it too
    lines.push(text);
    try {
      records.push(JSON.parse(text));
    } catch {
      records.push(undefined); // the build skips a line that is not JSON
    }
  }
  const taskLines: string[] = [];
  for await (const { text } of tasks ? readLines(tasks.path) : []) if (text !== undefined) taskLines.push(text);
  return lineageFamilies(records).map((f, i) => {
    const split: FamilySplit = { root: f.root, records: f.records.length, tasked: f.tasked };
    // a model with no lineage is no tree (a corpus without lineage, like models-2022, would otherwise be thousands)
    if (f.tasked < minTasked || f.records.length < 2) return split;
    const snapshot = join(out, String(i + 1));
    rmSync(snapshot, { recursive: true, force: true }); // nothing of an earlier split left in it
    mkdirSync(snapshot, { recursive: true });
    writeFileSync(join(snapshot, 'models.jsonl'), f.records.map((r) => `${lines[r]}\n`).join(''));
    if (tasks) writeFileSync(join(snapshot, 'tasks.jsonl'), taskLines.map((t) => `${t}\n`).join(''));
    return { ...split, snapshot };
  });
}
