// src/rdf/jsonld.ts alone: which literals become JSON values (and that each comes back as the same literal), the
// described entity first, owned nodes nested once, blank-node cycles kept whole, repeated triples written once.

import assert from 'node:assert/strict';
import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { DataFactory, Parser } from 'n3';
import { nativeValue, toJsonld } from '../../src/rdf/jsonld.js';
import { NS } from '../../src/vocab.js';

const { namedNode, literal, blankNode, quad } = DataFactory;
const X = 'http://example.org/';
const xsd = (t: string) => namedNode(NS.xsd + t);

async function back(doc: object): Promise<string[]> {
  const nq = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, { format: 'application/n-quads' })) as unknown as string;
  const term = (t: Quad['object']) =>
    t.termType === 'Literal' ? `"${t.value}"^^${t.datatype.value}` : t.termType === 'BlankNode' ? '_' : t.value;
  return new Parser({ format: 'N-Quads' })
    .parse(nq)
    .map((q) => `${term(q.subject)} ${q.predicate.value} ${term(q.object)}`)
    .sort();
}

describe('JSON-LD writer (src/rdf/jsonld.ts)', () => {
  it('writes a literal as a JSON value only when it comes back unchanged', () => {
    const INT = NS.xsd + 'integer';
    assert.equal(nativeValue('5795728', INT), 5795728);
    assert.equal(nativeValue('-3', NS.xsd + 'long'), -3);
    assert.equal(nativeValue('0', NS.xsd + 'nonNegativeInteger'), 0);
    for (const lexical of ['007', '+5', '1.0', '', ' 5', '9007199254740993'])
      assert.equal(nativeValue(lexical, INT), undefined, lexical);
    assert.equal(nativeValue('true', NS.xsd + 'boolean'), true);
    assert.equal(nativeValue('1', NS.xsd + 'boolean'), undefined);
    assert.equal(nativeValue('1.5E0', NS.xsd + 'double'), 1.5);
    assert.equal(nativeValue('1.5', NS.xsd + 'double'), undefined);
    assert.equal(nativeValue('1.5', NS.xsd + 'decimal'), undefined);
    assert.equal(nativeValue('12', NS.xsd + 'string'), undefined);
  });

  it('round-trips every literal kind, puts the focus first and nests its fragment node', async () => {
    const a = namedNode(`${X}a`);
    const d = namedNode(`${X}a#step`);
    const quads = [
      quad(namedNode(`${X}0-first-by-name`), namedNode(`${X}links`), a),
      quad(a, namedNode(`${X}n`), literal('42', xsd('integer'))),
      quad(a, namedNode(`${X}n`), literal('0042', xsd('integer'))),
      quad(a, namedNode(`${X}big`), literal('123456789012345678901234567890', xsd('integer'))),
      quad(a, namedNode(`${X}ok`), literal('false', xsd('boolean'))),
      quad(a, namedNode(`${X}d`), literal('0.5', xsd('decimal'))),
      quad(a, namedNode(`${X}step`), d),
      quad(d, namedNode(`${X}n`), literal('1', xsd('integer'))),
      quad(a, namedNode(`${X}n`), literal('42', xsd('integer'))), // repeated
    ];
    const doc = (await toJsonld(quads, { focus: a.value })) as { '@graph': Record<string, unknown>[] };
    const first = doc['@graph'][0]!;
    assert.equal(first.id, a.value);
    assert.deepEqual(first[`${X}n`], [
      { '@value': 42, type: 'xsd:integer' },
      { '@value': '0042', type: 'xsd:integer' },
    ]);
    assert.equal((first[`${X}ok`] as Record<string, unknown>)['@value'], false);
    assert.deepEqual(first[`${X}step`], { id: d.value, [`${X}n`]: { '@value': 1, type: 'xsd:integer' } });
    assert.equal(doc['@graph'].length, 2, 'the nested node is not repeated; the other node follows');
    const literals = (qs: Quad[]) =>
      [...new Set(qs.map((q) => `${q.subject.value} ${q.predicate.value} ${JSON.stringify(q.object.value)}`))].sort();
    assert.deepEqual(
      (await back(doc)).length,
      literals(quads).length,
      'every distinct triple comes back, the repeated one once',
    );
    const out = await back(doc);
    assert.ok(out.includes(`${X}a ${X}n "0042"^^${NS.xsd}integer`));
    assert.ok(out.includes(`${X}a ${X}n "42"^^${NS.xsd}integer`));
    assert.ok(out.includes(`${X}a ${X}big "123456789012345678901234567890"^^${NS.xsd}integer`));
    assert.ok(out.includes(`${X}a ${X}d "0.5"^^${NS.xsd}decimal`));
  });

  it('keeps a cycle of blank nodes (each referenced once) at the top level', async () => {
    const b1 = blankNode('b1');
    const b2 = blankNode('b2');
    const doc = (await toJsonld([quad(b1, namedNode(`${X}next`), b2), quad(b2, namedNode(`${X}next`), b1)])) as {
      '@graph': unknown[];
    };
    assert.equal(doc['@graph'].length, 2);
    assert.deepEqual(await back(doc), [`_ ${X}next _`, `_ ${X}next _`]);
  });
});
