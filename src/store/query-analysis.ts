// **query-analysis** reads a SPARQL request with sparqljs: its form (SELECT, ASK, CONSTRUCT, DESCRIBE or an update),
// the sources it names outside the store (SERVICE, FROM, FROM NAMED), and a copy of it capped at a result limit.

import sparqljs from 'sparqljs';
import { fallbackAnalysis } from './sparql-fallback.js';
import { QuerySyntaxError } from './store.js';
import type { QueryForm, QueryOptions } from './store.js';

export type { QueryForm };

/** What a read query asks for and what it names outside the store. */
export interface QueryAnalysis {
  kind: 'query';
  form: QueryForm;
  /** SERVICE targets; a variable target (SERVICE ?s) is listed as `?s`. */
  services: string[];
  /** FROM graph IRIs. */
  from: string[];
  /** FROM NAMED graph IRIs. */
  fromNamed: string[];
  /** The top-level LIMIT, if any. */
  limit?: number;
  /** A trailing top-level VALUES block (written after LIMIT, so a LIMIT cannot simply be appended). */
  trailingValues: boolean;
  /** The sparqljs parse; absent when only the fallback parser could read the query (sparql-fallback.ts). */
  parsed?: sparqljs.SparqlQuery;
}

export type SparqlAnalysis = QueryAnalysis | { kind: 'update' };

/** Result form of a query form: rows, a boolean or a graph. */
export function resultForm(form: QueryForm): 'bindings' | 'boolean' | 'graph' {
  return form === 'SELECT' ? 'bindings' : form === 'ASK' ? 'boolean' : 'graph';
}

/**
 * Parses `text` (throws QuerySyntaxError with the parser's message). `baseIri` resolves relative IRIs in the query,
 * as a query without BASE is read against the endpoint that received it.
 */
export function analyzeSparql(text: string, baseIri?: string): SparqlAnalysis {
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser({ baseIRI: baseIri }).parse(text);
  } catch (err) {
    if (err instanceof RangeError) throw new QuerySyntaxError(TOO_DEEP);
    return analyzeWithFallback(text, err as Error);
  }
  checkNesting(parsed);
  return analyzeParsed(parsed);
}

/**
 * Deepest parse tree accepted, in sparqljs objects. Not the endpoint's bracket limit (sparql-guard.ts MAX_NESTING, 64,
 * checked on the text before any parse): this one also catches operator chains (`||`, `&&`, `+`) that nest the tree
 * without a bracket, and it guards every query analysed here, not only the endpoint's.
 */
export const MAX_PARSE_DEPTH = 400;
const TOO_DEEP =
  `the query is nested more than ${MAX_PARSE_DEPTH} levels deep ` +
  `(groups, sub-queries or a long chain of || / && / +); use VALUES ` +
  `or IN (...) for long lists of alternatives`;

/** Refuses a parse tree deeper than MAX_PARSE_DEPTH objects, measured without recursion. */
function checkNesting(parsed: sparqljs.SparqlQuery): void {
  const stack: Array<[unknown, number]> = [[parsed, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const isArray = Array.isArray(node);
    const level = isArray ? depth : depth + 1;
    if (level > MAX_PARSE_DEPTH) throw new QuerySyntaxError(TOO_DEEP);
    for (const value of isArray ? node : Object.values(node))
      if (value !== null && typeof value === 'object') stack.push([value, level]);
  }
}

/**
 * A query sparqljs could not read, read by traqula instead (sparql-fallback.ts): valid SPARQL is then passed on to the
 * store, which has the last word. Its SERVICE / FROM IRIs are not resolved there, so a query naming any is refused.
 */
function analyzeWithFallback(text: string, sparqljsError: Error): SparqlAnalysis {
  const fallback = fallbackAnalysis(text);
  if (!fallback) throw new QuerySyntaxError(sparqljsError.message);
  if (fallback.kind === 'update') return { kind: 'update' };
  if (fallback.namesSources) {
    throw new QuerySyntaxError(
      `this query uses SERVICE or FROM in a form the endpoint's query ` +
        `checker cannot read (${sparqljsError.message.split('\n')[0]}); ` +
        `write it without them or in a simpler form`,
    );
  }
  return {
    kind: 'query',
    form: fallback.form!,
    services: [],
    from: [],
    fromNamed: [],
    ...(fallback.limit !== undefined ? { limit: fallback.limit } : {}),
    trailingValues: fallback.trailingValues,
  };
}

/**
 * The analysis of a query a store is asked to run, from `parsed` when the caller has the parse the text was generated
 * from (no second parse), else from the text. Updates are refused: both stores are read-only.
 */
export function analyzeStoreQuery(text: string, parsed?: sparqljs.SparqlQuery): QueryAnalysis {
  const analysis = parsed ? analyzeParsed(parsed) : analyzeSparql(text);
  if (analysis.kind === 'update') throw new QuerySyntaxError('SPARQL Update is refused: the store is read-only');
  return analysis;
}

/** The analysis of a query already parsed by sparqljs (e.g. one the caller generated its text from). */
export function analyzeParsed(parsed: sparqljs.SparqlQuery): SparqlAnalysis {
  if (parsed.type === 'update') return { kind: 'update' };
  const services: string[] = [];
  // The whole query, not only WHERE: EXISTS can hide a SERVICE in the projection, ORDER BY, HAVING or GROUP BY.
  collectServices(parsed, services);
  return {
    kind: 'query',
    form: parsed.queryType,
    services,
    from: (parsed.from?.default ?? []).map((t) => t.value),
    fromNamed: (parsed.from?.named ?? []).map((t) => t.value),
    limit: 'limit' in parsed ? parsed.limit : undefined,
    // An empty `VALUES () { }` still ends the query: a LIMIT appended after it would be a syntax error.
    trailingValues: Array.isArray(parsed.values),
    parsed,
  };
}

// SERVICE can hide anywhere: in OPTIONAL, UNION, MINUS, GRAPH, sub-queries, and (NOT) EXISTS in any expression.
function collectServices(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectServices(item, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (record.type === 'service') {
    const name = record.name as { termType: string; value: string };
    out.push(name.termType === 'Variable' ? `?${name.value}` : name.value);
  }
  for (const value of Object.values(record)) {
    if (value !== null && typeof value === 'object') collectServices(value, out);
  }
}

/**
 * The query text with its result size capped at `cap` solutions. When the query has no LIMIT (the usual case) the
 * LIMIT is appended to the text as written, so the store runs the user's own text; only a larger LIMIT or a trailing
 * VALUES block makes it regenerate the query with sparqljs. ASK is never capped.
 */
export function capQuery(text: string, analysis: QueryAnalysis, cap: number): string {
  if (analysis.form === 'ASK') return text;
  if (analysis.limit !== undefined && analysis.limit <= cap) return text;
  // A newline first, so a trailing `# comment` cannot swallow the LIMIT.
  if (analysis.limit === undefined && !analysis.trailingValues) return `${text}\nLIMIT ${cap}`;
  // Read by the fallback parser only: nothing to regenerate from; the store cuts the result at the limit instead.
  if (!analysis.parsed) return text;
  const copy = { ...analysis.parsed, limit: cap } as sparqljs.SparqlQuery;
  return new sparqljs.Generator().stringify(copy);
}

/** The form of a query a store is asked to run and its text capped at `cap` solutions: from the caller's preparation
 *  (options.prepared, no parse here) or else by analysing the text (options.parsed spares the parse). */
export async function prepare(
  query: string,
  options: QueryOptions,
  cap: number,
): Promise<{ form: QueryForm; text: string }> {
  if (options.prepared) return { form: options.prepared.form, text: await options.prepared.cap(cap) };
  const analysis = analyzeStoreQuery(query, options.parsed);
  return { form: analysis.form, text: capQuery(query, analysis, cap) };
}
