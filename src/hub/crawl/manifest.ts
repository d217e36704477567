// **manifest** is a snapshot's manifest.json: what was crawled, with what tool, and each file's line count, size and
// checksum. Written by a finished crawl and rewritten by a merged refresh (merge.ts), so it sits below both.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolInfo } from '../../paths.js';
import type { CrawlIdentity, CrawlState } from './checkpoint.js';
import { SNAPSHOT_FILES, type CrawlKind } from './kinds.js';
import { SKIPPED_FILE } from './phases.js';

export const MANIFEST_FILE = 'manifest.json';
/** How many skipped entities the manifest lists by name; the count is always complete. */
export const SKIPPED_LISTED = 1000;

export interface FileSummary {
  lines: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  tool: { name: string; version: string };
  source: { type: 'hub-api'; endpoint: string };
  kinds: CrawlKind[];
  limit: number | null;
  since: string | null;
  counts: Record<string, number>;
  files: Record<string, FileSummary>;
  skipped: { count: number; items: unknown[] };
  crawl: {
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    phaseMs: Record<string, number>;
    requests: number;
    retries: number;
    resumes: number;
  };
  updates?: { since: string; changed: Record<string, number>; startedAt: string; finishedAt: string }[];
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
}

function fileSummary(dir: string, name: string): FileSummary {
  const buf = readFileSync(join(dir, name));
  let lines = 0;
  for (const b of buf) if (b === 10) lines++;
  return { lines, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
}

/** Line counts (by kind) and summaries of the snapshot files present in `dir`. */
export function summarizeFiles(dir: string): Pick<Manifest, 'counts' | 'files'> {
  const counts: Record<string, number> = {};
  const files: Record<string, FileSummary> = {};
  for (const name of SNAPSHOT_FILES) {
    if (!existsSync(join(dir, name))) continue;
    const summary = fileSummary(dir, name);
    files[name] = summary;
    counts[name.replace(/\.jsonl$/, '')] = summary.lines;
  }
  return { counts, files };
}

/** The manifest of the finished crawl in `dir`. */
export function buildManifest(dir: string, identity: CrawlIdentity, st: CrawlState): Manifest {
  const skippedItems: unknown[] = [];
  let skippedCount = 0;
  if (existsSync(join(dir, SKIPPED_FILE))) {
    for (const line of readFileSync(join(dir, SKIPPED_FILE), 'utf8').split('\n')) {
      if (!line) continue;
      skippedCount++;
      if (skippedItems.length < SKIPPED_LISTED) skippedItems.push(JSON.parse(line));
    }
  }
  const finishedAt = new Date().toISOString();
  return {
    tool: toolInfo(),
    source: { type: 'hub-api', endpoint: identity.endpoint },
    kinds: identity.kinds,
    limit: identity.limit,
    since: identity.since,
    ...summarizeFiles(dir),
    skipped: { count: skippedCount, items: skippedItems },
    crawl: {
      startedAt: st.startedAt,
      finishedAt,
      durationMs: Date.parse(finishedAt) - Date.parse(st.startedAt),
      phaseMs: st.phaseMs,
      requests: st.requests,
      retries: st.retries,
      resumes: st.resumes,
    },
  };
}
