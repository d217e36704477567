// **health** answers /healthz: liveness (the process answers) and readiness (the store is loaded and answers a query),
// with the embedded store's workers (ready, busy, loading, replaced) and memory (RSS against its limit).

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
    // The store's own account first: with no worker loaded, or memory past its limit, the answer is 503 at once.
    const health = ctx.store.health?.();
    if (health && !health.ok) {
      const { ok: _ok, ...details } = health;
      res.status(503).json({ status: 'unavailable', ready: false, store: ctx.store.kind, ...details });
      return;
    }
    try {
      // The probe runs in the site's lane, which user SPARQL cannot fill (src/store/worker-pool.ts).
      const [, triples] = await Promise.all([ctx.store.ask(PROBE, { timeoutMs: PROBE_TIMEOUT_MS, lane: 'site' }), ctx.store.size()]);
      const { ok: _ok, ...details } = ctx.store.health?.() ?? { ok: true };
      res.json({ status: 'ok', ready: true, store: ctx.store.kind, triples, uptimeSeconds: Math.round((Date.now() - started) / 1000), ...details });
    } catch (err) {
      ctx.logger.error({ err }, 'health check: the store does not answer');
      res.status(503).json({ status: 'unavailable', ready: false, store: ctx.store.kind, error: (err as Error).message });
    }
  });
  return router;
}
