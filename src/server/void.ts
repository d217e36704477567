// **void** serves the VoID description (/void, /.well-known/void) from OUTDIR/void.ttl, with this server's real
// void:sparqlEndpoint and void:dataDump URLs put in per request; it also tells descriptions which dataset they belong
// to.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Quad } from '@rdfjs/types';
import express, { type Router } from 'express';
import { DataFactory, Parser } from 'n3';
import { builtFiles, OUTPUT } from '../build/output.js';
import { NS, STD, XSD } from '../vocab.js';
import type { AppContext } from './context.js';
import { isDataDump, listDumps } from './dumps.js';
import { contentTypeOf, HTML, JSONLD, RDF_FORMATS, RDF_OR_HTML } from '../rdf/formats.js';
import { CONTEXT_PATH } from '../rdf/jsonld.js';
import { serializeQuads } from '../rdf/serialize.js';
import { turtleHtml } from './rdf-html.js';
import { renderPage } from './render.js';
import { alternateLinks, chooseFormat, requestOrigin, sendable, sendDocument } from './respond.js';

const { namedNode, literal, quad } = DataFactory;
const VOID = NS.void;
const PARTS = new Set([VOID + 'subset', VOID + 'classPartition', VOID + 'propertyPartition']);

interface VoidFile {
  quads: Quad[];
  dataset?: string;
  license?: string;
}

const parsed = new Map<string, VoidFile>();

/** OUTDIR/void.ttl parsed once; an absent file gives no quads (a minimal description is made instead). */
function voidFile(outDir: string): VoidFile {
  let file = parsed.get(outDir);
  if (!file) {
    // No build directory (an external store served without --from): a minimal description is made from the store.
    // Only the build's own void.ttl, as a regular file: never a link put in its place (see builtFiles).
    const path = outDir && builtFiles(outDir).includes(OUTPUT.void) ? join(outDir, OUTPUT.void) : undefined;
    const quads = path ? new Parser({ baseIRI: 'file:///void.ttl' }).parse(readFileSync(path, 'utf8')) : [];
    // The dataset described is the void:Dataset that is no other dataset's subset or partition.
    const datasets = quads
      .filter((q) => q.predicate.value === STD.type && q.object.value === VOID + 'Dataset')
      .map((q) => q.subject.value);
    const parts = new Set(quads.filter((q) => PARTS.has(q.predicate.value)).map((q) => q.object.value));
    const dataset = datasets.find((d) => !parts.has(d));
    const license = quads.find((q) => q.subject.value === dataset && q.predicate.value === NS.dcterms + 'license')
      ?.object.value;
    file = { quads, dataset, license };
    parsed.set(outDir, file);
  }
  return file;
}

export interface DatasetInfo {
  iri: string;
  license?: string;
}

export function datasetInfo(outDir: string, base: string): DatasetInfo {
  const file = voidFile(outDir);
  return { iri: file.dataset ?? `${base}void#dataset`, license: file.license };
}

/**
 * The VoID graph as this server publishes it: the build's description, with its canonical endpoint and download URLs
 * (`{base}sparql`, `{base}dumps/...`) moved to `origin`, and a void:dataDump for every data dump this server has.
 */
export async function voidQuads(ctx: AppContext, origin: string): Promise<Quad[]> {
  const { config, store } = ctx;
  const file = voidFile(config.outDir);
  const dataset = datasetInfo(config.outDir, config.base).iri;
  const d = namedNode(dataset);
  const local = (iri: string) =>
    iri === `${config.base}sparql`
      ? `${origin}/sparql`
      : iri.startsWith(`${config.base}dumps/`)
        ? `${origin}/dumps/${iri.slice(config.base.length + 'dumps/'.length)}`
        : iri;
  const move = <T extends Quad['subject'] | Quad['object']>(t: T): T =>
    t.termType === 'NamedNode' && local(t.value) !== t.value ? (namedNode(local(t.value)) as unknown as T) : t;
  const quads = file.quads
    // The build's endpoint is where the canonical deployment runs; this server's own endpoint replaces it.
    .filter((q) => !(q.subject.value === dataset && q.predicate.value === VOID + 'sparqlEndpoint'))
    .map((q) => quad(move(q.subject), q.predicate, move(q.object)));
  if (file.quads.length === 0) {
    quads.push(
      quad(d, namedNode(STD.type), namedNode(VOID + 'Dataset')),
      quad(d, namedNode(NS.dcterms + 'title'), literal('HuggingKG')),
      quad(d, namedNode(VOID + 'uriSpace'), literal(config.base)),
      quad(d, namedNode(VOID + 'vocabulary'), namedNode(NS.hkg)),
      quad(d, namedNode(VOID + 'triples'), literal(String(await store.size()), namedNode(XSD.integer))),
    );
  }
  quads.push(quad(d, namedNode(VOID + 'sparqlEndpoint'), namedNode(`${origin}/sparql`)));
  const dumps = new Set(
    quads
      .filter((q) => q.subject.value === dataset && q.predicate.value === VOID + 'dataDump')
      .map((q) => q.object.value),
  );
  for (const f of await listDumps(config.outDir)) {
    const url = `${origin}${f.href}`;
    if (isDataDump(f.name) && !dumps.has(url)) quads.push(quad(d, namedNode(VOID + 'dataDump'), namedNode(url)));
  }
  // The JSON-LD context the descriptions name, so a client can find (and cache) it from the dataset.
  const context = namedNode(origin + CONTEXT_PATH);
  quads.push(
    quad(d, namedNode(NS.rdfs + 'seeAlso'), context),
    quad(context, namedNode(NS.dcterms + 'format'), literal(JSONLD.mediaType)),
    quad(context, namedNode(STD.label), literal('JSON-LD context of the JSON-LD descriptions and dump')),
  );
  return quads;
}

export function voidRouter(ctx: AppContext): Router {
  const router = express.Router();
  router.get(['/void', '/.well-known/void'], async (req, res) => {
    // A browser gets the description to read (the header's VoID link), RDF clients RDF.
    const format = chooseFormat(req, res, RDF_OR_HTML);
    if (!format) return;
    const quads = await voidQuads(ctx, requestOrigin(req));
    if (format === HTML) {
      const page = renderPage('rdf', {
        title: 'VoID description',
        heading: 'VoID description of this dataset',
        intro: 'What the graph holds, where its SPARQL endpoint and dumps are, and under which licence, in VoID.',
        triples: quads.length,
        formats: RDF_FORMATS.map((f) => ({ label: f.label, href: `${req.path}?format=${f.key}`, type: f.mediaType })),
        turtle: turtleHtml(quads, ctx.config.base, datasetInfo(ctx.config.outDir, ctx.config.base).iri),
      });
      return sendDocument(res, sendable(page, 'text/html; charset=utf-8'), alternateLinks(req.path));
    }
    const body = await serializeQuads(quads, format);
    sendDocument(res, sendable(body, contentTypeOf(format.mediaType)), alternateLinks(req.path, format));
  });
  return router;
}
