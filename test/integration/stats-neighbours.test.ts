// classify-task's neighbour counts (src/stats/neighbour-counts.ts): on a built synthetic Hub graph and on the real-text
// corpus, every count the build wrote equals what SPARQL counts in the same graph (the subqueries classify-task ran
// before the counts were written), and no count is missing; the bounds (1,000 trainees, co-trainees, co-published
// works; bases of at most 101 derivatives for siblings) are kept; the evaluation drops and recomputes them.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { build } from '../../src/build/build.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import { toRow } from '../../src/queries/cells.js';
import { GraphStatistics, isStatisticLine } from '../../src/stats/graph-statistics.js';
import { NEIGHBOUR_COUNT_PREDICATES, NEIGHBOUR_LIMIT, SIBLING_BASE_LIMIT } from '../../src/stats/neighbour-counts.js';
import { nameTokens } from '../../src/stats/name-tokens.js';
import { openEmbeddedStore, type EmbeddedStore } from '../../src/store/embedded.js';
import { synthesize } from '../../src/synth/hubscale.js';
import { CLASS, DATA, OBJ, STD } from '../../src/vocab.js';
import { tempDir } from '../helpers/temp-dirs.js';

const { namedNode, literal, quad } = DataFactory;
const B = 'https://w3id.org/huggingkg/';

const TYPED = `?e a ?kind FILTER(?kind = hkg:Model || ?kind = hkg:Dataset)`;
const PREFIXES = 'PREFIX hkg: <https://w3id.org/huggingkg/ontology#> PREFIX schema: <https://schema.org/> ';

/** Per entity, the sum of 1 / carriers over its distinct tags that have a tag-task statistic (hkg:tagWeight). */
const TAG_WEIGHT = `SELECT ?e (SUM(1e0 / ?c) AS ?n) WHERE { SELECT DISTINCT ?e ?t ?c WHERE { ${TYPED}
  { ?e schema:keywords ?t } UNION { ?e hkg:library ?t } ?s hkg:tagValue ?t ; hkg:tagCarriers ?c } } GROUP BY ?e`;

/** Per count, the SPARQL that counts it per entity at query time (as classify-task did before the build wrote them). */
const COUNTED: Record<string, string> = {
  [DATA.baseCount]: `SELECT ?e (COUNT(DISTINCT ?b) AS ?n) WHERE { ${TYPED} ?e hkg:derivedFrom ?b } GROUP BY ?e`,
  [DATA.grandBaseCount]: `SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE { ${TYPED}
    ?e hkg:derivedFrom ?b . ?b hkg:derivedFrom ?g } GROUP BY ?e`,
  [DATA.baseTaskCount]: `SELECT ?e (COUNT(DISTINCT ?t) AS ?n) WHERE { ${TYPED}
    ?e hkg:derivedFrom ?b . ?b hkg:task ?t } GROUP BY ?e`,
  [DATA.siblingCount]: `SELECT ?e (COUNT(DISTINCT ?s) AS ?n) WHERE { ${TYPED}
    ?e hkg:derivedFrom ?b . ?b hkg:derivativeCount ?c FILTER(?c <= ${SIBLING_BASE_LIMIT})
    ?s hkg:derivedFrom ?b FILTER(?s != ?e) } GROUP BY ?e`,
  [DATA.trainingSetCount]: `SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { ${TYPED} ?e hkg:trainedOn ?d } GROUP BY ?e`,
  [DATA.traineeCount]: `SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE { ${TYPED} ?m hkg:trainedOn ?e } GROUP BY ?e
    HAVING(COUNT(DISTINCT ?m) <= ${NEIGHBOUR_LIMIT})`,
  [DATA.coTraineeCount]: `SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE { ${TYPED}
    ?e hkg:trainedOn ?d . ?c hkg:trainedOn ?d FILTER(?c != ?e) } GROUP BY ?e
    HAVING(COUNT(DISTINCT ?c) <= ${NEIGHBOUR_LIMIT})`,
  [DATA.coPublishedTaskedCount]: `SELECT ?e (COUNT(DISTINCT ?p) AS ?n) WHERE { ${TYPED}
    ?e hkg:publishedBy ?a . ?p hkg:publishedBy ?a . ?p hkg:task ?t FILTER(?p != ?e) } GROUP BY ?e
    HAVING(COUNT(DISTINCT ?p) <= ${NEIGHBOUR_LIMIT})`,
};

async function countsBy(store: EmbeddedStore, sparql: string): Promise<Map<string, number>> {
  const rows = (await store.select(PREFIXES + sparql)).map(toRow);
  return new Map(rows.map((r) => [String(r.e), Number(r.n)]));
}

/** The name words of each model and dataset that have a name-token statistic, counted from the graph's hub ids. */
async function nameWordsBy(store: EmbeddedStore): Promise<Map<string, number>> {
  const words = new Set(
    (await store.select(`${PREFIXES} SELECT DISTINCT ?w WHERE { ?s hkg:nameToken ?w }`)).map((r) => String(toRow(r).w)),
  );
  const ids = (await store.select(`${PREFIXES} SELECT ?e ?id WHERE { ${TYPED} ?e hkg:hubId ?id }`)).map(toRow);
  return new Map(ids.map((r) => [String(r.e), nameTokens(String(r.id)).filter((w) => words.has(w)).length]));
}

function withoutZeros(counts: Map<string, number>): Map<string, number> {
  return new Map([...counts].filter(([, n]) => n > 0));
}

/** `everyCount`: the graph must have entities with every count (the synthetic one does; a small corpus need not). */
function checkAgainstSparql(name: string, out: () => string, { everyCount }: { everyCount: boolean }): void {
  describe(`neighbour counts on ${name}: each equals what SPARQL counts`, function () {
    this.timeout(180_000);
    let store: EmbeddedStore;
    before(async () => {
      store = await openEmbeddedStore({ files: [join(out(), 'huggingkg.nt.gz')], workers: 1 });
    });
    after(() => store?.close());

    for (const [predicate, sparql] of Object.entries(COUNTED)) {
      const local = predicate.slice(predicate.indexOf('#') + 1);
      it(`hkg:${local}`, async () => {
        const expected = withoutZeros(await countsBy(store, sparql));
        const written = await countsBy(store, `SELECT ?e ?n WHERE { ?e <${predicate}> ?n }`);
        if (everyCount) assert.ok(expected.size > 0, `the graph has ${local} to count`);
        assert.deepEqual(written, expected);
      });
    }
    it('hkg:tagWeight (to 12 significant digits: the sums add in another order)', async () => {
      const expected = await countsBy(store, TAG_WEIGHT);
      const written = await countsBy(store, `SELECT ?e ?n WHERE { ?e <${DATA.tagWeight}> ?n }`);
      if (everyCount) assert.ok(expected.size > 0, 'the graph has tags with statistics');
      const rounded = (m: Map<string, number>) => new Map([...m].map(([e, n]) => [e, n.toPrecision(12)]));
      assert.deepEqual(rounded(written), rounded(expected));
    });
    it('hkg:nameWordCount', async () => {
      const expected = withoutZeros(await nameWordsBy(store));
      const written = await countsBy(store, `SELECT ?e ?n WHERE { ?e <${DATA.nameWordCount}> ?n }`);
      assert.ok(expected.size > 0, 'some names have words with statistics');
      assert.deepEqual(written, expected);
    });
  });
}

describe('neighbour counts of built graphs', () => {
  it('every count the build writes is checked below', () => {
    assert.deepEqual(
      new Set([...Object.keys(COUNTED), DATA.nameWordCount, DATA.tagWeight]),
      new Set(NEIGHBOUR_COUNT_PREDICATES),
    );
  });

  let synthOut = '';
  let realOut = '';
  before(async function () {
    this.timeout(180_000);
    const dir = tempDir('hkg-neighbours-');
    await synthesize({ scale: 0.003, seed: 5, out: join(dir, 'snapshot') });
    const synth = await build({ snapshot: join(dir, 'snapshot'), out: join(dir, 'out'), progress: false });
    assert.equal(synth.validation?.conforms, true, 'the synthetic build with its counts conforms to the shapes');
    synthOut = join(dir, 'out');
    const real = await build({
      snapshot: join(FIXTURES_DIR, 'real-text', 'snapshot'),
      out: join(dir, 'real'),
      progress: false,
      validate: false,
    });
    assert.ok(real.triples > 0);
    realOut = join(dir, 'real');
  });

  checkAgainstSparql('a synthetic Hub graph', () => synthOut, { everyCount: true });
  checkAgainstSparql('the real-text corpus', () => realOut, { everyCount: false });
});

describe('neighbour counts: the bounds classify-task reads them with', () => {
  const m = (i: number) => `${B}model/u/m${i}`;
  const typed = (iri: string, cls: string) => quad(namedNode(iri), namedNode(STD.type), namedNode(cls));
  const countOf = (quads: Quad[], entity: string, predicate: string) =>
    quads.find((q) => q.subject.value === entity && q.predicate.value === predicate)?.object.value;

  function statistics(input: Quad[]): Quad[] {
    const s = new GraphStatistics();
    for (const q of input) s.add(q);
    return [...s.quads()];
  }

  it(`${NEIGHBOUR_LIMIT} trainees or co-trainees are counted, ${NEIGHBOUR_LIMIT + 1} are too many`, () => {
    const [a, b, c] = ['a', 'b', 'c'].map((d) => `${B}dataset/u/${d}`) as [string, string, string];
    const x = `${B}model/u/x`;
    const input: Quad[] = [
      typed(a, CLASS.Dataset),
      typed(b, CLASS.Dataset),
      typed(c, CLASS.Dataset),
      typed(x, CLASS.Model),
    ];
    const train = (model: string, dataset: string) =>
      input.push(quad(namedNode(model), namedNode(OBJ.trainedOn), namedNode(dataset)));
    // a: m0..m999; b: m0..m1000; c: m0 and x
    for (let i = 0; i <= NEIGHBOUR_LIMIT; i++) {
      input.push(typed(m(i), CLASS.Model));
      train(m(i), b);
      if (i < NEIGHBOUR_LIMIT) train(m(i), a);
    }
    train(m(0), c);
    train(x, c);
    const out = statistics(input);
    assert.equal(countOf(out, a, DATA.traineeCount), String(NEIGHBOUR_LIMIT));
    assert.equal(countOf(out, b, DATA.traineeCount), undefined);
    assert.equal(countOf(out, m(NEIGHBOUR_LIMIT), DATA.coTraineeCount), String(NEIGHBOUR_LIMIT), 'm0..m999 on b');
    assert.equal(countOf(out, m(0), DATA.coTraineeCount), undefined, 'm1..m1000 and x');
    assert.equal(countOf(out, x, DATA.coTraineeCount), '1');
    assert.equal(countOf(out, m(0), DATA.trainingSetCount), '3');
  });

  it(`siblings are counted under bases of at most ${SIBLING_BASE_LIMIT} derivatives only`, () => {
    const input: Quad[] = [typed(`${B}model/u/small`, CLASS.Model), typed(`${B}model/u/large`, CLASS.Model)];
    for (let i = 0; i <= SIBLING_BASE_LIMIT; i++) {
      input.push(typed(m(i), CLASS.Model));
      input.push(quad(namedNode(m(i)), namedNode(OBJ.fineTunedFrom), namedNode(`${B}model/u/large`)));
      if (i < 3) input.push(quad(namedNode(m(i)), namedNode(OBJ.adapterOf), namedNode(`${B}model/u/small`)));
    }
    const out = statistics(input);
    assert.equal(countOf(out, m(0), DATA.siblingCount), '2', 'the two other derivatives of the small base');
    assert.equal(countOf(out, m(0), DATA.baseCount), '2');
    assert.equal(countOf(out, m(5), DATA.siblingCount), undefined, `the large base has ${SIBLING_BASE_LIMIT + 1}`);
  });

  it('co-published works count only when they have a task, the entity itself never', () => {
    const org = namedNode(`${B}org/o`);
    const input: Quad[] = [];
    for (let i = 0; i < 4; i++) {
      input.push(typed(m(i), CLASS.Model), quad(namedNode(m(i)), namedNode(OBJ.publishedBy), org));
      input.push(quad(namedNode(m(i)), namedNode(DATA.hubId), literal(`u/m${i}`)));
    }
    input.push(quad(namedNode(m(0)), namedNode(OBJ.task), namedNode(`${B}task/a`)));
    input.push(quad(namedNode(m(1)), namedNode(OBJ.task), namedNode(`${B}task/b`)));
    const out = statistics(input);
    assert.equal(countOf(out, m(0), DATA.coPublishedTaskedCount), '1');
    assert.equal(countOf(out, m(2), DATA.coPublishedTaskedCount), '2');
  });

  it('a dump line of a count is a statistic line (the evaluation drops it and counts again)', () => {
    assert.equal(
      isStatisticLine(`<${m(0)}> <${DATA.siblingCount}> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .`),
      true,
    );
    assert.equal(isStatisticLine(`<${m(0)}> <${OBJ.trainedOn}> <${B}dataset/u/a> .`), false);
  });
});
