// **hubscale-repos** writes datasets.jsonl and spaces.jsonl (Hub API shapes) with their likes.jsonl lines:
// dataset tasks as `task_categories:` tags, citations as `arxiv:` tags, spaces' `models` / `datasets` usage lists.

import { DegreeBudget, distinctSample, Permutation, hashInts, rngFor, streamId } from './hubscale-random.js';
import { hubDates, InDegrees, LANGUAGES, LICENSES, type PassContext } from './hubscale-common.js';
import { readme, titleWords } from './hubscale-text.js';
import { tasteLikers } from './hubscale-taste.js';
import { NO_TASK } from './hubscale-world.js';

const S = {
  dataset: streamId('dataset.record'),
  dtask: streamId('dataset.task'),
  dcite: streamId('dataset.cites'),
  dlikers: streamId('dataset.likers'),
  space: streamId('space.record'),
  smodel: streamId('space.models'),
  sdata: streamId('space.datasets'),
  slikers: streamId('space.likers'),
};

const SIZES = ['n<1K', '1K<n<10K', '10K<n<100K', '100K<n<1M', '1M<n<10M', '10M<n<100M'];
const FORMATS = ['parquet', 'json', 'csv', 'imagefolder', 'audiofolder', 'text'];
const MODALITIES = ['text', 'image', 'audio', 'tabular', 'video'];
const SDKS: [string, number][] = [
  ['gradio', 0.7],
  ['streamlit', 0.15],
  ['docker', 0.1],
  ['static', 0.05],
];
const EMOJI = ['🚀', '🤗', '🔥', '🦙', '🎨', '📊', '🐢', '🌍', '💬', '🎵'];
const COLORS = ['red', 'yellow', 'green', 'blue', 'indigo', 'purple', 'pink', 'gray'];

export async function writeDatasets(ctx: PassContext): Promise<void> {
  const { world, seed, out } = ctx;
  const { nodes, edges } = world.counts;
  const n = nodes.dataset;
  const taskSources = Math.min(n, Math.round(edges.dataset_definedFor_task / 1.3));
  const citeSources = Math.min(n, Math.round(edges.dataset_cite_paper / 1.5));
  const taskPerm = new Permutation(n, hashInts(seed, S.dtask));
  const citePerm = new Permutation(n, hashInts(seed, S.dcite));
  const taskBudget = new DegreeBudget(edges.dataset_definedFor_task, taskSources);
  const citeBudget = new DegreeBudget(edges.dataset_cite_paper, citeSources);
  const likes = new InDegrees(seed, 'dataset.likes', n, edges.user_like_dataset, 1);

  for (let j = 0; j < n; j++) {
    const rng = rngFor(seed, S.dataset, j);
    const id = world.datasetId(j);
    const author = world.agentName(world.datasetPublisher(j));
    const taskIndices =
      taskPerm.apply(j) < taskSources
        ? distinctSample(taskBudget.take(rng, 4), world.tasks.length, rng, () => rng.zipf(world.tasks.length, 1.1))
        : [];
    const tasks = taskIndices.map((t) => world.taskId(t));
    const papers =
      citePerm.apply(j) < citeSources
        ? distinctSample(citeBudget.take(rng, Math.min(5, nodes.paper)), nodes.paper, rng, () =>
            rng.zipf(nodes.paper, 1),
          ).map((p) => world.paperId(p))
        : [];
    const likeCount = Math.min(nodes.user, likes.next());
    const license = rng.pick(LICENSES);
    const language = rng.pick(LANGUAGES);
    const size = rng.pick(SIZES);
    const tags = [
      ...tasks.map((t) => `task_categories:${t}`),
      `language:${language}`,
      `license:${license}`,
      `size_categories:${size}`,
      `format:${rng.pick(FORMATS)}`,
      `modality:${rng.pick(MODALITIES)}`,
      ...papers.map((p) => `arxiv:${p}`),
      'region:us',
    ];
    const hasCard = tasks.length > 0 || rng.chance(0.5);
    const cardData = hasCard
      ? { license, language: [language], size_categories: [size], ...(tasks.length ? { task_categories: tasks } : {}) }
      : undefined;
    const dates = hubDates(rng, j, n);
    const record: Record<string, unknown> = {
      _id: rng.objectId(),
      id,
      ...(author ? { author } : {}),
      private: false,
      gated: false,
      disabled: false,
      tags,
      downloads: Math.floor(likeCount * rng.logNormal(40, 1.5) + rng.logNormal(2, 2)),
      likes: likeCount,
      lastModified: dates.lastModified,
      createdAt: dates.createdAt,
      ...(cardData ? { cardData } : {}),
      ...(cardData && ctx.readme ? { readme: readme(rng, titleWords(rng, 3), cardData) } : {}),
    };
    const w1 = out.datasets.write(record);
    if (w1) await w1;
    if (likeCount > 0) {
      const lrng = rngFor(seed, S.dlikers, j);
      // the item's topic: its first task, else any (by its index)
      const likers = tasteLikers(likeCount, nodes.user, taskIndices[0] ?? j, world.tasks.length, lrng);
      const w2 = out.likes.write({
        repoType: 'dataset',
        repoId: id,
        likers: likers.map((u) => ({ user: world.userName(u) })),
      });
      if (w2) await w2;
    }
    ctx.tick(1);
  }
}

export async function writeSpaces(ctx: PassContext): Promise<void> {
  const { world, seed, out } = ctx;
  const { nodes, edges } = world.counts;
  const n = nodes.space;
  const modelSources = Math.min(n, Math.round(edges.space_use_model / 1.6));
  const dataSources = Math.min(n, Math.round(edges.space_use_dataset / 1.2));
  const modelPerm = new Permutation(n, hashInts(seed, S.smodel));
  const dataPerm = new Permutation(n, hashInts(seed, S.sdata));
  const modelBudget = new DegreeBudget(edges.space_use_model, modelSources);
  const dataBudget = new DegreeBudget(edges.space_use_dataset, dataSources);
  const likes = new InDegrees(seed, 'space.likes', n, edges.user_like_space, 1);

  for (let k = 0; k < n; k++) {
    const rng = rngFor(seed, S.space, k);
    const id = world.spaceId(k);
    const author = world.agentName(world.spacePublisher(k));
    const modelIndices =
      modelPerm.apply(k) < modelSources
        ? distinctSample(modelBudget.take(rng, Math.min(12, nodes.model)), nodes.model, rng, () =>
            rng.zipf(nodes.model, 1),
          )
        : [];
    const models = modelIndices.map((m) => world.modelId(m));
    const datasets =
      dataPerm.apply(k) < dataSources
        ? distinctSample(dataBudget.take(rng, Math.min(4, nodes.dataset)), nodes.dataset, rng, () =>
            rng.zipf(nodes.dataset, 1),
          ).map((d) => world.datasetId(d))
        : [];
    const likeCount = Math.min(nodes.user, likes.next());
    let r = rng.next();
    let sdk = SDKS[0]![0];
    for (const [name, p] of SDKS) {
      if (r < p) {
        sdk = name;
        break;
      }
      r -= p;
    }
    const title = titleWords(rng, 2 + rng.int(3));
    const dates = hubDates(rng, k, n);
    const record: Record<string, unknown> = {
      _id: rng.objectId(),
      id,
      ...(author ? { author } : {}),
      private: false,
      sdk,
      tags: [sdk, 'region:us'],
      likes: likeCount,
      lastModified: dates.lastModified,
      createdAt: dates.createdAt,
      cardData: {
        title,
        emoji: rng.pick(EMOJI),
        colorFrom: rng.pick(COLORS),
        colorTo: rng.pick(COLORS),
        sdk,
        ...(sdk === 'gradio' || sdk === 'streamlit' ? { app_file: 'app.py' } : {}),
        pinned: false,
      },
      subdomain: id.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      runtime: { stage: 'RUNNING' },
      models,
      datasets,
    };
    const w1 = out.spaces.write(record);
    if (w1) await w1;
    if (likeCount > 0) {
      const lrng = rngFor(seed, S.slikers, k);
      // the item's topic: the task of the first model it uses, else any (by its index)
      const first = modelIndices[0];
      const own = first !== undefined ? world.modelTask[first] : undefined;
      const topic = own !== undefined && own !== NO_TASK ? own : k;
      const likers = tasteLikers(likeCount, nodes.user, topic, world.tasks.length, lrng);
      const w2 = out.likes.write({
        repoType: 'space',
        repoId: id,
        likers: likers.map((u) => ({ user: world.userName(u) })),
      });
      if (w2) await w2;
    }
    ctx.tick(1);
  }
}
