// **page-check** looks at a rendered page the way a person would: a full-page screenshot that must be no wider than
// the window (no horizontal scrolling), and no panel (section, table, figure, pre, list) that shows nothing.
// Reusable by any browser test (pages, lineage picture, editor); the screenshot is kept in SCREENSHOT_DIR when set.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

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
