// **literals**: the typed literals the build-time statistics write, in one canonical form each (the same text for the
// same number in every dump and every run).
import type { Literal } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { XSD } from '../vocab.js';

const { literal, namedNode } = DataFactory;

/** A count, rank or year as xsd:integer. */
export function integerLiteral(n: number): Literal {
  return literal(String(n), namedNode(XSD.integer));
}

/**
 * A share as an xsd:double in canonical form (`1.5E-1`, `1.0E0`), the form JSON-LD writes back, so a dump read through
 * JSON-LD keeps the literal.
 */
export function doubleLiteral(n: number): Literal {
  return literal(n.toExponential(15).replace(/(\d)0*e\+?/, '$1E'), namedNode(XSD.double));
}
