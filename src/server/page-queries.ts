// **page-queries** runs the canned queries an entity page shows (family tree and predicted task for a model,
// recommendations for a user, models trained on a dataset, related items) in parallel within one time budget per page.
// A query that fails or runs out of time becomes a short "not available" note on the page and a log line, never an
// error.

import { LRUCache } from 'lru-cache';
import type { EntityRef } from '../iri.js';
import { runQuery } from '../queries/registry.js';
import type { QueryRun } from '../queries/types.js';
import { QueryTimeoutError } from '../store/store.js';
import type { ServerConfig } from './config.js';
import type { AppContext } from './context.js';

/** The page budget (config.pageQueryBudgetMs), never above the query timeout. */
export function pageQueryBudget(config: ServerConfig): number {
  return Math.min(config.pageQueryBudgetMs, config.queryTimeoutMs);
}

export type SectionKey = 'family' | 'task' | 'recommend' | 'trained' | 'related';

export interface SectionSpec {
  key: SectionKey;
  title: string;
  query: string;
  /** Parameters as a person would type them in the gallery (entities as kind/id). */
  params: Record<string, string>;
}

export type SectionOutcome =
  | { key: SectionKey; ok: true; run: QueryRun }
  | { key: SectionKey; ok: false; reason: 'timeout' | 'error'; message: string };

/** Which canned queries an entity page of this kind shows. */
export function sectionsFor(ref: EntityRef): SectionSpec[] {
  const entity = `${ref.kind}/${ref.id}`;
  const related: SectionSpec = {
    key: 'related',
    title: 'Related items',
    query: 'related-items',
    params: { entity, k: '10' },
  };
  switch (ref.kind) {
    case 'model':
      return [
        {
          key: 'family',
          title: 'Family tree',
          query: 'lineage-tree',
          // lineage-tree's own step limit, so the page counts the family as the query does by default.
          params: { model: entity },
        },
        { key: 'task', title: 'Declared task vs predicted task', query: 'classify-task', params: { entity, k: '3' } },
        related,
      ];
    case 'dataset':
      return [
        {
          key: 'trained',
          title: 'Models trained on it',
          query: 'models-trained-on',
          params: { dataset: entity, k: '50' },
        },
        related,
      ];
    case 'space':
      return [related];
    case 'user':
      return [
        {
          key: 'recommend',
          title: 'Recommendations',
          query: 'recommend-items',
          params: { user: entity, kind: 'any', k: '10' },
        },
      ];
    default:
      return [];
  }
}

/** Gallery (HTML form with the SPARQL that ran) and JSON API links of a section's query with its parameters. */
export function queryLinks(spec: SectionSpec): { galleryHref: string; apiHref: string } {
  const search = (extra: Record<string, string>) => new URLSearchParams({ ...spec.params, ...extra }).toString();
  return {
    galleryHref: `/api/queries/${spec.query}?${search({ format: 'html' })}`,
    apiHref: `/api/queries/${spec.query}?${search({ format: 'json' })}`,
  };
}

/**
 * Rejects with QueryTimeoutError when `work` has not settled after `ms` (the store's own timeout stops the query
 * itself).
 */
export function withinBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new QueryTimeoutError(ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Successful runs, per entity IRI and section (pages of the same entity under another origin reuse them). Failed runs
 * are not kept, so the next visit tries again.
 */
export class PageQueryCache {
  private readonly runs = new LRUCache<string, QueryRun>({
    max: 5000,
    maxSize: 32 * 1024 * 1024,
    sizeCalculation: (r) => r.sparql.length + JSON.stringify(r.rows).length + 1,
  });

  get(iri: string, key: SectionKey): QueryRun | undefined {
    return this.runs.get(`${iri} ${key}`);
  }

  set(iri: string, key: SectionKey, run: QueryRun): void {
    this.runs.set(`${iri} ${key}`, run);
  }
}

/**
 * Runs the given sections' queries in parallel, all within `budgetMs` from now. `then` post-processes a section's run
 * inside the same budget (e.g. the family tree's names).
 */
export async function runSections(
  ctx: AppContext,
  iri: string,
  specs: SectionSpec[],
  cache: PageQueryCache | undefined,
  budgetMs: number = pageQueryBudget(ctx.config),
): Promise<Map<SectionKey, SectionOutcome>> {
  const options = { base: ctx.config.base, timeoutMs: budgetMs };
  const outcomes = await Promise.all(
    specs.map(async (spec): Promise<SectionOutcome> => {
      const cached = cache?.get(iri, spec.key);
      if (cached) return { key: spec.key, ok: true, run: cached };
      try {
        const run = await withinBudget(runQuery(ctx.store, spec.query, spec.params, options), budgetMs);
        cache?.set(iri, spec.key, run);
        return { key: spec.key, ok: true, run };
      } catch (err) {
        const timeout = err instanceof QueryTimeoutError;
        ctx.logger.warn(
          { err, iri, query: spec.query, budgetMs },
          `page query ${spec.query} not available (${timeout ? 'timeout' : 'error'})`,
        );
        return { key: spec.key, ok: false, reason: timeout ? 'timeout' : 'error', message: (err as Error).message };
      }
    }),
  );
  return new Map(outcomes.map((o) => [o.key, o]));
}
