// **JsonLdDump** streams a graph as one compacted JSON-LD document, `{"@context": {...}, "@graph": [node, ...]}`, in
// the shape of the server's JSON-LD answers (src/rdf/jsonld.ts): the jsonld library compacts it a chunk of subjects at
// a time, so a dump of any size is never held whole; the context is inlined once, so the file stands alone.

import type { Quad } from '@rdfjs/types';
import { compactNodes, type JsonLdContext } from '../rdf/jsonld.js';
import { GzipFile, type FileDigest } from './gzip-file.js';

export type { JsonLdContext };

/** Quads per chunk handed to the jsonld library (a chunk ends at a subject boundary, so it may run a little over). */
export const JSONLD_CHUNK_QUADS = 4096;

/** A subject IRI without its fragment: an entity and the nodes it owns (its Derivations) share it. */
function entityOf(subject: Quad['subject']): string {
  const hash = subject.value.indexOf('#');
  return hash < 0 ? subject.value : subject.value.slice(0, hash);
}

/** Writes the @graph of a JSON-LD document chunk by chunk; quads of one subject should arrive together. */
export class JsonLdDump {
  private readonly file: GzipFile;
  private chunk: Quad[] = [];
  private chunkEntity: string | undefined;
  /** The chunk being compacted; chunks are written in order, one at a time. */
  private writing: Promise<void> = Promise.resolve();
  private first = true;

  constructor(
    path: string,
    private readonly context: JsonLdContext,
    private readonly chunkQuads = JSONLD_CHUNK_QUADS,
  ) {
    this.file = new GzipFile(path);
    this.file.write(`{\n"@context": ${JSON.stringify(context)},\n"@graph": [`);
  }

  add(quad: Quad): void {
    // A chunk is cut only between entities, so an entity's Derivation nodes can be nested in it.
    const entity = entityOf(quad.subject);
    if (this.chunk.length >= this.chunkQuads && entity !== this.chunkEntity) this.flush();
    this.chunkEntity = entity;
    this.chunk.push(quad);
  }

  private flush(): void {
    if (this.chunk.length === 0) return;
    const quads = this.chunk;
    this.chunk = [];
    this.writing = this.writing.then(async () => {
      // A subject met again in a later chunk simply gets a second node object; JSON-LD merges nodes with the same id.
      for (const node of await compactNodes(quads, undefined, this.context)) {
        this.file.write((this.first ? '\n' : ',\n') + JSON.stringify(node));
        this.first = false;
      }
    });
    // Marked handled here (drain and close still see the failure), so a failed chunk never crashes as unhandled.
    this.writing.catch(() => undefined);
  }

  /** Resolves when the chunks handed over so far are compacted and the file has taken them. */
  async drain(): Promise<void> {
    await this.writing;
    await this.file.drain();
  }

  async close(): Promise<FileDigest> {
    this.flush();
    await this.writing;
    this.file.write('\n]\n}\n');
    return this.file.close();
  }
}
