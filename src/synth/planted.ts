// **Planted-structure snapshot generator**: a seeded, deterministic Hub snapshot (docs/architecture.md: snapshot)
// whose structure the canned queries should find, so `huggingkg eval` can show by how much they beat popularity and
// random baselines.
//
// What is planted (and what is noise):
// - users have one or two latent favourite tasks and like mostly items of those tasks (80%), often lineage relatives of
//   what they already like (30% of those), otherwise anything popular;
// - lineage families: derived models pick a base by preferential attachment; their name contains the base's name (60%)
//   and their card names the base's id (60%); cards also name unrelated models (15%);
// - tasks are inherited along lineage (85%), else random; datasets have their task; models are trained on datasets of
//   their task (and share their base's datasets, 40%);
// - organizations have a main task; users follow accounts that share their taste (70%), else anyone.

import { mkdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from './random.js';
import { WeightedPicker } from './planted-random.js';
import { byString } from '../util/compare.js';

export interface PlantedOptions {
  out: string;
  seed?: number;
  /** Multiplies the default sizes (scale 1: 1,500 models, 300 datasets, 800 users, 40 organizations). */
  scale?: number;
}

export interface PlantedSummary {
  seed: number;
  scale: number;
  models: number;
  datasets: number;
  users: number;
  organizations: number;
  likes: number;
  follows: number;
  lineageEdges: number;
}

/** Real @huggingface/tasks ids, so the mapper knows them. */
export const PLANTED_TASKS = [
  'text-generation',
  'text-classification',
  'token-classification',
  'question-answering',
  'translation',
  'summarization',
  'fill-mask',
  'image-classification',
  'object-detection',
  'text-to-image',
  'automatic-speech-recognition',
  'feature-extraction',
] as const;

const WORDS = [
  'nova',
  'lumen',
  'astra',
  'orca',
  'falcon',
  'zephyr',
  'atlas',
  'ember',
  'quartz',
  'sable',
  'tundra',
  'willow',
  'cobalt',
  'delta',
  'echo',
  'fable',
  'gale',
  'harbor',
  'iris',
  'juniper',
  'kestrel',
  'lotus',
  'mesa',
  'nimbus',
  'onyx',
  'prism',
  'quill',
  'raven',
  'sierra',
  'tango',
  'umber',
  'vortex',
  'wren',
  'yarrow',
  'zenith',
  'basalt',
  'cinder',
  'dune',
];
const SIZES = ['small', 'base', 'large', '1b', '3b', '7b', '13b', 'tiny', 'mini', 'xl'];
const SUFFIX: Record<Relation, string[]> = {
  finetune: ['finetuned', 'ft', 'instruct', 'chat', 'sft', 'tuned'],
  adapter: ['lora', 'adapter', 'peft', 'qlora'],
  quantized: ['GGUF', 'AWQ', 'GPTQ', '4bit', 'int8'],
  merge: ['merge', 'slerp', 'ties', 'mix'],
};
const LICENSES = ['apache-2.0', 'mit', 'cc-by-4.0', 'cc-by-nc-4.0', 'llama2', 'openrail', 'gpl-3.0'];

type Relation = 'finetune' | 'adapter' | 'quantized' | 'merge';

interface Model {
  id: string;
  author: string;
  short: string;
  task: string;
  base?: number;
  relation?: Relation;
  datasets: string[];
  license: string;
  created: number;
  mentions: string[];
  derivedCount: number;
}

/** Buffered JSON Lines writer (one file per kind). */
class JsonlWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  count = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(record: unknown): void {
    this.buffer.push(JSON.stringify(record));
    this.count++;
    if (this.buffer.length >= 2000) this.flush();
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const DAY = 86_400_000;
const START = Date.UTC(2020, 0, 1);
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, '.000Z');

export function generatePlanted(options: PlantedOptions): PlantedSummary {
  const seed = options.seed ?? 1;
  const scale = options.scale ?? 1;
  const rng = new Rng(seed);
  const nModels = Math.max(50, Math.round(1500 * scale));
  const nDatasets = Math.max(12, Math.round(300 * scale));
  const nUsers = Math.max(30, Math.round(800 * scale));
  const nOrgs = Math.max(6, Math.round(40 * scale));
  const tasks = PLANTED_TASKS;
  mkdirSync(options.out, { recursive: true });

  // --- accounts
  const orgs = Array.from({ length: nOrgs }, (_, i) => ({
    name: `${rng.pick(WORDS)}-labs-${i}`,
    task: tasks[i % tasks.length],
  }));
  const users = Array.from({ length: nUsers }, (_, i) => {
    const first = rng.int(tasks.length);
    const favourites = rng.chance(0.5) ? [first, (first + 1 + rng.int(tasks.length - 1)) % tasks.length] : [first];
    return { name: `user${i}-${rng.pick(WORDS)}`, favourites: favourites.map((t) => tasks[t]!) }; // t < tasks.length
  });
  const publisherFor = (task: string): string => {
    if (rng.chance(0.35)) {
      const sameTask = orgs.filter((o) => o.task === task);
      return (sameTask.length > 0 ? rng.pick(sameTask) : rng.pick(orgs)).name;
    }
    return rng.pick(users).name;
  };

  // --- datasets, a few per task
  const datasets = Array.from({ length: nDatasets }, (_, i) => {
    const task = tasks[i % tasks.length]!;
    const author = publisherFor(task);
    return {
      id: `${author}/${rng.pick(WORDS)}-${rng.pick(WORDS)}-corpus-${i}`,
      author,
      task,
      created: START + rng.int(1500) * DAY,
    };
  });
  const datasetsByTask = new Map<string, string[]>(
    tasks.map((t) => [t, datasets.filter((d) => d.task === t).map((d) => d.id)]),
  );

  // --- models: roots first, then derived models attached preferentially (heavy-tailed family sizes)
  const models: Model[] = [];
  const nRoots = Math.max(tasks.length, Math.round(nModels * 0.12));
  const usedNames = new Set<string>();
  const uniqueShort = (stem: string) => {
    let name = stem;
    for (let n = 2; usedNames.has(name); n++) name = `${stem}-v${n}`;
    usedNames.add(name);
    return name;
  };
  for (let i = 0; i < nRoots; i++) {
    const task = tasks[i] ?? rng.pick(tasks);
    const sameTask = orgs.filter((o) => o.task === task);
    const author = (sameTask.length > 0 && rng.chance(0.8) ? rng.pick(sameTask) : rng.pick(orgs)).name;
    const short = uniqueShort(`${rng.pick(WORDS)}-${rng.pick(WORDS)}-${rng.pick(SIZES)}`);
    const own = datasetsByTask.get(task) ?? [];
    models.push({
      id: `${author}/${short}`,
      author,
      short,
      task,
      datasets: own.length > 0 && rng.chance(0.6) ? [rng.pick(own)] : [],
      license: rng.pick(LICENSES),
      created: START + rng.int(700) * DAY,
      mentions: [],
      derivedCount: 0,
    });
  }
  // preferential attachment by tickets: a root starts with 6, a derived model with 1, each derivative adds 2
  const tickets: number[] = [];
  models.forEach((_, i) => tickets.push(i, i, i, i, i, i));
  while (models.length < nModels) {
    const baseIndex = rng.pick(tickets);
    tickets.push(baseIndex, baseIndex, models.length);
    const base = models[baseIndex]!; // tickets hold model indices
    base.derivedCount++;
    const r = rng.next();
    const relation: Relation = r < 0.5 ? 'finetune' : r < 0.75 ? 'adapter' : r < 0.9 ? 'quantized' : 'merge';
    const task = rng.chance(0.85) ? base.task : rng.pick(tasks);
    const author = rng.chance(0.1) ? base.author : publisherFor(task);
    const nameHasBase = rng.chance(0.6);
    const short = uniqueShort(
      nameHasBase
        ? `${base.short}-${rng.pick(SUFFIX[relation])}`
        : `${rng.pick(WORDS)}-${rng.pick(WORDS)}-${rng.pick(SUFFIX[relation])}`,
    );
    const own = datasetsByTask.get(task) ?? [];
    const data = rng.chance(0.4) ? [...base.datasets] : [];
    if (own.length > 0 && rng.chance(0.5)) data.push(rng.pick(own));
    const mentions = rng.chance(0.6) ? [base.id] : [];
    if (rng.chance(0.15)) mentions.push(rng.pick(models).id);
    models.push({
      id: `${author}/${short}`,
      author,
      short,
      task,
      base: baseIndex,
      relation,
      datasets: [...new Set(data)],
      license: rng.chance(0.8) ? base.license : rng.pick(LICENSES),
      created: base.created + (1 + rng.int(300)) * DAY,
      mentions,
      derivedCount: 0,
    });
  }

  // --- likes: users like items of their favourite tasks, lineage relatives of earlier likes, or anything popular
  const itemIds = [...models.map((m) => `model:${m.id}`), ...datasets.map((d) => `dataset:${d.id}`)];
  const itemTask = [...models.map((m) => m.task), ...datasets.map((d) => d.task)];
  const appeal = itemIds.map((_, i) => (i < models.length ? 1 + models[i]!.derivedCount * 2 : 2) / (1 + rng.int(20)));
  const global = new WeightedPicker(appeal);
  const byTask = new Map<string, { ids: number[]; picker: WeightedPicker }>();
  for (const t of tasks) {
    const ids = itemIds.map((_, i) => i).filter((i) => itemTask[i] === t);
    byTask.set(t, { ids, picker: new WeightedPicker(ids.map((i) => appeal[i]!)) });
  }
  const relatives = models.map(() => [] as number[]);
  models.forEach((m, i) => {
    if (m.base !== undefined) {
      relatives[i]!.push(m.base);
      relatives[m.base]!.push(i);
    }
  });
  const likers = new Map<number, string[]>();
  let likeCount = 0;
  for (const u of users) {
    const n = 1 + rng.heavyCount(9, 150);
    const liked = new Set<number>();
    for (let tries = 0; liked.size < n && tries < n * 4; tries++) {
      let item: number;
      const previous = [...liked].filter((i) => i < models.length && relatives[i]!.length > 0);
      if (previous.length > 0 && rng.chance(0.25)) {
        item = rng.pick(relatives[rng.pick(previous)]!);
      } else if (rng.chance(0.8)) {
        const pool = byTask.get(rng.pick(u.favourites))!;
        if (pool.ids.length === 0) continue;
        item = pool.ids[pool.picker.pick(rng)]!;
      } else {
        item = global.pick(rng);
      }
      liked.add(item);
    }
    for (const i of liked) {
      const list = likers.get(i) ?? [];
      list.push(u.name);
      likers.set(i, list);
      likeCount++;
    }
  }

  // --- write the snapshot
  const w = (name: string) => new JsonlWriter(join(options.out, name));
  const modelsOut = w('models.jsonl');
  models.forEach((m, i) => {
    const tags = ['transformers', `license:${m.license}`, ...m.datasets.map((d) => `dataset:${d}`)];
    if (m.base !== undefined) {
      const base = models[m.base]!;
      tags.push(`base_model:${base.id}`, `base_model:${m.relation}:${base.id}`);
    }
    const lines = [`# ${m.short}`, ''];
    if (m.mentions.length > 0) {
      const verb =
        m.relation === 'quantized'
          ? 'a quantized version of'
          : m.relation === 'adapter'
            ? 'an adapter for'
            : 'based on';
      lines.push(`This model is ${verb} ${m.mentions[0]}.`);
      for (const other of m.mentions.slice(1)) lines.push(`We compared it with ${other} on our benchmark.`);
    } else {
      lines.push(`A ${m.task.replace(/-/g, ' ')} model by ${m.author}.`);
    }
    modelsOut.write({
      id: m.id,
      author: m.author,
      pipeline_tag: m.task,
      library_name: 'transformers',
      tags,
      createdAt: iso(m.created),
      lastModified: iso(m.created + 30 * DAY),
      downloads: rng.int(10_000),
      likes: likers.get(i)?.length ?? 0,
      readme: `---\nlicense: ${m.license}\n---\n${lines.join('\n')}\n`,
    });
  });
  modelsOut.close();
  const datasetsOut = w('datasets.jsonl');
  datasets.forEach((d, j) => {
    datasetsOut.write({
      id: d.id,
      author: d.author,
      tags: [`task_categories:${d.task}`, 'license:cc-by-4.0'],
      createdAt: iso(d.created),
      lastModified: iso(d.created),
      downloads: rng.int(5000),
      likes: likers.get(models.length + j)?.length ?? 0,
    });
  });
  datasetsOut.close();
  const usersOut = w('users.jsonl');
  for (const u of users) usersOut.write({ user: u.name, fullname: u.name.replace(/-/g, ' ') });
  usersOut.close();
  const orgsOut = w('organizations.jsonl');
  for (const o of orgs) orgsOut.write({ name: o.name, fullname: o.name.replace(/-/g, ' ') });
  orgsOut.close();
  const likesOut = w('likes.jsonl');
  for (const [i, names] of [...likers.entries()].sort((a, b) => a[0] - b[0])) {
    const [repoType, ...rest] = itemIds[i]!.split(':');
    likesOut.write({ repoType, repoId: rest.join(':'), likers: names.map((user) => ({ user })) });
  }
  likesOut.close();

  // --- follows: accounts of the same taste (70%) or anyone
  const followers = new Map<string, { kind: 'user' | 'org'; list: string[] }>();
  let follows = 0;
  const usersByTask = new Map<string, string[]>(
    tasks.map((t) => [t, users.filter((u) => u.favourites.includes(t)).map((u) => u.name)]),
  );
  for (const u of users) {
    const n = rng.heavyCount(2, 40);
    const targets = new Set<string>();
    for (let k = 0; k < n; k++) {
      const taste = rng.pick(u.favourites);
      let target: { kind: 'user' | 'org'; name: string };
      if (rng.chance(0.3)) {
        const sameTask = orgs.filter((o) => o.task === taste);
        target = {
          kind: 'org',
          name: (sameTask.length > 0 && rng.chance(0.7) ? rng.pick(sameTask) : rng.pick(orgs)).name,
        };
      } else {
        const pool = usersByTask.get(taste) ?? [];
        target = { kind: 'user', name: pool.length > 0 && rng.chance(0.7) ? rng.pick(pool) : rng.pick(users).name };
      }
      if (target.name === u.name || targets.has(target.name)) continue;
      targets.add(target.name);
      const entry = followers.get(target.name) ?? { kind: target.kind, list: [] };
      entry.list.push(u.name);
      followers.set(target.name, entry);
      follows++;
    }
  }
  const followsOut = w('follows.jsonl');
  for (const [name, { kind, list }] of [...followers.entries()].sort((a, b) => byString(a[0], b[0]))) {
    followsOut.write({ kind, name, followers: list.map((user) => ({ user })) });
  }
  followsOut.close();

  const summary: PlantedSummary = {
    seed,
    scale,
    models: models.length,
    datasets: datasets.length,
    users: users.length,
    organizations: orgs.length,
    likes: likeCount,
    follows,
    lineageEdges: models.filter((m) => m.base !== undefined).length,
  };
  writeFileSync(
    join(options.out, 'manifest.json'),
    JSON.stringify(
      {
        source: 'synthetic: planted structure (src/synth/planted.ts)',
        generator: 'huggingkg planted',
        ...summary,
        counts: {
          models: summary.models,
          datasets: summary.datasets,
          users: summary.users,
          organizations: summary.organizations,
        },
        crawlStart: '2025-01-01T00:00:00.000Z',
        crawlEnd: '2025-01-01T00:00:00.000Z',
      },
      null,
      2,
    ) + '\n',
  );
  return summary;
}
