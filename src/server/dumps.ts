// **dumps** lists the files a build wrote (by name, from its build-report.json: size, sha256, triples) as HTML or
// JSON and streams them with Range support. Nothing else in the directory is listed or served, and never a link.

import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { builtFiles, fileSha256, readBuildReport, SIDE_FILES } from '../build/output.js';
import { dumpFormat, dumpMediaType, HTML, JSON_DOCUMENT } from '../rdf/formats.js';
import type { AppContext } from './context.js';
import { sendError } from './http-error.js';
import { renderPage } from './render.js';
import { CACHE_CONTROL, chooseDocumentFormat } from './respond.js';

export interface DumpFile {
  name: string;
  href: string;
  bytes: number;
  modified: string;
  sha256: string;
  /** Triples in the file, when build-report.json says. */
  triples?: number;
  mediaType: string;
}

/** Whole-graph data dumps (not VoID, reports or other side files): what void:dataDump points to. */
export function isDataDump(name: string): boolean {
  return dumpFormat(name) !== undefined && !SIDE_FILES.includes(name);
}

/**
 * Why a server lists no dumps: it fronts an external store without a build directory (serve --endpoint, no
 * --from).
 */
export const NO_BUILD_DIR =
  'this server fronts an external SPARQL store and was started ' +
  'without a build directory (--from OUTDIR), so it offers no dump ' +
  'files';

/**
 * The files the build in `outDir` wrote; none when the server has no build directory (outDir '') or it has no report.
 */
export async function listDumps(outDir: string): Promise<DumpFile[]> {
  if (!outDir) return [];
  const report = readBuildReport(outDir);
  const perFile = new Map(report?.dumps.map((d) => [d.name, d]) ?? []);
  const files = builtFiles(outDir, report);
  const listed = await Promise.all(
    files.map(async (name): Promise<DumpFile | undefined> => {
      const path = join(outDir, name);
      // Checked again here: a file replaced by a link after the report was read is left out.
      const info = await lstat(path).catch(() => undefined);
      if (!info?.isFile()) return undefined;
      const triples = isDataDump(name) && perFile.has(name) ? report?.triples : undefined;
      return {
        name,
        href: `/dumps/${encodeURIComponent(name)}`,
        bytes: info.size,
        modified: info.mtime.toISOString(),
        sha256: await fileSha256(path),
        ...(triples !== undefined ? { triples } : {}),
        mediaType: dumpMediaType(name),
      };
    }),
  );
  return listed.filter((f): f is DumpFile => f !== undefined);
}

export function dumpsRouter(ctx: AppContext): Router {
  const router = express.Router();
  const outDir = ctx.config.outDir;
  // Start hashing now so the first listing does not wait for it.
  listDumps(outDir).catch((err: unknown) => ctx.logger.warn({ err, outDir }, 'cannot list dump files'));

  router.get('/', async (req, res) => {
    const format = chooseDocumentFormat(req, res, [HTML, JSON_DOCUMENT]);
    if (!format) return;
    const files = await listDumps(outDir);
    const message = outDir ? undefined : NO_BUILD_DIR;
    res.set('Cache-Control', 'no-cache');
    if (format === JSON_DOCUMENT) {
      res.json({
        files: files.map((f) => ({ ...f, url: `${req.protocol}://${req.get('host')}${f.href}` })),
        ...(message ? { message } : {}),
      });
    } else {
      res.type('html').send(renderPage('dumps', { title: 'Dumps', files, message }));
    }
  });
  // Read-only: any other method on /dumps/ or a name under it is 405, whether or not the file exists.
  router.all(['/', '/:name'], (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.setHeader('Allow', 'GET, HEAD');
    sendError(
      res,
      405,
      `${req.method} is not allowed on ${req.originalUrl.slice(0, 200)}: the dumps are read-only (GET or HEAD)`,
    );
  });
  if (!outDir) return router;

  const serveFile = express.static(outDir, {
    index: false,
    dotfiles: 'deny',
    redirect: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', CACHE_CONTROL);
      // A .gz dump is the file itself, not a transfer encoding: the client gets exactly the bytes listed with their
      // sha256.
      res.setHeader('Content-Type', dumpMediaType(path));
    },
  });
  // One file of the build, by its exact name: the name must be one the build wrote and the file a regular file, not a
  // link (lstat does not follow one), so nothing outside what /dumps/ lists can be reached through this route.
  router.get('/:name', async (req, res, next) => {
    const name = req.params.name;
    if (!builtFiles(outDir).includes(name)) return next();
    const info = await lstat(join(outDir, name)).catch(() => undefined);
    if (!info?.isFile()) return next();
    req.url = `/${encodeURIComponent(name)}`;
    serveFile(req, res, next);
  });
  return router;
}
