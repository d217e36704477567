// **resources** makes entity IRIs dereferenceable (Cool URIs, 303 style): /{kind}/{id} redirects to the HTML page or
// the RDF document by Accept, and /data/{kind}/{id} serves the description in every RDF format, cached by IRI and format.

import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { LRUCache } from 'lru-cache';
import { assertValidHubId, encodeHubId, entityIri, isEntityKind, type EntityRef } from '../iri.js';
import type { AppContext } from './context.js';
import { dataPath, describeEntity, pagePath } from './describe.js';
import { alternateLinks, negotiateRdfOrHtml, offeredTypes } from './negotiate.js';
import { serializeQuads } from './rdf-serialize.js';
import { chooseFormat, contentTypeOf, requestOrigin, sendable, sendDocument, sendError, type Sendable } from './respond.js';

export type PathParse = { ref: EntityRef } | { error: string; status: 400 | 404 };

/**
 * Reads `{kind}/{id...}` from a raw (still percent-encoded) request path. Each segment is decoded on its own, so an
 * encoded slash or dot segment (`..%2f..%2fetc`) ends up inside the id, where assertValidHubId refuses it: a 400, never
 * a file lookup. An unknown kind or a missing id is a 404.
 */
export function entityRefFromPath(raw: string): PathParse {
  const slash = raw.indexOf('/');
  const kind = slash < 0 ? raw : raw.slice(0, slash);
  const rest = slash < 0 ? '' : raw.slice(slash + 1);
  if (!isEntityKind(kind)) return { status: 404, error: `no such kind ${JSON.stringify(kind.slice(0, 40))}` };
  if (rest === '') return { status: 404, error: `no ${kind} id in the path` };
  let id: string;
  try {
    id = rest.split('/').map((s) => decodeURIComponent(s)).join('/');
  } catch {
    return { status: 400, error: `bad percent-encoding in ${JSON.stringify(rest.slice(0, 200))}` };
  }
  try {
    assertValidHubId(kind, id);
  } catch (err) {
    return { status: 400, error: `${(err as Error).message}: an id has no empty, "." or ".." segments` };
  }
  return { ref: { kind, id } };
}

function onlyGetOrHead(req: Request, res: Response): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  res.set('Allow', 'GET, HEAD, OPTIONS');
  sendError(res, 405, `${req.method} is not allowed here; entity resources are read-only`);
  return false;
}

export function resourcesRouter(ctx: AppContext): Router {
  const router = express.Router();
  // A description changes only with a rebuild (and restart): cache serialised documents by origin, IRI and format.
  const cache = new LRUCache<string, Sendable>({
    max: 20_000,
    maxSize: 128 * 1024 * 1024,
    sizeCalculation: (s) => s.body.length + 1,
  });

  router.use('/data', async (req: Request, res: Response) => {
    if (!onlyGetOrHead(req, res)) return;
    const parsed = entityRefFromPath(req.path.slice(1));
    if ('error' in parsed) return sendError(res, parsed.status, parsed.error);
    const choice = chooseFormat(req, res, false);
    if (!choice || choice.kind !== 'rdf') return;
    const { ref } = parsed;
    const origin = requestOrigin(req);
    const key = `${origin} ${choice.format.key} ${ref.kind}/${encodeHubId(ref.id)}`;
    let doc = cache.get(key);
    if (!doc) {
      const desc = await describeEntity(ctx, ref, origin);
      if (!desc) return sendError(res, 404, `no ${ref.kind} with id ${JSON.stringify(ref.id)} in this graph`);
      doc = sendable(await serializeQuads(desc.quads, choice.format), contentTypeOf(choice.format.mediaType));
      cache.set(key, doc);
    }
    const path = dataPath(ref);
    res.set('Content-Location', `${path}?format=${choice.format.key}`);
    sendDocument(res, doc, alternateLinks(path, choice.format.key, pagePath(ref)));
  });

  // The entity IRIs themselves: 303 See Other to the document that describes the thing (httpRange-14).
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const kind = req.path.split('/')[1] ?? '';
    if (!isEntityKind(kind)) return next();
    if (!onlyGetOrHead(req, res)) return;
    const parsed = entityRefFromPath(req.path.slice(1));
    if ('error' in parsed) return sendError(res, parsed.status, parsed.error);
    res.vary('Accept');
    const iri = entityIri(ctx.config.base, parsed.ref.kind, parsed.ref.id);
    if (!(await ctx.store.ask(`ASK { <${iri}> ?p ?o }`))) {
      return sendError(res, 404, `no ${parsed.ref.kind} with id ${JSON.stringify(parsed.ref.id)} in this graph`);
    }
    const choice = negotiateRdfOrHtml(req.get('accept'));
    if (choice.kind === 'none') {
      const types = offeredTypes(true);
      return sendError(res, 406, `none of the requested types (Accept: ${req.get('accept')}) is available; offered: ${types.join(', ')}`, types);
    }
    const target = choice.kind === 'html' ? pagePath(parsed.ref) : dataPath(parsed.ref);
    res.set('Cache-Control', 'public, max-age=3600');
    res.redirect(303, target);
  });
  return router;
}
