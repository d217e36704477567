// **sparql-guard** measures a SPARQL query's shape with one linear scan, before any parser sees it: bracket nesting and
// the number of syntax tokens outside VALUES data. Deep or long syntax trees crash oxigraph's WebAssembly build (its
// 1 MB stack overflows: "memory access out of bounds") and make sparqljs take seconds; past the limits the endpoint
// answers 400 at once (measured shapes and thresholds: README "Security: what the endpoint refuses").

/** Deepest bracket nesting ( ( { [ ) accepted. oxigraph survived 200 nested CONCAT( and failed at 250. */
export const MAX_NESTING = 64;
/** Most syntax tokens accepted outside VALUES data: oxigraph failed on ~16,000 (3,000 BINDs, 5,000-item IN lists). */
export const MAX_TOKENS = 4_000;

export interface QueryShape {
  /** Deepest bracket nesting. */
  depth: number;
  /** Tokens outside VALUES data blocks (VALUES rows are flat data, any number is harmless). */
  tokens: number;
}

export class QueryShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryShapeError';
  }
}

const SPACE = /\s/;
const NAME = /[\p{L}\p{N}_:.\-%\\]/u;
// An IRIREF holds none of these (SPARQL 1.1 grammar [139]); a `<` followed by one of them is the less-than operator.
const NOT_IN_IRI = /[<"{}|^`\\\s]/;

/** Scans `text` once (strings, IRIs and comments skipped as single tokens); never throws on malformed text. */
export function queryShape(text: string): QueryShape {
  let depth = 0;
  let maxDepth = 0;
  let tokens = 0;
  // Depth at which the current VALUES data block opened (-1: not in one); a VALUES keyword arms it for its next `{`.
  let valuesDepth = -1;
  let valuesArmed = false;
  const count = () => {
    if (valuesDepth < 0) tokens++;
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charAt(i);
    if (SPACE.test(c)) {
      i++;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === '"' || c === "'") {
      i = skipString(text, i);
      count();
    } else if (c === '<' && isIri(text, i)) {
      i = text.indexOf('>', i) + 1;
      count();
    } else if (c === '(' || c === '{' || c === '[') {
      count();
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      if (c === '{' && valuesArmed) {
        valuesArmed = false;
        valuesDepth = depth;
      }
      i++;
    } else if (c === ')' || c === '}' || c === ']') {
      if (c === '}' && depth === valuesDepth) valuesDepth = -1;
      depth = Math.max(0, depth - 1);
      count();
      i++;
    } else if (NAME.test(c) || c === '?' || c === '$') {
      const start = i;
      i++;
      while (i < n && NAME.test(text.charAt(i))) i++;
      if (/^values$/i.test(text.slice(start, i)) && valuesDepth < 0) valuesArmed = true;
      count();
    } else {
      // Operators and punctuation: two-character ones (|| && != <= >= ^^) count once, like the parser sees them.
      const two = text.slice(i, i + 2);
      i += two === '||' || two === '&&' || two === '!=' || two === '<=' || two === '>=' || two === '^^' ? 2 : 1;
      count();
    }
  }
  return { depth: maxDepth, tokens };
}

function isIri(text: string, i: number): boolean {
  for (let j = i + 1; j < text.length && j < i + 4096; j++) {
    const c = text.charAt(j);
    if (c === '>') return true;
    if (NOT_IN_IRI.test(c)) return false;
  }
  return false;
}

/** Index just past the string literal opening at `i` (short or long form, backslash escapes honoured). */
function skipString(text: string, i: number): number {
  const quote = text.charAt(i);
  const long = text.startsWith(quote.repeat(3), i);
  const close = long ? quote.repeat(3) : quote;
  let j = i + close.length;
  while (j < text.length) {
    if (text[j] === '\\') {
      j += 2;
    } else if (text.startsWith(close, j)) {
      return j + close.length;
    } else if (!long && text[j] === '\n') {
      return j;
    } else {
      j++;
    }
  }
  return text.length;
}

/**
 * Throws QueryShapeError naming the limit when `text` nests deeper than MAX_NESTING or has more than MAX_TOKENS tokens.
 */
export function checkQueryShape(text: string, limits: { maxNesting?: number; maxTokens?: number } = {}): QueryShape {
  const maxNesting = limits.maxNesting ?? MAX_NESTING;
  const maxTokens = limits.maxTokens ?? MAX_TOKENS;
  const shape = queryShape(text);
  if (shape.depth > maxNesting) {
    throw new QueryShapeError(
      `the query nests ${shape.depth} levels of brackets deep; this endpoint accepts at most ${maxNesting} ` +
        '(deeper syntax trees crash the query engine). Flatten the nesting.',
    );
  }
  if (shape.tokens > maxTokens) {
    throw new QueryShapeError(
      `the query has ${shape.tokens} syntax tokens outside VALUES data; this endpoint accepts at most ${maxTokens}. ` +
        'Pass long lists of values as a VALUES block (its rows are not ' +
        'counted) instead of IN lists, UNIONs or FILTERs.',
    );
  }
  return shape;
}
