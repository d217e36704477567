// **dataset** maps a Hub dataset (`GET /api/datasets/{id}`, or a HuggingKG datasets.json item) to an Entity:
// the model attributes plus the dataset tag families (sub-tasks, size category, formats, modalities), the column names
// its card declares (cardData.dataset_info), and its edges: tasks (task_categories:), cited papers (arxiv:) and
// publisher (author).

import { cardUrl } from '../iri.js';
import { DATA, STD } from '../vocab.js';
import { edge, pushEdges, repoName, type Entity, type RecordContext } from './entity.js';
import { publisherEdge, rel } from './model.js';
import { dates, description, integer, iri, languages, licenses, lits } from './props.js';
import { parseDatasetTags } from './tags.js';
import { count, dateTime, isObject, longText, str, strList, requiredId, MAX_TAG_CHARS, type Obj } from './values.js';

export interface DatasetFacts {
  id: string;
  name: string;
  createdAt?: string;
  lastModified?: string;
  downloads?: number;
  likes?: number;
  libraries: string[];
  licenses: string[];
  languages: string[];
  regions: string[];
  subTasks: string[];
  sizes: string[];
  formats: string[];
  modalities: string[];
  keywords: string[];
  /** The column names its card declares (columnNames). */
  columns: string[];
  readme?: string;
  hasCard: boolean;
}

export function describeDataset(f: DatasetFacts, ctx: RecordContext): Entity {
  const props: Entity['props'] = [];
  dates(props, f.createdAt, f.lastModified);
  integer(props, DATA.downloads, f.downloads);
  integer(props, DATA.likeCount, f.likes);
  lits(props, DATA.library, f.libraries);
  licenses(props, f.licenses);
  languages(props, f.languages, ctx);
  lits(props, DATA.region, f.regions);
  lits(props, DATA.subTask, f.subTasks);
  lits(props, DATA.sizeCategory, f.sizes);
  lits(props, DATA.format, f.formats);
  lits(props, DATA.dataModality, f.modalities);
  lits(props, DATA.columnName, f.columns);
  lits(props, STD.keywords, f.keywords);
  description(props, f.readme, ctx, { frontMatter: true, field: 'README' });
  if (f.hasCard) iri(props, DATA.cardUrl, cardUrl('dataset', f.id));
  return { kind: 'dataset', id: f.id, name: f.name, props, edges: [] };
}

export function datasetFromHub(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'dataset', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  const card = isObject(raw.cardData) ? raw.cardData : undefined;
  const hubTags = strList(raw, 'tags', ctx, MAX_TAG_CHARS);
  const tags = parseDatasetTags(card ? [...hubTags, ...cardTags(card, hubTags, ctx)] : hubTags);
  const readme = longText(raw, 'readme', ctx);
  const entity = describeDataset(
    {
      id,
      name: repoName(id),
      createdAt: dateTime(raw, 'createdAt', ctx),
      lastModified: dateTime(raw, 'lastModified', ctx),
      downloads: count(raw, 'downloads', ctx),
      likes: count(raw, 'likes', ctx),
      libraries: tags.libraries,
      licenses: tags.licenses,
      languages: tags.languages,
      regions: tags.regions,
      subTasks: tags.subTasks,
      sizes: tags.sizes,
      formats: tags.formats,
      modalities: tags.modalities,
      keywords: tags.keywords,
      columns: card ? columnNames(card, ctx) : [],
      readme,
      hasCard: readme !== undefined || card !== undefined,
    },
    ctx,
  );
  for (const t of tags.tasks) pushEdges(entity.edges, edge(ctx, rel('dataset_definedFor_task'), id, t));
  for (const a of tags.arxiv) pushEdges(entity.edges, edge(ctx, rel('dataset_cite_paper'), id, a));
  pushEdges(entity.edges, publisherEdge(raw, id, 'dataset', ctx));
  return entity;
}

/**
 * Card header fields the Hub echoes as `{field}:{value}` dataset tags. task_categories is not among them: a dataset's
 * tasks are the ones its tags state.
 */
const CARD_TAG_FIELDS = [
  'license',
  'language',
  'task_ids',
  'size_categories',
  'annotations_creators',
  'language_creators',
  'multilinguality',
  'source_datasets',
];

/**
 * The tags the Hub derives from a dataset card's YAML header, for a record whose `tags` lack them (older API output,
 * and corpora that kept only the task tags): each field of CARD_TAG_FIELDS as `{field}:{value}` when `tags` hold no tag
 * of that field, and the header's own `tags` list as it is (the Hub shows those as plain tags).
 */
export function cardTags(card: Obj, tags: readonly string[], ctx: RecordContext): string[] {
  const out: string[] = [];
  for (const field of CARD_TAG_FIELDS) {
    if (tags.some((t) => t.startsWith(`${field}:`))) continue;
    for (const value of cardFieldValues(card, field, ctx)) out.push(`${field}:${value}`);
  }
  out.push(...strList(card, 'tags', ctx, MAX_TAG_CHARS));
  return out.filter((t) => t.length <= MAX_TAG_CHARS);
}

/**
 * A card header field's values: a string or a list of strings, or, in the older per-config form, an object whose values
 * are those (`size_categories: { en: [10K<n<100K], de: [1K<n<10K] }`); each value once.
 */
function cardFieldValues(card: Obj, field: string, ctx: RecordContext): string[] {
  const v = card[field];
  if (!isObject(v)) return strList(card, field, ctx, MAX_TAG_CHARS);
  const values = new Set<string>();
  for (const config of Object.keys(v)) for (const value of strList(v, config, ctx, MAX_TAG_CHARS)) values.add(value);
  return [...values];
}

/** Most column names kept for one dataset (a card may declare thousands: a column per pixel or per measurement). */
export const MAX_COLUMNS = 200;

/**
 * The names of the columns a dataset card's YAML header declares: `dataset_info` is one config or a list of them, each
 * with `features`, a list of `{ name, dtype }` or `{ name, sequence | struct | class_label … }` items (what a column
 * holds inside is not read). Each name once, in order of first appearance, at most MAX_COLUMNS; a malformed config
 * or item is dropped with one warning.
 */
export function columnNames(card: Obj, ctx: RecordContext): string[] {
  const info = card.dataset_info;
  if (info === undefined || info === null) return [];
  const names = new Set<string>();
  let bad = 0;
  for (const config of Array.isArray(info) ? info : [info]) {
    const features = isObject(config) ? config.features : undefined;
    if (isObject(config) && (features === undefined || features === null)) continue;
    if (!Array.isArray(features)) {
      bad++;
      continue;
    }
    for (const item of features) {
      const name = isObject(item) ? item.name : undefined;
      if (typeof name === 'string' && name.length > 0 && name.length <= MAX_TAG_CHARS) names.add(name);
      else bad++;
    }
  }
  if (bad > 0)
    ctx.warn(
      `field "cardData.dataset_info": ${bad} config(s) or feature(s) without a features list or a name of ` +
        `1..${MAX_TAG_CHARS} characters; dropped`,
    );
  if (names.size > MAX_COLUMNS)
    ctx.warn(`field "cardData.dataset_info": ${names.size} column names; the first ${MAX_COLUMNS} kept`);
  return [...names].slice(0, MAX_COLUMNS);
}

/** Strips a tag family prefix a release value may still carry (`language:en` -> `en`). */
function bare(values: string[]): string[] {
  return values.map((v) => {
    const colon = v.indexOf(':');
    return colon > 0 && /^[a-z_]+$/.test(v.slice(0, colon)) ? v.slice(colon + 1) : v;
  });
}

export function datasetFromRelease(raw: Obj, ctx: RecordContext): Entity | undefined {
  const id = requiredId(raw, 'id', 'dataset', ctx);
  if (id === undefined) return undefined;
  ctx.id = id;
  const license = str(raw, 'license', ctx, MAX_TAG_CHARS);
  const size = str(raw, 'size', ctx, MAX_TAG_CHARS);
  const readme = longText(raw, 'description', ctx);
  const region = str(raw, 'region', ctx, MAX_TAG_CHARS);
  return describeDataset(
    {
      id,
      name: str(raw, 'name', ctx) ?? repoName(id),
      createdAt: dateTime(raw, raw.createdAt !== undefined ? 'createdAt' : 'created_at', ctx),
      lastModified: dateTime(raw, raw.lastModified !== undefined ? 'lastModified' : 'last_modified', ctx),
      downloads: count(raw, 'downloads', ctx),
      likes: count(raw, 'likes', ctx),
      libraries: bare(strList(raw, 'libraries', ctx)),
      licenses: license !== undefined ? bare([license]) : [],
      languages: bare(strList(raw, 'languages', ctx)),
      regions: region !== undefined ? [region] : [],
      subTasks: bare(strList(raw, raw['sub-tasks'] !== undefined ? 'sub-tasks' : 'sub_tasks', ctx)),
      sizes: size !== undefined ? bare([size]) : [],
      formats: bare(strList(raw, 'formats', ctx)),
      modalities: bare(strList(raw, 'modalities', ctx)),
      keywords: [...strList(raw, 'other', ctx), ...strList(raw, 'tags', ctx)],
      columns: [],
      readme,
      hasCard: readme !== undefined,
    },
    ctx,
  );
}
