// **hubscale-writer** writes one JSON Lines file in ~1 MiB chunks, waiting for the disk when the stream's buffer is
// full, so generating a Hub-scale snapshot never holds more than a chunk per file in memory.

import { createWriteStream, type WriteStream } from 'node:fs';

const CHUNK = 1 << 20;

export class JsonlWriter {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private bufferedChars = 0;
  lines = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', () => {}); // surfaced by flush/close via `once(..., 'error')`
  }

  /** Queue one record; returns a promise only when the caller must wait for the disk. */
  write(record: unknown): Promise<void> | undefined {
    const line = JSON.stringify(record) + '\n';
    this.buffer.push(line);
    this.bufferedChars += line.length;
    this.lines++;
    return this.bufferedChars >= CHUNK ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const data = Buffer.from(this.buffer.join(''), 'utf8');
    this.buffer = [];
    this.bufferedChars = 0;
    this.bytes += data.length;
    if (this.stream.write(data)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        this.stream.off('drain', onDrain);
        reject(err);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}
