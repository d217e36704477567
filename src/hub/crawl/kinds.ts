// **Crawl kinds**: what `--kinds` accepts and which snapshot file each one fills (docs/architecture.md: snapshot).

/** Where the crawl goes unless --endpoint or HF_ENDPOINT says otherwise. */
export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export const CRAWL_KINDS = [
  'models',
  'datasets',
  'spaces',
  'collections',
  'papers',
  'users',
  'orgs',
  'likes',
  'follows',
  'members',
] as const;
export type CrawlKind = (typeof CRAWL_KINDS)[number];

export const KIND_FILE: Record<CrawlKind, string> = {
  models: 'models.jsonl',
  datasets: 'datasets.jsonl',
  spaces: 'spaces.jsonl',
  collections: 'collections.jsonl',
  papers: 'papers.jsonl',
  users: 'users.jsonl',
  orgs: 'organizations.jsonl',
  likes: 'likes.jsonl',
  follows: 'follows.jsonl',
  members: 'members.jsonl',
};

/** Renames the models phase saw (`{"repoType", "from", "to"}` a line): not a kind of its own, part of `models`. */
export const RENAMES_FILE = 'renames.jsonl';

export const SNAPSHOT_FILES = [...CRAWL_KINDS.map((k) => KIND_FILE[k]), RENAMES_FILE];

export function parseKinds(value: string): CrawlKind[] {
  const kinds = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const k of kinds) {
    if (!(CRAWL_KINDS as readonly string[]).includes(k))
      throw new Error(`unknown kind "${k}" in --kinds; choose from ${CRAWL_KINDS.join(',')}`);
  }
  // Canonical order, so `--kinds likes,models` and `--kinds models,likes` are the same crawl.
  return CRAWL_KINDS.filter((k) => kinds.includes(k));
}
