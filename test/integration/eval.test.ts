// huggingkg eval: on a planted-structure snapshot built by the real build (snapshot -> mapper -> dump), each canned
// query
// beats its baselines by a clear margin, the held-out triples are really gone from the store, and the report is the
// same
// for the same seed. Also reads HuggingBench's own split files.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../src/build/build.js';
import { runEval } from '../../src/eval/eval.js';
import { normalTag, scanGraph, taskRestatements } from '../../src/eval/graph-scan.js';
import { planCls } from '../../src/eval/classification.js';
import { itemCf, planRec } from '../../src/eval/recommendation.js';
import { planTrace, TRACE_WEIGHTS } from '../../src/eval/tracing.js';
import { withHeldOutStore } from '../../src/eval/common.js';
import type { EmbeddedStore } from '../../src/store/embedded.js';
import { f1Intervals, filteredRank, f1Scores, meanIntervals, ndcgAt, recallAt } from '../../src/eval/metrics.js';
import { deterministicPart, type EvalReport } from '../../src/eval/report.js';
import { generatePlanted } from '../../src/synth/planted.js';
import { Rng } from '../../src/synth/random.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import { must } from '../helpers/must.js';
import { fixtureNTriples } from '../helpers/queries-fixture.js';
import { tempDir } from '../helpers/temp-dirs.js';

describe('eval metrics', () => {
  it('Recall@K, NDCG@K, filtered rank and F1 on hand-computed cases', () => {
    const rel = new Set(['a', 'c']);
    assert.equal(recallAt(['a', 'b', 'c'], rel, 2), 0.5);
    assert.ok(Math.abs(ndcgAt(['b', 'a'], new Set(['a']), 2) - 1 / Math.log2(3)) < 1e-12);
    assert.equal(ndcgAt(['a', 'c'], rel, 5), 1);
    assert.equal(filteredRank(['x', 'y', 't'], 't', new Set(['y'])), 2);
    assert.equal(filteredRank(['x'], 't', new Set()), Infinity);
    const s = f1Scores(
      new Map([
        ['e1', new Set(['A'])],
        ['e2', new Set(['B'])],
      ]),
      new Map([
        ['e1', new Set(['A'])],
        ['e2', new Set(['A'])],
      ]),
    );
    assert.equal(s.microF1, 0.5);
    assert.equal(s.accuracy, 0.5);
    assert.ok(Math.abs(s.macroF1 - (2 / 3 + 0) / 2) < 1e-12);
  });
});

describe('eval intervals and stronger baselines', () => {
  it('bootstrap intervals: seeded, around the estimate, narrower with more cases', () => {
    const small = [1, 0, 1, 1, 0, 1, 0, 1, 1, 0];
    const big = Array.from({ length: 40 }, () => small).flat();
    const a = meanIntervals({ hit: small });
    assert.deepEqual(a, meanIntervals({ hit: small }), 'same cases, same interval');
    const [aLow, aHigh] = must(a.hit, 'the hit interval over 10 cases');
    assert.ok(aLow < 0.6 && aHigh > 0.6 && aLow >= 0 && aHigh <= 1, JSON.stringify(a));
    const b = meanIntervals({ hit: big });
    const [bLow, bHigh] = must(b.hit, 'the hit interval over 400 cases');
    assert.ok(bHigh - bLow < (aHigh - aLow) / 2, JSON.stringify([a, b]));
    const truth = new Map([...Array(20).keys()].map((i) => [`e${i}`, new Set([i % 2 ? 'A' : 'B'])]));
    const all = f1Intervals(truth, new Map([...truth].map(([e, t]) => [e, t])));
    assert.deepEqual(all['micro-F1'], [1, 1], 'every prediction right: no spread');
    const half = f1Intervals(truth, new Map([...truth.keys()].map((e) => [e, new Set(['A'])])));
    const [microLow, microHigh] = must(half['micro-F1'], 'the micro-F1 interval');
    const [, macroHigh] = must(half['macro-F1'], 'the macro-F1 interval');
    assert.ok(microLow < 0.5 && microHigh > 0.5 && macroHigh < 0.5, JSON.stringify(half));
  });

  it("item-CF ranks the items co-liked with the user's likes first, then the popular ones", () => {
    const likesOf = new Map([
      ['u', new Set(['a'])],
      ['v', new Set(['a', 'b'])],
      ['w', new Set(['c', 'd'])],
      ['x', new Set(['c'])],
    ]);
    const likersOf = new Map<string, Set<string>>();
    for (const [user, items] of likesOf)
      for (const i of items) (likersOf.get(i) ?? likersOf.set(i, new Set()).get(i)!).add(user);
    assert.deepEqual(itemCf(likesOf, likersOf, ['c', 'a', 'b', 'd'], 'u', 3), ['b', 'c', 'd']);
  });
});

describe('eval: classification holds out every restatement of the task', function () {
  this.timeout(30_000);
  const H = 'https://w3id.org/huggingkg/ontology#';
  const m = (id: string) => `<https://w3id.org/huggingkg/model/${id}>`;
  const lines = [
    `${m('a/x')} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${H}Model> .`,
    `${m('a/x')} <${H}task> <https://w3id.org/huggingkg/task/audio-classification> .`,
    `${m('a/x')} <${H}pipelineTag> "audio-classification" .`,
    `${m('a/x')} <https://schema.org/keywords> "Audio_Classification" .`,
    `${m('a/x')} <https://schema.org/keywords> "wavlm-arch" .`,
    `${m('a/x')} <${H}library> "transformers" .`,
    `${m('b/y')} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${H}Model> .`,
    `${m('b/y')} <${H}task> <https://w3id.org/huggingkg/task/audio-classification> .`,
    `${m('b/y')} <https://schema.org/keywords> "wavlm-arch" .`,
    // a statistic as an earlier build wrote it: replaced, never kept
    `<https://w3id.org/huggingkg/task/audio-classification#tag-wavlm-arch> ` +
      `<${H}taggedCount> "2"^^<http://www.w3.org/2001/XMLSchema#integer> ` +
      `.`,
    // a card field the Hub echoes as a tag, with the task as its value: a restatement too; another value is not
    `${m('a/x')} <https://schema.org/keywords> "other_field:Audio classification" .`,
    `${m('a/x')} <https://schema.org/keywords> "source_datasets:original" .`,
  ] as const;

  it(
    'the pipeline tag and a keyword naming the task (any case or ' +
      'spacing, alone or after a field: prefix) go with the task edges; other keywords stay',
    async () => {
      const file = join(tempDir('hkg-eval-restate-'), 'g.nt');
      writeFileSync(file, lines.join('\n') + '\n');
      const g = await scanGraph(file);
      assert.equal(normalTag(' Audio_Classification '), 'audio-classification');
      assert.deepEqual(
        taskRestatements(g, 'https://w3id.org/huggingkg/model/a/x', [
          'https://w3id.org/huggingkg/task/audio-classification',
        ]).sort(),
        [lines[2], lines[3], lines[10]].sort(),
      );
      const plan = planCls(g, new Rng(1), 10, 0.5);
      assert.deepEqual(
        plan.cases.map((c) => c.entity),
        ['https://w3id.org/huggingkg/model/a/x'],
      );
      assert.ok(
        plan.hidden.has(lines[1]) &&
          plan.hidden.has(lines[2]) &&
          plan.hidden.has(lines[3]) &&
          plan.hidden.has(lines[10]) &&
          !plan.hidden.has(lines[4]) &&
          !plan.hidden.has(lines[11]),
      );
    },
  );

  it('the store the query sees has tag-task statistics recomputed without the held-out tasks', async () => {
    const file = join(tempDir('hkg-eval-restate-'), 'g.nt');
    writeFileSync(file, lines.join('\n') + '\n');
    const hidden = new Set([lines[1], lines[2], lines[3]]);
    const rows = await withHeldOutStore(file, hidden, async (store) => ({
      stats: (
        await store.select(
          `SELECT ?tag ?n ?c WHERE { ?s <${H}tagValue> ?tag ; <${H}taggedCount> ` +
            `?n ; <${H}tagCarriers> ?c } ORDER BY ?tag ?n`,
        )
      ).map((b) => `${must(b.tag, '?tag').value} ${must(b.n, '?n').value}/${must(b.c, '?c').value}`),
    }));
    // a/x has no task left: only b/y counts; "transformers" (a/x's alone) has no tasked carrier
    assert.deepEqual(rows.stats, ['wavlm-arch 1/1']);
  });
});

describe('huggingkg eval on a planted-structure graph @slow', function () {
  this.timeout(120_000);
  let out: string;
  let first: EvalReport;

  before(async () => {
    const dir = tempDir('hkg-eval-test-');
    const summary = generatePlanted({ out: join(dir, 'snapshot'), seed: 7, scale: 0.3 });
    assert.ok(summary.likes > 500 && summary.lineageEdges > 300);
    await build({ snapshot: join(dir, 'snapshot'), out: (out = join(dir, 'out')), validate: false, progress: false });
    first = await runEval({ from: out, seed: 3, maxCases: 60, report: join(dir, 'report', 'eval') });
  });

  const scores = (task: string) =>
    must(
      first.tasks.find((t) => t.task === task),
      `the ${task} task`,
    ).methods;
  /** One of `task`'s scores, or a failure naming the method and metric the report lacks. */
  const score = (task: string) => (method: string, metric: string) =>
    must(scores(task)[method]?.[metric], `${task}: ${method} ${metric}`);

  it('recommend-items beats popularity and random (Recall@10, NDCG@10)', () => {
    const [m, s] = [scores('rec'), score('rec')];
    assert.ok(s('query', 'Recall@10') >= s('popularity', 'Recall@10') + 0.05, JSON.stringify(m));
    assert.ok(s('query', 'NDCG@10') >= 1.5 * s('popularity', 'NDCG@10'), JSON.stringify(m));
    assert.ok(s('query', 'Recall@10') >= s('random', 'Recall@10') + 0.1, JSON.stringify(m));
  });

  it('classify-task beats the most frequent task and random (micro-F1)', () => {
    const [m, s] = [scores('cls'), score('cls')];
    assert.ok(s('query', 'micro-F1') >= 0.6, JSON.stringify(m));
    assert.ok(
      s('query', 'micro-F1') >= s('popularity', 'micro-F1') + 0.3 &&
        s('query', 'micro-F1') >= s('random', 'micro-F1') + 0.3,
      JSON.stringify(m),
    );
    assert.ok(s('query', 'macro-F1') >= s('popularity', 'macro-F1') + 0.3, JSON.stringify(m));
  });

  it('predict-base-model beats most-derived base and random (MRR, Hits@10)', () => {
    const [m, s] = [scores('trace'), score('trace')];
    assert.ok(
      s('query', 'MRR') >= 0.5 &&
        s('query', 'MRR') >= s('most-derived', 'MRR') + 0.3 &&
        s('query', 'MRR') >= s('random', 'MRR') + 0.4,
      JSON.stringify(m),
    );
    assert.ok(s('query', 'Hits@10') >= s('most-derived', 'Hits@10') + 0.3, JSON.stringify(m));
  });

  it('reports the stronger baselines and a 95% interval around every score', () => {
    assert.ok(scores('rec')['item-CF'] && scores('cls')['kNN-by-tags'], 'item-CF and kNN-by-tags are reported');
    for (const t of first.tasks.filter((x) => x.task !== 'trace')) {
      for (const [method, metrics] of Object.entries(t.methods)) {
        for (const [metric, value] of Object.entries(metrics)) {
          // macro-F1 is left out: a resample holds fewer distinct tasks, so its bootstrap interval may sit above the
          // score
          if (metric === 'macro-F1') continue;
          const [low, high] = must(t.intervals?.[method]?.[metric], `the interval of ${t.task} ${method} ${metric}`);
          assert.ok(low <= value && value <= high, `${t.task} ${method} ${metric}: ${value} in [${low}, ${high}]`);
        }
      }
    }
  });

  it('writes the report as JSON, markdown and SVG', () => {
    const dir = join(first.graph.file, '..', '..', 'report');
    const json = JSON.parse(readFileSync(join(dir, 'eval.json'), 'utf8')) as EvalReport;
    assert.deepEqual(deterministicPart(json), deterministicPart(JSON.parse(JSON.stringify(first))));
    assert.match(
      readFileSync(join(dir, 'eval.md'), 'utf8'),
      /\| \*\*recommend-items\*\* \| 0\.\d{4} \[0\.\d{4}, 0\.\d{4}\] \|/,
    );
    assert.match(
      readFileSync(join(dir, 'eval.svg'), 'utf8'),
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/,
    );
  });

  it('the held-out triples are really absent from the store the queries see', async () => {
    const g = await scanGraph(join(out, 'huggingkg.nt.gz'));
    const plans = [planRec(g, new Rng(1), 10), planCls(g, new Rng(2), 10), planTrace(g, new Rng(3), 10)] as const;
    const rec = must(plans[0].cases[0], 'a recommendation case');
    const cls = must(plans[1].cases[0], 'a classification case');
    const trace = must(plans[2].cases[0], 'a tracing case');
    const hidden = new Set(plans.flatMap((p) => [...p.hidden]));
    const asks = await withHeldOutStore(g.file, hidden, async (store) => ({
      like: await store.ask(`ASK { <${rec.user}> <https://w3id.org/huggingkg/ontology#likes> <${[...rec.test][0]}> }`),
      task: await store.ask(`ASK { <${cls.entity}> <https://w3id.org/huggingkg/ontology#task> ?t }`),
      step: await store.ask(`ASK { <${trace.model}> ?p <${trace.base}> }`),
      qualified: await store.ask(
        `ASK { <${trace.model}> <http://www.w3.org/ns/prov#qualifiedDerivation> ` +
          `?d . ?d <https://w3id.org/huggingkg/ontology#baseModel> <${trace.base}> ` +
          `}`,
      ),
      stillThere: await store.ask(`ASK { ?u <https://w3id.org/huggingkg/ontology#likes> ?i }`),
    }));
    assert.deepEqual(
      { ...asks, removed: asks.removed > 0 },
      { like: false, task: false, step: false, qualified: false, stillThere: true, removed: true, loadMs: asks.loadMs },
    );
  });

  it(
    'no held-out like leaks through hkg:likeCount: in the store ' +
      "an item's count is its likes minus the held-out ones",
    async () => {
      const g = await scanGraph(join(out, 'huggingkg.nt.gz'));
      const plan = planRec(g, new Rng(1), 10);
      const item = [...(plan.cases[0] as { test: Set<string> }).test][0];
      const likeCount = 'https://w3id.org/huggingkg/ontology#likeCount';
      const heldOut = g.likes.filter((e) => e.o === item && plan.hidden.has(e.line)).length;
      const countIn = async (store: EmbeddedStore) => {
        const rows = await store.select(`SELECT ?n WHERE { <${item}> <${likeCount}> ?n }`);
        return Number(must(rows[0]?.n, `the likeCount of ${item}`).value);
      };
      const full = await withHeldOutStore(g.file, new Set(), async (store) => ({ n: await countIn(store) }));
      const held = await withHeldOutStore(g.file, plan.hidden, async (store) => ({
        n: await countIn(store),
        likers: Number(
          must(
            (
              await store.select(
                `SELECT (COUNT(?u) AS ?c) WHERE { ?u <https://w3id.org/huggingkg/ontology#likes> <${item}> }`,
              )
            )[0]?.c,
            'the count of likers',
          ).value,
        ),
      }));
      assert.ok(heldOut >= 1);
      assert.equal(held.n, full.n - heldOut);
      assert.equal(held.n, held.likers, 'planted counts equal the likers in the graph');
    },
  );

  it(
    'lineage statistics come from the training graph: a held-out ' + 'step is not counted in hkg:derivativeCount',
    async () => {
      const g = await scanGraph(join(out, 'huggingkg.nt.gz'));
      const plan = planTrace(g, new Rng(3), 10);
      const { base } = must(plan.cases[0], 'a tracing case');
      const training = g.lineage.filter((e) => !plan.hidden.has(e.line));
      const derivatives = (edges: typeof training) => new Set(edges.filter((e) => e.o === base).map((e) => e.s)).size;
      const countOf = async (hidden: ReadonlySet<string>) =>
        withHeldOutStore(g.file, hidden, async (store) => ({
          n: (
            await store.select(`SELECT ?n WHERE { <${base}> <https://w3id.org/huggingkg/ontology#derivativeCount> ?n }`)
          ).map((r) => Number(must(r.n, '?n').value)),
        }));
      const full = await countOf(new Set());
      const held = await countOf(plan.hidden);
      assert.deepEqual(full.n, [derivatives(g.lineage)]);
      assert.deepEqual(held.n, derivatives(training) > 0 ? [derivatives(training)] : []);
      assert.ok(derivatives(training) < derivatives(g.lineage), 'the held-out step no longer counts');
    },
  );

  it('reports the weights fitted on a validation split, and the name-stem baseline', () => {
    const trace = first.tasks.find((t) => t.task === 'trace')!;
    assert.ok(trace.fitted && trace.fitted.validationCases > 0);
    assert.deepEqual(Object.keys(trace.fitted.weights).sort(), TRACE_WEIGHTS.map((w) => w.param).sort());
    assert.ok('stem, else most-derived' in trace.methods);
    const md = readFileSync(join(first.graph.file, '..', '..', 'report', 'eval.md'), 'utf8');
    assert.match(md, /Fitted on a validation split of the training edges \(\d+ cases\): wMention=\d+/);
  });

  it('is deterministic: the same seed gives the same report', async () => {
    const second = await runEval({ from: out, seed: 3, maxCases: 60, tasks: ['cls', 'trace'] });
    const strip = (r: EvalReport) => (deterministicPart(r) as { tasks: unknown[] }).tasks;
    assert.deepEqual(strip(second), strip(first).slice(1));
  });
});

describe('huggingkg eval --huggingbench (split files)', function () {
  this.timeout(60_000);
  it("holds out the split's valid/test edges and evaluates on its test cases", async () => {
    const report = await runEval({
      from: fixtureNTriples(),
      huggingbench: join(FIXTURES_DIR, 'queries', 'huggingbench'),
      tasks: ['rec', 'trace'],
    });
    const rec = must(report.tasks[0], 'the recommendation result');
    const trace = must(report.tasks[1], 'the tracing result');
    assert.equal(rec.cases, 4);
    assert.equal(rec.hiddenTriples, 4, 'alice-llm-chat-ft and three llm-lora likes');
    assert.match(rec.protocol, /HuggingBench split files/);
    assert.equal(trace.cases, 1);
    assert.equal(trace.hiddenTriples, 1);
    assert.equal(trace.methods.query?.MRR, 1, 'gguf quantized from llm-chat-ft: found by name');
  });
});
