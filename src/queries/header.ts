// **Query header** parser: the `# key: value` comment block that opens every queries/*.rq file.
//
//   # name: recommend-items
//   # title: Recommend models, datasets or spaces to a user
//   # description: one or more lines, joined with spaces
//   # param: user iri -- the user (an IRI or user/{name})               (no default: required)
//   # param: kind kind(model|dataset|space|any)=any -- the kind of item  (a closed set of values, with a default)
//   # param: k integer=20 -- how many items (the LIMIT)                  (`k` sets the outer LIMIT)
//   # example: user=user/alice&kind=model&k=10                           (URL query syntax)

import type { CannedQuery, ParamType, QueryParamSpec } from './types.js';
import { QueryFileError } from './errors.js';

const PARAM_TYPES: readonly ParamType[] = ['iri', 'string', 'integer', 'kind'];
const PARAM_LINE = /^([A-Za-z_][A-Za-z0-9_]*)\s+([a-z]+)(?:\(([^)]*)\))?(?:=(\S*))?\s+--\s+(.+)$/;

export type QueryHeader = Pick<CannedQuery, 'name' | 'title' | 'description' | 'params' | 'example'>;

export function parseHeader(text: string, file: string): QueryHeader {
  const fields: Record<string, string[]> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break; // the header is the leading comment block
    const m = /^#\s*([a-z]+):\s?(.*)$/.exec(line);
    if (!m) continue;
    (fields[m[1]!] ??= []).push(m[2]!.trim()); // both groups always take part in a match
  }
  const one = (key: string): string => {
    const v = fields[key];
    const only = v?.length === 1 ? v[0] : undefined;
    if (!only) throw new QueryFileError(file, `header needs exactly one non-empty "# ${key}:" line`);
    return only;
  };
  const name = one('name');
  const title = one('title');
  const description = (fields.description ?? []).join(' ').trim();
  if (!description) throw new QueryFileError(file, 'header needs a "# description:" line');
  const params = (fields.param ?? []).map((line) => parseParam(line, file));
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name)) throw new QueryFileError(file, `parameter ${p.name} declared twice`);
    seen.add(p.name);
  }
  const example: Record<string, string> = {};
  const exampleLine = one('example');
  for (const [k, v] of new URLSearchParams(exampleLine)) {
    if (!seen.has(k)) throw new QueryFileError(file, `example names undeclared parameter ${k}`);
    example[k] = v;
  }
  for (const p of params) {
    if (p.default === undefined && example[p.name] === undefined) {
      throw new QueryFileError(file, `example must give the required parameter ${p.name}`);
    }
  }
  return { name, title, description, params, example };
}

function parseParam(line: string, file: string): QueryParamSpec {
  const m = PARAM_LINE.exec(line);
  if (!m)
    throw new QueryFileError(
      file,
      `bad "# param:" line ${JSON.stringify(line)}; expected "NAME TYPE[(a|b)][=DEFAULT] -- description"`,
    );
  const [, name = '', type = '', values, dflt, description = ''] = m; // groups 1, 2 and 5 always take part
  if (!(PARAM_TYPES as readonly string[]).includes(type)) {
    throw new QueryFileError(file, `parameter ${name} has unknown type ${type}; use one of ${PARAM_TYPES.join(', ')}`);
  }
  const spec: QueryParamSpec = { name, type: type as ParamType, description };
  if (type === 'kind') {
    if (!values) throw new QueryFileError(file, `kind parameter ${name} needs its values, e.g. kind(model|dataset)`);
    spec.values = values.split('|');
  } else if (values) {
    throw new QueryFileError(file, `only kind parameters list values (${name})`);
  }
  if (dflt !== undefined) spec.default = dflt;
  return spec;
}
