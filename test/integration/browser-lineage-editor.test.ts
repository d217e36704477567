// The lineage picture and the SPARQL editor in a real browser (Debian chromium via playwright-core) at 1280 px: a big
// family fits the width with its root at the top and counts what lineage-tree lists, the "show all" page draws every
// model, a small tree's labels sit inside their boxes and arrows end on box borders; the editor keeps share links and
// typed queries, links result IRIs to this site, wraps long errors and shows xsd:string literals plainly. Screenshots
// are checked for overflow and empty panels.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { Writer } from 'n3';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { OUTPUT } from '../../src/build/output.js';
import { startServer } from '../../src/server/app.js';
import { makeConfig } from '../../src/server/config.js';
import { GraphStatistics } from '../../src/stats/graph-statistics.js';
import { OBJ } from '../../src/vocab.js';
import { browserSuite } from '../helpers/browser.js';
import { assertPanelFits } from '../helpers/page-check.js';
import { entity, link } from '../helpers/graph.js';
import { must } from '../helpers/must.js';
import { tempDir } from '../helpers/temp-dirs.js';

const WIDTH = 1280;

/**
 * A family of 1 root, 300 fine-tunes (long names) and 90 quantizations of the first ten, plus a small tree with long
 * labels: `small/base` <- fine-tune <- quantized, the shape of the Hub's big families without naming any of them.
 */
function lineageGraph(): Quad[] {
  const quads: Quad[] = [...entity('model', 'big/root', 'Root-Base-Model-8B')];
  for (let i = 0; i < 300; i++) {
    quads.push(...entity('model', `user${i}/ft-${i}`, `Root-Base-Model-8B-Instruct-finetune-${i}`));
    quads.push(link('model', `user${i}/ft-${i}`, OBJ.fineTunedFrom, 'model', 'big/root'));
  }
  for (let i = 0; i < 90; i++) {
    const base = `user${i % 10}/ft-${i % 10}`;
    quads.push(
      ...entity('model', `quant${i}/ft-${i % 10}-gguf`, `Root-Base-Model-8B-Instruct-finetune-${i % 10}-GGUF`),
    );
    quads.push(link('model', `quant${i}/ft-${i % 10}-gguf`, OBJ.quantizedFrom, 'model', base));
  }
  quads.push(...entity('model', 'small/base', 'Meta-Base-Model-70B-Instruct'));
  quads.push(...entity('model', 'small/ft', 'Meta-Base-Model-70B-Instruct-abliterated-uncensored'));
  quads.push(...entity('model', 'small/ft-gguf', 'Meta-Base-Model-70B-Instruct-abliterated-GGUF'));
  quads.push(...entity('model', 'small/wide', 'WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW'));
  quads.push(link('model', 'small/ft', OBJ.fineTunedFrom, 'model', 'small/base'));
  quads.push(link('model', 'small/ft-gguf', OBJ.quantizedFrom, 'model', 'small/ft'));
  quads.push(link('model', 'small/wide', OBJ.adapterOf, 'model', 'small/base'));
  return quads;
}

/** A build output directory with the graph and its build-time statistics (the lineage closure lineage-tree reads). */
function writeBuild(quads: Quad[]): string {
  const dir = tempDir('hkg-lineage-browser-');
  const stats = new GraphStatistics();
  for (const q of quads) stats.add(q);
  const nt = new Writer({ format: 'N-Triples' }).quadsToString([...quads, ...stats.quads()]);
  writeFileSync(join(dir, OUTPUT.ntriples), gzipSync(nt));
  return dir;
}

/** The editor's text (YASQE is a CodeMirror 5 editor). */
function editorText(page: Page): Promise<string> {
  return page.evaluate(() =>
    (document.querySelector('.CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
  );
}

async function typeQuery(page: Page, query: string): Promise<void> {
  await page.locator('.yasqe .CodeMirror').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // One input event, so the editor's bracket auto-closing cannot double the braces.
  await page.keyboard.insertText(query);
}

describe('browser: lineage picture and query editor at 1280 px @browser', function () {
  this.timeout(120_000);
  const suite = browserSuite(
    () => {
      const config = makeConfig({
        outDir: writeBuild(lineageGraph()),
        host: '127.0.0.1',
        port: 0,
        queryWorkers: 1,
        // A generous budget: the machine is shared, and these steps look for the queries' answers.
        queryTimeoutMs: 60_000,
        pageQueryBudgetMs: 60_000,
      });
      return startServer(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
    },
    { viewport: { width: WIDTH, height: 900 } },
  );

  /** The distinct models of lineage-tree's rows for `model`, through the JSON API (its default step limit). */
  async function lineageTreeModels(model: string): Promise<number> {
    const res = await fetch(`${suite.server.url}/api/lineage?model=${encodeURIComponent(model)}&direction=tree`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { rows: Array<{ base: string; derived: string }> };
    return new Set(body.rows.flatMap((r) => [r.base, r.derived])).size;
  }

  it('draws a big family within 1280 px, root at the top, counted as lineage-tree counts it', async () => {
    await suite.page.goto(`${suite.server.url}/page/model/quant7/ft-7-gguf`);
    const figure = suite.page.locator('section[data-query="lineage-tree"] figure.lineage');
    await assertPanelFits(suite.page, figure, 'family picture');
    const svg = must(await figure.locator('svg[role="img"]').boundingBox(), 'the picture');
    assert.ok(svg.x + svg.width <= WIDTH, `the picture is ${svg.width} px wide`);

    const models = await lineageTreeModels('model/quant7/ft-7-gguf');
    assert.equal(models, 391, 'the fixture family: root, 300 fine-tunes, 90 quantizations');
    assert.equal(Number(await figure.getAttribute('data-family-models')), models, 'the picture counts as lineage-tree');
    assert.match(must(await figure.locator('.family-count').textContent(), 'count'), /This family has 391 models/);
    const drawn = Number(await figure.getAttribute('data-drawn-models'));
    const hidden = Number(await figure.getAttribute('data-hidden-models'));
    assert.equal(drawn + hidden, models, 'every model is drawn or counted in a "+N more" box');
    assert.ok(hidden > 0 && drawn >= 5, `${drawn} drawn, ${hidden} in "+N more" boxes`);
    assert.equal(await figure.locator('.node:not(.more)').count(), drawn);
    const more = await figure.locator('.node.more text').allTextContents();
    const inNotes = await figure.locator('tspan.note').allTextContents();
    const counted = [...more, ...inNotes].reduce((n, t) => n + Number(must(/\+(\d+)/.exec(t), t)[1]), 0);
    assert.equal(counted, hidden, 'the "+N more" boxes and notes add up to the models left out');

    // The root is the topmost box; the current model is highlighted.
    const tops = await figure.locator('.node rect:first-of-type').evaluateAll((rects) =>
      rects.map((r) => ({
        y: Number(r.getAttribute('y')),
        title: r.parentElement?.querySelector('title')?.textContent,
      })),
    );
    const top = tops.reduce((a, b) => (b.y < a.y ? b : a));
    assert.equal(top.title, 'Root-Base-Model-8B');
    assert.equal(tops.filter((t) => t.y === top.y).length, 1, 'the root alone on the top row');
    assert.equal(
      await figure.locator('.node.focus title').textContent(),
      'Root-Base-Model-8B-Instruct-finetune-7-GGUF',
    );

    // "Show the whole family" draws every model, laid out the same way (root at the top); wider than the page, it
    // scrolls within its own box.
    await figure.locator('a.show-all').click();
    await suite.page.waitForURL('**/family/model/quant7/ft-7-gguf');
    const all = suite.page.locator('figure.lineage');
    assert.equal(Number(await all.getAttribute('data-family-models')), models);
    assert.equal(Number(await all.getAttribute('data-hidden-models')), 0);
    assert.equal(await all.locator('.node:not(.more)').count(), models, 'every model has a box');
    const ys = await all.locator('.node rect:first-of-type').evaluateAll((rects) =>
      rects.map((r) => ({
        y: Number(r.getAttribute('y')),
        title: r.parentElement?.querySelector('title')?.textContent,
      })),
    );
    assert.equal(ys.reduce((a, b) => (b.y < a.y ? b : a)).title, 'Root-Base-Model-8B', 'the root at the top');
    await assertPanelFits(suite.page, all, 'whole family', true);
  });

  it("keeps a small tree's labels inside their boxes and ends each arrow on a box border", async () => {
    await suite.page.goto(`${suite.server.url}/page/model/small/ft-gguf`);
    const figure = suite.page.locator('section[data-query="lineage-tree"] figure.lineage');
    await assertPanelFits(suite.page, figure, 'small family');
    assert.equal(
      Number(await figure.getAttribute('data-family-models')),
      await lineageTreeModels('model/small/ft-gguf'),
    );
    const report = await figure.evaluate((fig) => {
      const boxes = [...fig.querySelectorAll('.node')].map((g) => {
        const plain = ({ x, y, width, height }: DOMRect) => ({ x, y, width, height });
        const r = plain((g.querySelector('rect') as SVGRectElement).getBBox());
        const t = plain((g.querySelector('text') as SVGTextElement).getBBox());
        return { label: g.querySelector('title')?.textContent ?? '', r, t, text: g.querySelector('text')?.textContent };
      });
      const ends = [...fig.querySelectorAll('path.edge')].map((p) => {
        const path = p as SVGPathElement;
        const end = path.getPointAtLength(path.getTotalLength());
        return { x: end.x, y: end.y };
      });
      return { boxes, ends };
    });
    for (const b of report.boxes) {
      assert.equal(b.text, b.label, 'the whole label is drawn (no ellipsis)');
      assert.ok(
        b.t.x >= b.r.x &&
          b.t.x + b.t.width <= b.r.x + b.r.width &&
          b.t.y >= b.r.y &&
          b.t.y + b.t.height <= b.r.y + b.r.height,
        `label "${b.label}" (${JSON.stringify(b.t)}) inside its box (${JSON.stringify(b.r)})`,
      );
    }
    assert.equal(report.ends.length, 3);
    for (const e of report.ends) {
      const onBorder = report.boxes.some(
        ({ r }) =>
          e.x >= r.x - 1.5 &&
          e.x <= r.x + r.width + 1.5 &&
          e.y >= r.y - 1.5 &&
          e.y <= r.y + r.height + 1.5 &&
          Math.min(
            Math.abs(e.x - r.x),
            Math.abs(e.x - r.x - r.width),
            Math.abs(e.y - r.y),
            Math.abs(e.y - r.y - r.height),
          ) <= 1.5,
      );
      assert.ok(onBorder, `arrow end ${JSON.stringify(e)} on a box border`);
    }
  });

  it('opens a share link with its query, and keeps a typed query over a reload', async () => {
    const shared = 'SELECT ?m WHERE { ?m a <https://w3id.org/huggingkg/ontology#Model> } LIMIT 3';
    await suite.page.goto(`${suite.server.url}/sparql#query=${encodeURIComponent(shared)}`);
    await suite.page.locator('.yasqe .CodeMirror').waitFor();
    assert.equal(await editorText(suite.page), shared, 'the share link, not the default query');

    // YASGUI's own share button makes a link that opens the same query.
    const typed = 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 7';
    await typeQuery(suite.page, typed);
    await suite.page.locator('.yasqe_share').click();
    const link = await suite.page.locator('.yasqe_sharePopup input, .yasqe_sharePopup textarea').first().inputValue();
    const other = await suite.page.context().newPage();
    await other.goto(link);
    await other.locator('.yasqe .CodeMirror').waitFor();
    assert.equal(await editorText(other), typed, `the share link ${link} round-trips`);
    await other.close();

    await suite.page.goto(`${suite.server.url}/sparql`);
    await suite.page.locator('.yasqe .CodeMirror').waitFor();
    await typeQuery(suite.page, 'ASK { ?s ?p ?o }');
    await suite.page.reload();
    await suite.page.locator('.yasqe .CodeMirror').waitFor();
    assert.equal(await editorText(suite.page), 'ASK { ?s ?p ?o }', 'the typed query survives a reload');
  });

  it("links result IRIs to this site's pages and shows xsd:string literals plainly", async () => {
    await suite.page.goto(`${suite.server.url}/sparql`);
    await suite.page.locator('.yasqe .CodeMirror').waitFor();
    await typeQuery(
      suite.page,
      'SELECT ?m WHERE { ?m <https://w3id.org/huggingkg/ontology#fineTunedFrom> ?b } ORDER BY ?m LIMIT 5',
    );
    await suite.page.locator('.yasqe_queryButton').click();
    const first = suite.page.locator('.yasr td a').first();
    await first.waitFor();
    const hrefs = await suite.page
      .locator('.yasr td a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    assert.ok(hrefs.length >= 5);
    for (const h of hrefs) assert.equal(new URL(h).origin, new URL(suite.server.url).origin, `${h} stays on the site`);
    await first.click();
    await suite.page.waitForURL('**/page/model/**');
    assert.equal(await suite.page.locator('figure.lineage').count(), 1, 'the entity page, with its family');

    await suite.page.goto(`${suite.server.url}/sparql`);
    await suite.page.locator('.yasqe .CodeMirror').waitFor();
    await typeQuery(
      suite.page,
      'CONSTRUCT { ?m <http://schema.org/identifier> ?id } ' +
        'WHERE { ?m <https://w3id.org/huggingkg/ontology#hubId> ?id FILTER(?id = "small/base") }',
    );
    await suite.page.locator('.yasqe_queryButton').click();
    await suite.page.locator('.yasr td', { hasText: 'small/base' }).first().waitFor();
    const cells = await suite.page.locator('.yasr td').allTextContents();
    assert.ok(cells.includes('small/base'), `a plain string cell among ${JSON.stringify(cells)}`);
    assert.ok(!cells.some((c) => c.includes('^^')), 'no datatype noise');
    await assertPanelFits(suite.page, suite.page.locator('.sparql-editor'), 'CONSTRUCT results');
  });

  it('keeps the editor on screen when the query has a long parse error', async () => {
    await suite.page.goto(`${suite.server.url}/sparql`);
    await suite.page.locator('.yasqe .CodeMirror').waitFor();
    await typeQuery(suite.page, `SELECT * WHERE { ?s ?p ?o . ${'FILTER(?o = <urn:x:' + 'y'.repeat(600)}> ) ) ) }`);
    await suite.page.locator('.yasqe_queryButton').click();
    await suite.page.locator('.yasr .errorResult, .yasr .error').first().waitFor();
    await assertPanelFits(suite.page, suite.page.locator('.sparql-editor'), 'parse error');
    const editor = must(await suite.page.locator('.yasqe .CodeMirror').boundingBox(), 'the editor');
    assert.ok(editor.x >= 0 && editor.x + editor.width <= WIDTH, 'the editor stays within the viewport');
  });
});
