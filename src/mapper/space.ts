// **space** maps a Hub Space (`GET /api/spaces/{id}`, or a HuggingKG spaces.json item) to an Entity: attributes
// (sdk, likes, dates, tags) and edges: models and datasets it uses (its `models`/`datasets`), its publisher.

import { DATA, STD } from '../vocab.js';
import { edge, pushEdges, repoName, type Entity, type RecordContext } from './entity.js';
import { publisherEdge, rel } from './model.js';
import { dates, integer, lit, lits } from './props.js';
import { parseSpaceTags } from './tags.js';
import { count, dateTime, str, strList, requiredId, MAX_TAG_CHARS, type Obj } from './values.js';

export interface SpaceFacts {
  id: string;
  name: string;
  createdAt?: string;
  lastModified?: string;
  likes?: number;
  sdk?: string;
  regions: string[];
  keywords: string[];
}

export function describeSpace(f: SpaceFacts): Entity {
  const props: Entity['props'] = [];
  dates(props, f.createdAt, f.lastModified);
  integer(props, DATA.likeCount, f.likes);
  lit(props, DATA.sdk, f.sdk);
  lits(props, DATA.region, f.regions);
  lits(props, STD.keywords, f.keywords);
  return { kind: 'space', id: f.id, name: f.name, props, edges: [] };
}

export function spaceFromHub(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'space', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  const tags = parseSpaceTags(strList(raw, 'tags', ctx, MAX_TAG_CHARS));
  const entity = describeSpace({
    id,
    name: repoName(id),
    createdAt: dateTime(raw, 'createdAt', ctx),
    lastModified: dateTime(raw, 'lastModified', ctx),
    likes: count(raw, 'likes', ctx),
    sdk: str(raw, 'sdk', ctx, MAX_TAG_CHARS),
    regions: tags.regions,
    keywords: tags.keywords,
  });
  for (const m of strList(raw, 'models', ctx)) pushEdges(entity.edges, edge(ctx, rel('space_use_model'), id, m));
  for (const d of strList(raw, 'datasets', ctx)) pushEdges(entity.edges, edge(ctx, rel('space_use_dataset'), id, d));
  pushEdges(entity.edges, publisherEdge(raw, id, 'space', ctx));
  return entity;
}

export function spaceFromRelease(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'space', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  const tags = parseSpaceTags(strList(raw, 'tags', ctx, MAX_TAG_CHARS));
  return describeSpace({
    id,
    name: str(raw, 'name', ctx) ?? repoName(id),
    createdAt: dateTime(raw, raw.createdAt !== undefined ? 'createdAt' : 'created_at', ctx),
    lastModified: dateTime(raw, raw.lastModified !== undefined ? 'lastModified' : 'last_modified', ctx),
    likes: count(raw, 'likes', ctx),
    sdk: str(raw, 'sdk', ctx, MAX_TAG_CHARS),
    regions: tags.regions,
    keywords: tags.keywords,
  });
}
