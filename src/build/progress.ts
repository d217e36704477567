// **ProgressReporter** draws one cli-progress bar per build stage on a TTY and does nothing otherwise.

import cliProgress from 'cli-progress';

export class ProgressReporter {
  private readonly bars = new Map<string, cliProgress.SingleBar>();

  constructor(private readonly enabled: boolean) {}

  start(stage: string, label: string, total = 1): void {
    if (!this.enabled) return;
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(10)} [{bar}] {percentage}% | ETA {eta_formatted} | {value}/{total}`,
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    this.bars.set(stage, bar);
  }

  update(stage: string, done: number, total: number): void {
    const bar = this.bars.get(stage);
    if (!bar) return;
    bar.setTotal(total);
    bar.update(done);
  }

  stop(stage: string): void {
    this.bars.get(stage)?.stop();
    this.bars.delete(stage);
  }
}
