// **env** is the one place the commands read the environment (HF_*, HUGGINGKG_*, VIRTUOSO_*, LOG_LEVEL, PORT, HOST,
// XDG_RUNTIME_DIR, NODE_OPTIONS); library modules take these settings as options, so a test or another program sets
// them without touching the process environment.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { fromEnv, port, positiveInt } from './options.js';

type Env = Record<string, string | undefined>;

/** HF_ENDPOINT (the Hub to crawl) and HF_TOKEN (sent as a Bearer token), as huggingface_hub reads them. */
export function hubEnv(env: Env = process.env): { endpoint?: string; token?: string } {
  return { endpoint: env.HF_ENDPOINT || undefined, token: env.HF_TOKEN || undefined };
}

/** VIRTUOSO_ISQL (the isql binary) and VIRTUOSO_PASSWORD (the dba password), as scripts/virtuoso/*.sh read them. */
export function virtuosoEnv(env: Env = process.env): { isql?: string; password?: string } {
  return { isql: env.VIRTUOSO_ISQL || undefined, password: env.VIRTUOSO_PASSWORD || undefined };
}

/**
 * HUGGINGKG_EMBEDDED_MAX_TRIPLES: the embedded store's size limit when set (a positive integer; else a usage error).
 */
export function embeddedMaxTriplesEnv(env: Env = process.env): number | undefined {
  return fromEnv('HUGGINGKG_EMBEDDED_MAX_TRIPLES', env.HUGGINGKG_EMBEDDED_MAX_TRIPLES, positiveInt);
}

/** LOG_LEVEL: pino's level name for the server's and the crawler's logs. */
export function logLevelEnv(env: Env = process.env): string | undefined {
  return env.LOG_LEVEL || undefined;
}

/** PORT and HOST for `huggingkg start` (how a platform such as a PaaS tells an app where to listen). */
export function listenEnv(env: Env = process.env): { port?: number; host?: string } {
  return { port: fromEnv('PORT', env.PORT, (name) => port(name, true)), host: env.HOST || undefined };
}

/**
 * Where `serve` notes the build directory it serves and `query`/`sparql --from` look for it
 * (src/store/running-server.ts): HUGGINGKG_SERVERS_DIR, else $XDG_RUNTIME_DIR/huggingkg-servers, else
 * ~/.cache/huggingkg/servers.
 */
export function serverNotesDir(env: Env = process.env): string {
  if (env.HUGGINGKG_SERVERS_DIR) return env.HUGGINGKG_SERVERS_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'huggingkg-servers');
  return join(homedir(), '.cache', 'huggingkg', 'servers');
}

/** Set in a command re-run with a larger heap (src/cli/heap.ts), so that it never re-runs again. */
export const HEAP_RERUN_ENV = 'HUGGINGKG_HEAP_RERUN';

/**
 * Whether the heap was chosen already: by an earlier re-run (HUGGINGKG_HEAP_RERUN) or by the user
 * (--max-old-space-size in NODE_OPTIONS; node's own flags are process.execArgv, read by the caller).
 */
export function heapSetInEnv(env: Env = process.env): boolean {
  return Boolean(env[HEAP_RERUN_ENV]) || /--max-old-space-size/.test(env.NODE_OPTIONS ?? '');
}
