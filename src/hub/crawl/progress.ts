// **CrawlProgress** shows one progress bar per phase on a terminal (counts, rate, ETA) and stays silent otherwise.

import cliProgress from 'cli-progress';

export interface CrawlProgress {
  start(phase: string, total: number | undefined): void;
  update(done: number, stats: { requests: number; retries: number }): void;
  stop(): void;
}

export const NO_PROGRESS: CrawlProgress = { start() {}, update() {}, stop() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): CrawlProgress {
  if (!stream.isTTY) return NO_PROGRESS;
  let bar: cliProgress.SingleBar | undefined;
  let unknownTotal = false;
  return {
    start(phase, total) {
      unknownTotal = total === undefined;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: unknownTotal
            ? `${phase.padEnd(16)} {value} records | {requests} requests, {retries} retries | {duration_formatted}`
            : `${phase.padEnd(16)} [{bar}] {value}/{total} | ETA {eta_formatted} ` +
              `| {requests} requests, {retries} retries`,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total ?? 0, 0, { requests: 0, retries: 0 });
    },
    update(done, stats) {
      // cli-progress computes an infinite ETA before the first record; show counts from the first real step on.
      if (done > 0) bar?.update(done, stats);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
