// usedPrefixes (src/rdf/serialize.ts): the prefixes a Turtle document declares are exactly those some IRI of it starts
// with, in the order they are first used — checked against the plain every-IRI-against-every-prefix definition.

import assert from 'node:assert/strict';
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { usedPrefixes } from '../../src/rdf/serialize.js';
import { DEFAULT_BASE, NS, PREFIXES, STD, XSD } from '../../src/vocab.js';

const { namedNode, literal, quad, blankNode } = DataFactory;

/** The definition: every IRI (and literal datatype) against every prefix, in quad order. */
function naive(quads: Quad[], prefixes: Record<string, string>): Record<string, string> {
  const used: Record<string, string> = {};
  const visit = (t: Term) => {
    const iri = t.termType === 'Literal' ? t.datatype.value : t.termType === 'NamedNode' ? t.value : undefined;
    if (iri) for (const [p, ns] of Object.entries(prefixes)) if (iri.startsWith(ns)) used[p] = ns;
  };
  for (const q of quads) for (const t of [q.subject, q.predicate, q.object]) visit(t);
  return used;
}

describe('usedPrefixes', () => {
  const prefixes = {
    ...PREFIXES,
    base: DEFAULT_BASE,
    urnx: 'urn:x:',
    host: 'http://example.org',
    ex: 'http://example.org/a/',
  };
  const model = namedNode(`${DEFAULT_BASE}model/alice/chat-ft`);
  const quads = [
    quad(model, namedNode(STD.name), literal('chat-ft')),
    quad(model, namedNode(NS.hkg + 'downloads'), literal('3', namedNode(XSD.integer))),
    quad(blankNode('b1'), namedNode('urn:x:y'), namedNode('http://example.org/a/b')),
    quad(model, namedNode(STD.type), namedNode('mailto:someone')),
    quad(model, namedNode(NS.schema + 'url'), namedNode('http://example.org')),
  ];

  it('declares the prefixes some IRI starts with, in the order of first use', () => {
    const got = usedPrefixes(quads, prefixes);
    assert.deepEqual(got, naive(quads, prefixes));
    assert.deepEqual(Object.keys(got), Object.keys(naive(quads, prefixes)));
    assert.ok('urnx' in got && 'ex' in got && 'host' in got && 'base' in got && 'hkg' in got);
    assert.ok(!('owl' in got));
  });

  it('declares nothing for a document without IRIs of any prefix', () => {
    assert.deepEqual(usedPrefixes([quad(blankNode('a'), namedNode('mailto:x'), literal('y'))], PREFIXES), {
      ...naive([quad(blankNode('a'), namedNode('mailto:x'), literal('y'))], PREFIXES),
    });
  });
});
