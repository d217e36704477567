// **search-index** is the site search: every entity's Hub id and name split into lower-case word tokens (at anything
// but letters and digits, and between letters and digits), kept in memory from one store scan at start. A query
// matches an entity when each of its words is one of the entity's tokens (the last word as a prefix, so suggestions
// work while typing); "Llama 3.1", "llama-3.1" and "LLAMA_3_1" read the same. Hits rank exact id or name first, then
// by downloads and likes. Words shorter than the query's can also be found inside ids (bert in distilbert) as a
// fallback when the words alone find too little.

import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { builtFiles, OUTPUT } from '../build/output.js';
import { parseEntityIri, type EntityKind } from '../iri.js';
import type { Store } from '../store/store.js';
import { DATA, STD } from '../vocab.js';
import type { AppContext } from './context.js';
import { pagePath } from './links.js';
import { byString } from '../util/compare.js';

export interface SearchHit {
  kind: EntityKind;
  id: string;
  name: string;
  iri: string;
  href: string;
}

interface Entry {
  iri: string;
  kind: EntityKind;
  id: string;
  name: string;
  /** Lower-cased id and name, for exact matches and the substring fallback. */
  idLower: string;
  nameLower: string;
  downloads: number;
  likes: number;
}

/** The words of a text in order: letters and digits of every script, lower-cased, accents dropped. */
function tokensInOrder(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A word's runs of letters and of digits ("llama3" is llama and 3, "8b" is 8 and b). */
function splitRuns(word: string): string[] {
  return word.split(/(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u);
}

/** Every token of a text: its words, and the letter and digit runs of each (people type "llama3" and "llama 3"). */
export function tokens(text: string): string[] {
  const out = new Set<string>();
  for (const w of tokensInOrder(text)) {
    out.add(w);
    for (const part of splitRuns(w)) out.add(part);
  }
  return [...out];
}

/** The fallback looks inside ids only for words this long (shorter ones match too much to be worth a scan). */
const SUBSTRING_MIN = 3;

export class SearchIndex {
  private readonly entries: Entry[] = [];
  /** Every distinct token, sorted, with the entries holding it. */
  private sortedTokens: string[] = [];
  private readonly postings = new Map<string, number[]>();

  add(e: Omit<Entry, 'idLower' | 'nameLower'>): void {
    const n = this.entries.length;
    this.entries.push({ ...e, idLower: e.id.toLowerCase(), nameLower: e.name.toLowerCase() });
    for (const t of new Set([...tokens(e.id), ...tokens(e.name)])) {
      const list = this.postings.get(t);
      if (list) list.push(n);
      else this.postings.set(t, [n]);
    }
  }

  /** Every entry's lower-cased id and name in one string (a separator after each), and where each entry starts: one
   *  indexOf over it finds substrings far faster than a test per entry. */
  private haystack = '';
  private starts: number[] = [];

  /** Call once after the last add. */
  seal(): this {
    this.sortedTokens = [...this.postings.keys()].sort();
    const parts: string[] = [];
    let at = 0;
    for (const e of this.entries) {
      this.starts.push(at);
      const part = `${e.idLower}\u0001${e.nameLower}\n`;
      parts.push(part);
      at += part.length;
    }
    this.haystack = parts.join('');
    return this;
  }

  /** The entry whose text holds position `pos` of the haystack. */
  private entryAt(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every entity's kind and id, in the order added (for benches and tests). */
  ids(): Array<{ kind: EntityKind; id: string }> {
    return this.entries.map((e) => ({ kind: e.kind, id: e.id }));
  }

  /** Entries holding a token that starts with `prefix` (at most about `cap` of them). */
  private withPrefix(prefix: string, cap = Number.POSITIVE_INFINITY): Set<number> {
    const out = new Set<number>();
    let lo = 0;
    let hi = this.sortedTokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sortedTokens[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sortedTokens.length && out.size < cap; i++) {
      const t = this.sortedTokens[i] ?? '';
      if (!t.startsWith(prefix)) break;
      for (const n of this.postings.get(t) ?? []) out.add(n);
    }
    return out;
  }

  /** Entries holding `word`, or (the last word being typed) a token starting with it. */
  private matching(word: string, prefix: boolean): Set<number> {
    return prefix ? this.withPrefix(word) : new Set(this.postings.get(word) ?? []);
  }

  /** A single letter or digit typed alone: entries holding it as a word, then a bounded share of those holding a word
   *  starting with it (all of them would be a large share of the graph to rank). */
  private single(word: string, limit: number): Set<number> {
    const own = new Set(this.postings.get(word) ?? []);
    if (own.size >= limit) return own;
    for (const n of this.withPrefix(word, limit * 20)) own.add(n);
    return own;
  }

  search(text: string, limit: number, kind?: EntityKind): SearchHit[] {
    const whole = text.trim().toLowerCase();
    // Words as typed; the last one may be unfinished, so it matches as a prefix.
    const typed = tokensInOrder(text);
    if (typed.length === 0) return [];
    const words = tokens(text);
    const sets = typed.map((w, i) => {
      const last = i === typed.length - 1;
      const own = typed.length === 1 && w.length === 1 ? this.single(w, limit) : this.matching(w, last);
      // "llama3" also finds llama-3.1: all of its letter and digit runs, the last one as typed.
      const parts = splitRuns(w);
      if (parts.length < 2) return own;
      const partSets = parts.map((p, j) => this.matching(p, last && j === parts.length - 1));
      partSets.sort((a, b) => a.size - b.size);
      const [smallest, ...others] = partSets;
      for (const n of smallest ?? []) if (others.every((o) => o.has(n))) own.add(n);
      return own;
    });
    sets.sort((a, b) => a.size - b.size);
    const [first, ...rest] = sets;
    let found = [...(first ?? [])].filter((n) => rest.every((s) => s.has(n)));
    if (kind) found = found.filter((n) => this.entries[n]?.kind === kind);
    if (found.length < limit && whole.length >= SUBSTRING_MIN) {
      const seen = new Set(found);
      for (let pos = this.haystack.indexOf(whole); pos >= 0 && found.length < limit * 4; ) {
        const n = this.entryAt(pos);
        if (!seen.has(n) && (!kind || this.entries[n]?.kind === kind)) found.push(n);
        seen.add(n);
        pos = this.haystack.indexOf(whole, this.starts[n + 1] ?? this.haystack.length);
      }
    }
    const exact = (e: Entry) => (e.idLower === whole || e.nameLower === whole ? 1 : 0);
    // How many of the query's words an entry holds whole (not only as a prefix): from the postings, not re-tokenizing.
    const wholeWords = words.map((w) => new Set(this.postings.get(w) ?? []));
    return found
      .map((n) => ({ e: this.entries[n] as Entry, n }))
      .map(({ e, n }) => ({ e, exact: exact(e), words: wholeWords.filter((set) => set.has(n)).length }))
      .sort(
        (a, b) =>
          b.exact - a.exact ||
          b.words - a.words ||
          b.e.downloads - a.e.downloads ||
          b.e.likes - a.e.likes ||
          a.e.id.length - b.e.id.length ||
          byString(a.e.iri, b.e.iri),
      )
      .slice(0, limit)
      .map(({ e }) => ({ kind: e.kind, id: e.id, name: e.name, iri: e.iri, href: pagePath(e) }));
  }
}

const WANTED = new Set<string>([DATA.hubId, STD.name, DATA.downloads, DATA.likeCount]);

/** What the index needs of one entity, as lines arrive in any order. */
interface Partial {
  id?: string;
  name?: string;
  downloads: number;
  likes: number;
}

function fromPartials(partials: Map<string, Partial>, base: string): SearchIndex {
  const index = new SearchIndex();
  for (const [iri, p] of partials) {
    const ref = parseEntityIri(base, iri);
    if (!ref || p.id === undefined || p.name === undefined) continue;
    index.add({ iri, kind: ref.kind, id: ref.id, name: p.name, downloads: p.downloads, likes: p.likes });
  }
  return index.seal();
}

/**
 * A copy of `text` that holds no reference to the string it was cut from. V8 keeps a substring as a slice of its
 * parent, and a line from readline is itself a slice of a decoded 64 KB chunk: the index kept most of the decompressed
 * dump alive through the few strings it keeps of each entity (846 MB of heap at F = 0.1, 244 MB with copies).
 */
function own(text: string): string {
  return (' ' + text).slice(1);
}

function note(partials: Map<string, Partial>, s: string, p: string, o: string): void {
  let e = partials.get(s);
  if (!e) partials.set(own(s), (e = { downloads: 0, likes: 0 }));
  if (p === DATA.hubId) e.id ??= own(o);
  else if (p === STD.name) e.name = e.name === undefined || o < e.name ? own(o) : e.name;
  else if (p === DATA.downloads) e.downloads = Number(o) || 0;
  else if (p === DATA.likeCount) e.likes = Number(o) || 0;
}

/** `<s> <p> "literal"(^^<dt>|@lang)? .` or `<s> <p> <o> .`: the four properties the index reads are on IRI subjects. */
const TRIPLE_LINE = /^<([^>]*)>\s+<([^>]*)>\s+(?:"((?:[^"\\]|\\.)*)"(?:\^\^<[^>]*>|@[\w-]+)?|<([^>]*)>)\s*\.\s*$/;

/** The one-character N-Triples escapes. */
const SIMPLE_ESCAPES: Record<string, string> = {
  t: '\t',
  b: '\b',
  n: '\n',
  r: '\r',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/** N-Triples string escapes (\t \n \" \\ \uXXXX \UXXXXXXXX ...) read back. */
export function unescapeLiteral(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(
    /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g,
    (whole, u4?: string, u8?: string, c?: string) =>
      u4 || u8 ? String.fromCodePoint(Number.parseInt((u4 ?? u8) as string, 16)) : (SIMPLE_ESCAPES[c ?? ''] ?? whole),
  );
}

/**
 * From the build's N-Triples dump, read as a stream (the store caps a SELECT at its result limit, and a dump is read
 * at a million lines a second): only lines of the four properties the index needs are parsed.
 */
export async function searchIndexFromDump(file: string, base: string): Promise<SearchIndex> {
  const partials = new Map<string, Partial>();
  const needles = [...WANTED].map((p) => `<${p}>`);
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!needles.some((n) => line.includes(n))) continue;
    const m = TRIPLE_LINE.exec(line);
    if (m?.[1] && m[2] && WANTED.has(m[2]))
      note(partials, m[1], m[2], m[3] !== undefined ? unescapeLiteral(m[3]) : (m[4] ?? ''));
  }
  return fromPartials(partials, base);
}

/** From the store, a page of each property at a time (for a store served without its build's dump). */
export async function searchIndexFromStore(store: Store, base: string, pageSize: number): Promise<SearchIndex> {
  const partials = new Map<string, Partial>();
  for (const p of WANTED) {
    for (let offset = 0; ; offset += pageSize) {
      const rows = await store.select(
        `SELECT ?e ?o WHERE { ?e <${p}> ?o } ORDER BY ?e ?o LIMIT ${pageSize} OFFSET ${offset}`,
        { timeoutMs: 10 * 60_000 },
      );
      for (const r of rows) if (r.e && r.o) note(partials, r.e.value, p, r.o.value);
      if (rows.length < pageSize) break;
    }
  }
  return fromPartials(partials, base);
}

const built = new WeakMap<Store, Promise<SearchIndex>>();

/** The index of the served graph, built on first use (the server asks at start); a failed build is tried again. */
export function searchIndexOf(ctx: AppContext): Promise<SearchIndex> {
  const { store, config } = ctx;
  let index = built.get(store);
  if (!index) {
    const started = Date.now();
    const dump = config.outDir && builtFiles(config.outDir).includes(OUTPUT.ntriples);
    index = (
      dump
        ? searchIndexFromDump(join(config.outDir, OUTPUT.ntriples), config.base)
        : searchIndexFromStore(store, config.base, Math.min(config.maxResults, 10_000))
    ).then((made) => {
      ctx.logger.info({ entities: made.size, ms: Date.now() - started }, 'search index built');
      return made;
    });
    index.catch(() => built.delete(store));
    built.set(store, index);
  }
  return index;
}
