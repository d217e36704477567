// JSON-LD as a client consumes it, with the jsonld library: /data of an entity and the dump, expanded and turned into
// RDF, give the entity's triples of its Turtle document; both share one shape (context terms, `id`/`type`, counts as
// JSON numbers, the entity's Derivations nested in it), and the context they name is served at /context.jsonld.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { JsonLdDump } from '../../src/dump/jsonld.js';
import { projectContext } from '../../src/rdf/jsonld.js';
import type { RunningServer } from '../../src/server/app.js';
import { FIXTURE_GRAPH, loopbackLoader, parseRdf, raw, startTestServer } from '../helpers/server.js';
import { must } from '../helpers/must.js';
import { tempDir } from '../helpers/temp-dirs.js';

const B = 'https://w3id.org/huggingkg/';
const CHAT_FT = `${B}model/alice/chat-ft`;

type Node = Record<string, unknown>;

/** The triples about `iri` and the nodes it owns (`iri#...`), as sorted N-Triples lines. */
function about(quads: Quad[], iri: string): string[] {
  const term = (t: Quad['object']) =>
    t.termType === 'Literal'
      ? `${JSON.stringify(t.value)}${t.language ? '@' + t.language : '^^' + t.datatype.value}`
      : `<${t.value}>`;
  const lines = quads
    .filter((q) => q.subject.value === iri || q.subject.value.startsWith(iri + '#'))
    .map((q) => `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}`);
  return [...new Set(lines)].sort();
}

/** A JSON-LD document read as a client reads it: expanded by jsonld, then to RDF (the context fetched over HTTP). */
async function consume(doc: object): Promise<Quad[]> {
  const expanded = await jsonld.expand(doc as jsonld.JsonLdDocument, { documentLoader: loopbackLoader as never });
  const nquads = (await jsonld.toRDF(expanded, { format: 'application/n-quads' })) as unknown as string;
  return new Parser({ format: 'N-Quads' }).parse(nquads);
}

/** Every key of every node object, nested ones included. */
function keys(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keys(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      if (k !== '@context') keys(v, into);
    }
  }
  return into;
}

describe('JSON-LD consumed with the jsonld library', () => {
  let server: RunningServer;
  let url: string;
  before(async () => {
    server = await startTestServer();
    url = server.url;
  });
  after(async () => server?.close());

  it('/context.jsonld: the project context, as JSON-LD, cacheable for a day with an ETag', async () => {
    const r = await raw(url, '/context.jsonld');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/ld\+json/);
    assert.match(String(r.headers['cache-control']), /max-age=86400/);
    const etag = String(must(r.headers.etag, 'ETag'));
    assert.deepEqual(JSON.parse(r.text)['@context'], projectContext());
    const again = await raw(url, '/context.jsonld', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    // Listed in VoID and on the landing page.
    const voidDoc = await parseRdf((await raw(url, '/void?format=nt')).text, 'application/n-triples');
    assert.ok(
      voidDoc.some((q) => q.predicate.value.endsWith('#seeAlso') && q.object.value === `${url}/context.jsonld`),
    );
    assert.match((await raw(url, '/', { headers: { accept: 'text/html' } })).text, /href="\/context\.jsonld"/);
  });

  it('/data: names the served context, the entity first with its Derivation nested, counts as numbers', async () => {
    const r = await raw(url, '/data/model/alice/chat-ft', { headers: { accept: 'application/ld+json' } });
    assert.equal(r.status, 200);
    const doc = JSON.parse(r.text) as { '@context': unknown; '@graph': Node[] };
    assert.equal(doc['@context'], `${url}/context.jsonld`);
    const entity = must(doc['@graph'][0], 'first node');
    assert.equal(entity.id, CHAT_FT);
    assert.equal(entity.type, 'Model');
    assert.equal(entity.downloads, 2000);
    assert.equal(entity.likeCount, 5);
    const derivation = entity.qualifiedDerivation as Node;
    assert.equal(derivation.type, 'Derivation');
    assert.equal(derivation.baseModel, `${B}model/org-a/base-llm`);
    assert.ok(
      !doc['@graph'].some((n) => String(n.id).startsWith(CHAT_FT + '#')),
      'the Derivation node is not repeated at the top level',
    );
    assert.ok(!keys(doc['@graph']).has('@id'), 'nodes are keyed id, as the context aliases it');
  });

  it('/data: expanded and turned into RDF, gives the triples of the Turtle document of the same entity', async () => {
    const json = await raw(url, '/data/model/alice/chat-ft?format=jsonld');
    const turtle = await raw(url, '/data/model/alice/chat-ft?format=ttl');
    const fromJson = await consume(JSON.parse(json.text));
    const fromTurtle = await parseRdf(turtle.text, 'text/turtle');
    assert.ok(about(fromTurtle, CHAT_FT).length > 10);
    assert.deepEqual(about(fromJson, CHAT_FT), about(fromTurtle, CHAT_FT));
    // The whole document too, incoming links and document metadata included.
    const all = (qs: Quad[]) => [
      ...new Set(qs.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`)),
    ];
    assert.deepEqual(all(fromJson).sort(), all(fromTurtle).sort());
  });

  it('the dump, written in chunks, holds every triple and the entity in the shape /data gives it', async () => {
    const text = await readFile(join(FIXTURE_GRAPH, 'huggingkg.nt'), 'utf8');
    const quads = new Parser({ format: 'N-Triples' }).parse(text);
    const dir = tempDir('hkg-jsonld-');
    // Chunks of 40 quads: the fixture's 216 triples take several, as a big dump does.
    const dump = new JsonLdDump(join(dir, 'g.jsonld.gz'), projectContext(), 40);
    for (const q of quads) dump.add(q);
    await dump.close();
    const doc = JSON.parse(gunzipSync(await readFile(join(dir, 'g.jsonld.gz'))).toString('utf8'));
    assert.deepEqual(doc['@context'], projectContext(), 'the dump stands alone: its context is inlined');
    const fromDump = await consume(doc);
    const line = (q: Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`;
    assert.deepEqual([...new Set(fromDump.map(line))].sort(), [...new Set(quads.map(line))].sort());

    const turtle = await raw(url, '/data/model/alice/chat-ft?format=ttl');
    assert.deepEqual(about(fromDump, CHAT_FT), about(await parseRdf(turtle.text, 'text/turtle'), CHAT_FT));
    // One shape: the dump's first node object for the entity is keyed, typed and nested as /data's.
    const node = must(
      (doc['@graph'] as Node[]).find((n) => n.id === CHAT_FT),
      'the entity in the dump',
    );
    assert.equal(node.type, 'Model');
    assert.equal(node.downloads, 2000);
    assert.equal((node.qualifiedDerivation as Node).type, 'Derivation');
    assert.ok(!keys(doc['@graph']).has('@id'));
  });
});
