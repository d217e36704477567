// **HuggingBench split files**: reads the benchmark's own splits so a user holding the real data runs the paper's protocol
// on this graph. Recommendation (SSLRec/KGAT layout): train.txt, valid.txt, test.txt with lines `uid iid iid ...`, and
// user_list.txt / item_list.txt mapping `org_id remap_id` (first line a header). Tracing (LibKGE layout): training.txt,
// validation.txt, test.txt with `head<TAB>relation<TAB>tail`, HuggingKG direction (base model_finetune_model derived).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entityIri } from '../iri.js';
import type { Plan } from './common.js';
import { byString, groupBy } from './common.js';
import type { EvalGraph } from './graph-scan.js';
import type { RecCase } from './rec.js';
import { stepLines, type TraceCase } from './trace.js';

const LINEAGE_RELATIONS = new Set(['model_finetune_model', 'model_adapter_model', 'model_merge_model', 'model_quantized_model']);

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

/** `org_id remap_id` lists -> remap id -> original id; absent file: ids are used as they are. */
function readIdList(file: string): Map<string, string> | undefined {
  if (!existsSync(file)) return undefined;
  const map = new Map<string, string>();
  readLines(file).forEach((line, i) => {
    const parts = line.split(/\s+/);
    if (i === 0 && /org_id/i.test(line)) return; // header
    if (parts.length < 2) throw new Error(`${file}:${i + 1}: expected "org_id remap_id", got ${JSON.stringify(line.slice(0, 80))}`);
    map.set(parts[1], parts[0]);
  });
  return map;
}

/** A Hub id, `kind/id` or IRI -> the graph's IRI; items by hkg:hubId (model before dataset before space). */
class Resolver {
  private readonly byHubId = new Map<string, string>();

  constructor(private readonly g: EvalGraph, private readonly base: string) {
    const order = { model: 0, dataset: 1, space: 2 } as const;
    const entries = [...g.hubIds.entries()].filter(([iri]) => g.kinds.has(iri));
    entries.sort((a, b) => order[g.kinds.get(b[0])!] - order[g.kinds.get(a[0])!]);
    for (const [iri, id] of entries) this.byHubId.set(id, iri);
  }

  item(id: string): string | undefined {
    if (/^https?:\/\//.test(id)) return id;
    return this.byHubId.get(id);
  }

  user(id: string): string {
    return /^https?:\/\//.test(id) ? id : entityIri(this.base, 'user', id);
  }

  model(id: string): string {
    return /^https?:\/\//.test(id) ? id : entityIri(this.base, 'model', id);
  }
}

function readInteractions(file: string, users?: Map<string, string>, items?: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  readLines(file).forEach((line, i) => {
    const [uid, ...iids] = line.split(/\s+/);
    const user = users ? users.get(uid) : uid;
    if (user === undefined) throw new Error(`${file}:${i + 1}: user ${uid} is not in user_list.txt`);
    const list = out.get(user) ?? [];
    for (const iid of iids) {
      const item = items ? items.get(iid) : iid;
      if (item === undefined) throw new Error(`${file}:${i + 1}: item ${iid} is not in item_list.txt`);
      list.push(item);
    }
    out.set(user, list);
  });
  return out;
}

export function planRecFromHuggingBench(dir: string, g: EvalGraph, base: string): Plan<RecCase> & { unresolved: number } {
  for (const f of ['train.txt', 'test.txt']) if (!existsSync(join(dir, f))) throw new Error(`${dir}: no ${f} (HuggingBench recommendation split)`);
  const users = readIdList(join(dir, 'user_list.txt'));
  const items = readIdList(join(dir, 'item_list.txt'));
  const resolve = new Resolver(g, base);
  let unresolved = 0;
  const read = (name: string) => {
    const file = join(dir, name);
    const raw = existsSync(file) ? readInteractions(file, users, items) : new Map<string, string[]>();
    const resolved = new Map<string, Set<string>>();
    for (const [u, list] of raw) {
      const set = new Set<string>();
      for (const id of list) {
        const iri = resolve.item(id);
        if (iri) set.add(iri);
        else unresolved++;
      }
      resolved.set(resolve.user(u), set);
    }
    return resolved;
  };
  const train = read('train.txt');
  const valid = read('valid.txt');
  const test = read('test.txt');
  const heldOut = new Set<string>();
  for (const split of [valid, test]) for (const [u, set] of split) for (const i of set) heldOut.add(`${u} ${i}`);
  const hidden = new Set(g.likes.filter((e) => heldOut.has(`${e.s} ${e.o}`)).map((e) => e.line));
  const cases = [...test.entries()].filter(([, set]) => set.size > 0).sort((a, b) => byString(a[0], b[0]))
    .map(([user, set]) => ({ user, test: set, train: train.get(user) ?? new Set<string>() }));
  return { task: 'rec', protocol: `HuggingBench split files (${dir})`, hidden, cases, unresolved };
}

export function planTraceFromHuggingBench(dir: string, g: EvalGraph, base: string): Plan<TraceCase> {
  const resolve = new Resolver(g, base);
  const read = (name: string) => {
    const file = join(dir, name);
    if (!existsSync(file)) return [];
    return readLines(file).map((line, i) => {
      const parts = line.split('\t');
      if (parts.length !== 3) throw new Error(`${file}:${i + 1}: expected head<TAB>relation<TAB>tail`);
      const [head, relation, tail] = parts;
      return { base: resolve.model(head), relation, derived: resolve.model(tail) };
    }).filter((t) => LINEAGE_RELATIONS.has(t.relation));
  };
  if (!existsSync(join(dir, 'test.txt'))) throw new Error(`${dir}: no test.txt (HuggingBench tracing split)`);
  const all = [...read('training.txt'), ...read('validation.txt'), ...read('test.txt')];
  const basesOf = groupBy(all, (t) => t.derived);
  const hidden = new Set<string>();
  const cases: TraceCase[] = [];
  for (const t of read('test.txt')) {
    for (const line of stepLines(g, t.derived, t.base)) hidden.add(line);
    const others = new Set((basesOf.get(t.derived) ?? []).map((x) => x.base).filter((b) => b !== t.base));
    cases.push({ model: t.derived, base: t.base, otherBases: others });
  }
  return { task: 'trace', protocol: `HuggingBench split files (${dir})`, hidden, cases };
}
