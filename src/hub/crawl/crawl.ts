// **crawl** runs the phases into a snapshot directory, a checkpoint after every page, resuming where a killed run
// stopped; the manifest it writes at the end is manifest.ts's, and a refresh (--since) is merged in by merge.ts.

import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import PinoPretty from 'pino-pretty';
import {
  JsonlFiles,
  readState,
  removeStaleTemps,
  writeFileAtomic,
  type CrawlIdentity,
  type CrawlState,
} from './checkpoint.js';
import { HubClient, nextLink } from './http.js';
import { CRAWL_KINDS, DEFAULT_ENDPOINT, SNAPSHOT_FILES, type CrawlKind } from './kinds.js';
import {
  COLLECTION_SLUGS_FILE,
  SKIPPED_FILE,
  phasesFor,
  type ListPhase,
  type Output,
  type PhaseContext,
  type QueuePhase,
} from './phases.js';
import { NO_PROGRESS, type CrawlProgress } from './progress.js';
import { buildManifest, MANIFEST_FILE, readManifest, type Manifest } from './manifest.js';
import { toolInfo } from '../../paths.js';
import { mergeSnapshot } from './merge.js';

export const STATE_DIR = '.crawl';
export const DELTA_DIR = '.crawl-delta';
const CHECKPOINT = join(STATE_DIR, 'checkpoint.json');

/** Structured log sink; pino in the CLI, a collector in tests. */
export interface CrawlLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface CrawlOptions {
  out: string;
  kinds?: CrawlKind[];
  /** Records per listed kind (models, datasets, spaces, collections). */
  limit?: number;
  /** Only what changed at or after this date, merged into the existing snapshot in `out`. */
  since?: Date;
  concurrency?: number;
  endpoint?: string;
  token?: string;
  /** Requests per second over the whole crawl. */
  rate?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  /** Records asked for per list page. */
  pageSize?: number;
  /** Queue entries fetched (concurrently) between two checkpoints. */
  batchSize?: number;
  progress?: CrawlProgress;
  log?: CrawlLog;
}

export { DEFAULT_ENDPOINT } from './kinds.js';
export type { Manifest } from './manifest.js';

/** JSON log lines on stderr; with a progress bar on the terminal, only warnings, so the bar stays readable. */
export function defaultLog(level = process.stderr.isTTY ? 'warn' : 'info', { pretty = false } = {}): CrawlLog {
  // pretty: one readable line per event for a person at a terminal; JSON lines for a log collector otherwise.
  const destination = pretty
    ? PinoPretty({
        colorize: true,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,name',
        singleLine: true,
        destination: 2,
        sync: true,
      })
    : pino.destination({ dest: 2, sync: true });
  return pino({ name: 'huggingkg-crawl', level }, destination);
}

/** Crawl the Hub into `opts.out`, or with `since`, refresh the snapshot already there. */
function identityOf(opts: CrawlOptions): CrawlIdentity {
  return {
    endpoint: (opts.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, ''),
    kinds: opts.kinds ?? [...CRAWL_KINDS],
    limit: opts.limit ?? null,
    since: opts.since ? opts.since.toISOString() : null,
    pageSize: opts.pageSize ?? 100,
  };
}

/**
 * The manifest of the finished crawl `opts` would run again (same Hub, kinds and limit; no --since), if `opts.out`
 * holds one: running it again is a no-op, as `wget -c` on a finished download is, so scheduled jobs do not fail.
 */
export function finishedCrawl(opts: CrawlOptions): Manifest | undefined {
  if (opts.since || !existsSync(join(opts.out, MANIFEST_FILE)) || existsSync(join(opts.out, CHECKPOINT))) return;
  const id = identityOf(opts);
  let done: Manifest;
  try {
    done = readManifest(opts.out);
  } catch {
    return undefined;
  }
  const same =
    done.source?.endpoint === id.endpoint &&
    JSON.stringify(done.kinds) === JSON.stringify(id.kinds) &&
    (done.limit ?? null) === id.limit;
  return same ? done : undefined;
}

export async function crawl(opts: CrawlOptions): Promise<Manifest> {
  const identity = identityOf(opts);
  if (!opts.since) {
    const done = finishedCrawl(opts);
    if (done) {
      (opts.log ?? defaultLog()).info({ dir: opts.out }, 'the snapshot is complete already: nothing to do');
      return done;
    }
    return runCrawl(opts.out, identity, opts);
  }

  if (!existsSync(join(opts.out, MANIFEST_FILE))) {
    throw new Error(
      `${opts.out} holds no complete snapshot (no manifest.json) to refresh; run a full crawl first, without --since`,
    );
  }
  const deltaDir = join(opts.out, DELTA_DIR);
  // A delta that finished (its manifest exists) was killed while merging; merging again is idempotent.
  const delta =
    existsSync(join(deltaDir, MANIFEST_FILE)) && !existsSync(join(deltaDir, CHECKPOINT))
      ? readManifest(deltaDir)
      : await runCrawl(deltaDir, identity, opts);
  const log = opts.log ?? defaultLog();
  const manifest = await mergeSnapshot(opts.out, deltaDir, delta);
  rmSync(deltaDir, { recursive: true, force: true });
  log.info({ since: identity.since, changed: delta.counts }, 'incremental crawl merged');
  return manifest;
}

async function runCrawl(dir: string, identity: CrawlIdentity, opts: CrawlOptions): Promise<Manifest> {
  const log = opts.log ?? defaultLog();
  const progress = opts.progress ?? NO_PROGRESS;
  const statePath = join(dir, CHECKPOINT);
  mkdirSync(join(dir, STATE_DIR), { recursive: true });

  let state = readState(statePath);
  if (state) {
    if (JSON.stringify(state.identity) !== JSON.stringify(identity)) {
      throw new Error(
        `${dir} holds an unfinished crawl with other settings (${JSON.stringify(state.identity)}); ` +
          `rerun it with the same options to resume, or crawl into an empty directory`,
      );
    }
    state.resumes++;
    log.info({ dir, phase: state.phase, done: state.done, resumes: state.resumes }, 'resuming crawl from checkpoint');
  } else {
    if (existsSync(join(dir, MANIFEST_FILE))) {
      throw new Error(
        `${dir} already holds a complete snapshot crawled with other settings (Hub, --kinds or --limit); ` +
          `refresh it with --since DATE, or crawl into an empty directory`,
      );
    }
    const leftovers = readdirSync(dir).filter((f) => SNAPSHOT_FILES.includes(f));
    if (leftovers.length > 0)
      throw new Error(
        `${dir} already holds ${leftovers.join(', ')} but no crawl checkpoint; crawl into an empty directory`,
      );
    state = {
      format: 1,
      identity,
      startedAt: new Date().toISOString(),
      phase: 0,
      next: null,
      done: 0,
      files: {},
      resumes: 0,
      requests: 0,
      retries: 0,
      phaseMs: {},
    };
  }
  const st: CrawlState = state;
  removeStaleTemps(dir);
  removeStaleTemps(join(dir, STATE_DIR));
  const files = new JsonlFiles(dir, st.files);
  files.restore([...SNAPSHOT_FILES, COLLECTION_SLUGS_FILE, SKIPPED_FILE]);

  const client = new HubClient({
    endpoint: identity.endpoint,
    token: opts.token,
    rate: opts.rate ?? 5,
    timeoutMs: opts.timeoutMs ?? 30_000,
    maxAttempts: opts.maxAttempts ?? 6,
    retryBaseMs: opts.retryBaseMs ?? 1000,
    maxRetryDelayMs: opts.maxRetryDelayMs ?? 120_000,
    userAgent: `${toolInfo().name}/${toolInfo().version} (crawler)`,
    onRetry: (info) => log.warn({ event: 'retry', ...info }, `retrying ${info.url}: ${info.reason}`),
  });
  const baseRequests = st.requests;
  const baseRetries = st.retries;
  const checkpoint = (): void => {
    st.requests = baseRequests + client.stats.requests;
    st.retries = baseRetries + client.stats.retries;
    writeFileAtomic(statePath, JSON.stringify(st, null, 1));
  };
  checkpoint();

  const selected = new Set(identity.kinds);
  const phases = phasesFor(selected);
  const since = identity.since ? new Date(identity.since) : null;
  const ctx: PhaseContext = { client, dir, since, lineCount: (f) => st.files[f]?.lines ?? 0 };

  try {
    while (st.phase < phases.length) {
      const phase = phases[st.phase]!;
      const t0 = performance.now();
      if (phase.type === 'list') await runList(phase, ctx, st, files, identity, progress, checkpoint);
      else await runQueue(phase, ctx, st, files, selected, opts, progress, checkpoint, log);
      // runList/runQueue advance st.phase in the checkpoint that records the phase's last page.
      st.phaseMs[phase.name] = (st.phaseMs[phase.name] ?? 0) + Math.round(performance.now() - t0);
      checkpoint();
      log.info({ phase: phase.name, ms: st.phaseMs[phase.name] }, `phase ${phase.name} done`);
    }
  } finally {
    progress.stop();
    files.close();
  }

  const manifest = buildManifest(dir, identity, st);
  writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  rmSync(join(dir, STATE_DIR), { recursive: true, force: true });
  log.info(
    { dir, counts: manifest.counts, skipped: manifest.skipped.count, requests: manifest.crawl.requests },
    'crawl complete',
  );
  return manifest;
}

async function runList(
  phase: ListPhase,
  ctx: PhaseContext,
  st: CrawlState,
  files: JsonlFiles,
  identity: CrawlIdentity,
  progress: CrawlProgress,
  checkpoint: () => void,
): Promise<void> {
  const limit = identity.limit ?? Infinity;
  let url: string | undefined =
    st.next ??
    ctx.client.url(phase.path, [['limit', String(Math.min(identity.pageSize, limit))], ...phase.query(ctx.since)]);
  let done = st.done;
  progress.start(phase.name, identity.limit ?? undefined);
  progress.update(done, ctx.client.stats);
  while (url) {
    const res = await ctx.client.get(url, { json: true });
    if (res.status !== 200) throw new Error(`GET ${url} answered HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    const page = JSON.parse(res.text) as unknown;
    if (!Array.isArray(page)) throw new Error(`GET ${url}: expected a JSON array of ${phase.name}, got ${typeof page}`);
    const take: Record<string, unknown>[] = [];
    let stop = false;
    for (const item of page as Record<string, unknown>[]) {
      if (done + take.length >= limit) {
        stop = true;
        break;
      }
      const changed = phase.changedAt(item);
      // Sorted newest first in --since mode: the first record older than DATE ends the list.
      if (ctx.since && changed !== undefined && new Date(changed) < ctx.since) {
        stop = true;
        break;
      }
      take.push(item);
    }
    const next: string | undefined =
      stop || done + take.length >= limit ? undefined : nextLink(res.headers.get('link'), url);
    files.append(
      phase.file,
      take.map((item) => JSON.stringify(phase.line(item))),
    );
    done += take.length;
    st.done = done;
    if (next) st.next = next;
    else advance(st);
    checkpoint();
    progress.update(done, ctx.client.stats);
    url = next;
  }
  progress.stop();
}

function advance(st: CrawlState): void {
  st.phase++;
  st.next = null;
  st.done = 0;
}

async function runQueue(
  phase: QueuePhase,
  ctx: PhaseContext,
  st: CrawlState,
  files: JsonlFiles,
  selected: Set<CrawlKind>,
  opts: CrawlOptions,
  progress: CrawlProgress,
  checkpoint: () => void,
  log: CrawlLog,
): Promise<void> {
  const queue = await phase.queue(ctx, selected);
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const batchSize = Math.max(1, opts.batchSize ?? concurrency * 4);
  let done = st.done;
  progress.start(phase.name, queue.length);
  progress.update(done, ctx.client.stats);
  if (done >= queue.length) advance(st);
  while (done < queue.length) {
    const batch = queue.slice(done, done + batchSize);
    // Fetched concurrently, written in queue order: the files do not depend on which response came first.
    const results = await mapLimit(batch, concurrency, (entry) => phase.fetch(ctx, entry, selected));
    const byFile = new Map<string, string[]>();
    for (const outputs of results) {
      for (const o of outputs as Output[]) {
        if (o.file === SKIPPED_FILE)
          log.warn({ event: 'skipped', ...(o.record as object) }, `skipped ${phase.name} entry`);
        const lines = byFile.get(o.file) ?? [];
        lines.push(JSON.stringify(o.record));
        byFile.set(o.file, lines);
      }
    }
    for (const [file, lines] of byFile) files.append(file, lines);
    done += batch.length;
    st.done = done;
    if (done >= queue.length) advance(st);
    checkpoint();
    progress.update(done, ctx.client.stats);
  }
  progress.stop();
}

/** Run `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
