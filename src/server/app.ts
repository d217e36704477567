// **app** assembles the HTTP server: a front door every request passes (URL length limit, request id and log line,
// CORS) that answers dereferencing itself, then express for the other route families (pages, dumps, VoID, ontology,
// health, and the SPARQL endpoint and canned-query API from their own modules) behind compression; and starts it.

import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { PUBLIC_DIR } from '../paths.js';
import { openStore } from './open-store.js';
import type { ServerConfig } from './config.js';
import type { AppContext } from './context.js';
import { dumpsRouter } from './dumps.js';
import { apiRouter } from './api.js';
import { healthRouter } from './health.js';
import { createLogger, identify, logWhenDone } from './logging.js';
import { ontologyRouter } from './ontology.js';
import { familyRouter } from './family.js';
import { pagesRouter } from './pages.js';
import { htmlError, wantsHtml } from './render.js';
import { dereferencer } from './resources.js';
import { sendError, sendFailure } from './http-error.js';
import { sparqlRouter } from './sparql.js';
import { graphExamples } from './query-examples.js';
import { statisticsCheck } from './statistics-check.js';
import { searchIndexOf } from './search-index.js';
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
      return sendError(
        res,
        414,
        `the request target is longer than ${MAX_URL_CHARS} characters; POST long SPARQL queries`,
      );
    }
    if (cors(req, res)) return;
    if (!dereference(req, res)) next();
  };
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
  app.use(familyRouter(ctx));
  app.use(pagesRouter(ctx));

  app.use((req: Request, res: Response) => {
    const message = `nothing at ${req.path.slice(0, 200)}`;
    if (!wantsHtml(req)) return sendError(res, 404, message);
    htmlError(res, 404, 'Not Found', message);
  });

  // Errors from middleware carry a status (400 malformed body, 413 too large, ...); anything else is our fault: 500.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendFailure(req, res, err));
  return app;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  ctx: AppContext;
  server: Server;
}

export interface StartOptions {
  /** Checked after the port is taken and before the graph is loaded (serve: the build's files and sizes). */
  beforeLoad?: () => Promise<void>;
  /** Checked while the graph loads, and the start fails if it fails (serve: the dumps' sha256, seconds per GB). */
  whileLoading?: () => Promise<void>;
  /**
   * How long close() lets requests in flight finish before it cuts their connections (default: the query timeout + 5
   * s).
   */
  drainMs?: number;
}

/** Listens on the configured port, answering 503 until `ready` swaps in the real handler: a busy port fails at once. */
async function listenFirst(
  config: ServerConfig,
): Promise<{ server: Server; setHandler(h: (req: IncomingMessage, res: ServerResponse) => void): void }> {
  let handler = (_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Retry-After', '5');
    res.setHeader('Connection', 'close');
    sendError(res, 503, 'the server is starting: the graph is still loading');
  };
  const s = createServer((req, res) => handler(req, res));
  const server = await new Promise<Server>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${config.port} on ${config.host} is already in use: stop what runs there or choose another --port`,
            )
          : err,
      );
    s.once('error', failed);
    s.listen(config.port, config.host, () => {
      s.off('error', failed);
      resolve(s);
    });
  });
  return { server, setHandler: (h) => void (handler = h) };
}

/**
 * Takes the port first (so a busy port is reported before minutes of loading), loads the store, then serves. close()
 * stops taking connections, lets requests in flight finish (at most `drainMs`), then closes the store.
 */
export async function startServer(
  config: ServerConfig,
  logger: Logger = createLogger(),
  options: StartOptions = {},
): Promise<RunningServer> {
  const { server, setHandler } = await listenFirst(config);
  const shut = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  let ctx: AppContext;
  const inFlight = new Set<ServerResponse>();
  try {
    await options.beforeLoad?.();
    const started = Date.now();
    const checking = options.whileLoading?.();
    // Settled either way before the load's own outcome is known, so a failed check is never an unhandled rejection.
    const checked = checking?.then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    const store = await openStore(config, logger).catch(async (err: unknown) => {
      throw (await checked) ?? err;
    });
    ctx = { store, config, logger };
    try {
      const failed = await checked;
      if (failed) throw failed;
      const triples = await store.size();
      logger.info(
        { triples, ms: Date.now() - started, from: config.outDir, store: store.kind },
        `loaded ${triples} triples in ${Date.now() - started} ms`,
      );
      // The front door runs outside express, so a dereference never pays for express's request set-up.
      const front = frontDoor(ctx);
      const app = await createApp(ctx, { front: false });
      // In the background, once: the search index, the canned queries' examples from this graph and whether its
      // build-time statistics are as recent as the queries read (each logs).
      void searchIndexOf(ctx).catch((err: unknown) => logger.warn({ err }, 'search index not built; built on use'));
      void graphExamples(ctx);
      void statisticsCheck(ctx);
      setHandler((req, res) => {
        inFlight.add(res);
        res.once('close', () => inFlight.delete(res));
        front(req, res, () => void app(req, res));
      });
    } catch (err) {
      await store.close();
      throw err;
    }
  } catch (err) {
    await shut();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, base: config.base }, `serving ${config.outDir} at ${url}`);
  const drainMs = options.drainMs ?? config.queryTimeoutMs + 5_000;
  let closing: Promise<void> | undefined;
  return {
    url,
    ctx,
    server,
    close: () =>
      (closing ??= (async () => {
        await drain(server, inFlight, drainMs, logger);
        await ctx.store.close();
      })()),
  };
}

/**
 * Stops accepting connections and waits for the requests in flight: each answer goes out whole, with Connection: close
 * so its socket closes after it; idle keep-alive sockets are closed at once; whatever still runs after `drainMs` is
 * cut,
 * so a shutdown never hangs on a slow client.
 */
function drain(server: Server, inFlight: Set<ServerResponse>, drainMs: number, logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    // A request that arrives on an open keep-alive socket during the drain is answered, and its socket closed after.
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    });
    server.close(() => resolve());
    server.closeIdleConnections();
    if (inFlight.size > 0) logger.info({ requests: inFlight.size, drainMs }, 'letting requests in flight finish');
    setTimeout(() => {
      logger.warn(
        { drainMs, requests: inFlight.size },
        'requests still running at the end of the shutdown grace period are cut',
      );
      server.closeAllConnections();
    }, drainMs).unref();
  });
}
