// **model** maps a Hub model (`GET /api/models/{id}`, or a HuggingKG models.json item) to an Entity: attributes
// plus its edges: lineage, trained-on datasets (dataset: tags), tasks (pipeline_tag and task tags), cited papers
// (arxiv: tags) and its publisher (author).

import { cardUrl } from '../iri.js';
import { RELATION_BY_NAME, type RelationSpec } from '../relations.js';
import { DATA, STD } from '../vocab.js';
import { edge, pushEdges, repoName, type Entity, type RecordContext } from './entity.js';
import { modelLineage } from './lineage.js';
import { dates, description, integer, iri, languages, licenses, lit, lits } from './props.js';
import { canonicalLanguage, parseModelTags } from './tags.js';
import { count, dateTime, isObject, longText, str, strList, requiredId, MAX_TAG_CHARS, type Obj } from './values.js';

/** What both inputs say about a model (HuggingKG's model fields). */
export interface ModelFacts {
  id: string;
  name: string;
  createdAt?: string;
  lastModified?: string;
  downloads?: number;
  likes?: number;
  pipelineTag?: string;
  libraries: string[];
  licenses: string[];
  languages: string[];
  regions: string[];
  keywords: string[];
  readme?: string;
  /** The repo has a model card (README.md): hkg:cardUrl points at it. */
  hasCard: boolean;
}

export function rel(name: string): RelationSpec {
  const r = RELATION_BY_NAME.get(name);
  if (!r) throw new Error(`unknown HuggingKG relation ${name}`);
  return r;
}

export function describeModel(f: ModelFacts, ctx: RecordContext): Entity {
  const props: Entity['props'] = [];
  dates(props, f.createdAt, f.lastModified);
  integer(props, DATA.downloads, f.downloads);
  integer(props, DATA.likeCount, f.likes);
  lit(props, DATA.pipelineTag, f.pipelineTag);
  lits(props, DATA.library, f.libraries);
  licenses(props, f.licenses);
  languages(props, f.languages, ctx);
  lits(props, DATA.region, f.regions);
  lits(props, STD.keywords, f.keywords);
  description(props, f.readme, ctx, { frontMatter: true, field: 'README' });
  if (f.hasCard) iri(props, DATA.cardUrl, cardUrl('model', f.id));
  return { kind: 'model', id: f.id, name: f.name, props, edges: [] };
}

function hasReadmeSibling(raw: Obj): boolean {
  const s = raw.siblings;
  return Array.isArray(s) && s.some((x) => isObject(x) && x.rfilename === 'README.md');
}

/** The publisher edge (`{user|org}_publish_{kind}`) of a repo, from `author` or the id's namespace. */
export function publisherEdge(raw: Obj, id: string, kind: 'model' | 'dataset' | 'space', ctx: RecordContext) {
  const author = str(raw, 'author', ctx) ?? (id.includes('/') ? id.slice(0, id.indexOf('/')) : undefined);
  if (author === undefined || author === '') return undefined;
  return edge(ctx, rel(`${ctx.agentKind(author)}_publish_${kind}`), author, id);
}

export function modelFromHub(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'model', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  const card = isObject(raw.cardData) ? raw.cardData : undefined;
  if (raw.cardData !== undefined && raw.cardData !== null && !card)
    ctx.warn('field "cardData": not an object; ignored');
  // Cards also write non-codes such as `multilingual`: only real language tags count.
  const cardLanguages = new Set(
    (card ? strList(card, 'language', ctx) : []).filter((l) => canonicalLanguage(l) !== undefined),
  );
  const tags = parseModelTags(strList(raw, 'tags', ctx, MAX_TAG_CHARS), { isTask: ctx.isTask, cardLanguages });
  const pipelineTag = str(raw, 'pipeline_tag', ctx, MAX_TAG_CHARS);
  const libraryName = str(raw, 'library_name', ctx, MAX_TAG_CHARS);
  if (libraryName !== undefined && !tags.libraries.includes(libraryName)) tags.libraries.unshift(libraryName);
  // The card's languages count even when the Hub did not echo them as tags.
  for (const l of cardLanguages) if (!tags.languages.includes(l)) tags.languages.push(l);
  const licenseList = tags.licenses.length > 0 ? tags.licenses : card ? strList(card, 'license', ctx) : [];
  const readme = longText(raw, 'readme', ctx);
  const entity = describeModel(
    {
      id,
      name: repoName(id),
      createdAt: dateTime(raw, 'createdAt', ctx),
      lastModified: dateTime(raw, 'lastModified', ctx),
      downloads: count(raw, 'downloads', ctx),
      likes: count(raw, 'likes', ctx),
      pipelineTag,
      libraries: tags.libraries,
      licenses: licenseList,
      languages: tags.languages,
      regions: tags.regions,
      keywords: tags.keywords,
      readme,
      hasCard: readme !== undefined || card !== undefined || hasReadmeSibling(raw),
    },
    ctx,
  );
  const edges = entity.edges;
  pushEdges(edges, ...modelLineage(id, tags, card, ctx));
  for (const d of tags.datasets) pushEdges(edges, edge(ctx, rel('model_trainedOrFineTunedOn_dataset'), id, d));
  const tasks = pipelineTag !== undefined ? [pipelineTag, ...tags.tasks] : tags.tasks;
  for (const t of tasks) pushEdges(edges, edge(ctx, rel('model_definedFor_task'), id, t));
  for (const a of tags.arxiv) pushEdges(edges, edge(ctx, rel('model_cite_paper'), id, a));
  pushEdges(edges, publisherEdge(raw, id, 'model', ctx));
  return entity;
}

/** A HuggingKG models.json item; its edges come from the relation files. */
export function modelFromRelease(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'model', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  const pipeline = strList(raw, 'pipeline_tag', ctx);
  const region = str(raw, 'region', ctx, MAX_TAG_CHARS);
  const license = str(raw, 'license', ctx, MAX_TAG_CHARS);
  const readme = longText(raw, 'description', ctx);
  return describeModel(
    {
      id,
      name: str(raw, 'name', ctx) ?? repoName(id),
      createdAt: dateTime(raw, raw.createdAt !== undefined ? 'createdAt' : 'created_at', ctx),
      lastModified: dateTime(raw, raw.lastModified !== undefined ? 'lastModified' : 'last_modified', ctx),
      downloads: count(raw, 'downloads', ctx),
      likes: count(raw, 'likes', ctx),
      pipelineTag: pipeline[0] !== undefined ? (ctx.taskId(pipeline[0]) ?? pipeline[0]) : undefined,
      libraries: strList(raw, 'libraries', ctx),
      licenses: license !== undefined ? [license] : [],
      languages: strList(raw, 'languages', ctx),
      regions: region !== undefined ? [region] : [],
      keywords: strList(raw, 'other', ctx),
      readme,
      hasCard: readme !== undefined,
    },
    ctx,
  );
}
