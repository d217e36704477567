// **capacity** is the embedded store's size limit, measured on this project's graphs (bench/scale.ts): oxigraph's
// WebAssembly build cannot grow past 4 GiB of linear memory, so a graph above the limit is refused before loading,
// with a message that names the external-store mode, instead of an out-of-memory crash half-way through a load.
// This is the one limit: openStore checks it from the build report before loading, and the embedded store's streaming
// load (src/store/embedded.ts) keeps it as a guard for dumps that come without a report.

import { existsSync, statSync } from 'node:fs';
import { readBuildReport } from '../build/output.js';

/** Largest graph (triples) the embedded oxigraph store is allowed to load. Measured: loaded in 50,000-line batches, one
 *  store held the 11,387,433-triple F = 0.3 graph in 3.6 GB (~330 B per triple; bench/results/capacity-2026-11-26.md),
 *  but the server loads each file in one load() call (blank nodes are scoped per call), and that ran out of the 4 GiB
 *  at ~10.9M triples of the same graph (bench/results/scale-F0.3-2026-11-26-F0.3.md). 10M leaves ~8% for that and for
 *  queries' working memory. */
export const EMBEDDED_MAX_TRIPLES = 10_000_000;
/**
 * gzip'd N-Triples bytes per triple in this project's dumps (measured at F = 0.01: 18.2), to estimate a count from a
 * file size.
 */
export const GZ_BYTES_PER_TRIPLE = 18;
/** Uncompressed N-Triples bytes per triple (measured at F = 0.01: 180; card text makes it larger than typical RDF). */
export const NT_BYTES_PER_TRIPLE = 180;

/**
 * The one refusal of a graph too big for the embedded store, naming the way out. `qualifier` says how the count is
 * known: exactly (build-report.json), `about` (estimated from a dump's size), or `more than` (a load stopped there).
 */
export function tooLargeMessage(triples: number, limit: number, qualifier: '' | 'about' | 'more than' = ''): string {
  return (
    `the graph has ${qualifier ? qualifier + ' ' : ''}${triples.toLocaleString('en-US')} triples, ` +
    `more than the embedded store holds (${limit.toLocaleString('en-US')}; ` +
    `oxigraph's WebAssembly build is capped at 4 GiB). Use the external-store mode: ` +
    `scripts/virtuoso/start.sh --dump-dir OUTDIR, then \`huggingkg load --store virtuoso --from OUTDIR\` and ` +
    `\`huggingkg serve --endpoint http://127.0.0.1:8901/sparql\`. ` +
    `(HUGGINGKG_EMBEDDED_MAX_TRIPLES overrides the limit.)`
  );
}

export class EmbeddedCapacityError extends Error {
  constructor(
    readonly triples: number,
    readonly limit: number,
    estimated: boolean,
  ) {
    super(tooLargeMessage(triples, limit, estimated ? 'about' : ''));
    this.name = 'EmbeddedCapacityError';
  }
}

/**
 * Throws EmbeddedCapacityError when a graph is too big for the embedded store. Pass the triple count when known
 * (build-report.json, VoID), else the dump's size: `{ gzBytes }` for huggingkg.nt.gz, `{ ntBytes }` for plain
 * N-Triples.
 * `limit` is the one in force (the CLI passes HUGGINGKG_EMBEDDED_MAX_TRIPLES when set).
 */
export function checkEmbeddedCapacity(
  triplesOrBytes: number | { triples?: number; gzBytes?: number; ntBytes?: number },
  limit = EMBEDDED_MAX_TRIPLES,
): void {
  if (typeof triplesOrBytes === 'number') {
    if (triplesOrBytes > limit) throw new EmbeddedCapacityError(triplesOrBytes, limit, false);
    return;
  }
  const { triples, gzBytes, ntBytes } = triplesOrBytes;
  if (triples !== undefined) {
    checkEmbeddedCapacity(triples, limit);
    return;
  }
  const estimate =
    gzBytes !== undefined ? gzBytes / GZ_BYTES_PER_TRIPLE : ntBytes !== undefined ? ntBytes / NT_BYTES_PER_TRIPLE : 0;
  if (estimate > limit) throw new EmbeddedCapacityError(Math.round(estimate), limit, true);
}

/**
 * Refuses a build too big for the embedded store before anything is loaded: the count from build-report.json
 * (readBuildReport) when the build wrote one, else an estimate from the size of `dumpFile` (gzip'd N-Triples, or plain
 * N-Triples).
 */
export function checkBuildFitsEmbedded(outDir: string, dumpFile: string, limit = EMBEDDED_MAX_TRIPLES): void {
  const triples = readBuildReport(outDir)?.triples;
  if (triples !== undefined) {
    checkEmbeddedCapacity(triples, limit);
    return;
  }
  if (!existsSync(dumpFile)) return;
  const bytes = statSync(dumpFile).size;
  checkEmbeddedCapacity(dumpFile.endsWith('.gz') ? { gzBytes: bytes } : { ntBytes: bytes }, limit);
}
