// **values** checks one field of a raw record: the right JSON type, a sane size, a real date. A bad field is
// dropped (or cut) with a warning naming the field; the rest of the record is kept.

import { assertValidHubId, type EntityKind } from '../iri.js';
import type { RecordContext } from './entity.js';

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
    ctx.warn(`field "${key}": expected a non-negative integer, got ${typeName(v)} ${JSON.stringify(v)?.slice(0, 40)}; dropped`);
    return undefined;
  }
  return v;
}

/** Accepts ISO 8601 date-times as the Hub writes them (and `YYYY-MM-DD HH:MM:SS+00:00` as Python prints them). */
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date-time, normalised to `toISOString()` form (UTC, milliseconds) so both inputs give the same literal. */
export function dateTime(obj: Obj, key: string, ctx: RecordContext): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && DATE_SHAPE.test(v)) {
    const ms = Date.parse(v.includes('T') || v.length === 10 ? v : v.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
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

/** The record's id field; a record without a usable id cannot be mapped and is skipped by the caller. */
export function requiredId(obj: Obj, key: string, kind: EntityKind, ctx: RecordContext): string | undefined {
  const v = obj[key];
  let problem: string | undefined;
  if (v === undefined || v === null) problem = `record without "${key}" skipped`;
  else if (typeof v !== 'string' || v.trim() !== v || v.length > MAX_NAME_CHARS) problem = `invalid "${key}"`;
  else {
    try {
      assertValidHubId(kind, v);
    } catch (e) {
      problem = (e as Error).message;
    }
  }
  if (problem !== undefined) {
    ctx.warn(problem.endsWith('skipped') ? problem : `${problem} ${JSON.stringify(v)?.slice(0, 80)}: record skipped`);
    return undefined;
  }
  return v as string;
}
