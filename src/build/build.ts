// **build** chains map -> dumps (N-Triples, Turtle, JSON-LD, all in one streaming pass, the lineage statistics last) ->
// VoID -> SHACL validation, writing everything a server or a user needs into one output directory, with a report of
// what happened.

import { writeFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Quad } from '@rdfjs/types';
import { openRelease } from '../hub/release-locate.js';
import type { Release } from '../hub/release.js';
import { mapRelease, mapSnapshot, type BuildWarning, type MapRun, type MapStats } from '../mapper/map.js';
import { blankNodeScope, GraphIndex, validateFiles, type ValidationSummary } from '../validate/index.js';
import { JSONLD, NTRIPLES, TURTLE } from '../rdf/formats.js';
import { NTriplesDump } from '../dump/ntriples.js';
import { TurtleDump } from '../dump/turtle.js';
import { JsonLdDump } from '../dump/jsonld.js';
import { projectContext } from '../rdf/jsonld.js';
import { GraphStats } from '../dump/stats.js';
import type { FileDigest } from '../dump/gzip-file.js';
import { voidQuads, voidTurtle, type DumpFile } from '../dump/void.js';
import { toolInfo } from '../paths.js';
import { DEFAULT_BASE, PREFIXES } from '../vocab.js';
import { heapLimitMb } from '../util/heap-limit.js';
import { GraphStatistics } from '../stats/graph-statistics.js';
import { LinkCounter } from '../stats/link-counts.js';
import { STATISTICS_VERSION } from '../stats/statistics-version.js';
import { OUTPUT, stageOutput } from './output.js';
import { type ProgressMode, ProgressReporter } from './progress.js';

export { OUTPUT } from './output.js';

export interface BuildOptions {
  /** A snapshot directory of raw Hub API records (docs/architecture.md, "Snapshot format"). */
  snapshot?: string;
  /**
   * A HuggingKG release: the published zip, or a folder holding it or its unpacked files (src/hub/release-locate.ts).
   */
  release?: string;
  out: string;
  base?: string;
  /** Fail (BuildFailedError) on any input warning or a non-conforming graph. */
  strict?: boolean;
  /** Run SHACL validation (default true). */
  validate?: boolean;
  /** Worker processes for SHACL validation (default: one per core; 0 validates on the main thread). */
  validateWorkers?: number;
  /** Heap of each validation worker in MB (default 256; tests make it tiny to see a batch lost). */
  validateWorkerHeapMb?: number;
  /** Progress on stderr: bars, lines every few seconds (for logs), or none (default: bars when stderr is a TTY). */
  progress?: boolean | ProgressMode;
  /** Called for each input warning as it happens (the CLI prints them). */
  onWarning?: (w: BuildWarning) => void;
}

export interface BuildReport {
  tool: { name: string; version: string };
  /** The version of the build-time statistics written (src/stats/statistics-version.ts). */
  statisticsVersion: number;
  /** The V8 heap limit the build ran with, MB (see src/cli/heap.ts). */
  heapLimitMb: number;
  input: { kind: 'snapshot' | 'huggingkg-release'; path: string };
  base: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  mapping: MapStats;
  graph: object;
  triples: number;
  triplesPerSecond: number;
  dumps: DumpFile[];
  validation?: ValidationSummary;
  /** The first warnings (capped), each naming file and line. */
  warnings: BuildWarning[];
  warningCount: number;
}

export class BuildFailedError extends Error {
  constructor(
    message: string,
    readonly report: BuildReport,
  ) {
    super(message);
    this.name = 'BuildFailedError';
  }
}

const MAX_WARNINGS_KEPT = 1000;

/**
 * Builds into a staging sibling of `options.out` and swaps it in at the end, so `out` always holds one whole build (the
 * previous one until this one is complete); a failed build leaves `out` as it was.
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  if (!options.snapshot === !options.release)
    throw new Error('build needs exactly one input: a snapshot directory or a HuggingKG release (zip or folder)');
  const base = options.base ?? DEFAULT_BASE;
  if (!/^https?:\/\/.+\/$/.test(base))
    throw new Error(`--base must be an http(s) IRI ending with '/', got ${JSON.stringify(base)}`);
  // The input is checked before --out is touched, so a mistyped input path leaves nothing behind.
  let release: Release | undefined;
  if (options.snapshot) {
    const inputStat = await stat(options.snapshot).catch(() => undefined);
    if (!inputStat?.isDirectory())
      throw new Error(`snapshot directory ${options.snapshot} does not exist or is not a directory`);
  } else {
    release = await openRelease(options.release!);
  }
  const staging = await stageOutput(options.out);
  let report: BuildReport;
  try {
    report = await buildInto(staging.dir, options, base, release);
  } catch (err) {
    if (!(err instanceof BuildFailedError)) {
      await staging.abandon();
      throw err;
    }
    // A --strict failure keeps its output (the reports say what failed), as a complete build.
    await staging.commit();
    throw new BuildFailedError(err.message.split(staging.dir).join(options.out), err.report);
  }
  await staging.commit();
  return report;
}

/** An input that gave no records: a build of it would be only the built-in task list, which is never what was meant. */
function checkInputHadRecords(mapping: MapStats, input: string): void {
  const records = Object.values(mapping.records).reduce((a, b) => a + b, 0);
  if (records === 0) {
    throw new Error(
      `${input} holds no Hub records (no non-empty models.jsonl, datasets.jsonl, ` +
        `... or release files): nothing to build`,
    );
  }
}

async function buildInto(
  out: string,
  options: BuildOptions,
  base: string,
  release: Release | undefined,
): Promise<BuildReport> {
  const started = new Date();
  const mode = options.progress ?? Boolean(process.stderr.isTTY);
  const progress = new ProgressReporter(mode === true ? 'bars' : mode === false ? 'off' : mode);
  const warnings: BuildWarning[] = [];
  let warningCount = 0;
  const mapOptions = {
    base,
    onWarning: (w: BuildWarning) => {
      warningCount++;
      if (warnings.length < MAX_WARNINGS_KEPT) warnings.push(w);
      options.onWarning?.(w);
    },
    onProgress: (done: number, total: number) => progress.update('map', done, total),
  };
  const stats = new GraphStats();
  // Validation's first pass, done on the quads as they are written (blank nodes keyed as validation reads the dump).
  const graphIndex = options.validate !== false ? await GraphIndex.forShapes(undefined, blankNodeScope(0)) : undefined;
  progress.start('map', 'mapping');
  const { digests, mapping } = await writeDumps(
    release ? mapRelease(release, mapOptions) : mapSnapshot(options.snapshot!, mapOptions),
    out,
    stats,
    graphIndex,
    base,
    progress,
  );
  checkInputHadRecords(mapping, options.snapshot ?? options.release!);
  const mappedMs = Date.now() - started.getTime();
  const written = [
    { name: OUTPUT.ntriples, mediaType: NTRIPLES.mediaType, digest: digests[0] },
    { name: OUTPUT.turtle, mediaType: TURTLE.mediaType, digest: digests[1] },
    { name: OUTPUT.jsonld, mediaType: JSONLD.mediaType, digest: digests[2] },
  ];
  const dumps: DumpFile[] = [];
  for (const { name, mediaType, digest } of written) {
    await rename(digest.path, join(out, name));
    dumps.push({ name, mediaType, bytes: digest.bytes, sha256: digest.sha256 });
  }

  const { version } = toolInfo();
  const voidText = await voidTurtle(
    voidQuads(stats, {
      base,
      created: started,
      source: options.snapshot ? 'Hugging Face Hub API snapshot' : 'HuggingKG release',
      toolVersion: version,
      statisticsVersion: STATISTICS_VERSION,
      dumps,
    }),
  );
  await writeFile(join(out, OUTPUT.void), voidText);

  let validation: ValidationSummary | undefined;
  if (graphIndex) {
    progress.start('validate', 'validating', stats.triples);
    validation = await validateFiles([join(out, OUTPUT.ntriples)], {
      reportFile: join(out, OUTPUT.validation),
      graphIndex,
      ...(options.validateWorkers !== undefined ? { workers: options.validateWorkers } : {}),
      ...(options.validateWorkerHeapMb !== undefined ? { workerHeapMb: options.validateWorkerHeapMb } : {}),
      onProgress: (done: number) => progress.update('validate', done, stats.triples),
    });
    progress.stop('validate');
  }

  const finished = new Date();
  const report: BuildReport = {
    tool: { name: 'huggingkg-ld', version },
    statisticsVersion: STATISTICS_VERSION,
    heapLimitMb: heapLimitMb(),
    input: options.snapshot
      ? { kind: 'snapshot', path: options.snapshot }
      : { kind: 'huggingkg-release', path: options.release! },
    base,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    mapping,
    graph: stats.toJSON(),
    triples: stats.triples,
    triplesPerSecond: Math.round(stats.triples / Math.max(mappedMs / 1000, 0.001)),
    dumps,
    validation,
    warnings,
    warningCount,
  };
  await writeFile(join(out, OUTPUT.report), JSON.stringify(report, null, 2) + '\n');
  if (options.strict) {
    if (warningCount > 0)
      throw new BuildFailedError(`--strict: ${warningCount} input warning(s); see ${join(out, OUTPUT.report)}`, report);
    if (validation && !validation.conforms) {
      throw new BuildFailedError(
        `--strict: the graph does not conform to the shapes; see ${join(out, OUTPUT.validation)}`,
        report,
      );
    }
  }
  return report;
}

/**
 * Maps and writes the three dumps in one pass. A function of its own so that nothing keeps the mapping run (and its
 * entity id sets, hundreds of MB at Hub scale) reachable once it is done: validation then runs on a smaller heap.
 */
async function writeDumps(
  run: MapRun,
  out: string,
  stats: GraphStats,
  graphIndex: GraphIndex | undefined,
  base: string,
  progress: ProgressReporter,
): Promise<{ digests: [FileDigest, FileDigest, FileDigest]; mapping: MapStats }> {
  const context = projectContext();
  const nt = new NTriplesDump(join(out, OUTPUT.ntriples + '.part'));
  const ttl = new TurtleDump(join(out, OUTPUT.turtle + '.part'), PREFIXES);
  const jsonld = new JsonLdDump(join(out, OUTPUT.jsonld + '.part'), context);
  const statistics = new GraphStatistics({ base });
  const linkCounts = new LinkCounter(base, statistics.entities);
  let sinceDrain = 0;
  // synchronous per quad (the build's hot path); the writers are drained every 2,048 quads
  const write = (quad: Quad): Promise<unknown> | undefined => {
    stats.add(quad);
    graphIndex?.add(quad);
    nt.add(quad);
    ttl.add(quad);
    jsonld.add(quad);
    if (++sinceDrain < 2048) return undefined;
    sinceDrain = 0;
    return Promise.all([nt.drain(), ttl.drain(), jsonld.drain()]);
  };
  for await (const quad of run.quads as AsyncIterable<Quad>) {
    statistics.add(quad);
    linkCounts.add(quad);
    const drained = write(quad);
    if (drained) await drained;
  }
  progress.stop('map');
  // the statistics need the whole graph (every lineage edge; an entity's task edges and tags may come from different
  // files): they follow the mapped graph (minutes at Hub size, so they are a stage of their own)
  progress.start('statistics', 'statistics');
  const statisticsDone = (done: number, total: number) => progress.update('statistics', done, total);
  for (const quad of statistics.quads(statisticsDone)) {
    linkCounts.add(quad); // the lineage closure's links are links a description counts too
    const drained = write(quad);
    if (drained) await drained;
  }
  for (const quad of linkCounts.quads()) {
    const drained = write(quad);
    if (drained) await drained;
  }
  progress.stop('statistics');
  const digests = await Promise.all([nt.close(), ttl.close(), jsonld.close()]);
  return { digests, mapping: run.stats };
}
