// **serve / start** subcommands: `huggingkg serve --from OUTDIR` publishes a built graph; `huggingkg start` (npm start)
// builds the bundled sample once and serves it on $PORT.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { Logger } from 'pino';
import { embeddedMaxTriplesEnv, listenEnv, logLevelEnv, serverNotesDir } from '../cli/env.js';
import { deprecatedAlias } from '../cli/deprecated.js';
import { integer, seconds, path, port, positiveInt, UsageError } from '../cli/options.js';
import { OUTPUT, readBuildReport, type ReportSummary } from '../build/output.js';
import { ROOT, SAMPLE_SNAPSHOT } from '../paths.js';
import { DEFAULT_BASE } from '../vocab.js';
import type { RunningServer, StartOptions } from './app.js';
import { DEFAULT_CONFIG, makeConfig, type ServerConfig } from './config.js';

/** The base the dump was built with (build-report.json), so `serve` maps paths to the right IRIs without --base. */
export function builtBase(outDir: string): string | undefined {
  try {
    return readBuildReport(outDir)?.base;
  } catch {
    // An unreadable report is refused, with its reason, when the build is checked before loading.
    return undefined;
  }
}

/**
 * Serves until SIGTERM/SIGINT, then drains: no new connections, requests in flight finish (bounded by the query timeout
 * plus a grace period), the store closes, the process exits 0. A second signal exits at once.
 */
async function serveUntilSignal(config: ServerConfig): Promise<void> {
  // Loaded here, not with the command: `serve --help` would otherwise load express, oxigraph and the page templates.
  const { startServer } = await import('./app.js');
  const { createLogger } = await import('./logging.js');
  const { checkBuildChecksums, checkBuildFiles } = await import('../build/output.js');
  const { writeServerNote } = await import('../store/running-server.js');
  const logger = createLogger(logLevelEnv(), { pretty: process.stdout.isTTY === true });
  if (config.sparqlEndpoint && config.outDir && !existsSync(config.outDir)) {
    throw new Error(
      `--from ${config.outDir}: no such directory (the output of huggingkg ` +
        `build --out; leave --from out to serve without dumps)`,
    );
  }
  if (!config.sparqlEndpoint && !existsSync(join(config.outDir, OUTPUT.ntriples))) {
    throw new Error(
      `${join(config.outDir, OUTPUT.ntriples)} does not exist: build ` +
        `the graph first (huggingkg build --out ${config.outDir})`,
    );
  }
  // The build is checked once the port is taken: files, sizes and the loaded dump's sha256 before the graph loads (a
  // bad dump is never loaded), the other dumps' sha256 while it loads (they are only served as files). A mixed or
  // damaged build is refused either way.
  const loads = config.sparqlEndpoint ? undefined : OUTPUT.ntriples;
  let report: ReportSummary | undefined;
  const checks: StartOptions = config.outDir
    ? {
        beforeLoad: async () => {
          report = checkBuildFiles(config.outDir, loads);
          await checkBuildChecksums(config.outDir, report, (name) => name === loads);
        },
        whileLoading: () => checkBuildChecksums(config.outDir, report!, (name) => name !== loads),
      }
    : {};
  const running: RunningServer = await withLoadingProgress(logger, config, () => startServer(config, logger, checks));
  // `query`/`sparql --from OUT` ask this server instead of loading OUT again (src/store/running-server.ts).
  const forget = config.outDir
    ? writeServerNote(config.outDir, running.url, {
        dir: serverNotesDir(),
        onError: (err) => logger.warn({ err }, `cannot note where ${config.outDir} is served: ${err.message}`),
      })
    : () => {};
  process.on('exit', forget);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting for requests in flight');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing the requests in flight');
    running.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** How often a loading server says it is still loading. */
const LOADING_EVERY_MS = 5_000;

/**
 * Says what is loaded before the load starts and every few seconds while it runs (a big graph takes tens of seconds,
 * which looked like a hung process), then hands back the started server.
 */
async function withLoadingProgress<T>(logger: Logger, config: ServerConfig, start: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const what = config.sparqlEndpoint
    ? `connecting to ${config.sparqlEndpoint}`
    : `loading ${join(config.outDir, OUTPUT.ntriples)}`;
  const workers = `${config.queryWorkers} query worker${config.queryWorkers === 1 ? '' : 's'}`;
  const detail = config.sparqlEndpoint ? '' : ` (${describeSize(config.outDir)}) into ${workers}`;
  logger.info(`${what}${detail}; until it is done the site answers 503 with Retry-After`);
  const timer = setInterval(
    () => logger.info(`still ${what}: ${Math.round((Date.now() - started) / 1000)} s so far`),
    LOADING_EVERY_MS,
  );
  try {
    return await start();
  } finally {
    clearInterval(timer);
  }
}

function describeSize(outDir: string): string {
  try {
    const triples = readBuildReport(outDir)?.triples;
    return triples ? `${triples.toLocaleString('en-US')} triples` : 'size unknown';
  } catch {
    return 'size unknown';
  }
}

interface ServeOptions {
  from?: string;
  port: number;
  host: string;
  base?: string;
  queryTimeout: number;
  maxResults: number;
  endpoint?: string;
  graph?: string;
  federationAllowlist?: string[];
  pageQueryBudget: number;
  queryWorkers: number;
  queryQueue: number;
  queriesPerClient: number;
  workerHeadroomMb: number;
  queryMemoryMb: number;
}

/** An option whose help shows the server's default (DEFAULT_CONFIG), `shown` when the value alone would not say it. */
function withDefault<T>(flags: string, description: string, parse: (v: string) => T, value: T, shown?: string): Option {
  return new Option(flags, description).argParser(parse).default(value, shown);
}

export function registerServe(program: Command): void {
  const d = DEFAULT_CONFIG;
  const serve = program
    .command('serve')
    .description('serve a built graph: dereferenceable IRIs, HTML pages, SPARQL endpoint, dumps, VoID')
    .option(
      '--from <outdir>',
      'build output directory (holds huggingkg.nt.gz, void.ttl, ...); ' +
        'with --endpoint it is optional and serves the dumps and VoID',
      path('--from'),
    )
    .addOption(withDefault('--port <n>', 'port to listen on (0 = any free port)', port('--port', true), d.port))
    .option('--host <host>', 'address to listen on', d.host)
    .option('--base <iri>', 'canonical base IRI of the entities (default: the one the graph was built with)')
    .addOption(
      withDefault(
        '--query-timeout <duration>',
        'stop a SPARQL query after this long (seconds, or with a unit: 500ms, 30s, 2m)',
        seconds('--query-timeout'),
        d.queryTimeoutMs,
        `${d.queryTimeoutMs / 1000} s`,
      ),
    )
    .addOption(
      withDefault(
        '--max-results <n>',
        'result-size limit of the SPARQL endpoint',
        integer('--max-results'),
        d.maxResults,
      ),
    )
    .option(
      '--endpoint <url>',
      'front an external SPARQL 1.1 endpoint ' +
        "(e.g. Virtuoso's http://127.0.0.1:8901/sparql) instead of loading the graph",
    )
    .option('--graph <iri>', 'with --endpoint: the graph holding the KG, sent as default-graph-uri with every query')
    .option('--federation-allowlist <urls...>', 'SERVICE / FROM targets a user query may name (exact IRIs or prefixes)')
    .addOption(
      withDefault(
        '--page-query-budget <duration>',
        'time an entity page waits for its canned-query panels (seconds, or with a unit: 1500ms)',
        seconds('--page-query-budget', { formerlyMs: true }),
        d.pageQueryBudgetMs,
        `${d.pageQueryBudgetMs} ms`,
      ),
    )
    // embedded store only: capacity and memory bounds of the query workers (README "Limits", "Security")
    .addOption(
      withDefault(
        '--query-workers <n>',
        'query worker threads, each with its own copy of the graph; one is ' +
          "kept for the site's own lookups (3 for a site facing hostile SPARQL)",
        positiveInt('--query-workers', 64),
        d.queryWorkers,
      ),
    )
    .addOption(
      withDefault(
        '--query-queue <n>',
        'user SPARQL queries that may wait for a worker (503 + Retry-After past it)',
        integer('--query-queue'),
        d.queryQueue,
      ),
    )
    .addOption(
      withDefault(
        '--queries-per-client <n>',
        'queries one client may have running or waiting (429 past it)',
        integer('--queries-per-client'),
        d.queriesPerClient,
      ),
    )
    .addOption(
      withDefault(
        '--worker-headroom-mb <mb>',
        'a worker a query leaves this far past its loaded size is replaced',
        integer('--worker-headroom-mb'),
        d.workerHeadroomMb,
      ),
    )
    .addOption(
      withDefault(
        '--query-memory-mb <mb>',
        'the longest query is stopped when the process grows this far past its size after loading',
        integer('--query-memory-mb'),
        d.queryMemoryMb,
      ),
    );
  deprecatedAlias(serve, '--sparql-endpoint <url>', '--endpoint');
  serve.action(async (opts: ServeOptions) => {
    if (!opts.from && !opts.endpoint) {
      throw new UsageError('serve needs --from OUTDIR (a build to load), or --endpoint URL (an external store)');
    }
    if (opts.graph && !opts.endpoint) {
      throw new UsageError('--graph names a graph of the external store: use it with --endpoint');
    }
    const base = opts.base ?? builtBase(opts.from ?? '') ?? DEFAULT_BASE;
    if (!/^https?:\/\/\S+\/$/.test(base)) {
      throw new UsageError(`--base must be an http(s) IRI ending with '/', got ${JSON.stringify(base)}`);
    }
    await serveUntilSignal(
      makeConfig({
        // '' = no build directory: no dumps, VoID made from the store.
        outDir: opts.from ?? '',
        port: opts.port,
        host: opts.host,
        base,
        queryTimeoutMs: opts.queryTimeout,
        maxResults: opts.maxResults,
        sparqlEndpoint: opts.endpoint,
        sparqlGraph: opts.graph,
        federationAllowlist: opts.federationAllowlist,
        pageQueryBudgetMs: opts.pageQueryBudget,
        queryWorkers: opts.queryWorkers,
        queryQueue: opts.queryQueue,
        queriesPerClient: opts.queriesPerClient,
        workerHeadroomMb: opts.workerHeadroomMb,
        queryMemoryMb: opts.queryMemoryMb,
        embeddedMaxTriples: embeddedMaxTriplesEnv(),
      }),
    );
  });

  program
    .command('start')
    .description(
      'build the bundled sample (data/sample) into out/sample if needed, then serve it on $PORT (default 3000)',
    )
    .action(async () => {
      const listen = listenEnv();
      const outDir = join(ROOT, 'out', 'sample');
      if (!existsSync(join(outDir, OUTPUT.ntriples))) {
        console.error(`building the sample graph from ${SAMPLE_SNAPSHOT} into ${outDir} ...`);
        const { build } = await import('../build/build.js');
        await build({ snapshot: SAMPLE_SNAPSHOT, out: outDir });
      }
      await serveUntilSignal(
        makeConfig({
          outDir,
          port: listen.port ?? d.port,
          host: listen.host,
          base: builtBase(outDir),
          embeddedMaxTriples: embeddedMaxTriplesEnv(),
        }),
      );
    });
}
