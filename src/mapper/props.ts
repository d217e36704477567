// **props** appends attribute values to an entity in the shapes every kind shares: counts as xsd:integer, dates as
// xsd:dateTime, licenses (literal + SPDX IRI), card text as a cleaned, capped schema:description.

import { DATA, OBJ, STD, XSD } from '../vocab.js';
import type { Prop, RecordContext } from './entity.js';
import { spdxIri } from './license.js';
import { cleanText } from './text.js';
import { canonicalLanguage } from './tags.js';

export function lit(props: Prop[], p: string, v: string | undefined, dt?: string): void {
  if (v === undefined || v === '') return;
  props.push(dt === undefined ? { p, v } : { p, v, dt });
}

export function lits(props: Prop[], p: string, values: readonly string[]): void {
  for (const v of values) lit(props, p, v);
}

export function iri(props: Prop[], p: string, value: string | undefined): void {
  if (value !== undefined) props.push({ p, iri: value });
}

export function integer(props: Prop[], p: string, n: number | undefined): void {
  if (n !== undefined) props.push({ p, v: String(n), dt: XSD.integer });
}

export function dates(props: Prop[], created: string | undefined, modified: string | undefined): void {
  lit(props, STD.dateCreated, created, XSD.dateTime);
  lit(props, STD.dateModified, modified, XSD.dateTime);
}

/** schema:license keeps the Hub's id as a literal; hkg:spdxLicense adds the SPDX IRI when the id is an SPDX id. */
export function licenses(props: Prop[], ids: readonly string[]): void {
  for (const id of ids) {
    lit(props, STD.license, id);
    iri(props, OBJ.spdxLicense, spdxIri(id));
  }
}

/** Language codes, canonicalised (`EN` -> `en`); values that are not language tags are dropped with a warning. */
export function languages(props: Prop[], codes: readonly string[], ctx: RecordContext): void {
  const seen = new Set<string>();
  for (const code of codes) {
    const c = canonicalLanguage(code);
    if (c === undefined) {
      ctx.warn(`language ${JSON.stringify(code).slice(0, 40)} is not a language code; dropped`);
      continue;
    }
    if (seen.has(c)) continue;
    seen.add(c);
    lit(props, STD.inLanguage, c);
  }
}

/** Card text as schema:description (+ hkg:descriptionTruncated when cut). */
export function description(
  props: Prop[],
  raw: string | undefined,
  ctx: RecordContext,
  options: { frontMatter?: boolean; field?: string } = {},
): void {
  if (raw === undefined) return;
  const clean = cleanText(raw, ctx.descriptionMaxChars, options);
  if (clean.removedActive) {
    ctx.warn(
      `${options.field ?? 'card text'}: active HTML/JavaScript (script, event handler or javascript: link) removed`,
    );
  }
  lit(props, STD.description, clean.text);
  if (clean.truncated && clean.text !== '') lit(props, DATA.descriptionTruncated, 'true', XSD.boolean);
}
