// **hubscale-counts** is the HuggingKG size table (crawl of 2024-12-15, SIGIR 2025 resource paper) that the scale
// generator reproduces at F = 1.0, and its scaling to any factor F. Relation names are those of src/relations.ts.

/** Node counts per entity kind at F = 1.0. */
export const HUGGINGKG_NODES = {
  task: 52,
  model: 1_202_732,
  dataset: 261_663,
  space: 307_789,
  paper: 15_857,
  collection: 79_543,
  user: 729_401,
  org: 17_233,
} as const;

/** Edge counts per HuggingKG relation at F = 1.0. */
export const HUGGINGKG_EDGES = {
  model_definedFor_task: 532_391,
  model_adapter_model: 155_642,
  model_finetune_model: 107_162,
  model_merge_model: 20_003,
  model_quantized_model: 45_809,
  model_trainedOrFineTunedOn_dataset: 96_546,
  model_cite_paper: 272_455,
  dataset_definedFor_task: 38_193,
  dataset_cite_paper: 10_411,
  space_use_model: 312_904,
  space_use_dataset: 5_071,
  collection_contain_model: 134_515,
  collection_contain_dataset: 40_771,
  collection_contain_space: 53_833,
  collection_contain_paper: 42_980,
  user_publish_model: 1_073_429,
  user_publish_dataset: 197_226,
  user_publish_space: 294_808,
  user_publish_paper: 25_999,
  user_own_collection: 74_089,
  user_like_model: 1_144_281,
  user_like_dataset: 236_419,
  user_like_space: 586_316,
  user_follow_user: 306_135,
  user_follow_org: 170_232,
  user_affiliatedWith_org: 57_220,
  org_publish_model: 128_804,
  org_publish_dataset: 64_300,
  org_publish_space: 12_956,
  org_own_collection: 5_453,
} as const;

export type NodeKind = keyof typeof HUGGINGKG_NODES;
export type EdgeName = keyof typeof HUGGINGKG_EDGES;
export type NodeCounts = Record<NodeKind, number>;
export type EdgeCounts = Record<EdgeName, number>;

export interface ScaledCounts {
  nodes: NodeCounts;
  edges: EdgeCounts;
}

/**
 * The table at factor F. Tasks are a fixed taxonomy (52 at every scale). Every other kind keeps at least a handful
 * of nodes so tiny scales still have something to point at; an edge count never exceeds what its endpoints allow
 * (e.g. at most one pipeline tag per model, one publisher per repository).
 */
export function scaledCounts(scale: number): ScaledCounts {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  const nodes = {} as NodeCounts;
  for (const [kind, n] of Object.entries(HUGGINGKG_NODES) as [NodeKind, number][]) {
    nodes[kind] = kind === 'task' ? n : Math.max(kind === 'model' ? 8 : 4, Math.round(n * scale));
  }
  const edges = {} as EdgeCounts;
  for (const [name, n] of Object.entries(HUGGINGKG_EDGES) as [EdgeName, number][]) edges[name] = Math.round(n * scale);

  // One publisher per repository, one owner per collection.
  const fit = (a: EdgeName, b: EdgeName, max: number) => {
    const sum = edges[a] + edges[b];
    if (sum > max) {
      edges[a] = Math.round((edges[a] * max) / sum);
      edges[b] = max - edges[a];
    }
  };
  fit('user_publish_model', 'org_publish_model', nodes.model);
  fit('user_publish_dataset', 'org_publish_dataset', nodes.dataset);
  fit('user_publish_space', 'org_publish_space', nodes.space);
  fit('user_own_collection', 'org_own_collection', nodes.collection);
  edges.model_definedFor_task = Math.min(edges.model_definedFor_task, nodes.model);
  // Lineage: the first three models are roots, so at most model - 3 derived models (merges need >= 2 bases each).
  const derivable = nodes.model - 3;
  const single = edges.model_adapter_model + edges.model_finetune_model + edges.model_quantized_model;
  if (single + Math.ceil(edges.model_merge_model / 2) > derivable) {
    const f = derivable / (single + Math.ceil(edges.model_merge_model / 2));
    for (const k of [
      'model_adapter_model',
      'model_finetune_model',
      'model_quantized_model',
      'model_merge_model',
    ] as const)
      edges[k] = Math.floor(edges[k] * f);
  }
  return { nodes, edges };
}
