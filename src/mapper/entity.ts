// **entity** is the mapper's middle form: an entity's attributes and its HuggingKG edges, built from either input
// (a Hub API record or a HuggingKG release item) and turned into quads by emit.ts. One shape for both inputs is what
// makes the same facts give the same triples.

import type { EntityKind } from '../iri.js';
import type { RelationSpec } from '../relations.js';
import { idProblem, shown, type RecordContext } from './values.js';

/** An attribute: a literal (datatype defaults to xsd:string) or an IRI value. */
export type Prop = { p: string; v: string; dt?: string } | { p: string; iri: string };

/** A HuggingKG edge `head relation tail` (head is the relation's domain entity, tail its range entity). */
export interface EdgeFact {
  relation: RelationSpec;
  head: string;
  tail: string;
  /** Lineage only: where the edge came from (EVIDENCE.*). */
  evidence?: string;
}

export interface Entity {
  kind: EntityKind;
  id: string;
  name: string;
  /** Extra rdf:type values besides the kind's class. */
  types?: string[];
  props: Prop[];
  /** Edges stated by this record; their triples are written right after the entity's own. */
  edges: EdgeFact[];
}

/** Where a record comes from and what the build knows so far (defined in values.ts, which reports against it). */
export type { RecordContext } from './values.js';

/**
 * Builds an edge after checking both ids can name entities (values.ts's idProblem, as for record ids); a bad id drops
 * the edge with a warning.
 */
export function edge(
  ctx: RecordContext,
  relation: RelationSpec,
  head: string,
  tail: string,
  evidence?: string,
): EdgeFact | undefined {
  const problem = idProblem(relation.domain, head) ?? idProblem(relation.range, tail);
  if (problem !== undefined) {
    ctx.warn(`${relation.name} edge ${shown(head)} -> ${shown(tail)} dropped: ${problem}`);
    return undefined;
  }
  return evidence === undefined ? { relation, head, tail } : { relation, head, tail, evidence };
}

/** Keys of the edges already in a list, so that a Space listing thousands of models stays linear. */
const edgeKeys = new WeakMap<EdgeFact[], Set<string>>();

/** Pushes edges, skipping undefined and exact duplicates (tags often repeat what the card says). */
export function pushEdges(into: EdgeFact[], ...edges: (EdgeFact | undefined)[]): void {
  let keys = edgeKeys.get(into);
  if (!keys) {
    keys = new Set(into.map((x) => `${x.relation.name}\t${x.head}\t${x.tail}`));
    edgeKeys.set(into, keys);
  }
  for (const e of edges) {
    if (!e) continue;
    const key = `${e.relation.name}\t${e.head}\t${e.tail}`;
    if (keys.has(key)) continue;
    keys.add(key);
    into.push(e);
  }
}

/** The display name HuggingKG used for repositories: the id's last segment (`gpt2` for `gpt2`). */
export function repoName(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash < 0 ? id : id.slice(slash + 1);
}
