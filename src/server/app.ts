// **app** assembles the HTTP server: a front door every request passes (URL length limit, request id and log line, CORS)
// that answers dereferencing itself, then express for the other route families (pages, dumps, VoID, ontology, health,
// and the SPARQL endpoint and canned-query API from their own modules) behind compression; and starts it.

import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { PUBLIC_DIR } from '../paths.js';
import { openStore } from '../store/open.js';
import type { ServerConfig } from './config.js';
import type { AppContext } from './context.js';
import { dumpsRouter } from './dumps.js';
import { apiRouter } from './api.js';
import { healthRouter } from './health.js';
import { createLogger, identify, logWhenDone } from './logging.js';
import { ontologyRouter } from './ontology.js';
import { pagesRouter } from './pages.js';
import { renderPage } from './render.js';
import { dereferencer } from './resources.js';
import { sendError, sendFailure } from './respond.js';
import { sparqlRouter } from './sparql.js';
import { voidRouter } from './void.js';

/** Longer request targets get 414; Node itself answers 431 beyond its 16 KiB header limit. */
export const MAX_URL_CHARS = 8192;

function cors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'ETag, Link, Content-Location, Location, X-Request-Id');
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Accept, Content-Type, If-None-Match, X-Request-Id');
  res.setHeader('Access-Control-Max-Age', '86400');
  res.statusCode = 204;
  res.end();
  return true;
}

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * What every request goes through first, as a plain node handler: 414 for an overlong target, the request id and log
 * line, CORS (answering preflights), and dereferencing (/data/..., /{kind}/...); `next` for everything else.
 */
export function frontDoor(ctx: AppContext): Handler {
  const dereference = dereferencer(ctx);
  return (req, res, next) => {
    logWhenDone(req, res, ctx.logger, identify(req, res, ctx.logger));
    if ((req.url ?? '').length > MAX_URL_CHARS) {
      return sendError(res, 414, `the request target is longer than ${MAX_URL_CHARS} characters; POST long SPARQL queries`);
    }
    if (cors(req, res)) return;
    if (!dereference(req, res)) next();
  };
}

function wantsHtml(req: Request): boolean {
  return req.accepts(['text/plain', 'html']) === 'html' && (req.get('accept') ?? '').includes('text/html');
}

/** The express app; with `front` (the default) the front door is its first middleware, else the caller runs it. */
export async function createApp(ctx: AppContext, { front = true }: { front?: boolean } = {}): Promise<express.Express> {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  if (front) app.use(frontDoor(ctx));
  app.use(
    compression({
      // A byte range of a compressed body would not be the range asked for; dump files are gzip already.
      filter: (req, res) => !req.headers.range && compression.filter(req, res),
    }),
  );
  app.use('/static', express.static(PUBLIC_DIR, { index: false, maxAge: '1h' }));

  app.use(healthRouter(ctx));
  app.use(voidRouter(ctx));
  app.use(ontologyRouter());
  app.use('/dumps', dumpsRouter(ctx));
  app.use('/sparql', sparqlRouter(ctx));
  app.use('/api', apiRouter(ctx));
  app.use(pagesRouter(ctx));

  app.use((req: Request, res: Response) => {
    const message = `nothing at ${req.path.slice(0, 200)}`;
    res.status(404).set('Cache-Control', 'no-store');
    if (wantsHtml(req)) res.type('html').send(renderPage('error', { title: 'Not Found', status: 404, message }));
    else res.type('text/plain').send(`404 ${message}\n`);
  });

  // Errors from middleware carry a status (400 malformed body, 413 too large, ...); anything else is our fault: 500.
  app.use((err: Error & { status?: number; statusCode?: number }, req: Request, res: Response, _next: NextFunction) => sendFailure(req, res, err));
  return app;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  ctx: AppContext;
  server: Server;
}

export async function startServer(config: ServerConfig, logger: Logger = createLogger()): Promise<RunningServer> {
  const started = Date.now();
  const store = await openStore(config, logger);
  const triples = await store.size();
  logger.info({ triples, ms: Date.now() - started, from: config.outDir, store: store.kind }, `loaded ${triples} triples in ${Date.now() - started} ms`);
  const ctx: AppContext = { store, config, logger };
  let server: Server;
  try {
    // The front door runs outside express, so a dereference never pays for express's request set-up.
    const front = frontDoor(ctx);
    const app = await createApp(ctx, { front: false });
    const s = createServer((req, res) => front(req, res, () => void app(req, res)));
    server = await new Promise<Server>((resolve, reject) => {
      s.once('error', reject);
      s.listen(config.port, config.host, () => {
        s.off('error', reject);
        resolve(s);
      });
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, base: config.base }, `serving ${config.outDir} at ${url}`);
  let closing: Promise<void> | undefined;
  return {
    url,
    ctx,
    server,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // Requests still running after a grace period are cut, so a shutdown never hangs on a slow client.
          setTimeout(() => server.closeAllConnections(), 5000).unref();
        });
        await store.close();
      })()),
  };
}
