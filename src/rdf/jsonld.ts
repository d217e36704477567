// **jsonld** writes RDF as compacted JSON-LD with the jsonld library and the project context
// (ontology/context.jsonld), in the one shape every JSON-LD answer and the dump share: `{"@context", "@graph": [...]}`,
// nodes keyed `id`/`type` (the context's aliases), integers and booleans as JSON values, and the nodes an entity owns
// (its Derivations, blank nodes) nested in it; a description puts its entity first.

import { existsSync, readFileSync } from 'node:fs';
import type { Quad } from '@rdfjs/types';
import type jsonld from 'jsonld';
import { CONTEXT_FILE } from '../paths.js';
import { NS, PREFIXES, XSD_INTEGER_TYPES } from '../vocab.js';

/** Where the server serves the context, which its JSON-LD answers name instead of inlining ~100 terms. */
export const CONTEXT_PATH = '/context.jsonld';

export type JsonLdContext = Record<string, unknown>;
type Json = Record<string, unknown>;

let cachedContext: JsonLdContext | undefined;

/** The project's term definitions (the value of ontology/context.jsonld's @context); the prefixes when it is absent. */
export function projectContext(): JsonLdContext {
  if (!cachedContext) {
    cachedContext = existsSync(CONTEXT_FILE)
      ? (JSON.parse(readFileSync(CONTEXT_FILE, 'utf8')) as { '@context': JsonLdContext })['@context']
      : { ...PREFIXES, id: '@id', type: '@type' };
  }
  return cachedContext;
}

// Writing must never make the process fetch a remote context: every URL is refused.
const offlineLoader = async (url: string): Promise<never> => {
  throw new Error(`refusing to load remote JSON-LD document ${url}`);
};

const XSD_BOOLEAN = NS.xsd + 'boolean';
const XSD_DOUBLE = NS.xsd + 'double';

/**
 * The JSON value a typed literal can be written as without loss, or undefined. Lossless means jsonld.toRDF writes the
 * same literal back: an integer in canonical form within 2^53, `true`/`false`, a double already in the canonical form
 * toRDF writes (1.5E0). Decimals stay strings: toRDF would write a JSON fraction as a double.
 */
export function nativeValue(value: string, datatype: string): number | boolean | undefined {
  if (XSD_INTEGER_TYPES.has(datatype)) {
    if (!/^(?:0|-?[1-9][0-9]*)$/.test(value)) return undefined;
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  if (datatype === XSD_BOOLEAN) return value === 'true' ? true : value === 'false' ? false : undefined;
  if (datatype === XSD_DOUBLE) {
    const n = Number(value);
    // jsonld's canonical double (lib/toRdf.js), so the literal comes back with the same lexical form.
    const canonical = Number.isFinite(n) ? n.toExponential(15).replace(/(\d)0*e\+?/, '$1E') : undefined;
    return canonical === value ? n : undefined;
  }
  return undefined;
}

/** Rewrites, in place, the typed values of expanded node objects that JSON holds losslessly (see nativeValue). */
function nativeLiterals(nodes: Json[]): void {
  for (const node of nodes) {
    for (const [key, values] of Object.entries(node)) {
      if (key === '@graph') nativeLiterals(values as Json[]);
      if (key.startsWith('@') || !Array.isArray(values)) continue;
      for (const v of values as Json[]) {
        if (typeof v['@value'] !== 'string' || typeof v['@type'] !== 'string') continue;
        const native = nativeValue(v['@value'], v['@type']);
        if (native !== undefined) v['@value'] = native;
      }
    }
  }
}

function isReference(v: unknown): v is { '@id': string } {
  return typeof v === 'object' && v !== null && typeof (v as Json)['@id'] === 'string' && Object.keys(v).length === 1;
}

/**
 * Nests into its referrer every node referenced exactly once that belongs to it: a blank node, or an IRI that is a
 * fragment of the referrer's (`…/model/x#fineTunedFrom-…`, a Derivation). A nested node keeps its id (a dump chunk may
 * not hold every reference to a blank node); nodes in a cycle of such references stay at the top level. Order is kept,
 * with `focus` first.
 */
function nestOwned(nodes: Json[], focus?: string): Json[] {
  const byId = new Map<string, Json>();
  for (const n of nodes) if (typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const refs = new Map<string, number>();
  const owner = new Map<string, string>();
  for (const n of nodes) {
    const id = n['@id'] as string;
    for (const [key, values] of Object.entries(n)) {
      if (key.startsWith('@') || !Array.isArray(values)) continue;
      for (const v of values) {
        if (!isReference(v)) continue;
        const target = v['@id'];
        refs.set(target, (refs.get(target) ?? 0) + 1);
        if (target !== id && (target.startsWith('_:') || target.startsWith(id + '#'))) owner.set(target, id);
      }
    }
  }
  const owned = (id: string) => refs.get(id) === 1 && owner.has(id) && byId.has(id) && id !== focus;
  const nested = new Set<string>();
  const nest = (node: Json): void => {
    for (const [key, values] of Object.entries(node)) {
      if (key.startsWith('@') || !Array.isArray(values)) continue;
      values.forEach((v, i) => {
        if (!isReference(v) || !owned(v['@id']) || nested.has(v['@id'])) return;
        const child = byId.get(v['@id']) as Json;
        nested.add(v['@id']);
        nest(child);
        values[i] = child;
      });
    }
  };
  const top = nodes.filter((n) => !owned(n['@id'] as string));
  for (const n of top) nest(n);
  // Owned nodes not reached from the top (a cycle of blank nodes) stay whole at the top level.
  const rest = nodes.filter((n) => owned(n['@id'] as string) && !nested.has(n['@id'] as string));
  const all = [...top, ...rest];
  const first = focus === undefined ? -1 : all.findIndex((n) => n['@id'] === focus);
  if (first > 0) all.unshift(...all.splice(first, 1));
  return all;
}

let jsonldModule: Promise<typeof jsonld> | undefined;

// Loaded on the first JSON-LD answer only: it takes ~0.5 s, which every command that reads a graph would pay.
function loadJsonld(): Promise<typeof jsonld> {
  jsonldModule ??= import('jsonld').then((m) => m.default);
  return jsonldModule;
}

/** The compacted node objects of `quads` (RDF/JS), nested and ordered as nestOwned does. */
export async function compactNodes(
  quads: Quad[],
  focus?: string,
  context: JsonLdContext = projectContext(),
): Promise<Json[]> {
  if (quads.length === 0) return [];
  const lib = await loadJsonld();
  const expanded = (await lib.fromRDF(quads as never)) as unknown as Json[];
  nativeLiterals(expanded);
  const compacted = (await lib.compact(
    nestOwned(expanded, focus) as jsonld.JsonLdDocument,
    context as jsonld.ContextDefinition,
    {
      graph: true,
      skipExpansion: true,
      compactToRelative: false,
      documentLoader: offlineLoader as never,
    } as jsonld.Options.Compact,
  )) as Json;
  return (compacted['@graph'] as Json[] | undefined) ?? [];
}

export interface JsonLdOptions {
  /** The IRI of the described entity: its node comes first in @graph. */
  focus?: string;
  /** The URL of the served context to name as @context; without it the context is inlined. */
  contextUrl?: string;
}

/** The quads once each: fromRDF keeps a repeated triple as a repeated value (a description may list a triple twice). */
function distinct(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  const key = (t: Quad['object']) =>
    t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`;
  return quads.filter((q) => {
    const k = `${key(q.subject)} ${q.predicate.value} ${key(q.object)} ${key(q.graph as Quad['object'])}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A JSON-LD document of `quads`: `{"@context": URL or the terms, "@graph": [nodes]}`. */
export async function toJsonld(quads: Quad[], options: JsonLdOptions = {}): Promise<object> {
  return {
    '@context': options.contextUrl ?? projectContext(),
    '@graph': await compactNodes(distinct(quads), options.focus),
  };
}
