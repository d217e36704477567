// **virtuoso** bulk-loads a build's N-Triples dump into a Virtuoso graph through isql (Debian's `isql-vt`):
// ld_add + rdf_loader_run + checkpoint, the loader Virtuoso documents for large files. Reading is not done here:
// the server reaches Virtuoso's read-only /sparql endpoint through the generic remote store (src/store/remote.ts).

import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { splitDump, type DumpPart } from './dump-split.js';
import { readPosition, type ReadPosition } from './read-position.js';
import { DEFAULT_BASE } from '../vocab.js';
import { OUTPUT } from '../build/output.js';

/** Graph a build is loaded into unless --graph says otherwise (the dataset base). */
export const DEFAULT_GRAPH = DEFAULT_BASE;

export interface IsqlConnection {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  /** isql binary: Debian names Virtuoso's `isql-vt` (plain `isql` is unixODBC's); the CLI passes VIRTUOSO_ISQL. */
  isql?: string;
}

export interface VirtuosoLoadOptions extends IsqlConnection {
  /** Build output directory holding huggingkg.nt.gz (or the .nt.gz file itself). */
  from: string;
  /**
   * More dump files loaded into the same graph in the same run (statistics computed after the build, a second dump):
   * split and loaded with the first, one clear before and one checkpoint after them all.
   */
  also?: string[];
  graph?: string;
  /** Keep what the graph already holds (default: clear the graph first, so a reload never mixes builds). */
  append?: boolean;
  onLog?: (line: string) => void;
  /**
   * Bulk loaders run at once (each an isql session running rdf_loader_run()). Virtuoso's loader takes one file per
   * loader, so above 1 an N-Triples/N-Quads dump is split into parts (whole lines) next to it, loaded in parallel and
   * removed afterwards. Default: defaultLoaders().
   */
  loaders?: number;
  /**
   * Lines per part when splitting (default 2,000,000: a part loads in ~10-20 s, so progress moves and loaders balance).
   */
  partLines?: number;
  /** Called every progressEveryMs (default 5 s) while loading, and once at the end. */
  onProgress?: (p: LoadProgress) => void;
  progressEveryMs?: number;
}

export interface LoadProgress {
  /** Lines of the dump split into parts so far (all of them once splitDone). */
  linesSplit: number;
  splitDone: boolean;
  parts: number;
  partsLoaded: number;
  /** Lines of the parts already loaded (a dump line is one triple). */
  linesLoaded: number;
  /**
   * Files loaded as they are (one loader): their size in bytes, and how many of them Virtuoso has read (finished
   * files whole, the open one up to its read offset when Virtuoso runs on this machine).
   */
  bytes?: number;
  bytesRead?: number;
  seconds: number;
}

export interface VirtuosoLoadResult {
  file: string;
  /** Every file loaded: `file`, then the `also` files. */
  files: string[];
  graph: string;
  /** Triples in the graph after loading. */
  triples: number;
  seconds: number;
}

export class VirtuosoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VirtuosoError';
  }
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** An absolute IRI safe to write inside <...> and SQL strings. */
export function assertGraphIri(iri: string): void {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`']+$/.test(iri))
    throw new VirtuosoError(`--graph must be an absolute IRI, got ${JSON.stringify(iri)}`);
}

/** Runs SQL statements through isql; resolves with stdout, rejects naming the first Virtuoso error. */
export function runIsql(conn: IsqlConnection, sql: string): Promise<string> {
  const bin = conn.isql ?? 'isql-vt';
  const target = `${conn.host ?? '127.0.0.1'}:${conn.port ?? 1111}`;
  const args = [
    target,
    conn.user ?? 'dba',
    conn.password ?? 'dba',
    'VERBOSE=OFF',
    'BANNER=OFF',
    'PROMPT=OFF',
    'ECHO=OFF',
    'ERRORS=STDOUT',
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(
        new VirtuosoError(
          e.code === 'ENOENT'
            ? `${bin} not found: install Debian's virtuoso-opensource (it ships isql-vt) or set VIRTUOSO_ISQL`
            : `${bin}: ${e.message}`,
        ),
      );
    });
    child.on('close', (code) => {
      const text = out + err;
      const error = /\*\*\* Error[^\n]*(\n[^\n*]+)?/.exec(text);
      if (error) {
        const msg = error[0].replace(/\s+/g, ' ').trim();
        if (/connect|Connection refused|08004|08001/i.test(msg))
          reject(
            new VirtuosoError(`cannot reach Virtuoso at ${target}: ${msg} (start it with scripts/virtuoso/start.sh)`),
          );
        else if (/28000|password/i.test(msg))
          reject(new VirtuosoError(`Virtuoso at ${target} refused the login: ${msg}`));
        else reject(new VirtuosoError(msg));
      } else if (code !== 0) reject(new VirtuosoError(`${bin} exited with ${code}: ${text.trim().slice(0, 500)}`));
      else resolvePromise(out);
    });
    // isql may exit before reading its input (a refused login): the close handler reports why, so a broken pipe on
    // stdin is not an error of its own (unhandled, it would crash the process)
    child.stdin.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') reject(new VirtuosoError(`${bin}: ${e.message}`));
    });
    child.stdin.end(sql.endsWith('\n') ? sql : sql + '\n');
  });
}

/** Value printed after a marker column, e.g. `SELECT 'TRIPLES', COUNT(*) ...` -> the count's text. */
function marked(out: string, marker: string): string[] | undefined {
  for (const line of out.split('\n')) {
    const t = line.trim();
    if (t.startsWith(marker + ' ') || t === marker)
      return t
        .slice(marker.length)
        .trim()
        .split(/\s{2,}/);
  }
  return undefined;
}

/** Triples in a graph (SQL count over RDF_QUAD, exact and fast). */
export async function graphSize(conn: IsqlConnection, graph: string): Promise<number> {
  assertGraphIri(graph);
  const out = await runIsql(
    conn,
    `SELECT 'TRIPLES', COUNT(*) FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id(${sqlString(graph)});`,
  );
  const v = marked(out, 'TRIPLES');
  if (!v) throw new VirtuosoError(`unexpected isql output: ${out.slice(0, 300)}`);
  return Number(v[0]);
}

/**
 * Loaders for this machine: one per 2.5 cores, at least one (Virtuoso's guide). One loader is not one thread: it parses
 * on its own thread and hands batches of ~30 MB to 3 threads of its async queue that resolve IRIs and write the
 * indexes, so on 2 cores it keeps both busy (194% CPU) and needs no split. Measured at F = 1.0 (42.2M triples) on
 * 2 quiet cores: 1 loader 283 s wall, 547 s of Virtuoso CPU; 2 loaders over split parts 353 s, 639 s plus 40 s for
 * the split (scripts/virtuoso/README.md).
 */
export function defaultLoaders(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2.5));
}

/** A file to load: an existing N-Triples/N-Quads/Turtle file, gzipped or not. */
function dumpFile(path: string): string {
  const file = resolve(path);
  if (!existsSync(file)) throw new VirtuosoError(`no such file: ${file}`);
  if (!/\.(nt|nq|ttl)(\.gz)?$/.test(file)) throw new VirtuosoError(`${file} is not an N-Triples/N-Quads/Turtle file`);
  return file;
}

/**
 * Bulk-loads OUTDIR/huggingkg.nt.gz (and the `also` files) into `graph`. The files' directories must be in Virtuoso's
 * DirsAllowed.
 */
export async function loadIntoVirtuoso(options: VirtuosoLoadOptions): Promise<VirtuosoLoadResult> {
  const started = Date.now();
  const from = resolve(options.from);
  const isDir = existsSync(from) && statSync(from).isDirectory();
  if (isDir && !existsSync(resolve(from, OUTPUT.ntriples)))
    throw new VirtuosoError(`no ${OUTPUT.ntriples} in ${from}: run \`huggingkg build --out ${options.from}\` first`);
  const files = [dumpFile(isDir ? resolve(from, OUTPUT.ntriples) : from), ...(options.also ?? []).map(dumpFile)];
  const file = files[0]!;
  const graph = options.graph ?? DEFAULT_GRAPH;
  assertGraphIri(graph);
  const loaders = options.loaders ?? defaultLoaders();
  if (!Number.isInteger(loaders) || loaders < 1)
    throw new VirtuosoError(`loaders must be a positive integer, got ${loaders}`);
  const log = options.onLog ?? (() => {});

  // Turtle cannot be split at line ends; with one loader nothing needs splitting
  const split = loaders > 1 && files.every((f) => /\.(nt|nq)(\.gz)?$/.test(f));
  // Virtuoso reads the files itself, or the parts split next to the first: a file it may not read fails here, before
  // the graph is cleared, not after the others are loaded (file_stat does not check DirsAllowed; reading a byte does)
  for (const f of split ? files.slice(0, 1) : files) {
    await runIsql(options, `SELECT 'BYTE', length(file_to_string_output(${sqlString(f)}, 0, 1));`).catch((err) => {
      throw dirsAllowedError(err, dirname(f));
    });
  }
  if (!options.append) {
    log(`clearing graph <${graph}>`);
    // log_enable(3,1): no transaction log and row-by-row autocommit, so clearing millions of quads stays cheap.
    await runIsql(
      options,
      `log_enable(3,1);\nDELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id(${sqlString(graph)});\nlog_enable(1);`,
    );
  }
  log(`loading ${files.join(' + ')} into <${graph}>${loaders > 1 ? ` with ${loaders} loaders` : ''}`);
  const restore = await loadSettings(options);
  try {
    if (split) await loadInParts(options, files, graph, loaders, started);
    else await loadFiles(options, files, graph);
  } finally {
    await restore();
  }
  const triples = await graphSize(options, graph);
  return { file, files, graph, triples, seconds: (Date.now() - started) / 1000 };
}

/**
 * No automatic checkpoint while loading (one would write every dirty page mid-load, stalling the loaders for the
 * while): the load ends with one checkpoint; the returned function restores the server's interval.
 */
async function loadSettings(conn: IsqlConnection): Promise<() => Promise<void>> {
  const interval = marked(await runIsql(conn, `SELECT 'INTERVAL', checkpoint_interval(-1);`), 'INTERVAL')?.[0];
  return async () => {
    // (an interval already disabled reads back as a meaningless number, and is left disabled)
    if (interval && /^\d+$/.test(interval)) await runIsql(conn, `checkpoint_interval(${interval});`).catch(() => {});
  };
}

/** ld_add + rdf_loader_run + checkpoint on the files themselves: one loader. */
async function loadFiles(options: VirtuosoLoadOptions, files: string[], graph: string): Promise<void> {
  const started = Date.now();
  const sizes = files.map((f) => statSync(f).size);
  // the loader gives no progress of its own: how far Virtuoso has read each file (its descriptor's offset, when it
  // runs on this machine) and which files it has finished
  const hints: (ReadPosition | undefined)[] = files.map(() => undefined);
  const seen = files.map(() => 0);
  const progress = async (): Promise<LoadProgress> => {
    const done = await fileStates(options, files);
    files.forEach((f, i) => {
      if (done[i]) seen[i] = sizes[i]!;
      else {
        hints[i] = readPosition(f, hints[i], process.pid);
        if (hints[i]) seen[i] = Math.max(seen[i]!, hints[i]!.offset);
      }
    });
    return {
      linesSplit: 0,
      splitDone: true,
      parts: files.length,
      partsLoaded: done.filter(Boolean).length,
      linesLoaded: 0,
      bytes: sizes.reduce((a, b) => a + b, 0),
      bytesRead: seen.reduce((a, b) => a + b, 0),
      seconds: (Date.now() - started) / 1000,
    };
  };
  let timer: NodeJS.Timeout | undefined;
  let reported = false;
  let out: string;
  try {
    // registered before the progress starts, so that a file's state left by an earlier load is not taken for this one
    await runIsql(
      options,
      files
        .flatMap((file) => [
          `DELETE FROM DB.DBA.load_list WHERE ll_file = ${sqlString(file)};`,
          `ld_add(${sqlString(file)}, ${sqlString(graph)});`,
        ])
        .join('\n'),
    );
    if (options.onProgress)
      timer = setInterval(() => {
        // a report still on its way when the load ends is dropped: it would come after the final one
        progress().then(
          (p) => !reported && options.onProgress!(p),
          () => {},
        );
      }, options.progressEveryMs ?? 5000);
    out = await runIsql(
      options,
      [
        `rdf_loader_run();`,
        `checkpoint;`,
        ...files.map(
          (file, i) =>
            `SELECT 'LOADSTATE${i}', ll_state, coalesce(ll_error, 'OK') FROM ` +
            `DB.DBA.load_list WHERE ll_file = ${sqlString(file)};`,
        ),
      ].join('\n'),
    );
  } catch (err) {
    throw dirsAllowedError(err, dirname(files[0]!));
  } finally {
    if (timer) clearInterval(timer);
  }
  files.forEach((file, i) => {
    const state = marked(out, `LOADSTATE${i}`);
    if (!state)
      throw new VirtuosoError(
        `Virtuoso did not register ${file} for loading (is ${dirname(file)} in DirsAllowed?): ` +
          out.trim().slice(0, 300),
      );
    if (state[1] !== 'OK') throw new VirtuosoError(`Virtuoso failed to load ${file}: ${state.slice(1).join(' ')}`);
  });
  if (options.onProgress) {
    const final = await progress();
    reported = true;
    options.onProgress(final);
  }
}

/** Per file: has the loader finished it (state 2)? */
async function fileStates(conn: IsqlConnection, files: string[]): Promise<boolean[]> {
  const out = await runIsql(
    conn,
    files
      .map((file, i) => `SELECT 'FILESTATE${i}', ll_state FROM DB.DBA.load_list WHERE ll_file = ${sqlString(file)};`)
      .join('\n'),
  );
  return files.map((_, i) => marked(out, `FILESTATE${i}`)?.[0] === '2');
}

function dirsAllowedError(err: unknown, dir: string): unknown {
  if (err instanceof VirtuosoError && /FA0\d\d|access control|DirsAllowed/i.test(err.message)) {
    return new VirtuosoError(
      `Virtuoso may not read ${dir} (not in DirsAllowed of its virtuoso.ini): restart it with ` +
        `scripts/virtuoso/start.sh --dump-dir ${dir} (${err.message})`,
    );
  }
  return err;
}

/**
 * Splits the dumps, one after the other, into parts in a directory next to the first (inside DirsAllowed) and keeps
 * `loaders` isql sessions running rdf_loader_run() while the parts appear: each part is registered (ld_add) as soon as
 * it is written, so loading starts after the first part, not after the whole split. A loader returns when no
 * registered part waits; it is started again while the split goes on or parts wait. Then one checkpoint, and the parts
 * are removed.
 */
async function loadInParts(
  options: VirtuosoLoadOptions,
  files: string[],
  graph: string,
  loaders: number,
  started: number,
): Promise<void> {
  const dir = dirname(files[0]!);
  const partsDir = resolve(dir, `.huggingkg-load-${process.pid}-${started}`);
  const parts: (DumpPart & { source: string })[] = [];
  let linesSplit = 0;
  let linesBefore = 0;
  let splitDone = false;
  let failure: unknown;
  let wake: () => void = () => {};
  let woken = new Promise<void>((r) => (wake = r));
  const signal = () => {
    wake();
    woken = new Promise<void>((r) => (wake = r));
  };
  const fail = (err: unknown) => {
    failure ??= err;
    signal();
  };
  // registered one at a time, in order (ld_add from concurrent sessions would race on the load list)
  let registering = Promise.resolve();
  const splitOne = (source: string, index: number) =>
    splitDump(source, partsDir, {
      partLines: options.partLines ?? 2_000_000,
      // the first dump's parts keep their plain names (part-00001.nt), the next ones say which file they come from
      prefix: index ? `part-${index + 1}-` : 'part-',
      onLines: (n) => (linesSplit = linesBefore + n),
      onPart: (part) => {
        registering = registering
          .then(async () => {
            if (failure) return;
            await runIsql(options, `ld_add(${sqlString(part.file)}, ${sqlString(graph)});`);
            parts.push({ ...part, source });
            signal();
          })
          .catch((err) => fail(dirsAllowedError(err, dir)));
        // a failure (Virtuoso may not read the parts, a loader failed) stops the split: the rest would be written for
        // nothing
        return registering.then(() => {
          if (failure) throw failure;
        });
      },
    }).then(() => {
      linesBefore = linesSplit;
    });
  const split = files
    .reduce((chain, source, index) => chain.then(() => splitOne(source, index)), Promise.resolve())
    .then(() => registering)
    .then(() => {
      splitDone = true;
      signal();
    }, fail);

  const progress = async (): Promise<LoadProgress> => {
    const loaded = parts.length ? await partStates(options, partsDir) : new Map<string, string>();
    const done = parts.filter((p) => loaded.get(p.name) === 'DONE');
    return {
      linesSplit,
      splitDone,
      parts: parts.length,
      partsLoaded: done.length,
      linesLoaded: done.reduce((a, p) => a + p.lines, 0),
      seconds: (Date.now() - started) / 1000,
    };
  };
  let reported = false;
  const timer = options.onProgress
    ? setInterval(() => {
        // a report still on its way when the load ends is dropped: it would come after the final one
        progress().then(
          (p) => !reported && options.onProgress!(p),
          () => {},
        );
      }, options.progressEveryMs ?? 5000)
    : undefined;

  const loader = async (): Promise<void> => {
    for (;;) {
      if (failure) return;
      // read before asking for the pending parts: a part registered and the split ended while the question is out
      // would otherwise look finished with that part never loaded (it stayed WAITING on a busy machine), and the
      // wake-up for it would be lost
      const finished = splitDone;
      const next = woken;
      const pending = parts.length ? await pendingParts(options, partsDir) : 0;
      if (pending > 0) await runIsql(options, 'rdf_loader_run();');
      else if (finished) return;
      else await next;
    }
  };
  try {
    await Promise.all([split, ...Array.from({ length: loaders }, () => loader().catch(fail))]);
    if (failure) throw failure;
    const states = await partStates(options, partsDir);
    for (const part of parts) {
      const state = states.get(part.name);
      if (state !== 'DONE') {
        throw new VirtuosoError(
          `Virtuoso failed to load ${part.source} (lines ${part.firstLine}-${part.firstLine + part.lines - 1}, ` +
            `split into ${part.file}; the error's line numbers count from ` +
            `its first line): ${state ?? 'not registered'}`,
        );
      }
    }
    await runIsql(options, 'checkpoint;');
    if (timer) {
      const final = await progress();
      reported = true;
      options.onProgress!(final);
    }
  } finally {
    if (timer) clearInterval(timer);
    await split.catch(() => {});
    await runIsql(options, `DELETE FROM DB.DBA.load_list WHERE ll_file LIKE ${sqlString(partsDir + '/%')};`).catch(
      () => {},
    );
    await rm(partsDir, { recursive: true, force: true });
  }
}

/** Parts of partsDir that wait for a loader (state 0). */
async function pendingParts(conn: IsqlConnection, partsDir: string): Promise<number> {
  const out = await runIsql(
    conn,
    `SELECT 'PENDING', COUNT(*) FROM DB.DBA.load_list WHERE ll_file ` +
      `LIKE ${sqlString(partsDir + '/%')} AND ll_state = 0;`,
  );
  return Number(marked(out, 'PENDING')?.[0] ?? 0);
}

/** Per part (by name): DONE, WAITING, LOADING, or the loader's error. */
async function partStates(conn: IsqlConnection, partsDir: string): Promise<Map<string, string>> {
  // the part's name, not its path: isql may cut a long column
  const out = await runIsql(
    conn,
    `SELECT 'PART', subseq(ll_file, ${partsDir.length + 1}), ll_state, coalesce(ll_error, 'OK') ` +
      `FROM DB.DBA.load_list WHERE ll_file LIKE ${sqlString(partsDir + '/%')};`,
  );
  const states = new Map<string, string>();
  for (const line of out.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('PART ')) continue;
    const [partFile, state, ...error] = t
      .slice(5)
      .trim()
      .split(/\s{2,}/);
    if (!partFile) continue;
    const message = error.join(' ');
    states.set(partFile, message !== 'OK' ? message : state === '2' ? 'DONE' : state === '1' ? 'LOADING' : 'WAITING');
  }
  return states;
}
