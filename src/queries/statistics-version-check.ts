// **statistics-version-check** asks a store which version of the build-time statistics its graph carries and compares
// it with this toolkit's (src/stats/statistics-version.ts); the server and `huggingkg query` warn with it.

import {
  compareStatisticsVersion,
  STATISTICS_VERSIONS,
  type StatisticsCheck,
  UNMARKED_VERSION,
} from '../stats/statistics-version.js';
import type { QueryOptions } from '../store/store.js';
import { DATA } from '../vocab.js';
import type { SelectStore } from './registry.js';

/** The query that reads a graph's marker (the highest, should a store hold two builds). */
const STATISTICS_VERSION_QUERY = `SELECT (MAX(?v) AS ?version) WHERE { ?d <${DATA.statisticsVersion}> ?v }`;

/**
 * Reads a store's marker and compares it with this toolkit's statistics. A graph without one (built before the marker
 * existed) is probed instead: it has each later version whose probe predicates it holds, in order (a version without
 * probes came after the marker, so an unmarked graph predates it).
 */
export async function checkStatisticsVersion(store: SelectStore, options: QueryOptions = {}): Promise<StatisticsCheck> {
  const rows = await store.select(STATISTICS_VERSION_QUERY, options);
  const marker = rows[0]?.version?.value;
  if (marker !== undefined) return compareStatisticsVersion(Number(marker), true);
  let found = UNMARKED_VERSION;
  for (const v of STATISTICS_VERSIONS) {
    if (!(await holdsAny(store, v.probes, options))) break;
    found = v.version;
  }
  return compareStatisticsVersion(found, false);
}

/** Whether the store holds a triple of any of the predicates (stops at the first it finds). */
async function holdsAny(store: SelectStore, predicates: readonly string[], options: QueryOptions): Promise<boolean> {
  if (predicates.length === 0) return false;
  const union = predicates.map((p) => `{ SELECT ?s WHERE { ?s <${p}> ?o } LIMIT 1 }`).join(' UNION ');
  return (await store.select(`SELECT ?s WHERE { ${union} } LIMIT 1`, options)).length > 0;
}
