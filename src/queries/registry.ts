// **Canned-query registry**: loads queries/*.rq once (header + SPARQL, both checked), lists them, binds parameters and
// runs
// them against any Store. The CLI, /api and the HTML pages all go through runQuery.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { QUERIES_DIR } from '../paths.js';
import { DEFAULT_BASE } from '../vocab.js';
import type { QueryOptions, Store } from '../store/store.js';
import { bindQuery, checkParameterUse, parseSparql } from './bind.js';
import { toRow } from './cells.js';
import { QueryFileError, UnknownQueryError } from './errors.js';
import { parseHeader } from './header.js';
import type { CannedQuery, QueryRun } from './types.js';

export { QueryParamError, UnknownQueryError, QueryFileError } from './errors.js';

/** Only SELECT is needed to run a canned query, so a Comunica-over-dump runner can stand in for a full Store. */
export type SelectStore = Pick<Store, 'select'>;

export interface RunOptions {
  timeoutMs?: number;
  /** Base IRI for `kind/id` entity parameters (the server passes ctx.config.base); default DEFAULT_BASE. */
  base?: string;
}

let cache: Map<string, CannedQuery> | undefined;

/** Reads and checks one .rq file; throws QueryFileError naming the file. */
export function loadQueryFile(file: string): CannedQuery {
  const sparql = readFileSync(file, 'utf8');
  const header = parseHeader(sparql, file);
  const expected = basename(file, '.rq');
  if (header.name !== expected)
    throw new QueryFileError(file, `header name ${header.name} differs from the file name ${expected}`);
  const parsed = parseSparql(sparql, file);
  if ((parsed as { queryType?: string }).queryType !== 'SELECT')
    throw new QueryFileError(file, 'canned queries are SELECT queries');
  const query: CannedQuery = { ...header, sparql, file };
  checkParameterUse(query);
  return query;
}

export function loadQueries(dir: string = QUERIES_DIR): Map<string, CannedQuery> {
  const map = new Map<string, CannedQuery>();
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.rq'))
    .sort()) {
    const q = loadQueryFile(join(dir, f));
    map.set(q.name, q);
  }
  return map;
}

function registry(): Map<string, CannedQuery> {
  cache ??= loadQueries();
  return cache;
}

export function listQueries(): CannedQuery[] {
  return [...registry().values()];
}

export function getQuery(name: string): CannedQuery {
  const q = registry().get(name);
  if (!q) throw new UnknownQueryError(name, [...registry().keys()]);
  return q;
}

/** Binds the parameters (QueryParamError when wrong) and returns the exact SPARQL that would run. */
export function prepareQuery(name: string, params: Record<string, string>, base: string = DEFAULT_BASE) {
  return bindQuery(getQuery(name), params, base);
}

export async function runQuery(
  store: SelectStore,
  name: string,
  params: Record<string, string>,
  options: RunOptions = {},
): Promise<QueryRun> {
  const bound = prepareQuery(name, params, options.base ?? DEFAULT_BASE);
  const storeOptions: QueryOptions = { parsed: bound.parsed };
  if (options.timeoutMs !== undefined) storeOptions.timeoutMs = options.timeoutMs;
  const started = performance.now();
  const solutions = await store.select(bound.sparql, storeOptions);
  const elapsedMs = Math.round((performance.now() - started) * 10) / 10;
  return { name, sparql: bound.sparql, params: bound.params, rows: solutions.map(toRow), elapsedMs };
}
