// **xsd** checks literals' lexical forms against their XSD datatype for both validators (shacl-engine's sh:datatype and
// the quick checks), with rdf-validation's checks corrected for text outside Unicode's Basic Multilingual Plane.
//
// Upstream defect (rdf-validation 0.1.1, lib/term/xsd.js, used by shacl-engine 1.1.2's lib/validations/type.js):
// xsd:string (and anyURI, normalizedString, token, which reuse it) is tested with
// `/^([^\ud8ff-\udfff\ufffe-\uffff]*)$/` without the `u` flag, so the regex sees UTF-16 code units: the low surrogate
// of every character above U+FFFF (emoji, CJK extension B, math letters) falls in the excluded range and the literal
// is reported as "does not have datatype xsd:string", while lone high surrogates U+D800-U+D8FE pass. Real Hub cards
// are full of emoji. XSD defines xsd:string's value space as XML 1.0 `Char` strings, which is what STRING below tests
// (by code point). Every other datatype keeps rdf-validation's check.

import { DataFactory } from 'n3';
import type { Literal, Term } from '@rdfjs/types';
import { PatternValidation, XsdValidation } from 'rdf-validation';
import { NS } from '../vocab.js';

/** XML 1.0 `Char`* : tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF; a lone surrogate never matches. */
export const XML_CHARS = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
/** The defective pattern, recognised by its source so that only it is replaced. */
const UPSTREAM_STRING = '^([^\\ud8ff-\\udfff\\ufffe-\\uffff]*)$';

/** rdf-validation's XsdValidation with the string pattern replaced wherever a datatype uses it. */
export function xsdValidation(): XsdValidation {
  const xsd = new XsdValidation();
  let replaced = 0;
  for (const [datatype, validation] of xsd.validations) {
    if (!(validation instanceof PatternValidation)) continue;
    if (!validation.patterns.some((p) => p.source === UPSTREAM_STRING)) continue;
    const patterns = validation.patterns.map((p) => (p.source === UPSTREAM_STRING ? XML_CHARS : p));
    xsd.validations.set(datatype, new PatternValidation(patterns, datatype));
    replaced++;
  }
  // A newer rdf-validation may have changed its patterns: then xsd:string must still be right, or we want to know.
  if (!xsd.validateSimple(DataFactory.literal('\u{1F917}')) || xsd.validateSimple(DataFactory.literal('\ud800'))) {
    throw new Error(
      `rdf-validation's xsd:string check changed (${replaced} patterns replaced); review src/validate/xsd.ts`,
    );
  }
  return xsd;
}

const shared = xsdValidation();

/** True when `term` is a literal of `datatype` whose lexical form is valid for it (unknown datatypes: any form). */
export function hasDatatype(term: Term, datatype: string): boolean {
  return term.termType === 'Literal' && term.datatype.value === datatype && shared.validateSimple(term);
}

/** True when the literal's lexical form is valid for its datatype. */
export function validLexicalForm(term: Literal): boolean {
  return shared.validateSimple(term);
}

// shacl-engine's compile interface (lib/validations/type.js), only what the replacement for sh:datatype uses.
interface EngineShape {
  ptr: { out(predicates: Term[]): { term: Term } };
}
interface EngineContext {
  factory: { literal(value: string): Literal };
  valueOrNode: { term: Term };
  test(result: boolean, component: Term, options: object): void;
}

const SH_DATATYPE = DataFactory.namedNode(NS.sh + 'datatype');
const DATATYPE_COMPONENT = DataFactory.namedNode(NS.sh + 'DatatypeConstraintComponent');

/**
 * shacl-engine's sh:datatype, the same as its own (same component, arguments and message) but with the corrected XSD
 * checks: pass as `validations` to shacl-engine's Validator, which lets callers replace a constraint's compiler.
 */
export const engineValidations: Array<[Term, (shape: EngineShape) => { generic: (context: EngineContext) => void }]> = [
  [
    SH_DATATYPE,
    (shape) => {
      const datatype = shape.ptr.out([SH_DATATYPE]).term;
      return {
        generic: (context) => {
          const term = context.valueOrNode.term;
          context.test(hasDatatype(term, datatype.value), DATATYPE_COMPONENT, {
            args: { datatype },
            message: [context.factory.literal('Value does not have datatype {$datatype}')],
            value: context.valueOrNode,
          });
        },
      };
    },
  ],
];
