// **output** owns a build's output directory: the names of the files a build writes, the staging sibling a build writes
// into and swaps in with renames at the end (so no crash leaves new dumps beside an old report), and the reading and
// checking of build-report.json that `serve` and /dumps/ trust.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, readFileSync } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export const OUTPUT = {
  ntriples: 'huggingkg.nt.gz',
  turtle: 'huggingkg.ttl.gz',
  jsonld: 'huggingkg.jsonld.gz',
  void: 'void.ttl',
  validation: 'validation-report.ttl',
  report: 'build-report.json',
} as const;

/** Files a build writes besides the dumps its report lists. */
export const SIDE_FILES: readonly string[] = [OUTPUT.void, OUTPUT.validation, OUTPUT.report];

/** A dump as build-report.json lists it. */
export interface ReportedDump {
  name: string;
  mediaType?: string;
  bytes: number;
  sha256: string;
}

/** What serve and /dumps/ read from build-report.json. */
export interface ReportSummary {
  base?: string;
  triples?: number;
  dumps: ReportedDump[];
}

/** A build directory that cannot be served as it is; the message says what is wrong and what to do. */
export class BuildOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildOutputError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Writing: stage, then swap

const STAGING = '.building-';
const PREVIOUS = '.previous-';

/** A staging directory beside `out`; commit() puts it in place of `out`, abandon() removes it. */
export interface Staging {
  dir: string;
  commit(): Promise<void>;
  abandon(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Tidies what builds that were killed left beside `out` (their process is gone): a staging directory is removed; a
 * previous build is put back when `out` is missing (the kill came between the two renames), else removed.
 */
async function recoverLeftovers(out: string): Promise<void> {
  const parent = dirname(out);
  const prefix = basename(out);
  for (const name of (await readdir(parent).catch(() => [] as string[])).sort()) {
    for (const marker of [STAGING, PREVIOUS]) {
      if (!name.startsWith(prefix + marker)) continue;
      const pid = Number(name.slice(prefix.length + marker.length));
      if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
      const path = join(parent, name);
      if (marker === PREVIOUS && !(await lstat(out).catch(() => undefined))) await rename(path, out);
      else await rm(path, { recursive: true, force: true });
    }
  }
}

/**
 * Makes the staging sibling of `out` (same parent, so the final rename never crosses file systems). An existing `out`
 * is refused unless it is empty or a build's output, so a mistyped --out never replaces unrelated files.
 */
export async function stageOutput(outArg: string): Promise<Staging> {
  const out = resolve(outArg);
  await mkdir(dirname(out), { recursive: true });
  await recoverLeftovers(out);
  const existing = await lstat(out).catch(() => undefined);
  if (existing) {
    if (!existing.isDirectory()) throw new BuildOutputError(`--out ${outArg} exists and is not a directory`);
    const names = await readdir(out);
    if (names.length > 0 && !names.includes(OUTPUT.report)) {
      throw new BuildOutputError(
        `--out ${outArg} is not empty and holds no ${OUTPUT.report}: ` +
          `it is not a huggingkg build directory, and a build replaces ` +
          `its directory as a whole; choose another --out or empty it`,
      );
    }
  }
  const dir = `${out}${STAGING}${process.pid}`;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  return {
    dir,
    async commit() {
      // Two renames: for the moment between them `out` is absent (never half old, half new); a crash there leaves the
      // old build in OUT.previous-PID, which the next build puts back before it starts.
      const previous = `${out}${PREVIOUS}${process.pid}`;
      const had = await lstat(out).catch(() => undefined);
      if (had) await rename(out, previous);
      await rename(dir, out);
      if (had) await rm(previous, { recursive: true, force: true });
    },
    abandon: () => rm(dir, { recursive: true, force: true }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading: the report, the files it vouches for, and their check

/** build-report.json of `dir`, undefined when there is none; a report that is not JSON is an error naming the file. */
export function readBuildReport(dir: string): ReportSummary | undefined {
  if (!dir) return undefined;
  const path = join(dir, OUTPUT.report);
  if (!existsSync(path)) return undefined;
  if (!isPlainFile(dir, OUTPUT.report))
    throw new BuildOutputError(`${path} is not a regular file (a link?): rebuild with huggingkg build --out ${dir}`);
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new BuildOutputError(
      `${path} is not valid JSON (${(err as Error).message}): rebuild with huggingkg build --out ${dir}`,
    );
  }
  // `counts.triples` is where reports of earlier builds kept the count.
  const counts = value.counts as { triples?: unknown } | undefined;
  const count = value.triples ?? counts?.triples;
  const triples = typeof count === 'number' && Number.isFinite(count) ? count : undefined;
  const dumps: ReportedDump[] = [];
  for (const d of Array.isArray(value.dumps) ? (value.dumps as Array<Record<string, unknown>>) : []) {
    // Only a bare file name is taken: a report cannot point /dumps/ outside its directory.
    if (typeof d?.name !== 'string' || basename(d.name) !== d.name || d.name.startsWith('.')) continue;
    if (typeof d.bytes !== 'number' || typeof d.sha256 !== 'string') continue;
    dumps.push({
      name: d.name,
      bytes: d.bytes,
      sha256: d.sha256,
      ...(typeof d.mediaType === 'string' ? { mediaType: d.mediaType } : {}),
    });
  }
  return {
    ...(typeof value.base === 'string' ? { base: value.base } : {}),
    ...(triples !== undefined ? { triples } : {}),
    dumps,
  };
}

/** A regular file of `dir` by name; a symbolic link (or anything else) is not one, so it is never followed. */
function isPlainFile(dir: string, name: string): boolean {
  try {
    return lstatSync(join(dir, name)).isFile();
  } catch {
    return false;
  }
}

/**
 * The files of `dir` that its build wrote, by name: the dumps its report lists and the side files, each only when it is
 * a regular file (not a link). Anything else in the directory is neither listed nor served. `report` spares reading
 * build-report.json again when the caller has just read it.
 */
export function builtFiles(dir: string, report?: ReportSummary): string[] {
  if (!report) {
    try {
      report = readBuildReport(dir);
    } catch {
      // A report that cannot be read vouches for nothing (serve refuses such a directory at start).
      return [];
    }
  }
  if (!report) return [];
  const names = new Set([...report.dumps.map((d) => d.name), ...SIDE_FILES]);
  return [...names].filter((name) => isPlainFile(dir, name)).sort();
}

// sha256 of a large dump takes seconds, so it is computed once per (path, size, mtime).
const checksums = new Map<string, Promise<string>>();

/** sha256 (hex) of a file, cached while its size and mtime stay the same. */
export async function fileSha256(path: string): Promise<string> {
  const info = await stat(path);
  const key = `${path}|${info.size}|${info.mtimeMs}`;
  let sum = checksums.get(key);
  if (!sum) {
    sum = new Promise((resolvePromise, reject) => {
      const hash = createHash('sha256');
      createReadStream(path)
        .on('data', (chunk) => hash.update(chunk))
        .on('error', reject)
        .on('end', () => resolvePromise(hash.digest('hex')));
    });
    sum.catch(() => checksums.delete(key));
    checksums.set(key, sum);
  }
  return sum;
}

function rebuildHint(dir: string): string {
  return `rebuild it (huggingkg build --out ${dir}) or restore the whole directory from one build`;
}

function mismatch(dir: string, problems: string[]): BuildOutputError {
  return new BuildOutputError(
    `${dir} does not match its ${OUTPUT.report} (an interrupted ` +
      `or mixed build?): ${problems.join('; ')}. Refusing to serve ` +
      `it: ${rebuildHint(dir)}`,
  );
}

/**
 * The quick half of verifyBuild: a report, listing `loads` when given, and every dump it lists present as a regular
 * file (not a link) of the size it gives. Throws BuildOutputError saying what differs and what to do.
 */
export function checkBuildFiles(dir: string, loads?: string): ReportSummary {
  const report = readBuildReport(dir);
  if (!report)
    throw new BuildOutputError(`${dir} has no ${OUTPUT.report}, so nothing vouches for its dumps: ${rebuildHint(dir)}`);
  if (report.dumps.length === 0)
    throw new BuildOutputError(`${join(dir, OUTPUT.report)} lists no dumps: ${rebuildHint(dir)}`);
  if (loads && !report.dumps.some((d) => d.name === loads)) {
    throw new BuildOutputError(
      `${join(dir, OUTPUT.report)} does not list ${loads}, the dump the server loads: ${rebuildHint(dir)}`,
    );
  }
  const problems: string[] = [];
  for (const dump of report.dumps) {
    const path = join(dir, dump.name);
    const info = existsSync(path) ? lstatSync(path) : undefined;
    if (!info) problems.push(`${dump.name} is missing`);
    else if (!info.isFile()) problems.push(`${dump.name} is not a regular file (a link?)`);
    else if (info.size !== dump.bytes)
      problems.push(`${dump.name} has ${info.size} bytes, the report says ${dump.bytes}`);
  }
  if (problems.length > 0) throw mismatch(dir, problems);
  return report;
}

/** The slow half of verifyBuild (seconds per GB): the listed dumps' sha256 against the report (those `which` picks). */
export async function checkBuildChecksums(
  dir: string,
  report: ReportSummary,
  which: (name: string) => boolean = () => true,
): Promise<void> {
  const dumps = report.dumps.filter((d) => which(d.name));
  const sums = await Promise.all(dumps.map(async (d) => ({ d, sum: await fileSha256(join(dir, d.name)) })));
  const problems = sums.flatMap(({ d, sum }) =>
    sum === d.sha256 ? [] : [`${d.name} has sha256 ${sum.slice(0, 12)}…, the report says ${d.sha256.slice(0, 12)}…`],
  );
  if (problems.length > 0) throw mismatch(dir, problems);
}

/**
 * Checks that `dir` is a complete build: a report, and every dump it lists present as a regular file with the size and
 * sha256 it gives. Throws BuildOutputError saying what differs and what to do; the dump `loads` must be one of them.
 */
export async function verifyBuild(dir: string, loads?: string): Promise<ReportSummary> {
  const report = checkBuildFiles(dir, loads);
  await checkBuildChecksums(dir, report);
  return report;
}
