// Test helper: the hand-made query fixture graph (Turtle, readable) converted to N-Triples, with the statistics a build
// adds (src/stats/graph-statistics.ts), and loaded into the real embedded store (src/store/embedded.ts, oxigraph in a
// worker), as the server and the CLI load a build's dump.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import { FIXTURES_DIR } from '../../src/paths.js';
import { openEmbeddedStore, type EmbeddedStore } from '../../src/store/embedded.js';
import { DEFAULT_BASE, HKG } from '../../src/vocab.js';
import { GraphStatistics } from '../../src/stats/graph-statistics.js';
import { tempDir } from './temp-dirs.js';

export const FIXTURE_GRAPH = join(FIXTURES_DIR, 'queries', 'graph.ttl');

/**
 * Writes the fixture graph as N-Triples into a fresh temporary directory (removed at the end of the run) and returns
 * the file; with the statistics a build appends to every dump: lineage statistics and tag-task statistics (none for a
 * graph without keywords or libraries).
 */
export function fixtureNTriples(file: string = FIXTURE_GRAPH): string {
  const quads = new N3.Parser({ format: 'text/turtle', baseIRI: DEFAULT_BASE }).parse(readFileSync(file, 'utf8'));
  const statistics = new GraphStatistics();
  for (const q of quads) statistics.add(q);
  quads.push(...([...statistics.quads()] as N3.Quad[]));
  const out = join(tempDir('hkg-queries-'), 'graph.nt');
  writeFileSync(out, new N3.Writer({ format: 'N-Triples' }).quadsToString(quads));
  return out;
}

export async function fixtureStore(file: string = FIXTURE_GRAPH): Promise<EmbeddedStore> {
  return openEmbeddedStore({ files: [fixtureNTriples(file)], workers: 1 });
}

/** The store of a small inline Turtle graph (as fixtureStore: with the build's statistics). */
export async function turtleStore(turtle: string): Promise<EmbeddedStore> {
  const file = join(tempDir('hkg-rq-'), 'graph.ttl');
  writeFileSync(file, turtle);
  return fixtureStore(file);
}

/**
 * The whole graph as sorted lines (blank nodes as _:, since results relabel them), to prove a query changed nothing.
 */
export async function graphLines(store: EmbeddedStore): Promise<string[]> {
  const quads = await store.construct('CONSTRUCT WHERE { ?s ?p ?o }');
  const show = (t: { termType: string; value: string }) =>
    t.termType === 'BlankNode' ? '_:' : `${t.termType}:${t.value}`;
  return quads.map((q) => `${show(q.subject)} ${q.predicate.value} ${show(q.object)}`).sort();
}

/** Short form of an entity IRI under the default base, for readable assertions. */
export function short(value: unknown): string {
  return String(value).replace(HKG, 'hkg:').replace(DEFAULT_BASE, '');
}
