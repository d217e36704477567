// **TurtleDump** writes quads as prefixed Turtle (subjects grouped, as n3's writer does) into a gzip file.

import { Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { GzipFile, type FileDigest } from './gzip-file.js';

export class TurtleDump {
  private readonly file: GzipFile;
  private readonly writer: Writer;

  constructor(path: string, prefixes: Record<string, string>) {
    this.file = new GzipFile(path);
    // The writer's output is our gzip file; it writes synchronously and we apply backpressure through drain().
    const sink = {
      write: (chunk: string, _encoding?: string, done?: () => void) => {
        this.file.write(chunk);
        done?.();
        return true;
      },
      end: (done?: () => void) => done?.(),
    };
    this.writer = new Writer(sink as never, { prefixes, end: false });
  }

  add(quad: Quad): void {
    this.writer.addQuad(quad);
  }

  drain(): Promise<void> {
    return this.file.drain();
  }

  async close(): Promise<FileDigest> {
    await new Promise<void>((resolve, reject) => this.writer.end((err) => (err ? reject(err) : resolve())));
    return this.file.close();
  }
}
