// Lineage statistics (src/stats/lineage.ts): name stems, derivative counts and ranks, the per-stem cap, the build
// writing
// them into the dumps, and predict-base-model reducing names to stems with the same pattern.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataFactory } from 'n3';
import { build } from '../../src/build/build.js';
import { getQuery } from '../../src/queries/registry.js';
import {
  BASES_PER_STEM,
  lineageStatistics,
  LineageStatistics,
  MARKER_WORD,
  nameOfIri,
  nameStem,
  RANKED_BASES,
} from '../../src/stats/lineage.js';
import { generatePlanted } from '../../src/synth/planted.js';
import { DATA, OBJ } from '../../src/vocab.js';
import { tempDir } from '../helpers/temp-dirs.js';

const M = 'https://w3id.org/huggingkg/model/';

describe('lineage statistics: name stems', () => {
  const cases: Array<[string, string]> = [
    ['quokka-lab/Quokka-3-7B-Chat-hf', 'quokka-3-7b-chat'],
    ['someone/QUOKKA-3-7B-chat-Q4_K_M-GGUF', 'quokka-3-7b-chat'],
    ['x/quokka_3_7b_chat.AWQ', 'quokka-3-7b-chat'],
    ['x/quokka-3-7b-chat-4bit-lora-sft-dpo-v2', 'quokka-3-7b-chat'],
    ['x/wombat-13b-1723509878', 'wombat-13b'],
    ['x/wombat-13b-Instruct-2501', 'wombat-13b-instruct'],
    ['x/wombat-13b-it', 'wombat-13b-it'],
    ['lora-7', 'lora'],
    ['x/GGUF', 'gguf'],
  ];
  for (const [id, stem] of cases) it(`${id} -> ${stem}`, () => assert.equal(nameStem(id), stem));

  it('a model IRI gives its name (percent-decoded last segment)', () => {
    assert.equal(nameOfIri(`${M}carol/model.v1_%C3%A4`), 'model.v1_ä');
  });

  it('predict-base-model strips the same markers (its pattern is MARKER_WORD)', () => {
    assert.ok(getQuery('predict-base-model').sparql.includes(`"([-_. ]+(${MARKER_WORD}))+$"`));
  });
});

describe('lineage statistics: counts, ranks, stems', () => {
  const step = (d: string, b: string) => ({ derived: M + d, base: M + b });
  const values = (quads: ReturnType<typeof lineageStatistics>, p: string) =>
    new Map(quads.filter((q) => q.predicate.value === p).map((q) => [q.subject.value.slice(M.length), q.object.value]));

  it('counts distinct derivatives, ranks by count (ties by IRI) and gives stems to bases only', () => {
    const quads = lineageStatistics([
      step('a/x', 'o/Big'),
      step('b/y', 'o/Big'),
      step('b/y', 'o/Big'),
      step('c/z', 'o/Small'),
      step('o/Big', 'o/Root'),
    ]);
    assert.deepEqual(Object.fromEntries(values(quads, DATA.derivativeCount)), {
      'o/Big': '2',
      'o/Root': '1',
      'o/Small': '1',
    });
    assert.deepEqual(Object.fromEntries(values(quads, DATA.derivativeRank)), {
      'o/Big': '1',
      'o/Root': '2',
      'o/Small': '3',
    });
    assert.deepEqual(Object.fromEntries(values(quads, DATA.nameStem)), {
      'o/Big': 'big',
      'o/Root': 'root',
      'o/Small': 'small',
    });
    assert.ok(
      quads
        .filter((q) => q.predicate.value === DATA.derivativeCount)
        .every((q) => q.object.termType === 'Literal' && q.object.datatype.value.endsWith('#integer')),
    );
  });

  it(
    `ranks only the ${RANKED_BASES} most derived-from, stems only ` +
      `the ${BASES_PER_STEM} most derived-from of a stem`,
    () => {
      const steps = [];
      for (let b = 0; b < RANKED_BASES + 20; b++)
        for (let d = 0; d <= b; d++) steps.push(step(`d${d}/m-${b}`, `o${b}/fam-7b-${b}`));
      const quads = lineageStatistics(steps);
      const ranks = values(quads, DATA.derivativeRank);
      assert.equal(ranks.size, RANKED_BASES);
      assert.equal(ranks.get(`o${RANKED_BASES + 19}/fam-7b-${RANKED_BASES + 19}`), '1');
      const stems = values(quads, DATA.nameStem);
      assert.equal(stems.size, BASES_PER_STEM);
      assert.ok([...stems.values()].every((s) => s === 'fam-7b'));
      assert.ok(
        stems.has(`o${RANKED_BASES + 19}/fam-7b-${RANKED_BASES + 19}`) && !stems.has('o0/fam-7b-0'),
        'the most derived-from keep it',
      );
    },
  );

  it('the collector reads lineage quads of a stream and ignores the rest', () => {
    const c = new LineageStatistics();
    const { namedNode, literal, quad } = DataFactory;
    c.add(quad(namedNode(M + 'a/x'), namedNode(OBJ.quantizedFrom), namedNode(M + 'o/Base')));
    c.add(quad(namedNode(M + 'a/x'), namedNode(DATA.hubId), literal('a/x')));
    assert.deepEqual(
      c
        .quads()
        .map((q) => q.predicate.value)
        .sort(),
      [DATA.derivativeCount, DATA.derivativeRank, DATA.nameStem].sort(),
    );
  });
});

describe('lineage statistics: the build writes them into the dumps', function () {
  this.timeout(60_000);
  it('every base of the built graph has its derivative count in the N-Triples dump', async () => {
    const dir = tempDir('hkg-stats-');
    generatePlanted({ out: join(dir, 'snapshot'), seed: 5, scale: 0.05 });
    await build({ snapshot: join(dir, 'snapshot'), out: join(dir, 'out'), validate: false, progress: false });
    const lines = gunzipSync(readFileSync(join(dir, 'out', 'huggingkg.nt.gz')))
      .toString('utf8')
      .split('\n');
    const lineage = [OBJ.fineTunedFrom, OBJ.adapterOf, OBJ.mergedFrom, OBJ.quantizedFrom].map((p) => `> <${p}> <`);
    const bases = new Set(
      lines
        .filter((l) => lineage.some((p) => l.includes(p)))
        .map((l) => l.slice(l.lastIndexOf('<') + 1, l.lastIndexOf('>'))),
    );
    const counted = new Set(
      lines.filter((l) => l.includes(`<${DATA.derivativeCount}>`)).map((l) => l.slice(1, l.indexOf('>'))),
    );
    assert.ok(bases.size > 5, 'the planted graph has lineage');
    assert.deepEqual([...counted].sort(), [...bases].sort());
  });
});
