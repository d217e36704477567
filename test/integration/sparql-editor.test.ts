// The SPARQL query editor in a real browser (Debian chromium via playwright-core): GET /sparql opens YASGUI, served
// from this server only; a query typed into the editor runs against the endpoint and its results show.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { OBJ } from '../../src/vocab.js';
import { CHROMIUM, launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { iri, sampleGraph, writeGraphFile } from '../helpers/graph.js';
import { startSparqlServer, type SparqlServer } from '../helpers/sparql-app.js';

describe('browser: SPARQL query editor (YASGUI) @browser', function () {
  let server: SparqlServer;
  let browser: TestBrowser;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} not found: run scripts/setup.sh (apt-get install -y chromium)`);
    server = await startSparqlServer([writeGraphFile(sampleGraph())], { queryWorkers: 1 });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('request', (r) => requested.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  after(async function () {
    await browser?.close();
    await server?.close();
  });

  it('opens the editor on GET /sparql with assets from this server only', async function () {
    const res = await page.goto(server.endpoint);
    assert.equal(res?.status(), 200);
    await page.locator('.yasqe .CodeMirror').waitFor();
    assert.ok((await page.locator('#examples button').count()) >= 4, 'the example queries are listed');
    const foreign = requested.filter((u) => new URL(u).host !== new URL(server.origin).host && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'no request left this server (no CDN)');
  });

  it('runs a typed query and shows its results', async function () {
    const query = `SELECT ?user WHERE { ?user <${OBJ.likes}> <${iri('model', 'acme/bert-finetuned')}> }`;
    await page.locator('.yasqe .CodeMirror').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // insertText types the text as one input event, so the editor's bracket auto-closing cannot double the braces.
    await page.keyboard.insertText(query);
    assert.equal(
      await page.evaluate(() =>
        (
          document.querySelector('.CodeMirror') as unknown as { CodeMirror: { getValue(): string } }
        ).CodeMirror.getValue(),
      ),
      query,
    );
    const answered = page.waitForResponse(
      (r) => r.url().startsWith(server.endpoint) && r.request().method() === 'POST',
    );
    await page.locator('.yasqe_queryButton').click();
    const response = await answered;
    assert.equal(response.status(), 200);
    await page.locator('.yasr', { hasText: 'user/alice' }).waitFor();
    assert.match((await page.locator('.yasr').textContent()) ?? '', /user\/alice/);
    assert.doesNotMatch((await page.locator('.yasr').textContent()) ?? '', /user\/bob/);
  });

  it('loads an example query into the editor and runs it', async function () {
    await page.locator('#examples button[data-example="classes"]').click();
    const text = await page.evaluate(() =>
      (
        document.querySelector('.CodeMirror') as unknown as { CodeMirror: { getValue(): string } }
      ).CodeMirror.getValue(),
    );
    assert.match(text, /COUNT\(\?entity\)/);
    await page.locator('.yasqe_queryButton').click();
    // YASR abbreviates IRIs with the query's prefixes.
    await page.locator('.yasr', { hasText: /hkg:Model|ontology#Model/ }).waitFor();
    assert.deepEqual(pageErrors, [], 'no script errors on the page');
  });
});
