// **pages** builds the HTML pages' data — an entity's page from its description and its canned-query sections
// (page-queries.ts), the landing page, search results — and routes /page/{kind}/{id}, /, /search and /queries (the
// gallery's short address). Markup lives in views/*.hbs; here only what goes into it.

import type { Quad, Term } from '@rdfjs/types';
import express, { type Request, type Response, type Router } from 'express';
import { LRUCache } from 'lru-cache';
import { ENTITY_KINDS, encodeHubId, entityIri, isEntityKind, parseEntityIri, type EntityKind } from '../iri.js';
import { CLASS, DATA, HKG, NS, OBJ, STD, XSD } from '../vocab.js';
import { ENTITY_STATISTIC_PREDICATES } from '../stats/graph-statistics.js';
import type { AppContext } from './context.js';
import { dataPath, describeEntity, pagePath, type Description } from './describe.js';
import { defaultFamilySteps, familyPicture } from './family.js';
import { type LineagePicture, PAGE_LIMITS } from './lineage-svg.js';
import { PageQueryCache, pageQueryBudget, queryLinks, runSections, sectionsFor } from './page-queries.js';
import { renderCard } from './markdown.js';
import { HTML, JSON_DOCUMENT, RDF_FORMATS } from '../rdf/formats.js';
import { ontologyLabel, prefixed, reusedTermLabel } from './ontology.js';
import { toJsonld } from '../rdf/serialize.js';
import { htmlError, renderPage, scriptJson } from './render.js';
import { entityRefFromPath } from './resources.js';
import { searchIndexOf } from './search-index.js';
import {
  alternateLinks,
  chooseDocumentFormat,
  requestOrigin,
  sendable,
  sendDocument,
  type Sendable,
} from './respond.js';
import { byString } from '../util/compare.js';

export interface TermView {
  text: string;
  href?: string;
  external?: boolean;
  title?: string;
  lang?: string;
}

const KIND_LABEL: Record<EntityKind, string> = {
  model: 'Model',
  dataset: 'Dataset',
  space: 'Space',
  collection: 'Collection',
  paper: 'Paper',
  user: 'User',
  org: 'Organization',
  task: 'Task',
};

/** Facts shown first, in this order. */
const KEY_FACTS = [
  DATA.hubId,
  STD.url,
  DATA.downloads,
  DATA.likeCount,
  DATA.upvotes,
  DATA.pipelineTag,
  DATA.library,
  STD.license,
  OBJ.spdxLicense,
  STD.dateCreated,
  STD.dateModified,
  STD.datePublished,
  DATA.arxivId,
];
/** Shown elsewhere on the page (title, types, card, base-model table). */
const SHOWN_ELSEWHERE = new Set([
  STD.name,
  STD.type,
  STD.description,
  STD.qualifiedDerivation,
  DATA.cardUrl,
  DATA.descriptionTruncated,
]);

function isSafeExternal(iri: string): boolean {
  return /^(https?|mailto):/i.test(iri);
}

/** How a term shows on a page: entities under the base link to their local page, ontology terms to /ontology. */
export function termView(term: Term, base: string, labels: Map<string, string>): TermView {
  if (term.termType === 'Literal') {
    const dt = term.datatype?.value;
    if (dt === XSD.integer || dt === XSD.nonNegativeInteger) {
      const n = Number(term.value);
      return { text: Number.isSafeInteger(n) ? n.toLocaleString('en-US') : term.value };
    }
    if (dt === XSD.dateTime)
      return { text: term.value.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC'), title: term.value };
    return { text: term.value, lang: term.language || undefined };
  }
  if (term.termType !== 'NamedNode') return { text: '(blank node)' };
  const iri = term.value;
  const ref = parseEntityIri(base, iri);
  if (ref) return { text: labels.get(iri) ?? `${ref.kind}/${ref.id}`, href: pagePath(ref), title: iri };
  if (iri.startsWith(HKG))
    return { text: ontologyLabel(iri) ?? prefixed(iri), href: `/ontology#${iri.slice(HKG.length)}`, title: iri };
  const text = labels.get(iri) ?? prefixed(iri);
  return isSafeExternal(iri) ? { text, href: iri, external: true, title: iri } : { text };
}

/** Labels for the standard terms we reuse (their own vocabularies are not loaded). */
const STD_LABEL: Record<string, string> = {
  [STD.name]: 'name',
  [STD.url]: 'Hub page',
  [STD.license]: 'licence',
  [STD.dateCreated]: 'created',
  [STD.dateModified]: 'last modified',
  [STD.datePublished]: 'published',
  [STD.keywords]: 'keywords',
  [STD.inLanguage]: 'language',
  [STD.alternateName]: 'also known as',
  [STD.skosPrefLabel]: 'preferred label',
  [STD.skosBroader]: 'broader concept',
  [STD.skosInScheme]: 'in scheme',
};

function propertyLabel(iri: string): string {
  return ontologyLabel(iri) ?? STD_LABEL[iri] ?? prefixed(iri);
}

interface PropertyGroup {
  property: string;
  label: string;
  values: TermView[];
}

function groupByProperty(quads: Quad[], base: string, labels: Map<string, string>): PropertyGroup[] {
  const groups = new Map<string, PropertyGroup>();
  for (const q of quads) {
    const p = q.predicate.value;
    let g = groups.get(p);
    if (!g) groups.set(p, (g = { property: p, label: propertyLabel(p), values: [] }));
    g.values.push(termView(q.object, base, labels));
  }
  return [...groups.values()];
}

const round = (n: unknown) => (typeof n === 'number' ? String(Math.round(n * 1000) / 1000) : '');

/** An entity cell of a query row as a local link, named by the row's label when it has one. */
function itemView(value: unknown, label: unknown, base: string) {
  const iri = String(value);
  const labels = new Map<string, string>(typeof label === 'string' ? [[iri, label]] : []);
  const ref = parseEntityIri(base, iri);
  return {
    term: termView({ termType: 'NamedNode', value: iri } as Term, base, labels),
    kind: ref ? KIND_LABEL[ref.kind] : '',
  };
}

/** Declared hkg:task edges against the top predicted tasks: which agree, and a one-line verdict. */
export function compareTasks(declared: string[], predicted: Array<{ task: string; score: number }>) {
  const declaredSet = new Set(declared);
  const rank = predicted.findIndex((p) => declaredSet.has(p.task));
  let verdict: 'agree' | 'partial' | 'disagree' | 'undeclared' | 'unpredicted';
  let text: string;
  if (predicted.length === 0) {
    verdict = 'unpredicted';
    text = 'No prediction: none of its graph neighbours has a task.';
  } else if (declared.length === 0) {
    verdict = 'undeclared';
    text = 'No declared task; the prediction suggests one.';
  } else if (rank === 0) {
    verdict = 'agree';
    text = 'Agreement: the top predicted task is a declared one.';
  } else if (rank > 0) {
    verdict = 'partial';
    text = `Partial agreement: a declared task is predicted at rank ${rank + 1}.`;
  } else {
    verdict = 'disagree';
    text = `Disagreement: no declared task is among the top ${predicted.length} predicted.`;
  }
  return { verdict, text, declaredAt: predicted.map((p) => declaredSet.has(p.task)) };
}

/** The canned-query sections of an entity page, each with its gallery and API links, or a "not available" note. */
async function querySections(ctx: AppContext, desc: Description, about: Quad[], cache?: PageQueryCache) {
  const { base } = ctx.config;
  const specs = sectionsFor(desc.ref);
  if (specs.length === 0) return { sections: [], complete: true };
  const budgetMs = pageQueryBudget(ctx.config);
  const started = Date.now();
  const outcomes = await runSections(ctx, desc.iri, specs, cache, budgetMs);
  const sections = [];
  for (const spec of specs) {
    const outcome = outcomes.get(spec.key)!;
    const section: Record<string, unknown> = {
      key: spec.key,
      title: spec.title,
      query: spec.query,
      id: `q-${spec.key}`,
      ...queryLinks(spec),
    };
    sections.push(section);
    if (!outcome.ok) {
      section.unavailable = outcome.reason;
      continue;
    }
    const rows = outcome.run.rows;
    section.empty = rows.length === 0;
    section[spec.key] = true;
    switch (spec.key) {
      case 'family':
        section.picture = await familyPicture(
          ctx,
          desc.iri,
          outcome.run,
          defaultFamilySteps(),
          PAGE_LIMITS,
          Math.max(1, budgetMs - (Date.now() - started)),
          desc.labels,
        );
        break;
      case 'task': {
        const declared = about.filter((q) => q.predicate.value === OBJ.task).map((q) => q.object.value);
        const predicted = rows.map((r) => ({ task: String(r.task), score: Number(r.score) }));
        const check = compareTasks(declared, predicted);
        section.verdict = check.verdict;
        section.verdictText = check.text;
        section.declared = declared.map((t) =>
          termView({ termType: 'NamedNode', value: t } as Term, base, desc.labels),
        );
        section.rows = rows.map((r, i) => ({
          ...itemView(r.task, r.label, base),
          score: round(r.score),
          votes: signalShares(r),
          isDeclared: check.declaredAt[i],
        }));
        break;
      }
      case 'trained':
        section.rows = rows.map((r) => ({
          ...itemView(r.model, r.label, base),
          task:
            r.task === undefined
              ? undefined
              : termView({ termType: 'NamedNode', value: String(r.task) } as Term, base, desc.labels),
          likes: typeof r.likes === 'number' ? r.likes.toLocaleString('en-US') : '',
        }));
        break;
      default:
        section.rows = rows.map((r) => ({ ...itemView(r.item, r.label, base), score: round(r.score) }));
    }
  }
  const namesMissing = sections.some((s) => (s.picture as LineagePicture | undefined)?.namesMissing);
  return { sections, complete: !namesMissing && [...outcomes.values()].every((o) => o.ok) };
}

/**
 * The whole entity page as data for views/entity.hbs; `queriesComplete` is false when a canned-query section is not
 * available (the page is then not cached, so a later visit tries again).
 */
export async function entityPageView(
  ctx: AppContext,
  desc: Description,
  cache?: PageQueryCache,
): Promise<{ queriesComplete: boolean } & Record<string, unknown>> {
  const { base } = ctx.config;
  const about = desc.own.filter((q) => q.subject.value === desc.iri);
  const labels = desc.labels;
  const value = (p: string) => about.find((q) => q.predicate.value === p)?.object;

  const facts = KEY_FACTS.map(
    (p) =>
      groupByProperty(
        about.filter((q) => q.predicate.value === p),
        base,
        labels,
      )[0],
  ).filter(Boolean);
  const rest = about.filter((q) => !KEY_FACTS.includes(q.predicate.value) && !SHOWN_ELSEWHERE.has(q.predicate.value));
  // An own property cut to a first page (a user's thousands of likes) says how many there are and links to the query.
  const links = groupByProperty(
    rest.filter((q) => q.object.termType === 'NamedNode'),
    base,
    labels,
  ).map((g) => {
    const cut = desc.outgoing.find((o) => o.property === g.property);
    return {
      ...g,
      count: cut?.count ?? g.values.length,
      truncated: Boolean(cut),
      queryHref: cut && `/sparql?query=${encodeURIComponent(cut.query)}`,
    };
  });
  const literals = rest.filter((q) => q.object.termType !== 'NamedNode');
  const attributes = groupByProperty(
    literals.filter((q) => !ENTITY_STATISTIC_PREDICATES.has(q.predicate.value)),
    base,
    labels,
  );
  // The build's counts, ranks and shares for the canned queries: folded away below the entity's own properties.
  const statistics = groupByProperty(
    literals.filter((q) => ENTITY_STATISTIC_PREDICATES.has(q.predicate.value)),
    base,
    labels,
  );

  // One row per Derivation node: which relation, which base, and how the Hub knows.
  const derivations = about
    .filter((q) => q.predicate.value === STD.qualifiedDerivation)
    .map((q) => {
      const node = desc.own.filter((d) => d.subject.equals(q.object));
      const get = (p: string) => node.find((d) => d.predicate.value === p)?.object;
      const view = (t: Term | undefined) => (t ? termView(t, base, labels) : { text: '—' });
      return {
        relation: view(get(OBJ.derivationType)),
        base: view(get(OBJ.baseModel)),
        evidence: view(get(OBJ.derivationEvidence)),
      };
    });

  const description = value(STD.description);
  const hubPage = value(STD.url)?.value;
  const cardHtml = description
    ? renderCard(
        description.value,
        hubPage && /^https:\/\/huggingface\.co\//.test(hubPage)
          ? `${hubPage.replace(/\/$/, '')}/blob/main/`
          : undefined,
      )
    : undefined;

  const queries = await querySections(ctx, desc, about, cache);

  const data = dataPath(desc.ref);
  const formats = RDF_FORMATS.map((f) => ({ label: f.label, href: `${data}?format=${f.key}`, type: f.mediaType }));
  return {
    title: labels.get(desc.iri) ?? desc.ref.id,
    name: labels.get(desc.iri) ?? desc.ref.id,
    kindLabel: KIND_LABEL[desc.ref.kind],
    iri: desc.iri,
    types: about.filter((q) => q.predicate.value === STD.type).map((q) => termView(q.object, base, labels)),
    facts,
    links,
    attributes,
    statistics,
    derivations,
    cardHtml,
    cardTruncated: value(DATA.descriptionTruncated)?.value === 'true',
    sections: queries.sections,
    queriesComplete: queries.complete,
    incoming: desc.incoming.map((g) => ({
      property: g.property,
      label: propertyLabel(g.property),
      count: g.count,
      shown: g.subjects.length,
      truncated: g.truncated,
      subjects: g.subjects.map((s) => termView({ termType: 'NamedNode', value: s } as Term, base, labels)),
      queryHref: `/sparql?query=${encodeURIComponent(g.query)}`,
    })),
    formats,
    alternates: formats,
    jsonld: scriptJson(await toJsonld(desc.quads, { focus: desc.iri })),
  };
}

// ---- landing page and search ----

const EXAMPLES = [
  {
    title: 'Most downloaded models',
    sparql:
      `PREFIX hkg: <${HKG}>\nPREFIX schema: <${NS.schema}>\nSELECT ` +
      `?model ?name ?downloads WHERE {\n  ?model a hkg:Model ; schema:name ` +
      `?name ; hkg:downloads ?downloads .\n} ORDER BY DESC(?downloads) ` +
      `LIMIT 10`,
  },
  {
    title: 'Models fine-tuned from another model, with their base',
    sparql: `PREFIX hkg: <${HKG}>\nSELECT ?derived ?base WHERE {\n  ?derived hkg:fineTunedFrom ?base .\n} LIMIT 20`,
  },
  {
    title: 'Number of models per task',
    sparql:
      `PREFIX hkg: <${HKG}>\nPREFIX schema: <${NS.schema}>\nSELECT ` +
      `?task ?label (COUNT(?model) AS ?models) WHERE {\n  ?model a ` +
      `hkg:Model ; hkg:task ?task .\n  OPTIONAL { ?task schema:name ` +
      `?label }\n} GROUP BY ?task ?label ORDER BY DESC(?models) LIMIT ` +
      `20`,
  },
  {
    title: 'Datasets most models were trained on',
    sparql:
      `PREFIX hkg: <${HKG}>\nSELECT ?dataset (COUNT(?model) AS ?models) ` +
      `WHERE {\n  ?model hkg:trainedOn ?dataset .\n} GROUP BY ?dataset ` +
      `ORDER BY DESC(?models) LIMIT 10`,
  },
].map((e) => ({ ...e, href: `/sparql?query=${encodeURIComponent(e.sparql)}` }));

export const SEARCH_LIMIT = 50;
/** Suggestions while typing: a few, as a menu under the search box. */
export const SUGGEST_LIMIT = 8;
export const MAX_QUERY_CHARS = 200;

async function landingView(ctx: AppContext): Promise<object> {
  const rows = await ctx.store.select(
    `SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)`,
  );
  // Classes read as their labels: the ontology's for its own, ours for the standard ones (skos:Concept is a concept).
  const classLabels = new Map(
    rows.flatMap((r) => {
      const iri = r.class?.value;
      const label = iri && (ontologyLabel(iri) ?? STD_LABEL[iri] ?? reusedTermLabel(iri));
      return label ? [[iri, label] as [string, string]] : [];
    }),
  );
  // The example entity: the most downloaded model, else any entity of the graph (never an id written here).
  const top = `SELECT ?e WHERE { ?e a <${CLASS.Model}> ; <${DATA.downloads}> ?d } ORDER BY DESC(?d) LIMIT 1`;
  const any = `SELECT ?e WHERE { ?e <${DATA.hubId}> ?i } ORDER BY ?e LIMIT 1`;
  const example = (await ctx.store.select(top))[0]?.e?.value ?? (await ctx.store.select(any))[0]?.e?.value;
  const exampleRef = example ? parseEntityIri(ctx.config.base, example) : undefined;
  return {
    title: 'HuggingKG',
    triples: await ctx.store.size(),
    classes: rows.flatMap((r) =>
      r.class ? [{ term: termView(r.class, ctx.config.base, classLabels), count: Number(r.n?.value ?? 0) }] : [],
    ),
    kinds: ENTITY_KINDS,
    examples: EXAMPLES,
    exampleIri: exampleRef && entityIri(ctx.config.base, exampleRef.kind, exampleRef.id),
    examplePage: exampleRef && pagePath(exampleRef),
  };
}

export function pagesRouter(ctx: AppContext): Router {
  const router = express.Router();
  // Pages change only with a rebuild (and a restart), so rendered ones are kept, keyed by origin (links to /sparql).
  const cache = new LRUCache<string, Sendable>({
    max: 2000,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (s) => s.body.length + 1,
  });
  const queryCache = new PageQueryCache();
  let landing: Sendable | undefined;

  // The query gallery also answers at the top level; /api/queries serves it (HTML for browsers, JSON otherwise).
  router.get('/queries', (req, res) => {
    const search = req.originalUrl.indexOf('?');
    res.redirect(302, '/api/queries' + (search >= 0 ? req.originalUrl.slice(search) : ''));
  });

  router.get('/', async (_req, res) => {
    landing ??= sendable(renderPage('landing', await landingView(ctx)), 'text/html; charset=utf-8');
    sendDocument(res, landing);
  });

  /** The search text and kind of a request, or an error already sent. */
  function searchRequest(req: Request, res: Response): { q: string; kind?: EntityKind } | undefined {
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    const kindParam = typeof req.query.kind === 'string' ? req.query.kind : '';
    if (q.length > MAX_QUERY_CHARS) {
      htmlError(res, 400, 'Bad Request', `the search text is longer than ${MAX_QUERY_CHARS} characters`);
      return undefined;
    }
    if (kindParam && !isEntityKind(kindParam)) {
      const message = `unknown kind ${JSON.stringify(kindParam)}; use one of ${ENTITY_KINDS.join(', ')}`;
      htmlError(res, 400, 'Bad Request', message);
      return undefined;
    }
    return { q, kind: kindParam ? (kindParam as EntityKind) : undefined };
  }

  router.get('/search', async (req: Request, res: Response) => {
    const asked = searchRequest(req, res);
    if (!asked) return;
    const { q, kind } = asked;
    const format = chooseDocumentFormat(req, res, [HTML, JSON_DOCUMENT]);
    if (!format) return;
    const results = q ? (await searchIndexOf(ctx)).search(q, SEARCH_LIMIT, kind) : [];
    res.set('Cache-Control', 'no-cache');
    if (format === JSON_DOCUMENT) return res.json({ query: q, kind: kind ?? null, results });
    res.type('html').send(
      renderPage('search', {
        title: q ? `Search: ${q}` : 'Search',
        query: q,
        searchText: q,
        results,
        limited: results.length === SEARCH_LIMIT,
        kinds: ENTITY_KINDS.map((k) => ({ value: k, selected: k === kind })),
      }),
    );
  });

  // Suggestions as you type (public/suggest.js): the first few hits, as JSON only.
  router.get('/search/suggest', async (req: Request, res: Response) => {
    const asked = searchRequest(req, res);
    if (!asked) return;
    if (!chooseDocumentFormat(req, res, [JSON_DOCUMENT])) return;
    const hits = asked.q ? (await searchIndexOf(ctx)).search(asked.q, SUGGEST_LIMIT, asked.kind) : [];
    res.set('Cache-Control', 'public, max-age=300');
    res.json({ query: asked.q, results: hits });
  });

  router.get('/page/*rest', async (req, res) => {
    const parsed = entityRefFromPath(req.path.slice('/page/'.length));
    if ('error' in parsed)
      return htmlError(res, parsed.status, parsed.status === 404 ? 'Not Found' : 'Bad Request', parsed.error);
    const origin = requestOrigin(req);
    const key = `${origin} ${parsed.ref.kind}/${encodeHubId(parsed.ref.id)}`;
    let page = cache.get(key);
    if (!page) {
      const desc = await describeEntity(ctx, parsed.ref, origin);
      if (!desc)
        return htmlError(
          res,
          404,
          'Not Found',
          `no ${parsed.ref.kind} with id ${JSON.stringify(parsed.ref.id)} in this graph`,
        );
      const view = await entityPageView(ctx, desc, queryCache);
      page = sendable(renderPage('entity', view), 'text/html; charset=utf-8');
      if (view.queriesComplete) cache.set(key, page);
    }
    res.set('Link', alternateLinks(dataPath(parsed.ref)));
    sendDocument(res, page);
  });
  return router;
}

/** classify-task's signal columns, in the order the query lists them. */
const TASK_SIGNALS = [
  'tag',
  'name',
  'card',
  'base',
  'inherited',
  'derived',
  'sibling',
  'data',
  'coTrained',
  'publisher',
  'prior',
];

/**
 * The signals behind a predicted task (`base=1; tag=0.5`): each non-zero share of classify-task's signal columns,
 * rounded to two decimals, the largest first, then by name, so a page reads the same on every store and every run.
 */
export function signalShares(row: Record<string, unknown>): string {
  return TASK_SIGNALS.map((name) => ({ name, share: Math.round(Number(row[name] ?? 0) * 100) / 100 }))
    .filter((s) => Number.isFinite(s.share) && s.share > 0)
    .sort((a, b) => b.share - a.share || byString(a.name, b.name))
    .map((s) => `${s.name}=${s.share}`)
    .join('; ');
}
