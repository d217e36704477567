// **HuggingBench split files**: reads the benchmark's own splits so a user holding the real data runs the paper's
// protocol
// on this graph (where they are found: huggingbench-locate.ts). Every planner counts how many split rows resolved to
// entities of the graph, and fails when none of the test rows did (the wrong graph, or ids spelled another way).
//   Recommendation (SSLRec KG layout, ke_rec/*): train.txt, valid.txt, test.txt with lines `uid iid iid ...`, and
//     user_list.txt / item_list.txt mapping `org_id remap_id` (first line a header; more columns allowed).
//   Tracing (LibKGE layout): training.txt, validation.txt, test.txt (or train/valid.txt) with
// `head<TAB>relation<TAB>tail`
//     in HuggingKG's direction, base relation derived: the head is the base model to predict, as the LibKGE configs'
//     validation metric `mean_reciprocal_rank_filtered_head` says.
//   Classification: text label files (JSON, JSON Lines, CSV/TSV/TXT) with an entity id and its task labels.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entityIri } from '../iri.js';
import type { ClsCase } from './classification.js';
import type { Plan, TaskName } from './common.js';
import { groupBy, TASK_NAMES } from './common.js';
import { taskRestatements, type EvalGraph, type ItemKind } from './graph-scan.js';
import { chooseSplit, missingSplit, type HuggingBenchSplits, type LabelFile } from './huggingbench-locate.js';
import type { RecCase } from './recommendation.js';
import { stepLines, type TraceCase } from './tracing.js';
import { byString } from '../util/compare.js';

/** How many rows of a split resolved to graph entities, said to the user and kept in the plan's protocol. */
export interface Resolution {
  rows: number;
  resolved: number;
  /** A few unresolved examples, for the message. */
  examples: string[];
}

export type HuggingBenchPlan<C> = Plan<C> & { resolution: Record<string, Resolution> };

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function tally(): Resolution {
  return { rows: 0, resolved: 0, examples: [] };
}

function note(r: Resolution, ok: boolean, example: string): void {
  r.rows++;
  if (ok) r.resolved++;
  else if (r.examples.length < 3) r.examples.push(example);
}

/** `test.txt: 95 of 100 resolved; ...` */
export function describeResolution(res: Record<string, Resolution>, unit: string): string {
  return Object.entries(res)
    .filter(([, r]) => r.rows > 0)
    .map(
      ([name, r]) =>
        `${name}: ${r.resolved} of ${r.rows} ${unit} resolved to graph ` +
        `entities${r.examples.length > 0 ? ` (not: ${r.examples.join(', ')})` : ''}`,
    )
    .join('; ');
}

function requireResolved(where: string, r: Resolution, unit: string): void {
  if (r.resolved > 0) return;
  throw new Error(
    `${where}: none of the ${r.rows} test ${unit} resolved to entities of this graph` +
      (r.examples.length > 0 ? ` (e.g. ${r.examples.join(', ')})` : '') +
      '; was the graph built from the HuggingKG release this split was cut from?',
  );
}

/** `org_id remap_id ...` lists -> remap id -> original id; absent file: ids are used as they are. */
function readIdList(file: string): Map<string, string> | undefined {
  if (!existsSync(file)) return undefined;
  const map = new Map<string, string>();
  readLines(file).forEach((line, i) => {
    const parts = line.split(/\s+/);
    if (i === 0 && /org_id|remap_id/i.test(line)) return; // header
    const [orgId, remapId] = parts;
    if (orgId === undefined || remapId === undefined) {
      throw new Error(`${file}:${i + 1}: expected "org_id remap_id", got ${JSON.stringify(line.slice(0, 80))}`);
    }
    map.set(remapId, orgId);
  });
  return map;
}

const KIND_PREFIX = /^(?:https?:\/\/huggingface\.co\/)?(model|dataset|space)s?[/:](.+)$/;

/** Hub ids, `kind/id`, `kind:id`, Hub URLs or graph IRIs -> the graph's IRI, only for entities the graph has. */
class Resolver {
  private readonly byKind = new Map<ItemKind, Map<string, string>>([
    ['model', new Map()],
    ['dataset', new Map()],
    ['space', new Map()],
  ]);

  constructor(
    private readonly g: EvalGraph,
    private readonly base: string,
  ) {
    for (const [iri, id] of g.hubIds) {
      const kind = g.kinds.get(iri);
      if (kind) this.byKind.get(kind)!.set(id, iri);
    }
  }

  /** An item: a model, else a dataset, else a space with this id, unless the id says its kind. */
  item(id: string, only?: ItemKind): string | undefined {
    if (id.startsWith(this.base))
      return this.g.kinds.has(id) && (!only || this.g.kinds.get(id) === only) ? id : undefined;
    const m = KIND_PREFIX.exec(id);
    const kinds: ItemKind[] = m ? [m[1] as ItemKind] : only ? [only] : ['model', 'dataset', 'space'];
    const key = m?.[2] ?? id;
    for (const kind of kinds) {
      if (only && kind !== only) continue;
      const iri = this.byKind.get(kind)!.get(key);
      if (iri) return iri;
    }
    return undefined;
  }

  user(id: string): string | undefined {
    const iri = id.startsWith(this.base) ? id : entityIri(this.base, 'user', id.replace(/^users?[/:]/, ''));
    return this.g.users.has(iri) ? iri : undefined;
  }

  model(id: string): string | undefined {
    return this.item(id, 'model');
  }
}

function readInteractions(file: string, users?: Map<string, string>, items?: Map<string, string>): [string, string][] {
  const out: [string, string][] = [];
  readLines(file).forEach((line, i) => {
    const [uid = '', ...iids] = line.split(/\s+/);
    const user = users ? users.get(uid) : uid;
    if (user === undefined) throw new Error(`${file}:${i + 1}: user ${uid} is not in user_list.txt`);
    for (const iid of iids) {
      const item = items ? items.get(iid) : iid;
      if (item === undefined) throw new Error(`${file}:${i + 1}: item ${iid} is not in item_list.txt`);
      out.push([user, item]);
    }
  });
  return out;
}

export function planRecFromHuggingBench(
  dir: string,
  g: EvalGraph,
  base: string,
): HuggingBenchPlan<RecCase> & { unresolved: number } {
  for (const f of ['train.txt', 'test.txt'])
    if (!existsSync(join(dir, f))) throw new Error(`${dir}: no ${f} (HuggingBench recommendation split)`);
  const users = readIdList(join(dir, 'user_list.txt'));
  const items = readIdList(join(dir, 'item_list.txt'));
  const resolve = new Resolver(g, base);
  const resolution: Record<string, Resolution> = {};
  const read = (name: string) => {
    const file = join(dir, name);
    const r = (resolution[name] = tally());
    const resolved = new Map<string, Set<string>>();
    if (!existsSync(file)) return resolved;
    for (const [u, id] of readInteractions(file, users, items)) {
      const user = resolve.user(u);
      const item = resolve.item(id);
      note(r, user !== undefined && item !== undefined, user === undefined ? `user ${u}` : `item ${id}`);
      if (user === undefined || item === undefined) continue;
      const set = resolved.get(user) ?? new Set<string>();
      set.add(item);
      resolved.set(user, set);
    }
    return resolved;
  };
  const train = read('train.txt');
  const valid = read('valid.txt');
  const test = read('test.txt');
  requireResolved(join(dir, 'test.txt'), resolution['test.txt'] ?? tally(), 'interactions');
  const heldOut = new Set<string>();
  for (const split of [valid, test]) for (const [u, set] of split) for (const i of set) heldOut.add(`${u} ${i}`);
  const hidden = new Set(g.likes.filter((e) => heldOut.has(`${e.s} ${e.o}`)).map((e) => e.line));
  const cases = [...test.entries()]
    .filter(([, set]) => set.size > 0)
    .sort((a, b) => byString(a[0], b[0]))
    .map(([user, set]) => ({ user, test: set, train: train.get(user) ?? new Set<string>() }));
  const unresolved = Object.values(resolution).reduce((n, r) => n + r.rows - r.resolved, 0);
  return {
    task: 'rec',
    protocol: `HuggingBench split files (${dir}); ${describeResolution(resolution, 'interactions')}`,
    hidden,
    cases,
    unresolved,
    resolution,
  };
}

const LINEAGE_WORD = /(finetune|adapter|merge|quantiz)/i;

/**
 * HuggingKG's lineage relation named by `relation` (`model_finetune_model`, `finetune`, `base_model:quantized`), else
 * undefined.
 */
function lineageRelation(relation: string): string | undefined {
  const m = LINEAGE_WORD.exec(relation);
  if (!m) return undefined;
  const word = (m[1] ?? '').toLowerCase();
  return `model_${word === 'quantiz' ? 'quantized' : word}_model`;
}

export function planTraceFromHuggingBench(dir: string, g: EvalGraph, base: string): HuggingBenchPlan<TraceCase> {
  const resolve = new Resolver(g, base);
  const resolution: Record<string, Resolution> = {};
  const pick = (...names: string[]) => names.find((n) => existsSync(join(dir, n)));
  const read = (name: string | undefined) => {
    if (!name) return [];
    const file = join(dir, name);
    const r = (resolution[name] = tally());
    const out: { base: string; derived: string }[] = [];
    readLines(file).forEach((line, i) => {
      const [head, relation, tail, ...extra] = line.split('\t');
      if (head === undefined || relation === undefined || tail === undefined || extra.length > 0) {
        throw new Error(`${file}:${i + 1}: expected head<TAB>relation<TAB>tail`);
      }
      if (!lineageRelation(relation)) return; // context triples of the training graph: not lineage steps
      const b = resolve.model(head);
      const d = resolve.model(tail);
      note(r, b !== undefined && d !== undefined, b === undefined ? head : tail);
      if (b && d) out.push({ base: b, derived: d });
    });
    return out;
  };
  const testName = pick('test.txt');
  if (!testName) throw new Error(`${dir}: no test.txt (HuggingBench tracing split)`);
  const train = read(pick('training.txt', 'train.txt'));
  const valid = read(pick('validation.txt', 'valid.txt'));
  const test = read(testName);
  requireResolved(join(dir, testName), resolution[testName] ?? tally(), 'lineage triples');
  const basesOf = groupBy([...train, ...valid, ...test], (t) => t.derived);
  const hidden = new Set<string>();
  const cases: TraceCase[] = [];
  for (const t of test) {
    for (const line of stepLines(g, t.derived, t.base)) hidden.add(line);
    const others = new Set((basesOf.get(t.derived) ?? []).map((x) => x.base).filter((b) => b !== t.base));
    cases.push({ model: t.derived, base: t.base, otherBases: others });
  }
  return {
    task: 'trace',
    protocol: `HuggingBench split files (${dir}); ${describeResolution(resolution, 'lineage triples')}`,
    hidden,
    cases,
    resolution,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Classification label files

const ID_KEYS = ['id', 'model_id', 'dataset_id', 'repo_id', 'entity', 'entity_id', 'node', 'name', 'repo'];
const LABEL_KEYS = ['labels', 'label', 'tasks', 'task', 'task_ids', 'task_id', 'pipeline_tag', 'categories', 'y'];

interface LabelRow {
  id: string;
  labels: string[];
}

function labelList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (v === undefined || v === null) return [];
  return String(v)
    .replace(/^\[|\]$/g, '')
    .split(/[,;|]/)
    .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
    .filter((s) => s !== '');
}

function rowOf(o: Record<string, unknown>): LabelRow | undefined {
  const lower = new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
  const id = ID_KEYS.map((k) => lower.get(k)).find((v) => typeof v === 'string' && v !== '');
  const labels = LABEL_KEYS.map((k) => lower.get(k)).find((v) => v !== undefined);
  return typeof id === 'string' ? { id, labels: labelList(labels) } : undefined;
}

/** Rows of one label file, whatever text form it has; undefined when it is none of them. */
export function parseLabelFile(name: string, text: string): LabelRow[] | undefined {
  const t = text.trim();
  if (t === '') return [];
  if (/\.jsonl$/i.test(name) || (t.startsWith('{') && t.includes('\n{'))) {
    return t
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        try {
          const row = rowOf(JSON.parse(l));
          return row ? [row] : [];
        } catch {
          return [];
        }
      });
  }
  if (/\.json$/i.test(name) || t.startsWith('[') || t.startsWith('{')) {
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      return undefined;
    }
    if (Array.isArray(v))
      return v.flatMap((o) =>
        o && typeof o === 'object' ? [rowOf(o as Record<string, unknown>)].filter((r): r is LabelRow => !!r) : [],
      );
    if (v && typeof v === 'object') return Object.entries(v).map(([id, labels]) => ({ id, labels: labelList(labels) }));
    return undefined;
  }
  const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0] ?? '';
  const sep = first.includes('\t') ? '\t' : /\.csv$/i.test(name) ? ',' : /\s+/;
  const cells = (l: string) => l.split(sep).map((c) => c.trim().replace(/^"|"$/g, ''));
  const header = cells(first).map((c) => c.toLowerCase());
  if (ID_KEYS.some((k) => header.includes(k))) {
    return lines.slice(1).flatMap((l) => {
      const row = rowOf(Object.fromEntries(cells(l).map((c, i) => [header[i] ?? `c${i}`, c])));
      return row ? [row] : [];
    });
  }
  return lines.map((l) => {
    const [id = '', ...rest] = cells(l);
    return { id, labels: rest.flatMap(labelList) };
  });
}

/** The split a label file holds, from its name. */
function splitOf(name: string): 'train' | 'valid' | 'test' | undefined {
  if (/test/i.test(name)) return 'test';
  if (/valid|val\b|dev/i.test(name)) return 'valid';
  if (/train/i.test(name)) return 'train';
  return undefined;
}

export async function planClsFromHuggingBench(
  files: LabelFile[],
  g: EvalGraph,
  base: string,
): Promise<HuggingBenchPlan<ClsCase>> {
  const resolve = new Resolver(g, base);
  const taskIris = new Set(g.tasks.map((e) => e.o));
  const taskByKey = new Map<string, string>();
  const key = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  for (const iri of taskIris) taskByKey.set(key(decodeURIComponent(iri.slice(iri.lastIndexOf('/') + 1))), iri);
  const byEntity = groupBy(g.tasks, (e) => e.s);
  const resolution: Record<string, Resolution> = {};
  const cases: ClsCase[] = [];
  const seen = new Set<string>();
  const hidden = new Set<string>();
  const tests = files.filter((f) => splitOf(f.name) === 'test');
  if (tests.length === 0)
    throw new Error(`HuggingBench classification: no test label file among ${files.map((f) => f.where).join(', ')}`);
  for (const f of tests) {
    const rows = parseLabelFile(f.name, await f.read());
    if (rows === undefined)
      throw new Error(
        `${f.where}: not a label file this reader knows (JSON, JSON Lines, CSV, TSV or "id<TAB>labels" text)`,
      );
    const r = (resolution[f.name] = tally());
    for (const row of rows) {
      const entity = resolve.item(row.id);
      const kind = entity ? g.kinds.get(entity) : undefined;
      const tasks = new Set(row.labels.map((l) => taskByKey.get(key(l))).filter((t): t is string => t !== undefined));
      const ok = entity !== undefined && (kind === 'model' || kind === 'dataset') && tasks.size > 0;
      note(r, ok, entity === undefined ? row.id : `${row.id} [${row.labels.slice(0, 3).join(', ')}]`);
      if (!ok || seen.has(entity!)) continue;
      seen.add(entity!);
      for (const e of byEntity.get(entity!) ?? []) hidden.add(e.line);
      const own = [...(byEntity.get(entity!) ?? []).map((e) => e.o), ...tasks];
      for (const line of taskRestatements(g, entity!, own)) hidden.add(line);
      cases.push({ entity: entity!, kind: kind as 'model' | 'dataset', tasks });
    }
    requireResolved(f.where, r, 'rows');
  }
  cases.sort((a, b) => byString(a.entity, b.entity));
  return {
    task: 'cls',
    protocol:
      `HuggingBench label files (${tests.map((f) => f.where).join(', ')}); ` +
      `${describeResolution(resolution, 'rows')}`,
    hidden,
    cases,
    resolution,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Plans from the splits found under --huggingbench (eval.ts)

type Say = (message: string) => void;

function announce<P extends HuggingBenchPlan<unknown>>(plan: P, unit: string, say: Say, note?: string): P {
  if (note) say(note);
  say(`${plan.task}: ${describeResolution(plan.resolution, unit)}`);
  return plan;
}

export function recPlan(found: HuggingBenchSplits, g: EvalGraph, base: string, say: Say): HuggingBenchPlan<RecCase> {
  const { dir, note } = chooseSplit(found, 'rec');
  return announce(planRecFromHuggingBench(dir, g, base), 'interactions', say, note);
}

export function tracePlan(
  found: HuggingBenchSplits,
  g: EvalGraph,
  base: string,
  say: Say,
): HuggingBenchPlan<TraceCase> {
  const { dir, note } = chooseSplit(found, 'trace');
  return announce(planTraceFromHuggingBench(dir, g, base), 'lineage triples', say, note);
}

export async function clsPlan(
  found: HuggingBenchSplits,
  g: EvalGraph,
  base: string,
  say: Say,
): Promise<HuggingBenchPlan<ClsCase>> {
  if (found.cls.length === 0) throw new Error(missingSplit(found, 'cls'));
  return announce(await planClsFromHuggingBench(found.cls, g, base), 'rows', say);
}

/** With --huggingbench and no task named: the tasks whose split is readable, each other one said aloud with why. */
export function tasksWithSplits(found: HuggingBenchSplits, say: Say): TaskName[] {
  const tasks = TASK_NAMES.filter((t) => (t === 'cls' ? found.cls.length > 0 : found[t].length > 0));
  for (const t of TASK_NAMES.filter((x) => !tasks.includes(x))) say(`${t}: skipped, ${missingSplit(found, t)}`);
  if (tasks.length === 0)
    throw new Error(`--huggingbench ${found.root}: no readable HuggingBench split for any task (see above)`);
  return tasks;
}
