// **quick-check** proves, cheaply, that a focus node conforms to a shape, so that shacl-engine (the validator of
// record: every result in a report comes from it) is only asked about nodes that may not conform. On our shapes
// shacl-engine checks ~20k triples per CPU-second; a Hub-size graph (~38M triples) would take half an hour of CPU.
//
// A shape is compiled into a check only when every constraint it uses is one listed below, evaluated on the focus
// node's own triples and the classes of the nodes they link to. Each check is sound, never complete: it answers true
// only where the SHACL Core semantics (as shacl-engine implements them) give no result at all, and false whenever it is
// not sure (a subclass relation, a datatype or comparison it does not know, a blank node where a pattern applies...);
// false only means "ask shacl-engine". A shape using anything else (sh:not, sh:xone, sh:closed, property pairs,
// qualified shapes, SPARQL, non-predicate paths, deactivation) gets no check: all its focus nodes go to shacl-engine.
// Datatype lexical forms are checked with xsd.ts, the same check shacl-engine is given (rdf-validation's, corrected).

import { DataFactory, type Store } from 'n3';
import type { Literal, Term } from '@rdfjs/types';
import { fromRdf } from 'rdf-literal';
import { NS, XSD_NUMERIC_TYPES } from '../vocab.js';
import { key, listItems, termId } from './shapes.js';
import { hasDatatype, validLexicalForm } from './xsd.js';

/** A focus node's own triples: predicate IRI -> its objects (a repeated triple may repeat its object). */
export interface FocusTriples {
  term: Term;
  byPredicate: Map<string, Term[]>;
}

/** The classes (rdf:type objects) of a node, by node key; undefined when none are known. */
export type TypesOf = (nodeKey: string) => readonly string[] | undefined;

/** True only when the focus node certainly conforms to the shape the check was compiled from. */
export type QuickCheck = (focus: FocusTriples, typesOf: TypesOf) => boolean;

type ValueTest = (value: Term, typesOf: TypesOf) => boolean;

interface PropertyCheck {
  path: string;
  minCount: number;
  maxCount: number;
  uniqueLang: boolean;
  /** sh:hasValue terms (by id) that must be among the values. */
  hasValues: string[];
  tests: ValueTest[];
}

interface Compiled {
  /** Tests on the node itself (the focus node, or a value node for nested shapes). */
  tests: ValueTest[];
  properties: PropertyCheck[];
}

const sh = (local: string) => NS.sh + local;
const shNode = (local: string) => DataFactory.namedNode(sh(local));

/** Describe a shape or help tools but never produce results. */
const INERT = new Set(
  [
    'name',
    'description',
    'message',
    'order',
    'group',
    'defaultValue',
    'severity',
    'targetClass',
    'targetNode',
    'targetSubjectsOf',
    'targetObjectsOf',
  ].map(sh),
);

const NODE_KINDS: Record<string, ReadonlySet<Term['termType']>> = {
  [sh('IRI')]: new Set(['NamedNode']),
  [sh('BlankNode')]: new Set(['BlankNode']),
  [sh('Literal')]: new Set(['Literal']),
  [sh('BlankNodeOrIRI')]: new Set(['BlankNode', 'NamedNode']),
  [sh('BlankNodeOrLiteral')]: new Set(['BlankNode', 'Literal']),
  [sh('IRIOrLiteral')]: new Set(['NamedNode', 'Literal']),
};

/** Raised while compiling: the shape uses something a quick check cannot prove. */
class NotCompilable extends Error {}

/** A quick check per shape (by key) for the shapes that can have one. */
export function compileQuickChecks(shapesStore: Store, shapes: Iterable<Term>): Map<string, QuickCheck> {
  const compiler = new Compiler(shapesStore);
  const checks = new Map<string, QuickCheck>();
  for (const shape of shapes) {
    try {
      const compiled = compiler.focusShape(shape);
      checks.set(key(shape), (focus, typesOf) => conforms(compiled, focus, typesOf));
    } catch (err) {
      if (!(err instanceof NotCompilable)) throw err;
    }
  }
  return checks;
}

const NONE: Term[] = [];

function conforms(c: Compiled, focus: FocusTriples, typesOf: TypesOf): boolean {
  for (const test of c.tests) if (!test(focus.term, typesOf)) return false;
  for (const p of c.properties) {
    let values = focus.byPredicate.get(p.path) ?? NONE;
    // A graph is a set: a repeated triple counts once. Deduplicated only where a repeat could change the answer.
    if (values.length > p.maxCount || p.minCount > 1 || p.uniqueLang) values = distinct(values);
    if (values.length < p.minCount || values.length > p.maxCount) return false;
    if (p.hasValues.length) {
      const ids = new Set(values.map(termId));
      for (const v of p.hasValues) if (!ids.has(v)) return false;
    }
    const langs = p.uniqueLang ? new Set<string>() : undefined;
    for (const value of values) {
      for (const test of p.tests) if (!test(value, typesOf)) return false;
      if (langs && value.termType === 'Literal' && value.language) {
        if (langs.has(value.language)) return false;
        langs.add(value.language);
      }
    }
  }
  return true;
}

function distinct(values: Term[]): Term[] {
  return [...new Map(values.map((v) => [termId(v), v])).values()];
}

class Compiler {
  private readonly compiling = new Set<string>();

  constructor(private readonly store: Store) {}

  /** A targeted shape: a node shape, or a property shape whose path starts at the focus node. */
  focusShape(shape: Term): Compiled {
    if (this.one(shape, 'path')) return { tests: [], properties: [this.propertyShape(shape)] };
    return this.nodeShape(shape, true);
  }

  /** A node shape applied to a node; `ownTriples`: the node's triples are at hand (the focus node) or not (a value). */
  private nodeShape(shape: Term, ownTriples: boolean): Compiled {
    const id = key(shape);
    if (this.compiling.has(id)) throw new NotCompilable('recursive shape');
    this.compiling.add(id);
    try {
      const compiled: Compiled = { tests: [], properties: [] };
      for (const q of this.store.getQuads(shape, null, null, null)) {
        const p = q.predicate.value;
        if (p === sh('property')) {
          if (!ownTriples) throw new NotCompilable('sh:property on a linked node');
          compiled.properties.push(this.propertyShape(q.object));
        } else if (p === sh('path') || p === sh('minCount') || p === sh('maxCount') || p === sh('uniqueLang')) {
          throw new NotCompilable(`sh:${p.slice(NS.sh.length)} on a node shape`);
        } else {
          const test = this.valueConstraint(shape, q.predicate.value, q.object);
          if (test) compiled.tests.push(test);
        }
      }
      return compiled;
    } finally {
      this.compiling.delete(id);
    }
  }

  private propertyShape(shape: Term): PropertyCheck {
    const path = this.one(shape, 'path');
    if (path?.termType !== 'NamedNode') throw new NotCompilable('a property path that is not a predicate');
    const check: PropertyCheck = {
      path: path.value,
      minCount: 0,
      maxCount: Infinity,
      uniqueLang: false,
      hasValues: [],
      tests: [],
    };
    for (const q of this.store.getQuads(shape, null, null, null)) {
      const p = q.predicate.value;
      if (p === sh('path')) continue;
      if (p === sh('minCount')) check.minCount = Math.max(check.minCount, this.integer(q.object));
      else if (p === sh('maxCount')) check.maxCount = Math.min(check.maxCount, this.integer(q.object));
      else if (p === sh('uniqueLang'))
        check.uniqueLang ||=
          q.object.termType === 'Literal' &&
          q.object.value === 'true' &&
          q.object.datatype.value === NS.xsd + 'boolean';
      else if (p === sh('hasValue')) check.hasValues.push(termId(q.object));
      else if (p === sh('property')) throw new NotCompilable('sh:property on a property shape');
      else {
        const test = this.valueConstraint(shape, p, q.object);
        if (test) check.tests.push(test);
      }
    }
    return check;
  }

  /** The test for one constraint parameter on value nodes; undefined for parameters that never produce results. */
  private valueConstraint(shape: Term, p: string, o: Term): ValueTest | undefined {
    if (!p.startsWith(NS.sh)) return undefined; // rdf:type, rdfs:label, ... carry no constraint
    if (INERT.has(p)) return undefined;
    switch (p.slice(NS.sh.length)) {
      case 'datatype': {
        const datatype = o.value;
        return (v) => hasDatatype(v, datatype);
      }
      case 'nodeKind': {
        const kinds = NODE_KINDS[o.value];
        if (!kinds) throw new NotCompilable(`unknown node kind ${o.value}`);
        return (v) => kinds.has(v.termType);
      }
      case 'class': {
        // Direct rdf:type only: a subclass in the data graph is left to shacl-engine.
        const cls = o.value;
        return (v, typesOf) => v.termType !== 'Literal' && (typesOf(key(v))?.includes(cls) ?? false);
      }
      case 'pattern': {
        const flags = this.one(shape, 'flags');
        const regex = new RegExp(o.value, flags?.value);
        return (v) => v.termType !== 'BlankNode' && regex.test(v.value);
      }
      case 'flags':
        return undefined; // read with sh:pattern
      case 'minLength': {
        const n = this.integer(o);
        return (v) => v.termType !== 'BlankNode' && v.value.length >= n;
      }
      case 'maxLength': {
        const n = this.integer(o);
        return (v) => v.termType !== 'BlankNode' && v.value.length <= n;
      }
      case 'minInclusive':
        return this.numericBound(o, (d) => d >= 0);
      case 'maxInclusive':
        return this.numericBound(o, (d) => d <= 0);
      case 'minExclusive':
        return this.numericBound(o, (d) => d > 0);
      case 'maxExclusive':
        return this.numericBound(o, (d) => d < 0);
      case 'in': {
        const allowed = new Set(listItems(this.store, o).map(termId));
        return (v) => allowed.has(termId(v));
      }
      case 'node': {
        const nested = this.nodeShape(o, false);
        return (v, typesOf) => nested.tests.every((t) => t(v, typesOf));
      }
      case 'and': {
        const items = listItems(this.store, o).map((s) => this.nodeShape(s, false));
        return (v, typesOf) => items.every((c) => c.tests.every((t) => t(v, typesOf)));
      }
      case 'or': {
        const items = listItems(this.store, o).map((s) => this.nodeShape(s, false));
        return (v, typesOf) => items.some((c) => c.tests.every((t) => t(v, typesOf)));
      }
      default:
        throw new NotCompilable(`sh:${p.slice(NS.sh.length)}`);
    }
  }

  /** A numeric comparison; any other datatype (dates, strings) is left to shacl-engine. */
  private numericBound(bound: Term, holds: (difference: number) => boolean): ValueTest {
    const b = this.number(bound);
    if (b === undefined) throw new NotCompilable('a non-numeric range bound');
    return (v) => {
      const n = this.number(v);
      return n !== undefined && holds(n - b);
    };
  }

  private number(t: Term): number | undefined {
    if (t.termType !== 'Literal' || !XSD_NUMERIC_TYPES.has(t.datatype.value) || !validLexicalForm(t)) return undefined;
    const n = fromRdf(t as Literal);
    return typeof n === 'number' && !Number.isNaN(n) ? n : undefined;
  }

  private integer(t: Term): number {
    const n = t.termType === 'Literal' ? Number(t.value) : NaN;
    if (!Number.isInteger(n) || n < 0) throw new NotCompilable(`not a non-negative integer: ${t.value}`);
    return n;
  }

  private one(shape: Term, local: string): Term | undefined {
    const all = this.store.getObjects(shape, shNode(local), null);
    if (all.length > 1) throw new NotCompilable(`several sh:${local}`);
    return all[0];
  }
}
