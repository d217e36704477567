// **answer** turns what a store fetched for a query (SPARQL JSON results, or an N-Triples graph) into what the Store
// interface returns: RDF/JS solutions, a boolean, quads, or a body serialised in the media type asked for.
// Both the embedded and the remote store go through here, so the two answer identically.

import type { Quad } from '@rdfjs/types';
import {
  bareType,
  BINDINGS_FORMATS,
  BOOLEAN_FORMATS,
  NQUADS,
  NTRIPLES,
  RDF_FORMATS,
  type Format,
} from '../rdf/formats.js';
import { parseGraph, writeGraph } from '../rdf/serialize.js';
import { parseJsonResults, solutionsFromJson, writeResults } from '../rdf/sparql-results.js';
import type { QueryForm } from './query-analysis.js';
import { resultForm } from './query-analysis.js';
import type { RawResult, Solution } from './store.js';

/** A raw answer of a store of ours, which always says whether the result-size limit cut it. */
export interface CappedRawResult extends RawResult {
  truncated: boolean;
}

/** What a store fetched: a SPARQL JSON results body (SELECT/ASK) or an N-Triples body (CONSTRUCT/DESCRIBE). */
export interface Fetched {
  form: QueryForm;
  body: string;
  /** Content type of `body` (graphs: N-Triples, N-Quads or Turtle; results: SPARQL JSON). */
  contentType: string;
  truncated: boolean;
  source: string;
}

/** Arrays returned by select()/construct() carry `truncated: true` (non-enumerable) when the limit cut them. */
export type MaybeTruncated<T> = T & { truncated?: boolean };

function markTruncated<T extends object>(value: T, truncated: boolean): MaybeTruncated<T> {
  if (truncated) Object.defineProperty(value, 'truncated', { value: true, enumerable: false });
  return value;
}

export function isTruncated(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { truncated?: boolean }).truncated === true;
}

function expectForm(fetched: Fetched, wanted: QueryForm[], method: string): void {
  if (!wanted.includes(fetched.form)) {
    throw new Error(`${method}() takes a ${wanted.join(' or ')} query, not ${fetched.form}`);
  }
}

export function toSolutions(fetched: Fetched): MaybeTruncated<Solution[]> {
  expectForm(fetched, ['SELECT'], 'select');
  return markTruncated(solutionsFromJson(parseJsonResults(fetched.body, fetched.source)), fetched.truncated);
}

export function toBoolean(fetched: Fetched): boolean {
  expectForm(fetched, ['ASK'], 'ask');
  const results = parseJsonResults(fetched.body, fetched.source);
  if (typeof results.boolean !== 'boolean')
    throw new Error(`${fetched.source} answered an ASK query without a boolean`);
  return results.boolean;
}

export function toQuads(fetched: Fetched): MaybeTruncated<Quad[]> {
  expectForm(fetched, ['CONSTRUCT', 'DESCRIBE'], 'construct');
  return markTruncated(parseGraph(fetched.body, fetched.contentType, fetched.source), fetched.truncated);
}

/** Formats a query form can be answered in, the default first. */
export function formatsFor(form: QueryForm): readonly Format[] {
  const kind = resultForm(form);
  return kind === 'bindings' ? BINDINGS_FORMATS : kind === 'boolean' ? BOOLEAN_FORMATS : RDF_FORMATS;
}

/** Media types a query form can be answered in, the default first. */
export function mediaTypesFor(form: QueryForm): readonly string[] {
  return formatsFor(form).map((f) => f.mediaType);
}

export async function toRaw(fetched: Fetched, mediaType: string, maxResults: number): Promise<CappedRawResult> {
  const form = resultForm(fetched.form);
  if (!mediaTypesFor(fetched.form).includes(mediaType)) {
    throw new Error(
      `a ${fetched.form} result cannot be written as ${mediaType}; ` +
        `use one of ${mediaTypesFor(fetched.form).join(', ')}`,
    );
  }
  let body: string;
  const fetchedType = bareType(fetched.contentType);
  if (fetchedType === mediaType) {
    body = fetched.body;
  } else if (form === 'graph') {
    // N-Triples is also valid N-Quads (all in the default graph).
    body =
      mediaType === NQUADS.mediaType && fetchedType === NTRIPLES.mediaType
        ? fetched.body
        : await writeGraph(parseGraph(fetched.body, fetched.contentType, fetched.source), mediaType);
  } else {
    body = writeResults(parseJsonResults(fetched.body, fetched.source), mediaType);
  }
  return {
    form,
    // Every format we write is text in UTF-8.
    contentType: `${mediaType}; charset=utf-8`,
    body,
    truncated: fetched.truncated,
    ...(fetched.truncated ? { maxResults } : {}),
  };
}
