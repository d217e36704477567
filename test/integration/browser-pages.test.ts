// The HTML pages in a real browser (Debian chromium via playwright-core): an entity page renders and its links work,
// model and user pages show their canned queries (family tree, predicted task, recommendations), search works without
// JavaScript, and card text carrying script / event-handler / javascript: payloads never runs.

import assert from 'node:assert/strict';
import { browserSuite } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

describe('browser: HTML pages @browser', function () {
  this.timeout(60_000);
  const dialogs: string[] = [];
  // A generous page-query budget: the machine is shared, and these steps look for the queries' answers.
  const suite = browserSuite(() => startTestServer({ pageQueryBudgetMs: 30_000, queryTimeoutMs: 30_000 }), {
    failOnScriptErrors: false,
    // Every payload in the fixture sets window.__xss; a dialog would mean alert() ran.
    onPage: (page) =>
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      }),
  });

  it('opens an entity IRI, lands on its page and follows a link to another entity', async () => {
    const res = await suite.page.goto(`${suite.server.url}/model/alice/chat-ft`);
    assert.equal(res?.status(), 200);
    assert.equal(new URL(suite.page.url()).pathname, '/page/model/alice/chat-ft', 'the 303 led to the HTML page');
    assert.equal(await suite.page.locator('h1').textContent(), 'chat-ft');
    assert.equal(await suite.page.locator('figure.lineage > svg').count(), 1, 'the lineage picture');
    assert.ok((await suite.page.locator('figure.lineage .edge').count()) >= 2);
    const ld = JSON.parse(
      (await suite.page.locator('script[type="application/ld+json"]').textContent()) ?? '',
    ) as Record<string, unknown>;
    assert.ok(ld['@context'], 'embedded JSON-LD parses');

    await suite.page.locator('section[aria-labelledby="links-h"] a', { hasText: 'base-llm' }).first().click();
    await suite.page.waitForURL('**/page/model/org-a/base-llm');
    assert.equal(await suite.page.locator('h1').textContent(), 'base-llm');
    assert.match(
      (await suite.page.locator('section[aria-labelledby="incoming-h"]').textContent()) ?? '',
      /Showing 3 of 5/,
    );

    // A node in the lineage picture is a link too.
    await suite.page.locator('figure.lineage a[href="/page/model/bob/lora"]').click();
    await suite.page.waitForURL('**/page/model/bob/lora');
    assert.equal(await suite.page.locator('h1').textContent(), 'lora');
  });

  it(
    "shows a model's family tree and predicted task, a user's recommendations, " + 'and reaches the query gallery',
    async () => {
      await suite.page.goto(`${suite.server.url}/page/model/alice/chat-ft-gguf`);
      const family = suite.page.locator('section[data-query="lineage-tree"]');
      assert.equal(await family.locator('h2').textContent(), 'Family tree');
      assert.equal(await family.locator('figure.lineage > svg').count(), 1);
      assert.equal(
        await family.locator('.node.focus text').textContent(),
        'chat-ft-gguf',
        'the current model is highlighted',
      );
      assert.equal(await family.locator('.edge').count(), 5, 'the whole family of base-llm, cousins included');
      assert.ok(await family.locator('.node.focus rect').isVisible());
      const task = suite.page.locator('section[data-query="classify-task"]');
      assert.equal(await task.locator('table.predicted-tasks tbody tr').count(), 1);
      assert.equal(await task.locator('tbody td a').first().textContent(), 'Text Generation');
      assert.match((await task.locator('.verdict').textContent()) ?? '', /No declared task/);

      // The section links to its query in the gallery, with this model filled in and the SPARQL that ran.
      await task.locator('a', { hasText: 'query gallery' }).click();
      await suite.page.waitForURL('**/api/queries/classify-task?**');
      assert.equal(await suite.page.locator('input[name="entity"]').inputValue(), 'model/alice/chat-ft-gguf');
      assert.match((await suite.page.locator('details pre').textContent()) ?? '', /hkg:task/);

      await suite.page.goto(`${suite.server.url}/page/user/bob`);
      const recs = suite.page.locator('section[data-query="recommend-items"]');
      assert.equal(await recs.locator('h2').textContent(), 'Recommendations');
      const first = recs.locator('tbody tr').first();
      assert.equal(await first.locator('a').textContent(), 'chat-ft');
      assert.match((await first.locator('td.num').textContent()) ?? '', /^\d+(\.\d+)?$/, 'with a score');
      await first.locator('a').click();
      await suite.page.waitForURL('**/page/model/alice/chat-ft');

      await suite.page.goto(`${suite.server.url}/`);
      await suite.page.locator('header.site a', { hasText: 'Queries' }).click();
      await suite.page.waitForURL('**/api/queries');
      assert.equal(await suite.page.locator('h1').textContent(), 'Canned queries');
    },
  );

  it("folds the build's statistics away below the model's own properties, and opens them on a click", async () => {
    await suite.page.goto(`${suite.server.url}/page/model/org-a/base-llm`);
    // its own properties: the key facts and the others (none left here: all of base-llm's others are statistics)
    const own = (await suite.page.locator('dl.facts dt, section[aria-labelledby="attrs-h"] dt').allTextContents()).map(
      (t) => t.trim(),
    );
    assert.ok(own.includes('downloads'), own.join(', '));
    assert.equal(await suite.page.locator('section[aria-labelledby="attrs-h"]').count(), 0);
    const statistics = suite.page.locator('details.statistics');
    const labels = (await statistics.locator('dt').allTextContents()).map((t) => t.trim());
    for (const label of ['derivative count', 'like rank', 'tag weight']) {
      assert.ok(labels.includes(label), `${label} among the statistics: ${labels.join(', ')}`);
      assert.ok(!own.includes(label), `${label} not among the own properties`);
    }
    assert.match((await statistics.locator('summary').textContent()) ?? '', /Build-time statistics \(7\)/);
    const derivatives = statistics.locator('dt', { hasText: 'derivative count' });
    assert.equal(await derivatives.isVisible(), false, 'closed at first');
    await statistics.locator('summary').click();
    assert.equal(await derivatives.isVisible(), true);
    assert.equal((await statistics.locator('dd').nth(labels.indexOf('derivative count')).textContent())?.trim(), '2');
  });

  it('searches from the landing page without JavaScript and opens a result', async () => {
    await suite.page.goto(`${suite.server.url}/`);
    await suite.page.locator('main input[name="q"]').fill('web-corpus');
    await suite.page.locator('main form button[type="submit"]').click();
    await suite.page.waitForURL('**/search?**');
    await suite.page.locator('ol.results a', { hasText: 'web-corpus' }).click();
    await suite.page.waitForURL('**/page/dataset/org-a/web-corpus');
    assert.equal(await suite.page.locator('h1').textContent(), 'web-corpus');
  });

  it('does not run any payload of a hostile card text', async () => {
    await suite.page.addInitScript(() => {
      (window as unknown as { __xss?: string }).__xss = undefined;
    });
    const res = await suite.page.goto(`${suite.server.url}/page/model/mallory/xss-card`);
    assert.equal(res?.status(), 200);
    // Give deferred handlers (onerror of a broken image, onload) time to fire if they existed.
    await suite.page.waitForLoadState('load');
    await suite.page.waitForTimeout(300);
    assert.equal(
      await suite.page.evaluate(() => (window as unknown as { __xss?: string }).__xss),
      undefined,
      'no payload set window.__xss',
    );
    assert.deepEqual(dialogs, [], 'no alert/confirm/prompt');
    const report = await suite.page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      return {
        handlers: all.flatMap((el) =>
          [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`),
        ),
        jsUrls: all
          .flatMap((el) => ['href', 'src', 'action', 'formaction', 'xlink:href'].map((n) => el.getAttribute(n) ?? ''))
          .filter((v) => /^\s*javascript:/i.test(v)),
        scripts: [...document.scripts].map((s) => s.getAttribute('src') ?? s.type),
        frames: document.querySelectorAll('iframe, object, embed').length,
      };
    });
    assert.deepEqual(report.handlers, []);
    assert.deepEqual(report.jsUrls, []);
    // The site's own search suggestions and the JSON-LD; nothing from the card.
    assert.deepEqual(report.scripts, ['/static/suggest.js', 'application/ld+json']);
    assert.equal(report.frames, 0);
    assert.match((await suite.page.locator('.card-text').textContent()) ?? '', /Plain text after the payloads/);
    // The markup in the name shows as text, and the javascript: schema:url is not a link.
    assert.match((await suite.page.locator('h1').textContent()) ?? '', /<img src=x onerror=/);
    assert.equal(await suite.page.locator('a[href^="javascript"]').count(), 0);
    // Clicking every link of the card stays harmless.
    for (const a of await suite.page.locator('.card-text a').all()) {
      const href = await a.getAttribute('href');
      assert.ok(href === null || /^(https?:|mailto:|#)/.test(href), `card link ${href}`);
    }
    assert.equal(await suite.page.evaluate(() => (window as unknown as { __xss?: string }).__xss), undefined);
  });

  it('shows 404 pages for unknown entities and keeps serving after malformed URLs', async () => {
    const missing = await suite.page.goto(`${suite.server.url}/page/model/nobody/nothing`);
    assert.equal(missing?.status(), 404);
    assert.match((await suite.page.locator('h1').textContent()) ?? '', /404/);
    const bad = await suite.page.goto(`${suite.server.url}/data/model/..%2f..%2fetc%2fpasswd`);
    assert.equal(bad?.status(), 400);
    const ok = await suite.page.goto(`${suite.server.url}/page/model/gpt2`);
    assert.equal(ok?.status(), 200);
    assert.deepEqual(suite.pageErrors, []);
  });
});
