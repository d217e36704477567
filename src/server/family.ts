// **family** draws a model's lineage family from the lineage-tree query: the part the entity page shows, and the
// "show all" page /family/model/{id} that lays out the whole family. Both count the family from the same rows the
// query gives, so the picture, the page and the query gallery agree.

import express, { type Router } from 'express';
import { LRUCache } from 'lru-cache';
import { encodeHubId, parseEntityIri, type EntityRef } from '../iri.js';
import { MAX_K } from '../queries/bind.js';
import { getQuery, runQuery } from '../queries/registry.js';
import type { QueryRun } from '../queries/types.js';
import type { AppContext } from './context.js';
import { describeEntity, lineageRows, namesOf, pagePath } from './describe.js';
import { ALL_LIMITS, layoutFamily, planFamily, type FamilyLimits, type LineagePicture } from './lineage-svg.js';
import { pageQueryBudget, withinBudget } from './page-queries.js';
import { htmlError, renderPage } from './render.js';
import { entityRefFromPath } from './resources.js';
import { requestOrigin, sendable, sendDocument, type Sendable } from './respond.js';

/**
 * How many steps the "show all" page asks lineage-tree for: as many as a canned query may list (its `k` is bounded),
 * so a family with more steps is drawn up to that many, and says so.
 */
export const ALL_FAMILY_STEPS = MAX_K;

/** The step limit lineage-tree applies when none is given (its `k` default), which the entity page uses. */
export function defaultFamilySteps(): number {
  return Number(getQuery('lineage-tree').params.find((p) => p.name === 'k')?.default ?? Number.POSITIVE_INFINITY);
}

/** The "show all" page of a model's family. */
export function familyPath(ref: EntityRef): string {
  return `/family/${ref.kind}/${encodeHubId(ref.id)}`;
}

/**
 * The picture of `iri`'s family from a lineage-tree run asked for at most `k` steps, within `limits`, with the drawn
 * models' names looked up within `budgetMs` (ids stand in for names when the lookup fails or runs out of time).
 */
export async function familyPicture(
  ctx: AppContext,
  iri: string,
  run: QueryRun,
  k: number,
  limits: FamilyLimits,
  budgetMs: number,
  knownLabels: Map<string, string> = new Map(),
): Promise<LineagePicture | undefined> {
  const base = ctx.config.base;
  const plan = planFamily(iri, lineageRows(run), limits, run.rows.length >= k);
  if (!plan) return undefined;
  let names: Map<string, string> | undefined;
  try {
    names = await withinBudget(namesOf(ctx.store, plan.drawn), budgetMs);
  } catch (err) {
    ctx.logger.warn({ err, iri }, 'family tree drawn without names: the name lookup failed');
  }
  const ref = parseEntityIri(base, iri);
  const picture = layoutFamily(
    plan,
    (m) => names?.get(m) ?? knownLabels.get(m) ?? parseEntityIri(base, m)?.id ?? m,
    (m) => {
      const r = parseEntityIri(base, m);
      return r ? pagePath(r) : undefined;
    },
    // The "show all" page links nowhere further: it draws every model the rows hold.
    ref && limits !== ALL_LIMITS ? familyPath(ref) : undefined,
  );
  return names ? picture : { ...picture, namesMissing: true };
}

/** GET /family/model/{id}: the whole family of a model laid out, with a link back to its page. */
export function familyRouter(ctx: AppContext): Router {
  const router = express.Router();
  // Pages change only with a rebuild (and a restart); a family page is the costliest page to draw.
  const cache = new LRUCache<string, Sendable>({
    max: 200,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (s) => s.body.length + 1,
  });

  router.get('/family/*rest', async (req, res) => {
    const parsed = entityRefFromPath(req.path.slice('/family/'.length));
    if ('error' in parsed)
      return htmlError(res, parsed.status, parsed.status === 404 ? 'Not Found' : 'Bad Request', parsed.error);
    const ref = parsed.ref;
    if (ref.kind !== 'model')
      return htmlError(res, 404, 'Not Found', `only models have a lineage family, not a ${ref.kind}`);
    const key = `${ref.kind}/${encodeHubId(ref.id)}`;
    let page = cache.get(key);
    if (!page) {
      const desc = await describeEntity(ctx, ref, requestOrigin(req));
      if (!desc) return htmlError(res, 404, 'Not Found', `no model with id ${JSON.stringify(ref.id)} in this graph`);
      const budgetMs = pageQueryBudget(ctx.config);
      const started = Date.now();
      const params = { model: key, k: String(ALL_FAMILY_STEPS) };
      const run = await withinBudget(
        runQuery(ctx.store, 'lineage-tree', params, { base: ctx.config.base, timeoutMs: budgetMs }),
        budgetMs,
      );
      const left = Math.max(1, budgetMs - (Date.now() - started));
      const picture = await familyPicture(ctx, desc.iri, run, ALL_FAMILY_STEPS, ALL_LIMITS, left, desc.labels);
      const name = desc.labels.get(desc.iri) ?? ref.id;
      page = sendable(
        renderPage('family', {
          title: `Family of ${name}`,
          name,
          pageHref: pagePath(ref),
          picture,
          galleryHref: `/api/queries/lineage-tree?${new URLSearchParams({ ...params, format: 'html' })}`,
        }),
        'text/html; charset=utf-8',
      );
      if (!picture?.namesMissing) cache.set(key, page);
    }
    sendDocument(res, page);
  });
  return router;
}
