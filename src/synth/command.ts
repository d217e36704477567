// **huggingkg synth**: write a synthetic Hub snapshot of HuggingKG's size times --scale, for scale tests and
// benchmarks.

import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { integer, number, path } from '../cli/options.js';
import { synthesize } from './hubscale.js';

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description("generate a synthetic Hub snapshot whose counts are HuggingKG's (2024-12-15) times --scale")
    .requiredOption(
      '--scale <F>',
      'size factor: 1.0 = HuggingKG (1.2M models, 6.2M edges)',
      number('--scale', { positive: true }),
    )
    .option('--seed <S>', 'random seed (same seed -> same bytes)', integer('--seed', { min: 0, max: 0xffffffff }), 1)
    .requiredOption('--out <dir>', 'snapshot directory to write (JSONL per kind + manifest.json)', path('--out'))
    .option('--no-readme', 'leave out README text (much smaller snapshot)')
    .action(async (opts: { scale: number; seed: number; out: string; readme: boolean }) => {
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar(
            {
              format: 'synth {stage} [{bar}] {percentage}% | ETA {eta_formatted} | {value}/{total} records',
              stream: process.stderr,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let started = false;
      const t0 = Date.now();
      const result = await synthesize({
        scale: opts.scale,
        seed: opts.seed,
        out: opts.out,
        readme: opts.readme,
        onProgress: (done, total, stage) => {
          if (!bar) return;
          if (!started) {
            bar.start(total, 0, { stage: stage.padEnd(13) });
            started = true;
          }
          bar.update(done, { stage: stage.padEnd(13) });
        },
      });
      bar?.stop();
      const secs = (Date.now() - t0) / 1000;
      console.log(`wrote ${result.out} in ${secs.toFixed(1)} s (${(result.bytes / 1e6).toFixed(1)} MB)`);
      for (const [file, n] of Object.entries(result.lines)) console.log(`  ${file.padEnd(20)} ${n}`);
    });
}
