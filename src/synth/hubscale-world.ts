// **hubscale-world** is the id space of one synthetic Hub: who publishes what and every entity's id, each computed
// from (seed, kind, index) so a reference to "model 42" needs no stored list. The only state is three bytes per
// model (family, size, pipeline task), filled by the model pass, because lineage makes them inherited.

import { defaultTasks, type TaskInfo } from '../hub/tasks.js';
import { scaledCounts, type ScaledCounts } from './hubscale-counts.js';
import { Permutation, rngFor, streamId, hashInts, mix32 } from './hubscale-random.js';
import { FAMILIES, LINEAGE_SUFFIX, orgName, slugWords, userName } from './hubscale-text.js';

export type Publisher = { kind: 'user' | 'org'; index: number } | { kind: 'none'; index: -1 };
export type LineageKind = 'adapter' | 'finetune' | 'quantized' | 'merge';

/** The five rare pipeline tags left out so the taxonomy has HuggingKG's 52 tasks. */
const LEFT_OUT_TASKS = new Set([
  'other',
  'image-text-to-video',
  'image-text-to-image',
  'video-to-video',
  'visual-document-retrieval',
]);
export const NO_TASK = 255;

/** Pipeline tags by Hub popularity (most used first); the rest of the taxonomy follows in library order. */
const POPULAR_TASKS = [
  'text-generation',
  'text-classification',
  'text-to-image',
  'automatic-speech-recognition',
  'reinforcement-learning',
  'token-classification',
  'feature-extraction',
  'sentence-similarity',
  'image-classification',
  'fill-mask',
  'question-answering',
  'translation',
  'summarization',
  'image-text-to-text',
  'text-to-speech',
  'object-detection',
  'image-segmentation',
  'audio-classification',
  'zero-shot-classification',
  'image-to-text',
];

const S = {
  modelPub: streamId('model.publisher'),
  datasetPub: streamId('dataset.publisher'),
  spacePub: streamId('space.publisher'),
  collOwner: streamId('collection.owner'),
  lineage: streamId('model.lineage'),
  task: streamId('model.task'),
  names: streamId('names'),
};

export class HubWorld {
  readonly counts: ScaledCounts;
  readonly tasks: TaskInfo[];
  readonly taskIndex: Map<string, number>;
  /** Per model: family (index into FAMILIES), size (index into its sizes), task (index into tasks or NO_TASK). */
  readonly modelFamily: Uint8Array;
  readonly modelSize: Uint8Array;
  readonly modelTask: Uint8Array;
  private readonly modelPub: Permutation;
  private readonly datasetPub: Permutation;
  private readonly spacePub: Permutation;
  private readonly collOwner: Permutation;
  private readonly lineagePerm: Permutation;
  private readonly taskPerm: Permutation;
  /** Lineage quotas: derived models per relation (merge counts models, each with >= 2 bases). */
  readonly lineageModels: Record<LineageKind, number>;

  constructor(
    readonly scale: number,
    readonly seed: number,
  ) {
    this.counts = scaledCounts(scale);
    const { nodes, edges } = this.counts;
    const all = defaultTasks().filter((t) => !LEFT_OUT_TASKS.has(t.id));
    const rank = (id: string) => {
      const r = POPULAR_TASKS.indexOf(id);
      return r < 0 ? POPULAR_TASKS.length : r;
    };
    this.tasks = all
      .map((t, i) => ({ t, i }))
      .sort((a, b) => rank(a.t.id) - rank(b.t.id) || a.i - b.i)
      .map((x) => x.t);
    this.taskIndex = new Map(this.tasks.map((t, i) => [t.id, i]));
    this.modelFamily = new Uint8Array(nodes.model);
    this.modelSize = new Uint8Array(nodes.model);
    this.modelTask = new Uint8Array(nodes.model).fill(NO_TASK);
    this.modelPub = new Permutation(nodes.model, hashInts(seed, S.modelPub));
    this.datasetPub = new Permutation(nodes.dataset, hashInts(seed, S.datasetPub));
    this.spacePub = new Permutation(nodes.space, hashInts(seed, S.spacePub));
    this.collOwner = new Permutation(nodes.collection, hashInts(seed, S.collOwner));
    this.lineagePerm = new Permutation(Math.max(1, nodes.model - 3), hashInts(seed, S.lineage));
    this.taskPerm = new Permutation(nodes.model, hashInts(seed, S.task));
    const mergeModels = Math.min(Math.floor(edges.model_merge_model / 2), Math.round(edges.model_merge_model / 2.4));
    this.lineageModels = {
      adapter: edges.model_adapter_model,
      finetune: edges.model_finetune_model,
      quantized: edges.model_quantized_model,
      merge: mergeModels,
    };
  }

  // ---- agents -------------------------------------------------------------------------------------------------

  userName(u: number): string {
    return userName(rngFor(this.seed, S.names, u * 8 + 1), u);
  }
  orgName(o: number): string {
    return orgName(rngFor(this.seed, S.names, o * 8 + 2), o);
  }
  agentName(p: Publisher): string | undefined {
    return p.kind === 'user' ? this.userName(p.index) : p.kind === 'org' ? this.orgName(p.index) : undefined;
  }

  /**
   * Publisher of repository i: the permutation puts exactly `orgCount` repositories with orgs, `userCount` with users
   * and the rest (legacy un-namespaced ids) with none; which user/org is Zipf-distributed (a few publish thousands).
   */
  private publisher(perm: Permutation, i: number, userCount: number, orgCount: number, stream: number): Publisher {
    const r = perm.apply(i);
    const rng = rngFor(this.seed, stream, i);
    if (r < orgCount) return { kind: 'org', index: rng.zipf(this.counts.nodes.org, 1.1) };
    if (r < orgCount + userCount) return { kind: 'user', index: rng.zipf(this.counts.nodes.user, 0.95) };
    return { kind: 'none', index: -1 };
  }

  modelPublisher(i: number): Publisher {
    const { edges } = this.counts;
    return this.publisher(this.modelPub, i, edges.user_publish_model, edges.org_publish_model, S.modelPub);
  }
  datasetPublisher(j: number): Publisher {
    const { edges } = this.counts;
    return this.publisher(this.datasetPub, j, edges.user_publish_dataset, edges.org_publish_dataset, S.datasetPub);
  }
  spacePublisher(k: number): Publisher {
    const { edges } = this.counts;
    return this.publisher(this.spacePub, k, edges.user_publish_space, edges.org_publish_space, S.spacePub);
  }
  collectionOwner(c: number): Publisher {
    const { edges } = this.counts;
    const p = this.publisher(this.collOwner, c, edges.user_own_collection, edges.org_own_collection, S.collOwner);
    // Every collection has an owner on the Hub; a rounding leftover goes to a user.
    return p.kind === 'none'
      ? { kind: 'user', index: rngFor(this.seed, S.collOwner, c).zipf(this.counts.nodes.user) }
      : p;
  }

  // ---- models ---------------------------------------------------------------------------------------------------

  /** The lineage relation of model i, or undefined for a root (models 0..2 are always roots). */
  lineageOf(i: number): LineageKind | undefined {
    if (i < 3) return undefined;
    let r = this.lineagePerm.apply(i - 3);
    for (const k of ['adapter', 'finetune', 'quantized', 'merge'] as const) {
      if (r < this.lineageModels[k]) return k;
      r -= this.lineageModels[k];
    }
    return undefined;
  }

  /** Whether model i has a pipeline tag (exactly model_definedFor_task models do). */
  hasPipelineTag(i: number): boolean {
    return this.taskPerm.apply(i) < this.counts.edges.model_definedFor_task;
  }

  /** Model id; valid once the model pass has set the model's family and size (bases always come first). */
  modelId(i: number): string {
    const fam = FAMILIES[this.modelFamily[i]!]!;
    let name = `${fam.name}-${fam.sizes[this.modelSize[i]! % fam.sizes.length]}`;
    const rel = this.lineageOf(i);
    if (rel) {
      const suffixes = LINEAGE_SUFFIX[rel];
      name += '-' + suffixes[mix32(hashInts(this.seed, i, 7)) % suffixes.length];
    }
    name += `-${i}`;
    const author = this.agentName(this.modelPublisher(i));
    return author ? `${author}/${name}` : name;
  }

  // ---- other repositories ---------------------------------------------------------------------------------------

  datasetId(j: number): string {
    const name = `${slugWords(rngFor(this.seed, S.names, j * 8 + 3), 2)}-${j}`;
    const author = this.agentName(this.datasetPublisher(j));
    return author ? `${author}/${name}` : name;
  }

  spaceId(k: number): string {
    const name = `${slugWords(rngFor(this.seed, S.names, k * 8 + 4), 2)}-demo-${k}`;
    const author = this.agentName(this.spacePublisher(k));
    return author ? `${author}/${name}` : name;
  }

  /** arXiv-style id `YYMM.NNNNN`, unique for index < 12M (120 months x 99,999 numbers). */
  paperId(p: number): string {
    const month = p % 120;
    const yy = 15 + Math.floor(month / 12);
    const mm = (month % 12) + 1;
    return `${yy}${String(mm).padStart(2, '0')}.${String(Math.floor(p / 120) + 1).padStart(5, '0')}`;
  }

  collectionSlug(c: number): string {
    const owner = this.agentName(this.collectionOwner(c))!;
    const rng = rngFor(this.seed, S.names, c * 8 + 5);
    const hex =
      (hashInts(this.seed, c, 11) >>> 0).toString(16).padStart(8, '0') +
      (hashInts(this.seed, c, 12) >>> 0).toString(16).padStart(8, '0') +
      c.toString(16).padStart(8, '0');
    return `${owner}/${slugWords(rng, 2)}-${hex}`;
  }

  taskId(t: number): string {
    const task = this.tasks[t];
    if (!task) throw new Error(`synth: no task ${t} (${this.tasks.length} tasks)`);
    return task.id;
  }
}
