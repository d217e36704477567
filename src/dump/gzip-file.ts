// **GzipFile** is a write-only gzip file that counts its compressed bytes and hashes them (sha256) as they are written,
// so a dump's size and checksum are known the moment it is closed, without reading it back.

import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

const FLUSH_CHARS = 256 * 1024;

export interface FileDigest {
  path: string;
  bytes: number;
  sha256: string;
}

export class GzipFile {
  private readonly gzip: Gzip;
  private readonly file: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  // Small writes are batched: one zlib call per quad would cost far more than the compression itself.
  private buffer: string[] = [];
  private buffered = 0;
  private failure: Error | undefined;
  private readonly finished: Promise<void>;

  constructor(
    readonly path: string,
    level = 5,
  ) {
    this.gzip = createGzip({ level });
    this.file = createWriteStream(path);
    this.gzip.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
      this.hash.update(chunk);
    });
    const fail = (err: Error) => (this.failure ??= new Error(`writing ${path}: ${err.message}`));
    this.gzip.on('error', fail);
    this.file.on('error', fail);
    this.gzip.pipe(this.file);
    this.finished = once(this.file, 'close').then(() => undefined);
  }

  /** Writes text; callers await drain() from time to time (cheap when nothing is pending) to bound memory. */
  write(text: string): void {
    if (this.failure) throw this.failure;
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffered === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    this.gzip.write(chunk);
  }

  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    // writableNeedDrain, not write()'s return value: a 'drain' that already happened must not be awaited.
    if (this.gzip.writableNeedDrain) await once(this.gzip, 'drain');
  }

  async close(): Promise<FileDigest> {
    this.flush();
    this.gzip.end();
    await this.finished;
    if (this.failure) throw this.failure;
    return { path: this.path, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
