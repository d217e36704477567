// **resources** makes entity IRIs dereferenceable (Cool URIs, 303 style): /{kind}/{id} redirects to the HTML page or
// the RDF document by Accept (an old name of a renamed repository, owl:sameAs its current one, 301 to that one's IRI),
// and /data/{kind}/{id} serves the description in every RDF format, cached by IRI and format.
//
// It is a plain node request handler, run ahead of express (see app.ts): dereferencing is most of a linked-data site's
// traffic, and a cached answer costs a few header writes, while express's routing and wrappers cost several times that.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { assertValidHubId, encodeHubId, entityIri, isEntityKind, parseEntityIri, type EntityRef } from '../iri.js';
import { STD } from '../vocab.js';
import type { AppContext } from './context.js';
import { dataPath, describeEntity, pagePath, type Description } from './describe.js';
import { turtleHtml } from './rdf-html.js';
import { renderPage } from './render.js';
import { contentTypeOf, HTML, RDF_FORMATS, RDF_OR_HTML } from '../rdf/formats.js';
import { negotiate } from '../rdf/negotiate.js';
import { CONTEXT_PATH } from '../rdf/jsonld.js';
import { serializeQuads } from '../rdf/serialize.js';
import { negotiationError, sendError, sendFailure, sendHttpError } from './http-error.js';
import {
  addVary,
  alternateLinks,
  chooseFormat,
  pathOf,
  queryParam,
  requestOrigin,
  sendable,
  sendDocument,
  type Sendable,
} from './respond.js';

/** What the 303 answers need to know of an entity IRI. */
interface Known {
  exists: boolean;
  /** The current name of a renamed repository (the entity is owl:sameAs it). */
  movedTo?: EntityRef;
}

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
    id = rest
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/');
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

function onlyGetOrHead(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  res.setHeader('Allow', 'GET, HEAD, OPTIONS');
  sendError(res, 405, `${req.method} is not allowed here; entity resources are read-only`);
  return false;
}

/** A cached /data answer: the document and the headers that depend only on the entity and format. */
interface DataEntry {
  doc: Sendable;
  contentLocation: string;
  links: string;
}

/** Answers a request to dereference, or says it is not one (false: the path is neither /data/... nor /{kind}/...). */
export type Dereferencer = (req: IncomingMessage, res: ServerResponse) => boolean;

const REDIRECT_TEXT = { 301: 'Moved Permanently', 303: 'See Other' } as const;

/** A redirect with a one-line text body naming the target, cacheable for an hour (the graph does not change). */
function sendRedirect(req: IncomingMessage, res: ServerResponse, status: 301 | 303, target: string): void {
  const body = `${status} ${REDIRECT_TEXT[status]}: ${target}\n`;
  res.statusCode = status;
  res.setHeader('Location', target);
  res.setHeader('Cache-Control', 'public, max-age=3600');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function dereferencer(ctx: AppContext): Dereferencer {
  // A description changes only with a rebuild (and restart): cache serialised documents by origin, IRI and format,
  // with their compressed forms (added on first use; counted in the size when the entry is stored, hence the 2x).
  const cache = new LRUCache<string, DataEntry>({
    max: 20_000,
    maxSize: 128 * 1024 * 1024,
    sizeCalculation: (e) => 2 * e.doc.body.length + e.links.length + 1,
  });
  // Whether an entity is in the graph (and the current name of a renamed one), for the 303 answers, which would
  // otherwise ask the store on every request. Bounded like the descriptions; like them it holds until a restart.
  const known = new LRUCache<string, Known>({ max: 100_000 });

  /** /data/{kind}/{id}: the description, from the cache when it is there (synchronously). */
  function data(req: IncomingMessage, res: ServerResponse, rest: string): void | Promise<void> {
    if (!onlyGetOrHead(req, res)) return;
    const parsed = entityRefFromPath(rest);
    if ('error' in parsed) return sendError(res, parsed.status, parsed.error);
    // A browser (text/html first) gets the description to read; RDF clients get RDF, as before.
    const format = chooseFormat(req, res, RDF_OR_HTML);
    if (!format) return;
    const { ref } = parsed;
    const origin = requestOrigin(req);
    const key = `${origin} ${format.key} ${ref.kind}/${encodeHubId(ref.id)}`;
    const entry = cache.get(key);
    if (entry) return send(res, entry);
    return (async () => {
      const desc = await describeEntity(ctx, ref, origin);
      if (!desc) return sendError(res, 404, `no ${ref.kind} with id ${JSON.stringify(ref.id)} in this graph`);
      const path = dataPath(ref);
      const made: DataEntry = {
        // JSON-LD: the entity's node first, the context named by its URL on this server.
        doc:
          format === HTML
            ? sendable(renderPage('rdf', dataPageView(desc, ctx.config.base)), 'text/html; charset=utf-8')
            : sendable(
                await serializeQuads(desc.quads, format, { focus: desc.iri, contextUrl: origin + CONTEXT_PATH }),
                contentTypeOf(format.mediaType),
              ),
        contentLocation: `${path}?format=${format.key}`,
        links: alternateLinks(path, format, pagePath(ref)),
      };
      cache.set(key, made);
      send(res, made);
    })();
  }

  /** The description as highlighted Turtle linking to this site's pages (views/rdf.hbs). */
  function dataPageView(desc: Description, base: string): object {
    const path = dataPath(desc.ref);
    const name = desc.labels.get(desc.iri) ?? desc.ref.id;
    return {
      title: `Data: ${name}`,
      heading: `Description of ${desc.ref.kind}/${desc.ref.id}`,
      intro: `The RDF this server publishes about <${desc.iri}>, as Turtle.`,
      name,
      pageHref: pagePath(desc.ref),
      triples: desc.quads.length,
      formats: RDF_FORMATS.map((f) => ({ label: f.label, href: `${path}?format=${f.key}`, type: f.mediaType })),
      turtle: turtleHtml(desc.quads, base, desc.iri),
    };
  }

  function send(res: ServerResponse, entry: DataEntry): void {
    res.setHeader('Content-Location', entry.contentLocation);
    sendDocument(res, entry.doc, entry.links);
  }

  /** /{kind}/{id}, the entity IRI itself: 303 See Other to the document that describes the thing (httpRange-14). */
  function entity(req: IncomingMessage, res: ServerResponse, rest: string): void | Promise<void> {
    if (!onlyGetOrHead(req, res)) return;
    const parsed = entityRefFromPath(rest);
    if ('error' in parsed) return sendError(res, parsed.status, parsed.error);
    addVary(res, 'Accept');
    const { ref } = parsed;
    const knownKey = `${ref.kind}/${encodeHubId(ref.id)}`;
    const found = known.get(knownKey);
    if (found !== undefined) return redirect(req, res, ref, found);
    return lookUp(ref).then((looked) => {
      known.set(knownKey, looked);
      redirect(req, res, ref, looked);
    });
  }

  /** Whether the graph has the entity, and the current name it is owl:sameAs (of the same kind, not linked back). */
  async function lookUp(ref: EntityRef): Promise<Known> {
    const iri = `<${entityIri(ctx.config.base, ref.kind, ref.id)}>`;
    const sameAs = `<${STD.sameAs}>`;
    const rows = await ctx.store.select(
      `SELECT ?to WHERE { ${iri} ?p ?o ` +
        `OPTIONAL { ${iri} ${sameAs} ?to FILTER(isIRI(?to) && NOT EXISTS { ?to ${sameAs} ${iri} }) } } LIMIT 1`,
    );
    const row = rows[0];
    if (!row) return { exists: false };
    const to = row.to ? parseEntityIri(ctx.config.base, row.to.value) : undefined;
    return to && to.kind === ref.kind && to.id !== ref.id ? { exists: true, movedTo: to } : { exists: true };
  }

  function redirect(req: IncomingMessage, res: ServerResponse, ref: EntityRef, found: Known): void {
    if (!found.exists) {
      sendError(res, 404, `no ${ref.kind} with id ${JSON.stringify(ref.id)} in this graph`);
      return;
    }
    if (found.movedTo) {
      // A renamed repository: the old name's IRI moves permanently to the current one's (as the Hub redirects the
      // old name); that IRI then negotiates. The old name's own description stays at its /data document.
      const query = (req.url ?? '').indexOf('?');
      const target = `/${found.movedTo.kind}/${encodeHubId(found.movedTo.id)}${query < 0 ? '' : req.url!.slice(query)}`;
      sendRedirect(req, res, 301, target);
      return;
    }
    const asked = queryParam(req, 'format');
    const chosen = negotiate(req.headers.accept, asked, RDF_OR_HTML);
    if (!('format' in chosen)) {
      sendHttpError(res, negotiationError(chosen));
      return;
    }
    // A ?format= is carried to the document; an Accept is negotiated again there.
    const data = asked === undefined ? dataPath(ref) : `${dataPath(ref)}?format=${chosen.format.key}`;
    const target = chosen.format === HTML ? pagePath(ref) : data;
    sendRedirect(req, res, 303, target);
  }

  return (req, res) => {
    const path = pathOf(req);
    let answer: void | Promise<void>;
    if (path === '/data' || path.startsWith('/data/')) answer = data(req, res, path.slice(6));
    else {
      const slash = path.indexOf('/', 1);
      if (!isEntityKind(slash < 0 ? path.slice(1) : path.slice(1, slash))) return false;
      answer = entity(req, res, path.slice(1));
    }
    answer?.catch((err: Error) => sendFailure(req, res, err));
    return true;
  };
}
