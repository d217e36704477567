// Tests of the /sparql endpoint over a real embedded store and a real loopback server, one behaviour per case
// (Oxigraph-server style): request -> expected status, content type and parsed content.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { Quad } from '@rdfjs/types';
import { NS, OBJ, STD } from '../../src/vocab.js';
import { iri, likesGraph, sampleGraph, writeGraphFile } from '../helpers/graph.js';
import { must } from '../helpers/must.js';
import { parseGraphBody, parseResults, startSparqlServer, type SparqlServer } from '../helpers/sparql-app.js';

const MAX = 20;
const BERT = iri('model', 'google-bert/bert-base-uncased');
const FINETUNED = iri('model', 'acme/bert-finetuned');
const SELECT_LIKES = `SELECT ?user ?model WHERE { ?user <${OBJ.likes}> ?model } ORDER BY ?user ?model`;
const ASK_TRUE = `ASK { <${FINETUNED}> <${OBJ.fineTunedFrom}> <${BERT}> }`;
const CONSTRUCT_LINEAGE = `CONSTRUCT { ?d <${OBJ.fineTunedFrom}> ?b } WHERE { ?d <${OBJ.fineTunedFrom}> ?b }`;

interface Case {
  name: string;
  method?: string;
  /** Query string (with leading ?) or sub-path after /sparql. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  status: number;
  type?: string;
  check?: (body: string, res: Response) => void | Promise<void>;
}

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const q = (query: string, extra = '') => `?query=${encodeURIComponent(query)}${extra}`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const direct = { 'content-type': 'application/sparql-query' };

async function likesRows(body: string, type: string): Promise<void> {
  const { rows } = await parseResults(body, type);
  assert.equal(rows?.length, 3);
  assert.deepEqual(
    rows?.map((r) => r.model?.value),
    [FINETUNED, BERT, BERT], // alice likes acme/… and google-bert/…, bob likes google-bert/…
  );
}

async function hasLineage(body: string, type: string): Promise<void> {
  const quads = await parseGraphBody(body, type);
  assert.equal(quads.length, 1, `one lineage triple in ${type}`);
  const quad = must(quads[0], `the lineage triple in ${type}`);
  assert.equal(quad.subject.value, FINETUNED);
  assert.equal(quad.predicate.value, OBJ.fineTunedFrom);
  assert.equal(quad.object.value, BERT);
}

const cases: Case[] = [
  // Query methods
  {
    name: 'get_query_default_json',
    path: q(SELECT_LIKES),
    status: 200,
    type: 'application/sparql-results+json',
    check: (b) => likesRows(b, 'application/sparql-results+json'),
  },
  {
    name: 'get_query_accept_star',
    path: q(SELECT_LIKES),
    headers: { accept: '*/*' },
    status: 200,
    type: 'application/sparql-results+json',
  },
  {
    name: 'post_form_query',
    method: 'POST',
    headers: form,
    body: `query=${encodeURIComponent(SELECT_LIKES)}`,
    status: 200,
    type: 'application/sparql-results+json',
    check: (b) => likesRows(b, 'application/sparql-results+json'),
  },
  {
    name: 'post_direct_query',
    method: 'POST',
    headers: direct,
    body: SELECT_LIKES,
    status: 200,
    type: 'application/sparql-results+json',
    check: (b) => likesRows(b, 'application/sparql-results+json'),
  },
  { name: 'head_query', method: 'HEAD', path: q(SELECT_LIKES), status: 200, type: 'application/sparql-results+json' },
  // SELECT result formats, each parsed
  {
    name: 'select_xml',
    path: q(SELECT_LIKES),
    headers: { accept: 'application/sparql-results+xml' },
    status: 200,
    type: 'application/sparql-results+xml',
    check: (b) => likesRows(b, 'application/sparql-results+xml'),
  },
  {
    name: 'select_csv',
    path: q(SELECT_LIKES),
    headers: { accept: 'text/csv' },
    status: 200,
    type: 'text/csv',
    check: (b) => likesRows(b, 'text/csv'),
  },
  {
    name: 'select_tsv',
    path: q(SELECT_LIKES),
    headers: { accept: 'text/tab-separated-values' },
    status: 200,
    type: 'text/tab-separated-values',
    check: (b) => likesRows(b, 'text/tab-separated-values'),
  },
  {
    name: 'select_accept_application_json_alias',
    path: q(SELECT_LIKES),
    headers: { accept: 'application/json' },
    status: 200,
    type: 'application/sparql-results+json',
  },
  {
    name: 'select_accept_q_values',
    path: q(SELECT_LIKES),
    headers: { accept: 'text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1' },
    status: 200,
    type: 'application/sparql-results+xml',
  },
  {
    name: 'select_format_override',
    path: q(SELECT_LIKES, '&format=tsv'),
    headers: { accept: 'application/sparql-results+json' },
    status: 200,
    type: 'text/tab-separated-values',
  },
  {
    name: 'select_literal_types_survive_json',
    path: q(
      `SELECT ?n ?d ?desc WHERE { <${BERT}> <${NS.hkg}downloads> ?d ` +
        `; <${STD.description}> ?desc . <${FINETUNED}> <${STD.name}> ` +
        `?n }`,
    ),
    status: 200,
    type: 'application/sparql-results+json',
    check: async (b) => {
      const row = must((await parseResults(b, 'application/sparql-results+json')).rows?.[0], 'a JSON solution');
      const [n, d, desc] = [must(row.n, '?n'), must(row.d, '?d'), must(row.desc, '?desc')];
      assert.equal(d.termType, 'Literal');
      assert.equal((d as { datatype: { value: string } }).datatype.value, `${NS.xsd}integer`);
      assert.equal((desc as { language: string }).language, 'en');
      assert.equal(n.value, 'bert-finetuned "fine" <tuned>, with\ttabs');
    },
  },
  {
    name: 'select_tricky_literal_in_tsv_and_csv',
    path: q(`SELECT ?n WHERE { <${FINETUNED}> <${STD.name}> ?n }`, '&format=tsv'),
    status: 200,
    type: 'text/tab-separated-values',
    check: async (b) => {
      const row = must((await parseResults(b, 'text/tab-separated-values')).rows?.[0], 'a TSV solution');
      assert.equal(row.n?.value, 'bert-finetuned "fine" <tuned>, with\ttabs');
    },
  },
  {
    name: 'select_tricky_literal_in_csv',
    path: q(`SELECT ?n WHERE { <${FINETUNED}> <${STD.name}> ?n }`, '&format=csv'),
    status: 200,
    type: 'text/csv',
    check: async (b) => {
      const row = must((await parseResults(b, 'text/csv')).rows?.[0], 'a CSV solution');
      assert.equal(row.n?.value, 'bert-finetuned "fine" <tuned>, with\ttabs');
    },
  },
  // ASK
  {
    name: 'ask_json',
    path: q(ASK_TRUE),
    status: 200,
    type: 'application/sparql-results+json',
    check: async (b) => assert.equal((await parseResults(b, 'application/sparql-results+json')).boolean, true),
  },
  {
    name: 'ask_xml',
    path: q(`ASK { <${BERT}> <${OBJ.fineTunedFrom}> ?x }`),
    headers: { accept: 'application/sparql-results+xml' },
    status: 200,
    type: 'application/sparql-results+xml',
    check: async (b) => assert.equal((await parseResults(b, 'application/sparql-results+xml')).boolean, false),
  },
  {
    name: 'ask_csv_not_acceptable',
    path: q(ASK_TRUE),
    headers: { accept: 'text/csv' },
    status: 406,
    type: 'text/plain',
    check: (b) => assert.match(b, /application\/sparql-results\+json/),
  },
  // CONSTRUCT / DESCRIBE in every RDF format, each parsed
  {
    name: 'construct_accept_star_turtle',
    path: q(CONSTRUCT_LINEAGE),
    headers: { accept: '*/*' },
    status: 200,
    type: 'text/turtle',
    check: (b) => hasLineage(b, 'text/turtle'),
  },
  {
    name: 'construct_ntriples',
    path: q(CONSTRUCT_LINEAGE),
    headers: { accept: 'application/n-triples' },
    status: 200,
    type: 'application/n-triples',
    check: (b) => hasLineage(b, 'application/n-triples'),
  },
  {
    name: 'construct_nquads',
    path: q(CONSTRUCT_LINEAGE),
    headers: { accept: 'application/n-quads' },
    status: 200,
    type: 'application/n-quads',
    check: (b) => hasLineage(b, 'application/n-quads'),
  },
  {
    name: 'construct_jsonld',
    path: q(CONSTRUCT_LINEAGE),
    headers: { accept: 'application/ld+json' },
    status: 200,
    type: 'application/ld+json',
    check: (b) => hasLineage(b, 'application/ld+json'),
  },
  {
    name: 'construct_rdfxml',
    path: q(CONSTRUCT_LINEAGE),
    headers: { accept: 'application/rdf+xml' },
    status: 200,
    type: 'application/rdf+xml',
    check: (b) => hasLineage(b, 'application/rdf+xml'),
  },
  {
    name: 'construct_format_override_nt',
    path: q(CONSTRUCT_LINEAGE, '&format=nt'),
    headers: { accept: 'text/turtle' },
    status: 200,
    type: 'application/n-triples',
  },
  {
    name: 'construct_results_type_not_acceptable',
    path: q(CONSTRUCT_LINEAGE),
    headers: { accept: 'application/sparql-results+json' },
    status: 406,
    type: 'text/plain',
    check: (b) => assert.match(b, /text\/turtle/),
  },
  {
    name: 'describe_keeps_blank_node_links',
    path: q(`DESCRIBE <${FINETUNED}>`),
    headers: { accept: 'text/turtle' },
    status: 200,
    type: 'text/turtle',
    check: async (b) => {
      const quads = await parseGraphBody(b, 'text/turtle');
      const derivation = quads.find((x) => x.predicate.value === STD.qualifiedDerivation);
      assert.equal(derivation?.object.termType, 'BlankNode');
    },
  },
  {
    name: 'construct_relative_iri_resolves_against_endpoint',
    method: 'POST',
    headers: direct,
    body: 'CONSTRUCT { <s> <p> 1 } WHERE {}',
    status: 200,
    type: 'text/turtle',
    check: async (b, res) => {
      const quads = await parseGraphBody(b, 'text/turtle');
      assert.equal(must(quads[0], 'the constructed triple').subject.value, new URL('s', res.url.split('?')[0]).href);
    },
  },
  // Result-size limit: cut and said so, never silently
  {
    name: 'select_over_limit_is_cut_and_flagged',
    path: q('SELECT * WHERE { ?s ?p ?o }'),
    status: 200,
    type: 'application/sparql-results+json',
    check: async (b, res) => {
      assert.equal(res.headers.get('x-result-truncated'), 'true');
      assert.equal(res.headers.get('x-result-limit'), String(MAX));
      assert.match(res.headers.get('warning') ?? '', /result cut at 20 rows/);
      assert.equal((await parseResults(b, 'application/sparql-results+json')).rows?.length, MAX);
    },
  },
  {
    name: 'construct_over_limit_is_cut_and_flagged',
    path: q('CONSTRUCT WHERE { ?s ?p ?o }'),
    headers: { accept: 'application/n-triples' },
    status: 200,
    type: 'application/n-triples',
    check: async (b, res) => {
      assert.equal(res.headers.get('x-result-truncated'), 'true');
      assert.equal((await parseGraphBody(b, 'application/n-triples')).length, MAX);
    },
  },
  {
    name: 'select_within_limit_not_flagged',
    path: q('SELECT * WHERE { ?s ?p ?o } LIMIT 5'),
    status: 200,
    type: 'application/sparql-results+json',
    check: async (b, res) => {
      assert.equal(res.headers.get('x-result-truncated'), null);
      assert.equal((await parseResults(b, 'application/sparql-results+json')).rows?.length, 5);
    },
  },
  // Bad requests
  {
    name: 'bad_accept_406_lists_types',
    path: q(SELECT_LIKES),
    headers: { accept: 'image/png' },
    status: 406,
    type: 'text/plain',
    check: (b) =>
      assert.match(
        b,
        /application\/sparql-results\+json, application\/sparql-results\+xml, text\/csv, text\/tab-separated-values/,
      ),
  },
  { name: 'bad_format_406', path: q(SELECT_LIKES, '&format=turtle'), status: 406, type: 'text/plain' },
  {
    name: 'malformed_query_400_with_parser_message',
    path: q('SELECT ?s WHERE { ?s ?p '),
    status: 400,
    type: 'text/plain',
    check: (b) => assert.match(b, /Malformed query: Parse error on line 1/),
  },
  {
    name: 'malformed_query_browser_gets_a_page_back_to_the_editor',
    path: q('SELECT ?s WHERE { ?s ?p '),
    headers: { accept: BROWSER_ACCEPT },
    status: 400,
    type: 'text/html',
    check: (b) => {
      assert.match(b, /400 Bad Request/);
      assert.match(b, /Malformed query: Parse error on line 1/);
      const edit = must(/href="([^"]+)">Edit this query</.exec(b), 'a link back to the editor')[1]!;
      const href = edit.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'); // as the browser reads the attribute
      assert.match(href, /^\/sparql\/#query=/);
      assert.equal(decodeURIComponent(href.replace(/^.*#query=/, '')), 'SELECT ?s WHERE { ?s ?p ');
    },
  },
  {
    name: 'post_malformed_query_browser_page_opens_the_editor',
    method: 'POST',
    headers: { ...direct, accept: BROWSER_ACCEPT },
    body: 'SELECT ?s WHERE {',
    status: 400,
    type: 'text/html',
    check: (b) => assert.match(b, /href="\/sparql\/">Open the query editor</),
  },
  {
    name: 'unknown_prefix_400',
    path: q('SELECT * WHERE { ?s nope:p ?o }'),
    status: 400,
    type: 'text/plain',
    check: (b) => assert.match(b, /nope/),
  },
  {
    name: 'post_without_query_400',
    method: 'POST',
    headers: form,
    body: 'default-graph-uri=urn%3Ax',
    status: 400,
    type: 'text/plain',
  },
  {
    name: 'two_queries_400',
    path: `${q('ASK {}')}&query=${encodeURIComponent('ASK {}')}`,
    status: 400,
    type: 'text/plain',
  },
  {
    name: 'put_405',
    method: 'PUT',
    path: q('ASK {}'),
    status: 405,
    type: 'text/plain',
    check: (_b, res) => assert.match(res.headers.get('allow') ?? '', /POST/),
  },
  {
    name: 'post_text_plain_415',
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: 'ASK {}',
    status: 415,
    type: 'text/plain',
  },
  {
    name: 'post_without_content_type_415',
    method: 'POST',
    body: new TextEncoder().encode('ASK {}'),
    status: 415,
    type: 'text/plain',
  },
  {
    name: 'post_utf16_415',
    method: 'POST',
    headers: { 'content-type': 'application/sparql-query; charset=UTF-16' },
    body: Buffer.from('ASK {}', 'utf16le'),
    status: 415,
    type: 'text/plain',
  },
  {
    name: 'huge_body_413',
    method: 'POST',
    headers: direct,
    body: `ASK { ${'?s ?p ?o . '.repeat(300_000)} }`,
    status: 413,
    type: 'text/plain',
  },
  // Read-only
  {
    name: 'update_param_get_403',
    path: `?update=${encodeURIComponent('CLEAR ALL')}`,
    status: 403,
    type: 'text/plain',
    check: (b) => assert.match(b, /read-only/),
  },
  {
    name: 'update_form_post_403',
    method: 'POST',
    headers: form,
    body: `update=${encodeURIComponent('INSERT DATA { <urn:a> <urn:b> <urn:c> }')}`,
    status: 403,
    type: 'text/plain',
  },
  {
    name: 'update_direct_post_403',
    method: 'POST',
    headers: { 'content-type': 'application/sparql-update' },
    body: 'CLEAR ALL',
    status: 403,
    type: 'text/plain',
  },
  {
    name: 'update_in_query_param_403',
    path: q('INSERT DATA { <urn:a> <urn:b> <urn:c> }'),
    status: 403,
    type: 'text/plain',
  },
  // Federation allowlist
  {
    name: 'service_not_allowlisted_403_names_url',
    path: q('SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }'),
    status: 403,
    type: 'text/plain',
    check: (b) => assert.match(b, /http:\/\/evil\.example\/sparql/),
  },
  {
    name: 'service_nested_in_optional_403',
    path: q('SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://evil.example/q> { ?s ?q ?r } } }'),
    status: 403,
    type: 'text/plain',
    check: (b) => assert.match(b, /evil\.example\/q/),
  },
  {
    name: 'service_variable_403',
    path: q('SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }'),
    status: 403,
    type: 'text/plain',
    check: (b) => assert.match(b, /\?x/),
  },
  {
    name: 'from_outside_store_403_names_url',
    path: q('SELECT * FROM <http://evil.example/data.ttl> WHERE { ?s ?p ?o }'),
    status: 403,
    type: 'text/plain',
    check: (b) => assert.match(b, /http:\/\/evil\.example\/data\.ttl/),
  },
  {
    name: 'from_named_outside_store_403',
    path: q('SELECT * FROM NAMED <http://evil.example/g> WHERE { GRAPH ?g { ?s ?p ?o } }'),
    status: 403,
    type: 'text/plain',
  },
  // Service description and editor on a bare GET
  {
    name: 'bare_get_turtle_service_description',
    headers: { accept: 'text/turtle' },
    status: 200,
    type: 'text/turtle',
    check: async (b, res) => {
      const quads = await parseGraphBody(b, 'text/turtle');
      const endpoint = res.url;
      assert.ok(
        quads.some((x) => x.predicate.value === `${NS.sd}endpoint` && x.object.value === endpoint),
        'sd:endpoint is this URL',
      );
      assert.ok(quads.some((x) => x.object.value === `${NS.sd}Service`));
      assert.ok(
        quads.some(
          (x) => x.predicate.value === `${NS.sd}supportedLanguage` && x.object.value === `${NS.sd}SPARQL11Query`,
        ),
      );
      const formats = quads.filter((x) => x.predicate.value === `${NS.sd}resultFormat`).map((x) => x.object.value);
      assert.equal(formats.length, 9);
      assert.ok(formats.includes('http://www.w3.org/ns/formats/SPARQL_Results_CSV'));
      const triples = quads.find((x) => x.predicate.value === `${NS.void}triples`);
      assert.equal(triples?.object.value, String(sampleGraph().length));
    },
  },
  {
    name: 'bare_get_jsonld_service_description',
    headers: { accept: 'application/ld+json' },
    status: 200,
    type: 'application/ld+json',
    check: async (b, res) => {
      const quads = await parseGraphBody(b, 'application/ld+json');
      assert.ok(quads.some((x) => x.predicate.value === `${NS.sd}endpoint` && x.object.value === res.url));
    },
  },
  { name: 'bare_get_accept_star_rdf', headers: { accept: '*/*' }, status: 200, type: 'text/turtle' },
  {
    name: 'bare_get_browser_gets_editor',
    headers: { accept: BROWSER_ACCEPT },
    status: 200,
    type: 'text/html',
    check: (b) => {
      assert.match(b, /\/sparql\/assets\/yasgui\/yasgui\.min\.js/);
      assert.doesNotMatch(b, /cdn|unpkg|jsdelivr/i);
      assert.match(b, /Entities per class/);
    },
  },
  { name: 'bare_get_bad_accept_406', headers: { accept: 'image/png' }, status: 406, type: 'text/plain' },
  { name: 'yasgui_served_locally', path: '/assets/yasgui/yasgui.min.js', status: 200, type: 'text/javascript' },
  { name: 'editor_script_served', path: '/assets/editor.js', status: 200, type: 'text/javascript' },
  {
    name: 'examples_json',
    path: '/examples.json',
    status: 200,
    type: 'application/json',
    check: (b) => assert.ok(JSON.parse(b).length >= 4),
  },
  // CORS
  {
    name: 'cors_on_results',
    path: q('ASK {}'),
    status: 200,
    type: 'application/sparql-results+json',
    check: (_b, res) => assert.equal(res.headers.get('access-control-allow-origin'), '*'),
  },
  {
    name: 'cors_preflight',
    method: 'OPTIONS',
    headers: { origin: 'http://other.example', 'access-control-request-method': 'POST' },
    status: 204,
    check: (_b, res) => assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/),
  },
];

describe('SPARQL endpoint /sparql (embedded store, loopback server)', function () {
  let server: SparqlServer;

  before(async function () {
    server = await startSparqlServer([writeGraphFile(sampleGraph())], {
      maxResults: MAX,
      queryWorkers: 1,
      maxBodyBytes: 100_000,
    });
  });
  after(async () => server?.close());

  for (const c of cases) {
    it(c.name, async function () {
      const res = await fetch(`${server.endpoint}${c.path ?? ''}`, {
        method: c.method ?? 'GET',
        headers: c.headers,
        body: c.body as BodyInit,
      });
      const body = await res.text();
      assert.equal(res.status, c.status, `${c.name}: status ${res.status}, body: ${body.slice(0, 300)}`);
      if (c.type)
        assert.equal((res.headers.get('content-type') ?? '').split(';')[0], c.type, `${c.name}: content type`);
      await c.check?.(body, res);
    });
  }

  it('keeps serving after every bad request above', async function () {
    const res = await fetch(`${server.endpoint}${q(ASK_TRUE)}`);
    assert.equal(res.status, 200);
  });
});

describe('SPARQL endpoint: federation allowlist', function () {
  let server: SparqlServer;
  before(async function () {
    server = await startSparqlServer([writeGraphFile(sampleGraph())], {
      queryWorkers: 1,
      federationAllowlist: ['http://allowed.example/'],
    });
  });
  after(async () => server?.close());

  it('lets FROM name an allowlisted graph (empty here: nothing is fetched)', async function () {
    const res = await fetch(`${server.endpoint}${q('SELECT * FROM <http://allowed.example/g> WHERE { ?s ?p ?o }')}`);
    assert.equal(res.status, 200);
    assert.deepEqual((await parseResults(await res.text(), 'application/sparql-results+json')).rows, []);
  });

  it('answers an allowlisted SERVICE with 501 on the embedded store, which cannot call out', async function () {
    const res = await fetch(
      `${server.endpoint}${q('SELECT * WHERE { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }')}`,
    );
    assert.equal(res.status, 501);
    assert.match(await res.text(), /cannot call SERVICE endpoints; federation needs an external SPARQL store/);
  });

  it('still refuses what is not on the list', async function () {
    const res = await fetch(
      `${server.endpoint}${q('SELECT * WHERE { SERVICE <http://allowed.example.evil/sparql> { ?s ?p ?o } }')}`,
    );
    assert.equal(res.status, 403);
  });
});

/** A GET sent from another loopback address, i.e. as another client. */
function getFrom(localAddress: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { localAddress, agent: false, headers: { accept: 'application/sparql-results+json' } }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (d: string) => (body += d))
        .on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('SPARQL endpoint: a runaway query is stopped at the timeout', function () {
  let server: SparqlServer;
  const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

  before(async function () {
    // ~3,000 triples: the three-way cartesian product has ~2.7e10 rows, far beyond any test run.
    const file = writeGraphFile(likesGraph(300, 100, 4));
    // Three workers: user SPARQL may take all but one (kept for the site's own lookups), so two user queries run at
    // once.
    server = await startSparqlServer([file], { queryTimeoutMs: 1000, queryWorkers: 3 });
  });
  after(async () => server?.close());

  it('answers a simple query while the runaway one runs, then stops the runaway one with 503', async function () {
    const order: string[] = [];
    const runaway = fetch(`${server.endpoint}${q(RUNAWAY)}`).then(async (res) => {
      order.push('runaway');
      return { status: res.status, body: await res.text() };
    });
    // Let the runaway query reach a worker first.
    await new Promise((r) => setTimeout(r, 100));
    // From another client (loopback address): one client may hold only half of the user workers (worker-pool.ts).
    const simple = await getFrom('127.0.0.2', `${server.endpoint}${q(`ASK { ?u <${OBJ.likes}> ?m }`)}`);
    order.push('simple');
    assert.equal(simple.status, 200);
    assert.equal((await parseResults(simple.body, 'application/sparql-results+json')).boolean, true);
    const stopped = await runaway;
    assert.deepEqual(order, ['simple', 'runaway'], 'the simple query answered while the runaway one still ran');
    assert.equal(stopped.status, 503);
    assert.match(stopped.body, /stopped after 1000 ms/);
  });

  it('keeps serving afterwards on every worker, including the replaced one', async function () {
    // Four queries at once over the workers: all must answer (the replacement has reloaded, or requests queue for it).
    // From other clients: the runaway's client is paused while the worker its query cost reloads (worker-pool.ts).
    const answers = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        getFrom(
          `127.0.0.${10 + i}`,
          `${server.endpoint}${q(`SELECT (COUNT(*) AS ?n) WHERE { ?u <${OBJ.likes}> ?m }`)}`,
        ),
      ),
    );
    for (const res of answers) {
      assert.equal(res.status, 200);
      const { rows } = await parseResults(res.body, 'application/sparql-results+json');
      assert.equal(must(rows?.[0], 'the COUNT solution').n?.value, String(300 * 4));
    }
  });
});

describe('SPARQL endpoint: Comunica as an independent client', function () {
  let server: SparqlServer;
  before(async function () {
    server = await startSparqlServer([writeGraphFile(sampleGraph())], { queryWorkers: 1 });
  });
  after(async () => server?.close());

  it('runs a SELECT through the endpoint', async function () {
    const { QueryEngine } = await import('@comunica/query-sparql');
    const engine = new QueryEngine();
    const stream = await engine.queryBindings(`SELECT ?user WHERE { ?user <${OBJ.likes}> <${FINETUNED}> }`, {
      sources: [{ type: 'sparql', value: server.endpoint }],
    });
    const users = (await stream.toArray()).map((b) => b.get('user')?.value);
    assert.deepEqual(users, [iri('user', 'alice')]);
  });

  it('runs a CONSTRUCT through the endpoint', async function () {
    const { QueryEngine } = await import('@comunica/query-sparql');
    const engine = new QueryEngine();
    const stream = await engine.queryQuads(CONSTRUCT_LINEAGE, {
      sources: [{ type: 'sparql', value: server.endpoint }],
    });
    const quads = (await stream.toArray()) as Quad[];
    assert.equal(quads.length, 1);
    const quad = must(quads[0], 'the lineage triple');
    assert.equal(quad.subject.value, FINETUNED);
    assert.equal(quad.object.value, BERT);
  });
});
