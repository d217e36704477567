// **Canned query** types: the contract between queries/*.rq, the registry that runs them, the CLI, /api and the HTML
// pages.

import type { Quad } from '@rdfjs/types';
import type { JsonResults } from '../rdf/sparql-results.js';

export type ParamType = 'iri' | 'string' | 'integer' | 'kind';

export interface QueryParamSpec {
  name: string;
  type: ParamType;
  description: string;
  /** Default as written in the .rq header; absent means required. */
  default?: string;
  /** For type 'kind': the allowed values (e.g. model, dataset, space, any). */
  values?: string[];
}

export interface CannedQuery {
  /** File name without .rq, e.g. 'recommend-items'. */
  name: string;
  title: string;
  description: string;
  params: QueryParamSpec[];
  /** Example parameters, e.g. { user: 'https://w3id.org/huggingkg/user/alice', k: '10' }. */
  example: Record<string, string>;
  /** The SPARQL text as in the file (parameters unbound). */
  sparql: string;
  file: string;
}

/** A result cell: IRIs and strings as strings, numeric literals as numbers, booleans as booleans. */
export type Cell = string | number | boolean;

export interface QueryRun {
  name: string;
  /** The exact SPARQL text that ran, parameters bound. */
  sparql: string;
  params: Record<string, string>;
  rows: Array<Record<string, Cell>>;
  elapsedMs: number;
}

// Fixed result columns that other modules (HTML pages) rely on:
//   lineage-ancestors / lineage-descendants: derived (IRI), relation (property IRI), base (IRI), depth (integer)
//   lineage-tree: same columns, for the whole family of the model's root base; lineage-tree and lineage-descendants
//     also give steps (integer): how many steps lie below the root/model, more than the rows when cut at k
//   recommend-items / related-items: item (IRI), score (number), label (string, optional)
//   classify-task: task (IRI), score (number), label (string, optional)
//   predict-base-model: candidate (IRI), score (number)

/** Any read query's answer, whatever ran it: SELECT/ASK as SPARQL JSON results, CONSTRUCT/DESCRIBE as quads;
 *  `truncated` when a result-size limit cut it. */
export type SparqlAnswer =
  | { form: 'bindings' | 'boolean'; results: JsonResults; truncated: boolean }
  | { form: 'graph'; quads: Quad[]; truncated: boolean };
