// **TokenBucket** spaces requests to a global rate, shared by every concurrent fetch of one crawl.

import { setTimeout as sleep } from 'node:timers/promises';

export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  /** `rate` requests per second (0 or Infinity = unlimited); `burst` requests may go out back to back. */
  constructor(
    private readonly rate: number,
    private readonly burst = Math.max(1, Math.floor(rate)),
  ) {
    this.tokens = this.burst;
  }

  async take(): Promise<void> {
    if (!(this.rate > 0) || !Number.isFinite(this.rate)) return;
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      // Waiters re-check after sleeping, so many concurrent takers still get one token each.
      await sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
    }
  }
}
