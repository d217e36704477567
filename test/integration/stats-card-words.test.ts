// classify-task's card signal for datasets (src/stats/card-words.ts): the words read from a card (HTML, task names in
// any spelling masked, stop words, the 2,000-character cap, digits), the rarest-10 choice, the counts on a small graph,
// classify-task reading them in the real store, the statistics version, and a build's dump with the evaluation
// recomputing them from its training lines.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { build } from '../../src/build/build.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import { writeWithout } from '../../src/eval/graph-scan.js';
import { runQuery } from '../../src/queries/registry.js';
import { checkStatisticsVersion } from '../../src/queries/statistics-version-check.js';
import {
  CARD_TEXT_CHARS,
  CARD_WORDS,
  CardWordCounter,
  cardTextWords,
  cardWordStatNode,
  columnWord,
  isCardWordLine,
} from '../../src/stats/card-words.js';
import { GraphEntities } from '../../src/stats/entities.js';
import { isStatisticLine } from '../../src/stats/graph-statistics.js';
import { STATISTICS_VERSION, STATISTICS_VERSIONS } from '../../src/stats/statistics-version.js';
import type { EmbeddedStore } from '../../src/store/embedded.js';
import { CLASS, DATA, OBJ, STD } from '../../src/vocab.js';
import { fixtureStore, short } from '../helpers/queries-fixture.js';
import { tempDir } from '../helpers/temp-dirs.js';

const { namedNode, literal, quad } = DataFactory;
const D = 'https://w3id.org/huggingkg/dataset/';
const M = 'https://w3id.org/huggingkg/model/';
const T = 'https://w3id.org/huggingkg/task/';
const XSD_INTEGER = 'http://www.w3.org/2001/XMLSchema#integer';

describe('card words: the words read from a card', () => {
  const tasks = ['text-classification', 'question-answering', 'translation'];
  const cases: Array<[string, string, string[]]> = [
    [
      'HTML tags are removed with their attributes',
      'Hello <b class="big">world</b> tokens<br/>nearby',
      ['hello', 'world', 'tokens', 'nearby'],
    ],
    [
      'a task name in any case, joined by hyphens, spaces or underscores, maybe plural, is masked',
      'Text Classification set; text_classification, TEXT-CLASSIFICATIONS, Question\nAnswering, translations',
      ['set'],
    ],
    [
      'only a whole task name is masked: its parts elsewhere, or joined by other characters, are words',
      'text classifier, text.classification, translational, classification',
      ['text', 'classifier', 'classification', 'translational'],
    ],
    ['stop words and words shorter than 3 characters are left out', 'The qa and of which corpus is it', ['corpus']],
    ['all-digit words are left out, words with digits are kept', '2023 v2 abc123 1e5 42 000', ['abc123', '1e5']],
    ['each word once, in order of first occurrence', 'corpus Corpus CORPUS banana corpus', ['corpus', 'banana']],
    ['non-ASCII letters split words', 'naïve données', ['donn']],
  ];
  for (const [what, text, words] of cases) it(what, () => assert.deepEqual(cardTextWords(text, tasks), words));

  it('the longest task name at a token is masked first', () => {
    assert.deepEqual(cardTextWords('text generation corpus with text', ['text', 'text-generation']), ['corpus']);
    assert.deepEqual(cardTextWords('text generation corpus with text', ['text-generation']), ['corpus', 'text']);
  });

  it(`reads only the first ${CARD_TEXT_CHARS} characters`, () => {
    const head = 'alpha ' + '. '.repeat((CARD_TEXT_CHARS - 6) / 2);
    assert.equal(head.length, CARD_TEXT_CHARS);
    assert.deepEqual(cardTextWords(head + 'omega', tasks), ['alpha']);
    assert.deepEqual(cardTextWords(head.slice(0, -4) + 'omega', tasks), ['alpha', 'omeg']);
  });
});

/** The quads of datasets (or models) with a card text and maybe a task. */
function cards(list: Array<{ iri: string; text: string; task?: string; kind?: string }>): Quad[] {
  return list.flatMap(({ iri, text, task, kind }) => [
    quad(namedNode(iri), namedNode(STD.type), namedNode(kind ?? CLASS.Dataset)),
    quad(namedNode(iri), namedNode(STD.description), literal(text)),
    ...(task ? [quad(namedNode(iri), namedNode(OBJ.task), namedNode(T + task))] : []),
  ]);
}

/** One card-word statistic as CardWordCounter.stats() gives it. */
const stat = (word: string, task: string, tagged: number, carriers: number) => ({
  word,
  task: T + task,
  tagged,
  carriers,
});

function counterOf(quads: Quad[]): CardWordCounter {
  const entities = new GraphEntities();
  const counter = new CardWordCounter(entities);
  for (const q of quads) {
    entities.addQuad(q);
    counter.addQuad(q);
  }
  return counter;
}

describe('card words: the rarest 10 of each dataset', () => {
  const twelve = ['lima', 'kilo', 'juliet', 'india', 'hotel', 'golf', 'foxtrot', 'echo', 'delta', 'charlie', 'bravo'];
  const all = [...twelve, 'alpha'];

  it(`words shared by equally many datasets: the first ${CARD_WORDS} by the word`, () => {
    const counter = counterOf(
      cards([
        { iri: D + 'a/one', text: all.join(' ') },
        { iri: D + 'b/two', text: all.join(' ') },
      ]),
    );
    const expected = [...all].sort().slice(0, CARD_WORDS);
    assert.deepEqual([...counter.cardWords()][0]!.words, expected);
  });

  it('the words fewer datasets share come first; a word of one card only is none', () => {
    const counter = counterOf(
      cards([
        { iri: D + 'a/one', text: all.join(' ') + ' zulu' },
        { iri: D + 'b/two', text: all.join(' ') },
        { iri: D + 'c/three', text: 'alpha bravo charlie' },
      ]),
    );
    const one = [...counter.cardWords()].find((d) => d.iri === D + 'a/one')!;
    // alpha, bravo, charlie have 3 carriers; the 9 others 2, zulu 1
    assert.deepEqual(one.words, [...twelve.filter((w) => !['bravo', 'charlie'].includes(w)).sort(), 'alpha']);
  });
});

describe('card words: counts on a small graph', () => {
  const counter = counterOf(
    cards([
      {
        iri: D + 'p/ner-a',
        text: 'Named entity corpus with conll labels. Token classification data.',
        task: 'token-classification',
      },
      { iri: D + 'p/ner-b', text: 'Another conll corpus, named entity labels', task: 'token-classification' },
      { iri: D + 'q/mt-a', text: 'Parallel corpus for translation, europarl sentences', task: 'translation' },
      { iri: D + 'q/mt-b', text: 'europarl sentences aligned', task: 'translation' },
      { iri: D + 'r/untasked', text: 'conll labels for named entity recognition' },
      { iri: D + 'r/zebra', text: 'unique words only zebra' },
      { iri: D + 'r/aligned', text: 'aligned zebra' },
      // a model's card counts for no word (models get no card words)
      { iri: M + 's/model', text: 'conll conll', kind: CLASS.Model, task: 'token-classification' },
      // nor does one under another base (where its IRI does not tell its kind)
      { iri: 'https://example.org/model/s/other', text: 'conll conll', kind: CLASS.Model },
    ]).reverse(), // tasks and cards before kinds, as a dump may order them
  );

  it('each dataset gets its rarest words shared with another dataset, and how many have statistics', () => {
    const entity = ['conll', 'corpus', 'entity', 'labels', 'named'];
    assert.deepEqual(
      [...counter.cardWords()],
      [
        { iri: D + 'p/ner-a', words: entity, withStatistics: 5 },
        { iri: D + 'p/ner-b', words: entity, withStatistics: 5 },
        { iri: D + 'q/mt-a', words: ['europarl', 'sentences', 'corpus'], withStatistics: 3 },
        { iri: D + 'q/mt-b', words: ['aligned', 'europarl', 'sentences'], withStatistics: 3 },
        { iri: D + 'r/aligned', words: ['aligned', 'zebra'], withStatistics: 1 },
        { iri: D + 'r/untasked', words: ['conll', 'entity', 'labels', 'named'], withStatistics: 4 },
        { iri: D + 'r/zebra', words: ['zebra'], withStatistics: 0 },
      ],
    );
  });

  it('counts the tasked datasets that have each card word, and those of them with each task', () => {
    assert.deepEqual(counter.stats(), [
      stat('aligned', 'translation', 1, 1),
      stat('conll', 'token-classification', 2, 2),
      stat('corpus', 'token-classification', 2, 3),
      stat('corpus', 'translation', 1, 3),
      stat('entity', 'token-classification', 2, 2),
      stat('europarl', 'translation', 2, 2),
      stat('labels', 'token-classification', 2, 2),
      stat('named', 'token-classification', 2, 2),
      stat('sentences', 'translation', 2, 2),
    ]);
  });

  it('writes the links, the counts (none for 0), typed statistic nodes; the evaluation recognises every line', () => {
    const quads = [...counter.quads()];
    const lines = quads.map((q) => {
      const o = q.object;
      const object = o.termType === 'Literal' ? `"${o.value}"^^<${o.datatype.value}>` : `<${o.value}>`;
      return `<${q.subject.value}> <${q.predicate.value}> ${object} .`;
    });
    for (const line of lines) assert.ok(isStatisticLine(line), line);
    const of = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p);
    assert.equal(of(D + 'p/ner-a', DATA.cardWord).length, 5);
    assert.deepEqual(
      of(D + 'p/ner-a', DATA.cardWordCount).map((q) => q.object.value),
      ['5'],
    );
    assert.deepEqual(of(D + 'r/zebra', DATA.cardWordCount), []);
    assert.deepEqual(of(M + 's/model', DATA.cardWord), []);
    const node = cardWordStatNode('conll', T + 'token-classification');
    assert.equal(node, T + 'token-classification#card-conll');
    assert.deepEqual(
      of(node, STD.type).map((q) => q.object.value),
      [CLASS.CardWordTaskStatistic],
    );
    assert.deepEqual(
      of(node, DATA.cardWordValue).map((q) => q.object.value),
      ['conll'],
    );
    assert.ok(!isCardWordLine(`<${D}p/ner-a> <${STD.description}> "conll corpus" .`));
  });
});

describe("card words: a dataset's column names", () => {
  const tasks = new Set(['translation', 'text_classification']);
  const cases: Array<[string, string | undefined]> = [
    ['ner_tags', 'ner_tags'],
    ['Question Text', 'question_text'],
    ['__label__', 'label'],
    ['id', undefined], // shorter than 3
    ['2023', undefined],
    ['1_2', undefined],
    ['which', undefined], // a stop word
    ['translation', undefined], // a task's name restates the task
    ['Translations', undefined],
    ['text-classification', undefined],
    ['translation_pairs', 'translation_pairs'],
    ['日本語', undefined],
  ];
  for (const [name, word] of cases)
    it(`${JSON.stringify(name)} -> ${JSON.stringify(word)}`, () => assert.equal(columnWord(name, tasks), word));

  const column = (iri: string, name: string) => quad(namedNode(iri), namedNode(DATA.columnName), literal(name));
  const quads = [
    ...cards([
      { iri: D + 'p/ner-a', text: 'conll corpus', task: 'token-classification' },
      { iri: D + 'q/mt-a', text: 'europarl corpus', task: 'translation' },
    ]),
    column(D + 'p/ner-a', 'tokens'),
    column(D + 'p/ner-a', 'ner_tags'),
    column(D + 'p/ner-a', 'id'),
    // a dataset with columns and no card text
    quad(namedNode(D + 'p/ner-b'), namedNode(STD.type), namedNode(CLASS.Dataset)),
    quad(namedNode(D + 'p/ner-b'), namedNode(OBJ.task), namedNode(T + 'token-classification')),
    column(D + 'p/ner-b', 'tokens'),
    column(D + 'p/ner-b', 'NER tags'),
    column(D + 'p/ner-b', 'ner_tags'),
    column(D + 'p/ner-b', 'Translation'),
    column(D + 'q/mt-a', 'translation'),
    column(D + 'q/mt-a', 'id'),
    quad(namedNode(D + 'r/untasked'), namedNode(STD.type), namedNode(CLASS.Dataset)),
    column(D + 'r/untasked', 'Tokens'),
    column(D + 'r/untasked', 'ner_tags'),
    // a model's columns count for nothing
    quad(namedNode(M + 's/model'), namedNode(STD.type), namedNode(CLASS.Model)),
    column(M + 's/model', 'tokens'),
    column(M + 's/model', 'ner_tags'),
  ];

  it('the column names at least 2 datasets declare join the card words; task names and short names do not', () => {
    const counter = counterOf(quads.reverse());
    assert.deepEqual(
      [...counter.cardWords()],
      [
        { iri: D + 'p/ner-a', words: ['corpus', 'ner_tags', 'tokens'], withStatistics: 3 },
        { iri: D + 'p/ner-b', words: ['ner_tags', 'tokens'], withStatistics: 2 },
        { iri: D + 'q/mt-a', words: ['corpus'], withStatistics: 1 },
        { iri: D + 'r/untasked', words: ['ner_tags', 'tokens'], withStatistics: 2 },
      ],
    );
    assert.deepEqual(counter.stats(), [
      stat('corpus', 'token-classification', 1, 2),
      stat('corpus', 'translation', 1, 2),
      stat('ner_tags', 'token-classification', 2, 2),
      stat('tokens', 'token-classification', 2, 2),
    ]);
  });

  it(`at most ${CARD_WORDS} column words, the rarest first, beside the card's own`, () => {
    const names = Array.from({ length: CARD_WORDS + 3 }, (_, i) => `col_${String.fromCharCode(109 - i)}`);
    const two = ['a/one', 'b/two'].flatMap((id) => [
      ...cards([{ iri: D + id, text: 'shared words corpus' }]),
      ...names.map((n) => column(D + id, n)),
    ]);
    // col_m is declared by a third dataset too: the rarest are the others, by their text
    const counter = counterOf([...two, column(D + 'c/three', 'col_m'), ...cards([{ iri: D + 'c/three', text: 'x' }])]);
    const one = [...counter.cardWords()].find((d) => d.iri === D + 'a/one')!;
    const rarest = names
      .filter((n) => n !== 'col_m')
      .sort()
      .slice(0, CARD_WORDS);
    assert.deepEqual(one.words, ['corpus', 'shared', 'words', ...rarest]);
  });
});

const CARD_GRAPH = join(FIXTURES_DIR, 'queries', 'card-words.ttl');

describe('classify-task reads the card words of a dataset', () => {
  let store: EmbeddedStore;
  before(async () => {
    store = await fixtureStore(CARD_GRAPH);
  });
  after(() => store.close());

  it('a dataset with only card evidence gets the task of the datasets sharing its card words', async () => {
    const { rows } = await runQuery(store, 'classify-task', { entity: 'dataset/z/plain', k: '10' });
    const top = rows[0]!;
    assert.equal(short(top.task), 'task/token-classification');
    // conll and entity: each 2 tasked datasets, both token classification: 2 / 3; "annotations" is in one card only
    assert.ok(Math.abs(Number(top.card) - 2 / 3) < 1e-9, String(top.card));
    assert.equal(Number(top.name), 0);
    assert.equal(Number(top.tag), 0);
  });

  it('wCard weighs it: at 0 the prior (the most frequent task of datasets) wins', async () => {
    const { rows } = await runQuery(store, 'classify-task', { entity: 'dataset/z/plain', wCard: '0' });
    assert.equal(short(rows[0]!.task), 'task/text-classification');
  });

  it('a model with the same card gets no card signal (models have no card words)', async () => {
    const { rows } = await runQuery(store, 'classify-task', { entity: 'model/z/plain', k: '10' });
    assert.ok(rows.every((r) => Number(r.card) === 0));
    const links = await store.select(`SELECT ?w WHERE { <${M}z/plain> <${DATA.cardWord}> ?w }`);
    assert.equal(links.length, 0);
  });

  it(`statistics version ${STATISTICS_VERSION}: card words, read by classify-task, probed by predicates`, async () => {
    // version 5 added the column names to the card words: every graph with them carries the marker, so no probes
    assert.deepEqual(
      STATISTICS_VERSIONS.filter((v) => v.version === 5).map((v) => [v.readBy, v.probes]),
      [[['classify-task'], []]],
    );
    const v4 = STATISTICS_VERSIONS.find((v) => v.version === 4)!;
    assert.deepEqual(v4.readBy, ['classify-task']);
    assert.deepEqual([...v4.probes].sort(), [DATA.cardWord, DATA.cardWordCount, DATA.cardWordValue].sort());
    // the build writes every probe, and marks the graph with this version
    for (const p of v4.probes) {
      assert.ok((await store.select(`SELECT ?s WHERE { ?s <${p}> ?o } LIMIT 1`)).length > 0, p);
    }
    const check = await checkStatisticsVersion(store);
    assert.deepEqual([check.found, check.marked, check.staleQueries], [STATISTICS_VERSION, true, []]);
  });
});

describe('card words in a build, and recomputed by the evaluation @slow', function () {
  this.timeout(120_000);
  const dir = tempDir('hkg-cards-');
  const dataset = (id: string, task: string | undefined, readme: string, columns: string[] = ['tokens', 'ner_tags']) =>
    JSON.stringify({
      id,
      tags: task ? [`task_categories:${task}`] : [],
      readme: `---\nlicense: mit\n---\n${readme}`,
      cardData: { license: 'mit', dataset_info: { features: columns.map((name) => ({ name, dtype: 'string' })) } },
    });
  let lines: string[];

  before(async () => {
    mkdirSync(join(dir, 'snapshot'));
    writeFileSync(
      join(dir, 'snapshot', 'datasets.jsonl'),
      [
        dataset('p/one', 'token-classification', '# One\nconll entity corpus, for Token Classification'),
        dataset('p/two', 'token-classification', 'conll entity set'),
        dataset('z/plain', undefined, 'conll entity annotations'),
      ].join('\n') + '\n',
    );
    await build({ snapshot: join(dir, 'snapshot'), out: join(dir, 'out'), progress: false });
    lines = gunzipSync(readFileSync(join(dir, 'out', 'huggingkg.nt.gz')))
      .toString('utf8')
      .split('\n');
  });

  const has = (line: string) => lines.includes(line);
  const word = (id: string, w: string) => `<${D}${id}> <${DATA.cardWord}> "${w}" .`;
  const count = (id: string, n: number) => `<${D}${id}> <${DATA.cardWordCount}> "${n}"^^<${XSD_INTEGER}> .`;
  const statNode = (task: string, w: string) => `<${cardWordStatNode(w, T + task)}>`;

  it('the dump holds the card words, their counts and statistics (task names and front matter masked out)', () => {
    for (const id of ['p/one', 'p/two', 'z/plain']) {
      assert.ok(has(word(id, 'conll')) && has(word(id, 'entity')), id);
      // the card's column names, as data and as card words
      assert.ok(has(`<${D}${id}> <${DATA.columnName}> "ner_tags" .`), id);
      assert.ok(has(word(id, 'ner_tags')) && has(word(id, 'tokens')), id);
      assert.ok(has(count(id, 4)), id);
    }
    assert.ok(!lines.some((l) => l.includes(`<${DATA.cardWord}> "token"`) || l.includes(`<${DATA.cardWord}> "mit"`)));
    assert.ok(has(`${statNode('token-classification', 'conll')} <${STD.type}> <${CLASS.CardWordTaskStatistic}> .`));
    assert.ok(has(`${statNode('token-classification', 'conll')} <${DATA.tagCarriers}> "2"^^<${XSD_INTEGER}> .`));
    const report = readFileSync(join(dir, 'out', 'validation-report.ttl'), 'utf8');
    assert.match(report, /sh:conforms true/);
  });

  it("the evaluation drops them and recomputes them without a held-out dataset's task", async () => {
    const taskLine = `<${D}p/two> <${OBJ.task}> <${T}token-classification> .`;
    assert.ok(has(taskLine));
    const out = join(dir, 'without.nt');
    await writeWithout(join(dir, 'out', 'huggingkg.nt.gz'), new Set([taskLine]), out);
    const kept = readFileSync(out, 'utf8').split('\n');
    // the held-out dataset keeps its card words (chosen without reading a task), counted once
    assert.equal(kept.filter((l) => l === word('p/two', 'conll')).length, 1);
    // the statistics count one tasked dataset with "conll" now
    const carriers = `${statNode('token-classification', 'conll')} <${DATA.tagCarriers}> `;
    assert.deepEqual(
      kept.filter((l) => l.startsWith(carriers)),
      [`${carriers}"1"^^<${XSD_INTEGER}> .`],
    );
  });
});
