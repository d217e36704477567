// classify-task's build-time statistics: name words (src/stats/name-tokens.ts: word-task counts and task priors) and
// lineage-task counts (src/stats/lineage-tasks.ts); the evaluation dropping and recomputing them; and classify-task
// reading them on a small graph in the real store (its SPARQL splits a name into the same words as nameTokens()).

import assert from 'node:assert/strict';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { getQuery, runQuery } from '../../src/queries/registry.js';
import { isStatisticLine } from '../../src/stats/graph-statistics.js';
import { LineageTaskCounter, lineageTaskNode } from '../../src/stats/lineage-tasks.js';
import { TagTaskCounter, TASKS_PER_VALUE } from '../../src/stats/tags.js';
import {
  MIN_TOKEN_CARRIERS,
  NAME_TOKENS,
  NameTokenCounter,
  nameTokens,
  tokenStatNode,
} from '../../src/stats/name-tokens.js';
import type { EmbeddedStore } from '../../src/store/embedded.js';
import { CLASS, DATA, OBJ, STD } from '../../src/vocab.js';
import { short, turtleStore } from '../helpers/queries-fixture.js';

const { namedNode, literal, quad } = DataFactory;
const M = 'https://w3id.org/huggingkg/model/';
const T = 'https://w3id.org/huggingkg/task/';

describe('name-token statistics: the words of a name', () => {
  const cases: Array<[string, string[]]> = [
    ['someone/Whisper-Small-ASR_ru', ['whisper', 'small', 'asr', 'ru']],
    ['x/bert.base--uncased__ner', ['bert', 'base', 'uncased', 'ner']],
    ['x/llama-3-8b-v2', ['llama', '8b', 'v2']],
    ['x/a-b-7-2024-q', []],
    ['x/ner-ner-NER', ['ner']],
    ['x/日本語-bert', ['bert']],
    ['x/w1-w2-w3-w4-w5-w6-w7-w8-w9', ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8']],
    ['no-slash-name', ['no', 'slash', 'name']],
    // camelCase: a lower-case letter before a capital starts a word; runs of capitals stay one word
    ['x/myChatLLM', ['my', 'chat', 'llm']],
    ['x/TweetSpamDetector_v2', ['tweet', 'spam', 'detector', 'v2']],
    ['x/RoBERTa-base-NER', ['ro', 'berta', 'base', 'ner']],
    ['x/GPT2-XL', ['gpt2', 'xl']],
    ['x/w1-w2-w3-w4-w5-w6-w7-eightNine', ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'eight']],
  ];
  for (const [id, words] of cases)
    it(`${id} -> ${words.join(' ') || '(none)'}`, () => assert.deepEqual(nameTokens(id), words));
});

function counterQuads(turtleLike: Array<[string, string, string]>): Quad[] {
  return turtleLike.map(([s, p, o]) => quad(namedNode(s), namedNode(p), p === DATA.hubId ? literal(o) : namedNode(o)));
}

describe('name-token statistics: counts and priors', () => {
  const input = counterQuads([
    [M + 'a/ner-1', STD.type, CLASS.Model],
    [M + 'a/ner-1', DATA.hubId, 'a/ner-1'],
    [M + 'a/ner-1', OBJ.task, T + 'token-classification'],
    [M + 'b/bert-ner', STD.type, CLASS.Model],
    [M + 'b/bert-ner', DATA.hubId, 'b/bert-ner'],
    [M + 'b/bert-ner', OBJ.task, T + 'token-classification'],
    [M + 'c/bert-qa', STD.type, CLASS.Model],
    [M + 'c/bert-qa', DATA.hubId, 'c/bert-qa'],
    [M + 'c/bert-qa', OBJ.task, T + 'question-answering'],
    [M + 'd/untasked-ner', STD.type, CLASS.Model],
    [M + 'd/untasked-ner', DATA.hubId, 'd/untasked-ner'],
    ['https://w3id.org/huggingkg/dataset/e/ner-data', STD.type, CLASS.Dataset],
    ['https://w3id.org/huggingkg/dataset/e/ner-data', DATA.hubId, 'e/ner-data'],
    ['https://w3id.org/huggingkg/dataset/e/ner-data', OBJ.task, T + 'token-classification'],
  ]);
  const counter = new NameTokenCounter();
  // tasks before names and kinds, as a dump may order them
  for (const q of [...input].reverse()) counter.addQuad(q);

  it(
    `counts tasked carriers of each word with at least ${MIN_TOKEN_CARRIERS} ` +
      `of them (untasked entities do not count)`,
    () => {
      assert.deepEqual(counter.stats(), [
        { token: 'bert', task: T + 'question-answering', tagged: 1, carriers: 2 },
        { token: 'bert', task: T + 'token-classification', tagged: 1, carriers: 2 },
        { token: 'ner', task: T + 'token-classification', tagged: 3, carriers: 3 },
      ]);
    },
  );

  it('counts the tasked models and datasets of each task', () => {
    assert.deepEqual(counter.priors(), [
      { task: T + 'question-answering', models: 1, datasets: 0 },
      { task: T + 'token-classification', models: 2, datasets: 1 },
    ]);
  });

  it("writes each task's share of its kind's counts (the prior classify-task reads), summing to 1 per kind", () => {
    const shares = (predicate: string) =>
      new Map(
        counter
          .quads()
          .filter((q) => q.predicate.value === predicate)
          .map((q) => [q.subject.value, Number(q.object.value)]),
      );
    // models: question-answering 1, token-classification 2; datasets: token-classification 1
    assert.deepEqual(
      shares(DATA.taskedModelShare),
      new Map([
        [T + 'question-answering', 1 / 3],
        [T + 'token-classification', 2 / 3],
      ]),
    );
    assert.deepEqual(shares(DATA.taskedDatasetShare), new Map([[T + 'token-classification', 1]]));
  });

  it(
    'writes typed statistic nodes under the task and the priors ' + 'on the task; the evaluation recognises every line',
    () => {
      const quads = counter.quads();
      const node = tokenStatNode('ner', T + 'token-classification');
      assert.equal(node, T + 'token-classification#name-ner');
      assert.ok(
        quads.some(
          (q) =>
            q.subject.value === node &&
            q.predicate.value === STD.type &&
            q.object.value === CLASS.NameTokenTaskStatistic,
        ),
      );
      assert.ok(
        quads.some(
          (q) =>
            q.subject.value === T + 'token-classification' &&
            q.predicate.value === DATA.taskedDatasetCount &&
            q.object.value === '1',
        ),
      );
      assert.ok(
        !quads.some(
          (q) => q.subject.value === T + 'question-answering' && q.predicate.value === DATA.taskedDatasetCount,
        ),
        'no zero counts',
      );
      const writer = (q: Quad) => {
        const datatype = (q.object as { datatype: { value: string } }).datatype;
        const object =
          q.object.termType === 'Literal' ? `"${q.object.value}"^^<${datatype.value}>` : `<${q.object.value}>`;
        return `<${q.subject.value}> <${q.predicate.value}> ${object} ` + `.`;
      };
      for (const q of quads) assert.ok(isStatisticLine(writer(q)), writer(q));
      assert.ok(
        !isStatisticLine(`<${M}a/ner-1> <${OBJ.task}> <${T}token-classification> .`.replace(OBJ.task, DATA.hubId)),
      );
    },
  );
});

describe('tag, name-word and lineage-task statistics keep the most frequent tasks of each value', () => {
  // one tag, one name word and one base task, each carried by entities of TASKS_PER_VALUE + 2 tasks: task i by i + 1
  const tasks = TASKS_PER_VALUE + 2;
  const tags = new TagTaskCounter();
  const words = new NameTokenCounter();
  const lineage = new LineageTaskCounter();
  for (let i = 0; i < tasks; i++) {
    for (let j = 0; j <= i; j++) {
      const m = `${M}o/common-${i}-${j}`;
      const add = (q: Quad) => [tags, words, lineage].forEach((c) => c.addQuad(q));
      add(quad(namedNode(m), namedNode(STD.type), namedNode(CLASS.Model)));
      add(quad(namedNode(m), namedNode(DATA.hubId), literal(`o/common-${i}-${j}`)));
      add(quad(namedNode(m), namedNode(DATA.library), literal('common')));
      add(quad(namedNode(m), namedNode(OBJ.task), namedNode(`${T}t${i}`)));
      add(quad(namedNode(m), namedNode(OBJ.fineTunedFrom), namedNode(`${M}o/base`)));
    }
  }
  lineage.addQuad(quad(namedNode(`${M}o/base`), namedNode(OBJ.task), namedNode(`${T}base-task`)));
  const kept = Array.from({ length: TASKS_PER_VALUE }, (_, i) => `${T}t${tasks - 1 - i}`).sort();
  const carriers = (tasks * (tasks + 1)) / 2;

  it(`${TASKS_PER_VALUE} of ${tasks} tasks, with the counts of all carriers`, () => {
    assert.deepEqual(
      tags.stats().map((s) => s.task),
      kept,
    );
    assert.ok(tags.stats().every((s) => s.carriers === carriers));
    assert.deepEqual(
      words
        .stats()
        .filter((s) => s.token === 'common')
        .map((s) => s.task),
      kept,
    );
    assert.deepEqual(
      lineage.stats().map((s) => s.task),
      kept,
    );
    assert.ok(lineage.stats().every((s) => s.carriers === carriers));
  });
});

describe('lineage-task statistics: what derivatives of a base of each task do', () => {
  const counter = new LineageTaskCounter();
  const tasks: Array<[string, string]> = [
    ['base/s', 'sentence-similarity'],
    ['a/c1', 'text-classification'],
    ['a/c2', 'text-classification'],
    ['a/s3', 'sentence-similarity'],
    ['base/g', 'text-generation'],
    ['b/g1', 'text-generation'],
  ];
  for (const [m, t] of tasks) counter.addQuad(quad(namedNode(M + m), namedNode(OBJ.task), namedNode(T + t)));
  for (const d of ['a/c1', 'a/c2', 'a/s3', 'a/untasked'])
    counter.addQuad(quad(namedNode(M + d), namedNode(OBJ.fineTunedFrom), namedNode(M + 'base/s')));
  counter.addQuad(quad(namedNode(M + 'b/g1'), namedNode(OBJ.quantizedFrom), namedNode(M + 'base/g')));
  counter.addQuad(quad(namedNode(M + 'b/g1'), namedNode(OBJ.quantizedFrom), namedNode(M + 'b/g1')));

  it(
    "counts derived-base pairs by the base's task and the derived " +
      "model's task (untasked ones and self-loops do not count)",
    () => {
      assert.deepEqual(counter.stats(), [
        { baseTask: T + 'sentence-similarity', task: T + 'sentence-similarity', tagged: 1, carriers: 3 },
        { baseTask: T + 'sentence-similarity', task: T + 'text-classification', tagged: 2, carriers: 3 },
        { baseTask: T + 'text-generation', task: T + 'text-generation', tagged: 1, carriers: 1 },
      ]);
    },
  );

  it('names each node under the derived task, after the base task', () => {
    assert.equal(
      lineageTaskNode(T + 'sentence-similarity', T + 'text-classification'),
      T + 'text-classification#after-sentence-similarity',
    );
    assert.ok(
      counter.quads().some((q) => q.predicate.value === OBJ.baseTask && q.object.value === T + 'sentence-similarity'),
    );
  });
});

describe('classify-task reads the name, lineage-task and prior statistics', () => {
  let store: EmbeddedStore;
  before(async () => {
    store = await turtleStore(`
@prefix hkg: <https://w3id.org/huggingkg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix m: <https://w3id.org/huggingkg/model/> .
@prefix t: <https://w3id.org/huggingkg/task/> .
t:token-classification a hkg:Task ; schema:name "Token Classification" .
t:text-classification a hkg:Task ; schema:name "Text Classification" .
t:sentence-similarity a hkg:Task ; schema:name "Sentence Similarity" .
t:text-generation a hkg:Task ; schema:name "Text Generation" .
m:a\\/Roberta-NER_de a hkg:Model ; hkg:hubId "a/Roberta-NER_de" ; hkg:task t:token-classification .
m:b\\/ner.multi a hkg:Model ; hkg:hubId "b/ner.multi" ; hkg:task t:token-classification .
m:c\\/gen-1 a hkg:Model ; hkg:hubId "c/gen-1" ; hkg:task t:text-generation .
m:c\\/gen-2 a hkg:Model ; hkg:hubId "c/gen-2" ; hkg:task t:text-generation .
m:c\\/gen-3 a hkg:Model ; hkg:hubId "c/gen-3" ; hkg:task t:text-generation .
m:s\\/base a hkg:Model ; hkg:hubId "s/base" ; hkg:task t:sentence-similarity .
m:s\\/base2 a hkg:Model ; hkg:hubId "s/base2" ; hkg:task t:sentence-similarity .
m:d\\/x1 a hkg:Model ; hkg:hubId "d/x1" ; hkg:fineTunedFrom m:s\\/base2 ; hkg:task t:text-classification .
m:d\\/x2 a hkg:Model ; hkg:hubId "d/x2" ; hkg:fineTunedFrom m:s\\/base2 ; hkg:task t:text-classification .
m:z\\/My_NER-Model-7 a hkg:Model ; hkg:hubId "z/My_NER-Model-7" .
m:z\\/plain a hkg:Model ; hkg:hubId "z/plain" .
m:z\\/ft a hkg:Model ; hkg:hubId "z/ft" ; hkg:fineTunedFrom m:s\\/base .
`);
  });
  after(() => store.close());

  it('a model whose name has a word of token classifiers gets their task from the name signal alone', async () => {
    const { rows } = await runQuery(store, 'classify-task', { entity: 'model/z/My_NER-Model-7' });
    const top = rows[0]!;
    assert.equal(short(top.task), 'task/token-classification');
    // "ner": 2 tasked carriers, both token classifiers: 2 / 3; "my", "model" have no statistics (not in the mean)
    assert.ok(Math.abs(Number(top.name) - 2 / 3) < 1e-9, String(top.name));
  });

  it('a model with no other signal gets the most frequent task of its kind (the prior)', async () => {
    const { rows } = await runQuery(store, 'classify-task', { entity: 'model/z/plain' });
    const top = rows[0]!;
    assert.equal(short(top.task), 'task/text-generation');
    assert.ok(Math.abs(Number(top.prior) - 3 / 9) < 1e-9, String(top.prior));
    assert.equal(Number(top.name), 0);
  });

  it(
    'a fine-tune of a sentence-similarity base gets what such fine-tunes ' + 'do (inherited), given the weight',
    async () => {
      const { rows } = await runQuery(store, 'classify-task', {
        entity: 'model/z/ft',
        wBase: '0',
        wInherited: '10',
        k: '10',
      });
      const top = rows[0]!;
      assert.equal(short(top.task), 'task/text-classification');
      // 2 pairs after a sentence-similarity base, both text classifiers: 2 / 3
      assert.ok(Math.abs(Number(top.inherited) - 2 / 3) < 1e-9, String(top.inherited));
      const same = rows.find((r) => short(r.task) === 'task/sentence-similarity')!;
      assert.equal(Number(same.base), 1, "the base's own task is the base signal");
    },
  );
});

describe('classify-task splits a name into as many words as NAME_TOKENS', () => {
  // the query cuts word n out of a name with one pattern per slot (VALUES ?nth { "^([a-z0-9]+ ){n}([a-z0-9]+) ..."
  // .. }): the slots must be 0..NAME_TOKENS - 1
  const sparql = getQuery('classify-task').sparql;

  it(`the word-slot VALUES list skips 0..${NAME_TOKENS - 1} words`, () => {
    const lists = [...sparql.matchAll(/VALUES \?(\w+) \{((?:\s*"\^\(\[a-z0-9\]\+ \)\{\d+\}[^"]*")+)\s*\}/g)];
    // one list: the count of words is the build's hkg:nameWordCount, which nameTokens() makes
    assert.equal(lists.length, 1, 'the words have a slot list');
    const expected = Array.from({ length: NAME_TOKENS }, (_, i) => i);
    for (const [, variable, values] of lists) {
      const skips = [...values!.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
      assert.deepEqual(skips, expected, `VALUES ?${variable}`);
    }
  });

  let store: EmbeddedStore;
  const filler = Array.from({ length: NAME_TOKENS - 1 }, (_, i) => `w${i + 1}`).join('-');
  before(async () => {
    store = await turtleStore(`
@prefix hkg: <https://w3id.org/huggingkg/ontology#> .
@prefix m: <https://w3id.org/huggingkg/model/> .
@prefix t: <https://w3id.org/huggingkg/task/> .
m:p\\/zzword-x a hkg:Model ; hkg:hubId "p/zzword-x" ; hkg:task t:token-classification .
m:q\\/zzword-y a hkg:Model ; hkg:hubId "q/zzword-y" ; hkg:task t:token-classification .
m:r\\/gen a hkg:Model ; hkg:hubId "r/gen" ; hkg:task t:text-generation .
m:s\\/gen a hkg:Model ; hkg:hubId "s/gen" ; hkg:task t:text-generation .
m:s\\/gen2 a hkg:Model ; hkg:hubId "s/gen2" ; hkg:task t:text-generation .
m:z\\/${filler}-zzword a hkg:Model ; hkg:hubId "z/${filler}-zzword" .
m:z\\/${filler}-w0-zzword a hkg:Model ; hkg:hubId "z/${filler}-w0-zzword" .
m:z\\/myZzword a hkg:Model ; hkg:hubId "z/myZzword" .
`);
  });
  after(() => store.close());

  const nameShare = async (id: string) => {
    const { rows } = await runQuery(store, 'classify-task', { entity: `model/${id}`, k: '10' });
    const row = rows.find((r) => short(r.task) === 'task/token-classification');
    return Number(row?.name ?? 0);
  };

  it(`word ${NAME_TOKENS} of a name votes (as nameTokens() counts it)`, async () => {
    assert.deepEqual(nameTokens(`z/${filler}-zzword`).at(-1), 'zzword');
    // "zzword": 2 tasked carriers, both token classifiers: 2 / 3; the filler words have no statistics
    assert.ok(Math.abs((await nameShare(`z/${filler}-zzword`)) - 2 / 3) < 1e-9);
  });

  it('a capital after a lower-case letter starts a word (as nameTokens() splits camelCase)', async () => {
    assert.deepEqual(nameTokens('z/myZzword'), ['my', 'zzword']);
    assert.ok(Math.abs((await nameShare('z/myZzword')) - 2 / 3) < 1e-9);
  });

  it(`word ${NAME_TOKENS + 1} does not (nameTokens() drops it too)`, async () => {
    assert.ok(!nameTokens(`z/${filler}-w0-zzword`).includes('zzword'));
    assert.equal(await nameShare(`z/${filler}-w0-zzword`), 0);
  });
});
