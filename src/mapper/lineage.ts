// **lineage** finds a model's base models and how it was derived from each. The Hub's derived tags
// `base_model:{finetune|adapter|merge|quantized}:{id}` come first (they carry the ids the Hub resolved); a plain
// `base_model:{id}` tag or, when there is no base_model tag at all, cardData.base_model (string or list) falls back
// to cardData.base_model_relation, else fine-tune. Every base is kept (merges have several).
// Evidence: CardDeclared when the card states base_model_relation (and it agrees with the tag), HubInferred when the
// Hub's tag names the relation the card did not state, CardBaseModel when only a base model id was found.

import { LINEAGE, type LineageRelation } from '../relations.js';
import { EVIDENCE } from '../vocab.js';
import { edge, type EdgeFact, type RecordContext } from './entity.js';
import type { ModelTags } from './tags.js';
import { isObject, type Obj } from './values.js';

/** A repo id as a card may write it: `name` or `namespace/name`, Hub characters only. */
const CARD_REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9._-]+)?$/;

function isLineageRelation(value: string): value is LineageRelation {
  return Object.hasOwn(LINEAGE, value);
}

function cardRelation(card: Obj | undefined, ctx: RecordContext): LineageRelation | undefined {
  const v = card?.base_model_relation;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && isLineageRelation(v.trim())) return v.trim() as LineageRelation;
  ctx.warn(
    `cardData.base_model_relation ${JSON.stringify(v)?.slice(0, 60)} ` +
      `is not one of ${Object.keys(LINEAGE).join(', ')}; ignored`,
  );
  return undefined;
}

function cardBases(card: Obj | undefined, ctx: RecordContext): string[] {
  const v = card?.base_model;
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string' && CARD_REPO_ID.test(item.trim())) {
      if (!out.includes(item.trim())) out.push(item.trim());
    } else ctx.warn(`cardData.base_model ${JSON.stringify(item)?.slice(0, 80)} is not a repo id; ignored`);
  }
  if (list.length === 0) ctx.warn(`cardData.base_model: expected a string or a list, got ${typeof v}; ignored`);
  return out;
}

/** The lineage edges (HuggingKG orientation: head = base, tail = derived) of model `id`. */
export function modelLineage(id: string, tags: ModelTags, cardData: unknown, ctx: RecordContext): EdgeFact[] {
  const card = isObject(cardData) ? cardData : undefined;
  const declared = cardRelation(card, ctx);
  const out: EdgeFact[] = [];
  const add = (relation: LineageRelation, base: string, evidence: string) => {
    if (base === id) {
      ctx.warn(`model names itself as its base model (${relation}); edge dropped`);
      return;
    }
    if (out.some((e) => e.head === base && e.relation === LINEAGE[relation])) return;
    const e = edge(ctx, LINEAGE[relation], base, id, evidence);
    if (e) out.push(e);
  };
  for (const { relation, id: base } of tags.lineage) {
    add(relation, base, declared === relation ? EVIDENCE.CardDeclared : EVIDENCE.HubInferred);
  }
  const covered = new Set(tags.lineage.map((l) => l.id));
  const fallback = tags.lineage.length > 0 || tags.bases.length > 0 ? tags.bases : cardBases(card, ctx);
  for (const base of fallback) {
    if (covered.has(base)) continue;
    add(declared ?? 'finetune', base, declared ? EVIDENCE.CardDeclared : EVIDENCE.CardBaseModel);
  }
  return out;
}
