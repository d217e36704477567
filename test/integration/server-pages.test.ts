// Entity pages show the relevant canned queries (family tree and declared vs predicted task for models, recommendations
// for users, models trained on a dataset, related items) with links to the gallery and the API; a query that fails or
// times out leaves a "not available" note and a log line, never a broken page; /queries reaches the gallery.

import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { pino } from 'pino';
import type { RunningServer } from '../../src/server/app.js';
import { makeConfig, type ServerConfig } from '../../src/server/config.js';
import { compareTasks } from '../../src/server/pages.js';
import { must } from '../helpers/must.js';
import { layoutFamily, PAGE_LIMITS, planFamily } from '../../src/server/lineage-svg.js';
import { GraphStatistics } from '../../src/stats/graph-statistics.js';
import { NEIGHBOUR_COUNT_PREDICATES } from '../../src/stats/neighbour-counts.js';
import type { Store } from '../../src/store/store.js';
import { OBJ } from '../../src/vocab.js';
import { entity, link, sampleGraph, writeGraphFile } from '../helpers/graph.js';
import {
  FIXTURE_GRAPH,
  jsonLinesInto,
  raw,
  serveOverWrappedStore,
  startTestServer,
  type ListeningApp,
} from '../helpers/server.js';

const HTML = { accept: 'text/html' };

/** The <section> of one canned query on a page (by its data-query attribute). */
function section(html: string, query: string): string {
  const m = html.match(new RegExp(`<section class="canned-query"[^>]*data-query="${query}"[\\s\\S]*?</section>`));
  assert.ok(m, `the page has a ${query} section`);
  return m[0];
}

/** Item links of a section's table, in order. */
function itemLinks(sectionHtml: string): string[] {
  const body = sectionHtml.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*><td><a href="([^"]+)"/g)].map((m) => m[1]!); // the group always takes part
}

function unescapeHref(href: string): string {
  return href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
}

describe('entity pages: canned-query sections', function () {
  this.timeout(60_000);
  let server: RunningServer;
  const page = async (path: string) => {
    const r = await raw(server.url, path, { headers: HTML });
    assert.equal(r.status, 200, path);
    return r.text;
  };

  // A generous budget: the machine is shared, and the timeout path has its own test below.
  before(async () => {
    server = await startTestServer({ pageQueryBudgetMs: 30_000, queryTimeoutMs: 30_000 });
  });
  after(async () => {
    await server?.close();
  });

  it(
    'model page: the whole family tree of the root base, the current ' +
      'model highlighted, with gallery and API links',
    async () => {
      const html = await page('/page/model/alice/chat-ft-gguf');
      const family = section(html, 'lineage-tree');
      assert.match(family, /<h2[^>]*>Family tree<\/h2>/);
      assert.match(family, /<figure class="lineage" data-family-models="5" data-family-steps="5"/);
      // The whole family, not only the model's own ancestors: lora and merged are cousins of chat-ft-gguf.
      for (const id of ['org-a/base-llm', 'alice/chat-ft', 'bob/lora', 'bob/merged'])
        assert.ok(family.includes(`href="/page/model/${id}"`), id);
      assert.match(
        family,
        /<g class="node focus">\s*<rect[^>]*\/>\s*<text><tspan[^>]*>chat-ft-gguf<\/tspan><\/text>/,
        'the current model is the highlighted node',
      );
      assert.equal((family.match(/class="node focus"/g) ?? []).length, 1);
      assert.equal((family.match(/<path class="edge"/g) ?? []).length, 5, 'one edge per lineage step');
      assert.match(family, /This family has <strong>5<\/strong> models and 5 lineage steps[^.]*; all are drawn\./);
      const gallery = unescapeHref(family.match(/href="(\/api\/queries\/lineage-tree\?[^"]+)"/)?.[1] ?? '');
      assert.match(gallery, /model=model%2Falice%2Fchat-ft-gguf/);
      const api = unescapeHref(family.match(/href="(\/api\/queries\/lineage-tree\?[^"]+format&#x3D;json)"/)?.[1] ?? '');
      const run = JSON.parse((await raw(server.url, api)).text) as { rows: Array<{ derived: string }>; sparql: string };
      assert.equal(run.rows.length, 5, 'the API link answers the same query with the same rows');
      const galleryPage = await raw(server.url, gallery, { headers: HTML });
      assert.equal(galleryPage.status, 200);
      assert.match(galleryPage.text, /SPARQL that ran/, 'the gallery shows the SPARQL to adapt');
    },
  );

  it('/family/model/{id}: the whole family, counted as on the page; 404 for other kinds and unknown ids', async () => {
    const html = await page('/family/model/alice/chat-ft-gguf');
    assert.match(html, /<h1>Family of chat-ft-gguf<\/h1>/);
    assert.match(html, /<figure class="lineage" data-family-models="5" data-family-steps="5" data-drawn-models="5"/);
    assert.equal((html.match(/class="node focus"/g) ?? []).length, 1);
    assert.ok(html.includes('href="/page/model/alice/chat-ft-gguf"'), 'links back to the entity page');
    assert.doesNotMatch(html, /class="show-all"/, 'draws all, so links to no further page');
    for (const path of ['/family/dataset/org-a/web-corpus', '/family/model/nobody/nothing'])
      assert.equal((await raw(server.url, path, { headers: HTML })).status, 404, path);
  });

  it('model page: declared task vs the top predicted tasks, with scores and agreement marked', async () => {
    const agree = section(await page('/page/model/alice/chat-ft'), 'classify-task');
    assert.match(agree, /Declared task vs predicted task/);
    assert.match(agree, /class="verdict verdict-agree"/);
    assert.match(
      agree,
      new RegExp(
        String.raw`<tr class="declared"><td><a href="\/page\/task\/text-generation"[^>]*>Text Generation` +
          String.raw`<\/a><\/td><td class="num">13\.5<\/td><td>base&#x3D;1; prior&#x3D;1; inherited&#x3D;0\.5` +
          String.raw`<\/td><td>✓ declared<\/td><\/tr>`,
      ),
    );
    assert.match(
      agree,
      /href="\/api\/queries\/classify-task\?entity&#x3D;model%2Falice%2Fchat-ft&amp;k&#x3D;3&amp;format&#x3D;html"/,
    );

    const undeclared = section(await page('/page/model/alice/chat-ft-gguf'), 'classify-task');
    assert.match(undeclared, /verdict-undeclared/);
    assert.match(undeclared, /Declared task \(hkg:task\): none\./);
    assert.deepEqual(itemLinks(undeclared), ['/page/task/text-generation']);
  });

  it('model page: related items; a model without lineage says so', async () => {
    const related = section(await page('/page/model/alice/chat-ft'), 'related-items');
    assert.deepEqual(itemLinks(related).slice(0, 2), ['/page/model/org-a/base-llm', '/page/model/alice/chat-ft-gguf']);
    assert.match(related, /<td>Model<\/td><td class="num">2\.1<\/td>/, 'scores shown');
    const lonely = section(await page('/page/model/gpt2'), 'lineage-tree');
    assert.match(lonely, /No lineage links/);
    assert.doesNotMatch(lonely, /<figure/);
  });

  it('user page: ten recommendations of any kind with scores, never an item the user already likes', async () => {
    const recs = section(await page('/page/user/bob'), 'recommend-items');
    assert.match(recs, /<h2[^>]*>Recommendations<\/h2>/);
    const items = itemLinks(recs);
    assert.equal(items[0], '/page/model/alice/chat-ft', 'co-liked with base-llm by alice');
    assert.ok(items.includes('/page/dataset/org-a/web-corpus'), 'items of any kind');
    assert.ok(!items.includes('/page/model/org-a/base-llm'), 'bob already likes base-llm');
    assert.ok(items.length <= 10);
    assert.match(
      recs,
      /<td class="num">1\.06<\/td>/,
      'cf 1/50 (base-llm has 50 likes) + graph 0.5 + tasks 0.5 + popularity 0.2 * 5/25',
    );
    assert.match(
      recs,
      new RegExp(
        String.raw`href="\/api\/queries\/recommend-items\?user&#x3D;user%2Fbob&amp;kind&#x3D;any&amp;k&#` +
          'x3D;10&amp;format&#x3D;json"',
      ),
    );
    assert.doesNotMatch(await page('/page/user/bob'), /data-query="(lineage-tree|classify-task|related-items)"/);
  });

  it(
    'dataset page: models trained on it (with task and likes) and ' + 'related items; space page: related items',
    async () => {
      const html = await page('/page/dataset/org-a/web-corpus');
      const trained = section(html, 'models-trained-on');
      assert.match(trained, /Models trained on it/);
      assert.match(
        trained,
        new RegExp(
          String.raw`<a href="\/page\/model\/org-a\/base-llm"[^>]*>base-llm<\/a><\/td><td><a href="\/page\/` +
            String.raw`task\/text-generation"[^>]*>Text Generation<\/a><\/td><td class="num">50<\/td>`,
        ),
      );
      assert.deepEqual(itemLinks(section(html, 'related-items')), ['/page/model/org-a/base-llm']);
      const space = await page('/page/space/alice/demo');
      assert.deepEqual(itemLinks(section(space, 'related-items')), [
        '/page/model/alice/chat-ft',
        '/page/model/alice/chat-ft-gguf',
      ]);
      assert.doesNotMatch(space, /data-query="models-trained-on"/);
    },
  );

  it('/queries leads to the gallery, and every page links to it', async () => {
    const r = await raw(server.url, '/queries?x=1');
    assert.equal(r.status, 302);
    assert.equal(r.headers.location, '/api/queries?x=1');
    const gallery = await raw(server.url, '/api/queries', { headers: HTML });
    assert.match(gallery.text, /<h1>Canned queries<\/h1>/);
    const landing = await page('/');
    assert.match(landing, /<nav aria-label="Site">[\s\S]*<a href="\/queries">Queries<\/a>/);
    assert.match(landing, /<a href="\/queries">Canned-query gallery<\/a>/);
  });
});

describe('entity pages: a disagreeing prediction', function () {
  this.timeout(60_000);
  let server: RunningServer;
  before(async () => {
    // bert-finetuned declares text-classification; its base's fill-mask wins the vote.
    const quads = [
      ...sampleGraph(),
      ...entity('task', 'text-classification', 'Text Classification'),
      link('model', 'acme/bert-finetuned', OBJ.task, 'task', 'text-classification'),
    ];
    // with the lineage closure a build adds (classify-task reads lineage through hkg:derivedFrom) and the neighbour
    // counts it divides by, and without the build's task statistics, which would count the declared task itself among
    // the votes
    const statistics = new GraphStatistics();
    for (const q of quads) statistics.add(q);
    const kept = new Set([OBJ.derivedFrom, OBJ.ancestorOrSelf, ...NEIGHBOUR_COUNT_PREDICATES]);
    server = await startTestServer({
      outDir: dirname(
        writeGraphFile([...quads, ...[...statistics.quads()].filter((q) => kept.has(q.predicate.value))]),
      ),
      pageQueryBudgetMs: 30_000,
      queryTimeoutMs: 30_000,
    });
  });
  after(async () => {
    await server?.close();
  });

  it('marks the disagreement and which task was declared', async () => {
    const r = await raw(server.url, '/page/model/acme/bert-finetuned', { headers: HTML });
    const task = section(r.text, 'classify-task');
    assert.match(task, /verdict-disagree/);
    assert.match(
      task,
      /Declared task \(hkg:task\): <a href="\/page\/task\/text-classification"[^>]*>Text Classification<\/a>/,
    );
    assert.deepEqual(itemLinks(task), ['/page/task/fill-mask']);
    assert.doesNotMatch(task, /✓ declared/);
  });
});

describe('entity pages: a canned query that fails or runs out of time', function () {
  this.timeout(60_000);
  let http: ListeningApp;
  let url: string;
  const logLines: Array<{ msg: string; query?: string }> = [];
  let broken = true;
  let config: ServerConfig;

  before(async () => {
    config = makeConfig({ outDir: FIXTURE_GRAPH, queryWorkers: 1, queryTimeoutMs: 30_000, pageQueryBudgetMs: 500 });
    // The real store, except that while `broken` the task query never answers and the related-items query fails.
    http = await serveOverWrappedStore(
      config,
      pino({ level: 'warn' }, jsonLinesInto(logLines)),
      (real): Store => ({
        kind: real.kind,
        select: (q, o) => {
          if (broken && q.includes('("tag" AS ?via)')) return new Promise(() => {});
          if (broken && q.includes('"coLikes"')) return Promise.reject(new Error('store exploded'));
          return real.select(q, o);
        },
        ask: (q, o) => real.ask(q, o),
        construct: (q, o) => real.construct(q, o),
        queryRaw: (q, o) => real.queryRaw(q, o),
        size: () => real.size(),
        close: () => real.close(),
      }),
    );
    url = http.url;
  });
  after(() => http?.close());

  it(
    'shows "not available" notes, logs them, keeps the rest of the ' + 'page, and tries again on the next visit',
    async () => {
      const r = await raw(url, '/page/model/alice/chat-ft', { headers: HTML });
      assert.equal(r.status, 200);
      assert.match(section(r.text, 'classify-task'), /Not available \(timeout\)\./);
      assert.match(section(r.text, 'related-items'), /Not available \(error\)\./);
      assert.match(section(r.text, 'classify-task'), /href="\/api\/queries\/classify-task\?/, 'the links stay');
      assert.match(r.text, /<h2 id="facts-h">Key facts<\/h2>/, 'the description is all there');
      assert.ok(
        logLines.some((l) => l.query === 'classify-task' && /timeout/.test(l.msg)),
        'the timeout is logged',
      );
      assert.ok(
        logLines.some((l) => l.query === 'related-items' && /error/.test(l.msg)),
        'the failure is logged',
      );

      // Healthy again, with a budget the shared machine always meets (the budget is read per page).
      broken = false;
      config.pageQueryBudgetMs = 30_000;
      const again = await raw(url, '/page/model/alice/chat-ft', { headers: HTML });
      assert.doesNotMatch(again.text, /Not available/, 'a page with missing sections was not cached');
      assert.match(section(again.text, 'classify-task'), /verdict-agree/);
    },
  );
});

describe('page query helpers', () => {
  it('compareTasks: agreement, partial agreement, disagreement, nothing declared, nothing predicted', () => {
    const p = [
      { task: 'a', score: 3 },
      { task: 'b', score: 2 },
      { task: 'c', score: 1 },
    ];
    assert.equal(compareTasks(['a'], p).verdict, 'agree');
    assert.deepEqual(compareTasks(['a'], p).declaredAt, [true, false, false]);
    assert.equal(compareTasks(['c', 'x'], p).verdict, 'partial');
    assert.match(compareTasks(['c'], p).text, /rank 3/);
    assert.equal(compareTasks(['x'], p).verdict, 'disagree');
    assert.equal(compareTasks([], p).verdict, 'undeclared');
    assert.equal(compareTasks(['a'], []).verdict, 'unpredicted');
  });

  it('layoutFamily: roots at the top, each model below its furthest base, the current one highlighted', () => {
    const rel = OBJ.fineTunedFrom;
    const steps = [
      { derived: 'b', relation: rel, base: 'root', depth: 1 },
      { derived: 'c', relation: rel, base: 'b', depth: 2 },
      { derived: 'm', relation: OBJ.mergedFrom, base: 'c', depth: 3 },
      { derived: 'm', relation: OBJ.mergedFrom, base: 'root', depth: 1 },
    ];
    const plan = must(planFamily('c', steps, PAGE_LIMITS, false), 'a plan');
    const pic = layoutFamily(plan, String, (i) => `/page/model/${i}`);
    const y = (iri: string) =>
      must(
        pic.nodes.find((n) => n.iri === iri),
        iri,
      ).y;
    assert.ok(y('root') < y('b') && y('b') < y('c') && y('c') < y('m'), 'the merge sits below its furthest base');
    assert.deepEqual(
      pic.nodes.filter((n) => n.focus).map((n) => n.iri),
      ['c'],
    );
    assert.equal(pic.nodes.find((n) => n.iri === 'c')!.href, undefined, 'the current model is not a link to itself');
    assert.equal(pic.edges.length, 4);
    assert.deepEqual(pic.counts, { models: 4, steps: 4, drawn: 4, hidden: 0, cut: false });
    assert.match(pic.description, /descending from root/);
    assert.equal(planFamily('x', [], PAGE_LIMITS, false), undefined);
  });
});
