// **iri** mints entity IRIs `{base}{kind}/{hub-id}` and parses them back; the only place that knows the IRI layout.
// Each '/'-separated segment of a Hub id is percent-encoded on its own, so `org/name` keeps its slash and
// `gpt2` stays one segment; parseEntityIri(entityIri(k, id)) returns (k, id) for every id (tested).

import { CLASS } from './vocab.js';

export const ENTITY_KINDS = ['model', 'dataset', 'space', 'collection', 'paper', 'user', 'org', 'task'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const KIND_CLASS: Record<EntityKind, string> = {
  model: CLASS.Model,
  dataset: CLASS.Dataset,
  space: CLASS.Space,
  collection: CLASS.Collection,
  paper: CLASS.Paper,
  user: CLASS.User,
  org: CLASS.Organization,
  task: CLASS.Task,
};

/** The VoID dataset a build describes (void.ttl), which also carries the statistics' version in the dumps. */
export function datasetIri(base: string): string {
  return `${base}void#HuggingKG`;
}

export function isEntityKind(value: string): value is EntityKind {
  return (ENTITY_KINDS as readonly string[]).includes(value);
}

/**
 * Percent-encode one path segment: RFC 3986 unreserved characters stay, everything else (incl. non-ASCII) is encoded.
 */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function encodeHubId(id: string): string {
  return id.split('/').map(encodeSegment).join('/');
}

/**
 * Throws on an id that cannot name an entity (empty, or with empty / dot-only segments that URL resolution would fold).
 */
export function assertValidHubId(kind: EntityKind, id: string): void {
  if (typeof id !== 'string' || id.length === 0) throw new Error(`empty ${kind} id`);
  for (const seg of id.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') throw new Error(`invalid ${kind} id ${JSON.stringify(id)}`);
  }
}

export function entityIri(base: string, kind: EntityKind, id: string): string {
  assertValidHubId(kind, id);
  return `${base}${kind}/${encodeHubId(id)}`;
}

export interface EntityRef {
  kind: EntityKind;
  id: string;
}

/** Inverse of entityIri; returns undefined for an IRI outside `base` or with an unknown kind. Fragments are ignored. */
export function parseEntityIri(base: string, iri: string): EntityRef | undefined {
  if (!iri.startsWith(base)) return undefined;
  return parseEntityPath(iri.slice(base.length).split('#')[0]!); // split gives at least one part
}

/** Parses `{kind}/{encoded-id}` (a request path without its leading slash); undefined when malformed. */
export function parseEntityPath(path: string): EntityRef | undefined {
  const slash = path.indexOf('/');
  if (slash < 0) return undefined;
  const kind = path.slice(0, slash);
  if (!isEntityKind(kind)) return undefined;
  const rest = path.slice(slash + 1);
  try {
    const id = rest
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/');
    assertValidHubId(kind, id);
    return { kind, id };
  } catch {
    return undefined;
  }
}

/** Hub web page of an entity (schema:url). */
export function hubUrl(kind: EntityKind, id: string): string {
  const enc = encodeHubId(id);
  switch (kind) {
    case 'model':
      return `https://huggingface.co/${enc}`;
    case 'dataset':
      return `https://huggingface.co/datasets/${enc}`;
    case 'space':
      return `https://huggingface.co/spaces/${enc}`;
    case 'collection':
      return `https://huggingface.co/collections/${enc}`;
    case 'paper':
      return `https://huggingface.co/papers/${enc}`;
    case 'user':
    case 'org':
      return `https://huggingface.co/${enc}`;
    case 'task':
      return `https://huggingface.co/tasks/${enc}`;
  }
}

/** Raw README of a repo on the Hub (hkg:cardUrl). */
export function cardUrl(kind: 'model' | 'dataset' | 'space', id: string): string {
  const prefix = kind === 'model' ? '' : `${kind}s/`;
  return `https://huggingface.co/${prefix}${encodeHubId(id)}/raw/main/README.md`;
}

/**
 * Whether `value` is an absolute IRI a SPARQL store accepts in `<...>`: a scheme, none of the characters IRIREF forbids
 * (controls, space, <>"{}|^`\), and every `%` starting a two-digit hex escape (oxigraph refuses `%ZZ`).
 */
export function isAbsoluteIri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u0020<>"{}|^`\\]*$/.test(value) && !/%(?![0-9A-Fa-f]{2})/.test(value);
}
