// **Result table** of the `query` command: an aligned text table of a canned query's rows (the other formats are the
// SPARQL results formats, written by sparql-output.ts).

import sparqljs from 'sparqljs';
import { textTable } from './text-table.js';
import type { Cell, QueryRun } from './types.js';

/** Columns in the order of the SELECT clause (engines differ in the order of their bindings), then any others. */
export function columns(run: QueryRun): string[] {
  const seen = new Set<string>();
  try {
    const parsed = new sparqljs.Parser().parse(run.sparql) as {
      variables?: Array<{ termType?: string; value?: string; variable?: { value: string } }>;
    };
    for (const v of parsed.variables ?? []) {
      const name = v.termType === 'Variable' ? v.value : v.variable?.value;
      if (name) seen.add(name);
    }
  } catch {
    // not parseable here: fall back to the order of the rows' keys
  }
  for (const row of run.rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function show(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'number' && !Number.isInteger(cell)) return String(Math.round(cell * 10_000) / 10_000);
  return String(cell);
}

export function formatTable(run: QueryRun, base?: string): string {
  const cols = columns(run);
  if (cols.length === 0) return `(no rows; ${run.elapsedMs} ms)\n`;
  const shorten = (s: string) => (base && s.startsWith(base) ? s.slice(base.length) : s);
  const cells = run.rows.map((r) => cols.map((c) => shorten(show(r[c]))));
  return textTable(cols, cells, `(${run.rows.length} rows; ${run.elapsedMs} ms)`);
}
