// **measure**: what the bench scripts compute from their samples, in one place: a percentile (nearest rank, rounded
// down: the definition every table in bench/ was made with) and a process's CPU time from Linux /proc.

import { readFileSync } from 'node:fs';

/** The p-th percentile (p in 0..100) of `values`, in any order: the value at rank floor(p% of n); NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * User + system CPU milliseconds a process (or one of its threads: `/proc/PID/task/TID/stat`) has used so far; throws
 * when it is gone. Unlike wall time, it does not grow with the rest of the machine's load.
 */
export function cpuMs(statFile: string): number {
  // the fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
  const fields = readFileSync(statFile, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** cpuMs of a whole process. */
export function processCpuMs(pid: number): number {
  return cpuMs(`/proc/${pid}/stat`);
}
