// Lineage families (src/eval/families.ts, bench/eval-real.ts --families): a tiny snapshot whose base_model tags and
// card form three families with lineage, and two lone models. The edges are the mapper's (a card's base_model when no
// tag names one; an unknown relation word makes no edge), a base missing from the snapshot joins the models naming it
// and names their family, a family is named by its root with the most direct derivations, and a family with fewer
// tasked models than asked gets no snapshot.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineageFamilies, splitSnapshot } from '../../src/eval/families.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { snapshot } from '../helpers/mapper-helpers.js';

const TG = 'text-generation';
/** Snapshot order; the comments say why each record is where the test expects it. */
const MODELS = [
  { id: 'org/base-a', pipeline_tag: TG },
  { id: 'org/a-other' }, // a root too, of one model only, and first in id order
  { id: 'u1/a-ft', pipeline_tag: TG, tags: ['base_model:org/base-a', 'base_model:finetune:org/base-a'] },
  { id: 'u2/a-q', tags: ['base_model:quantized:u1/a-ft'] },
  { id: 'solo/model', pipeline_tag: TG },
  // no base_model tag: the card's base counts (as for the mapper)
  { id: 'u3/a-card', pipeline_tag: TG, cardData: { base_model: 'org/base-a' } },
  { id: 'u4/merge', tags: ['base_model:merge:org/base-a', 'base_model:merge:org/a-other'] },
  // two models derived from a base the snapshot does not hold
  { id: 'u5/b1', pipeline_tag: 'text-classification', tags: ['base_model:finetune:gone/base-b'] },
  { id: 'u6/b2', pipeline_tag: TG, tags: ['base_model:gone/base-b'] },
  // a relation word the mapper does not know: a keyword, no edge
  { id: 'u7/odd', pipeline_tag: TG, tags: ['base_model:distilled:org/base-a'] },
  // a third family, one tasked: its busiest model is not its root
  { id: 'c/root', pipeline_tag: 'fill-mask' },
  { id: 'c/mid', tags: ['base_model:adapter:c/root'] },
  { id: 'c/leaf1', tags: ['base_model:finetune:c/mid'] },
  { id: 'c/leaf2', tags: ['base_model:finetune:c/mid'] },
];
const index = (id: string) => MODELS.findIndex((m) => m.id === id);

describe('lineage families of a snapshot', () => {
  it('splits the models into the components of their lineage edges, each named by its busiest root', () => {
    const families = lineageFamilies([
      ...MODELS,
      'not a record',
      { id: ' padded/id ' },
      { tags: ['base_model:org/base-a'] },
    ]);
    assert.deepEqual(
      families.map((f) => ({ ...f, records: f.records.map((i) => MODELS[i]?.id ?? i) })),
      [
        {
          root: 'org/base-a', // 3 models derived directly; org/a-other has 1
          records: ['org/base-a', 'org/a-other', 'u1/a-ft', 'u2/a-q', 'u3/a-card', 'u4/merge'],
          tasked: 3,
        },
        { root: 'c/root', records: ['c/root', 'c/mid', 'c/leaf1', 'c/leaf2'], tasked: 1 },
        { root: 'gone/base-b', records: ['u5/b1', 'u6/b2'], tasked: 2 },
        { root: 'solo/model', records: ['solo/model'], tasked: 1 },
        { root: 'u7/odd', records: ['u7/odd'], tasked: 1 },
      ],
    );
    assert.deepEqual(
      families[0]?.records,
      ['org/base-a', 'org/a-other', 'u1/a-ft', 'u2/a-q', 'u3/a-card', 'u4/merge'].map(index),
    );
  });

  it('writes a snapshot per family with at least N tasked models, and none for the others', async () => {
    const tasks = [{ id: TG, label: 'Text Generation' }];
    const dir = snapshot({ 'models.jsonl': MODELS, 'tasks.jsonl': tasks });
    const out = tempDir('hkg-families-');
    const split = await splitSnapshot(dir, out, 2);
    assert.deepEqual(
      split.map((f) => [f.root, f.records, f.tasked, f.snapshot]),
      [
        ['org/base-a', 6, 3, join(out, '1')],
        ['c/root', 4, 1, undefined], // 1 tasked model < 2
        ['gone/base-b', 2, 2, join(out, '3')],
        ['solo/model', 1, 1, undefined],
        ['u7/odd', 1, 1, undefined],
      ],
    );
    assert.deepEqual(readdirSync(out).sort(), ['1', '3']);
    const lines = (d: string, f: string) =>
      readFileSync(join(out, d, f), 'utf8')
        .trimEnd()
        .split('\n');
    // the family's own lines, as the snapshot had them, in its order
    assert.deepEqual(
      lines('3', 'models.jsonl'),
      ['u5/b1', 'u6/b2'].map((id) => JSON.stringify(MODELS[index(id)])),
    );
    assert.equal(lines('1', 'models.jsonl').length, 6);
    assert.deepEqual(
      lines('1', 'tasks.jsonl'),
      tasks.map((t) => JSON.stringify(t)),
    );
    assert.equal(existsSync(join(out, '1', 'datasets.jsonl')), false);
  });

  it('writes none for a model without lineage, however low N is (it is no tree)', async () => {
    const out = tempDir('hkg-families-');
    const split = await splitSnapshot(snapshot({ 'models.jsonl': MODELS }), out, 1);
    assert.deepEqual(
      split.filter((f) => f.snapshot).map((f) => f.root),
      ['org/base-a', 'c/root', 'gone/base-b'],
    );
    assert.deepEqual(readdirSync(out).sort(), ['1', '2', '3']);
  });
});
