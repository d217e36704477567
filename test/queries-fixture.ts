// Test helper: the hand-made query fixture graph in a real oxigraph store, behind the Store interface's select/size.
// (In-process on purpose: the query tests need no worker; the server and CLI use src/store/embedded.ts.)

import oxigraph from 'oxigraph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Term } from '@rdfjs/types';
import { FIXTURES_DIR } from '../src/paths.js';
import type { Solution } from '../src/store/store.js';
import { DEFAULT_BASE } from '../src/vocab.js';

export const FIXTURE_GRAPH = join(FIXTURES_DIR, 'queries', 'graph.ttl');

export interface FixtureStore {
  select(query: string): Promise<Solution[]>;
  size(): Promise<number>;
  /** The whole graph as sorted N-Triples lines, to prove a query changed nothing. */
  snapshot(): string[];
}

export function fixtureStore(file: string = FIXTURE_GRAPH): FixtureStore {
  const store = new oxigraph.Store();
  store.load(readFileSync(file, 'utf8'), { format: 'text/turtle', base_iri: DEFAULT_BASE });
  return {
    async select(query: string) {
      const result = store.query(query);
      if (!Array.isArray(result)) throw new Error('not a SELECT result');
      return (result as Map<string, Term>[]).map((m) => Object.fromEntries(m) as Solution);
    },
    async size() {
      return store.size;
    },
    snapshot() {
      return store.dump({ format: 'application/n-triples', from_graph_name: oxigraph.defaultGraph() }).split('\n').filter(Boolean).sort();
    },
  };
}

/** Short form of an entity IRI under the default base, for readable assertions. */
export function short(value: unknown): string {
  return String(value).replace('https://w3id.org/huggingkg/ontology#', 'hkg:').replace(DEFAULT_BASE, '');
}
