// **paths** locates the project's own files (ontology, shapes, queries, public, data) from compiled or source code.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the project root (package.json) above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot();
export const ONTOLOGY_FILE = join(ROOT, 'ontology', 'huggingkg.ttl');
export const CONTEXT_FILE = join(ROOT, 'ontology', 'context.jsonld');
export const SHAPES_FILE = join(ROOT, 'shapes', 'huggingkg.shacl.ttl');
export const QUERIES_DIR = join(ROOT, 'queries');
export const PUBLIC_DIR = join(ROOT, 'public');
export const SAMPLE_SNAPSHOT = join(ROOT, 'data', 'sample');
export const FIXTURES_DIR = join(ROOT, 'test', 'fixtures');

let packageJson: { name: string; version: string } | undefined;
/** This project's name and version, from its package.json (read once). */
export function toolInfo(): { name: string; version: string } {
  packageJson ??= JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: packageJson.name, version: packageJson.version };
}
