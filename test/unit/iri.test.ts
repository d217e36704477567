// IRI round trips: id -> IRI -> id for every kind and awkward id (dots, unicode, one segment, reserved characters),
// and the mapper minting exactly those IRIs.

import assert from 'node:assert/strict';
import { ENTITY_KINDS, entityIri, hubUrl, parseEntityIri, parseEntityPath, type EntityKind } from '../../src/iri.js';
import { mapSnapshot } from '../../src/mapper/map.js';
import { DEFAULT_BASE } from '../../src/vocab.js';
import { lines, options, snapshot } from '../helpers/mapper-helpers.js';

const IDS = [
  'gpt2',
  'google-bert/bert-base-uncased',
  'black-forest-labs/FLUX.1-dev',
  'org/name',
  'meta-llama/Llama-3.1-8B-Instruct',
  '2310.16944',
  'huggingfacejs/test-collection-690df2897fa1945492b8cf42',
  'user/modèle-ü',
  '日本語/モデル',
  'weird/a b%20c#d?e',
  "it's/(x)*!",
  'a/.hidden',
];

describe('IRIs: entity id round trips', () => {
  for (const kind of ENTITY_KINDS) {
    for (const id of IDS) {
      it(`${kind} ${JSON.stringify(id)}`, () => {
        const iri = entityIri(DEFAULT_BASE, kind, id);
        assert.ok(iri.startsWith(`${DEFAULT_BASE}${kind}/`));
        assert.match(iri, /^[\x21-\x7e]+$/, 'ASCII only, no spaces');
        assert.ok(!iri.slice(DEFAULT_BASE.length).includes('#') && !iri.includes('?'), 'no fragment or query');
        assert.deepEqual(parseEntityIri(DEFAULT_BASE, iri), { kind, id });
      });
    }
  }

  it('keeps one-segment ids one segment and org/name two', () => {
    assert.equal(entityIri(DEFAULT_BASE, 'model', 'gpt2'), 'https://w3id.org/huggingkg/model/gpt2');
    assert.equal(entityIri(DEFAULT_BASE, 'model', 'org/name'), 'https://w3id.org/huggingkg/model/org/name');
    assert.equal(entityIri(DEFAULT_BASE, 'model', 'a.b/c.d'), 'https://w3id.org/huggingkg/model/a.b/c.d');
    assert.equal(entityIri(DEFAULT_BASE, 'user', 'user/modèle-ü').split('/').pop(), 'mod%C3%A8le-%C3%BC');
  });

  it('works under another base, and ignores fragments when parsing (derivation nodes)', () => {
    const base = 'http://localhost:3000/';
    assert.deepEqual(parseEntityIri(base, entityIri(base, 'space', 'org/name')), { kind: 'space', id: 'org/name' });
    assert.deepEqual(parseEntityIri(DEFAULT_BASE, `${DEFAULT_BASE}model/a/b#finetune-c%2Fd`), {
      kind: 'model',
      id: 'a/b',
    });
    assert.equal(parseEntityIri(base, `${DEFAULT_BASE}model/gpt2`), undefined);
  });

  it('rejects ids that cannot name an entity, and malformed paths', () => {
    for (const bad of ['', 'a//b', '../x', 'a/..', './a'])
      assert.throws(() => entityIri(DEFAULT_BASE, 'model', bad), bad);
    assert.equal(parseEntityPath('widget/x'), undefined);
    assert.equal(parseEntityPath('model/%E0%A4%A'), undefined);
    assert.equal(parseEntityPath('model/a/%2E%2E'), undefined);
  });

  it('links each kind to its Hub page', () => {
    const expected: Record<EntityKind, string> = {
      model: 'https://huggingface.co/org/name',
      dataset: 'https://huggingface.co/datasets/org/name',
      space: 'https://huggingface.co/spaces/org/name',
      collection: 'https://huggingface.co/collections/org/name',
      paper: 'https://huggingface.co/papers/org/name',
      user: 'https://huggingface.co/org/name',
      org: 'https://huggingface.co/org/name',
      task: 'https://huggingface.co/tasks/org/name',
    };
    for (const kind of ENTITY_KINDS) assert.equal(hubUrl(kind, 'org/name'), expected[kind]);
  });
});

describe('IRIs: what the mapper mints', () => {
  it('round-trips every subject IRI it writes back to the record id', async () => {
    const ids = ['gpt2', 'org/FLUX.1-dev', 'user/modèle-ü'];
    const all = await lines(mapSnapshot(snapshot({ 'models.jsonl': ids.map((id) => ({ id })) }), options()));
    for (const id of ids) {
      const iri = entityIri(DEFAULT_BASE, 'model', id);
      assert.ok(all.includes(`<${iri}> <https://w3id.org/huggingkg/ontology#hubId> ${JSON.stringify(id)} .`), id);
      assert.deepEqual(parseEntityIri(DEFAULT_BASE, iri), { kind: 'model', id });
    }
  });
});
