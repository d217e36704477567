// **hubscale-models** writes models.jsonl (GET /api/models/{id} shapes) and the models' likes.jsonl lines:
// lineage through `base_model:{relation}:{id}` tags (bases Zipf-chosen among earlier models, depth <= 6),
// pipeline tags inherited along lineage, `dataset:` / `arxiv:` / `license:` tags, cardData and README text.

import { DegreeBudget, distinctSample, Permutation, hashInts, rngFor, streamId } from './hubscale-random.js';
import { hubDates, InDegrees, LANGUAGES, LICENSES, type PassContext } from './hubscale-common.js';
import { FAMILIES, readme } from './hubscale-text.js';
import { NO_TASK, type LineageKind } from './hubscale-world.js';
import { tasteLikers } from './hubscale-taste.js';

export const MAX_LINEAGE_DEPTH = 6;

const S = {
  model: streamId('model.record'),
  base: streamId('model.base'),
  train: streamId('model.trainedOn'),
  cite: streamId('model.cites'),
  likers: streamId('model.likers'),
};

export async function writeModels(ctx: PassContext): Promise<void> {
  const { world, seed, out } = ctx;
  const { nodes, edges } = world.counts;
  const n = nodes.model;
  const depth = new Uint8Array(n);
  const trainSources = Math.min(n, Math.round(edges.model_trainedOrFineTunedOn_dataset / 1.7));
  const citeSources = Math.min(n, Math.round(edges.model_cite_paper / 2.2));
  const trainPerm = new Permutation(n, hashInts(seed, S.train));
  const citePerm = new Permutation(n, hashInts(seed, S.cite));
  const trainBudget = new DegreeBudget(edges.model_trainedOrFineTunedOn_dataset, trainSources);
  const citeBudget = new DegreeBudget(edges.model_cite_paper, citeSources);
  const mergeBudget = new DegreeBudget(edges.model_merge_model - world.lineageModels.merge, world.lineageModels.merge);
  const likes = new InDegrees(seed, 'model.likes', n, edges.user_like_model, 1);

  for (let i = 0; i < n; i++) {
    const rng = rngFor(seed, S.model, i);
    const rel = world.lineageOf(i);
    // Lineage: bases come from earlier models, Zipf by index (model 0 is the most derived-from), depth capped.
    let bases: number[] = [];
    if (rel) {
      const brng = rngFor(seed, S.base, i);
      const count = rel === 'merge' ? 1 + mergeBudget.take(brng, Math.min(i, 5) - 1) : 1;
      const draw = () => {
        for (let t = 0; t < 8; t++) {
          const b = brng.zipf(i, 1);
          if (depth[b]! < MAX_LINEAGE_DEPTH) return b; // b < i < n
        }
        return brng.int(3); // a root
      };
      bases = distinctSample(count, i, brng, draw);
      depth[i] = 1 + Math.max(...bases.map((b) => depth[b]!));
      const first = bases[0]!; // count >= 1 bases were drawn
      world.modelFamily[i] = world.modelFamily[first]!;
      world.modelSize[i] = world.modelSize[first]!;
    } else {
      world.modelFamily[i] = rng.zipf(FAMILIES.length, 0.8);
      world.modelSize[i] = rng.int(FAMILIES[world.modelFamily[i]!]!.sizes.length);
    }
    const family = FAMILIES[world.modelFamily[i]!]!; // zipf(FAMILIES.length) or a base's family
    if (world.hasPipelineTag(i)) {
      const inherited = bases[0] !== undefined ? world.modelTask[bases[0]]! : NO_TASK;
      const familyTask = world.taskIndex.get(family.task) ?? 0;
      world.modelTask[i] =
        inherited !== NO_TASK && rng.chance(0.85)
          ? inherited
          : rng.chance(0.7)
            ? familyTask
            : rng.zipf(world.tasks.length, 1.1);
    }
    const id = world.modelId(i);
    const author = world.agentName(world.modelPublisher(i));
    const pipelineTag = world.modelTask[i] === NO_TASK ? undefined : world.taskId(world.modelTask[i]!);

    const datasets =
      trainPerm.apply(i) < trainSources
        ? distinctSample(trainBudget.take(rng, Math.min(12, nodes.dataset)), nodes.dataset, rng, () =>
            rng.zipf(nodes.dataset, 1.05),
          )
        : [];
    const papers =
      citePerm.apply(i) < citeSources
        ? distinctSample(citeBudget.take(rng, Math.min(20, nodes.paper)), nodes.paper, rng, () =>
            rng.zipf(nodes.paper, 1.0),
          )
        : [];
    const likeCount = Math.min(nodes.user, likes.next());

    const library = rel === 'adapter' ? 'peft' : rel === 'quantized' && rng.chance(0.6) ? 'gguf' : family.library;
    const license = rng.pick(LICENSES);
    const language = rng.chance(0.6) ? rng.pick(LANGUAGES) : undefined;
    const baseIds = bases.map((b) => world.modelId(b));
    const datasetIds = datasets.map((d) => world.datasetId(d));
    const tags: string[] = [library];
    if (library !== 'gguf') tags.push('safetensors');
    if (pipelineTag) tags.push(pipelineTag);
    if (language) tags.push(language);
    for (const d of datasetIds) tags.push(`dataset:${d}`);
    for (const p of papers) tags.push(`arxiv:${world.paperId(p)}`);
    for (const b of baseIds) tags.push(`base_model:${b}`);
    for (const b of baseIds) tags.push(`base_model:${rel}:${b}`);
    tags.push(`license:${license}`, 'region:us');

    const hasCard = rel !== undefined || rng.chance(0.5);
    const cardData = hasCard ? modelCard(rel, baseIds, datasetIds, license, language, library, pipelineTag) : undefined;
    const dates = hubDates(rng, i, n);
    const record: Record<string, unknown> = {
      _id: rng.objectId(),
      id,
      modelId: id,
      ...(author ? { author } : {}),
      private: false,
      ...(pipelineTag ? { pipeline_tag: pipelineTag } : {}),
      library_name: library,
      tags,
      downloads: Math.floor(likeCount * rng.logNormal(60, 1.5) + rng.logNormal(3, 2)),
      likes: likeCount,
      lastModified: dates.lastModified,
      createdAt: dates.createdAt,
      gated: false,
      disabled: false,
      ...(cardData ? { cardData } : {}),
      ...(cardData && ctx.readme ? { readme: readme(rng, id.split('/').pop()!, cardData) } : {}),
    };
    const w1 = out.models.write(record);
    if (w1) await w1;
    if (likeCount > 0) {
      const lrng = rngFor(seed, S.likers, i);
      // the item's topic: its task, else its family's
      const own = world.modelTask[i]; // always set for i < nodes.model: the guard only narrows the type
      const topic = own !== undefined && own !== NO_TASK ? own : (world.taskIndex.get(family.task) ?? 0);
      const likers = tasteLikers(likeCount, nodes.user, topic, world.tasks.length, lrng);
      const w2 = out.likes.write({
        repoType: 'model',
        repoId: id,
        likers: likers.map((u) => ({ user: world.userName(u) })),
      });
      if (w2) await w2;
    }
    ctx.tick(1);
  }
}

function modelCard(
  rel: LineageKind | undefined,
  baseIds: string[],
  datasets: string[],
  license: string,
  language: string | undefined,
  library: string,
  pipelineTag: string | undefined,
): Record<string, unknown> {
  const card: Record<string, unknown> = { license, library_name: library };
  if (language) card.language = [language];
  if (datasets.length) card.datasets = datasets;
  if (baseIds.length) card.base_model = baseIds.length === 1 ? baseIds[0] : baseIds;
  if (rel && rel !== 'finetune') card.base_model_relation = rel;
  if (pipelineTag) card.pipeline_tag = pipelineTag;
  card.tags = rel === 'merge' ? ['mergekit', 'merge'] : rel === 'adapter' ? ['lora'] : ['generated_from_trainer'];
  return card;
}
