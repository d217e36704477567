// Entity descriptions (src/server/describe.ts) as /data serves them from a real server on loopback, over the embedded
// store (index lookups in the query worker, src/store/describe-match.ts) and over Virtuoso (one SPARQL query, a second
// for a popular entity): bounded incoming links with counts, a first page plus the query for the rest, names of what
// is linked, and the same description from both stores. The graph is the test fixture plus a popular model: 450 users
// like it and 2 models are fine-tuned from it, more incoming links than the first SPARQL page holds; and a user who
// follows those 450 users, more own links than the document lists (a first page, the count and the query for all).
// The embedded store also reads the link counts a build writes for popular entities (src/stats/link-counts.ts).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import N3 from 'n3';
import type { RunningServer } from '../../src/server/app.js';
import { firstLinksLimit } from '../../src/server/describe.js';
import { LinkCounter } from '../../src/stats/link-counts.js';
import { MATCH_GATE } from '../../src/store/describe-match.js';
import { DEFAULT_BASE, NS, OBJ, STD } from '../../src/vocab.js';
import { FIXTURE_GRAPH, objects, parseRdf, raw, startTestServer, TEST_MAX_INCOMING } from '../helpers/server.js';
import { requireVirtuoso, startVirtuoso, type RunningVirtuoso } from '../helpers/virtuoso.js';

const B = DEFAULT_BASE;
const HUB = `${B}model/pop/hub`;
/** More than MATCH_GATE, so the embedded store counts them in oxigraph and reads a first page (its popular path). */
const LIKERS = 450;
const FINE_TUNES = 2;
const TYPE = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>';
const SUPERFAN = `${B}user/superfan`;
/** The test servers' limit on own links per property (the fixture's entities have at most 2 per property). */
const MAX_OWN = 5;

/** The fixture's N-Triples plus the popular model, its likers and its fine-tunes (each with a type and a name). */
function graphWithHub(): string {
  const lines = [readFileSync(join(FIXTURE_GRAPH, 'huggingkg.nt'), 'utf8').trimEnd()];
  const entity = (iri: string, cls: string, name: string) =>
    lines.push(`<${iri}> ${TYPE} <${NS.hkg}${cls}> .`, `<${iri}> <${STD.name}> "${name}" .`);
  entity(HUB, 'Model', 'hub');
  lines.push(`<${HUB}> <${OBJ.trainedOn}> <${B}dataset/org-a/web-corpus> .`);
  for (let i = 0; i < LIKERS; i++) {
    entity(`${B}user/fan${i}`, 'User', `Fan ${i}`);
    lines.push(`<${B}user/fan${i}> <${OBJ.likes}> <${HUB}> .`);
  }
  entity(SUPERFAN, 'User', 'Superfan');
  lines.push(`<${SUPERFAN}> <${OBJ.likes}> <${B}dataset/org-a/web-corpus> .`);
  for (let i = 0; i < LIKERS; i++) lines.push(`<${SUPERFAN}> <${OBJ.follows}> <${B}user/fan${i}> .`);
  for (let i = 0; i < FINE_TUNES; i++) {
    entity(`${B}model/pop/ft${i}`, 'Model', `ft${i}`);
    lines.push(`<${B}model/pop/ft${i}> <${OBJ.fineTunedFrom}> <${HUB}> .`);
  }
  return lines.join('\n') + '\n';
}

interface Normalised {
  own: string[];
  /** Per incoming property: its count, how many are listed, and (when all are) which. */
  incoming: Record<string, { count: number; listed: number; subjects?: string[] }>;
  /** Per own property cut to a first page: its count and how many are listed (which ones depends on the store). */
  outgoing: Record<string, { count: number; listed: number }>;
  /** Linked or linking entities listed without a name. */
  unnamed: string[];
}

const key = (q: Quad) => {
  // each store writes a double in its own canonical form (oxigraph "1", Virtuoso "1.0"): compare the value
  const o = q.object;
  const text = o.termType === 'Literal' && o.datatype.value === NS.xsd + 'double' ? String(Number(o.value)) : o.value;
  const object = o.termType === 'Literal' ? JSON.stringify(text) : o.value;
  return `${q.subject.value} ${q.predicate.value} ${object}`;
};

/** What a description says, without what depends on the server (its origin) or on the store's index order. */
function normalise(quads: Quad[], iri: string, doc: string): Normalised {
  const derivations = new Set(
    quads
      .filter((q) => q.subject.value === iri && q.predicate.value === STD.qualifiedDerivation)
      .map((q) => q.object.value),
  );
  const outgoing: Normalised['outgoing'] = {};
  for (const part of objects(quads, doc, NS.rdfs + 'seeAlso').filter((o) => o.startsWith(`${doc}#outgoing-`))) {
    const property = objects(quads, part, NS.void + 'property')[0]!;
    const count = Number(objects(quads, part, NS.void + 'triples')[0]);
    outgoing[property] = {
      count,
      listed: quads.filter((q) => q.subject.value === iri && q.predicate.value === property).length,
    };
  }
  const own = quads
    .filter((q) => (q.subject.value === iri && !outgoing[q.predicate.value]) || derivations.has(q.subject.value))
    .map(key)
    .sort();
  const incoming: Normalised['incoming'] = {};
  const named = new Set(quads.filter((q) => q.predicate.value === STD.name).map((q) => q.subject.value));
  const unnamed = new Set<string>();
  for (const part of objects(quads, doc, NS.rdfs + 'seeAlso').filter((o) => o.startsWith(`${doc}#incoming-`))) {
    const property = objects(quads, part, NS.void + 'property')[0]!;
    const count = Number(objects(quads, part, NS.void + 'triples')[0]);
    const subjects = quads
      .filter((q) => q.predicate.value === property && q.object.value === iri)
      .map((q) => q.subject.value)
      .sort();
    incoming[property] = { count, listed: subjects.length, ...(subjects.length === count ? { subjects } : {}) };
    for (const s of subjects) if (!named.has(s)) unnamed.add(s);
  }
  for (const q of quads) {
    if (
      q.subject.value === iri &&
      q.predicate.value !== STD.type &&
      q.object.termType === 'NamedNode' &&
      q.object.value.startsWith(B) &&
      !named.has(q.object.value)
    ) {
      // Only entities the graph names count: a derivation node or an entity outside the graph has no name to show.
      if (!derivations.has(q.object.value) && !q.object.value.includes('#')) unnamed.add(q.object.value);
    }
  }
  return { own, incoming, outgoing, unnamed: [...unnamed].sort() };
}

async function description(server: RunningServer, path: string): Promise<{ quads: Quad[]; normalised: Normalised }> {
  const res = await raw(server.url, `/data/${path}?format=nt`);
  assert.equal(res.status, 200, `/data/${path}: ${res.text.slice(0, 200)}`);
  const quads = await parseRdf(res.text, 'application/n-triples');
  return { quads, normalised: normalise(quads, `${B}${path}`, `${B}data/${path}`) };
}

const PATHS = [
  'model/pop/hub',
  'user/superfan',
  'model/org-a/base-llm',
  'model/alice/chat-ft',
  'user/fan3',
  'dataset/org-a/web-corpus',
  'model/gpt2',
];

describe('entity descriptions over the embedded store and over Virtuoso @virtuoso', function () {
  this.timeout(120_000);
  let dir: string;
  let virtuoso: RunningVirtuoso | undefined;
  let doctoredDir: string | undefined;
  const servers: Record<'embedded' | 'virtuoso' | 'doctored', RunningServer | undefined> = {
    embedded: undefined,
    virtuoso: undefined,
    doctored: undefined,
  };
  /** A graph whose stored link counts are DOCTORED more than the links (see withLinkCounts), in its own graph. */
  const DOCTORED_GRAPH = 'urn:huggingkg:test:doctored-counts';

  before(async function () {
    requireVirtuoso();
    dir = mkdtempSync(join(tmpdir(), 'hkg-describe-'));
    writeFileSync(join(dir, 'huggingkg.nt.gz'), gzipSync(graphWithHub()));
    doctoredDir = mkdtempSync(join(tmpdir(), 'hkg-describe-doctored-'));
    writeFileSync(join(doctoredDir, 'huggingkg.nt.gz'), gzipSync(await withLinkCounts(graphWithHub(), DOCTORED)));
    servers.embedded = await startTestServer({ outDir: dir, maxOwnLinksPerProperty: MAX_OWN });
    virtuoso = await startVirtuoso([dir, doctoredDir]);
    await virtuoso.load(dir, DEFAULT_BASE);
    await virtuoso.load(doctoredDir, DOCTORED_GRAPH);
    servers.virtuoso = await startTestServer({
      outDir: dir,
      sparqlEndpoint: virtuoso.endpoint,
      sparqlGraph: DEFAULT_BASE,
      maxOwnLinksPerProperty: MAX_OWN,
    });
    servers.doctored = await startTestServer({
      outDir: doctoredDir,
      sparqlEndpoint: virtuoso.endpoint,
      sparqlGraph: DOCTORED_GRAPH,
      maxOwnLinksPerProperty: MAX_OWN,
    });
  });
  after(async () => {
    await servers.embedded?.close();
    await servers.virtuoso?.close();
    await servers.doctored?.close();
    await virtuoso?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (doctoredDir) rmSync(doctoredDir, { recursive: true, force: true });
  });

  it('virtuoso: a popular entity reads the incoming counts the build stored', async () => {
    const hub = await description(servers.doctored!, 'model/pop/hub');
    assert.deepEqual(
      Object.fromEntries(Object.entries(hub.normalised.incoming).map(([p, g]) => [p, [g.count, g.listed]])),
      {
        [OBJ.likes]: [LIKERS + DOCTORED, TEST_MAX_INCOMING],
        [OBJ.fineTunedFrom]: [FINE_TUNES + DOCTORED, FINE_TUNES],
      },
    );
  });

  it(
    'the popular model has more incoming links than the first SPARQL ' +
      'page (so the second query runs over Virtuoso)',
    () => {
      assert.ok(LIKERS + FINE_TUNES > firstLinksLimit(TEST_MAX_INCOMING));
      assert.ok(LIKERS > MATCH_GATE, 'the embedded store takes its path for popular entities, both directions');
    },
  );

  for (const store of ['embedded', 'virtuoso'] as const) {
    it(
      `${store}: a popular entity lists a first page of each property, ` + `with counts, names and the query for all`,
      async () => {
        const server = servers[store]!;
        const doc = `${B}data/model/pop/hub`;
        const { quads, normalised } = await description(server, 'model/pop/hub');
        assert.deepEqual(
          Object.fromEntries(Object.entries(normalised.incoming).map(([p, g]) => [p, [g.count, g.listed]])),
          { [OBJ.likes]: [LIKERS, TEST_MAX_INCOMING], [OBJ.fineTunedFrom]: [FINE_TUNES, FINE_TUNES] },
        );
        assert.deepEqual(normalised.incoming[OBJ.fineTunedFrom]!.subjects, [`${B}model/pop/ft0`, `${B}model/pop/ft1`]);
        assert.deepEqual(normalised.unnamed, [], 'every listed or linked entity has its schema:name in the document');
        const likes = `${doc}#incoming-likes`;
        assert.match(
          objects(quads, likes, STD.comment)[0]!,
          new RegExp(`^${LIKERS} link\\(s\\) to this entity with <${OBJ.likes}>, ${TEST_MAX_INCOMING} listed`),
        );
        const seeAlso = objects(quads, likes, NS.rdfs + 'seeAlso')[0]!;
        assert.ok(seeAlso.startsWith(`${server.url}/sparql?query=`), seeAlso);
        // The published query lists all of them, on this server's endpoint.
        const all = await raw(server.url, new URL(seeAlso).pathname + new URL(seeAlso).search, {
          headers: { accept: 'application/sparql-results+json' },
        });
        assert.equal(JSON.parse(all.text).results.bindings.length, LIKERS);
        assert.ok(
          quads.some((q) => q.subject.value === HUB && q.predicate.value === OBJ.trainedOn),
          'own triples',
        );
        assert.deepEqual(
          objects(quads, `${B}dataset/org-a/web-corpus`, STD.name),
          ['web-corpus'],
          'the name of a linked entity',
        );
      },
    );
  }

  for (const store of ['embedded', 'virtuoso'] as const) {
    it(
      `${store}: a user following many lists a first page of its own ` +
        `links, with the count, names and the query for all`,
      async () => {
        const server = servers[store]!;
        const doc = `${B}data/user/superfan`;
        const { quads, normalised } = await description(server, 'user/superfan');
        assert.deepEqual(normalised.outgoing, { [OBJ.follows]: { count: LIKERS, listed: MAX_OWN } });
        assert.ok(
          quads.some((q) => q.subject.value === SUPERFAN && q.predicate.value === OBJ.likes),
          'a short property in full',
        );
        assert.deepEqual(normalised.unnamed, [], 'every listed entity has its name, and only the listed ones');
        const named = quads.filter((q) => q.predicate.value === STD.name && q.subject.value.startsWith(`${B}user/fan`));
        assert.equal(named.length, MAX_OWN, 'names of the listed users only');
        const follows = `${doc}#outgoing-follows`;
        assert.match(
          objects(quads, follows, STD.comment)[0]!,
          new RegExp(`^${LIKERS} link\\(s\\) from this entity with <${OBJ.follows}>, ${MAX_OWN} listed`),
        );
        const seeAlso = objects(quads, follows, NS.rdfs + 'seeAlso')[0]!;
        assert.ok(seeAlso.startsWith(`${server.url}/sparql?query=`), seeAlso);
        const all = await raw(server.url, new URL(seeAlso).pathname + new URL(seeAlso).search, {
          headers: { accept: 'application/sparql-results+json' },
        });
        assert.equal(JSON.parse(all.text).results.bindings.length, LIKERS);
        // The HTML page says it too.
        const page = await raw(server.url, '/page/user/superfan');
        assert.equal(page.status, 200);
        assert.match(
          page.text,
          new RegExp(`Showing ${MAX_OWN} of ${LIKERS}\\. <a href="/sparql\\?query[^"]+">All of them`),
        );
      },
    );
  }

  for (const path of PATHS) {
    it(`${path}: the same description from both stores`, async () => {
      const fromEmbedded = await description(servers.embedded!, path);
      const fromVirtuoso = await description(servers.virtuoso!, path);
      assert.deepEqual(fromVirtuoso.normalised, fromEmbedded.normalised);
      assert.ok(fromEmbedded.normalised.own.length > 0);
    });
  }
});

/** Added to every stored count of a `doctored` graph: a description that shows it read the count. */
const DOCTORED = 1000;

/** The graph with the link counts a build would write for it, each count plus `extra` (to show which count is read). */
async function withLinkCounts(graph: string, extra: number): Promise<string> {
  const counter = new LinkCounter(B);
  for (const q of await parseRdf(graph, 'application/n-triples')) counter.add(q);
  const writer = new N3.Writer({ format: 'N-Triples' });
  const { literal, namedNode } = N3.DataFactory;
  const lines = [...counter.quads()].map((q) => {
    const object =
      q.predicate.value === NS.void + 'triples' && q.object.termType === 'Literal'
        ? literal(String(Number(q.object.value) + extra), namedNode(q.object.datatype.value))
        : q.object;
    return writer.quadToString(q.subject, q.predicate, object).trimEnd();
  });
  return graph + lines.join('\n') + '\n';
}

describe('entity descriptions from the link counts a build stores (embedded store)', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  const servers: Record<'counted' | 'stored' | 'doctored', RunningServer | undefined> = {
    counted: undefined,
    stored: undefined,
    doctored: undefined,
  };

  before(async () => {
    const graph = graphWithHub();
    const graphs = {
      counted: graph,
      stored: await withLinkCounts(graph, 0),
      doctored: await withLinkCounts(graph, DOCTORED),
    };
    for (const name of ['counted', 'stored', 'doctored'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'hkg-describe-counts-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'huggingkg.nt.gz'), gzipSync(graphs[name]));
      servers[name] = await startTestServer({ outDir: dir, maxOwnLinksPerProperty: MAX_OWN });
    }
  });
  after(async () => {
    for (const server of Object.values(servers)) await server?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('counts are written for the popular entities only, in both directions', async () => {
    const stored = await withLinkCounts(graphWithHub(), 0);
    assert.match(stored, new RegExp(`<${B}data/model/pop/hub#incoming-likes> <${NS.void}triples> "${LIKERS}"`));
    assert.match(stored, new RegExp(`<${B}data/user/superfan#outgoing-follows> <${NS.void}triples> "${LIKERS}"`));
    assert.doesNotMatch(stored, new RegExp(`<${B}data/user/fan3[#>]`), 'a user with two links has none');
  });

  for (const path of ['model/pop/hub', 'user/superfan', 'user/fan3']) {
    it(`${path}: the same description from stored counts as from counting at request time`, async () => {
      const counted = await description(servers.counted!, path);
      const stored = await description(servers.stored!, path);
      assert.deepEqual(stored.normalised, counted.normalised);
    });
  }

  it('a popular entity reads its counts instead of counting its links', async () => {
    const hub = await description(servers.doctored!, 'model/pop/hub');
    assert.deepEqual(hub.normalised.incoming[OBJ.likes], { count: LIKERS + DOCTORED, listed: TEST_MAX_INCOMING });
    const fan = await description(servers.doctored!, 'user/superfan');
    // (every doctored count is past MAX_OWN, so every own property with IRI objects is cut to a first page)
    assert.deepEqual(fan.normalised.outgoing[OBJ.follows], { count: LIKERS + DOCTORED, listed: MAX_OWN });
  });
});
