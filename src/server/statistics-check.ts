// **statistics-check** reads the served graph's statistics version once per store, starting when the server starts,
// and compares it with this toolkit's (src/stats/statistics-version.ts): a graph built by an older toolkit is logged
// as a warning naming the canned queries that answer with fewer signals on it, and those queries' answers and pages
// carry the same warning until the graph is rebuilt.

import { checkStatisticsVersion } from '../queries/statistics-version-check.js';
import { describeStaleStatistics, type StatisticsCheck } from '../stats/statistics-version.js';
import type { Store } from '../store/store.js';
import type { AppContext } from './context.js';
import { resolvedWithin } from '../util/wait.js';

const checks = new WeakMap<Store, Promise<StatisticsCheck | undefined>>();

/** The check of ctx's store (started once); undefined when the store could not be asked (logged). */
export function statisticsCheck(ctx: AppContext): Promise<StatisticsCheck | undefined> {
  let check = checks.get(ctx.store);
  if (!check) {
    check = checkStatisticsVersion(ctx.store, { timeoutMs: Math.min(ctx.config.queryTimeoutMs, 20_000) }).then(
      (result) => {
        if (result.staleQueries.length > 0)
          ctx.logger.warn({ statistics: summary(result) }, describeStaleStatistics(result));
        else ctx.logger.info({ statistics: summary(result) }, 'build-time statistics are current');
        return result;
      },
      (err: unknown) => {
        ctx.logger.warn({ err }, "cannot read the graph's statistics version; no warning is given for old graphs");
        return undefined;
      },
    );
    checks.set(ctx.store, check);
  }
  return check;
}

function summary(check: StatisticsCheck) {
  return { version: check.found, marked: check.marked, expected: check.expected, staleQueries: check.staleQueries };
}

/**
 * The warning for one canned query on this graph, or undefined when its statistics are current (or the check has not
 * answered within `waitMs`, so a page never waits long for it).
 */
export async function staleStatisticsWarning(
  ctx: AppContext,
  queryName: string,
  waitMs: number,
): Promise<string | undefined> {
  const check = await resolvedWithin(statisticsCheck(ctx), waitMs);
  if (!check?.staleQueries.includes(queryName)) return undefined;
  return describeStaleStatistics(check);
}
