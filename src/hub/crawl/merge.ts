// **mergeSnapshot** folds an incremental (--since) crawl into a full snapshot: the newer record for an id replaces the
// old one in place.

import { closeSync, createReadStream, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { syncDir, writeFileAtomic } from './checkpoint.js';
import { SNAPSHOT_FILES } from './kinds.js';
import { MANIFEST_FILE, readManifest, SKIPPED_LISTED, summarizeFiles, type Manifest } from './manifest.js';

type Rec = Record<string, unknown>;

/** The identity of a record within its file: what "the same record" means when a newer crawl brings it again. */
export function recordKey(file: string, r: Rec): string | undefined {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  switch (file) {
    case 'models.jsonl':
    case 'datasets.jsonl':
    case 'spaces.jsonl':
    case 'papers.jsonl':
      return str(r.id);
    case 'collections.jsonl':
      return str(r.slug);
    case 'users.jsonl':
      return str(r.user) ?? str(r.name);
    case 'organizations.jsonl':
      return str(r.name);
    case 'likes.jsonl':
      return r.repoType && r.repoId ? `${str(r.repoType)}\0${str(r.repoId)}` : undefined;
    case 'follows.jsonl':
      return r.kind && r.name ? `${str(r.kind)}\0${str(r.name)}` : undefined;
    case 'members.jsonl':
      return str(r.org);
    case 'renames.jsonl':
      return r.repoType && r.from ? `${str(r.repoType)}\0${str(r.from)}` : undefined;
    default:
      return undefined;
  }
}

async function* lines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) if (line !== '') yield line;
}

/**
 * Merge one file: old lines keep their place (replaced when the delta has their key), new keys are appended in delta
 * order. Idempotent, so a merge killed half-way is simply run again.
 */
async function mergeFile(dir: string, deltaDir: string, name: string): Promise<number> {
  const fresh = new Map<string, string>();
  const unkeyed: string[] = [];
  let n = 0;
  for await (const line of lines(join(deltaDir, name))) {
    n++;
    const key = recordKey(name, parse(line, join(deltaDir, name), n));
    if (key === undefined) unkeyed.push(line);
    else fresh.set(key, line);
  }
  const target = join(dir, name);
  const tmp = `${target}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let ok = false;
  try {
    let chunk: string[] = [];
    let size = 0;
    const write = (line: string): void => {
      chunk.push(line + '\n');
      size += line.length;
      if (size > 1 << 20) flush();
    };
    const flush = (): void => {
      writeSync(fd, chunk.join(''));
      chunk = [];
      size = 0;
    };
    const used = new Set<string>();
    if (existsSync(target)) {
      let ln = 0;
      for await (const line of lines(target)) {
        ln++;
        const key = recordKey(name, parse(line, target, ln));
        if (key !== undefined && fresh.has(key)) {
          if (!used.has(key)) write(fresh.get(key)!);
          used.add(key); // a duplicate of an id already replaced is dropped: latest record wins, once
        } else write(line);
      }
    }
    for (const [key, line] of fresh) if (!used.has(key)) write(line);
    for (const line of unkeyed) write(line);
    flush();
    fsyncSync(fd);
    ok = true;
  } finally {
    closeSync(fd);
    if (!ok) rmSync(tmp, { force: true });
  }
  renameSync(tmp, target);
  return fresh.size + unkeyed.length;
}

function parse(line: string, path: string, n: number): Rec {
  try {
    return JSON.parse(line) as Rec;
  } catch (err) {
    throw new Error(`${path}:${n}: not a JSON line (${(err as Error).message})`);
  }
}

export async function mergeSnapshot(dir: string, deltaDir: string, delta: Manifest): Promise<Manifest> {
  const manifest = readManifest(dir);
  const changed: Record<string, number> = {};
  for (const name of SNAPSHOT_FILES) {
    if (!existsSync(join(deltaDir, name))) continue;
    changed[name.replace(/\.jsonl$/, '')] = await mergeFile(dir, deltaDir, name);
  }
  syncDir(dir);
  Object.assign(manifest, summarizeFiles(dir));
  // A merge killed after writing the manifest runs again; the delta crawl's start time tells its update apart.
  const seen = (manifest.updates ?? []).some((u) => u.startedAt === delta.crawl.startedAt);
  if (!seen) {
    manifest.skipped = {
      count: manifest.skipped.count + delta.skipped.count,
      items: [...manifest.skipped.items, ...delta.skipped.items].slice(0, SKIPPED_LISTED),
    };
  }
  const update = {
    since: delta.since ?? '',
    changed,
    startedAt: delta.crawl.startedAt,
    finishedAt: new Date().toISOString(),
  };
  manifest.updates = [...(manifest.updates ?? []).filter((u) => u.startedAt !== update.startedAt), update];
  writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
