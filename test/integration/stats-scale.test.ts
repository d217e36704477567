// Statistics for the Hub-sized graph (issue 16): the task-year statistics (src/stats/task-years.ts) and the lineage
// closure hkg:ancestorOrSelf (src/stats/lineage-closure.ts). Counted from quads and from dump lines alike, recognised
// as statistic lines (the evaluation recomputes them), written by a build that still conforms to the shapes, and read
// by the canned queries on the real embedded store with the same answers as the whole-graph computations they replace.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import N3, { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { build } from '../../src/build/build.js';
import { toRow } from '../../src/queries/cells.js';
import { runQuery } from '../../src/queries/registry.js';
import { GraphStatistics, isStatisticLine } from '../../src/stats/graph-statistics.js';
import { LineageClosure } from '../../src/stats/lineage-closure.js';
import { TaskYearCounter, yearOf } from '../../src/stats/task-years.js';
import { generatePlanted } from '../../src/synth/planted.js';
import type { EmbeddedStore } from '../../src/store/embedded.js';
import { CLASS, DATA, OBJ, STD } from '../../src/vocab.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { short, turtleStore } from '../helpers/queries-fixture.js';

const { namedNode, literal, quad } = DataFactory;
const B = 'https://w3id.org/huggingkg/';

const PREFIXES = `@prefix hkg: <https://w3id.org/huggingkg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix m: <${B}model/> .
@prefix d: <${B}dataset/> .
@prefix t: <${B}task/> .
`;

// Two years, two tasks, models and datasets, one dataset with two tasks, one model without a date, one untyped entity.
const TASK_YEARS = `${PREFIXES}
t:a a hkg:Task ; schema:name "A" .
t:b a hkg:Task ; schema:name "B" .
m:x1 a hkg:Model ; hkg:task t:a ; schema:dateCreated "2022-01-02T00:00:00Z"^^xsd:dateTime .
m:x2 a hkg:Model ; hkg:task t:a ; schema:dateCreated "2022-12-31T23:00:00Z"^^xsd:dateTime .
m:x3 a hkg:Model ; hkg:task t:b ; schema:dateCreated "2022-05-05T00:00:00Z"^^xsd:dateTime .
m:x4 a hkg:Model ; hkg:task t:b ; schema:dateCreated "2023-05-05T00:00:00Z"^^xsd:dateTime .
m:x5 a hkg:Model ; hkg:task t:b .
m:x6 a hkg:Model ; schema:dateCreated "2023-01-01T00:00:00Z"^^xsd:dateTime .
d:y1 a hkg:Dataset ; hkg:task t:a, t:b ; schema:dateCreated "2023-03-03T00:00:00Z"^^xsd:dateTime .
d:y2 a hkg:Dataset ; hkg:task t:b ; schema:dateCreated "2023-04-04T00:00:00Z"^^xsd:dateTime .
<${B}space/z> hkg:task t:a ; schema:dateCreated "2023-04-04T00:00:00Z"^^xsd:dateTime .
`;

// What task-distribution-by-year computed before the statistics: every tasked entity grouped by year, at query time.
const TASK_YEARS_BY_ENTITY = `PREFIX hkg: <https://w3id.org/huggingkg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?year ?task ?count ?share WHERE {
  { SELECT ?year ?task (COUNT(DISTINCT ?entity) AS ?count) WHERE {
      ?entity hkg:task ?task ; schema:dateCreated ?created ; a ?class .
      VALUES (?entityKind ?class) { ("model" hkg:Model) ("dataset" hkg:Dataset) }
      FILTER(?kind = "any" || ?kind = ?entityKind) BIND(YEAR(?created) AS ?year) } GROUP BY ?year ?task }
  { SELECT ?year (COUNT(DISTINCT ?e) AS ?yearTotal) WHERE {
      ?e hkg:task ?anyTask ; schema:dateCreated ?c ; a ?cls .
      VALUES (?eKind ?cls) { ("model" hkg:Model) ("dataset" hkg:Dataset) }
      FILTER(?kind = "any" || ?kind = ?eKind) BIND(YEAR(?c) AS ?year) } GROUP BY ?year }
  BIND(1.0 * ?count / ?yearTotal AS ?share)
} ORDER BY ?year DESC(?count) ?task`;

// Lineage with a chain, a merge of two branches and a second root: r1 <- a <- b <- c ; r2 <- m ; a <- m (merge) ; m <-
// q
const LINEAGE = `${PREFIXES}
m:r1 a hkg:Model . m:r2 a hkg:Model .
m:a a hkg:Model ; hkg:fineTunedFrom m:r1 .
m:b a hkg:Model ; hkg:adapterOf m:a .
m:c a hkg:Model ; hkg:quantizedFrom m:b .
m:m a hkg:Model ; hkg:mergedFrom m:a, m:r2 .
m:q a hkg:Model ; hkg:quantizedFrom m:m .
m:alone a hkg:Model .
`;

const PATH = '(hkg:fineTunedFrom|hkg:adapterOf|hkg:mergedFrom|hkg:quantizedFrom)';
const STEP = 'FILTER(?relation IN (hkg:fineTunedFrom, hkg:adapterOf, hkg:mergedFrom, hkg:quantizedFrom))';
// The property-path forms the lineage queries had before the closure (Virtuoso walks these step by step).
const PATH_QUERIES: Record<string, (model: string) => string> = {
  'lineage-ancestors': (model) => `PREFIX hkg: <https://w3id.org/huggingkg/ontology#>
    SELECT ?derived ?relation ?base ?depth (MIN(STR(?top)) AS ?root) WHERE {
      { SELECT ?derived ?relation ?base (COUNT(DISTINCT ?mid) AS ?depth) WHERE {
          <${model}> ${PATH}* ?mid . ?mid ${PATH}* ?derived . ?derived ?relation ?base . ${STEP} }
        GROUP BY ?derived ?relation ?base }
      OPTIONAL { ?base ${PATH}* ?top . FILTER NOT EXISTS { ?top ${PATH} ?above } }
    } GROUP BY ?derived ?relation ?base ?depth ORDER BY ?depth ?derived ?base`,
  'lineage-descendants': (model) => `PREFIX hkg: <https://w3id.org/huggingkg/ontology#>
    SELECT ?derived ?relation ?base (COUNT(DISTINCT ?mid) AS ?depth) WHERE {
      ?mid ${PATH}* <${model}> . ?base ${PATH}* ?mid . ?derived ?relation ?base . ${STEP}
    } GROUP BY ?derived ?relation ?base ORDER BY ?depth ?base ?derived`,
  'lineage-tree': (model) => `PREFIX hkg: <https://w3id.org/huggingkg/ontology#>
    SELECT ?derived ?relation ?base (COUNT(DISTINCT ?mid) AS ?depth) ?root WHERE {
      <${model}> ${PATH}* ?root . FILTER NOT EXISTS { ?root ${PATH} ?above }
      ?mid ${PATH}* ?root . ?base ${PATH}* ?mid . ?derived ?relation ?base . ${STEP}
    } GROUP BY ?root ?derived ?relation ?base ORDER BY ?root ?depth ?base ?derived`,
};

function turtleQuads(turtle: string): Quad[] {
  return new N3.Parser({ format: 'text/turtle' }).parse(turtle) as Quad[];
}

const rowKey = (r: Record<string, unknown>, cols: string[]) => cols.map((c) => short(r[c])).join(' ');

describe('task-year statistics (src/stats/task-years.ts)', () => {
  it('counts models and datasets per task and year of creation, and the tasked ones per year', () => {
    const counter = new TaskYearCounter();
    for (const q of turtleQuads(TASK_YEARS)) counter.addQuad(q);
    assert.deepEqual(
      counter.stats().map((s) => [short(s.task), s.year, s.models, s.datasets, s.yearModels, s.yearDatasets]),
      [
        ['task/a', 2022, 2, 0, 3, 0],
        ['task/a', 2023, 0, 1, 1, 2],
        ['task/b', 2022, 1, 0, 3, 0],
        ['task/b', 2023, 1, 2, 1, 2],
      ],
    );
  });

  it("reads the year as SPARQL YEAR() does, in the literal's own timezone", () => {
    assert.equal(yearOf('2022-12-31T23:30:00-05:00'), 2022);
    assert.equal(yearOf('2023-01-01'), 2023);
    assert.equal(yearOf('-0044-03-15T00:00:00Z'), -44);
    assert.equal(yearOf('not a date'), undefined);
  });

  it('counts the same from dump lines as from quads, in any order, and its lines are statistic lines', () => {
    const quads = turtleQuads(TASK_YEARS);
    const fromQuads = new GraphStatistics();
    for (const q of quads) fromQuads.add(q);
    const writer = new N3.Writer({ format: 'N-Triples' });
    const lines = quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object).trim()).reverse();
    const fromLines = new GraphStatistics();
    for (const l of lines) fromLines.addLine(l);
    const text = (s: GraphStatistics) =>
      [...s.quads()].map((q) => writer.quadToString(q.subject, q.predicate, q.object).trim()).sort();
    assert.deepEqual(text(fromLines), text(fromQuads));
    const yearLines = text(fromQuads).filter((l) => l.startsWith(`<${B}task/a#year-2022>`));
    assert.equal(yearLines.length, 7);
    assert.ok(yearLines.every(isStatisticLine), 'every line of a task-year node is a statistic line');
    assert.ok(!lines.some(isStatisticLine), 'no line of the graph itself is');
  });

  for (const kind of ['model', 'dataset', 'any']) {
    it(`task-distribution-by-year (kind=${kind}) answers what grouping every entity by year answered`, async () => {
      const store = await turtleStore(TASK_YEARS);
      try {
        const { rows } = await runQuery(store, 'task-distribution-by-year', { kind });
        const expected = (await store.select(TASK_YEARS_BY_ENTITY.replace(/\?kind\b/g, `"${kind}"`))).map(toRow);
        const cols = ['year', 'task', 'count', 'share'];
        assert.ok(rows.length > 0);
        assert.deepEqual(
          rows.map((r) => rowKey(r, cols)),
          expected.map((r) => rowKey(r, cols)),
        );
        assert.deepEqual(rows.map((r) => short(r.label)).slice(0, 1), [kind === 'dataset' ? 'B' : 'A']);
      } finally {
        await store.close();
      }
    });
  }
});

describe('lineage closure hkg:ancestorOrSelf (src/stats/lineage-closure.ts)', () => {
  const M = (n: string) => `${B}model/${n}`;
  const closure = (quads: Quad[]) => {
    const c = new LineageClosure();
    for (const q of quads) c.add(q);
    return c
      .quads()
      .filter((q) => q.predicate.value === OBJ.ancestorOrSelf)
      .map((q) => `${short(q.subject.value)} ${short(q.object.value)}`)
      .sort();
  };

  it('gives every model with lineage itself and every model above it, through chains and merges', () => {
    const got = closure(turtleQuads(LINEAGE));
    const expected = [
      'r1 r1',
      'r2 r2',
      'a a',
      'a r1',
      'b b',
      'b a',
      'b r1',
      'c c',
      'c b',
      'c a',
      'c r1',
      'm m',
      'm a',
      'm r1',
      'm r2',
      'q q',
      'q m',
      'q a',
      'q r1',
      'q r2',
    ]
      .map((p) =>
        p
          .split(' ')
          .map((n) => `model/${n}`)
          .join(' '),
      )
      .sort();
    assert.deepEqual(got, expected);
    assert.ok(!got.some((l) => l.includes('alone')), 'a model without lineage gets nothing');
  });

  it('states hkg:derivedFrom once per lineage step, whatever its relations', () => {
    const c = new LineageClosure();
    const quads = turtleQuads(`${LINEAGE} m:c hkg:fineTunedFrom m:b .`);
    for (const q of quads) c.add(q);
    const steps = c
      .quads()
      .filter((q) => q.predicate.value === OBJ.derivedFrom)
      .map((q) => `${short(q.subject.value)} ${short(q.object.value)}`);
    assert.deepEqual(
      steps.sort(),
      ['a r1', 'b a', 'c b', 'm a', 'm r2', 'q m']
        .map((p) =>
          p
            .split(' ')
            .map((n) => `model/${n}`)
            .join(' '),
        )
        .sort(),
    );
    assert.ok(isStatisticLine(`<${M('a')}> <${OBJ.derivedFrom}> <${M('r1')}> .`));
  });

  it('ends on a lineage cycle and on a chain deeper than the call stack', () => {
    const step = (a: string, b: string) => quad(namedNode(M(a)), namedNode(OBJ.fineTunedFrom), namedNode(M(b)));
    const cyc = closure([step('x', 'y'), step('y', 'x')]);
    assert.ok(cyc.includes('model/x model/y') && cyc.includes('model/y model/x'));
    const deep: Quad[] = [];
    for (let i = 1; i <= 3_000; i++) deep.push(step(`n${i}`, `n${i - 1}`));
    const c = new LineageClosure();
    for (const q of deep) c.add(q);
    const above = c.ancestors();
    assert.equal(above[above.length - 1]!.length, 3_001);
  });

  it('gives a model whose only lineage is a self-loop itself, and no step', () => {
    const c = new LineageClosure();
    c.add(quad(namedNode(M('s')), namedNode(OBJ.fineTunedFrom), namedNode(M('s'))));
    assert.deepEqual(
      c.quads().map((q) => `${short(q.subject.value)} ${short(q.predicate.value)} ${short(q.object.value)}`),
      [`model/s ${short(OBJ.ancestorOrSelf)} model/s`],
    );
  });

  it('ignores other predicates and its lines are statistic lines', () => {
    const other = quad(namedNode(M('a')), namedNode(STD.type), namedNode(CLASS.Model));
    assert.deepEqual(closure([other, quad(namedNode(M('a')), namedNode(DATA.likeCount), literal('3'))]), []);
    assert.ok(isStatisticLine(`<${M('a')}> <${OBJ.ancestorOrSelf}> <${M('r1')}> .`));
    assert.ok(!isStatisticLine(`<${M('a')}> <${OBJ.fineTunedFrom}> <${M('r1')}> .`));
  });

  describe('the lineage queries read it and answer what the property paths answered', () => {
    let store: EmbeddedStore;
    before(async () => {
      store = await turtleStore(LINEAGE);
    });
    after(async () => store?.close());
    for (const name of Object.keys(PATH_QUERIES)) {
      for (const model of ['r1', 'a', 'b', 'c', 'm', 'q', 'alone']) {
        it(`${name} of ${model}`, async () => {
          const { rows } = await runQuery(store, name, { model: M(model) });
          const expected = (await store.select(PATH_QUERIES[name]!(M(model)))).map(toRow);
          const cols =
            name === 'lineage-descendants'
              ? ['derived', 'relation', 'base', 'depth']
              : ['derived', 'relation', 'base', 'depth', 'root'];
          assert.deepEqual(
            rows.map((r) => rowKey(r, cols)),
            expected.map((r) => rowKey(r, cols)),
          );
        });
      }
    }

    it("predict-base-model never proposes one of the model's descendants", async () => {
      const { rows } = await runQuery(store, 'predict-base-model', { model: M('a') });
      const offered = rows.map((r) => short(r.candidate));
      for (const below of ['b', 'c', 'm', 'q'])
        assert.ok(!offered.includes(`model/${below}`), `${below} in ${offered.join(', ')}`);
    });
  });
});

describe('the build writes the statistics and still conforms to the shapes', function () {
  this.timeout(120_000);
  it('task-year nodes and the lineage closure are in the N-Triples dump of a validated build', async () => {
    const dir = tempDir('hkg-stats-scale-');
    generatePlanted({ out: join(dir, 'snapshot'), seed: 7, scale: 0.05 });
    const report = await build({
      snapshot: join(dir, 'snapshot'),
      out: join(dir, 'out'),
      progress: false,
      validateWorkers: 0,
    });
    assert.equal(report.validation?.conforms, true);
    const lines = gunzipSync(readFileSync(join(dir, 'out', 'huggingkg.nt.gz')))
      .toString('utf8')
      .split('\n');
    const lineage = [OBJ.fineTunedFrom, OBJ.adapterOf, OBJ.mergedFrom, OBJ.quantizedFrom].map((p) => `> <${p}> <`);
    const steps = lines.filter((l) => lineage.some((p) => l.includes(p)));
    const has = new Set(lines.filter((l) => l.includes(`<${OBJ.ancestorOrSelf}>`)));
    assert.ok(steps.length > 5, 'the planted graph has lineage');
    for (const l of steps) {
      const derived = l.slice(1, l.indexOf('>'));
      const base = l.slice(l.lastIndexOf('<') + 1, l.lastIndexOf('>'));
      assert.ok(has.has(`<${derived}> <${OBJ.ancestorOrSelf}> <${base}> .`), l);
    }
    assert.ok(
      lines.some((l) => l.includes(`<${STD.type}> <${CLASS.TaskYearStatistic}>`)),
      'task-year statistics',
    );
  });
});
