// Link-count statistics (src/stats/link-counts.ts): written only past the gate, per direction and property, with
// hkg:baseModel and literal objects left out as descriptions leave them out; and the evaluation recognises their lines.

import assert from 'node:assert/strict';
import type { Quad } from '@rdfjs/types';
import N3, { DataFactory } from 'n3';
import { isStatisticLine } from '../../src/stats/graph-statistics.js';
import { LINK_COUNT_GATE, LinkCounter, isLinkCountLine } from '../../src/stats/link-counts.js';
import { CLASS, DEFAULT_BASE, NS, OBJ, STD } from '../../src/vocab.js';

const { namedNode, literal, quad } = DataFactory;
const B = DEFAULT_BASE;
const link = (s: string, p: string, o: string) => quad(namedNode(`${B}${s}`), namedNode(p), namedNode(`${B}${o}`));

/** Count node -> [type, property, count]. */
function counts(quads: Quad[]): Map<string, [string, string, number]> {
  const out = new Map<string, [string, string, number]>();
  for (const q of quads) {
    const entry = out.get(q.subject.value) ?? ['', '', 0];
    if (q.predicate.value === STD.type) entry[0] = q.object.value;
    else if (q.predicate.value === NS.void + 'property') entry[1] = q.object.value;
    else if (q.predicate.value === NS.void + 'triples') entry[2] = Number(q.object.value);
    else continue;
    out.set(q.subject.value, entry);
  }
  return out;
}

describe('link counts', () => {
  it('are written for an entity past the gate, per property, and not for one at the gate', () => {
    const counter = new LinkCounter(B);
    for (let i = 0; i < LINK_COUNT_GATE; i++) {
      counter.add(link(`user/u${i}`, OBJ.likes, 'model/a/popular'));
      counter.add(link(`user/v${i}`, OBJ.likes, 'model/a/at-gate'));
    }
    counter.add(link('model/a/ft', OBJ.fineTunedFrom, 'model/a/popular'));
    // a Derivation node's base: counted under fineTunedFrom already, so left out
    counter.add(link('model/a/ft#derivation-1', OBJ.baseModel, 'model/a/popular'));
    // a literal is not a link
    counter.add(quad(namedNode(`${B}model/a/popular`), namedNode(STD.name), literal('popular')));
    const quads = [...counter.quads()];
    const doc = `${B}data/model/a/popular`;
    assert.deepEqual([...counts(quads)].sort(), [
      [`${doc}#incoming-fineTunedFrom`, [CLASS.IncomingLinkCount, OBJ.fineTunedFrom, 1]],
      [`${doc}#incoming-likes`, [CLASS.IncomingLinkCount, OBJ.likes, LINK_COUNT_GATE]],
    ]);
    const seeAlso = quads.filter((q) => q.predicate.value === NS.rdfs + 'seeAlso');
    assert.deepEqual(new Set(seeAlso.map((q) => q.subject.value)), new Set([doc]));
  });

  it('count an entity’s own links to IRIs', () => {
    const counter = new LinkCounter(B);
    for (let i = 0; i <= LINK_COUNT_GATE; i++) counter.add(link('user/fan', OBJ.likes, `model/m/${i}`));
    counter.add(link('user/fan', OBJ.follows, 'user/other'));
    const found = counts([...counter.quads()]);
    assert.deepEqual(found.get(`${B}data/user/fan#outgoing-likes`), [
      CLASS.OutgoingLinkCount,
      OBJ.likes,
      LINK_COUNT_GATE + 1,
    ]);
    assert.deepEqual(found.get(`${B}data/user/fan#outgoing-follows`), [CLASS.OutgoingLinkCount, OBJ.follows, 1]);
    assert.equal(found.size, 2, 'the liked models have one link each: no counts');
  });

  it('their lines are statistic lines (the evaluation drops them), an entity’s own lines are not', () => {
    const counter = new LinkCounter(B);
    for (let i = 0; i <= LINK_COUNT_GATE; i++) counter.add(link(`user/u${i}`, OBJ.likes, 'dataset/d/x'));
    const writer = new N3.Writer({ format: 'N-Triples' });
    const lines = [...counter.quads()].map((q) => writer.quadToString(q.subject, q.predicate, q.object).trimEnd());
    assert.equal(lines.length, 4);
    for (const line of lines) assert.ok(isLinkCountLine(line) && isStatisticLine(line), line);
    const own = writer.quadToString(namedNode(`${B}dataset/d/x`), namedNode(STD.type), namedNode(CLASS.Dataset));
    assert.ok(!isLinkCountLine(own.trimEnd()));
    const liked = writer.quadToString(namedNode(`${B}user/u1`), namedNode(OBJ.likes), namedNode(`${B}dataset/d/x`));
    assert.ok(!isLinkCountLine(liked.trimEnd()));
    // under a base that itself ends in /data/, an entity's lines are still not link counts
    const other = 'https://example.org/data/';
    const typed = writer.quadToString(namedNode(`${other}model/a/b`), namedNode(STD.type), namedNode(CLASS.Model));
    assert.ok(!isLinkCountLine(typed.trimEnd()));
    const mirrored = new LinkCounter(other);
    for (let i = 0; i <= LINK_COUNT_GATE; i++) mirrored.add(link(`user/u${i}`, OBJ.likes, 'dataset/d/x'));
    assert.equal([...mirrored.quads()].length, 0, 'links under another base are not this base’s entities');
  });
});
