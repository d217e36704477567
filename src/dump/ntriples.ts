// **NTriplesDump** writes quads of the default graph as canonical N-Triples into a gzip file (n3's serialiser).

import { Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { GzipFile, type FileDigest } from './gzip-file.js';

export class NTriplesDump {
  private readonly file: GzipFile;
  private readonly writer = new Writer({ format: 'N-Triples' });

  constructor(path: string) {
    this.file = new GzipFile(path);
  }

  add(quad: Quad): void {
    this.file.write(this.writer.quadToString(quad.subject, quad.predicate, quad.object));
  }

  drain(): Promise<void> {
    return this.file.drain();
  }

  close(): Promise<FileDigest> {
    return this.file.close();
  }
}
