// **tags** is all Hub tag parsing in one place. Model tags: `base_model:{rel}:{id}` / `base_model:{id}` (lineage),
// `dataset:`, `arxiv:`, `license:`, `region:`, language codes, library and framework names, task ids; dataset tag
// families `task_categories:`, `task_ids:`, `size_categories:`, `format:`, `modality:`, `language:`, `license:`,
// `library:`. Whatever no rule claims is a free keyword (as HuggingKG's `other`/`tags`).

import { ALL_MODEL_LIBRARY_KEYS } from '@huggingface/tasks';
import { LINEAGE, type LineageRelation } from '../relations.js';

/** Framework / weight-format tags the Hub lists under "Libraries" that are not model-library keys. */
const FRAMEWORK_TAGS = [
  'pytorch',
  'tf',
  'tensorflow',
  'jax',
  'flax',
  'safetensors',
  'onnx',
  'gguf',
  'keras',
  'tflite',
  'coreml',
  'openvino',
  'mlx',
  'rust',
  'tensorboard',
  'paddlepaddle',
  'joblib',
  'ctranslate2',
];
const LIBRARIES: ReadonlySet<string> = new Set<string>([...ALL_MODEL_LIBRARY_KEYS, ...FRAMEWORK_TAGS]);

export function isLibraryTag(tag: string): boolean {
  return LIBRARIES.has(tag);
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
const languageCache = new Map<string, boolean>();

/** A two-letter ISO 639-1 code the platform's ICU data knows (`en`, `de`, `th`); cached, the set is small. */
export function isLanguageCode(tag: string): boolean {
  let known = languageCache.get(tag);
  if (known === undefined) {
    known = false;
    if (/^[a-z]{2}$/.test(tag)) {
      try {
        known = languageNames.of(tag) !== undefined;
      } catch {
        known = false;
      }
    }
    if (languageCache.size < 10_000) languageCache.set(tag, known);
  }
  return known;
}

/** A BCP 47 language tag as cards write them (`en`, `zh-Hans`, `eng`); canonicalised, or undefined if invalid. */
const canonicalCache = new Map<string, string | null>();

export function canonicalLanguage(code: string): string | undefined {
  let c = canonicalCache.get(code);
  if (c === undefined) {
    try {
      c = Intl.getCanonicalLocales(code.trim())[0] ?? null;
    } catch {
      c = null;
    }
    // Cards reuse a few hundred codes; the cap only guards against a flood of junk values.
    if (canonicalCache.size < 10_000) canonicalCache.set(code, c);
  }
  return c ?? undefined;
}

export interface ModelTags {
  /** `base_model:{finetune|adapter|merge|quantized}:{id}` (the Hub's derived lineage tags). */
  lineage: { relation: LineageRelation; id: string }[];
  /** `base_model:{id}` (the card's base_model as the Hub echoes it). */
  bases: string[];
  datasets: string[];
  arxiv: string[];
  licenses: string[];
  regions: string[];
  languages: string[];
  libraries: string[];
  tasks: string[];
  keywords: string[];
}

export interface ModelTagContext {
  isTask(id: string): boolean;
  /** Language codes the card lists (three-letter ones are only trusted from there). */
  cardLanguages?: ReadonlySet<string>;
}

function after(tag: string, prefixLength: number): string {
  return tag.slice(prefixLength).trim();
}

/** The values already in a long list (a record may carry 10^5 tags: `includes` alone would make parsing quadratic). */
const seen = new WeakMap<string[], Set<string>>();

function addOnce(list: string[], value: string): void {
  if (value === '') return;
  // Most lists are a handful of tags, where includes is cheaper than keeping a Set.
  if (list.length < 64) {
    if (!list.includes(value)) list.push(value);
    return;
  }
  let set = seen.get(list);
  if (!set) seen.set(list, (set = new Set(list)));
  if (set.has(value)) return;
  set.add(value);
  list.push(value);
}

export function parseModelTags(tags: readonly string[], ctx: ModelTagContext): ModelTags {
  const out: ModelTags = {
    lineage: [],
    bases: [],
    datasets: [],
    arxiv: [],
    licenses: [],
    regions: [],
    languages: [],
    libraries: [],
    tasks: [],
    keywords: [],
  };
  for (const tag of tags) {
    if (tag.startsWith('base_model:')) {
      const rest = after(tag, 11);
      const colon = rest.indexOf(':');
      const rel = colon < 0 ? '' : rest.slice(0, colon);
      if (colon >= 0 && rel in LINEAGE) {
        const id = rest.slice(colon + 1).trim();
        if (id !== '' && !out.lineage.some((l) => l.relation === rel && l.id === id)) {
          out.lineage.push({ relation: rel as LineageRelation, id });
        }
      } else if (colon < 0) {
        addOnce(out.bases, rest);
      } else {
        addOnce(out.keywords, tag); // an unknown base_model relation word: keep the tag, make no edge
      }
    } else if (tag.startsWith('dataset:')) addOnce(out.datasets, after(tag, 8));
    else if (tag.startsWith('arxiv:')) addOnce(out.arxiv, after(tag, 6));
    else if (tag.startsWith('license:')) addOnce(out.licenses, after(tag, 8));
    else if (tag.startsWith('region:')) addOnce(out.regions, after(tag, 7));
    else if (isLibraryTag(tag)) addOnce(out.libraries, tag);
    else if (ctx.isTask(tag)) addOnce(out.tasks, tag);
    else if (isLanguageCode(tag) || ctx.cardLanguages?.has(tag)) addOnce(out.languages, tag);
    else addOnce(out.keywords, tag);
  }
  return out;
}

export interface DatasetTags {
  tasks: string[];
  subTasks: string[];
  sizes: string[];
  formats: string[];
  modalities: string[];
  languages: string[];
  licenses: string[];
  libraries: string[];
  arxiv: string[];
  regions: string[];
  keywords: string[];
}

/** Dataset tag families: prefix -> field. */
const DATASET_FAMILIES: readonly [string, keyof DatasetTags][] = [
  ['task_categories:', 'tasks'],
  ['task_ids:', 'subTasks'],
  ['size_categories:', 'sizes'],
  ['format:', 'formats'],
  ['modality:', 'modalities'],
  ['language:', 'languages'],
  ['license:', 'licenses'],
  ['library:', 'libraries'],
  ['arxiv:', 'arxiv'],
  ['region:', 'regions'],
];

export function parseDatasetTags(tags: readonly string[]): DatasetTags {
  const out: DatasetTags = {
    tasks: [],
    subTasks: [],
    sizes: [],
    formats: [],
    modalities: [],
    languages: [],
    licenses: [],
    libraries: [],
    arxiv: [],
    regions: [],
    keywords: [],
  };
  for (const tag of tags) {
    const family = DATASET_FAMILIES.find(([prefix]) => tag.startsWith(prefix));
    if (family) addOnce(out[family[1]], after(tag, family[0].length));
    else addOnce(out.keywords, tag);
  }
  return out;
}

export interface SpaceTags {
  regions: string[];
  keywords: string[];
}

export function parseSpaceTags(tags: readonly string[]): SpaceTags {
  const out: SpaceTags = { regions: [], keywords: [] };
  for (const tag of tags) {
    if (tag.startsWith('region:')) addOnce(out.regions, after(tag, 7));
    else addOnce(out.keywords, tag);
  }
  return out;
}
