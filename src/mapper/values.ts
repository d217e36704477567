// **values** checks one field of a raw record: the right JSON type, a sane size, a real date. A bad field is
// dropped (or cut) with a warning naming the field; the rest of the record is kept.

import { assertValidHubId, type EntityKind } from '../iri.js';

/** What a kind module needs while reading one record. */
export interface RecordContext {
  file: string;
  line?: number;
  /** The record's id once known (named in warnings). */
  id?: string;
  warn(message: string): void;
  /** Task ids known to the build (for telling task tags from free tags). */
  isTask(id: string): boolean;
  /** The task id for a task id or a task label (HuggingKG's release stores labels), else undefined. */
  taskId(idOrLabel: string): string | undefined;
  /** user or org, by the rule in index.ts. */
  agentKind(name: string): 'user' | 'org';
  descriptionMaxChars: number;
}

export type Obj = Record<string, unknown>;

/** Longest name/title/label kept; longer ones are cut (with a warning). */
export const MAX_NAME_CHARS = 1000;
/** Longest tag / keyword / list item kept; longer ones are dropped (with a warning). */
export const MAX_TAG_CHARS = 300;
/** Most list items read from one field (likers, tags, items...); the rest is dropped (with a warning). */
export const MAX_LIST_ITEMS = 1_000_000;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Cuts a string to `max` UTF-16 units without splitting a surrogate pair. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end);
}

/** A string field; absent/null -> undefined; wrong type -> dropped; longer than `max` -> cut. */
export function str(obj: Obj, key: string, ctx: RecordContext, max = MAX_NAME_CHARS): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    ctx.warn(`field "${key}": expected a string, got ${typeName(v)}; dropped`);
    return undefined;
  }
  if (v.length > max) {
    ctx.warn(`field "${key}": ${v.length} characters, cut to ${max}`);
    return cut(v, max);
  }
  return v;
}

/** A long text field (README, summary): only the type is checked here; text.ts cleans and caps it. */
export function longText(obj: Obj, key: string, ctx: RecordContext): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    ctx.warn(`field "${key}": expected a string, got ${typeName(v)}; dropped`);
    return undefined;
  }
  return v;
}

/** A non-negative integer count (downloads, likes, upvotes); anything else (e.g. the string "12") is dropped. */
export function count(obj: Obj, key: string, ctx: RecordContext): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    ctx.warn(
      `field "${key}": expected a non-negative integer, got ${typeName(v)} ${JSON.stringify(v)?.slice(0, 40)}; dropped`,
    );
    return undefined;
  }
  return v;
}

/**
 * Date-times as the Hub writes them (`2024-01-02T03:04:05.000Z`) and as Python's `str(datetime)`, `isoformat()` (any
 * timespec) and `str(date)` write them: `2024-01-02 03:04:05+00:00`, `2024-01-02T03:04:05.123456-07:00`,
 * `2024-01-02T03`, `2024-01-02`. An offset may carry seconds (`+05:30:15.5`) or no colon (`+0530`).
 */
const DATE_TIME = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})` +
    String.raw`(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})` +
    '?)?)?)?)?$',
  'i',
);

function offsetMs(tz: string): number {
  if (tz.toUpperCase() === 'Z') return 0;
  const sign = tz[0] === '-' ? -1 : 1;
  const m = /^[+-](\d{2}):?(\d{2})?(?::?(\d{2}(?:\.\d+)?))?$/.exec(tz)!;
  return sign * ((Number(m[1]) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

/**
 * The instant a date-time string names, as `toISOString()` (UTC, milliseconds), or undefined when it is not one of
 * the forms above or names no real day/time. A value without an offset is taken as UTC: huggingface_hub's datetimes
 * are UTC, and reading it in the machine's zone would make the graph depend on where it was built.
 */
export function parseDateTime(v: string): string | undefined {
  const m = DATE_TIME.exec(v.trim());
  if (!m) return undefined;
  const field = (k: number) => Number(m[k] ?? 0);
  const [y, mo, d, h, mi, s] = [field(1), field(2), field(3), field(4), field(5), field(6)];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // not Date.UTC: it maps years 0-99 to 1900-1999
  if (date.getUTCMonth() !== mo - 1) return undefined; // e.g. 2023-02-30
  date.setUTCHours(h, mi, s, ms);
  const t = date.getTime() - (m[8] ? offsetMs(m[8]) : 0);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** A date-time field (see parseDateTime), normalised so the Hub's and Python's spellings give the same literal. */
export function dateTime(obj: Obj, key: string, ctx: RecordContext): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  const iso = typeof v === 'string' ? parseDateTime(v) : undefined;
  if (iso !== undefined) return iso;
  ctx.warn(`field "${key}": not a date-time: ${JSON.stringify(v)?.slice(0, 60)}; dropped`);
  return undefined;
}

/** A list of strings; a lone string counts as a one-item list (cards write `language: en`); bad items dropped. */
export function strList(obj: Obj, key: string, ctx: RecordContext, max = MAX_TAG_CHARS): string[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  const items = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
  if (!items) {
    ctx.warn(`field "${key}": expected a list of strings, got ${typeName(v)}; dropped`);
    return [];
  }
  const out: string[] = [];
  let bad = 0;
  for (const item of items.length > MAX_LIST_ITEMS ? items.slice(0, MAX_LIST_ITEMS) : items) {
    if (typeof item === 'string' && item.length > 0 && item.length <= max) out.push(item);
    else bad++;
  }
  if (bad > 0) ctx.warn(`field "${key}": ${bad} item(s) not a string of 1..${max} characters; dropped`);
  if (items.length > MAX_LIST_ITEMS) ctx.warn(`field "${key}": more than ${MAX_LIST_ITEMS} items; the rest dropped`);
  return out;
}

/** A list of objects (collection items, paper authors, likers); non-objects dropped with one warning. */
export function objList(obj: Obj, key: string, ctx: RecordContext): Obj[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    ctx.warn(`field "${key}": expected a list, got ${typeName(v)}; dropped`);
    return [];
  }
  const out = v.filter(isObject);
  if (out.length < v.length) ctx.warn(`field "${key}": ${v.length - out.length} item(s) not an object; dropped`);
  return out;
}

/**
 * Characters XML 1.0 cannot hold (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates): a literal with
 * them makes RDF/XML and SPARQL XML results ill-formed, and is no xsd:string. Global, for replace (test with NOT_XML).
 */
const NOT_XML_G = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
/** A cheaper first test by code unit: false means NOT_XML cannot match (most text has no control nor surrogate). */
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
const notXml = (s: string) => SUSPECT.test(s) && NOT_XML.test(s);

/** `s` with what XML 1.0 cannot hold cleaned: lone surrogates become U+FFFD, the rest is removed. */
export function xmlText(s: string): { text: string; removed: string[] } {
  if (!notXml(s)) return { text: s, removed: [] };
  const removed: string[] = [];
  const text = s.replace(NOT_XML_G, (c) => {
    removed.push('U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
    return c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff ? '\ufffd' : '';
  });
  return { text, removed };
}

/** A value shown in a warning: JSON, cut (an id may be a megabyte long). */
export function shown(v: unknown): string {
  const json = JSON.stringify(v) ?? String(v);
  return json.length > 80 ? json.slice(0, 77) + '...' : json;
}

/**
 * Why `v` cannot be the Hub id of an entity of `kind`, or undefined when it can. The one check for record ids and for
 * link targets (tags such as `dataset:…` and `base_model:…`, likers, members, items...): a string of at most
 * MAX_NAME_CHARS characters, no white space around it, no character XML cannot hold, no empty or dot-only segment.
 */
export function idProblem(kind: EntityKind, v: unknown): string | undefined {
  if (typeof v !== 'string') return `${kind} id is not a string`;
  if (v.length > MAX_NAME_CHARS) return `${kind} id of ${v.length} characters (at most ${MAX_NAME_CHARS})`;
  if (v.trim() !== v) return `${kind} id with white space around it`;
  if (notXml(v)) return `${kind} id with a control character, U+FFFE/U+FFFF or a lone surrogate`;
  try {
    assertValidHubId(kind, v);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/** The record's id field; a record without a usable id cannot be mapped and is skipped by the caller. */
export function requiredId(obj: Obj, key: string, kind: EntityKind, ctx: RecordContext): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    ctx.warn(`record without "${key}" skipped`);
    return undefined;
  }
  const problem = idProblem(kind, v);
  if (problem !== undefined) {
    ctx.warn(`invalid "${key}" ${shown(v)} (${problem}): record skipped`);
    return undefined;
  }
  return v as string;
}
