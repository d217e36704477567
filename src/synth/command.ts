// **huggingkg synth**: write a synthetic Hub snapshot of HuggingKG's size times --scale, for scale tests and
// benchmarks. An existing snapshot is not overwritten unless --force says so.

import { existsSync, readdirSync } from 'node:fs';
import type { Command } from 'commander';
import { integer, number, path } from '../cli/options.js';

/** Why `out` may not be written to without --force: it holds files already. */
export function occupied(out: string): string | undefined {
  if (!existsSync(out)) return undefined;
  const files = readdirSync(out);
  if (files.length === 0) return undefined;
  const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? `, … (${files.length} files)` : '');
  return `${out} is not empty (${shown}); add --force to overwrite it, or choose another --out`;
}

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
    .option('--force', 'overwrite the files of a directory that is not empty', false)
    .action(async (opts: { scale: number; seed: number; out: string; readme: boolean; force: boolean }) => {
      const refusal = occupied(opts.out);
      if (refusal && !opts.force) throw new Error(refusal);
      // Loaded here, so that `synth --help` and the other commands do not load the generator.
      const { default: cliProgress } = await import('cli-progress');
      const { synthesize } = await import('./hubscale.js');
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
