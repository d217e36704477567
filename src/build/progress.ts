// **ProgressReporter** shows a build's progress on stderr: one cli-progress bar per stage on a terminal; in a log (CI,
// a pipe, a scheduler) a line when a stage starts, one every few seconds while it runs, and one when it ends, so a
// long build is never silent; or nothing at all.

import cliProgress from 'cli-progress';

/** 'bars' on a terminal, 'lines' for logs, 'off' for nothing. */
export type ProgressMode = 'bars' | 'lines' | 'off';

/** How often a stage in 'lines' mode says how far it is. */
export const LINE_EVERY_MS = 5_000;

interface LineStage {
  label: string;
  started: number;
  printed: number;
}

export class ProgressReporter {
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private readonly lines = new Map<string, LineStage>();

  constructor(
    private readonly mode: ProgressMode,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
    private readonly now: () => number = Date.now,
  ) {}

  start(stage: string, label: string, total = 1): void {
    if (this.mode === 'lines') {
      const now = this.now();
      this.lines.set(stage, { label, started: now, printed: now });
      this.write(`build: ${label} ...`);
      return;
    }
    if (this.mode !== 'bars') return;
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
    const line = this.lines.get(stage);
    if (line) {
      const now = this.now();
      if (now - line.printed < LINE_EVERY_MS) return;
      line.printed = now;
      const pct = total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : '';
      this.write(`build: ${line.label} ${done}/${total}${pct}, ${seconds(now - line.started)} s`);
      return;
    }
    const bar = this.bars.get(stage);
    if (!bar) return;
    bar.setTotal(total);
    bar.update(done);
  }

  stop(stage: string): void {
    const line = this.lines.get(stage);
    if (line) {
      this.write(`build: ${line.label} done in ${seconds(this.now() - line.started)} s`);
      this.lines.delete(stage);
    }
    this.bars.get(stage)?.stop();
    this.bars.delete(stage);
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
