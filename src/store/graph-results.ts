// **graph-results** reads the triples a CONSTRUCT/DESCRIBE returned (N-Triples, N-Quads or Turtle) and writes them in
// any RDF format the server speaks, through the server's one RDF serializer (src/server/rdf-serialize.ts).

import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { RDF_FORMATS } from '../server/negotiate.js';
import { serializeQuads } from '../server/rdf-serialize.js';

/** Media types for CONSTRUCT/DESCRIBE results, Turtle first (the answer to `*\/*`). */
export const GRAPH_TYPES: readonly string[] = RDF_FORMATS.map((f) => f.mediaType);

const N3_FORMATS: Record<string, string> = {
  'application/n-triples': 'N-Triples',
  'text/plain': 'N-Triples',
  'application/n-quads': 'N-Quads',
  'text/turtle': 'Turtle',
  'application/x-turtle': 'Turtle',
};

/** Parses a graph body; `contentType` may carry parameters. Errors name `source`. */
export function parseGraph(text: string, contentType: string, source: string): Quad[] {
  const type = contentType.split(';')[0].trim().toLowerCase();
  const format = N3_FORMATS[type];
  if (!format) throw new Error(`${source} answered a graph query with ${type}, which is not N-Triples, N-Quads or Turtle`);
  try {
    return new Parser({ format }).parse(text) as Quad[];
  } catch (err) {
    throw new Error(`${source} sent an unreadable ${format} graph: ${(err as Error).message}`);
  }
}

/** Writes `quads` as `mediaType` (one of GRAPH_TYPES). */
export function writeGraph(quads: Quad[], mediaType: string): Promise<string> {
  const format = RDF_FORMATS.find((f) => f.mediaType === mediaType);
  if (!format) throw new Error(`no RDF writer for ${mediaType}`);
  return serializeQuads(quads, format);
}
