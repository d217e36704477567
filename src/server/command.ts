// **serve / start** subcommands: `huggingkg serve --from OUTDIR` publishes a built graph; `huggingkg start` (npm start)
// builds the bundled sample once and serves it on $PORT.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { build } from '../build/build.js';
import { checkBuildChecksums, checkBuildFiles, OUTPUT, readBuildReport, type ReportSummary } from '../build/output.js';
import { ROOT, SAMPLE_SNAPSHOT } from '../paths.js';
import { DEFAULT_BASE } from '../vocab.js';
import { startServer, type RunningServer, type StartOptions } from './app.js';
import { makeConfig, type ServerConfig } from './config.js';
import { createLogger } from './logging.js';

function positiveInt(name: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 0 || n > max) throw new InvalidArgumentError(`${name} must be a whole number from 0 to ${max}`);
    return n;
  };
}

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
  const logger = createLogger();
  if (config.sparqlEndpoint && config.outDir && !existsSync(config.outDir)) {
    throw new Error(`--from ${config.outDir}: no such directory (the output of huggingkg build --out; leave --from out to serve without dumps)`);
  }
  if (!config.sparqlEndpoint && !existsSync(join(config.outDir, OUTPUT.ntriples))) {
    throw new Error(`${join(config.outDir, OUTPUT.ntriples)} does not exist: build the graph first (huggingkg build --out ${config.outDir})`);
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
  const running: RunningServer = await startServer(config, logger, checks);
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

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve a built graph: dereferenceable IRIs, HTML pages, SPARQL endpoint, dumps, VoID')
    .option('--from <outdir>', 'build output directory (holds huggingkg.nt.gz, void.ttl, ...); with --sparql-endpoint it is optional and serves the dumps and VoID')
    .option('--port <n>', 'port to listen on (0 = any free port)', positiveInt('--port', 65535))
    .option('--host <host>', 'address to listen on')
    .option('--base <iri>', 'canonical base IRI of the entities (default: the one the graph was built with)')
    .option('--query-timeout <seconds>', 'stop a SPARQL query after this many seconds', positiveInt('--query-timeout'))
    .option('--max-results <n>', 'result-size limit of the SPARQL endpoint', positiveInt('--max-results'))
    .option('--sparql-endpoint <url>', 'front an external SPARQL 1.1 endpoint (e.g. Virtuoso\'s http://127.0.0.1:8901/sparql) instead of loading the graph')
    .option('--graph <iri>', 'with --sparql-endpoint: the graph holding the KG, sent as default-graph-uri with every query')
    .option('--federation-allowlist <urls...>', 'SERVICE / FROM targets a user query may name (exact IRIs or prefixes)')
    .option('--page-query-budget <ms>', 'time an entity page waits for its canned-query panels', positiveInt('--page-query-budget'))
    // embedded store only: capacity and memory bounds of the query workers (README "Limits", "Security")
    .option('--query-workers <n>', 'query worker threads, each with its own copy of the graph; one is kept for the site\'s own lookups (3 for a site facing hostile SPARQL)', positiveInt('--query-workers', 64))
    .option('--query-queue <n>', 'user SPARQL queries that may wait for a worker (503 + Retry-After past it)', positiveInt('--query-queue'))
    .option('--queries-per-client <n>', 'queries one client may have running or waiting (429 past it)', positiveInt('--queries-per-client'))
    .option('--worker-headroom-mb <mb>', 'a worker a query leaves this far past its loaded size is replaced', positiveInt('--worker-headroom-mb'))
    .option('--query-memory-mb <mb>', 'the longest query is stopped when the process grows this far past its size after loading', positiveInt('--query-memory-mb'))
    .action(async (opts: { from?: string; port?: number; host?: string; base?: string; queryTimeout?: number; maxResults?: number; sparqlEndpoint?: string; graph?: string; federationAllowlist?: string[]; pageQueryBudget?: number; queryWorkers?: number; queryQueue?: number; queriesPerClient?: number; workerHeadroomMb?: number; queryMemoryMb?: number }) => {
      if (opts.queryWorkers === 0) throw new InvalidArgumentError('--query-workers must be at least 1');
      if (!opts.from && !opts.sparqlEndpoint) throw new Error('serve needs --from OUTDIR (a build to load), or --sparql-endpoint URL (an external store)');
      if (opts.graph && !opts.sparqlEndpoint) throw new Error('--graph names a graph of the external store: use it with --sparql-endpoint');
      const base = opts.base ?? builtBase(opts.from ?? '') ?? DEFAULT_BASE;
      if (!/^https?:\/\/\S+\/$/.test(base)) throw new Error(`--base must be an http(s) IRI ending with '/', got ${JSON.stringify(base)}`);
      await serveUntilSignal(
        makeConfig({
          // '' = no build directory: no dumps, VoID made from the store.
          outDir: opts.from ?? '',
          port: opts.port,
          host: opts.host,
          base,
          queryTimeoutMs: opts.queryTimeout === undefined ? undefined : opts.queryTimeout * 1000,
          maxResults: opts.maxResults,
          sparqlEndpoint: opts.sparqlEndpoint,
          sparqlGraph: opts.graph,
          federationAllowlist: opts.federationAllowlist,
          pageQueryBudgetMs: opts.pageQueryBudget,
          queryWorkers: opts.queryWorkers,
          queryQueue: opts.queryQueue,
          queriesPerClient: opts.queriesPerClient,
          workerHeadroomMb: opts.workerHeadroomMb,
          queryMemoryMb: opts.queryMemoryMb,
        }),
      );
    });

  program
    .command('start')
    .description('build the bundled sample (data/sample) into out/sample if needed, then serve it on $PORT (default 3000)')
    .action(async () => {
      const outDir = join(ROOT, 'out', 'sample');
      if (!existsSync(join(outDir, OUTPUT.ntriples))) {
        console.error(`building the sample graph from ${SAMPLE_SNAPSHOT} into ${outDir} ...`);
        await build({ snapshot: SAMPLE_SNAPSHOT, out: outDir });
      }
      const port = positiveInt('PORT', 65535)(process.env.PORT ?? '3000');
      await serveUntilSignal(makeConfig({ outDir, port, host: process.env.HOST, base: builtBase(outDir) }));
    });
}
