// **mapper-helpers**: small tools shared by the mapper tests: run a mapping to N-Triples lines, write a temporary
// snapshot, spell expected triples with prefixes.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writer } from 'n3';
import { entityIri, type EntityKind } from '../../src/iri.js';
import type { BuildWarning, MapOptions, MapRun } from '../../src/mapper/map.js';
import { DEFAULT_BASE, NS } from '../../src/vocab.js';
import { tempDir } from './temp-dirs.js';

export const BASE = DEFAULT_BASE;

/** Drains a run into N-Triples lines (in emission order). */
export async function lines(run: MapRun): Promise<string[]> {
  const w = new Writer({ format: 'N-Triples' });
  const out: string[] = [];
  for await (const q of run.quads) out.push(w.quadToString(q.subject, q.predicate, q.object).trimEnd());
  return out;
}

export function options(warnings: BuildWarning[] = [], extra: Partial<MapOptions> = {}): MapOptions {
  return { base: BASE, onWarning: (w) => warnings.push(w), ...extra };
}

// The shared run-scoped temp dirs (test/helpers/temp-dirs.ts), re-exported for the mapper tests.
export { tempDir };

/** Writes a snapshot directory: file name -> records (one JSON line each) or raw text. */
export function snapshot(files: Record<string, unknown[] | string>): string {
  const dir = tempDir('hkg-snap-');
  for (const [name, content] of Object.entries(files)) {
    const text = typeof content === 'string' ? content : content.map((r) => JSON.stringify(r)).join('\n') + '\n';
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** `<IRI>` of an entity. */
export function e(kind: EntityKind, id: string): string {
  return `<${entityIri(BASE, kind, id)}>`;
}

/** Expands `hkg:x`, `schema:x`, `rdf:type`, ... to `<IRI>`; leaves `<...>` and literals alone. */
export function term(t: string): string {
  if (t.startsWith('<') || t.startsWith('"')) return t;
  const colon = t.indexOf(':');
  const ns = (NS as Record<string, string>)[t.slice(0, colon)];
  if (colon < 0 || ns === undefined) throw new Error(`unknown prefix in ${t}`);
  return `<${ns}${t.slice(colon + 1)}>`;
}

/** One N-Triples line from prefixed terms. */
export function nt(s: string, p: string, o: string): string {
  return `${term(s)} ${term(p)} ${term(o)} .`;
}

export const xsd = (v: string | number, type: string) => `"${v}"^^<${NS.xsd}${type}>`;
export const str = (v: string) => JSON.stringify(v);

/** The lines whose subject is `subject` (an `<IRI>`). */
export function about(all: string[], subject: string): string[] {
  return all.filter((l) => l.startsWith(subject + ' '));
}
