// **dumps** lists the build output directory (size, sha256, triples from build-report.json) as HTML or JSON and streams
// its files with Range support through express.static, which never serves a path outside that directory.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type Router } from 'express';
import Negotiator from 'negotiator';
import type { AppContext } from './context.js';
import { renderPage } from './render.js';
import { CACHE_CONTROL } from './respond.js';

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
export const DATA_DUMP = /\.(nt|nq|ttl|jsonld)(\.gz)?$/;
const SIDE_FILES = new Set(['void.ttl', 'validation-report.ttl']);

export function isDataDump(name: string): boolean {
  return DATA_DUMP.test(name) && !SIDE_FILES.has(name);
}

function mediaTypeOf(name: string): string {
  if (name.endsWith('.gz')) return 'application/gzip';
  if (name.endsWith('.ttl')) return 'text/turtle';
  if (name.endsWith('.nt')) return 'application/n-triples';
  if (name.endsWith('.nq')) return 'application/n-quads';
  if (name.endsWith('.jsonld')) return 'application/ld+json';
  if (name.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}

// sha256 of a large dump takes seconds, so it is computed once per (name, size, mtime).
const checksums = new Map<string, Promise<string>>();

function sha256Of(path: string, key: string): Promise<string> {
  let sum = checksums.get(key);
  if (!sum) {
    sum = new Promise((resolve, reject) => {
      const hash = createHash('sha256');
      createReadStream(path)
        .on('data', (chunk) => hash.update(chunk))
        .on('error', reject)
        .on('end', () => resolve(hash.digest('hex')));
    });
    checksums.set(key, sum);
  }
  return sum;
}

/** Triples per dump file as the build reported them; the report's shape is read leniently (it may lack the numbers). */
function reportedTriples(outDir: string): { total?: number; perFile: Map<string, number> } {
  const perFile = new Map<string, number>();
  const path = join(outDir, 'build-report.json');
  if (!existsSync(path)) return { perFile };
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const total = typeof report.triples === 'number' ? report.triples : undefined;
    const dumps = report.dumps;
    if (Array.isArray(dumps)) {
      for (const d of dumps as Array<Record<string, unknown>>) {
        const file = typeof d.file === 'string' ? d.file : typeof d.name === 'string' ? d.name : undefined;
        if (file && typeof d.triples === 'number') perFile.set(file.replace(/^.*\//, ''), d.triples);
      }
    } else if (dumps && typeof dumps === 'object') {
      for (const [file, d] of Object.entries(dumps as Record<string, unknown>)) {
        const n = typeof d === 'number' ? d : (d as Record<string, unknown>)?.triples;
        if (typeof n === 'number') perFile.set(file.replace(/^.*\//, ''), n);
      }
    }
    return { total, perFile };
  } catch {
    return { perFile };
  }
}

/** Why a server lists no dumps: it fronts an external store without a build directory (serve --sparql-endpoint, no --from). */
export const NO_BUILD_DIR =
  'this server fronts an external SPARQL store and was started without a build directory (--from OUTDIR), so it offers no dump files';

/** The files of the build directory; none when the server has no build directory (outDir ''). */
export async function listDumps(outDir: string): Promise<DumpFile[]> {
  if (!outDir) return [];
  const entries = await readdir(outDir, { withFileTypes: true });
  const report = reportedTriples(outDir);
  const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
  return Promise.all(
    files.map(async (name) => {
      const path = join(outDir, name);
      const info = await stat(path);
      const triples = report.perFile.get(name) ?? (isDataDump(name) ? report.total : undefined);
      return {
        name,
        href: `/dumps/${encodeURIComponent(name)}`,
        bytes: info.size,
        modified: info.mtime.toISOString(),
        sha256: await sha256Of(path, `${path}|${info.size}|${info.mtimeMs}`),
        ...(triples !== undefined ? { triples } : {}),
        mediaType: mediaTypeOf(name),
      };
    }),
  );
}

export function dumpsRouter(ctx: AppContext): Router {
  const router = express.Router();
  const outDir = ctx.config.outDir;
  // Start hashing now so the first listing does not wait for it.
  listDumps(outDir).catch((err: unknown) => ctx.logger.warn({ err, outDir }, 'cannot list dump files'));

  router.get('/', async (req, res) => {
    const files = await listDumps(outDir);
    const message = outDir ? undefined : NO_BUILD_DIR;
    const wanted =
      req.query.format === 'json'
        ? 'application/json'
        : new Negotiator({ headers: { accept: req.get('accept') || '*/*' } }).mediaType(['text/html', 'application/json']);
    res.vary('Accept');
    res.set('Cache-Control', 'no-cache');
    if (wanted === 'application/json') {
      res.json({ files: files.map((f) => ({ ...f, url: `${req.protocol}://${req.get('host')}${f.href}` })), ...(message ? { message } : {}) });
    } else if (message) {
      res.type('html').send(renderPage('error', { title: 'Dumps', status: '', message: `No dumps: ${message}.` }));
    } else {
      res.type('html').send(renderPage('dumps', { title: 'Dumps', files }));
    }
  });
  if (!outDir) return router;

  router.use(
    express.static(outDir, {
      index: false,
      dotfiles: 'deny',
      redirect: false,
      fallthrough: true,
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', CACHE_CONTROL);
        // A .gz dump is the file itself, not a transfer encoding: the client gets exactly the bytes listed with their sha256.
        res.setHeader('Content-Type', mediaTypeOf(path));
      },
    }),
  );
  return router;
}
