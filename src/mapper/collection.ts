// **collection** maps a Hub collection (`GET /api/collections/{slug}`, or a HuggingKG collections.json item) to an
// Entity: slug, title, description, upvotes, last update; edges: the models/datasets/spaces/papers it contains and
// its owner (owner.type says user or org). Items of type `collection` have no HuggingKG relation and are skipped.

import { DATA } from '../vocab.js';
import { edge, pushEdges, type Entity, type RecordContext } from './entity.js';
import { rel } from './model.js';
import { dates, description, integer, lit } from './props.js';
import { count, dateTime, isObject, longText, objList, str, requiredId, type Obj } from './values.js';

export interface CollectionFacts {
  slug: string;
  title?: string;
  description?: string;
  upvotes?: number;
  lastUpdated?: string;
}

export function describeCollection(f: CollectionFacts, ctx: RecordContext): Entity {
  const props: Entity['props'] = [];
  lit(props, DATA.slug, f.slug);
  dates(props, undefined, f.lastUpdated);
  integer(props, DATA.upvotes, f.upvotes);
  description(props, f.description, ctx, { field: 'description' });
  return { kind: 'collection', id: f.slug, name: f.title ?? f.slug, props, edges: [] };
}

const ITEM_KINDS = new Set(['model', 'dataset', 'space', 'paper']);

export function collectionFromHub(raw: Obj, ctx: RecordContext): Entity | undefined {
  const slug = requiredId(raw, 'slug', 'collection', ctx);
  if (slug === undefined) return undefined;
  ctx.id = slug;
  const entity = describeCollection(
    {
      slug,
      title: str(raw, 'title', ctx),
      description: longText(raw, 'description', ctx),
      upvotes: count(raw, 'upvotes', ctx),
      lastUpdated: dateTime(raw, 'lastUpdated', ctx),
    },
    ctx,
  );
  for (const item of objList(raw, 'items', ctx)) {
    const type = item.type;
    const id = item.id;
    if (typeof type !== 'string' || typeof id !== 'string') {
      ctx.warn('collection item without string "type" and "id"; skipped');
      continue;
    }
    if (ITEM_KINDS.has(type)) pushEdges(entity.edges, edge(ctx, rel(`collection_contain_${type}`), slug, id));
  }
  const owner = isObject(raw.owner) ? raw.owner : undefined;
  const ownerName =
    owner && typeof owner.name === 'string'
      ? owner.name
      : slug.includes('/')
        ? slug.slice(0, slug.indexOf('/'))
        : undefined;
  if (ownerName !== undefined) {
    const kind = owner?.type === 'org' || owner?.type === 'user' ? owner.type : ctx.agentKind(ownerName);
    pushEdges(entity.edges, edge(ctx, rel(`${kind}_own_collection`), ownerName, slug));
  }
  return entity;
}

export function collectionFromRelease(raw: Obj, ctx: RecordContext): Entity | undefined {
  const slug = requiredId(raw, 'slug', 'collection', ctx);
  if (slug === undefined) return undefined;
  ctx.id = slug;
  return describeCollection(
    {
      slug,
      title: str(raw, 'title', ctx),
      description: longText(raw, 'description', ctx),
      upvotes: count(raw, 'upvotes', ctx),
      lastUpdated: dateTime(raw, raw.lastUpdated !== undefined ? 'lastUpdated' : 'last_updated', ctx),
    },
    ctx,
  );
}
