// **GzipFile** is a write-only gzip file that counts its compressed bytes and hashes them (sha256) as they are written,
// so a dump's size and checksum are known the moment it is closed, without reading it back.

import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

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
  private pending = false;
  private failure: Error | undefined;
  private readonly finished: Promise<void>;

  constructor(readonly path: string, level = 5) {
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
    if (!this.gzip.write(text)) this.pending = true;
  }

  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.pending) return;
    await once(this.gzip, 'drain');
    this.pending = false;
  }

  async close(): Promise<FileDigest> {
    this.gzip.end();
    await this.finished;
    if (this.failure) throw this.failure;
    return { path: this.path, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
