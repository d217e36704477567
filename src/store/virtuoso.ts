// **virtuoso** bulk-loads a build's N-Triples dump into a Virtuoso graph through isql (Debian's `isql-vt`):
// ld_dir + rdf_loader_run + checkpoint, the loader Virtuoso documents for large files. Reading is not done here:
// the server reaches Virtuoso's read-only /sparql endpoint through the generic remote store (src/store/remote.ts).

import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
  graph?: string;
  /** Keep what the graph already holds (default: clear the graph first, so a reload never mixes builds). */
  append?: boolean;
  onLog?: (line: string) => void;
}

export interface VirtuosoLoadResult {
  file: string;
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
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`']+$/.test(iri)) throw new VirtuosoError(`--graph must be an absolute IRI, got ${JSON.stringify(iri)}`);
}

/** Runs SQL statements through isql; resolves with stdout, rejects naming the first Virtuoso error. */
export function runIsql(conn: IsqlConnection, sql: string): Promise<string> {
  const bin = conn.isql ?? 'isql-vt';
  const target = `${conn.host ?? '127.0.0.1'}:${conn.port ?? 1111}`;
  const args = [target, conn.user ?? 'dba', conn.password ?? 'dba',
    'VERBOSE=OFF', 'BANNER=OFF', 'PROMPT=OFF', 'ECHO=OFF', 'ERRORS=STDOUT'];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(new VirtuosoError(e.code === 'ENOENT'
        ? `${bin} not found: install Debian's virtuoso-opensource (it ships isql-vt) or set VIRTUOSO_ISQL`
        : `${bin}: ${e.message}`));
    });
    child.on('close', (code) => {
      const text = out + err;
      const error = /\*\*\* Error[^\n]*(\n[^\n*]+)?/.exec(text);
      if (error) {
        const msg = error[0].replace(/\s+/g, ' ').trim();
        if (/connect|Connection refused|08004|08001/i.test(msg)) reject(new VirtuosoError(`cannot reach Virtuoso at ${target}: ${msg} (start it with scripts/virtuoso/start.sh)`));
        else if (/28000|password/i.test(msg)) reject(new VirtuosoError(`Virtuoso at ${target} refused the login: ${msg}`));
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
    if (t.startsWith(marker + ' ') || t === marker) return t.slice(marker.length).trim().split(/\s{2,}/);
  }
  return undefined;
}

/** Triples in a graph (SQL count over RDF_QUAD, exact and fast). */
export async function graphSize(conn: IsqlConnection, graph: string): Promise<number> {
  assertGraphIri(graph);
  const out = await runIsql(conn, `SELECT 'TRIPLES', COUNT(*) FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id(${sqlString(graph)});`);
  const v = marked(out, 'TRIPLES');
  if (!v) throw new VirtuosoError(`unexpected isql output: ${out.slice(0, 300)}`);
  return Number(v[0]);
}

/** Bulk-loads OUTDIR/huggingkg.nt.gz into `graph`. The file's directory must be in Virtuoso's DirsAllowed. */
export async function loadIntoVirtuoso(options: VirtuosoLoadOptions): Promise<VirtuosoLoadResult> {
  const started = Date.now();
  const from = resolve(options.from);
  const file = existsSync(from) && statSync(from).isDirectory() ? resolve(from, OUTPUT.ntriples) : from;
  if (!existsSync(file)) throw new VirtuosoError(`no ${OUTPUT.ntriples} in ${from}: run \`huggingkg build --out ${options.from}\` first`);
  if (!/\.(nt|nq|ttl)(\.gz)?$/.test(file)) throw new VirtuosoError(`${file} is not an N-Triples/N-Quads/Turtle file`);
  const graph = options.graph ?? DEFAULT_GRAPH;
  assertGraphIri(graph);
  const dir = dirname(file);
  const name = file.slice(dir.length + 1);
  const log = options.onLog ?? (() => {});

  if (!options.append) {
    log(`clearing graph <${graph}>`);
    // log_enable(3,1): no transaction log and row-by-row autocommit, so clearing millions of quads stays cheap.
    await runIsql(options, `log_enable(3,1);\nDELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id(${sqlString(graph)});\nlog_enable(1);`);
  }
  log(`loading ${file} into <${graph}>`);
  let out: string;
  try {
    out = await runIsql(options, [
      `DELETE FROM DB.DBA.load_list WHERE ll_file = ${sqlString(file)};`,
      `ld_dir(${sqlString(dir)}, ${sqlString(name)}, ${sqlString(graph)});`,
      `rdf_loader_run();`,
      `checkpoint;`,
      `SELECT 'LOADSTATE', ll_state, coalesce(ll_error, 'OK') FROM DB.DBA.load_list WHERE ll_file = ${sqlString(file)};`,
    ].join('\n'));
  } catch (err) {
    if (err instanceof VirtuosoError && /FA0\d\d|access control|DirsAllowed/i.test(err.message)) {
      throw new VirtuosoError(`Virtuoso may not read ${dir} (not in DirsAllowed of its virtuoso.ini): restart it with ` +
        `scripts/virtuoso/start.sh --dump-dir ${dir} (${err.message})`);
    }
    throw err;
  }
  const state = marked(out, 'LOADSTATE');
  if (!state) throw new VirtuosoError(`Virtuoso did not register ${file} for loading (is ${dir} in DirsAllowed?): ${out.trim().slice(0, 300)}`);
  if (state[1] !== 'OK') throw new VirtuosoError(`Virtuoso failed to load ${file}: ${state.slice(1).join(' ')}`);
  const triples = await graphSize(options, graph);
  return { file, graph, triples, seconds: (Date.now() - started) / 1000 };
}
