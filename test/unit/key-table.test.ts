// KeyTable and NumberSet (src/util) against a Map and a Set: same ids, exact lookups (no false hits between keys that
// share a
// hash bucket or a prefix), non-ASCII keys, growth of the table and of the arena.

import assert from 'node:assert/strict';
import { KeyTable } from '../../src/util/key-table.js';
import { NumberSet } from '../../src/util/number-set.js';
import { Rng } from '../../src/synth/random.js';

describe('KeyTable', () => {
  it('numbers 200,000 distinct keys densely and finds each exactly, as a Map would', () => {
    const rng = new Rng(7);
    const table = new KeyTable();
    const reference = new Map<string, number>();
    const alphabet = 'abcxyz/-_.0123456789éß中😀';
    const chars = [...alphabet];
    const keys: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      let k = 'https://w3id.org/huggingkg/model/';
      const n = rng.int(40);
      for (let j = 0; j < n; j++) k += rng.pick(chars);
      keys.push(k);
    }
    keys.push('', 'a', 'a'.repeat(5000)); // the empty key, a one-byte key, a key longer than the scratch buffer
    for (const k of keys) {
      const id = table.add(k);
      if (!reference.has(k)) reference.set(k, reference.size);
      assert.equal(id, reference.get(k), JSON.stringify(k));
    }
    assert.equal(table.size, reference.size);
    for (const [k, id] of reference) {
      assert.equal(table.get(k), id);
      assert.equal(table.keyOf(id), k);
    }
    // Absent keys: prefixes, extensions and near-misses of present ones.
    let absent = 0;
    for (const k of keys.slice(0, 20_000)) {
      for (const probe of [k + 'x', k.slice(0, -1) + '#', 'q' + k]) {
        if (!reference.has(probe)) {
          absent++;
          assert.equal(table.get(probe), -1, JSON.stringify(probe));
        }
      }
    }
    assert.ok(absent > 50_000);
  });
});

describe('NumberSet', () => {
  it('holds 300,000 53-bit integers (0 and 2^53 - 1 included) exactly, as a Set would', () => {
    const rng = new Rng(11);
    const set = new NumberSet();
    const reference = new Set<number>();
    const values = [0, Number.MAX_SAFE_INTEGER, 1, 2 ** 32, 2 ** 32 + 1];
    for (let i = 0; i < 300_000; i++)
      values.push(Math.floor(rng.next() * 2 ** 21) * 2 ** 32 + Math.floor(rng.next() * 2 ** 32));
    for (let i = 0; i < 1000; i++) values.push(values[rng.int(values.length)]!); // repeats
    for (const v of values) {
      assert.equal(set.add(v), !reference.has(v), String(v));
      reference.add(v);
    }
    assert.equal(set.size, reference.size);
    assert.throws(() => set.add(-1), RangeError);
    assert.throws(() => set.add(0.5), RangeError);
  });
});
