// **sparql-fallback** reads a query that sparqljs cannot (it crashes on `CONSTRUCT { [ <p> ?o ] } WHERE ...` and
// refuses `\u0078` escapes in IRIs, both valid SPARQL 1.1) with a second, grammar-complete parser, traqula, so that a
// valid query is not refused for a gap of the first. It yields what the endpoint needs to decide: the form, LIMIT,
// whether a VALUES block ends the query, and whether SERVICE or FROM appear.

import { Parser } from '@traqula/parser-sparql-1-1';

export interface FallbackAnalysis {
  kind: 'query' | 'update';
  form?: 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';
  limit?: number;
  trailingValues: boolean;
  /** SERVICE, FROM or FROM NAMED somewhere in the query (their IRIs are not resolved here). */
  namesSources: boolean;
}

let parser: Parser | undefined;

const FORMS = { select: 'SELECT', ask: 'ASK', construct: 'CONSTRUCT', describe: 'DESCRIBE' } as const;

type Node = Record<string, unknown>;

/** Whether a SERVICE pattern or a dataset clause occurs anywhere in the tree (walked without recursion). */
function namesSources(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const n = node as Node;
    if (n.subType === 'service') return true;
    if (n.type === 'datasetClauses' && Array.isArray(n.clauses) && n.clauses.length > 0) return true;
    for (const [key, value] of Object.entries(n))
      if (key !== 'loc' && value !== null && typeof value === 'object') stack.push(value);
  }
  return false;
}

/** The analysis of `text` by traqula, or undefined when traqula cannot parse it either. */
export function fallbackAnalysis(text: string): FallbackAnalysis | undefined {
  let ast: Node;
  try {
    // One parser, reused: building it optimises the grammar (tens of ms); parse() is synchronous, so never concurrent.
    parser ??= new Parser();
    ast = parser.parse(text) as unknown as Node;
  } catch {
    return undefined;
  }
  if (ast.type === 'update') return { kind: 'update', trailingValues: false, namesSources: false };
  const form = FORMS[ast.subType as keyof typeof FORMS];
  if (!form) return undefined;
  const limitOffset = (ast.solutionModifiers as Node | undefined)?.limitOffset as Node | undefined;
  return {
    kind: 'query',
    form,
    ...(typeof limitOffset?.limit === 'number' ? { limit: limitOffset.limit } : {}),
    trailingValues: ast.values !== undefined,
    namesSources: namesSources(ast),
  };
}
