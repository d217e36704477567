// **heap** gives a large build the V8 heap it needs. The build's statistics (lineage, tags, name tokens, task years,
// like ranks, co-likes, link counts) count the whole graph on the heap while it is mapped: ~80 bytes per triple, i.e.
// ~3.4 GB at HuggingKG's size (F = 1.0), next to the mapper's entity id sets. Node's default heap limit (~4 GB on a
// 64-bit machine) is then nearly full, and the build spends its time in garbage collection instead of dying cleanly.
// So a command whose input is large re-runs itself once, in a child process, with a heap sized to the machine (or to
// --heap-mb); small inputs (tests, the sample, F ≤ 0.1) run as they are.

import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { constants, totalmem } from 'node:os';
import { join } from 'node:path';
import { heapLimitMb } from '../util/heap-limit.js';
import { HEAP_RERUN_ENV, heapSetInEnv } from './env.js';

const MB = 1024 * 1024;

/**
 * Heap per input byte a build may need: at F = 1.0 the statistics alone took ~3.4 GB for a 3.4 GB snapshot (about one
 * byte per byte; gzip-compressed input counted unpacked), doubled for the mapper's id sets and garbage collection.
 */
const HEAP_PER_INPUT_BYTE = 2;

/** Compressed input is counted at this many times its size (JSONL of Hub records packs ~5-8x). */
const GZIP_RATIO = 6;

/** The share of the machine's memory a build may ask for as heap (the rest: off-heap buffers, validation workers). */
const MACHINE_SHARE = 0.6;

/** Bytes of input under `path` (a file, or every file in a folder and its subfolders), gzip counted unpacked. */
export function inputBytes(path: string): number {
  const size = (file: string) => {
    const bytes = statSync(file).size;
    return file.endsWith('.gz') || file.endsWith('.zip') ? bytes * GZIP_RATIO : bytes;
  };
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return size(path);
  let total = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) total += size(join(entry.parentPath, entry.name));
  return total;
}

export interface HeapSituation {
  /** The heap limit this process runs with, MB. */
  limitMb: number;
  /** The memory this process may use (the machine's, or its cgroup's), MB. */
  machineMb: number;
  /** Whether the heap was set already: by the user (--max-old-space-size in NODE_OPTIONS or node's own flags) or by
   *  an earlier re-run. */
  setAlready: boolean;
}

export function currentHeapSituation(): HeapSituation {
  const constrained = process.constrainedMemory?.() ?? 0;
  const machine = constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
  return {
    limitMb: heapLimitMb(),
    machineMb: Math.floor(machine / MB),
    setAlready: heapSetInEnv() || process.execArgv.some((a) => a.startsWith('--max-old-space-size')),
  };
}

/**
 * The heap (MB) to re-run with, or undefined to run as is: `askedMb` when given (--heap-mb) and not the current limit;
 * else, for an input whose statistics may not fit the current limit, the machine's share when that is larger.
 */
export function heapToRerunWith(input: number, now: HeapSituation, askedMb?: number): number | undefined {
  if (now.setAlready) return undefined;
  if (askedMb !== undefined) return Math.abs(askedMb - now.limitMb) > 64 ? askedMb : undefined;
  if ((input * HEAP_PER_INPUT_BYTE) / MB < now.limitMb * 0.75) return undefined;
  const wanted = Math.floor(now.machineMb * MACHINE_SHARE);
  return wanted > now.limitMb * 1.25 ? wanted : undefined;
}

/**
 * Runs this command again in a child process with a heap of `heapMb` (stdio shared, SIGINT and SIGTERM passed on) and
 * resolves with its exit code (128 + the signal's number when a signal stopped it).
 */
export function rerunWithHeap(heapMb: number): Promise<number> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${heapMb}`, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, [HEAP_RERUN_ENV]: '1' },
    },
  );
  const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = pass('SIGINT');
  const onTerm = pass('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
