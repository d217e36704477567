// **release** reads the files of a HuggingKG release (written by HuggingKG_constructor.py with Python's `json.dump(...,
// indent=4)`) as positioned records, streaming: each top-level array element is cut out by a byte scanner and parsed on
// its own, so a multi-gigabyte models.json never sits in memory, and a README of 100 MB (600 MB of JSON once Python
// has escaped it to ASCII) is cut to its first MAX_STRING_BYTES instead of costing the record. Where the files are
// (the published zip, an unpacked folder) is src/hub/release-locate.ts's job.
//
// Layout (as published at huggingface.co/datasets/cqsss/HuggingKG: `HuggingKG_V<timestamp>.zip` and `triples.txt`):
//   node files, one JSON list each, with HuggingKG's own field names:
//     tasks.json       {id, label}                                    (+ optional modality, ours)
//     models.json      {id, name, createdAt, lastModified, downloads, likes, region, other[], libraries[], license,
//                       languages[], pipeline_tag[], description}
//     datasets.json    {id, name, createdAt, lastModified, downloads, likes, libraries[], license, languages[],
//                       other[], "sub-tasks"[], tasks[], size, formats[], modalities[], tags[], description}
//     spaces.json      {id, name, createdAt, lastModified, likes, tags[]}    (+ optional sdk; dates often null)
//     papers.json      {id, authors[names], publishedAt, title, summary, upvotes}
//     collections.json {slug, title, upvotes, description}                 (+ optional lastUpdated)
//     users.json       {id, fullname}
//     orgs.json        {id, fullname}
//   snake_case spellings (created_at, last_modified, sub_tasks, published_at) are accepted too; dates as Python's
//   str(datetime) or isoformat() wrote them (see parseDateTime in src/mapper/values.ts).
//   relation files `{domain}_{relation}_{range}.json`: lists of {headKey, tailKey} objects (keys in src/relations.ts;
//     HuggingKG wrote `paper_id` for collection_contain_paper and user_publish_paper, which is accepted as well);
//     lineage runs base -> derived (`base_model_id` -> `model_id`).
//   triples.txt: `head<TAB>relation<TAB>tail` (runs of spaces accepted too); read only for relations whose JSON file
//     is absent (they hold the same edges).

import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import type { EntityKind } from '../iri.js';
import type { SourceRecord } from './records.js';
import { INVALID_UTF8, readLines, type LineOptions } from './snapshot.js';

/** Node files in mapping order, with the kind each describes. */
export const RELEASE_NODE_FILES: readonly { file: string; kind: EntityKind }[] = [
  { file: 'tasks.json', kind: 'task' },
  { file: 'orgs.json', kind: 'org' },
  { file: 'users.json', kind: 'user' },
  { file: 'models.json', kind: 'model' },
  { file: 'datasets.json', kind: 'dataset' },
  { file: 'spaces.json', kind: 'space' },
  { file: 'papers.json', kind: 'paper' },
  { file: 'collections.json', kind: 'collection' },
];

export const TRIPLES_FILE = 'triples.txt';

/** One file of a release: on disk, or an entry of the zip (then `open` inflates it). */
export interface ReleaseFile {
  /** Base name, e.g. `models.json` (warnings and counts name it). */
  name: string;
  /** Where it is, for messages: a path, or `archive.zip!folder/models.json`. */
  path: string;
  /** Uncompressed size. */
  bytes: number;
  open?: () => Promise<AsyncIterable<Buffer>>;
}

export interface Release {
  /** The folder or `archive.zip!folder/` the node files were found in. */
  where: string;
  /**
   * The node files, in mapping order: all but tasks.json are always there (openRelease refuses a release without them).
   */
  nodes: (ReleaseFile & { kind: EntityKind })[];
  /** Relation files present, in src/relations.ts order. */
  relations: (ReleaseFile & { relation: string })[];
  /** triples.txt when present (inside the release or beside the zip). */
  triples?: ReleaseFile;
  /** What is absent or was chosen, for the build to report. */
  notes: string[];
  close(): void;
}

/** The readable bytes of a release file: the zip entry's stream or the file on disk. */
export async function openReleaseFile(file: ReleaseFile): Promise<AsyncIterable<Buffer>> {
  return file.open ? file.open() : (createReadStream(file.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>);
}

const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const LETTER_U = 0x75;

/**
 * Longest JSON string literal kept whole (a README); longer ones keep their first bytes, far more than the graph uses.
 */
export const MAX_STRING_BYTES = 4 * 1024 * 1024;
/** Maximum size of one array element after long strings are cut; larger elements are skipped with an error. */
export const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

export interface ArrayOptions extends LineOptions {
  maxStringBytes?: number;
  maxElementBytes?: number;
}

/** Ends a cut string: a mark no real text ends with (two NULs), found and removed again after parsing. */
const CUT_MARK = '\\u0000\\u0000\\u2702';
const CUT_MARK_TEXT = '\u0000\u0000\u2702';
const CUT_CLOSE = Buffer.from(`${CUT_MARK}"`);

/** Removes the cut marks from parsed strings, naming each field that was cut. */
function uncut(value: unknown, path: string, found: string[]): unknown {
  if (typeof value === 'string') {
    if (!value.endsWith(CUT_MARK_TEXT)) return value;
    found.push(path || '(value)');
    return value.slice(0, -CUT_MARK_TEXT.length);
  }
  if (Array.isArray(value)) return value.map((v, i) => uncut(v, `${path}[${i}]`, found));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = uncut(o[k], path ? `${path}.${k}` : k, found);
  }
  return value;
}

/** Python's json.dump writes NaN, Infinity and -Infinity (allow_nan defaults to True); JSON has no such tokens. */
function pythonTokensAsNull(text: string): string | undefined {
  let out = '';
  let changed = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^-?(?:NaN|Infinity)/.exec(text.slice(i, i + 9));
    if (m) {
      out += 'null';
      i += m[0].length;
      changed = true;
      continue;
    }
    out += c;
    i++;
  }
  return changed ? out : undefined;
}

/** Lone UTF-16 surrogates (an escaped `\udXXX` without its pair) become U+FFFD, so every literal is valid UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = wellFormed(o[k]);
  }
  return value;
}

/** Parses one element's text as Python's json module wrote it; notes say what had to be changed. */
function parseElement(
  text: string,
  cuts: number,
  maxString: number,
): { value?: unknown; error?: string; notes: string[] } {
  const notes: string[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const fixed = pythonTokensAsNull(text);
    if (fixed === undefined) return { error: `malformed JSON: ${(e as Error).message}`, notes };
    try {
      value = JSON.parse(fixed);
      notes.push('NaN or Infinity (as Python writes them) read as null');
    } catch {
      return { error: `malformed JSON: ${(e as Error).message}`, notes };
    }
  }
  if (cuts > 0) {
    const fields: string[] = [];
    value = uncut(value, '', fields);
    for (const f of fields)
      notes.push(`field "${f}": longer than ${maxString} bytes of JSON, cut to its first ${maxString}`);
  }
  if (/\\u[dD][89a-fA-F]/.test(text)) value = wellFormed(value);
  return { value, notes };
}

/**
 * Yields each element of the top-level JSON array in `file` as a positioned record (line = where the element starts).
 * The scanner tracks strings, escapes and nesting depth to find element boundaries and to cut over-long strings at a
 * character boundary; JSON.parse does the parsing.
 */
export async function* readJsonArray(file: ReleaseFile, options: ArrayOptions = {}): AsyncGenerator<SourceRecord> {
  const maxString = options.maxStringBytes ?? MAX_STRING_BYTES;
  const maxElement = options.maxElementBytes ?? MAX_ELEMENT_BYTES;
  let line = 1;
  let depth = 0; // 0 = outside the array, 1 = inside the array between elements, >1 inside an element
  let inString = false;
  let escapeState = 0; // 0 none, -1 just after a backslash, 1..4 hex digits of \uXXXX still to come
  let hex = 0;
  let highSurrogate = false; // the last escape was \uD800-\uDBFF: do not cut before its pair
  let stringBytes = 0;
  let cutting = false; // skipping the rest of an over-long string
  let cuts = 0;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let elementStart = 0; // line of the current element
  let inElement = false; // a scalar or container element is being collected
  let sawArray = false;
  let tooBig = false;

  const take = (buf: Buffer): void => {
    if (tooBig || buf.length === 0) return;
    partBytes += buf.length;
    if (partBytes > maxElement) {
      tooBig = true;
      parts = [];
    } else {
      parts.push(Buffer.from(buf));
    }
  };

  const emit = (): SourceRecord => {
    const bytes = tooBig ? Buffer.alloc(0) : Buffer.concat(parts);
    const text = bytes.toString('utf8').trim();
    const rec: SourceRecord = { file: file.name, line: elementStart };
    if (tooBig) rec.error = `array element longer than ${maxElement} bytes skipped`;
    else {
      const { value, error, notes } = parseElement(text, cuts, maxString);
      // as in the snapshot reader: toString reads invalid UTF-8 as U+FFFD silently, so say so
      if (!isUtf8(bytes)) notes.push(INVALID_UTF8);
      if (error !== undefined) rec.error = error;
      else rec.value = value;
      if (notes.length > 0) rec.notes = notes;
    }
    parts = [];
    partBytes = 0;
    inElement = false;
    tooBig = false;
    cuts = 0;
    return rec;
  };

  for await (const chunk of await openReleaseFile(file)) {
    let segStart = inElement && !cutting ? 0 : -1; // start of the current element's bytes inside this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!; // i < chunk.length
      if (c === NEWLINE) line++;
      if (inString) {
        if (escapeState === -1) {
          escapeState = c === LETTER_U ? 4 : 0;
          hex = 0;
          if (escapeState === 0) highSurrogate = false;
        } else if (escapeState > 0) {
          hex = hex * 16 + parseInt(String.fromCharCode(c), 16);
          if (--escapeState === 0) highSurrogate = hex >= 0xd800 && hex <= 0xdbff;
        } else if (c === QUOTE) {
          inString = false;
          if (cutting) {
            cutting = false;
            take(CUT_CLOSE);
            segStart = i + 1;
          }
        } else {
          // a cut may fall here: not inside an escape, not between a surrogate pair, not inside a UTF-8 sequence
          if (!cutting && inElement && stringBytes >= maxString && !highSurrogate && (c & 0xc0) !== 0x80) {
            if (segStart >= 0) take(chunk.subarray(segStart, i));
            segStart = -1;
            cutting = true;
            cuts++;
          }
          if (c === BACKSLASH) escapeState = -1;
          else highSurrogate = false;
        }
        stringBytes++;
        continue;
      }
      if (depth === 0) {
        if (c === OPEN_BRACKET) {
          depth = 1;
          sawArray = true;
        } else if (c > 0x20 && !(c === 0xef || c === 0xbb || c === 0xbf)) {
          throw new Error(`${file.path}:${line}: expected a JSON list ([...]) of HuggingKG records`);
        }
        continue;
      }
      if (depth === 1) {
        if (c === COMMA || c === CLOSE_BRACKET) {
          if (inElement) {
            if (segStart >= 0) take(chunk.subarray(segStart, i));
            segStart = -1;
            yield emit();
          }
          if (c === CLOSE_BRACKET) depth = 0;
          continue;
        }
        if (c <= 0x20) continue;
        // the first byte of an element
        inElement = true;
        elementStart = line;
        segStart = i;
      }
      if (c === QUOTE) {
        inString = true;
        stringBytes = 0;
        highSurrogate = false;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    }
    if (inElement && segStart >= 0) take(chunk.subarray(segStart));
    options.onBytes?.(chunk.length);
  }
  if (!sawArray) return;
  if (depth !== 0) throw new Error(`${file.path}:${line}: the JSON list is not closed (truncated file?)`);
}

/** One `head<TAB>relation<TAB>tail` line of triples.txt; malformed lines carry `error`. */
export interface TripleLine {
  line: number;
  head?: string;
  relation?: string;
  tail?: string;
  error?: string;
  /** Something wrong with the line that did not stop it being read (invalid UTF-8). */
  warning?: string;
}

export async function* readTriples(file: ReleaseFile, options: LineOptions = {}): AsyncGenerator<TripleLine> {
  for await (const { line, text, error, warning } of readLines(await openReleaseFile(file), options)) {
    if (error !== undefined) {
      yield { line, error };
      continue;
    }
    let cols = text!.split('\t');
    // Hub ids, task ids and relation names hold no whitespace, so a line spaced instead of tabbed is read the same
    if (cols.length !== 3 || cols.some((c) => c.trim() === '')) cols = text!.trim().split(/\s+/);
    if (cols.length !== 3) {
      yield {
        line,
        error: `expected "head<TAB>relation<TAB>tail", got ${cols.length} column(s)`,
        ...(warning && { warning }),
      };
      continue;
    }
    yield { line, head: cols[0], relation: cols[1], tail: cols[2], ...(warning && { warning }) };
  }
}
