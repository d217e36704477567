// **statistics-version-check** asks a store which version of the build-time statistics its graph carries and compares
// it with this toolkit's (src/stats/statistics-version.ts); the server and `huggingkg query` warn with it.

import { compareStatisticsVersion, type StatisticsCheck } from '../stats/statistics-version.js';
import type { QueryOptions } from '../store/store.js';
import { DATA } from '../vocab.js';
import type { SelectStore } from './registry.js';

/** The query that reads a graph's marker (the highest, should a store hold two builds). */
const STATISTICS_VERSION_QUERY = `SELECT (MAX(?v) AS ?version) WHERE { ?d <${DATA.statisticsVersion}> ?v }`;

/** Reads a store's marker and compares it with this toolkit's statistics. */
export async function checkStatisticsVersion(store: SelectStore, options: QueryOptions = {}): Promise<StatisticsCheck> {
  const rows = await store.select(STATISTICS_VERSION_QUERY, options);
  const value = rows[0]?.version?.value;
  return compareStatisticsVersion(value === undefined ? undefined : Number(value));
}
