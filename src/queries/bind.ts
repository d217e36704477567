// **Parameter binding** for canned queries: the parsed query (sparqljs) gets each parameter as an RDF term in place of
// its variable — in every subquery, which a VALUES block outside a subquery would not reach — and is then regenerated
// by the sparqljs Generator, which escapes literals. IRIs are validated first, since the Generator writes them
// verbatim. Nothing is ever spliced into query text.

import sparqljs from 'sparqljs';
import type { SparqlQuery } from 'sparqljs';
import { DataFactory } from 'n3';
import type { Term } from '@rdfjs/types';
import { entityIri, isAbsoluteIri, isEntityKind } from '../iri.js';
import { XSD } from '../vocab.js';
import { QueryFileError, QueryParamError } from './errors.js';
import type { CannedQuery, QueryParamSpec } from './types.js';

const { Parser, Generator } = sparqljs;

/** The integer parameter with this name sets the LIMIT of the outermost query instead of a variable. */
export const LIMIT_PARAM = 'k';
export const MAX_K = 1000;
const MAX_INTEGER = 100_000;

/** Characters RFC 3987 / SPARQL IRIREF forbid inside <...>; the ones that could end the IRI are among them. */
const BAD_IRI_CHARS = /[\u0000-\u0020<>"{}|^`\\]/;

export function parseSparql(text: string, file: string): SparqlQuery {
  try {
    const parsed = new Parser().parse(text);
    if (parsed.type !== 'query') throw new Error('not a query (updates are not canned queries)');
    return parsed;
  } catch (err) {
    throw new QueryFileError(file, `SPARQL does not parse: ${(err as Error).message}`);
  }
}

/**
 * Checks that every parameter variable occurs in the query and never where a constant cannot stand (see substitute).
 */
export function checkParameterUse(query: CannedQuery): void {
  const parsed = parseSparql(query.sparql, query.file);
  for (const p of query.params) {
    if (p.name === LIMIT_PARAM) {
      if (p.type !== 'integer')
        throw new QueryFileError(query.file, `parameter ${LIMIT_PARAM} must be an integer (it sets LIMIT)`);
      continue;
    }
    const count = { n: 0 };
    substitute(parsed, new Map([[p.name, DataFactory.literal('probe')]]), query.file, count);
    if (count.n === 0)
      throw new QueryFileError(query.file, `parameter ${p.name} is declared but ?${p.name} is not used`);
  }
}

export interface BoundQuery {
  sparql: string;
  /** `sparql` parsed (what it was generated from), so a store need not parse it again. */
  parsed: SparqlQuery;
  /** The parameters as they were applied: defaults filled in, entity references resolved to IRIs. */
  params: Record<string, string>;
}

export function bindQuery(query: CannedQuery, given: Record<string, string | undefined>, base: string): BoundQuery {
  const specs = new Map(query.params.map((p) => [p.name, p]));
  for (const name of Object.keys(given)) {
    if (!specs.has(name)) {
      const known = query.params.map((p) => p.name).join(', ') || 'none';
      throw new QueryParamError(`query ${query.name} has no parameter ${JSON.stringify(name)} (parameters: ${known})`);
    }
  }
  const applied: Record<string, string> = {};
  const terms = new Map<string, Term>();
  let limit: number | undefined;
  for (const spec of query.params) {
    const raw = given[spec.name];
    const value = raw === undefined || raw === '' ? spec.default : raw;
    if (value === undefined)
      throw new QueryParamError(`query ${query.name} needs parameter ${spec.name} (${spec.description})`);
    const { term, text } = toTerm(query.name, spec, value, base);
    applied[spec.name] = text;
    if (spec.name === LIMIT_PARAM) limit = Number(text);
    else terms.set(spec.name, term);
  }
  const parsed = copyTree(template(query));
  substitute(parsed, terms, query.file, { n: 0 });
  if (limit !== undefined) (parsed as { limit?: number }).limit = limit;
  return { sparql: new Generator({}).stringify(parsed), parsed, params: applied };
}

/** Each canned query parsed once (large ones take milliseconds to parse); binding works on a copy. */
const templates = new WeakMap<CannedQuery, SparqlQuery>();
function template(query: CannedQuery): SparqlQuery {
  let parsed = templates.get(query);
  if (!parsed) templates.set(query, (parsed = parseSparql(query.sparql, query.file)));
  return parsed;
}

/** A copy of a parsed query's arrays and objects; RDF terms (immutable) are shared, as substitute() replaces them. */
function copyTree<T>(node: T): T {
  if (Array.isArray(node)) return node.map(copyTree) as T;
  if (typeof node !== 'object' || node === null || (node as Node).termType !== undefined) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = copyTree(value);
  return copy as T;
}

/** Resolves an entity reference: a full IRI, or `kind/id` under base. */
export function resolveEntity(value: string, base: string): string {
  const trimmed = value.trim();
  let iri: string;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(trimmed)) {
    iri = trimmed;
  } else {
    const slash = trimmed.indexOf('/');
    const kind = slash > 0 ? trimmed.slice(0, slash) : '';
    if (!isEntityKind(kind)) {
      throw new QueryParamError(
        `${JSON.stringify(value)} is neither an IRI nor kind/id (kind ` +
          `one of model, dataset, space, collection, paper, user, org, ` +
          `task)`,
      );
    }
    try {
      iri = entityIri(base, kind, trimmed.slice(slash + 1));
    } catch (err) {
      throw new QueryParamError(`${JSON.stringify(value)}: ${(err as Error).message}`);
    }
  }
  if (BAD_IRI_CHARS.test(iri))
    throw new QueryParamError(
      `${JSON.stringify(value)} is not a valid IRI (it contains spaces, ` +
        `quotes, <, >, braces or other forbidden characters)`,
    );
  if (!isAbsoluteIri(iri))
    throw new QueryParamError(
      `${JSON.stringify(value)} is not a valid IRI (a % must start a two-digit hex escape such as %2F)`,
    );
  try {
    new URL(iri);
  } catch {
    throw new QueryParamError(`${JSON.stringify(value)} is not a valid IRI`);
  }
  return iri;
}

function toTerm(queryName: string, spec: QueryParamSpec, value: string, base: string): { term: Term; text: string } {
  const where = `query ${queryName}, parameter ${spec.name}`;
  switch (spec.type) {
    case 'iri': {
      try {
        const iri = resolveEntity(value, base);
        return { term: DataFactory.namedNode(iri), text: iri };
      } catch (err) {
        throw new QueryParamError(`${where}: ${(err as Error).message}`);
      }
    }
    case 'integer': {
      if (!/^\s*\d+\s*$/.test(value))
        throw new QueryParamError(`${where}: ${JSON.stringify(value)} is not a non-negative integer`);
      const n = Number(value);
      const max = spec.name === LIMIT_PARAM ? MAX_K : MAX_INTEGER;
      const min = spec.name === LIMIT_PARAM ? 1 : 0;
      if (n < min || n > max) throw new QueryParamError(`${where}: ${n} is out of range ${min}..${max}`);
      return {
        term: DataFactory.literal(String(n), DataFactory.namedNode(XSD.integer)),
        text: String(n),
      };
    }
    case 'kind': {
      if (!spec.values?.includes(value))
        throw new QueryParamError(`${where}: ${JSON.stringify(value)} is not one of ${spec.values?.join(', ')}`);
      return { term: DataFactory.literal(value), text: value };
    }
    case 'string':
      return { term: DataFactory.literal(value), text: value };
  }
}

type Node = Record<string, unknown>;

function isVariable(x: unknown): x is { termType: 'Variable'; value: string } {
  return typeof x === 'object' && x !== null && (x as Node).termType === 'Variable';
}

/**
 * Replaces, in place, each variable named in `terms` by its term, everywhere in the query tree. A parameter variable
 * where only a variable may stand (a projected variable, an AS / BIND target, a VALUES column) is a query-file error.
 */
function substitute(node: unknown, terms: Map<string, Term>, file: string, count: { n: number }): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (isVariable(item) && terms.has(item.value)) {
        node[i] = terms.get(item.value);
        count.n++;
      } else {
        substitute(item, terms, file, count);
      }
    }
    return;
  }
  if (typeof node !== 'object' || node === null || (node as Node).termType !== undefined) return;
  const obj = node as Node;
  if (obj.queryType === 'SELECT' && Array.isArray(obj.variables)) {
    for (const v of obj.variables as unknown[]) {
      const target = isVariable(v) ? v : (v as Node).variable;
      if (isVariable(target) && terms.has(target.value))
        throw new QueryFileError(
          file,
          `parameter ?${target.value} is projected; a parameter cannot be an output column`,
        );
    }
  }
  if (obj.type === 'values' && Array.isArray(obj.values)) {
    for (const row of obj.values as Node[]) {
      for (const key of Object.keys(row)) {
        if (terms.has(key.replace(/^\?/, ''))) throw new QueryFileError(file, `parameter ${key} is a VALUES column`);
      }
    }
  }
  for (const [key, value] of Object.entries(obj)) {
    if (isVariable(value) && terms.has(value.value)) {
      if (key === 'variable') throw new QueryFileError(file, `parameter ?${value.value} is the target of AS/BIND`);
      obj[key] = terms.get(value.value);
      count.n++;
    } else if (key !== 'variables' || obj.queryType !== 'SELECT') {
      substitute(value, terms, file, count);
    } else {
      // projection list: descend only into expressions of (expr AS ?var)
      for (const v of value as unknown[]) {
        if (isVariable(v)) continue;
        const expr = (v as Node).expression;
        if (isVariable(expr) && terms.has(expr.value)) {
          (v as Node).expression = terms.get(expr.value);
          count.n++;
        } else substitute(expr, terms, file, count);
      }
    }
  }
}
