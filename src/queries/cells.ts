// **Cells**: a SPARQL solution's RDF terms as plain JSON values for the API, the CLI and the HTML pages
// (IRIs and strings as strings, numeric literals as numbers, booleans as booleans).

import type { Term } from '@rdfjs/types';
import type { Solution } from '../store/store.js';
import { NS, XSD_NUMERIC_TYPES } from '../vocab.js';
import type { Cell } from './types.js';

const XSD = NS.xsd;
export function toCell(term: Term): Cell {
  if (term.termType === 'Literal') {
    const dt = term.datatype?.value;
    if (dt && XSD_NUMERIC_TYPES.has(dt)) {
      const n = Number(term.value);
      if (Number.isFinite(n)) return n;
    }
    if (dt === XSD + 'boolean') return term.value === 'true' || term.value === '1';
    return term.value;
  }
  if (term.termType === 'BlankNode') return '_:' + term.value;
  return term.value;
}

export function toRow(solution: Solution): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const [name, term] of Object.entries(solution)) row[name] = toCell(term);
  return row;
}
