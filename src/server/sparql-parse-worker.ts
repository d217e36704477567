// **sparql-parse-worker** is the thread that parses user SPARQL for the endpoint (sparql-parse.ts): sparqljs takes
// seconds on some inputs (0.6 s for a 330 KB VALUES block, more for deep nesting), which must not stall the event loop.

import { parentPort } from 'node:worker_threads';
import { analyzeSparql, capQuery } from '../store/query-analysis.js';
import type { QueryAnalysis, SparqlAnalysis } from '../store/query-analysis.js';

export interface ParseRequest {
  id: number;
  text: string;
  base: string;
  /** When set: answer the query text capped at this many solutions instead of the analysis. */
  cap?: number;
}

/**
 * The analysis without sparqljs's parse tree (it stays in the worker), plus the IRIs the query names in GRAPH <...>.
 */
export type ParseSummary = { kind: 'update' } | (Omit<QueryAnalysis, 'parsed'> & { graphs: string[] });

// GRAPH <iri> can sit anywhere a pattern can, EXISTS in expressions included; the parse is at most MAX_PARSE_DEPTH deep
// (query-analysis.ts).
function graphNames(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) graphNames(item, out);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const name = record.name as { termType?: string; value?: string } | undefined;
    if (record.type === 'graph' && name?.termType === 'NamedNode' && name.value) out.add(name.value);
    for (const value of Object.values(record)) if (value !== null && typeof value === 'object') graphNames(value, out);
  }
  return out;
}

export type ParseReply =
  | { id: number; ok: true; summary?: ParseSummary; capped?: string }
  | { id: number; ok: false; syntax: boolean; message: string };

// The cap request follows its analysis, perhaps after other clients' requests: keeping the last few parses spares a
// second parse.
const recent = new Map<string, SparqlAnalysis>();
const RECENT = 8;

function analysisOf(text: string, base: string): SparqlAnalysis {
  const key = `${base}\n${text}`;
  const known = recent.get(key);
  if (known) return known;
  const analysis = analyzeSparql(text, base);
  recent.set(key, analysis);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value as string);
  return analysis;
}

function answer(request: ParseRequest): ParseReply {
  try {
    const analysis = analysisOf(request.text, request.base);
    if (request.cap !== undefined) {
      if (analysis.kind !== 'query') throw new Error('an update has no result to cap');
      return { id: request.id, ok: true, capped: capQuery(request.text, analysis, request.cap) };
    }
    if (analysis.kind === 'update') return { id: request.id, ok: true, summary: analysis };
    const { parsed, ...summary } = analysis;
    return { id: request.id, ok: true, summary: { ...summary, graphs: [...graphNames(parsed, new Set())] } };
  } catch (err) {
    const e = err as Error;
    return { id: request.id, ok: false, syntax: e.name === 'QuerySyntaxError', message: e.message ?? String(err) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (request: ParseRequest) => port.postMessage(answer(request)));
}
