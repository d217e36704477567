// IntLists, IntColumn and TextColumn (src/util), the statistics' compact collections, against a Map of arrays, an
// array and a Map of strings: same values in the same order, distinct values, growth past their first capacity.

import assert from 'node:assert/strict';
import { IntColumn, IntLists } from '../../src/util/int-lists.js';
import { TextColumn } from '../../src/util/text-column.js';
import { Rng } from '../../src/synth/random.js';

describe('IntLists', () => {
  it('keeps each key its distinct values in the order they were added, as a Map of arrays would', () => {
    const rng = new Rng(3);
    const lists = new IntLists();
    const reference = new Map<number, number[]>();
    for (let i = 0; i < 100_000; i++) {
      const key = rng.int(20_000);
      const value = rng.int(30);
      const values = reference.get(key) ?? reference.set(key, []).get(key)!;
      const isNew = !values.includes(value);
      if (isNew) values.push(value);
      assert.equal(lists.add(key, value), isNew);
    }
    assert.ok(lists.keyBound >= 20_000);
    for (let key = 0; key < lists.keyBound; key++) {
      const values = reference.get(key) ?? [];
      assert.deepEqual(lists.get(key), values);
      assert.equal(lists.size(key), values.length);
      assert.equal(lists.has(key), values.length > 0);
      const seen: number[] = [];
      lists.forEach(key, (v) => seen.push(v));
      assert.deepEqual(seen, [...values].reverse(), 'forEach: newest first');
      if (values.length) assert.ok(lists.includes(key, values[0]!) && !lists.includes(key, 30));
    }
    assert.deepEqual(lists.get(10 ** 7), [], 'a key past the bound has no values');
  });
});

describe('IntColumn', () => {
  it('gives the fill value where nothing was set, grows to any index, and appends with push', () => {
    const column = new IntColumn(-1);
    assert.equal(column.get(5), -1);
    column.set(100_000, 7);
    assert.equal(column.get(100_000), 7);
    assert.equal(column.get(99_999), -1);
    assert.equal(column.length, 100_001);
    column.push(8);
    assert.equal(column.get(100_001), 8);
    const list = new IntColumn();
    for (let i = 0; i < 5000; i++) list.push(i * 3);
    assert.equal(list.length, 5000);
    assert.equal(list.get(4999), 4999 * 3);
  });
});

describe('TextColumn', () => {
  it('keeps a text per ordinal (non-ASCII and long ones too), the last one set', () => {
    const texts = new TextColumn();
    const reference = new Map<number, string>();
    for (let i = 0; i < 20_000; i++) {
      const text = `org-${i}/näme-😀-${'x'.repeat(i % 97)}`;
      texts.set(i * 2, text);
      reference.set(i * 2, text);
    }
    texts.set(4, 'replaced');
    reference.set(4, 'replaced');
    texts.set(1_000_000, 'y'.repeat(100_000));
    reference.set(1_000_000, 'y'.repeat(100_000));
    for (const [i, text] of reference) assert.equal(texts.get(i), text);
    assert.equal(texts.get(1), undefined);
    assert.equal(texts.get(5_000_000), undefined);
    texts.set(1, '');
    assert.equal(texts.get(1), '', 'an empty text is a text');
  });
});
