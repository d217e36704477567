// **hubscale** generates a synthetic Hub snapshot at HuggingKG's size times F: every snapshot file in Hub API shapes,
// counts per kind and relation from the HuggingKG table, heavy-tailed degrees, streamed to disk, identical per seed.
//
// References: every id a record names (base models, datasets, papers, likers, owners, members, ...) is one the
// snapshot describes; there are no dangling targets. Tasks are the fixed 52-task taxonomy at every scale.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolInfo } from '../paths.js';
import { HubWorld } from './hubscale-world.js';
import { JsonlWriter } from './hubscale-writer.js';
import { SNAPSHOT_DATE, SNAPSHOT_FILE_NAMES, type PassContext, type SynthFile } from './hubscale-common.js';
import { writeModels } from './hubscale-models.js';
import { writeDatasets, writeSpaces } from './hubscale-repos.js';
import { writeOrganizations, writeUsers } from './hubscale-agents.js';
import { writeCollections, writePapers } from './hubscale-collections.js';
import type { ScaledCounts } from './hubscale-counts.js';

export interface SynthOptions {
  scale: number;
  seed: number;
  out: string;
  /** Write README text on repositories with a card (default true; off makes F = 1.0 snapshots ~3x smaller). */
  readme?: boolean;
  /** Called as records are written: (records done, records total, current stage). */
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface SynthResult {
  out: string;
  /** Lines per file. */
  lines: Record<string, number>;
  bytes: number;
  /** The table the snapshot was generated from (the counts the graph built from it should show). */
  expected: ScaledCounts;
}

export async function synthesize(options: SynthOptions): Promise<SynthResult> {
  const { scale, out } = options;
  const seed = options.seed >>> 0;
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
  const world = new HubWorld(scale, seed);
  mkdirSync(out, { recursive: true });
  const writers = Object.fromEntries(
    SNAPSHOT_FILE_NAMES.map((f) => [f, new JsonlWriter(join(out, `${f}.jsonl`))]),
  ) as Record<SynthFile, JsonlWriter>;
  const { nodes } = world.counts;
  const total = nodes.org + nodes.user + nodes.model + nodes.dataset + nodes.space + nodes.collection + nodes.paper;
  let done = 0;
  let stage = 'tasks';
  let lastReport = 0;
  const ctx: PassContext = {
    world,
    seed,
    out: writers,
    readme: options.readme !== false,
    tick(n) {
      done += n;
      if (options.onProgress && (done - lastReport >= 1000 || done === total)) {
        lastReport = done;
        options.onProgress(done, total, stage);
      }
    },
  };
  try {
    for (const t of world.tasks) writers.tasks.write({ id: t.id, label: t.label, modality: t.modality });
    // Order matters only for ids: models first among repositories (their lineage fills the family/task bytes that
    // later references read); agents are independent of everything.
    const passes: [string, (c: PassContext) => Promise<void>][] = [
      ['organizations', writeOrganizations],
      ['users', writeUsers],
      ['models', writeModels],
      ['datasets', writeDatasets],
      ['spaces', writeSpaces],
      ['collections', writeCollections],
      ['papers', writePapers],
    ];
    for (const [name, pass] of passes) {
      stage = name;
      await pass(ctx);
    }
  } finally {
    for (const w of Object.values(writers)) await w.close();
  }
  const lines = Object.fromEntries(SNAPSHOT_FILE_NAMES.map((f) => [`${f}.jsonl`, writers[f].lines]));
  const bytes = Object.values(writers).reduce((a, w) => a + w.bytes, 0);
  const { version } = toolInfo();
  // No wall-clock time in the manifest: the same seed must give the same bytes.
  const manifest = {
    source: 'synthetic: huggingkg synth (HuggingKG 2024-12-15 size table x scale)',
    tool: `huggingkg-ld ${version}`,
    scale,
    seed,
    readme: ctx.readme,
    crawlStart: new Date(SNAPSHOT_DATE).toISOString(),
    crawlEnd: new Date(SNAPSHOT_DATE).toISOString(),
    counts: lines,
    expected: world.counts,
  };
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { out, lines, bytes, expected: world.counts };
}
