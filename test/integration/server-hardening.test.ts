// Hostile requests against a real server over a copy of the test build: /dumps/ serves only the files the build wrote
// (never a link, never a stray file), client mistakes are 4xx with a reason (never 500), and links made from data stay
// on the site or are absolute and shown whole. One case per behaviour, as a table.

import assert from 'node:assert/strict';
import { cpSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RunningServer } from '../../src/server/app.js';
import { sitePath } from '../../src/server/links.js';
import { FIXTURE_GRAPH, startTestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/temp-dirs.js';

const B = 'https://w3id.org/huggingkg/';
const EVIL_ORG = `${B}/evil.example/phish`;
const HKG = `${B}ontology#`;

/** The test build, plus what an attacker with write access to OUT (or a stray file) would leave there. */
function hostileBuild(): string {
  const dir = join(tempDir('hkg-hostile-'), 'out');
  cpSync(FIXTURE_GRAPH, dir, { recursive: true });
  symlinkSync('/etc/passwd', join(dir, 'x'));
  // A name the build writes, replaced by a link.
  rmSync(join(dir, 'void.ttl'));
  symlinkSync('/etc/passwd', join(dir, 'void.ttl'));
  writeFileSync(join(dir, 'huggingkg.nq.gz'), gzipSync('<urn:stray> <urn:p> <urn:o> <urn:g> .\n'));
  // An organisation whose IRI, cut at the base, would read as a network-path reference (//evil.example/phish).
  const nt = gunzipSync(readFileSync(join(dir, 'huggingkg.nt.gz'))).toString('utf8');
  const extra =
    `<${EVIL_ORG}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${HKG}Organization> .\n` +
    `<${B}user/alice> <${HKG}follows> <${EVIL_ORG}> .\n<${B}user/carol> ` +
    `<${HKG}follows> <${EVIL_ORG}> .\n<${B}user/dave> <${HKG}follows> ` +
    `<${EVIL_ORG}> .\n`;
  writeFileSync(join(dir, 'huggingkg.nt.gz.new'), gzipSync(nt + extra));
  renameSync(join(dir, 'huggingkg.nt.gz.new'), join(dir, 'huggingkg.nt.gz'));
  return dir;
}

interface Case {
  name: string;
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  status: number;
  check?: (text: string, res: Response) => void;
}

const bigOr =
  `SELECT * WHERE { ?s ?p ?o FILTER(${Array.from({ length: 10_000 }, (_, i) => `?o = ${i}`).join(' || ')}) ` + `}`;
const q = (query: string) => `/sparql?query=${encodeURIComponent(query)}`;

const BAD_ESCAPE = 'SELECT * WHERE { ?s ?p ?o FILTER(<http://a/%ZZ> = ?o) }';

const CASES: Case[] = [
  // ---- item 8: valid queries the pre-parse used to refuse or break, error positions ----
  {
    name: 'CONSTRUCT with a bare blank-node property list as template: answered',
    path: q('CONSTRUCT { [ <http://example.org/p> ?o ] } WHERE { ?s a ?o } LIMIT 2'),
    headers: { accept: 'application/n-triples' },
    status: 200,
    check: (t) => assert.match(t, /^_:\S+ <http:\/\/example.org\/p> </m),
  },
  {
    name: '\\u0078 escape in an IRI: answered',
    path: q('ASK { <http://example.org/\\u0078> ?p ?o }'),
    headers: { accept: 'application/sparql-results+json' },
    status: 200,
    check: (t) => assert.equal(JSON.parse(t).boolean, false),
  },
  {
    name: 'an empty trailing VALUES () { }: answered (no LIMIT appended after it)',
    path: q('SELECT * WHERE { ?s ?p ?o } VALUES () { }'),
    headers: { accept: 'application/sparql-results+json' },
    status: 200,
    check: (t) => assert.deepEqual(JSON.parse(t).results.bindings, []),
  },
  {
    name: "a store syntax error points into the client's text, not into the BASE the endpoint put in front",
    path: q(BAD_ESCAPE),
    status: 400,
    check: (t) => {
      const [, line, column] = /error at (\d+):(\d+)/.exec(t) ?? [];
      assert.equal(line, '1', t);
      // The bad IRI spans columns 34-47; oxigraph points at or just after it.
      assert.ok(Number(column) >= BAD_ESCAPE.indexOf('<') + 1 && Number(column) <= BAD_ESCAPE.indexOf('>') + 2, t);
    },
  },

  // ---- item 6: /dumps/ ----
  {
    name: 'a link in OUT to /etc/passwd is not served',
    path: '/dumps/x',
    status: 404,
    check: (t) => assert.doesNotMatch(t, /root:/),
  },
  {
    name: 'a file the build writes, replaced by a link, is not served',
    path: '/dumps/void.ttl',
    status: 404,
    check: (t) => assert.doesNotMatch(t, /root:/),
  },
  { name: 'a stray dump the build did not write is not served', path: '/dumps/huggingkg.nq.gz', status: 404 },
  { name: 'a file of OUT that is no build output is not served', path: '/dumps/README.md', status: 404 },
  {
    name: '/dumps/ lists only the regular files the build wrote',
    path: '/dumps/?format=json',
    status: 200,
    check: (t) =>
      assert.deepEqual(
        (JSON.parse(t).files as Array<{ name: string }>).map((f) => f.name),
        ['build-report.json', 'huggingkg.nt.gz'],
      ),
  },
  {
    name: 'VoID advertises no stray dump',
    path: '/void',
    headers: { accept: 'application/n-triples' },
    status: 200,
    check: (t) => {
      assert.doesNotMatch(t, /huggingkg\.nq\.gz/);
      assert.doesNotMatch(t, /root:/);
    },
  },
  { name: 'the dump the build wrote is served', path: '/dumps/huggingkg.nt.gz', status: 200 },
  {
    name: 'DELETE on a missing dump: 405',
    method: 'DELETE',
    path: '/dumps/x',
    status: 405,
    check: (_t, r) => assert.equal(r.headers.get('allow'), 'GET, HEAD'),
  },
  { name: 'PUT on a dump: 405', method: 'PUT', path: '/dumps/huggingkg.nt.gz', body: 'x', status: 405 },
  { name: 'POST on /dumps/: 405', method: 'POST', path: '/dumps/', body: 'x', status: 405 },

  // ---- item 9: client errors are 4xx ----
  {
    name: 'default-graph-uri that is not an IRI: 400',
    path: `${q('SELECT * { ?s ?p ?o } LIMIT 1')}&default-graph-uri=${encodeURIComponent('not an <iri>')}`,
    status: 400,
    check: (t) => assert.match(t, /default-graph-uri="not an <iri>" is not an absolute IRI/),
  },
  {
    name: 'named-graph-uri with a bad %-escape: 400',
    path: `${q('SELECT * { ?s ?p ?o } LIMIT 1')}&named-graph-uri=${encodeURIComponent('http://x/%ZZ')}`,
    status: 400,
  },
  {
    name: '%ZZ in an IRI parameter of /api: 400',
    path: '/api/queries/lineage-ancestors?model=https://x/%ZZ',
    status: 400,
    check: (t) => assert.match(JSON.parse(t).error, /not a valid IRI/),
  },
  {
    name: '%ZZ in an entity parameter of /api/lineage: 400',
    path: `/api/lineage?model=${encodeURIComponent(`${B}model/%ZZ`).replace(/%25ZZ/, '%ZZ')}`,
    status: 400,
  },
  // 10,000 alternatives are refused by the query-shape guard's token limit (sparql-guard.ts) before any parser runs
  {
    name: 'a FILTER with 10,000 || : 400 naming the token limit',
    method: 'POST',
    path: '/sparql',
    body: bigOr,
    headers: { 'content-type': 'application/sparql-query' },
    status: 400,
    check: (t) => assert.match(t, /syntax tokens outside VALUES data; this endpoint accepts at most \d+/),
  },
  // 900 short alternatives pass the token limit but nest the parse 900 deep: the parse's own nesting check refuses them
  {
    name: 'a FILTER with 900 || (under the token limit): 400 naming the nesting',
    method: 'POST',
    path: '/sparql',
    body: `SELECT * WHERE { ?s ?p ?o FILTER(${Array(901).fill('?o').join('||')}) }`,
    headers: { 'content-type': 'application/sparql-query' },
    status: 400,
    check: (t) => assert.match(t, /nested more than \d+ levels deep/),
  },
  {
    name: 'an unsupported custom function: 422 (well-formed, not evaluable here)',
    path: q('SELECT (<http://example.org/f>(1) AS ?x) {}'),
    status: 422,
    check: (t) => assert.match(t, /custom function <http:\/\/example.org\/f> is not supported/),
  },
  {
    name: '/api/lineage?direction=constructor: 400 naming the directions',
    path: '/api/lineage?model=model/gpt2&direction=constructor',
    status: 400,
    check: (t) => assert.match(JSON.parse(t).error, /use ancestors, descendants or tree/),
  },
  {
    name: '/api/lineage?direction=__proto__: 400',
    path: '/api/lineage?model=model/gpt2&direction=__proto__',
    status: 400,
  },
  {
    name: 'an org IRI that would cut to //evil.example: linked absolute and shown whole in the /api HTML view',
    path: '/api/queries/most-followed-organizations?format=html',
    status: 200,
    check: (t) => {
      assert.ok(
        t.includes(`href="${EVIL_ORG}" rel="nofollow noopener noreferrer" class="external"`),
        'absolute link, marked external',
      );
      assert.ok(t.includes(`>${EVIL_ORG}</a>`), 'the whole IRI is shown');
      assert.doesNotMatch(t, /href="\/\//);
      assert.doesNotMatch(t, /href="\/\\/);
      assert.ok(t.includes('href="/org/org-a"'), 'a normal org still links to this site');
    },
  },
];

describe('server hardening: /dumps/ and client errors', function () {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ outDir: hostileBuild() });
  });
  after(async () => server?.close());

  for (const c of CASES) {
    it(`${c.name}`, async () => {
      const res = await fetch(server.url + c.path, { method: c.method ?? 'GET', body: c.body, headers: c.headers });
      const text = await res.text();
      assert.equal(res.status, c.status, text.slice(0, 300));
      c.check?.(text, res);
    });
  }
});

describe('links made from data (sitePath)', () => {
  const cases: Array<[string, string | undefined]> = [
    [`${B}model/gpt2`, '/model/gpt2'],
    [`${B}org/a?x=1#f`, '/org/a?x=1#f'],
    [`${B}/evil.example/phish`, undefined],
    [`${B}.//evil.example/phish`, undefined],
    [`${B}\t/evil.example`, undefined],
    [`${B}\\evil.example`, undefined],
    ['https://elsewhere.example/x', undefined],
  ];
  for (const [iri, expected] of cases)
    it(`${JSON.stringify(iri)} -> ${expected}`, () => assert.equal(sitePath(iri, B), expected));
});
