// **org** maps a Hub organization overview (`GET /api/organizations/{name}/overview`, or a HuggingKG orgs.json item)
// to an Entity: name (its id) and full name.

import type { Entity, RecordContext } from './entity.js';
import { str, requiredId, type Obj } from './values.js';

export function describeOrg(id: string, fullname: string | undefined): Entity {
  return {
    kind: 'org',
    id,
    name: fullname !== undefined && fullname.trim() !== '' ? fullname : id,
    props: [],
    edges: [],
  };
}

export function orgFromHub(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'name', 'org', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  return describeOrg(id, str(raw, 'fullname', ctx));
}

export function orgFromRelease(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'org', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  return describeOrg(id, str(raw, 'fullname', ctx));
}
