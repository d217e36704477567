// **sparql-results** reads SPARQL 1.1 JSON results (what both stores fetch) into RDF/JS solutions and writes them as
// SPARQL JSON, XML, CSV or TSV; it also cuts results (and line-based graphs) at a result-size limit, saying so.

import type { Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { SparqlJsonParser } from 'sparqljson-parse';
import { XSD } from '../vocab.js';
import { RESULTS_CSV, RESULTS_JSON, RESULTS_TSV, RESULTS_XML } from './formats.js';

/** One SELECT solution: variable name (without '?') -> RDF/JS term; unbound variables are absent. */
export type Solution = Record<string, Term>;

export type JsonTerm =
  | { type: 'uri' | 'bnode'; value: string }
  | { type: 'literal' | 'typed-literal'; value: string; 'xml:lang'?: string; datatype?: string }
  | { type: 'triple'; value: { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm } };

export interface JsonResults {
  head: { vars?: string[]; link?: string[] };
  results?: { bindings: Array<Record<string, JsonTerm>> };
  boolean?: boolean;
}

/** Parses a SPARQL JSON results body; a malformed body is an error naming where it came from. */
export function parseJsonResults(text: string, source: string): JsonResults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source} sent invalid SPARQL JSON results: ${(err as Error).message}`);
  }
  const results = value as JsonResults;
  if (!results || typeof results !== 'object' || (typeof results.boolean !== 'boolean' && !results.results)) {
    throw new Error(`${source} sent a JSON body that is neither SELECT bindings nor an ASK boolean`);
  }
  results.head ??= {};
  return results;
}

/** Keeps at most `max` rows; `truncated` tells whether rows were dropped. */
export function cutBindings(results: JsonResults, max: number): { results: JsonResults; truncated: boolean } {
  const rows = results.results?.bindings;
  if (!rows || rows.length <= max) return { results, truncated: false };
  return { results: { ...results, results: { bindings: rows.slice(0, max) } }, truncated: true };
}

/** Keeps at most `max` triples of an N-Triples / N-Quads body (one statement per line in both formats). */
export function cutLines(text: string, max: number): { text: string; truncated: boolean } {
  let end = -1;
  for (let kept = 0; kept < max; kept++) {
    end = text.indexOf('\n', end + 1);
    if (end === -1) return { text, truncated: false };
  }
  const truncated = text.slice(end + 1).trim() !== '';
  return { text: truncated ? text.slice(0, end + 1) : text, truncated };
}

const jsonParser = new SparqlJsonParser({ dataFactory: DataFactory });

export function solutionsFromJson(results: JsonResults): Solution[] {
  return jsonParser.parseJsonResults(results).map((row) => {
    const solution: Solution = {};
    for (const [name, term] of Object.entries(row)) solution[name.replace(/^\?/, '')] = term as Term;
    return solution;
  });
}

/** An RDF/JS term as a SPARQL JSON results term (the inverse of solutionsFromJson). */
export function termToJson(term: Term): JsonTerm {
  switch (term.termType) {
    case 'NamedNode':
      return { type: 'uri', value: term.value };
    case 'BlankNode':
      return { type: 'bnode', value: term.value };
    case 'Literal':
      if (term.language) return { type: 'literal', value: term.value, 'xml:lang': term.language };
      // A simple literal is written without its implied xsd:string, as SPARQL 1.1 JSON results do.
      if (term.datatype.value === XSD.string) return { type: 'literal', value: term.value };
      return { type: 'literal', value: term.value, datatype: term.datatype.value };
    case 'Quad':
      return {
        type: 'triple',
        value: {
          subject: termToJson(term.subject),
          predicate: termToJson(term.predicate),
          object: termToJson(term.object),
        },
      };
    default:
      throw new Error(`a ${term.termType} cannot be a SPARQL result value`);
  }
}

/** Writes `results` (SELECT or ASK) as one of BINDINGS_FORMATS / BOOLEAN_FORMATS (formats.ts). */
export function writeResults(results: JsonResults, mediaType: string): string {
  switch (mediaType) {
    case RESULTS_JSON.mediaType:
      return JSON.stringify(results);
    case RESULTS_XML.mediaType:
      return writeXml(results);
    case RESULTS_CSV.mediaType:
      return writeDelimited(results, ',', csvField, (v) => v);
    case RESULTS_TSV.mediaType:
      return writeDelimited(results, '\t', tsvTerm, (v) => `?${v}`);
    default:
      throw new Error(`no SPARQL results writer for ${mediaType}`);
  }
}

// Built once: the escape runs for every term of an XML result.
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function xmlEscape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => XML_ESCAPES[c] as string);
}

function xmlTerm(term: JsonTerm): string {
  switch (term.type) {
    case 'uri':
      return `<uri>${xmlEscape(term.value)}</uri>`;
    case 'bnode':
      return `<bnode>${xmlEscape(term.value)}</bnode>`;
    case 'triple':
      return (
        `<triple><subject>${xmlTerm(term.value.subject)}</subject>` +
        `<predicate>${xmlTerm(term.value.predicate)}</predicate>` +
        `<object>${xmlTerm(term.value.object)}</object></triple>`
      );
    default: {
      const lang = term['xml:lang'] ? ` xml:lang="${xmlEscape(term['xml:lang'])}"` : '';
      const datatype = term.datatype ? ` datatype="${xmlEscape(term.datatype)}"` : '';
      return `<literal${lang}${datatype}>${xmlEscape(term.value)}</literal>`;
    }
  }
}

function writeXml(results: JsonResults): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
    '<head>',
  ];
  for (const v of results.head.vars ?? []) out.push(`<variable name="${xmlEscape(v)}"/>`);
  for (const l of results.head.link ?? []) out.push(`<link href="${xmlEscape(l)}"/>`);
  out.push('</head>');
  if (typeof results.boolean === 'boolean') {
    out.push(`<boolean>${results.boolean}</boolean>`);
  } else {
    out.push('<results>');
    for (const row of results.results?.bindings ?? []) {
      out.push('<result>');
      for (const [name, term] of Object.entries(row))
        out.push(`<binding name="${xmlEscape(name)}">${xmlTerm(term)}</binding>`);
      out.push('</result>');
    }
    out.push('</results>');
  }
  out.push('</sparql>', '');
  return out.join('\n');
}

// SPARQL 1.1 CSV: plain values (IRIs bare, literals as lexical form), RFC 4180 quoting, CRLF line ends.
function csvField(term: JsonTerm | undefined): string {
  if (!term) return '';
  const value =
    term.type === 'bnode' ? `_:${term.value}` : term.type === 'triple' ? `<< ${tsvTerm(term)} >>` : term.value;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// SPARQL 1.1 TSV: terms in SPARQL/Turtle syntax, tabs and newlines escaped inside literals.
function tsvTerm(term: JsonTerm | undefined): string {
  if (!term) return '';
  switch (term.type) {
    case 'uri':
      return `<${term.value}>`;
    case 'bnode':
      return `_:${term.value}`;
    case 'triple':
      return `<<${tsvTerm(term.value.subject)} ${tsvTerm(term.value.predicate)} ${tsvTerm(term.value.object)}>>`;
    default: {
      const escaped = term.value.replace(
        /[\\"\t\n\r]/g,
        (c) => ({ '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string,
      );
      if (term['xml:lang']) return `"${escaped}"@${term['xml:lang']}`;
      if (term.datatype && term.datatype !== 'http://www.w3.org/2001/XMLSchema#string')
        return `"${escaped}"^^<${term.datatype}>`;
      return `"${escaped}"`;
    }
  }
}

function writeDelimited(
  results: JsonResults,
  separator: string,
  cell: (t: JsonTerm | undefined) => string,
  header: (v: string) => string,
): string {
  const vars = results.head.vars ?? [];
  const eol = separator === ',' ? '\r\n' : '\n';
  const lines = [vars.map(header).join(separator)];
  for (const row of results.results?.bindings ?? []) lines.push(vars.map((v) => cell(row[v])).join(separator));
  return lines.join(eol) + eol;
}
