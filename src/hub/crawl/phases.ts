// **Crawl phases** in HuggingKG's discovery order: list repos and collections, then look up what they mention.

import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DATASET_EXPANDABLE_KEYS, MODEL_EXPANDABLE_KEYS, SPACE_EXPANDABLE_KEYS } from '@huggingface/hub';
import type { HubClient } from './http.js';
import { nextLink } from './http.js';
import { KIND_FILE, RENAMES_FILE, type CrawlKind } from './kinds.js';

/** Collection slugs found by the list phase, kept in the crawl's state directory until their details are fetched. */
export const COLLECTION_SLUGS_FILE = '.crawl/collection-slugs.jsonl';
/** Entities the Hub did not serve (404, 401, ...), one JSON object a line; the manifest summarises them. */
export const SKIPPED_FILE = '.crawl/skipped.jsonl';

// Expanded fields asked for in repo lists: everything the mapper reads, nothing heavy (configs, file lists).
const MODEL_FIELDS = [
  'author',
  'cardData',
  'createdAt',
  'disabled',
  'downloads',
  'gated',
  'lastModified',
  'library_name',
  'likes',
  'pipeline_tag',
  'private',
  'sha',
  'tags',
] as const satisfies readonly (typeof MODEL_EXPANDABLE_KEYS)[number][];
const DATASET_FIELDS = [
  'author',
  'cardData',
  'citation',
  'createdAt',
  'description',
  'disabled',
  'downloads',
  'gated',
  'lastModified',
  'likes',
  'paperswithcode_id',
  'private',
  'sha',
  'tags',
] as const satisfies readonly (typeof DATASET_EXPANDABLE_KEYS)[number][];
const SPACE_FIELDS = [
  'author',
  'cardData',
  'createdAt',
  'datasets',
  'disabled',
  'lastModified',
  'likes',
  'models',
  'private',
  'sdk',
  'sha',
  'subdomain',
  'tags',
] as const satisfies readonly (typeof SPACE_EXPANDABLE_KEYS)[number][];

export interface PhaseContext {
  client: HubClient;
  dir: string;
  since: Date | null;
  /** Lines each file held when its phase finished (the files of earlier phases are complete). */
  lineCount(file: string): number;
}

/** One line for one file; `file` is relative to the snapshot directory. */
export interface Output {
  file: string;
  record: unknown;
}

export interface ListPhase {
  type: 'list';
  name: string;
  kind: CrawlKind;
  file: string;
  path: string;
  query(since: Date | null): [string, string][];
  /** The record's last-change date, compared with --since (lists are sorted by it, newest first, in that mode). */
  changedAt(item: Record<string, unknown>): string | undefined;
  line(item: Record<string, unknown>): unknown;
}

export interface QueuePhase<Q = unknown> {
  type: 'queue';
  name: string;
  /** The phase runs when any of these kinds is selected; outputs go only to selected kinds' files. */
  kinds: CrawlKind[];
  queue(ctx: PhaseContext, selected: Set<CrawlKind>): Promise<Q[]>;
  fetch(ctx: PhaseContext, entry: Q, selected: Set<CrawlKind>): Promise<Output[]>;
}

// biome-ignore lint/suspicious/noExplicitAny: each queue phase has its own item type, passed through opaquely
export type Phase = ListPhase | QueuePhase<any>;

type Rec = Record<string, unknown>;

function repoList(kind: 'models' | 'datasets' | 'spaces', fields: readonly string[], sort: string): ListPhase {
  return {
    type: 'list',
    name: kind,
    kind,
    file: KIND_FILE[kind],
    path: `/api/${kind}`,
    query: (since) => [
      ['sort', since ? 'lastModified' : sort],
      ['direction', '-1'],
      ...fields.map((f): [string, string] => ['expand', f]),
    ],
    changedAt: (item) => (typeof item.lastModified === 'string' ? item.lastModified : undefined),
    line: (item) => item,
  };
}

/** Path segments of a Hub id, each percent-encoded, the `/` between namespace and name kept. */
export function idPath(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

/** Stream the records of one snapshot file (only the part a finished phase wrote). */
export async function* records(ctx: PhaseContext, file: string): AsyncGenerator<Rec> {
  const path = join(ctx.dir, file);
  const max = ctx.lineCount(file);
  if (max === 0 || !existsSync(path)) return;
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (n++ >= max) break;
    try {
      yield JSON.parse(line) as Rec;
    } catch (err) {
      throw new Error(`${path}:${n}: not a JSON line (${(err as Error).message})`);
    }
  }
  rl.close();
}

/**
 * GET a JSON array, following Link rel="next" pages; undefined when the Hub answers 4xx (the caller records a skip).
 */
async function getAllPages(client: HubClient, url: string): Promise<{ items?: unknown[]; status: number }> {
  const items: unknown[] = [];
  let next: string | undefined = url;
  while (next) {
    const res = await client.get(next, { json: true });
    if (res.status < 200 || res.status > 299) return { status: res.status };
    const body = JSON.parse(res.text) as unknown;
    if (!Array.isArray(body)) throw new Error(`GET ${next}: expected a JSON array, got ${typeof body}`);
    items.push(...body);
    next = nextLink(res.headers.get('link'), next);
  }
  return { items, status: 200 };
}

async function getOne(client: HubClient, url: string): Promise<{ record?: unknown; status: number }> {
  const res = await client.get(url, { json: true });
  if (res.status < 200 || res.status > 299) return { status: res.status };
  return { record: JSON.parse(res.text), status: res.status };
}

/** A skip names the API path, not the endpoint, so snapshots of the same Hub through different mirrors agree. */
function skipped(ctx: PhaseContext, phase: string, id: string, url: string, status: number): Output {
  const path = url.startsWith(ctx.client.endpoint) ? url.slice(ctx.client.endpoint.length) : url;
  return { file: SKIPPED_FILE, record: { phase, id, path, status } };
}

/** Insertion-ordered de-duplication: the queue order is the order of first mention, hence deterministic. */
function uniqueBy<T>(items: Iterable<T>, key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const it of items) if (!seen.has(key(it))) seen.set(key(it), it);
  return [...seen.values()];
}

const collectionSlugs: ListPhase = {
  type: 'list',
  name: 'collection-list',
  kind: 'collections',
  file: COLLECTION_SLUGS_FILE,
  path: '/api/collections',
  query: (since) => [['sort', since ? 'lastModified' : 'upvotes']],
  changedAt: (item) => (typeof item.lastUpdated === 'string' ? item.lastUpdated : undefined),
  // Lists truncate items to 4 per collection, so only the slug is kept; the detail phase fetches the full record.
  line: (item) => item.slug,
};

const collectionDetails: QueuePhase<string> = {
  type: 'queue',
  name: 'collections',
  kinds: ['collections'],
  async queue(ctx) {
    const slugs: string[] = [];
    for await (const slug of records(ctx, COLLECTION_SLUGS_FILE)) if (typeof slug === 'string') slugs.push(slug);
    return uniqueBy(slugs, (s) => s);
  },
  // @huggingface/hub 2.17.5 declares collectionInfo in its types but its built bundle lacks it; the GET is the same.
  async fetch(ctx, slug) {
    const url = ctx.client.url(`/api/collections/${idPath(slug)}`);
    const res = await getOne(ctx.client, url);
    return res.record !== undefined
      ? [{ file: KIND_FILE.collections, record: res.record }]
      : [skipped(ctx, 'collections', slug, url, res.status)];
  },
};

interface Agent {
  name: string;
  type?: 'user' | 'org';
}

/** Authors of repos and owners of collections, split into users and organizations by their overview endpoints. */
const agents: QueuePhase<Agent> = {
  type: 'queue',
  name: 'agents',
  kinds: ['users', 'orgs'],
  async queue(ctx) {
    const found: Agent[] = [];
    for (const kind of ['models', 'datasets', 'spaces'] as const) {
      for await (const r of records(ctx, KIND_FILE[kind])) {
        const id = typeof r.id === 'string' ? r.id : '';
        const author = typeof r.author === 'string' ? r.author : id.includes('/') ? id.split('/')[0]! : undefined;
        if (author) found.push({ name: author });
      }
    }
    for await (const c of records(ctx, KIND_FILE.collections)) {
      const owner = c.owner as Rec | undefined;
      if (owner && typeof owner.name === 'string')
        found.push({
          name: owner.name,
          type: owner.type === 'org' ? 'org' : owner.type === 'user' ? 'user' : undefined,
        });
    }
    // A type stated anywhere (collection owners carry one) saves a request that would 404.
    const types = new Map<string, 'user' | 'org'>();
    for (const a of found) if (a.type && !types.has(a.name)) types.set(a.name, a.type);
    return uniqueBy(found, (a) => a.name).map((a) => ({ name: a.name, type: types.get(a.name) }));
  },
  async fetch(ctx, agent, selected) {
    const tries: ('user' | 'org')[] = agent.type ? [agent.type] : ['user', 'org'];
    let last = { url: '', status: 404 };
    for (const type of tries) {
      const wanted = type === 'user' ? selected.has('users') : selected.has('orgs');
      const url = ctx.client.url(
        `/api/${type === 'user' ? 'users' : 'organizations'}/${encodeURIComponent(agent.name)}/overview`,
      );
      if (!wanted) {
        if (agent.type) return [];
        continue;
      }
      const res = await getOne(ctx.client, url);
      if (res.record !== undefined)
        return [{ file: type === 'user' ? KIND_FILE.users : KIND_FILE.orgs, record: res.record }];
      last = { url, status: res.status };
      if (res.status !== 404) break;
    }
    return last.url ? [skipped(ctx, 'agents', agent.name, last.url, last.status)] : [];
  },
};

/** arXiv ids from `arxiv:` tags of models and datasets, then paper items of collections. */
const papers: QueuePhase<string> = {
  type: 'queue',
  name: 'papers',
  kinds: ['papers'],
  async queue(ctx) {
    const ids: string[] = [];
    for (const kind of ['models', 'datasets'] as const) {
      for await (const r of records(ctx, KIND_FILE[kind])) {
        for (const tag of Array.isArray(r.tags) ? r.tags : [])
          if (typeof tag === 'string' && tag.startsWith('arxiv:')) ids.push(tag.slice(6));
      }
    }
    for await (const c of records(ctx, KIND_FILE.collections)) {
      for (const item of Array.isArray(c.items) ? (c.items as Rec[]) : [])
        if (item.type === 'paper' && typeof item.id === 'string') ids.push(item.id);
    }
    return uniqueBy(ids.filter(Boolean), (s) => s);
  },
  async fetch(ctx, id) {
    const url = ctx.client.url(`/api/papers/${encodeURIComponent(id)}`);
    const res = await getOne(ctx.client, url);
    return res.record !== undefined
      ? [{ file: KIND_FILE.papers, record: res.record }]
      : [skipped(ctx, 'papers', id, url, res.status)];
  },
};

/** The model ids a listed model names as its base: `base_model:[relation:]ID` tags and cardData.base_model. */
function baseModelIds(r: Rec): string[] {
  const ids: string[] = [];
  for (const tag of Array.isArray(r.tags) ? r.tags : [])
    if (typeof tag === 'string' && tag.startsWith('base_model:')) ids.push(tag.slice(tag.lastIndexOf(':') + 1));
  const card = r.cardData as Rec | undefined;
  const declared = card && typeof card === 'object' ? card.base_model : undefined;
  for (const id of Array.isArray(declared) ? declared : [declared]) if (typeof id === 'string') ids.push(id.trim());
  // Only what can be a Hub repo id (`name` or `owner/name`, no dot segment), so a card's free text never becomes a
  // request path.
  return ids.filter((id) => REPO_ID.test(id) && !id.split('/').some((s) => s === '.' || s === '..'));
}

const REPO_ID = /^[A-Za-z0-9._-]{1,96}(?:\/[A-Za-z0-9._-]{1,96})?$/;

/**
 * Renamed models: a base a listed model names that the list did not give is most often an old name (a card written
 * before `gpt2` became `openai-community/gpt2`). The Hub answers a request for an old name with the record of the
 * current one (redirecting to it): a different `id` in the answer is a rename, written to renames.jsonl for the mapper
 * (owl:sameAs). A name the Hub does not know (404) or that is current is no rename and writes nothing.
 */
const renames: QueuePhase<string> = {
  type: 'queue',
  name: 'renames',
  kinds: ['models'],
  async queue(ctx) {
    const listed = new Set<string>();
    const named: string[] = [];
    for await (const r of records(ctx, KIND_FILE.models)) {
      if (typeof r.id === 'string') listed.add(r.id);
      named.push(...baseModelIds(r));
    }
    return uniqueBy(
      named.filter((id) => !listed.has(id)),
      (s) => s,
    );
  },
  async fetch(ctx, id) {
    // Only the id is needed: `expand=author` keeps the answer to _id, id and author.
    const res = await getOne(ctx.client, ctx.client.url(`/api/models/${idPath(id)}`, [['expand', 'author']]));
    const current = (res.record as Rec | undefined)?.id;
    if (typeof current !== 'string' || current === id) return [];
    return [{ file: RENAMES_FILE, record: { repoType: 'model', from: id, to: current } }];
  },
};

interface LikedRepo {
  repoType: 'model' | 'dataset' | 'space';
  repoId: string;
}

const likes: QueuePhase<LikedRepo> = {
  type: 'queue',
  name: 'likes',
  kinds: ['likes'],
  async queue(ctx) {
    const repos: LikedRepo[] = [];
    for (const [kind, repoType] of [
      ['models', 'model'],
      ['datasets', 'dataset'],
      ['spaces', 'space'],
    ] as const) {
      for await (const r of records(ctx, KIND_FILE[kind])) {
        // A repo the list says nobody likes needs no request.
        if (typeof r.id === 'string' && r.likes !== 0) repos.push({ repoType, repoId: r.id });
      }
    }
    return uniqueBy(repos, (r) => `${r.repoType}\0${r.repoId}`);
  },
  async fetch(ctx, repo) {
    const url = ctx.client.url(`/api/${repo.repoType}s/${idPath(repo.repoId)}/likers`);
    const res = await getAllPages(ctx.client, url);
    if (!res.items) return [skipped(ctx, 'likes', `${repo.repoType}:${repo.repoId}`, url, res.status)];
    return [{ file: KIND_FILE.likes, record: { repoType: repo.repoType, repoId: repo.repoId, likers: res.items } }];
  },
};

interface Followed {
  kind: 'user' | 'org';
  name: string;
}

function agentName(r: Rec): string | undefined {
  const name = r.user ?? r.name;
  return typeof name === 'string' ? name : undefined;
}

const follows: QueuePhase<Followed> = {
  type: 'queue',
  name: 'follows',
  kinds: ['follows'],
  async queue(ctx) {
    const out: Followed[] = [];
    for (const [file, kind] of [
      [KIND_FILE.users, 'user'],
      [KIND_FILE.orgs, 'org'],
    ] as const) {
      for await (const r of records(ctx, file)) {
        const name = agentName(r);
        if (name && r.numFollowers !== 0) out.push({ kind, name });
      }
    }
    return uniqueBy(out, (f) => `${f.kind}\0${f.name}`);
  },
  async fetch(ctx, f) {
    const url = ctx.client.url(
      `/api/${f.kind === 'user' ? 'users' : 'organizations'}/${encodeURIComponent(f.name)}/followers`,
    );
    const res = await getAllPages(ctx.client, url);
    if (!res.items) return [skipped(ctx, 'follows', `${f.kind}:${f.name}`, url, res.status)];
    return [{ file: KIND_FILE.follows, record: { kind: f.kind, name: f.name, followers: res.items } }];
  },
};

const members: QueuePhase<string> = {
  type: 'queue',
  name: 'members',
  kinds: ['members'],
  async queue(ctx) {
    const names: string[] = [];
    for await (const r of records(ctx, KIND_FILE.orgs)) {
      const name = agentName(r);
      if (name) names.push(name);
    }
    return uniqueBy(names, (s) => s);
  },
  async fetch(ctx, org) {
    const url = ctx.client.url(`/api/organizations/${encodeURIComponent(org)}/members`);
    const res = await getAllPages(ctx.client, url);
    if (!res.items) return [skipped(ctx, 'members', org, url, res.status)];
    return [{ file: KIND_FILE.members, record: { org, members: res.items } }];
  },
};

/** Every phase, in the order that lets each one read what the earlier ones wrote. */
export const PHASES: Phase[] = [
  repoList('models', MODEL_FIELDS, 'downloads'),
  renames,
  repoList('datasets', DATASET_FIELDS, 'downloads'),
  repoList('spaces', SPACE_FIELDS, 'likes'),
  collectionSlugs,
  collectionDetails,
  agents,
  papers,
  likes,
  follows,
  members,
];

export function phasesFor(selected: Set<CrawlKind>): Phase[] {
  return PHASES.filter((p) => (p.type === 'list' ? selected.has(p.kind) : p.kinds.some((k) => selected.has(k))));
}
