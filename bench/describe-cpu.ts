// **describe-cpu bench** (not a test): the CPU of one cold entity description, in one thread and by part — the
// query worker's index lookups (describe-match.ts), the JSON hand-over, building the document (describe.ts) and writing
// Turtle (serialize.ts) — over the entities of a build in shuffled order, each once. It isolates what the cold
// dereference bench (bench/load-cold.ts) measures for the whole server process. Usage: see USAGE
// (`node dist/bench/describe-cpu.js --help`).

import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import oxigraph from 'oxigraph';
import pino from 'pino';
import { OUTPUT } from '../src/build/output.js';
import { TURTLE } from '../src/rdf/formats.js';
import { serializeQuads } from '../src/rdf/serialize.js';
import { makeConfig } from '../src/server/config.js';
import { dataPath, describeEntity } from '../src/server/describe.js';
import { entityIri, type EntityKind, type EntityRef } from '../src/iri.js';
import { describeWithMatch, type RawDescription } from '../src/store/describe-match.js';
import type { Store } from '../src/store/store.js';
import { DEFAULT_BASE, STD } from '../src/vocab.js';
import { Rng } from '../src/synth/random.js';
import { escapeRegExp } from '../src/util/regexp.js';
import { integerArg, parseBenchArgs, usageError } from './args.js';

/** What `--help` prints. */
const USAGE = `usage: node dist/bench/describe-cpu.js --from OUTDIR [options]

Loads a build's dump into oxigraph in this thread and describes its entities in a seeded shuffled order, each once
(after 300 others as a warm-up), timing each part per entity: the query worker's index lookups, the JSON hand-over,
building the document and writing Turtle. Prints the CPU and wall milliseconds per entity as JSON; writes nothing.

options:
  --from OUTDIR     a build's output directory (required)
  --limit N         entities measured (default 3000)
  --seed N          the shuffle's seed (default 1)
  -h, --help        print this and exit`;

const { values } = parseBenchArgs(USAGE, {
  from: { type: 'string' },
  limit: { type: 'string', default: '3000' },
  seed: { type: 'string', default: '1' },
});
if (!values.from) usageError(USAGE, '--from is required');
const seed = integerArg(USAGE, '--seed', values.seed, { min: 0 });
const limit = integerArg(USAGE, '--limit', values.limit);
const from = values.from;
const dump = join(from, OUTPUT.ntriples);

const typeLine = new RegExp(`^<${escapeRegExp(DEFAULT_BASE)}([a-z]+)/([^>#]+)> <${escapeRegExp(STD.type)}> `);
const refs: Array<{ kind: string; id: string }> = [];
const seen = new Set<string>();
for await (const line of createInterface({ input: createReadStream(dump).pipe(createGunzip()), crlfDelay: Infinity })) {
  const m = typeLine.exec(line);
  if (!m?.[1] || !m[2] || seen.has(m[1] + '/' + m[2])) continue;
  seen.add(m[1] + '/' + m[2]);
  refs.push({ kind: m[1], id: decodeURIComponent(m[2]) });
}
// the same seeded shuffle as bench/load-cold.ts (mulberry32)
new Rng(seed).shuffle(refs);
const measured = refs.slice(0, limit);
// Other entities first, so the measured ones are as cold as in a walk (oxigraph's code compiled, no name cached).
const warmUp = refs.slice(measured.length, measured.length + 300);
let order = warmUp;

const loadStarted = Date.now();
const store = new oxigraph.Store();
const { gunzipSync } = await import('node:zlib');
const { readFileSync } = await import('node:fs');
store.load(gunzipSync(readFileSync(dump)).toString('utf8'), { format: 'application/n-triples' });
console.error(
  `${store.size} triples loaded in ${Date.now() - loadStarted} ms; ${measured.length} of ${refs.length} entities`,
);

/** CPU (user + system, every thread of the process) and wall ms of `fn` over the entities, per entity. */
async function phase<T>(name: string, fn: (i: number) => T | Promise<T>): Promise<T[]> {
  const out: T[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < order.length; i++) out.push(await fn(i));
  const cpu = process.cpuUsage(cpu0);
  result[`${name} CPU ms`] = ((cpu.user + cpu.system) / 1000 / order.length).toFixed(3);
  result[`${name} wall ms`] = ((performance.now() - wall0) / order.length).toFixed(3);
  return out;
}

const result: Record<string, string | number> = { entities: measured.length };
const ctx = (raws: string[]) => {
  let i = 0;
  const store = { describe: async () => JSON.parse(raws[i++]!) as RawDescription } as unknown as Store;
  return { store, config: makeConfig({ outDir: from }), logger: pino({ level: 'silent' }) };
};
const config = makeConfig({ outDir: from });
const request = (i: number) => {
  const ref = order[i]!;
  return {
    iri: entityIri(config.base, ref.kind as EntityKind, ref.id),
    doc: config.base + dataPath(ref as EntityRef).slice(1),
    max: config.maxIncomingPerProperty,
    maxOwn: config.maxOwnLinksPerProperty,
  };
};
for (const pass of ['warm-up', 'measured']) {
  order = pass === 'warm-up' ? warmUp : measured;
  const raws = await phase('worker lookups', (i) => describeWithMatch(oxigraph, store, request(i)));
  const texts = await phase('JSON out', (i) => JSON.stringify(raws[i]));
  const c = ctx(texts);
  const descs = await phase('JSON in + document', (i) =>
    describeEntity(c, order[i] as EntityRef, 'http://127.0.0.1:1'),
  );
  const turtle = await phase('Turtle', (i) => serializeQuads(descs[i]!.quads, TURTLE, {}));
  result['quads/entity'] = Math.round(descs.reduce((n, d) => n + d!.quads.length, 0) / order.length);
  result['bytes/entity'] = Math.round(turtle.reduce((n, x) => n + x.length, 0) / order.length);
  if (pass === 'measured') console.log(JSON.stringify(result, null, 1));
}
