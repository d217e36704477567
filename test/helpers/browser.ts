// **browser** launches Debian's chromium through playwright-core for HTML tests: headless, no network services, a
// fresh profile per launch (removed on close). Shared by the page tests and the SPARQL editor tests; browserSuite
// registers the hooks a browser suite needs (server, browser, a page per test).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server/app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Throws with the install command when chromium is missing, so the failure says what to do. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  const profile = mkdtempSync(join(tmpdir(), 'hkg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface BrowserSuiteOptions {
  /** The window every test's page gets (default 1280 × 800, the size the pages are checked at). */
  viewport?: { width: number; height: number };
  /** Fail a test whose pages raised a script error (default true); else the suite reads `pageErrors` itself. */
  failOnScriptErrors?: boolean;
  /** Called on each new page before the test, e.g. to listen for dialogs. */
  onPage?: (page: Page) => void;
}

export interface BrowserSuite {
  /** The suite's server, started in `before`. */
  readonly server: RunningServer;
  /** This test's page, opened in `beforeEach` and closed in `afterEach`. */
  readonly page: Page;
  /** Script errors raised by the pages since the suite started (cleared after each test when they fail it). */
  readonly pageErrors: string[];
}

/**
 * Registers the mocha hooks every browser suite needs: a server and chromium for the suite, a fresh page per test.
 * Call it inside `describe`; read `server` and `page` only inside hooks and tests.
 */
export function browserSuite(start: () => Promise<RunningServer>, options: BrowserSuiteOptions = {}): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];
  before(async () => {
    server = await start();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    if (!browser) throw new Error('the browser did not start');
    page = await browser.newPage();
    await page.setViewportSize(options.viewport ?? { width: 1280, height: 800 });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    options.onPage?.(page);
  });
  afterEach(async () => {
    await page?.close();
    if (options.failOnScriptErrors ?? true) assert.deepEqual(pageErrors.splice(0), [], 'no script error on the pages');
  });
  return {
    get server() {
      if (!server) throw new Error('the server is not started yet (read it inside a hook or test)');
      return server;
    },
    get page() {
      if (!page) throw new Error('no page yet (read it inside a test)');
      return page;
    },
    pageErrors,
  };
}
