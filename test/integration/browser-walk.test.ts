// A person's walk through the site in a real browser (Debian chromium via playwright-core), over the server test graph:
// landing -> a multi-word search with suggestions -> an entity page -> every query of the gallery run with the example
// it offers (found in the served graph) -> result links that stay on this site; the HTML views a browser gets for
// /data, VoID and a /sparql GET (never a download); labels on /shapes, /ontology and in results. Every page is checked
// by assertNoOverflowOrEmptyPanels (test/helpers/page-check.ts).

import assert from 'node:assert/strict';
import { browserSuite } from '../helpers/browser.js';
import { assertNoOverflowOrEmptyPanels, assertPanelFits } from '../helpers/page-check.js';
import { startTestServer } from '../helpers/server.js';

/** Canned queries whose example names an entity: each must answer with rows on the graph it was found in. */
const ENTITY_QUERIES = [
  'classify-task',
  'lineage-ancestors',
  'lineage-descendants',
  'lineage-tree',
  'models-trained-on',
  'predict-base-model',
  'recommend-items',
  'related-items',
];

describe('browser: a walk through the site @browser', function () {
  this.timeout(120_000);
  const suite = browserSuite(() => startTestServer({ pageQueryBudgetMs: 30_000, queryTimeoutMs: 30_000 }));

  /** Links in the main part of the page that leave this site (other than the Hub and other vocabularies' pages). */
  async function linksToDatasetBase(): Promise<string[]> {
    return suite.page
      .locator('main a[href^="https://w3id.org/huggingkg/"]')
      .evaluateAll((as) => as.map((a) => a.outerHTML));
  }

  it('landing -> "Chat FT" with suggestions -> results -> entity page', async () => {
    await suite.page.goto(`${suite.server.url}/`);
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'landing' });
    const box = suite.page.locator('main input[name="q"]');
    await box.click();
    await suite.page.keyboard.type('Chat FT g', { delay: 20 });
    // The list follows the typing (an earlier word's answer may show first): it settles on the one match.
    await suite.page.waitForFunction(() => {
      const links = [...document.querySelectorAll('main ul.suggest a')];
      return links.length === 1 && links[0]?.textContent?.includes('alice/chat-ft-gguf');
    });
    await box.fill('Chat FT');
    await suite.page.locator('main form button[type="submit"]').click();
    await suite.page.waitForURL('**/search?**');
    assert.equal(
      await suite.page.locator('header input[name="q"]').inputValue(),
      'Chat FT',
      'the header box keeps the text',
    );
    const hits = await suite.page.locator('ol.results li code').allTextContents();
    assert.deepEqual(hits.slice(0, 2).sort(), ['alice/chat-ft', 'alice/chat-ft-gguf']);
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'search' });
    await suite.page.locator('ol.results a', { hasText: 'chat-ft-gguf' }).click();
    await suite.page.waitForURL('**/page/model/alice/chat-ft-gguf');
    assert.equal(await suite.page.locator('h1').textContent(), 'chat-ft-gguf');
    const figure = suite.page.locator('section[data-query="lineage-tree"] figure.lineage');
    await figure.waitFor();
    await assertPanelFits(suite.page, figure, 'lineage picture');
    // The family's root is the topmost box of the picture.
    const boxes = await figure.locator('.node rect:first-of-type').evaluateAll((rects) =>
      rects.map((r) => ({
        y: Number(r.getAttribute('y')),
        title: r.parentElement?.querySelector('title')?.textContent,
      })),
    );
    assert.equal(boxes.reduce((a, b) => (b.y < a.y ? b : a)).title, 'base-llm', 'the root at the top');
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'entity' });
  });

  it('a suggestion picked with the keyboard opens its page', async () => {
    await suite.page.goto(`${suite.server.url}/`);
    await suite.page.locator('header input[name="q"]').click();
    await suite.page.keyboard.type('web corp', { delay: 20 });
    await suite.page.locator('header ul.suggest a').first().waitFor();
    await suite.page.keyboard.press('ArrowDown');
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL('**/page/dataset/org-a/web-corpus');
  });

  it('runs every query of the gallery with the example it offers; results link to this site', async () => {
    await suite.page.goto(`${suite.server.url}/queries`);
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'gallery' });
    const names = await suite.page.locator('section.query h2 code').allTextContents();
    assert.ok(names.length >= 10, `the gallery lists the canned queries (${names.length})`);
    for (const name of ENTITY_QUERIES) assert.ok(names.includes(name), `${name} is in the gallery`);
    for (const name of names) {
      await suite.page.goto(`${suite.server.url}/queries`);
      await suite.page.locator(`section.query:has(h2 code:text-is("${name}")) button[type="submit"]`).click();
      await suite.page.waitForURL(`**/api/queries/${name}?**`);
      const status = (await suite.page.locator('main p[role="status"]').textContent()) ?? '';
      const rows = Number(/^(\d+) row/.exec(status)?.[1]);
      assert.ok(Number.isInteger(rows), `${name}: a results page (${status})`);
      // The fixture graph holds something for every query (a licence drift included), so every example answers.
      assert.ok(rows > 0, `${name}: its example returns rows`);
      assert.notEqual(await suite.page.locator('header input[name="q"]').inputValue(), '[object Object]');
      assert.deepEqual(await linksToDatasetBase(), [], `${name}: result IRIs link to this site's pages`);
      assert.equal(
        await suite.page
          .locator('table.results a[href*="ontology#"]')
          .evaluateAll((as) => as.filter((a) => /ontology#/.test(a.textContent ?? '')).length),
        0,
        `${name}: ontology terms show their labels`,
      );
      await assertNoOverflowOrEmptyPanels(suite.page, { name: `query-${name}` });
    }
  });

  it('a landing-page example query opens as a results table, not a download', async () => {
    await suite.page.goto(`${suite.server.url}/`);
    const example = suite.page.locator('ul.examples a').first();
    await example.click();
    await suite.page.waitForURL('**/sparql?query=**');
    assert.ok((await suite.page.locator('table.sparql-results tbody tr').count()) > 0, 'rows');
    assert.deepEqual(await linksToDatasetBase(), []);
    assert.equal(await suite.page.locator('header input[name="q"]').inputValue(), '');
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'sparql-get' });
    const fineTuned = encodeURIComponent(
      'SELECT ?d ?p ?b WHERE { ?d ?p ?b FILTER(?p = <https://w3id.org/huggingkg/ontology#fineTunedFrom>) }',
    );
    await suite.page.goto(`${suite.server.url}/sparql?query=${fineTuned}`);
    assert.equal(
      await suite.page.locator('table.sparql-results a[href="/ontology#fineTunedFrom"]').textContent(),
      'fine-tuned from',
    );
  });

  it('/data and VoID read as highlighted Turtle with links to this site', async () => {
    const res = await suite.page.goto(`${suite.server.url}/data/model/alice/chat-ft`);
    assert.match(res?.headers()['content-type'] ?? '', /^text\/html/);
    assert.ok(
      (await suite.page.locator('pre.turtle a[href="/page/model/org-a/base-llm"]').count()) > 0,
      'entity links',
    );
    assert.ok((await suite.page.locator('pre.turtle a[href="/ontology#Model"]').count()) > 0, 'ontology links');
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'data' });
    await suite.page.goto(`${suite.server.url}/`);
    await suite.page.locator('header.site a', { hasText: 'VoID' }).click();
    await suite.page.waitForURL('**/void');
    assert.match((await suite.page.locator('pre.turtle').textContent()) ?? '', /void:Dataset/);
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'void' });
  });

  it('/shapes has a severity and a message in every row; /ontology opens on labelled terms', async () => {
    await suite.page.goto(`${suite.server.url}/shapes`);
    const cells = await suite.page
      .locator('section.shape tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.children[6]?.textContent?.trim() ?? '', tr.children[7]?.textContent?.trim() ?? '']),
      );
    assert.ok(cells.length > 50, 'the property shapes');
    assert.deepEqual(
      cells.filter(([severity, message]) => !severity || !message),
      [],
      'no empty severity or message',
    );
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'shapes' });
    await suite.page.goto(`${suite.server.url}/ontology`);
    const headings = await suite.page.locator('article.term h3').allTextContents();
    assert.ok(headings.length > 0);
    assert.deepEqual(
      headings.filter((h) => !/\S+\s+\S+:\S+/.test(h.trim())),
      [],
      'every entry has a label before its name',
    );
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'ontology' });
  });

  it('the page check fails on sideways scrolling and on an empty panel', async () => {
    await suite.page.setContent('<main><section><p>fine</p></section><pre style="width:2000px">wide</pre></main>');
    await assert.rejects(assertNoOverflowOrEmptyPanels(suite.page, { name: 'wide' }), /2000|wide in a 1280px window/);
    await suite.page.setContent('<main><section><h2>Title</h2></section><table><tbody></tbody></table></main>');
    await assert.rejects(assertNoOverflowOrEmptyPanels(suite.page, { name: 'empty' }), /table \(empty\)/);
    await suite.page.setContent('<main><section><h2>Title</h2><ul hidden></ul></section></main>');
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'hidden list' });
  });

  it('an error page keeps the header search box empty', async () => {
    const res = await suite.page.goto(`${suite.server.url}/page/model/nobody/nothing`);
    assert.equal(res?.status(), 404);
    assert.equal(await suite.page.locator('header input[name="q"]').inputValue(), '');
    await assertNoOverflowOrEmptyPanels(suite.page, { name: 'error' });
  });
});
