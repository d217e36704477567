// **logging** makes the server's pino logger and the per-request log line: request id, method, url, status and latency.
// A client's X-Request-Id is kept when it is short and plain, so logs can be joined across proxies.
//
// Why not pino-http: under load its per-request child logger, serializers and synchronous write to stdout were the
// largest share of a cached dereference's CPU. Here one line is written per request from plain fields, the child
// logger (`req.log`) is made only when a handler asks for it, and the destination writes asynchronously in batches.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import PinoPretty from 'pino-pretty';

/** How often buffered log lines are written out at the latest, so a quiet server's log is still current. */
const FLUSH_EVERY_MS = 250;

/**
 * The server's logger: JSON lines (for a log collector) unless `pretty`, which the commands ask for when stdout is a
 * terminal: one readable, coloured line per event, without the fields the message already says.
 */
export function createLogger(level = 'info', { pretty = false }: { pretty?: boolean } = {}): Logger {
  if (pretty) {
    const stream = PinoPretty({
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,name,req,res,responseTime,reqId',
      singleLine: true,
      sync: true,
    });
    return pino({ name: 'huggingkg', level }, stream);
  }
  // Under load, lines go out in writes of at least 4 KiB rather than one write each; pino writes the rest on exit.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => {
    try {
      destination.flush();
    } catch {
      // Destroyed at exit (the exit hook has written everything): nothing to flush.
    }
  }, FLUSH_EVERY_MS).unref();
  return pino({ name: 'huggingkg', level }, destination);
}

const PLAIN_ID = /^[\w.-]{1,64}$/;

/** The request's id: the client's X-Request-Id when short and plain, else a fresh UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && PLAIN_ID.test(given) ? given : randomUUID();
}

type LoggedRequest = IncomingMessage & { id?: string; log?: Logger };

/** Gives the request its id (also sent back as X-Request-Id) and a lazily made child logger `req.log` carrying it. */
export function identify(req: LoggedRequest, res: ServerResponse, logger: Logger): string {
  const id = requestIdOf(req);
  req.id = id;
  res.setHeader('X-Request-Id', id);
  let child: Logger | undefined;
  Object.defineProperty(req, 'log', {
    configurable: true,
    enumerable: false,
    get: () => (child ??= logger.child({ reqId: id })),
  });
  return id;
}

/**
 * Logs one line when the response is finished (or the client went away first): level by status (5xx error, 4xx warn),
 * `req` {id, method, url}, `res` {statusCode}, `responseTime` in ms.
 */
export function logWhenDone(req: IncomingMessage, res: ServerResponse, logger: Logger, id: string): void {
  const started = performance.now();
  const done = (): void => {
    res.off('finish', done);
    res.off('close', done);
    const status = res.statusCode;
    const level = !res.writableFinished ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const responseTime = Math.round(performance.now() - started);
    const url = (req.url ?? '').slice(0, 500);
    const message = res.writableFinished
      ? `${req.method} ${url} ${status} ${responseTime}ms`
      : `${req.method} ${url} aborted by the client after ${responseTime}ms`;
    logger[level]({ req: { id, method: req.method, url }, res: { statusCode: status }, responseTime }, message);
  };
  res.on('finish', done);
  res.on('close', done);
}
