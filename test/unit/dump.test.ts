// Dump writers: N-Triples, Turtle and streamed JSON-LD give back exactly the triples written; sizes and hashes are
// right.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import jsonld from 'jsonld';
import { DataFactory, Parser, Store as N3Store } from 'n3';
import type { Quad } from '@rdfjs/types';
import { NTriplesDump } from '../../src/dump/ntriples.js';
import { TurtleDump } from '../../src/dump/turtle.js';
import { JsonLdDump, type JsonLdContext } from '../../src/dump/jsonld.js';
import { GraphStats } from '../../src/dump/stats.js';
import { voidQuads, voidTurtle } from '../../src/dump/void.js';
import { CONTEXT_FILE } from '../../src/paths.js';
import { CLASS, DATA, NS, OBJ, PREFIXES, STD, XSD } from '../../src/vocab.js';
import { tempDir } from '../helpers/temp-dirs.js';

const { namedNode, literal, quad, blankNode } = DataFactory;
const base = 'https://w3id.org/huggingkg/';
const m = (id: string) => namedNode(`${base}model/${id}`);

/**
 * A graph with every kind of term the writers must handle: IRIs, typed, plain, language-tagged literals, odd strings.
 */
function sampleQuads(): Quad[] {
  const a = m('meta-llama/Llama-3.1-8B-Instruct');
  const b = m('meta-llama/Llama-3.1-8B');
  return [
    quad(a, namedNode(STD.type), namedNode(CLASS.Model)),
    quad(a, namedNode(DATA.hubId), literal('meta-llama/Llama-3.1-8B-Instruct')),
    quad(a, namedNode(STD.name), literal('Llama-3.1-8B-Instruct')),
    quad(a, namedNode(DATA.downloads), literal('5795728', namedNode(XSD.integer))),
    quad(a, namedNode(STD.dateModified), literal('2024-09-25T17:00:57.000Z', namedNode(XSD.dateTime))),
    quad(a, namedNode(OBJ.fineTunedFrom), b),
    quad(a, namedNode(STD.keywords), literal('llama-3')),
    quad(a, namedNode(STD.keywords), literal('conversational')),
    quad(a, namedNode(STD.description), literal('Line 1\n"quoted" <b>tag</b> \\ backslash ünïcode 😀')),
    quad(a, namedNode(STD.inLanguage), literal('en')),
    quad(a, namedNode(STD.url), namedNode('https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct')),
    quad(a, namedNode('http://example.org/unmapped'), literal('x', 'en')),
    quad(a, namedNode('http://example.org/unmapped'), blankNode('b1')),
    quad(b, namedNode(STD.type), namedNode(CLASS.Model)),
    quad(b, namedNode(DATA.hubId), literal('meta-llama/Llama-3.1-8B')),
    quad(b, namedNode(STD.name), literal('meta-llama/Llama-3.1-8B')),
  ];
}

function canonical(quads: Iterable<Quad>): string[] {
  // Blank node labels are not preserved by round trips; compare them as a placeholder.
  const term = (t: Quad['object']) =>
    t.termType === 'BlankNode'
      ? '_:b'
      : t.termType === 'Literal'
        ? `"${t.value}"@${t.language}^^${t.datatype.value}`
        : `<${t.value}>`;
  return [...quads].map((q) => `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}`).sort();
}

const testContext: JsonLdContext = {
  hkg: NS.hkg,
  schema: NS.schema,
  xsd: NS.xsd,
  Model: 'hkg:Model',
  hubId: 'hkg:hubId',
  name: 'schema:name',
  downloads: { '@id': 'hkg:downloads', '@type': 'xsd:integer' },
  dateModified: { '@id': 'schema:dateModified', '@type': 'xsd:dateTime' },
  fineTunedFrom: { '@id': 'hkg:fineTunedFrom', '@type': '@id' },
  url: { '@id': 'schema:url', '@type': '@id' },
  keywords: 'schema:keywords',
};

describe('dump writers', () => {
  it('N-Triples dump parses back to the same triples, with the reported size and sha256', async () => {
    const dir = tempDir('hkg-dump-');
    const dump = new NTriplesDump(join(dir, 'g.nt.gz'));
    sampleQuads().forEach((q) => dump.add(q));
    const digest = await dump.close();
    const bytes = await readFile(join(dir, 'g.nt.gz'));
    assert.equal(digest.bytes, (await stat(join(dir, 'g.nt.gz'))).size);
    assert.equal(digest.sha256, createHash('sha256').update(bytes).digest('hex'));
    const parsed = new Parser({ format: 'N-Triples' }).parse(gunzipSync(bytes).toString('utf8'));
    assert.deepEqual(canonical(parsed), canonical(sampleQuads()));
  });

  it('Turtle dump uses prefixes and parses back to the same triples', async () => {
    const dir = tempDir('hkg-dump-');
    const dump = new TurtleDump(join(dir, 'g.ttl.gz'), PREFIXES);
    sampleQuads().forEach((q) => dump.add(q));
    await dump.close();
    const text = gunzipSync(await readFile(join(dir, 'g.ttl.gz'))).toString('utf8');
    assert.match(text, /@prefix hkg: <https:\/\/w3id\.org\/huggingkg\/ontology#>/);
    assert.match(text, /hkg:fineTunedFrom/);
    assert.deepEqual(canonical(new Parser().parse(text)), canonical(sampleQuads()));
  });

  for (const [label, getContext] of [
    ['a test context', async () => testContext],
    [
      'the project context (ontology/context.jsonld)',
      async () => JSON.parse(await readFile(CONTEXT_FILE, 'utf8'))['@context'] as JsonLdContext,
    ],
  ] as const) {
    it(`JSON-LD dump compacted with ${label} expands back to the same triples`, async function () {
      const dir = tempDir('hkg-dump-');
      const context = await getContext();
      const dump = new JsonLdDump(join(dir, 'g.jsonld.gz'), context);
      sampleQuads().forEach((q) => dump.add(q));
      await dump.close();
      const doc = JSON.parse(gunzipSync(await readFile(join(dir, 'g.jsonld.gz'))).toString('utf8'));
      assert.ok(Array.isArray(doc['@graph']));
      const nquads = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as unknown as string;
      const store = new N3Store(new Parser({ format: 'N-Quads' }).parse(nquads));
      assert.deepEqual(canonical(store.getQuads(null, null, null, null)), canonical(sampleQuads()));
      if (label === 'a test context') {
        const node = doc['@graph'].find((n: { '@id': string }) => n['@id'].endsWith('Instruct'));
        assert.equal(node['@type'], 'Model');
        // A count is a JSON number (the term's xsd:integer coercion brings the datatype back on expansion).
        assert.equal(node.downloads, 5795728);
        assert.equal(node.fineTunedFrom, `${base}model/meta-llama/Llama-3.1-8B`);
        assert.deepEqual(node.keywords, ['llama-3', 'conversational']);
      }
    });
  }

  it(
    'VoID counts triples, subjects, class and property partitions, ' + 'and lists each dump with size and checksum',
    async () => {
      const stats = new GraphStats();
      sampleQuads().forEach((q) => stats.add(q));
      assert.equal(stats.triples, 16);
      assert.equal(stats.distinctSubjects, 2);
      // A subject seen again later (a user's likes come after the users file) is not counted twice.
      stats.add(sampleQuads()[1]!);
      assert.equal(stats.distinctSubjects, 2);
      assert.equal(stats.triples, 17);
      const ttl = await voidTurtle(
        voidQuads(stats, {
          base,
          created: new Date('2026-01-01T00:00:00Z'),
          source: 'test',
          toolVersion: '0.0.0',
          dumps: [{ name: 'huggingkg.nt.gz', mediaType: 'application/n-triples', bytes: 123, sha256: 'ab'.repeat(32) }],
        }),
      );
      const store = new N3Store(new Parser().parse(ttl));
      const ds = namedNode(`${base}void#HuggingKG`);
      const one = (s: Quad['subject'], p: string) => store.getObjects(s, namedNode(p), null).map((o) => o.value);
      assert.deepEqual(one(ds, NS.void + 'triples'), ['17']);
      assert.deepEqual(one(ds, NS.void + 'entities'), ['2']);
      assert.deepEqual(one(ds, NS.void + 'dataDump'), [`${base}dumps/huggingkg.nt.gz`]);
      const modelPartition = store.getSubjects(namedNode(NS.void + 'class'), namedNode(CLASS.Model), null)[0];
      assert.ok(modelPartition, 'a class partition for hkg:Model');
      assert.deepEqual(one(modelPartition, NS.void + 'entities'), ['2']);
      const keywordPartition = store.getSubjects(namedNode(NS.void + 'property'), namedNode(STD.keywords), null)[0];
      assert.ok(keywordPartition, 'a property partition for schema:keywords');
      assert.deepEqual(one(keywordPartition, NS.void + 'triples'), ['2']);
      const dist = store.getObjects(ds, namedNode(NS.dcat + 'distribution'), null)[0] as Quad['subject'];
      assert.deepEqual(one(dist, NS.dcat + 'byteSize'), ['123']);
    },
  );
});
