// **query-examples** holds the canned queries' examples found in the served graph (src/queries/examples.ts): looked
// for once per store, starting when the server starts, and read by the gallery, the editor's example list and pages.

import { findExamples, type QueryExample } from '../queries/examples.js';
import { listQueries } from '../queries/registry.js';
import type { Store } from '../store/store.js';
import type { AppContext } from './context.js';
import { resolvedWithin } from '../util/wait.js';

const found = new WeakMap<Store, Promise<Map<string, QueryExample>>>();

/** Starts the search (once per store) and returns it; a failure leaves every query its own example. */
export function graphExamples(ctx: AppContext): Promise<Map<string, QueryExample>> {
  let examples = found.get(ctx.store);
  if (!examples) {
    const started = Date.now();
    examples = findExamples(ctx.store, {
      base: ctx.config.base,
      timeoutMs: Math.min(ctx.config.queryTimeoutMs, 20_000),
    }).then(
      (map) => {
        const empty = [...map].filter(([, e]) => e.rows === 0).map(([name]) => name);
        ctx.logger.info({ ms: Date.now() - started, empty }, 'canned-query examples found in the graph');
        return map;
      },
      (err: unknown) => {
        ctx.logger.warn({ err }, 'canned-query examples not found in the graph; the queries keep their own');
        return new Map<string, QueryExample>();
      },
    );
    found.set(ctx.store, examples);
  }
  return examples;
}

/**
 * Each query's example parameters, waiting at most `waitMs` for the search: a query not checked yet keeps its own
 * example (src/queries: `# example:`).
 */
export async function exampleParams(ctx: AppContext, waitMs: number): Promise<Map<string, Record<string, string>>> {
  const map = await resolvedWithin(graphExamples(ctx), waitMs);
  return new Map(listQueries().map((q) => [q.name, map?.get(q.name)?.params ?? q.example]));
}
