// **build** chains map -> dumps (N-Triples, Turtle, JSON-LD, all in one streaming pass) -> VoID -> SHACL validation,
// writing everything a server or a user needs into one output directory, with a report of what happened.

import { mkdir, readFile, writeFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Quad } from '@rdfjs/types';
import { mapRelease, mapSnapshot, type BuildWarning, type MapRun, type MapStats } from '../mapper/index.js';
import { blankNodeScope, GraphIndex, validateFiles, type ValidationSummary } from '../validate/index.js';
import { NTriplesDump } from '../dump/ntriples.js';
import { TurtleDump } from '../dump/turtle.js';
import { JsonLdDump, type JsonLdContext } from '../dump/jsonld.js';
import { GraphStats } from '../dump/stats.js';
import type { FileDigest } from '../dump/gzip-file.js';
import { voidQuads, voidTurtle, type DumpFile } from '../dump/void.js';
import { CONTEXT_FILE, ROOT } from '../paths.js';
import { DEFAULT_BASE, PREFIXES } from '../vocab.js';
import { ProgressReporter } from './progress.js';
import { TagTaskCounter } from '../stats/tags.js';

export const OUTPUT = {
  ntriples: 'huggingkg.nt.gz',
  turtle: 'huggingkg.ttl.gz',
  jsonld: 'huggingkg.jsonld.gz',
  void: 'void.ttl',
  validation: 'validation-report.ttl',
  report: 'build-report.json',
} as const;

export interface BuildOptions {
  /** A snapshot directory of raw Hub API records (DESIGN.md §1). */
  snapshot?: string;
  /** A HuggingKG release directory (JSON lists per node type and relation, and/or triples.txt). */
  release?: string;
  out: string;
  base?: string;
  /** Fail (BuildFailedError) on any input warning or a non-conforming graph. */
  strict?: boolean;
  /** Run SHACL validation (default true). */
  validate?: boolean;
  /** Worker threads for SHACL validation (default: one per core; 0 validates on the main thread). */
  validateWorkers?: number;
  /** Draw progress bars on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Called for each input warning as it happens (the CLI prints them). */
  onWarning?: (w: BuildWarning) => void;
}

export interface BuildReport {
  tool: { name: string; version: string };
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
  constructor(message: string, readonly report: BuildReport) {
    super(message);
    this.name = 'BuildFailedError';
  }
}

const MAX_WARNINGS_KEPT = 1000;

export async function build(options: BuildOptions): Promise<BuildReport> {
  if (!options.snapshot === !options.release) throw new Error('build needs exactly one input: a snapshot or a HuggingKG release directory');
  const base = options.base ?? DEFAULT_BASE;
  if (!/^https?:\/\/.+\/$/.test(base)) throw new Error(`--base must be an http(s) IRI ending with '/', got ${JSON.stringify(base)}`);
  const out = options.out;
  // The input is checked before --out is made, so a mistyped input path leaves nothing behind.
  const input = options.snapshot ?? options.release!;
  const inputStat = await stat(input).catch(() => undefined);
  if (!inputStat?.isDirectory()) throw new Error(`${options.snapshot ? 'snapshot' : 'HuggingKG release'} directory ${input} does not exist or is not a directory`);
  await mkdir(out, { recursive: true });
  const started = new Date();
  const progress = new ProgressReporter(options.progress ?? Boolean(process.stderr.isTTY));
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
    options.snapshot ? mapSnapshot(options.snapshot, mapOptions) : mapRelease(options.release!, mapOptions),
    out,
    stats,
    graphIndex,
  );
  progress.stop('map');
  const mappedMs = Date.now() - started.getTime();
  const mediaTypes = ['application/n-triples', 'text/turtle', 'application/ld+json'];
  const names = [OUTPUT.ntriples, OUTPUT.turtle, OUTPUT.jsonld];
  const dumps: DumpFile[] = [];
  for (let i = 0; i < names.length; i++) {
    await rename(digests[i].path, join(out, names[i]));
    dumps.push({ name: names[i], mediaType: mediaTypes[i], bytes: digests[i].bytes, sha256: digests[i].sha256 });
  }

  const version = await toolVersion();
  const voidText = await voidTurtle(
    voidQuads(stats, { base, created: started, source: options.snapshot ? 'Hugging Face Hub API snapshot' : 'HuggingKG release', toolVersion: version, dumps }),
  );
  await writeFile(join(out, OUTPUT.void), voidText);

  let validation: ValidationSummary | undefined;
  if (graphIndex) {
    progress.start('validate', 'validating', stats.triples);
    validation = await validateFiles([join(out, OUTPUT.ntriples)], {
      reportFile: join(out, OUTPUT.validation),
      graphIndex,
      ...(options.validateWorkers !== undefined ? { workers: options.validateWorkers } : {}),
      onProgress: (done: number) => progress.update('validate', done, stats.triples),
    });
    progress.stop('validate');
  }

  const finished = new Date();
  const report: BuildReport = {
    tool: { name: 'huggingkg-ld', version },
    input: options.snapshot ? { kind: 'snapshot', path: options.snapshot } : { kind: 'huggingkg-release', path: options.release! },
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
    if (warningCount > 0) throw new BuildFailedError(`--strict: ${warningCount} input warning(s); see ${join(out, OUTPUT.report)}`, report);
    if (validation && !validation.conforms) {
      throw new BuildFailedError(`--strict: the graph does not conform to the shapes; see ${join(out, OUTPUT.validation)}`, report);
    }
  }
  return report;
}

/**
 * Maps and writes the three dumps in one pass. A function of its own so that nothing keeps the mapping run (and its
 * entity id sets, hundreds of MB at Hub scale) reachable once it is done: validation then runs on a smaller heap.
 */
async function writeDumps(run: MapRun, out: string, stats: GraphStats, graphIndex: GraphIndex | undefined): Promise<{ digests: FileDigest[]; mapping: MapStats }> {
  const context = await loadContext();
  const nt = new NTriplesDump(join(out, OUTPUT.ntriples + '.part'));
  const ttl = new TurtleDump(join(out, OUTPUT.turtle + '.part'), PREFIXES);
  const jsonld = new JsonLdDump(join(out, OUTPUT.jsonld + '.part'), context);
  const tagTasks = new TagTaskCounter();
  let sinceDrain = 0;
  const write = async (quad: Quad) => {
    stats.add(quad);
    graphIndex?.add(quad);
    nt.add(quad);
    ttl.add(quad);
    jsonld.add(quad);
    if (++sinceDrain >= 2048) {
      sinceDrain = 0;
      await Promise.all([nt.drain(), ttl.drain(), jsonld.drain()]);
    }
  };
  for await (const quad of run.quads as AsyncIterable<Quad>) {
    tagTasks.addQuad(quad);
    await write(quad);
  }
  // the statistics need the whole graph (an entity's task edges and tags may come from different files)
  for (const quad of tagTasks.quads()) await write(quad);
  const digests = await Promise.all([nt.close(), ttl.close(), jsonld.close()]);
  return { digests, mapping: run.stats };
}

async function loadContext(): Promise<JsonLdContext> {
  const doc = JSON.parse(await readFile(CONTEXT_FILE, 'utf8')) as { '@context': JsonLdContext };
  return doc['@context'];
}

async function toolVersion(): Promise<string> {
  return (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
