// **Dump runner**: runs canned queries straight over a dump file with Comunica, no server and no store process —
// the dump is parsed (gunzipped when .gz) into an N3 store that Comunica queries as an RDF/JS source.
// Slower than oxigraph on big graphs (README, "Limits"), meant for quick looks at a downloaded dump.
// The RDF/JS-only Comunica engine is used: the full @comunica/query-sparql 5.4 loads undici 8, which fails on Node 20
// (zlib.createZstdDecompress, webidl.markAsUncloneable), and a local dump needs no HTTP actors anyway.

import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { QueryEngine } from '@comunica/query-sparql-rdfjs-lite';
import { dumpFormat, NQUADS, NTRIPLES, TURTLE } from '../rdf/formats.js';
import type { Solution } from '../store/store.js';
import type { SelectStore } from './registry.js';

function formatOf(file: string): string {
  const format = dumpFormat(file);
  if (format === NTRIPLES || format === NQUADS || format === TURTLE) return format.mediaType;
  throw new Error(`cannot query ${file}: --dump reads N-Triples, N-Quads or Turtle (.nt, .nq, .ttl, optionally .gz)`);
}

export async function openDump(file: string): Promise<SelectStore & { triples: number }> {
  const format = formatOf(file);
  if (!existsSync(file)) throw new Error(`cannot query ${file}: no such file`);
  const store = new N3.Store();
  const parser = new N3.StreamParser({ format });
  const sink = new Writable({
    objectMode: true,
    write(quad: Quad, _enc, done) {
      store.addQuad(quad);
      done();
    },
  });
  try {
    if (file.endsWith('.gz')) await pipeline(createReadStream(file), createGunzip(), parser, sink);
    else await pipeline(createReadStream(file), parser, sink);
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  const engine = new QueryEngine();
  return {
    triples: store.size,
    async select(query: string): Promise<Solution[]> {
      const stream = await engine.queryBindings(query, { sources: [store] });
      const all = await stream.toArray();
      return all.map((b) => {
        const row: Solution = {};
        for (const [variable, term] of b) row[variable.value] = term;
        return row;
      });
    },
  };
}
