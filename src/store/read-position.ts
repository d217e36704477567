// **read-position** tells how far a process on this machine has read a file: the offset of the descriptor it holds
// open on it (Linux /proc/PID/fdinfo). A bulk loader reading a whole dump gives no progress of its own; the offset of
// its descriptor on the (compressed) dump does.

import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';

export interface ReadPosition {
  pid: number;
  fd: number;
  /** Bytes read (the descriptor's offset). */
  offset: number;
}

/**
 * Finds a process holding `file` open (any process this user may inspect, other than `skipPid`) and its offset, or
 * undefined: no /proc (not Linux), the reader runs elsewhere or as another user, or nobody reads the file now. `hint`
 * (the last answer) is checked first, so that a poll does not scan every process each time.
 */
export function readPosition(file: string, hint?: ReadPosition, skipPid?: number): ReadPosition | undefined {
  let target: string;
  try {
    target = realpathSync(file);
  } catch {
    return undefined;
  }
  const at = (pid: number, fd: number): ReadPosition | undefined => {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== target) return undefined;
      const pos = /^pos:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      return pos ? { pid, fd, offset: Number(pos[1]) } : undefined;
    } catch {
      // the process ended or closed the file between the listing and the read, or is not ours to inspect
      return undefined;
    }
  };
  if (hint) {
    const again = at(hint.pid, hint.fd);
    if (again) return again;
  }
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    if (pid === skipPid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      const found = at(pid, Number(fd));
      if (found) return found;
    }
  }
  return undefined;
}
