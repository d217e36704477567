// The site search index (src/server/search-index.ts): words match whatever separates them and in any case, the last
// word as a prefix, letter/digit runs apart; ranking puts the exact name first, then popularity; the kind filter, the
// substring fallback and the dump reader (N-Triples escapes) work.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import type { EntityKind } from '../../src/iri.js';
import { SearchIndex, searchIndexFromDump, tokens, unescapeLiteral } from '../../src/server/search-index.js';
import { DATA, DEFAULT_BASE, STD } from '../../src/vocab.js';
import { tempDir } from '../helpers/temp-dirs.js';

const ENTITIES: Array<[EntityKind, string, number]> = [
  ['model', 'acme/Llama-3.1-8B', 100],
  ['model', 'other/llama-3.1-70b', 500],
  ['model', 'small/llama3-tiny', 5],
  ['model', 'x/Llama-2-7b', 1000],
  ['model', 'y/distilbert-base', 1],
  ['dataset', 'acme/llama-data', 50],
  ['user', 'llama', 0],
  ['model', 'z/café-model', 3],
];

function index(): SearchIndex {
  const made = new SearchIndex();
  for (const [kind, id, downloads] of ENTITIES)
    made.add({
      iri: `${DEFAULT_BASE}${kind}/${id}`,
      kind,
      id,
      name: id.slice(id.lastIndexOf('/') + 1),
      downloads,
      likes: 0,
    });
  return made.seal();
}

const ids = (text: string, kind?: EntityKind) =>
  index()
    .search(text, 10, kind)
    .map((h) => h.id);

/** A dump of `n` models with a hub id, a name and `fillerBytes` of description each (its strings die on return). */
function fillerDump(n: number, fillerBytes: number): string {
  const lines: string[] = [];
  const filler = 'x'.repeat(fillerBytes);
  for (let i = 0; i < n; i++) {
    const e = `<${DEFAULT_BASE}model/org/m-${i}>`;
    lines.push(`${e} <${STD.description}> "${filler}" .`, `${e} <${DATA.hubId}> "org/m-${i}" .`);
    lines.push(`${e} <${STD.name}> "model number ${i} of the org" .`);
  }
  const file = join(tempDir('hkg-search-'), 'huggingkg.nt.gz');
  writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
  return file;
}

describe('search index', () => {
  it('splits words at anything but letters and digits, and letter/digit runs apart', () => {
    assert.deepEqual(tokens('Llama-3.1_8B'), ['llama', '3', '1', '8b', '8', 'b']);
    assert.deepEqual(tokens('Café'), ['cafe']);
  });

  it('"Llama 3.1", "llama-3.1", "LLAMA_3_1" and "llama3.1" find the same models, most downloaded first', () => {
    for (const text of ['Llama 3.1', 'llama-3.1', 'LLAMA_3_1', 'llama3.1'])
      assert.deepEqual(ids(text), ['other/llama-3.1-70b', 'acme/Llama-3.1-8B'], text);
  });

  it('takes the last word as a prefix (suggestions while typing), the others whole', () => {
    assert.deepEqual(ids('llama 3.1 8'), ['acme/Llama-3.1-8B']);
    assert.deepEqual(ids('lla 3.1'), [], 'only the last word is a prefix');
  });

  it('ranks an exact id or name first, then whole words matched, then downloads', () => {
    assert.equal(ids('llama')[0], 'llama', 'the user named exactly so');
    assert.deepEqual(ids('llama 3'), ['other/llama-3.1-70b', 'acme/Llama-3.1-8B', 'small/llama3-tiny']);
  });

  it('filters by kind', () => {
    assert.deepEqual(ids('llama', 'dataset'), ['acme/llama-data']);
  });

  it('finds a word inside a name when the words find too little (bert in distilbert), accents aside', () => {
    assert.deepEqual(ids('bert'), ['y/distilbert-base']);
    assert.deepEqual(ids('cafe model'), ['z/café-model']);
    assert.deepEqual(ids('" ) } UNION { ?e ?p ?o } #'), []);
  });

  it('reads the index from an N-Triples dump, escapes included', async () => {
    const e = `<${DEFAULT_BASE}model/a/b-%C3%A4>`;
    const nt = [
      `${e} <${DATA.hubId}> "a/b-\\u00E4" .`,
      `${e} <${STD.name}> "b \\"quoted\\" \\u00E4"@en .`,
      `${e} <${DATA.downloads}> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
      `${e} <${STD.url}> <https://huggingface.co/a/b> .`,
    ].join('\n');
    const file = join(tempDir('hkg-search-'), 'huggingkg.nt.gz');
    writeFileSync(file, gzipSync(`${nt}\n`));
    const made = await searchIndexFromDump(file, DEFAULT_BASE);
    assert.equal(made.size, 1);
    const [hit] = made.search('quoted', 5);
    assert.deepEqual(hit && { id: hit.id, name: hit.name, href: hit.href }, {
      id: 'a/b-ä',
      name: 'b "quoted" ä',
      href: '/page/model/a/b-%C3%A4',
    });
    assert.equal(unescapeLiteral('x\\ty\\\\z\\U0001F600'), 'x\ty\\z\u{1F600}');
  });
  it('keeps only the strings it needs of the dump, not the lines and chunks they were cut from', async () => {
    // 2,000 entities, each with 16 KB of text the index does not read: ~33 MB of dump lines. Strings cut from a line
    // keep the line (and readline's chunk) alive, so an index holding such cuts holds most of the dump.
    const file = fillerDump(2000, 16 * 1024);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const made = await searchIndexFromDump(file, DEFAULT_BASE);
    gc();
    const held = process.memoryUsage().heapUsed - before;
    assert.equal(made.size, 2000);
    assert.ok(held < 8 * 1024 * 1024, `the index holds ${Math.round(held / 1024 / 1024)} MB of heap`);
  });
});
