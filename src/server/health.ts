// **health** answers /healthz: liveness (the process answers) and readiness: the embedded store's own account (ready
// while a worker is loaded; status 'degraded' while one reloads or memory is past the limit; with its workers,
// replacements and RSS against the limit), or for an external store that it answers a query.

import express, { type Router } from 'express';
import type { AppContext } from './context.js';

/** Asked on every call, so readiness follows the store (an external one can go away); answered from any triple. */
const PROBE = 'ASK { ?s ?p ?o }';
const PROBE_TIMEOUT_MS = 5_000;

export function healthRouter(ctx: AppContext): Router {
  const router = express.Router();
  const started = Date.now();
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const uptimeSeconds = Math.round((Date.now() - started) / 1000);
    // A store that accounts for itself (the embedded one: workers loaded, crashed ones replaced, memory under its
    // limit)
    // is not probed with a query, which would wait behind the site's own lookups.
    const health = ctx.store.health?.();
    if (health) {
      const { ok, degraded, ...details } = health;
      const triples = await ctx.store.size();
      const status = !ok ? 'unavailable' : degraded ? 'degraded' : 'ok';
      res.status(ok ? 200 : 503).json({ status, ready: ok, store: ctx.store.kind, triples, uptimeSeconds, ...details });
      return;
    }
    try {
      const [, triples] = await Promise.all([ctx.store.ask(PROBE, { timeoutMs: PROBE_TIMEOUT_MS }), ctx.store.size()]);
      res.json({ status: 'ok', ready: true, store: ctx.store.kind, triples, uptimeSeconds });
    } catch (err) {
      ctx.logger.error({ err }, 'health check: the store does not answer');
      res
        .status(503)
        .json({ status: 'unavailable', ready: false, store: ctx.store.kind, error: (err as Error).message });
    }
  });
  return router;
}
