// **heap-limit**: the V8 heap limit this process runs with, in MB (what `--max-old-space-size` set, or Node's default).

import { getHeapStatistics } from 'node:v8';

export function heapLimitMb(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / (1024 * 1024));
}
