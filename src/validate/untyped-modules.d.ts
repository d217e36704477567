// Type declarations for the parts of plain-JavaScript libraries (shacl-engine, rdf-validation) that src/validate uses.

declare module 'shacl-engine' {
  import type { DatasetCore, Literal, Term } from '@rdfjs/types';

  export interface PathStep {
    start: 'subject' | 'object';
    end: 'subject' | 'object';
    predicates: Term[];
    quantifier: 'one' | 'zeroOrMore' | 'oneOrMore' | 'zeroOrOne';
  }

  export interface ShaclResult {
    focusNode: { term: Term };
    value?: { term: Term };
    path?: PathStep[];
    severity: Term;
    constraintComponent: Term;
    shape: { ptr: { term: Term } };
    readonly message: Literal[];
  }

  export interface ShaclReport {
    readonly conforms: boolean;
    results: ShaclResult[];
  }

  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: unknown; [key: string]: unknown });
    validate(
      data: { dataset: DatasetCore; terms?: Iterable<Term> },
      shapes?: Array<{ terms: Term[] }>,
    ): Promise<ShaclReport>;
  }
}

declare module 'rdf-validation' {
  import type { Term } from '@rdfjs/types';

  /** Checks literals' lexical forms against their XSD datatype (true for datatypes it does not know). */
  export class XsdValidation {
    /** datatype -> its check (a TermMap). */
    readonly validations: Map<Term, unknown>;
    validateSimple(term: Term): boolean;
  }

  /** A datatype check by regular expressions, all of which must match. */
  export class PatternValidation {
    constructor(patterns: RegExp | RegExp[], datatypes: Term | Term[]);
    readonly patterns: RegExp[];
    validateSimple(term: Term): boolean;
  }
}
