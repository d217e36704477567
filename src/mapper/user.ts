// **user** maps a Hub user overview (`GET /api/users/{name}/overview`, or a HuggingKG users.json item) to an Entity:
// username and full name. Likes, follows and memberships arrive as edge records (likes.jsonl, follows.jsonl,
// members.jsonl) and are mapped by `accountEdges` below.

import { DATA } from '../vocab.js';
import { edge, type EdgeFact, type Entity, type RecordContext } from './entity.js';
import { rel } from './model.js';
import { lit } from './props.js';
import { objList, str, requiredId, type Obj } from './values.js';

export function describeUser(id: string, fullname: string | undefined): Entity {
  const props: Entity['props'] = [];
  lit(props, DATA.username, id);
  return { kind: 'user', id, name: fullname !== undefined && fullname.trim() !== '' ? fullname : id, props, edges: [] };
}

export function userFromHub(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'user', 'user', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  return describeUser(id, str(raw, 'fullname', ctx));
}

export function userFromRelease(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'user', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  return describeUser(id, str(raw, 'fullname', ctx));
}

/** The account names of a Hub account list (likers, followers, members); items without `user` are warned about. */
function accounts(raw: Obj, key: string, ctx: RecordContext): string[] {
  const out: string[] = [];
  let bad = 0;
  for (const item of objList(raw, key, ctx)) {
    if (typeof item.user === 'string' && item.user !== '') out.push(item.user);
    else bad++;
  }
  if (bad > 0) ctx.warn(`field "${key}": ${bad} item(s) without a "user" name; skipped`);
  return out;
}

/** The `repoType`s crawl records name (likes.jsonl, renames.jsonl): each is its entity kind's name. */
export const REPO_TYPES: ReadonlySet<string> = new Set(['model', 'dataset', 'space']);

/** likes.jsonl `{repoType, repoId, likers}` -> user_like_{repoType} edges. */
export function likeEdges(raw: Obj, ctx: RecordContext): EdgeFact[] | undefined {
  const type = raw.repoType;
  if (typeof type !== 'string' || !REPO_TYPES.has(type)) {
    ctx.warn(`"repoType" must be model, dataset or space, got ${JSON.stringify(type)?.slice(0, 40)}; record skipped`);
    return undefined;
  }
  const repo = requiredId(raw, 'repoId', type as 'model', ctx);
  if (repo === undefined) return undefined;
  ctx.id = repo;
  const relation = rel(`user_like_${type}`);
  return accounts(raw, 'likers', ctx).flatMap((u) => edge(ctx, relation, u, repo) ?? []);
}

/** follows.jsonl `{kind, name, followers}` -> user_follow_{user|org} edges. */
export function followEdges(raw: Obj, ctx: RecordContext): EdgeFact[] | undefined {
  const kind = raw.kind;
  if (kind !== 'user' && kind !== 'org') {
    ctx.warn(`"kind" must be user or org, got ${JSON.stringify(kind)?.slice(0, 40)}; record skipped`);
    return undefined;
  }
  const name = requiredId(raw, 'name', kind, ctx);
  if (name === undefined) return undefined;
  ctx.id = name;
  const relation = rel(`user_follow_${kind}`);
  return accounts(raw, 'followers', ctx).flatMap((u) => edge(ctx, relation, u, name) ?? []);
}

/** members.jsonl `{org, members}` -> user_affiliatedWith_org edges. */
export function memberEdges(raw: Obj, ctx: RecordContext): EdgeFact[] | undefined {
  const org = requiredId(raw, 'org', 'org', ctx);
  if (org === undefined) return undefined;
  ctx.id = org;
  const relation = rel('user_affiliatedWith_org');
  return accounts(raw, 'members', ctx).flatMap((u) => edge(ctx, relation, u, org) ?? []);
}
