// **huggingkg crawl** — the resumable, rate-limited, incremental Hub crawl into a snapshot directory.

import { type Command, Option } from 'commander';
import { hubEnv, logLevelEnv } from '../../cli/env.js';
import {
  date,
  duration,
  nonNegativeInt,
  number,
  OptionValueError,
  path,
  positiveInt,
  seconds,
} from '../../cli/options.js';
import { CRAWL_KINDS, DEFAULT_ENDPOINT, parseKinds } from './kinds.js';

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description(
      'crawl the Hugging Face Hub API into a snapshot directory (JSONL per kind + manifest.json); ' +
        'a killed crawl resumes when rerun with the same options; --since refreshes an existing snapshot',
    )
    .requiredOption('--out <dir>', 'snapshot directory', path('--out'))
    .option('--kinds <list>', `comma-separated kinds (${CRAWL_KINDS.join(',')})`, (v: string) => {
      try {
        return parseKinds(v);
      } catch (err) {
        throw new OptionValueError((err as Error).message);
      }
    })
    .option(
      '--limit <n>',
      'at most N records per listed kind (models, datasets, spaces, collections)',
      positiveInt('--limit'),
    )
    .option(
      '--since <date>',
      'only what changed since DATE, merged into the snapshot already in --out',
      date('--since'),
    )
    .option('--concurrency <n>', 'requests in flight at once', positiveInt('--concurrency'), 4)
    .option('--endpoint <url>', `Hub endpoint (default: $HF_ENDPOINT or ${DEFAULT_ENDPOINT})`)
    .option('--rate <n>', 'at most N requests per second overall (0 = unlimited)', number('--rate'), 5)
    .option('--page-size <n>', 'records per list page', positiveInt('--page-size'), 100)
    .addOption(
      new Option('--timeout <duration>', 'timeout per request attempt (seconds, or with a unit: 500ms, 2m)')
        .argParser(seconds('--timeout', { min: 1, formerlyMs: true }))
        .default(30_000, '30 s'),
    )
    .option(
      '--retries <n>',
      'retries per request after the first attempt (429, 5xx, timeouts, cut-off bodies)',
      nonNegativeInt('--retries'),
      5,
    )
    .addOption(
      new Option('--retry-base-ms <ms>', 'first backoff delay, doubled per retry')
        .argParser(duration('--retry-base-ms', 'ms', { fractional: true }))
        .default(1000)
        .hideHelp(),
    )
    .addOption(
      new Option('--max-retry-delay-ms <ms>', 'cap on one wait')
        .argParser(duration('--max-retry-delay-ms', 'ms', { fractional: true }))
        .default(120_000)
        .hideHelp(),
    )
    .addOption(
      new Option('--batch-size <n>', 'queue entries between checkpoints')
        .argParser(positiveInt('--batch-size'))
        .hideHelp(),
    )
    .action(
      async (o: {
        out: string;
        kinds?: (typeof CRAWL_KINDS)[number][];
        limit?: number;
        since?: Date;
        concurrency: number;
        endpoint?: string;
        rate: number;
        pageSize: number;
        timeout: number;
        retries: number;
        retryBaseMs: number;
        maxRetryDelayMs: number;
        batchSize?: number;
      }) => {
        // Loaded on use, so other subcommands do not pay for the Hub client at start-up.
        const { crawl, defaultLog, finishedCrawl } = await import('./crawl.js');
        const { terminalProgress } = await import('./progress.js');
        const env = hubEnv();
        const settings = {
          out: o.out,
          kinds: o.kinds,
          limit: o.limit,
          since: o.since,
          endpoint: o.endpoint ?? env.endpoint,
        };
        const done = finishedCrawl(settings);
        if (done) {
          // Like `wget -c` on a finished download: nothing to do is success, so a scheduled crawl does not fail.
          console.log(
            `snapshot ${o.out} is complete already (crawled ${done.crawl.finishedAt}): nothing to do; ` +
              'refresh it with --since DATE',
          );
          return;
        }
        const manifest = await crawl({
          out: o.out,
          kinds: o.kinds,
          limit: o.limit,
          since: o.since,
          concurrency: o.concurrency,
          endpoint: o.endpoint ?? env.endpoint,
          token: env.token,
          rate: o.rate,
          pageSize: o.pageSize,
          timeoutMs: o.timeout,
          maxAttempts: o.retries + 1,
          retryBaseMs: o.retryBaseMs,
          maxRetryDelayMs: o.maxRetryDelayMs,
          batchSize: o.batchSize,
          progress: terminalProgress(),
          log: defaultLog(logLevelEnv(), { pretty: process.stderr.isTTY === true }),
        });
        const counts = Object.entries(manifest.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        const skipped = manifest.skipped.count ? `; ${manifest.skipped.count} skipped (see manifest.json)` : '';
        console.log(`snapshot ${o.out}: ${counts || 'empty'}${skipped}`);
      },
    );
}
