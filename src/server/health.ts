// **health** answers /healthz: liveness (the process answers) and readiness (the store is loaded and answers a query).

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
    try {
      const [, triples] = await Promise.all([ctx.store.ask(PROBE, { timeoutMs: PROBE_TIMEOUT_MS }), ctx.store.size()]);
      res.json({ status: 'ok', ready: true, store: ctx.store.kind, triples, uptimeSeconds: Math.round((Date.now() - started) / 1000) });
    } catch (err) {
      ctx.logger.error({ err }, 'health check: the store does not answer');
      res.status(503).json({ status: 'unavailable', ready: false, store: ctx.store.kind, error: (err as Error).message });
    }
  });
  return router;
}
