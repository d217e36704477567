// **dataset** maps a Hub dataset (`GET /api/datasets/{id}`, or a HuggingKG datasets.json item) to an Entity:
// the model attributes plus the dataset tag families (sub-tasks, size category, formats, modalities), and its
// edges: tasks (task_categories:), cited papers (arxiv:) and publisher (author).

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
  const tags = parseDatasetTags(strList(raw, 'tags', ctx, MAX_TAG_CHARS));
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
      licenses: tags.licenses.length > 0 ? tags.licenses : card ? strList(card, 'license', ctx) : [],
      languages: tags.languages.length > 0 ? tags.languages : card ? strList(card, 'language', ctx) : [],
      regions: tags.regions,
      subTasks: tags.subTasks,
      sizes: tags.sizes,
      formats: tags.formats,
      modalities: tags.modalities,
      keywords: tags.keywords,
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
      readme,
      hasCard: readme !== undefined,
    },
    ctx,
  );
}
