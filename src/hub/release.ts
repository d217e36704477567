// **release** reads a HuggingKG release directory (the JSON files written by HuggingKG_constructor.py) as positioned
// records, streaming: each top-level array element is cut out by a byte scanner and parsed on its own, so a
// multi-gigabyte models.json never sits in memory.
//
// Layout (as published at huggingface.co/datasets/cqsss/HuggingKG):
//   node files, one JSON list each, with HuggingKG's own field names:
//     tasks.json       {id, label}                                    (+ optional modality, ours)
//     models.json      {id, name, createdAt, lastModified, downloads, likes, region, other[], libraries[], license,
//                       languages[], pipeline_tag[], description}
//     datasets.json    {id, name, createdAt, lastModified, downloads, likes, libraries[], license, languages[], other[],
//                       "sub-tasks"[], tasks[], size, formats[], modalities[], tags[], description}
//     spaces.json      {id, name, createdAt, lastModified, likes, tags[]}    (+ optional sdk)
//     papers.json      {id, authors[names], publishedAt, title, summary, upvotes}
//     collections.json {slug, title, upvotes, description}                 (+ optional lastUpdated)
//     users.json       {id, fullname}
//     orgs.json        {id, fullname}
//   snake_case spellings (created_at, last_modified, sub_tasks, published_at) are accepted too.
//   relation files `{domain}_{relation}_{range}.json`: lists of {headKey, tailKey} objects (keys in src/relations.ts;
//     HuggingKG wrote `paper_id` for collection_contain_paper and user_publish_paper, which is accepted as well);
//     lineage runs base -> derived (`base_model_id` -> `model_id`).
//   triples.txt: `head<TAB>relation<TAB>tail`; read only for relations whose JSON file is absent (they hold the same edges).

import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityKind } from '../iri.js';
import { RELATIONS } from '../relations.js';
import type { SourceRecord } from './records.js';
import { readLines, type InputFile, type LineOptions } from './snapshot.js';

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

export interface ReleaseFiles {
  nodes: (InputFile & { kind: EntityKind })[];
  /** Relation files present, in src/relations.ts order. */
  relations: (InputFile & { relation: string })[];
  /** triples.txt when present. */
  triples?: InputFile;
}

function inputFile(dir: string, name: string): InputFile | undefined {
  const path = join(dir, name);
  return existsSync(path) ? { name, path, bytes: statSync(path).size } : undefined;
}

/** The release files present in `dir`. Throws when `dir` is not a directory or holds none of them. */
export function listReleaseFiles(dir: string): ReleaseFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`HuggingKG release directory not found: ${dir}`);
  const nodes = RELEASE_NODE_FILES.flatMap(({ file, kind }) => {
    const f = inputFile(dir, file);
    return f ? [{ ...f, kind }] : [];
  });
  const relations = RELATIONS.flatMap((r) => {
    const f = inputFile(dir, `${r.name}.json`);
    return f ? [{ ...f, relation: r.name }] : [];
  });
  const triples = inputFile(dir, TRIPLES_FILE);
  if (nodes.length === 0 && relations.length === 0 && !triples) {
    throw new Error(`no HuggingKG release files (models.json, model_finetune_model.json, triples.txt, ...) in ${dir}`);
  }
  return { nodes, relations, triples };
}

const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** Maximum size of one array element (a model with its full README); larger elements are skipped with an error. */
export const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

/**
 * Yields each element of the top-level JSON array in `file` as a positioned record (line = where the element starts).
 * The scanner only tracks strings and nesting depth to find element boundaries; JSON.parse does the parsing.
 */
export async function* readJsonArray(file: InputFile, options: LineOptions = {}): AsyncGenerator<SourceRecord> {
  let line = 1;
  let depth = 0; // 0 = outside the array, 1 = inside the array between elements, >1 inside an element
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let elementStart = 0; // line of the current element
  let inElement = false; // a scalar or container element is being collected
  let sawArray = false;
  let tooBig = false;

  const emit = (): SourceRecord => {
    const text = Buffer.concat(parts).toString('utf8').trim();
    parts = [];
    partBytes = 0;
    inElement = false;
    if (tooBig) {
      tooBig = false;
      return { file: file.name, line: elementStart, error: `array element longer than ${MAX_ELEMENT_BYTES} bytes skipped` };
    }
    try {
      return { file: file.name, line: elementStart, value: JSON.parse(text) };
    } catch (e) {
      return { file: file.name, line: elementStart, error: `malformed JSON: ${(e as Error).message}` };
    }
  };

  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let segStart = inElement ? 0 : -1; // start of the current element's bytes inside this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === NEWLINE) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (depth === 0) {
        if (c === OPEN_BRACKET) {
          depth = 1;
          sawArray = true;
        } else if (c > 0x20 && !(c === 0xef || c === 0xbb || c === 0xbf)) {
          throw new Error(`${file.name}:${line}: expected a JSON list ([...]) of HuggingKG records`);
        }
        continue;
      }
      if (depth === 1) {
        if (c === COMMA || c === CLOSE_BRACKET) {
          if (inElement) {
            if (segStart >= 0) {
              parts.push(Buffer.from(chunk.subarray(segStart, i)));
              segStart = -1;
            }
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
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    }
    if (inElement && segStart >= 0) {
      partBytes += chunk.length - segStart;
      if (partBytes > MAX_ELEMENT_BYTES) {
        tooBig = true;
        parts = [];
      } else if (!tooBig) {
        parts.push(Buffer.from(chunk.subarray(segStart)));
      }
    }
    options.onBytes?.(chunk.length);
  }
  if (!sawArray) return;
  if (depth !== 0) throw new Error(`${file.name}:${line}: the JSON list is not closed (truncated file?)`);
}

/** One `head<TAB>relation<TAB>tail` line of triples.txt; malformed lines carry `error`. */
export interface TripleLine {
  line: number;
  head?: string;
  relation?: string;
  tail?: string;
  error?: string;
}

export async function* readTriples(file: InputFile, options: LineOptions = {}): AsyncGenerator<TripleLine> {
  for await (const { line, text, error } of readLines(file.path, options)) {
    if (error !== undefined) {
      yield { line, error };
      continue;
    }
    const cols = text!.split('\t');
    if (cols.length !== 3 || cols.some((c) => c === '')) {
      yield { line, error: `expected "head<TAB>relation<TAB>tail", got ${cols.length} column(s)` };
      continue;
    }
    yield { line, head: cols[0], relation: cols[1], tail: cols[2] };
  }
}
