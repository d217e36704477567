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
import { termToJson, type JsonResults, type JsonTerm } from '../rdf/sparql-results.js';
import type { QueryAnalysis } from '../store/query-analysis.js';
import type { Solution } from '../store/store.js';
import type { SelectStore } from './registry.js';
import type { SparqlAnswer } from './types.js';

function formatOf(file: string): string {
  const format = dumpFormat(file);
  if (format === NTRIPLES || format === NQUADS || format === TURTLE) return format.mediaType;
  throw new Error(`cannot query ${file}: --dump reads N-Triples, N-Quads or Turtle (.nt, .nq, .ttl, optionally .gz)`);
}

export interface DumpTarget extends SelectStore {
  triples: number;
  /** Any read query, answered as SPARQL JSON results or quads (nothing is cut: the whole graph is in memory). */
  answer(query: string, analysis: QueryAnalysis): Promise<SparqlAnswer>;
}

export async function openDump(file: string): Promise<DumpTarget> {
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
  const context = { sources: [store] as [N3.Store] };
  async function select(query: string): Promise<Solution[]> {
    const stream = await engine.queryBindings(query, context);
    const all = await stream.toArray();
    return all.map((b) => {
      const row: Solution = {};
      for (const [variable, term] of b) row[variable.value] = term;
      return row;
    });
  }
  return {
    triples: store.size,
    select,
    async answer(query, analysis) {
      if (analysis.form === 'ASK') {
        return {
          form: 'boolean',
          results: { head: {}, boolean: await engine.queryBoolean(query, context) },
          truncated: false,
        };
      }
      if (analysis.form === 'SELECT') {
        const rows = await select(query);
        return { form: 'bindings', results: toJsonResults(selectVariables(analysis, rows), rows), truncated: false };
      }
      const quads = await (await engine.queryQuads(query, context)).toArray();
      return { form: 'graph', quads, truncated: false };
    },
  };
}

/** The SELECT clause's variables in order; for SELECT * those of the rows, in order of appearance. */
function selectVariables(analysis: QueryAnalysis, rows: Solution[]): string[] {
  const names = new Set<string>();
  const variables =
    (
      analysis.parsed as
        | { variables?: Array<{ termType?: string; value?: string; variable?: { value: string } }> }
        | undefined
    )?.variables ?? [];
  for (const v of variables) {
    const name = v.termType === 'Variable' ? v.value : v.variable?.value;
    if (name) names.add(name);
  }
  if (names.size === 0) for (const row of rows) for (const key of Object.keys(row)) names.add(key);
  return [...names];
}

function toJsonResults(vars: string[], rows: Solution[]): JsonResults {
  return {
    head: { vars },
    results: {
      bindings: rows.map((row) => {
        const out: Record<string, JsonTerm> = {};
        for (const [name, term] of Object.entries(row)) out[name] = termToJson(term);
        return out;
      }),
    },
  };
}
