// The lineage picture's layout without a browser: label wrapping keeps every character within the width, a big family
// drawn on the entity page fits its width with the root on top and counts every left-out model once, the whole family
// draws every model, and each arrow ends on the border of its base's box.

import assert from 'node:assert/strict';
import type { LineageRow } from '../../src/server/describe.js';
import {
  ALL_LIMITS,
  layoutFamily,
  type LineagePicture,
  PAGE_LIMITS,
  planFamily,
} from '../../src/server/lineage-svg.js';
import { textWidth, wrapText } from '../../src/server/text-width.js';
import { OBJ } from '../../src/vocab.js';
import { must } from '../helpers/must.js';

/** A root with `fineTunes` derived models (long names), the first ten quantized `perQuant` times each. */
function bigFamily(fineTunes: number, perQuant: number): LineageRow[] {
  const rows: LineageRow[] = [];
  for (let i = 0; i < fineTunes; i++)
    rows.push({ derived: `ft${i}`, relation: OBJ.fineTunedFrom, base: 'root', depth: 1 });
  for (let i = 0; i < 10 * perQuant; i++)
    rows.push({ derived: `q${i}`, relation: OBJ.quantizedFrom, base: `ft${i % 10}`, depth: 2 });
  return rows;
}

const label = (m: string) => (m === 'root' ? 'Root-Base-Model' : `Root-Base-Model-8B-Instruct-variant-${m}-GGUF`);
const href = (m: string) => `/page/model/${m}`;

/** The box of the model whose full label is `name`. */
const boxOf = (pic: LineagePicture, iri: string) =>
  must(
    pic.nodes.find((n) => n.iri === iri),
    `box of ${iri}`,
  );

describe('lineage picture layout', () => {
  it('wraps a label into lines within the width, at separators, losing no character', () => {
    const text = 'Meta-Llama-3.1-70B-Instruct-abliterated-uncensored-GGUF';
    const lines = wrapText(text, 150, 13);
    assert.ok(lines.length > 1);
    assert.equal(lines.join(''), text);
    for (const l of lines) assert.ok(textWidth(l, 13) <= 150, `"${l}" fits`);
    assert.ok(
      lines.slice(0, -1).every((l) => /[-_./ ]$/.test(l)),
      'lines break after a separator',
    );
    const word = 'W'.repeat(60);
    assert.equal(wrapText(word, 150, 13).join(''), word, 'a word longer than a line is broken inside');
    assert.deepEqual(wrapText('short', 150, 13), ['short']);
    assert.ok(textWidth('WWW', 13, true) > textWidth('WWW', 13), 'bold is wider');
  });

  it('draws part of a big family within the page width, root on top, every left-out model counted once', () => {
    const rows = bigFamily(300, 9);
    const plan = must(planFamily('q7', rows, PAGE_LIMITS, false), 'a plan');
    const pic = layoutFamily(plan, label, href, '/family/model/q7');
    assert.ok(pic.width <= PAGE_LIMITS.width, `${pic.width} px wide`);
    assert.deepEqual(
      { models: pic.counts.models, steps: pic.counts.steps, cut: pic.counts.cut },
      { models: 391, steps: 390, cut: false },
    );
    assert.equal(pic.counts.drawn + pic.counts.hidden, pic.counts.models);
    const noted = pic.nodes.reduce(
      (n, b) => n + (b.more ?? 0) + Number(/\+(\d+) more below/.exec(b.lines.map((l) => l.text).join(' '))?.[1] ?? 0),
      0,
    );
    assert.equal(noted, pic.counts.hidden, 'the "+N more" boxes and notes add up to the left-out models');
    const root = boxOf(pic, 'root');
    assert.ok(
      pic.nodes.every((n) => n === root || n.y > root.y + root.h),
      'every other box is below the root',
    );
    for (const m of ['ft7', 'q7']) assert.ok(boxOf(pic, m), `${m}, on the current model's line, is drawn`);
    assert.equal(boxOf(pic, 'q7').focus, true);
    assert.equal(pic.showAllHref, '/family/model/q7');
    assert.ok(pic.nodes.filter((n) => n.more).every((n) => n.href === '/family/model/q7'));
  });

  it('draws the whole family with every model in a box, none overlapping', () => {
    const rows = bigFamily(120, 3);
    const plan = must(planFamily('q7', rows, ALL_LIMITS, false), 'a plan');
    const pic = layoutFamily(plan, label, href);
    assert.equal(pic.counts.hidden, 0);
    assert.equal(pic.nodes.filter((n) => n.iri).length, 151);
    assert.equal(pic.showAllHref, undefined);
    const boxes = pic.nodes;
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        assert.ok(apart, `${a.iri} and ${b.iri} overlap`);
      }
    for (const n of boxes)
      for (const l of n.lines) {
        assert.ok(l.x >= n.x && l.x + textWidth(l.text, 13, n.focus) <= n.x + n.w + 0.5, `"${l.text}" fits its box`);
      }
  });

  it('ends each arrow on the border of the base box and says "or more" for rows cut at the limit', () => {
    const rows: LineageRow[] = [
      { derived: 'b', relation: OBJ.fineTunedFrom, base: 'a', depth: 1 },
      { derived: 'c', relation: OBJ.adapterOf, base: 'a', depth: 1 },
      { derived: 'd', relation: OBJ.mergedFrom, base: 'b', depth: 2 },
      { derived: 'd', relation: OBJ.mergedFrom, base: 'c', depth: 2 },
    ];
    const pic = layoutFamily(must(planFamily('d', rows, PAGE_LIMITS, true), 'a plan'), label, href, '/family/d');
    assert.equal(pic.edges.length, 4);
    for (const e of pic.edges) {
      const end = must(/(-?[\d.]+),(-?[\d.]+)$/.exec(e.path), e.path);
      const [x, y] = [Number(end[1]), Number(end[2])];
      const base = pic.nodes.filter((n) => label(n.iri) === e.to);
      assert.equal(base.length, 1);
      const b = base[0]!;
      const onBorder = (Math.abs(y - (b.y + b.h)) <= 1 || Math.abs(y - b.y) <= 1) && x >= b.x - 1 && x <= b.x + b.w + 1;
      const onSide = (Math.abs(x - b.x) <= 1 || Math.abs(x - b.x - b.w) <= 1) && y >= b.y - 1 && y <= b.y + b.h + 1;
      assert.ok(onBorder || onSide, `the arrow ${e.path} ends on ${e.to}'s border`);
    }
    assert.equal(pic.counts.cut, true);
    assert.match(pic.description, /4 or more models/);
    assert.equal(pic.showAllHref, '/family/d', 'a cut family links to the whole of it');
  });
});
