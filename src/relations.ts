// **relations** is the HuggingKG relation <-> ontology term table, as data: the mapper, the release reader,
// the ontology test and the docs all read it. HuggingKG writes `head relation tail`; `inverse` says our triple
// runs tail -> head (lineage: HuggingKG says base -> derived, we say derived hkg:fineTunedFrom base, like
// prov:wasDerivedFrom).

import type { EntityKind } from './iri.js';
import { OBJ } from './vocab.js';

export interface RelationSpec {
  /** HuggingKG file / relation name, `{domain}_{relation}_{range}`. */
  name: string;
  /** HuggingKG relation type (one of 14). */
  relation: string;
  domain: EntityKind;
  range: EntityKind;
  /** Our property IRI. */
  property: string;
  /** true when our triple is (range entity, property, domain entity). */
  inverse: boolean;
  /** Keys of the head and tail ids in the release's `{name}.json` objects. */
  headKey: string;
  tailKey: string;
}

function idKey(kind: EntityKind): string {
  if (kind === 'collection') return 'collection_slug';
  if (kind === 'paper') return 'arxiv_id';
  return `${kind}_id`;
}

function spec(
  domain: EntityKind,
  relation: string,
  range: EntityKind,
  property: string,
  inverse: boolean,
  keys?: [string, string],
): RelationSpec {
  return {
    name: `${domain}_${relation}_${range}`,
    relation,
    domain,
    range,
    property,
    inverse,
    headKey: keys?.[0] ?? idKey(domain),
    tailKey: keys?.[1] ?? idKey(range),
  };
}

const LINEAGE_KEYS: [string, string] = ['base_model_id', 'model_id'];

/** All 30 domain/range combinations of the 14 HuggingKG relation types. */
export const RELATIONS: readonly RelationSpec[] = [
  spec('model', 'finetune', 'model', OBJ.fineTunedFrom, true, LINEAGE_KEYS),
  spec('model', 'adapter', 'model', OBJ.adapterOf, true, LINEAGE_KEYS),
  spec('model', 'merge', 'model', OBJ.mergedFrom, true, LINEAGE_KEYS),
  spec('model', 'quantized', 'model', OBJ.quantizedFrom, true, LINEAGE_KEYS),
  spec('model', 'trainedOrFineTunedOn', 'dataset', OBJ.trainedOn, false),
  spec('model', 'definedFor', 'task', OBJ.task, false),
  spec('dataset', 'definedFor', 'task', OBJ.task, false),
  spec('model', 'cite', 'paper', OBJ.cites, false),
  spec('dataset', 'cite', 'paper', OBJ.cites, false),
  spec('space', 'use', 'model', OBJ.usesModel, false),
  spec('space', 'use', 'dataset', OBJ.usesDataset, false),
  spec('collection', 'contain', 'model', OBJ.contains, false),
  spec('collection', 'contain', 'dataset', OBJ.contains, false),
  spec('collection', 'contain', 'space', OBJ.contains, false),
  spec('collection', 'contain', 'paper', OBJ.contains, false),
  spec('user', 'publish', 'model', OBJ.publishedBy, true),
  spec('user', 'publish', 'dataset', OBJ.publishedBy, true),
  spec('user', 'publish', 'space', OBJ.publishedBy, true),
  spec('user', 'publish', 'paper', OBJ.authoredBy, true),
  spec('org', 'publish', 'model', OBJ.publishedBy, true),
  spec('org', 'publish', 'dataset', OBJ.publishedBy, true),
  spec('org', 'publish', 'space', OBJ.publishedBy, true),
  spec('user', 'own', 'collection', OBJ.ownedBy, true),
  spec('org', 'own', 'collection', OBJ.ownedBy, true),
  spec('user', 'like', 'model', OBJ.likes, false),
  spec('user', 'like', 'dataset', OBJ.likes, false),
  spec('user', 'like', 'space', OBJ.likes, false),
  spec('user', 'follow', 'user', OBJ.follows, false, ['follower_id', 'followee_id']),
  spec('user', 'follow', 'org', OBJ.follows, false, ['user_id', 'org_id']),
  spec('user', 'affiliatedWith', 'org', OBJ.memberOf, false),
];

export const RELATION_BY_NAME: ReadonlyMap<string, RelationSpec> = new Map(RELATIONS.map((r) => [r.name, r]));

/** The four lineage relations: Hub tag relation word -> spec. */
export const LINEAGE: Record<'finetune' | 'adapter' | 'merge' | 'quantized', RelationSpec> = {
  finetune: RELATION_BY_NAME.get('model_finetune_model')!,
  adapter: RELATION_BY_NAME.get('model_adapter_model')!,
  merge: RELATION_BY_NAME.get('model_merge_model')!,
  quantized: RELATION_BY_NAME.get('model_quantized_model')!,
};
export type LineageRelation = keyof typeof LINEAGE;
