// **api** serves the canned queries over HTTP at /api: the list (JSON, or an HTML gallery with a form per query), one
// query run as JSON {name, params, sparql, rows, elapsedMs} (with `warnings` when the graph's build-time statistics are
// older than the query reads) or an HTML results page, and the shortcuts /recommend, /classify and /lineage. Bad
// parameters are 400 with a message naming the parameter; unknown queries 404.

import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { QueryParamError } from '../queries/errors.js';
import { getQuery, listQueries, runQuery } from '../queries/registry.js';
import type { CannedQuery, Cell, QueryRun } from '../queries/types.js';
import { columns } from '../queries/format.js';
import { HTML, JSON_DOCUMENT } from '../rdf/formats.js';
import { QuerySyntaxError } from '../store/store.js';
import type { AppContext } from './context.js';
import { HttpError, httpErrorOf, sendHttpError } from './http-error.js';
import { isWebIri, sitePath } from './links.js';
import { ontologyHref, ontologyLabel, prefixed } from './ontology.js';
import { HKG } from '../vocab.js';
import { renderPage } from './render.js';
import { pageQueryBudget } from './page-queries.js';
import { exampleParams } from './query-examples.js';
import { staleStatisticsWarning } from './statistics-check.js';
import { chooseDocumentFormat } from './respond.js';

const LINEAGE_QUERIES: Record<string, string> = {
  ancestors: 'lineage-ancestors',
  descendants: 'lineage-descendants',
  tree: 'lineage-tree',
};

/** Query-string parameters as single strings; a repeated parameter is a client error. */
function stringParams(req: Request, drop: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (drop.includes(key)) continue;
    if (typeof value !== 'string') throw new QueryParamError(`parameter ${key} given more than once or malformed`);
    out[key] = value;
  }
  return out;
}

function exampleUrl(apiBase: string, q: CannedQuery, example: Record<string, string>): string {
  const search = new URLSearchParams(example).toString();
  return `${apiBase}/queries/${q.name}${search ? '?' + search : ''}`;
}

/**
 * A query as the list shows it; its example comes from the served graph (query-examples.ts), and a warning when the
 * graph's build-time statistics are older than the query reads (statistics-check.ts).
 */
function describe(apiBase: string, q: CannedQuery, example: Record<string, string> = q.example, warning?: string) {
  return {
    name: q.name,
    title: q.title,
    description: q.description,
    params: q.params,
    url: `${apiBase}/queries/${q.name}`,
    example: exampleUrl(apiBase, q, example),
    exampleParams: example,
    sparql: q.sparql,
    ...(warning ? { warning } : {}),
  };
}

function formView(
  apiBase: string,
  q: CannedQuery,
  values: Record<string, string>,
  example: Record<string, string> = q.example,
) {
  return {
    action: `${apiBase}/queries/${q.name}`,
    fields: q.params.map((p) => ({
      id: `${q.name}-${p.name}`,
      name: p.name,
      description: p.description + (p.default !== undefined ? ` (default ${p.default})` : ''),
      inputType: p.type === 'integer' ? 'number' : 'text',
      value: values[p.name] ?? (p.default === undefined ? (example[p.name] ?? '') : ''),
      placeholder: p.default ?? '',
      required: p.default === undefined,
      options: p.values?.map((v) => ({ value: v, selected: v === (values[p.name] ?? p.default) })),
    })),
  };
}

/** Cells for the HTML table: IRIs under the dataset base link to this server's paths, other web IRIs as they are. */
function tableRows(run: QueryRun, cols: string[], base: string) {
  return run.rows.map((row) =>
    cols.map((c) => {
      const cell: Cell | undefined = row[c];
      if (cell === undefined) return { text: '' };
      if (typeof cell === 'number') return { text: String(Math.round(cell * 10_000) / 10_000), numeric: true };
      const text = String(cell);
      // An ontology term reads as its label and links to its entry in the ontology's page.
      if (text.startsWith(HKG))
        return { text: ontologyLabel(text) ?? prefixed(text), href: ontologyHref(text), title: text };
      const path = sitePath(text, base);
      if (path) return { text: text.slice(base.length), href: path };
      // Not a path of this site (another host, or a base IRI that would not stay one): absolute, and shown whole.
      if (isWebIri(text)) return { text, href: text, external: true };
      return { text };
    }),
  );
}

export function apiRouter(ctx: AppContext): Router {
  const router = express.Router();
  const base = ctx.config.base;
  const warningOf = (name: string) => staleStatisticsWarning(ctx, name, pageQueryBudget(ctx.config));
  const queryWarnings = async (queries: CannedQuery[]) =>
    new Map(await Promise.all(queries.map(async (q) => [q.name, await warningOf(q.name)] as const)));
  // A run's answer carries `warnings` when the graph's statistics are older than the query reads.
  const run = async (name: string, params: Record<string, string>): Promise<QueryRun & { warnings?: string[] }> => {
    const [result, warning] = await Promise.all([
      runQuery(ctx.store, name, params, { base, timeoutMs: ctx.config.queryTimeoutMs }),
      warningOf(name),
    ]);
    return warning ? { ...result, warnings: [warning] } : result;
  };

  const index = async (req: Request, res: Response) => {
    const apiBase = req.baseUrl;
    const format = chooseDocumentFormat(req, res, [JSON_DOCUMENT, HTML]);
    if (!format) return;
    const examples = await exampleParams(ctx, pageQueryBudget(ctx.config));
    const warnings = await queryWarnings(listQueries());
    if (format === HTML) {
      const queries = listQueries().map((q) => ({
        ...describe(apiBase, q, examples.get(q.name), warnings.get(q.name)),
        href: `${apiBase}/queries/${q.name}`,
        form: formView(apiBase, q, {}, examples.get(q.name)),
      }));
      res.type('html').send(renderPage('queries', { title: 'Canned queries', apiBase, queries }));
      return;
    }
    res.json({
      queries: listQueries().map((q) => describe(apiBase, q, examples.get(q.name), warnings.get(q.name))),
      shortcuts: {
        recommend: `${apiBase}/recommend?user={user}&kind={model|dataset|space|any}&k={k}`,
        classify: `${apiBase}/classify?entity={entity}&k={k}`,
        lineage: `${apiBase}/lineage?model={model}&direction={ancestors|descendants|tree}&depth={depth}`,
      },
    });
  };
  router.get('/', index);
  router.get('/queries', index);

  router.get('/queries/:name', async (req, res, next) => {
    const format = chooseDocumentFormat(req, res, [JSON_DOCUMENT, HTML]);
    if (!format) return;
    const html = format === HTML;
    const apiBase = req.baseUrl;
    let query: CannedQuery | undefined;
    let params: Record<string, string> = {};
    try {
      query = getQuery(req.params.name);
      params = stringParams(req, ['format']);
      const result = await run(query.name, params);
      if (!html) return void res.json(result);
      const cols = columns(result);
      const search = new URLSearchParams({ ...params, format: 'json' }).toString();
      res.type('html').send(
        renderPage('queries-run', {
          title: query.title,
          apiBase,
          query,
          form: formView(apiBase, query, params),
          warning: result.warnings?.[0],
          run: result,
          columns: cols,
          table: tableRows(result, cols, base),
          jsonHref: `${apiBase}/queries/${query.name}?${search}`,
        }),
      );
    } catch (err) {
      if (html && query && err instanceof QueryParamError) {
        const example = (await exampleParams(ctx, pageQueryBudget(ctx.config))).get(query.name);
        res
          .status(400)
          .type('html')
          .send(
            renderPage('queries-run', {
              title: query.title,
              apiBase,
              query,
              form: formView(apiBase, query, params, example),
              warning: await warningOf(query.name),
              error: err.message,
            }),
          );
        return;
      }
      next(err);
    }
  });

  // The shortcuts answer JSON only; `?format=json` is taken, as on every route, and is no query parameter.
  const jsonOnly = (req: Request, res: Response) => chooseDocumentFormat(req, res, [JSON_DOCUMENT]) !== undefined;

  router.get('/recommend', async (req, res, next) => {
    try {
      if (!jsonOnly(req, res)) return;
      res.json(await run('recommend-items', stringParams(req, ['format'])));
    } catch (err) {
      next(err);
    }
  });

  router.get('/classify', async (req, res, next) => {
    try {
      if (!jsonOnly(req, res)) return;
      res.json(await run('classify-task', stringParams(req, ['format'])));
    } catch (err) {
      next(err);
    }
  });

  router.get('/lineage', async (req, res, next) => {
    try {
      if (!jsonOnly(req, res)) return;
      const { direction = 'ancestors', depth, ...rest } = stringParams(req, ['format']);
      // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
      const name = Object.hasOwn(LINEAGE_QUERIES, direction) ? LINEAGE_QUERIES[direction] : undefined;
      if (!name)
        throw new QueryParamError(`direction ${JSON.stringify(direction)}: use ancestors, descendants or tree`);
      res.json(await run(name, { ...rest, ...(depth !== undefined ? { maxDepth: depth } : {}) }));
    } catch (err) {
      next(err);
    }
  });

  // Errors of this router as JSON: the caller's mistakes are 4xx with the reason, a timeout 503.
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    // A canned query the store refuses is our bug, not a malformed query of the caller's.
    const answer = err instanceof QuerySyntaxError ? new HttpError(500, err.message) : httpErrorOf(err);
    if (!answer) return next(err);
    if (answer.status >= 500) ctx.logger.error({ err, path: req.originalUrl }, 'canned query failed');
    sendHttpError(res, answer, 'json');
  });
  return router;
}
