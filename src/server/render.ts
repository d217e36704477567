// **render** fills the handlebars templates in src/server/views: a view (views/{name}.hbs) inside the shared layout
// (views/layouts/main.hbs), with the partials of views/partials. Handlebars escapes every {{value}}; the only raw
// inserts ({{{...}}}) are sanitized card HTML, the escaped JSON-LD script and Turtle that rdf-html.ts escaped.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import { ROOT } from '../paths.js';

export const VIEWS_DIR = join(ROOT, 'src', 'server', 'views');

const hbs = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();
let partialsLoaded = false;

hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('number', (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-US') : n));
hbs.registerHelper('size', (n: unknown) => {
  if (typeof n !== 'number') return n;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
});

function template(name: string): Handlebars.TemplateDelegate {
  let t = compiled.get(name);
  if (!t) {
    t = hbs.compile(readFileSync(join(VIEWS_DIR, `${name}.hbs`), 'utf8'), { strict: false });
    compiled.set(name, t);
  }
  return t;
}

function loadPartials(): void {
  if (partialsLoaded) return;
  const dir = join(VIEWS_DIR, 'partials');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(dir, file), 'utf8'));
  }
  partialsLoaded = true;
}

/**
 * JSON for a <script type="application/ld+json"> element: `<`, `>`, `&` and line separators escaped so no `</script>`
 * ends it.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[<>&\u2028\u2029]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

export function renderPage(view: string, data: object): string {
  loadPartials();
  const body = template(view)(data);
  return template('layouts/main')({ ...data, body });
}

/** An error page, not cached; `back` is a link on to where the reader came from (besides the start page). */
export function htmlError(
  res: Response,
  status: number,
  title: string,
  message: string,
  back?: { href: string; text: string },
): void {
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(renderPage('error', { title, status, message, back }));
}

/** Whether a request is a browser's: it names text/html and ranks it above plain text. */
export function wantsHtml(req: Request): boolean {
  return req.accepts(['text/plain', 'html']) === 'html' && (req.get('accept') ?? '').includes('text/html');
}
