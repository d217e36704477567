// **huggingbench-locate** finds HuggingBench's published splits under a folder, telling each task's files by their
// names and content, never by a folder's name alone, so one task never reads another's files (a ke_rec test.txt holds
// `uid iid ...` numbers, a tracing test.txt `head<TAB>relation<TAB>tail`). As the authors publish them:
//   Recommendation  ke_rec/<name>/ (e.g. huggingface_2hop_kg): train.txt valid.txt test.txt kg_final.txt
//                   entity_list.txt relation_list.txt user_list.txt item_list.txt   -> read
//                   general_rec/ (train_mat.pkl ...), social_rec/ (trn_mat.pkl, trust_mat.pkl ...): pickled scipy
//                   matrices; no maintained npm library reads them                   -> refused, naming the readable
// ones
//   Tracing         training.txt validation.txt test.txt (LibKGE; train/valid.txt too) -> read
//   Classification  classification.zip and CogDL graphs (*.pt, torch.save): text label files inside the zip or
//                   beside it are read; the .pt graphs are not                        -> refused when nothing is text

import { closeSync, type Dirent, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import type { TaskName } from './common.js';
import { openZip } from '../hub/zip.js';

/** A text file of the classification split: on disk, or an entry of classification.zip. */
export interface LabelFile {
  /** For messages: a path, or `classification.zip!inner/path`. */
  where: string;
  name: string;
  read(): Promise<string>;
}

export interface HuggingBenchSplits {
  root: string;
  /** Folders with a readable split per task (sorted). */
  rec: string[];
  trace: string[];
  /** Classification: the text label files found (empty when only binary files are there). */
  cls: LabelFile[];
  /** What was found but cannot be read, per task, with why. */
  unreadable: Record<TaskName, string[]>;
  /** Closes the classification zips opened for their label files. */
  close(): void;
}

const MAX_DEPTH = 5;
const REC_LINE = /^\d+(?:[ \t]+\d+)*$/;
const LABEL_EXT = new Set(['.txt', '.tsv', '.csv', '.json', '.jsonl']);
/** Classification label files are named for their split; the zip may also hold READMEs and the like. */
const LABEL_NAME = /(train|valid|val|dev|test|label)/i;
/** Biggest classification text entry read into memory (label files are small; a bigger one is not a label file). */
const MAX_LABEL_BYTES = 512 * 1024 * 1024;

/** The first non-blank line among the file's first 64 KiB (split files can be large). */
function firstLine(file: string): string | undefined {
  const buf = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf
      .toString('utf8', 0, n)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '');
  } finally {
    closeSync(fd);
  }
}

function walk(dir: string, depth: number, visit: (dir: string, files: string[]) => void): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  visit(
    dir,
    entries.filter((e) => e.isFile()).map((e) => e.name),
  );
  if (depth >= MAX_DEPTH) return;
  for (const e of entries
    .filter((x) => x.isDirectory() && !x.name.startsWith('.') && x.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    walk(join(dir, e.name), depth + 1, visit);
  }
}

/** The splits under `root`, each folder classified by the files it holds. */
export async function findHuggingBench(root: string): Promise<HuggingBenchSplits> {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`--huggingbench ${root}: not a folder`);
  const opened: (() => void)[] = [];
  const found: HuggingBenchSplits = {
    root,
    rec: [],
    trace: [],
    cls: [],
    unreadable: { rec: [], cls: [], trace: [] },
    close: () => opened.forEach((c) => c()),
  };
  const zips: string[] = [];
  walk(root, 0, (dir, files) => {
    const has = (f: string) => files.includes(f);
    const at = relative(root, dir) || '.';
    if (has('train.txt') && has('test.txt') && REC_LINE.test(firstLine(join(dir, 'train.txt')) ?? ''))
      found.rec.push(dir);
    const traceTrain = has('training.txt') || has('train.txt');
    if (traceTrain && has('test.txt') && (firstLine(join(dir, 'test.txt')) ?? '').split('\t').length === 3)
      found.trace.push(dir);
    const pickles = files.filter((f) => f.endsWith('.pkl'));
    if (pickles.length > 0) {
      const kind = pickles.includes('trust_mat.pkl') || pickles.includes('trn_mat.pkl') ? 'social_rec' : 'general_rec';
      found.unreadable.rec.push(
        `${at}: ${kind} split as pickled scipy matrices (${pickles.sort().join(', ')}), ` +
          `which no maintained npm library reads`,
      );
    }
    for (const f of files.filter((x) => x.endsWith('.pt'))) {
      found.unreadable.cls.push(`${join(at, f)}: a CogDL graph saved by torch.save (binary), not readable here`);
    }
    for (const f of files.filter((x) => /\.zip$/i.test(x) && /classif/i.test(x))) zips.push(join(dir, f));
    if (/classif/i.test(at)) {
      for (const f of files.filter((x) => LABEL_EXT.has(extname(x).toLowerCase()) && LABEL_NAME.test(x)).sort()) {
        const path = join(dir, f);
        found.cls.push({ where: path, name: f, read: async () => readFileSync(path, 'utf8') });
      }
    }
  });
  for (const path of zips) {
    const zip = await openZip(path).catch((e: Error) => {
      found.unreadable.cls.push(`${relative(root, path)}: ${e.message}`);
      return undefined;
    });
    if (!zip) continue;
    opened.push(() => zip.close());
    // an unpacked copy beside the zip was found already: its files win, so no row is read twice
    const onDisk = new Set(found.cls.map((f) => f.name));
    const text = zip.entries.filter(
      (e) =>
        LABEL_EXT.has(extname(e.name).toLowerCase()) &&
        LABEL_NAME.test(basename(e.name)) &&
        !e.name.startsWith('__MACOSX/'),
    );
    const binary = zip.entries.filter((e) => !text.includes(e));
    for (const e of text) {
      if (e.bytes > MAX_LABEL_BYTES || onDisk.has(basename(e.name))) continue;
      found.cls.push({
        where: `${path}!${e.name}`,
        name: basename(e.name),
        read: async () => {
          const chunks: Buffer[] = [];
          for await (const c of await zip.stream(e.name)) chunks.push(c as Buffer);
          return Buffer.concat(chunks).toString('utf8');
        },
      });
    }
    if (text.length === 0) {
      const names = binary
        .slice(0, 6)
        .map((e) => e.name)
        .join(', ');
      found.unreadable.cls.push(
        `${relative(root, path)}: no text label files inside (${names}${binary.length > 6 ? ', ...' : ''})`,
      );
    }
  }
  return found;
}

const WHAT: Record<TaskName, string> = {
  rec:
    'recommendation split (a ke_rec folder: train.txt, valid.txt, ' +
    'test.txt with `uid iid ...` lines, user_list.txt, item_list.txt)',
  trace: 'tracing split (training.txt, validation.txt, test.txt with `head<TAB>relation<TAB>tail` lines)',
  cls:
    'classification split (text label files: classification.zip ' +
    'holding train/valid/test .json/.jsonl/.csv/.tsv/.txt)',
};

/** Why `task` has no readable split under the root: what was looked for and what was found instead. */
export function missingSplit(found: HuggingBenchSplits, task: TaskName): string {
  const seen = found.unreadable[task];
  const readable = (['rec', 'trace'] as const)
    .filter((t) => t !== task && found[t].length > 0)
    .map((t) => `${t}: ${found[t].map((d) => relative(found.root, d) || '.').join(', ')}`);
  return (
    `--huggingbench ${found.root}: no readable HuggingBench ${WHAT[task]}` +
    (seen.length > 0 ? `; found only ${seen.join('; ')}` : '') +
    (task === 'rec' && seen.length > 0 ? '; point at a ke_rec folder (e.g. ke_rec/huggingface_2hop_kg) instead' : '') +
    (readable.length > 0 ? `. Readable here: ${readable.join('; ')}` : '')
  );
}

/**
 * The folder to read for `task` (rec, trace): the only one, or the first in path order, with a note naming the others.
 */
export function chooseSplit(found: HuggingBenchSplits, task: 'rec' | 'trace'): { dir: string; note?: string } {
  const dirs = found[task];
  const dir = dirs[0];
  if (dir === undefined) throw new Error(missingSplit(found, task));
  const rel = (d: string) => relative(found.root, d) || '.';
  return {
    dir,
    note:
      dirs.length > 1
        ? `${task}: ${dirs.length} splits found, reading ${rel(dir)} (pass ` +
          `one folder to choose: ${dirs.slice(1).map(rel).join(', ')})`
        : undefined,
  };
}
