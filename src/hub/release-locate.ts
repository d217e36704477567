// **release-locate** finds a HuggingKG release where a user put the download: the published zip
// (`HuggingKG_V<timestamp>.zip`, read in place), the folder it unpacks to at any depth below the given path, and the
// `triples.txt` published beside the zip. A release without its node files is refused, never mapped to placeholders.

import { type Dirent, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';
import { RELATIONS } from '../relations.js';
import { RELEASE_NODE_FILES, TRIPLES_FILE, type Release, type ReleaseFile } from './release.js';
import { openZip, type ZipArchive } from './zip.js';

const NODE_NAMES = new Set(RELEASE_NODE_FILES.map((f) => f.file));
/** How deep below the given folder an unpacked release or the zip is looked for. */
const MAX_DEPTH = 6;
/** Folders that never hold the release: tool metadata, and the constructor's own id sets. */
const SKIP_DIR = /^(?:\.|__MACOSX$|node_modules$|extra_data$)/;

function diskFile(path: string, name = basename(path)): ReleaseFile {
  return { name, path, bytes: statSync(path).size };
}

/** Folders under `root` (itself included, at most MAX_DEPTH down) holding a file that passes `test`. */
function findDirs(root: string, test: (name: string) => boolean, depth = 0): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const here = entries.some((e) => e.isFile() && test(e.name)) ? [root] : [];
  if (depth >= MAX_DEPTH) return here;
  const below = entries
    .filter((e) => e.isDirectory() && !SKIP_DIR.test(e.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => findDirs(join(root, e.name), test, depth + 1));
  return [...here, ...below];
}

/**
 * tasks.json may be absent or empty (the constructor writes [] when the Hub's task list failed): @huggingface/tasks
 * stands in.
 */
const OPTIONAL_NODE = 'tasks.json';

function missingNodes(present: (name: string) => boolean, where: string): void {
  const missing = RELEASE_NODE_FILES.filter((f) => f.file !== OPTIONAL_NODE && !present(f.file)).map((f) => f.file);
  if (missing.length > 0) {
    throw new Error(
      `${where}: HuggingKG node file(s) missing: ${missing.join(', ')}. A release holds all of ` +
        `${[...NODE_NAMES].join(', ')}; without them the graph would ` +
        `have no attributes for those entities, so nothing was built. ` +
        'Unpack or point at the complete HuggingKG_V<timestamp>.zip.',
    );
  }
}

function relationNotes(release: Release): void {
  const absent = RELATIONS.filter((r) => !release.relations.some((f) => f.relation === r.name)).map(
    (r) => `${r.name}.json`,
  );
  if (absent.length === 0) return;
  release.notes.push(
    release.triples
      ? `relation file(s) absent, their edges are read from ${TRIPLES_FILE}: ${absent.join(', ')}`
      : `relation file(s) absent and no ${TRIPLES_FILE}: no edges for ${absent.join(', ')}`,
  );
}

/** A release unpacked in `root`; `triples.txt` is taken from `root` or the nearest folder above it up to `top`. */
function fromDir(root: string, top: string): Release {
  missingNodes((f) => existsSync(join(root, f)), root);
  const nodes = RELEASE_NODE_FILES.flatMap(({ file, kind }) =>
    existsSync(join(root, file)) ? [{ ...diskFile(join(root, file)), kind }] : [],
  );
  const relations = RELATIONS.flatMap((r) =>
    existsSync(join(root, `${r.name}.json`)) ? [{ ...diskFile(join(root, `${r.name}.json`)), relation: r.name }] : [],
  );
  let triples: ReleaseFile | undefined;
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, TRIPLES_FILE))) {
      triples = diskFile(join(dir, TRIPLES_FILE));
      break;
    }
    if (resolve(dir) === resolve(top) || dirname(dir) === dir) break;
  }
  const release: Release = { where: root, nodes, relations, triples, notes: [], close: () => {} };
  relationNotes(release);
  return release;
}

/** Folders inside the archive that hold node files (`''` = the archive's top). */
function zipRoots(zip: ZipArchive): string[] {
  const roots = new Set<string>();
  for (const e of zip.entries) {
    const parts = e.name.split('/');
    if (parts.slice(0, -1).some((p) => SKIP_DIR.test(p))) continue;
    if (NODE_NAMES.has(parts[parts.length - 1] ?? '')) roots.add(parts.slice(0, -1).join('/'));
  }
  return [...roots].sort();
}

function fromZip(zip: ZipArchive, root: string): Release {
  const where = root ? `${zip.path}!${root}/` : zip.path;
  const sizes = new Map(zip.entries.map((e) => [e.name, e.bytes]));
  const inner = (name: string) => (root ? posix.join(root, name) : name);
  const entryFile = (entry: string): ReleaseFile => ({
    name: posix.basename(entry),
    path: `${zip.path}!${entry}`,
    bytes: sizes.get(entry)!,
    open: () => zip.stream(entry),
  });
  missingNodes((f) => sizes.has(inner(f)), where);
  const nodes = RELEASE_NODE_FILES.flatMap(({ file, kind }) =>
    sizes.has(inner(file)) ? [{ ...entryFile(inner(file)), kind }] : [],
  );
  const relations = RELATIONS.flatMap((r) =>
    sizes.has(inner(`${r.name}.json`)) ? [{ ...entryFile(inner(`${r.name}.json`)), relation: r.name }] : [],
  );
  // triples.txt is published beside the zip; accept it inside too (at the release folder or the archive's top)
  let triples: ReleaseFile | undefined;
  for (const entry of [inner(TRIPLES_FILE), TRIPLES_FILE]) if (!triples && sizes.has(entry)) triples = entryFile(entry);
  const beside = join(dirname(zip.path), TRIPLES_FILE);
  if (!triples && existsSync(beside)) triples = diskFile(beside);
  const release: Release = { where, nodes, relations, triples, notes: [], close: () => zip.close() };
  relationNotes(release);
  return release;
}

async function zipRelease(path: string): Promise<{ zip: ZipArchive; roots: string[] }> {
  const zip = await openZip(path);
  return { zip, roots: zipRoots(zip) };
}

function choose<T>(
  found: T[],
  label: (t: T) => string,
  what: string,
  where: string,
  hint = 'pass the one to build from',
): T {
  const [only, ...more] = found;
  if (only === undefined) throw new Error(`${where}: no ${what} found`);
  if (more.length > 0) {
    throw new Error(`${where}: ${found.length} ${what} found (${found.map(label).join(', ')}); ${hint}`);
  }
  return only;
}

/**
 * Opens the HuggingKG release at `path`: a `.zip` file, or a folder holding the unpacked release or the zip at any
 * depth (up to six folders down). Throws, saying what was found, when no complete set of node files is there.
 */
export async function openRelease(path: string): Promise<Release> {
  if (!existsSync(path)) throw new Error(`HuggingKG release not found: ${path}`);
  if (statSync(path).isFile()) {
    // triples.txt named directly: the release is the zip or folder beside it, if the user downloaded it
    if (basename(path) === TRIPLES_FILE) return openRelease(dirname(path));
    const { zip, roots } = await zipRelease(path);
    try {
      if (roots.length === 0)
        throw new Error(`${path}: no HuggingKG node files (${[...NODE_NAMES].join(', ')}) in this archive`);
      return fromZip(
        zip,
        choose(roots, (r) => r || '(top)', 'release folders', path, 'unpack the one to build from and pass its folder'),
      );
    } catch (e) {
      zip.close();
      throw e;
    }
  }
  const dirs = findDirs(path, (name) => NODE_NAMES.has(name));
  if (dirs.length > 0)
    return fromDir(
      choose(dirs, (d) => relative(path, d) || '.', 'unpacked releases', path),
      path,
    );
  const zips = findDirs(path, (name) => /\.zip$/i.test(name)).flatMap((dir) =>
    readdirSync(dir)
      .filter((n) => /\.zip$/i.test(n))
      .sort()
      .map((n) => join(dir, n)),
  );
  const withNodes: { zip: ZipArchive; roots: string[] }[] = [];
  for (const z of zips) {
    const opened = await zipRelease(z).catch(() => undefined);
    if (opened && opened.roots.length > 0) withNodes.push(opened);
    else opened?.zip.close();
  }
  if (withNodes.length === 0) {
    if (findDirs(path, (name) => name === TRIPLES_FILE).length > 0) throw onlyTriples(path);
    throw new Error(
      `${path}: no HuggingKG release here (no ${[...NODE_NAMES].join(', ')} ` +
        `and no zip holding them, ${MAX_DEPTH} folders deep)`,
    );
  }
  try {
    const { zip, roots } = choose(withNodes, (z) => relative(path, z.zip.path), 'release archives', path);
    return fromZip(
      zip,
      choose(
        roots,
        (r) => r || '(top)',
        'release folders',
        zip.path,
        'unpack the one to build from and pass its folder',
      ),
    );
  } catch (e) {
    for (const z of withNodes) z.zip.close();
    throw e;
  }
}

function onlyTriples(dir: string): Error {
  return new Error(
    `${dir}: only ${TRIPLES_FILE} found. It holds the edges but ` +
      `no attributes (names, dates, licenses, descriptions); ` +
      'download the HuggingKG_V<timestamp>.zip published beside it and point at the zip or at this folder.',
  );
}
