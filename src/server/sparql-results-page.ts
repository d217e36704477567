// **sparql-results-page** is what a browser gets for a SPARQL query (a /sparql GET with text/html first in Accept, or
// ?format=html): the results as a table, a boolean as a sentence, a graph as highlighted Turtle, with the query, a
// link to edit it in the query editor and links to the machine formats.

import { Parser } from 'n3';
import { parseJsonResults } from '../rdf/sparql-results.js';
import { resultForm, type QueryForm } from '../store/query-analysis.js';
import { cellView, turtleHtml } from './rdf-html.js';
import { renderPage } from './render.js';

export interface ResultsPageInput {
  query: string;
  form: QueryForm;
  /** SPARQL JSON results for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE. */
  body: string;
  base: string;
  /** The result-size limit the results were cut at, if they were. */
  truncated?: number;
  formats: Array<{ label: string; type: string; href: string }>;
}

export function resultsPage(input: ResultsPageInput): string {
  const common = {
    title: 'SPARQL results',
    query: input.query,
    editHref: `/sparql#query=${encodeURIComponent(input.query)}`,
    formats: input.formats,
    truncated: input.truncated,
  };
  const kind = resultForm(input.form);
  if (kind === 'graph') {
    const quads = new Parser({ format: 'N-Triples' }).parse(input.body);
    return renderPage('sparql-results', {
      ...common,
      graph: true,
      count: quads.length,
      turtle: turtleHtml(quads, input.base),
    });
  }
  const results = parseJsonResults(input.body, 'the store');
  if (kind === 'boolean') return renderPage('sparql-results', { ...common, boolean: true, answer: results.boolean });
  const vars = results.head.vars ?? [];
  const rows = (results.results?.bindings ?? []).map((b) => vars.map((v) => cellView(b[v], input.base)));
  return renderPage('sparql-results', { ...common, table: true, vars, rows, count: rows.length });
}
