// **examples** finds, in the graph being queried, an example entity for every canned-query parameter that names one
// (the most-derived base for lineage, a user with likes for recommendations, ...), and keeps the first candidate whose
// run returns rows: the gallery, `query --list` and the editor offer examples that answer, whatever graph is loaded.

import { parseEntityIri } from '../iri.js';
import { CLASS, DATA, OBJ } from '../vocab.js';
import { listQueries, runQuery, type SelectStore } from './registry.js';
import type { CannedQuery } from './types.js';

/** A way to find candidates: SPARQL selecting ?e, best first. */
type Pick = () => string;

const popular =
  (cls: string): Pick =>
  () =>
    `SELECT ?e WHERE { ?e a <${cls}> OPTIONAL { ?e <${DATA.downloads}> ?d } OPTIONAL { ?e <${DATA.likeCount}> ?l } }
     ORDER BY DESC(COALESCE(?d, 0)) DESC(COALESCE(?l, 0)) STR(?e) LIMIT 5`;

/** A lineage step ?from -> ?to by any of the Hub's relations (hkg:derivedFrom is a build-time statistic a graph may
 *  lack). */
const step = (from: string, to: string) =>
  `{ VALUES ?rel_${from} { <${OBJ.fineTunedFrom}> <${OBJ.adapterOf}> <${OBJ.mergedFrom}> <${OBJ.quantizedFrom}> }
     ?${from} ?rel_${from} ?${to} }`;

/** Bases with the most direct derivatives. */
const mostDerivedBase: Pick = () =>
  `SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE { ${step('m', 'e')} }
   GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT 5`;

/** Models two steps down a lineage (their ancestors and tree show more than one step), most downloaded first. */
const deepDerived: Pick = () =>
  `SELECT DISTINCT ?e ?d WHERE { ${step('e', 'b')} ${step('b', 'c')}
     OPTIONAL { ?e <${DATA.downloads}> ?d } } ORDER BY DESC(COALESCE(?d, 0)) STR(?e) LIMIT 5`;

const derived: Pick = () =>
  `SELECT DISTINCT ?e ?d WHERE { ${step('e', 'b')} OPTIONAL { ?e <${DATA.downloads}> ?d } }
   ORDER BY DESC(COALESCE(?d, 0)) STR(?e) LIMIT 5`;

/** Derived models whose base declares a task: classify-task has a base signal to show. */
const derivedOfTasked: Pick = () =>
  `SELECT DISTINCT ?e ?d WHERE { ${step('e', 'b')} ?b <${OBJ.task}> ?t
     OPTIONAL { ?e <${DATA.downloads}> ?d } } ORDER BY DESC(COALESCE(?d, 0)) STR(?e) LIMIT 5`;

const mostTrainedOn: Pick = () =>
  `SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m <${OBJ.trainedOn}> ?e }
   GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT 5`;

/** Users with the most likes, up to a few hundred (a user liking thousands makes a slow example). */
const likingUser: Pick = () =>
  `SELECT ?e (COUNT(?i) AS ?n) WHERE { ?e a <${CLASS.User}> ; <${OBJ.likes}> ?i }
   GROUP BY ?e HAVING (COUNT(?i) <= 300) ORDER BY DESC(?n) STR(?e) LIMIT 5`;

const mostLiked: Pick = () =>
  `SELECT ?e (COUNT(?u) AS ?n) WHERE { ?u <${OBJ.likes}> ?e . ?e a <${CLASS.Model}> }
   GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT 5`;

/** Per query and parameter, where good examples are found (tried in order); other entity parameters fall back to the
 *  most popular entity of the kind the query's own example names. */
const PICKS: Record<string, Record<string, Pick[]>> = {
  'lineage-ancestors': { model: [deepDerived, derived] },
  'lineage-descendants': { model: [mostDerivedBase] },
  'lineage-tree': { model: [deepDerived, mostDerivedBase] },
  'models-trained-on': { dataset: [mostTrainedOn] },
  'classify-task': { entity: [derivedOfTasked, derived, popular(CLASS.Model), popular(CLASS.Dataset)] },
  'predict-base-model': { model: [derived] },
  'recommend-items': { user: [likingUser] },
  'related-items': { entity: [mostLiked, popular(CLASS.Model), popular(CLASS.Dataset), popular(CLASS.Space)] },
};

const KIND_PICK: Record<string, Pick> = {
  model: popular(CLASS.Model),
  dataset: popular(CLASS.Dataset),
  space: popular(CLASS.Space),
  user: likingUser,
  org: popular(CLASS.Organization),
  task: popular(CLASS.Task),
};

export interface QueryExample {
  /** The parameters to run it with: the query's own example, its entities replaced by ones of this graph. */
  params: Record<string, string>;
  /** Rows the example returned when it was checked (0: no candidate answered, or none was found); undefined for a
   *  query without entity parameters, which is not run ahead of time. */
  rows?: number;
}

export interface ExampleOptions {
  base: string;
  /** Per candidate run. */
  timeoutMs: number;
  /** How many candidates of each way of finding them a parameter tries at most (default 2). */
  tries?: number;
}

/** The kind an example entity parameter names (`model` of `model/org/name`), if it names one. */
export function exampleKind(value: string | undefined): string | undefined {
  return /^([a-z]+)\//.exec(value ?? '')?.[1];
}

function picksFor(q: CannedQuery, param: string): Pick[] {
  const own = PICKS[q.name]?.[param];
  if (own) return own;
  const kind = exampleKind(q.example[param]);
  const fallback = kind ? KIND_PICK[kind] : undefined;
  return fallback ? [fallback] : [];
}

async function candidates(store: SelectStore, picks: Pick[], options: ExampleOptions): Promise<string[]> {
  const found: string[] = [];
  for (const pick of picks) {
    const rows = await store.select(pick(), { timeoutMs: options.timeoutMs }).catch(() => []);
    for (const row of rows.slice(0, options.tries ?? 2)) {
      const ref = row.e?.termType === 'NamedNode' ? parseEntityIri(options.base, row.e.value) : undefined;
      const value = ref && `${ref.kind}/${ref.id}`;
      if (value && !found.includes(value)) found.push(value);
    }
  }
  return found;
}

/** The example of one query: its entity parameters bound to the first candidates (in order) that return rows. */
export async function findExample(store: SelectStore, q: CannedQuery, options: ExampleOptions): Promise<QueryExample> {
  const params = { ...q.example };
  const entityParams = q.params.filter((p) => p.type === 'iri');
  const run = async (tried: Record<string, string>) =>
    (await runQuery(store, q.name, tried, { base: options.base, timeoutMs: options.timeoutMs }).catch(() => undefined))
      ?.rows.length ?? 0;
  if (entityParams.length === 0) return { params };
  let rows = 0;
  for (const p of entityParams) {
    const found = await candidates(store, picksFor(q, p.name), options);
    // Without a candidate the query's own example stays (it then returns nothing here, and says so with rows 0).
    if (found[0] !== undefined) params[p.name] = found[0];
    for (const value of found) {
      rows = await run({ ...params, [p.name]: value });
      if (rows > 0) {
        params[p.name] = value;
        break;
      }
    }
  }
  return { params, rows };
}

/** Every canned query's example from this graph, by query name. */
export async function findExamples(store: SelectStore, options: ExampleOptions): Promise<Map<string, QueryExample>> {
  const out = new Map<string, QueryExample>();
  // One after the other: the examples are looked for next to the server's real work, never ahead of it.
  for (const q of listQueries()) out.set(q.name, await findExample(store, q, options));
  return out;
}
