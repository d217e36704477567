// **sparql-output** writes a query's answer for the command line: the standard formats (SPARQL results JSON, XML, CSV,
// TSV for SELECT/ASK; Turtle, N-Triples, N-Quads, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE) by the writers of src/rdf,
// or a table for people. Format names are the server's `?format=` names (formats.ts), so `-f json` is SPARQL results
// JSON for a SELECT and JSON-LD for a CONSTRUCT, as `/sparql?format=json` is.

import {
  BINDINGS_FORMATS,
  BOOLEAN_FORMATS,
  type Format,
  NTRIPLES,
  RDF_FORMATS,
  RESULTS_TSV,
  TURTLE,
} from '../rdf/formats.js';
import { serializeQuads } from '../rdf/serialize.js';
import { type JsonResults, type JsonTerm, writeResults } from '../rdf/sparql-results.js';
import { resultForm, type QueryForm } from '../store/query-analysis.js';
import { PREFIXES } from '../vocab.js';
import { textTable } from './text-table.js';
import type { SparqlAnswer } from './types.js';

/** `table`, or a format of formats.ts. */
export type Output = { kind: 'table' } | { kind: 'format'; format: Format };

/** Every name `-f` takes: the table and each format's key and names (the same names for different kinds are one). */
export const OUTPUT_NAMES: readonly string[] = [
  'table',
  ...new Set([...BINDINGS_FORMATS, ...RDF_FORMATS].flatMap((f) => [f.key, ...f.names])),
];

function formatsOf(form: QueryForm): readonly Format[] {
  const kind = resultForm(form);
  return kind === 'bindings' ? BINDINGS_FORMATS : kind === 'boolean' ? BOOLEAN_FORMATS : RDF_FORMATS;
}

/**
 * The output for a query form. `name` undefined picks the default: on a terminal a table (SELECT, ASK) or Turtle
 * (graphs); into a pipe or file SPARQL TSV (SELECT: one row a line, terms in Turtle syntax, what `cut`, `sort` and
 * `join` want), `true`/`false` (ASK) or N-Triples (graphs: one triple a line, as rapper writes). A name the form
 * cannot be written in is an Error listing what it can (the caller makes it a usage error).
 */
export function chooseOutput(name: string | undefined, form: QueryForm, terminal: boolean): Output {
  const formats = formatsOf(form);
  const kind = resultForm(form);
  if (name === undefined) {
    if (kind === 'graph') return { kind: 'format', format: terminal ? TURTLE : NTRIPLES };
    return kind === 'bindings' && !terminal ? { kind: 'format', format: RESULTS_TSV } : { kind: 'table' };
  }
  if (name === 'table' && kind !== 'graph') return { kind: 'table' };
  const format = formats.find((f) => f.key === name || f.names.includes(name));
  if (!format) {
    const offered = [...(kind === 'graph' ? [] : ['table']), ...formats.map((f) => f.key)].join(', ');
    const article = form === 'ASK' ? 'an' : 'a';
    throw new Error(`${article} ${form} query cannot be written as ${JSON.stringify(name)}; use one of ${offered}`);
  }
  return { kind: 'format', format };
}

/** The answer written as `output`; `base` shortens entity IRIs in a table. */
export async function writeAnswer(answer: SparqlAnswer, output: Output, base?: string): Promise<string> {
  if (answer.form === 'graph') {
    if (output.kind === 'table') throw new Error('a graph has no table form');
    return serializeQuads(answer.quads, output.format);
  }
  if (output.kind === 'format') return writeResults(answer.results, output.format.mediaType);
  return formatResultsTable(answer.results, base);
}

/** A term as a person reads it: IRIs shortened by `base` or a known prefix, literals as their text. */
export function showTerm(term: JsonTerm | undefined, base?: string): string {
  if (!term) return '';
  switch (term.type) {
    case 'uri':
      return shortIri(term.value, base);
    case 'bnode':
      return `_:${term.value}`;
    case 'triple': {
      const { subject, predicate, object } = term.value;
      return `<< ${[subject, predicate, object].map((t) => showTerm(t, base)).join(' ')} >>`;
    }
    default:
      return term['xml:lang'] ? `${term.value}@${term['xml:lang']}` : term.value;
  }
}

function shortIri(iri: string, base?: string): string {
  if (base && iri.startsWith(base) && iri.length > base.length) return iri.slice(base.length);
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    const local = iri.slice(ns.length);
    if (iri.startsWith(ns) && /^[\w.-]+$/.test(local)) return `${prefix}:${local}`;
  }
  return `<${iri}>`;
}

/** The results as a text table (text-table.ts) with a row count. */
export function formatResultsTable(results: JsonResults, base?: string): string {
  if (typeof results.boolean === 'boolean') return `${results.boolean}\n`;
  const rows = results.results?.bindings ?? [];
  const vars = results.head.vars?.length ? results.head.vars : [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (vars.length === 0) return `(${rows.length} rows)\n`;
  const cells = rows.map((r) => vars.map((v) => showTerm(r[v], base)));
  return textTable(vars, cells, `(${rows.length} row${rows.length === 1 ? '' : 's'})`);
}
