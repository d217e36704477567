// **page-check** looks at a rendered page the way a person would: a full-page screenshot that must be no wider than
// the window (no horizontal scrolling), and no panel (section, table, figure, pre, list) that shows nothing.
// Reusable by any browser test (pages, lineage picture, editor); the screenshot is kept in SCREENSHOT_DIR when set.
// assertPanelFits checks one panel (the lineage picture, the editor): inside the window and its own box, not blank.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { must } from './must.js';

/** Width and height of a PNG, from its IHDR chunk (bytes 16-23, big-endian). */
export function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG image');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Selectors of what counts as a panel: each must show text or a picture. */
export const PANEL_SELECTOR = [
  'main section',
  'main table',
  'main figure',
  'main pre',
  'main ul',
  'main ol',
  'main dl',
  'main .panel',
  'main svg',
].join(', ');

export interface PageCheckOptions {
  /** Names the page in failures and the screenshot file. */
  name: string;
  /** Extra panel selectors (e.g. the lineage picture's container). */
  panels?: string[];
}

/**
 * Fails when the page scrolls sideways (its full-page screenshot is wider than the viewport; the elements sticking out
 * are named) or when a visible panel is empty (no text, no picture). Returns the screenshot.
 */
export async function assertNoOverflowOrEmptyPanels(page: Page, options: PageCheckOptions): Promise<Buffer> {
  const viewport = page.viewportSize();
  assert.ok(viewport, 'the page has a viewport');
  const shot = await page.screenshot({ fullPage: true });
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${options.name.replace(/[^\w.-]+/g, '_')}.png`), shot);
  }
  const { width } = pngSize(shot);
  if (width > viewport.width) {
    const wide = await page.evaluate((limit) => {
      const out: string[] = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > limit + 1 && out.length < 5)
          out.push(
            `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} (${r.right}px)`,
          );
      }
      return out;
    }, viewport.width);
    assert.fail(`${options.name}: the page is ${width}px wide in a ${viewport.width}px window: ${wide.join(', ')}`);
  }
  const selector = [PANEL_SELECTOR, ...(options.panels ?? [])].join(', ');
  const empty = await page.evaluate((sel) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement | SVGElement>(sel)) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // Hidden panels (a closed suggestion list, a collapsed <details> body) show nothing on purpose.
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
      if (el.closest('details:not([open])') && !el.matches('details > summary')) continue;
      const text = (el.textContent ?? '').trim();
      const picture = el.matches('svg, img, canvas') || el.querySelector('svg *, img, canvas, input, select') !== null;
      if (text === '' && !picture) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} (empty)`);
      else if (r.width < 1 || r.height < 1) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} (0 size)`);
    }
    return out;
  }, selector);
  assert.deepEqual(empty, [], `${options.name}: empty panels`);
  return shot;
}

/**
 * Fails when the page scrolls sideways, when `panel` runs past the viewport or its own box, or when its screenshot is
 * (nearly) one colour: an empty or blank-rendered panel.
 */
export async function assertPanelFits(page: Page, panel: Locator, what: string, scrolls = false): Promise<void> {
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  assert.ok(overflow.page <= overflow.viewport, `${what}: the page scrolls sideways (${overflow.page} px)`);
  const box = must(await panel.boundingBox(), `${what}: a visible panel`);
  assert.ok(box.x >= 0 && box.x + box.width <= overflow.viewport, `${what}: the panel runs past the viewport`);
  assert.ok(box.width > 50 && box.height > 20, `${what}: the panel is ${box.width}×${box.height} px`);
  // A panel that may scroll sideways (the whole of a big family) is still one on the page, not past it.
  const own = await panel.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  if (!scrolls)
    assert.ok(own.scroll <= own.client + 1, `${what}: content overflows the panel (${own.scroll} > ${own.client} px)`);
  const png = await panel.screenshot();
  // The browser decodes its own screenshot: the share of pixels that differ from the most common colour.
  const inked = await page.evaluate(
    async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const data = g.getImageData(0, 0, img.width, img.height).data;
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4)
        counts.set(
          (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!,
          (counts.get((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!) ?? 0) + 1,
        );
      const top = Math.max(...counts.values());
      return 1 - top / (data.length / 4);
    },
    `data:image/png;base64,${png.toString('base64')}`,
  );
  assert.ok(inked > 0.01, `${what}: the screenshot is blank (${(inked * 100).toFixed(2)} % inked)`);
}
