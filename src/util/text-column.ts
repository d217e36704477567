// **TextColumn**: a string per ordinal (e.g. an entity's Hub id), as UTF-8 in one growable arena off the JavaScript
// heap: the bytes plus 12 per ordinal, where a Map of IRI strings to strings holds a Map entry and two heap strings.

import { grownToHold } from './int-lists.js';

export class TextColumn {
  private arena = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Ordinal -> its text's offset in the arena and byte length (-1: none). */
  private starts = new Float64Array(1024);
  private lengths = new Int32Array(1024).fill(-1);

  /** Sets ordinal `i`'s text (a later one replaces it; the arena keeps the old bytes). */
  set(i: number, text: string): void {
    this.starts = grownToHold(this.starts, i);
    this.lengths = grownToHold(this.lengths, i, -1);
    const max = Buffer.byteLength(text, 'utf8');
    if (this.used + max > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + max));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    const n = this.arena.write(text, this.used, 'utf8');
    this.starts[i] = this.used;
    this.lengths[i] = n;
    this.used += n;
  }

  get(i: number): string | undefined {
    if (i >= this.lengths.length || this.lengths[i] === -1) return undefined;
    const start = this.starts[i]!;
    return this.arena.toString('utf8', start, start + this.lengths[i]!);
  }
}
