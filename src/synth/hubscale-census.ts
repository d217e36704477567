// **hubscale-census** counts a snapshot's nodes and HuggingKG relations the way the mapper reads them (tags,
// usage lists, owners, likers, ...), with distinct edges and every reference checked against the ids the snapshot
// describes. It keeps all ids in memory, so it is for checking small snapshots (tests, benchmarks), not F = 1.0.

import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  HUGGINGKG_EDGES,
  HUGGINGKG_NODES,
  type EdgeCounts,
  type EdgeName,
  type NodeCounts,
  type NodeKind,
} from './hubscale-counts.js';

export interface Census {
  nodes: NodeCounts;
  edges: EdgeCounts;
  /** References to ids the snapshot does not describe, as `relation: target`. */
  dangling: string[];
  /** In-degree / out-degree samples for distribution checks. */
  degrees: { modelLikes: number[]; modelDerivatives: Map<string, number>; lineageDepth: Map<string, number> };
}

// biome-ignore lint/suspicious/noExplicitAny: the census reads back the generator's own JSON, whose types it wrote.
type Json = any;

function* jsonl(dir: string, file: string): Generator<Record<string, Json>> {
  const path = join(dir, file);
  if (!existsSync(path)) return;
  for (const line of readFileSync(path, 'utf8').split('\n')) if (line.trim()) yield JSON.parse(line);
}

export function censusSnapshot(dir: string): Census {
  const nodes = Object.fromEntries(Object.keys(HUGGINGKG_NODES).map((k) => [k, 0])) as NodeCounts;
  const edgeSets = new Map<EdgeName, Set<string>>(
    Object.keys(HUGGINGKG_EDGES).map((k) => [k as EdgeName, new Set<string>()]),
  );
  const ids: Record<NodeKind, Set<string>> = {
    task: new Set(),
    model: new Set(),
    dataset: new Set(),
    space: new Set(),
    paper: new Set(),
    collection: new Set(),
    user: new Set(),
    org: new Set(),
  };
  const pending: [EdgeName, NodeKind, string][] = [];
  const edge = (name: EdgeName, from: string, kind: NodeKind, to: string) => {
    edgeSets.get(name)!.add(`${from}\u0000${to}`);
    pending.push([name, kind, to]);
  };
  const files: [string, NodeKind, (r: Json) => string][] = [
    ['tasks.jsonl', 'task', (r) => r.id],
    ['organizations.jsonl', 'org', (r) => r.name],
    ['users.jsonl', 'user', (r) => r.user],
    ['models.jsonl', 'model', (r) => r.id],
    ['datasets.jsonl', 'dataset', (r) => r.id],
    ['spaces.jsonl', 'space', (r) => r.id],
    ['collections.jsonl', 'collection', (r) => r.slug],
    ['papers.jsonl', 'paper', (r) => r.id],
  ];
  for (const [file, kind, idOf] of files)
    for (const r of jsonl(dir, file)) {
      const id = idOf(r);
      if (ids[kind].has(id)) throw new Error(`${file}: duplicate ${kind} id ${id}`);
      ids[kind].add(id);
      nodes[kind]++;
    }
  const publisher = (repo: 'model' | 'dataset' | 'space', r: Json) => {
    if (!r.author) return;
    const org = ids.org.has(r.author);
    edge(`${org ? 'org' : 'user'}_publish_${repo}` as EdgeName, r.id, org ? 'org' : 'user', r.author);
  };
  const modelLikes: number[] = [];
  const modelDerivatives = new Map<string, number>();
  const lineageDepth = new Map<string, number>();
  for (const r of jsonl(dir, 'models.jsonl')) {
    publisher('model', r);
    if (r.pipeline_tag) edge('model_definedFor_task', r.id, 'task', r.pipeline_tag);
    let depth = 0;
    for (const tag of r.tags as string[]) {
      const m = /^base_model:(finetune|adapter|merge|quantized):(.+)$/.exec(tag);
      const base = m?.[2];
      if (m && base) {
        edge(`model_${m[1]}_model` as EdgeName, r.id, 'model', base);
        modelDerivatives.set(base, (modelDerivatives.get(base) ?? 0) + 1);
        depth = Math.max(depth, 1 + (lineageDepth.get(base) ?? 0)); // bases precede their derivatives in the file
      } else if (tag.startsWith('dataset:')) edge('model_trainedOrFineTunedOn_dataset', r.id, 'dataset', tag.slice(8));
      else if (tag.startsWith('arxiv:')) edge('model_cite_paper', r.id, 'paper', tag.slice(6));
    }
    lineageDepth.set(r.id, depth);
    modelLikes.push(r.likes ?? 0);
  }
  for (const r of jsonl(dir, 'datasets.jsonl')) {
    publisher('dataset', r);
    for (const tag of r.tags as string[]) {
      if (tag.startsWith('task_categories:')) edge('dataset_definedFor_task', r.id, 'task', tag.slice(16));
      else if (tag.startsWith('arxiv:')) edge('dataset_cite_paper', r.id, 'paper', tag.slice(6));
    }
  }
  for (const r of jsonl(dir, 'spaces.jsonl')) {
    publisher('space', r);
    for (const m of r.models ?? []) edge('space_use_model', r.id, 'model', m);
    for (const d of r.datasets ?? []) edge('space_use_dataset', r.id, 'dataset', d);
  }
  for (const r of jsonl(dir, 'collections.jsonl')) {
    edge(`${r.owner.type}_own_collection` as EdgeName, r.slug, r.owner.type, r.owner.name);
    for (const it of r.items) edge(`collection_contain_${it.type}` as EdgeName, r.slug, it.type, it.id);
  }
  for (const r of jsonl(dir, 'papers.jsonl'))
    for (const a of r.authors) if (a.user) edge('user_publish_paper', r.id, 'user', a.user.user);
  for (const r of jsonl(dir, 'likes.jsonl')) {
    if (!ids[r.repoType as NodeKind].has(r.repoId))
      pending.push([`user_like_${r.repoType}` as EdgeName, r.repoType, r.repoId]);
    for (const l of r.likers) edge(`user_like_${r.repoType}` as EdgeName, r.repoId, 'user', l.user);
  }
  for (const r of jsonl(dir, 'follows.jsonl')) {
    if (!ids[r.kind as NodeKind].has(r.name)) pending.push([`user_follow_${r.kind}` as EdgeName, r.kind, r.name]);
    for (const f of r.followers) {
      if (f.user === r.name) throw new Error(`follows.jsonl: ${r.name} follows itself`);
      edge(`user_follow_${r.kind}` as EdgeName, r.name, 'user', f.user);
    }
  }
  for (const r of jsonl(dir, 'members.jsonl')) {
    if (!ids.org.has(r.org)) pending.push(['user_affiliatedWith_org', 'org', r.org]);
    for (const m of r.members) edge('user_affiliatedWith_org', r.org, 'user', m.user);
  }
  const edges = Object.fromEntries([...edgeSets].map(([k, s]) => [k, s.size])) as EdgeCounts;
  const dangling = pending.filter(([, kind, id]) => !ids[kind].has(id)).map(([name, , id]) => `${name}: ${id}`);
  return { nodes, edges, dangling, degrees: { modelLikes, modelDerivatives, lineageDepth } };
}
