// Replays the W3C SPARQL 1.1 Protocol tests (test/fixtures/w3c/sparql11-protocol/manifest.ttl) against our endpoint,
// read from the manifest itself, and runs the three SPARQL 1.1 Service Description tests. Tests that need SPARQL Update
// to succeed do not apply to a read-only endpoint and are listed as skipped with the reason.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Quad, Term } from '@rdfjs/types';
import { Parser, Store } from 'n3';
import { FIXTURES_DIR } from '../../src/paths.js';
import { NS } from '../../src/vocab.js';
import { writeGraphFile } from '../helpers/graph.js';
import { must } from '../helpers/must.js';
import { parseGraphBody, parseResults, startSparqlServer, type SparqlServer } from '../helpers/sparql-app.js';

const DIR = join(FIXTURES_DIR, 'w3c');
const PROTOCOL = join(DIR, 'sparql11-protocol');
const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const HT = 'http://www.w3.org/2011/http#';
const CNT = 'http://www.w3.org/2011/content#';
const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
const HTS = 'http://www.w3.org/2011/http-statusCodes#';
const RDF = NS.rdf;
const RDFS = NS.rdfs;

interface ProtocolRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: { chars: string; encoding: string };
  expectedStatus: string[];
  expectedFormat?: string;
  expectedBoolean?: boolean;
}

interface ProtocolTest {
  id: string;
  name: string;
  graphData: Array<{ file: string; graph: string }>;
  requests: ProtocolRequest[];
}

function readManifest(file: string): { store: Store; lists: Record<string, Term[]>; base: string } {
  const base = `file://${file}`;
  const store = new Store(new Parser({ baseIRI: base }).parse(readFileSync(file, 'utf8')));
  return { store, lists: store.extractLists(), base };
}

function loadProtocolTests(): ProtocolTest[] {
  const { store, lists } = readManifest(join(PROTOCOL, 'manifest.ttl'));
  const one = (s: Term, p: string) => store.getObjects(s, p, null)[0];
  const all = (s: Term, p: string) => store.getObjects(s, p, null);
  // What the manifest must say: a missing property or list fails naming it.
  const the = (s: Term, p: string) => must(one(s, p), `<${p}> of <${s.value}> in the protocol manifest`);
  const list = (t: Term) => must(lists[t.value], `RDF list ${t.value} in the protocol manifest`);
  const manifest = must(store.getSubjects(`${RDF}type`, `${MF}Manifest`, null)[0], 'the protocol manifest');
  return list(the(manifest, `${MF}entries`)).map((entry) => {
    const action = the(entry, `${MF}action`);
    const requests = list(the(action, `${HT}requests`)).map((req): ProtocolRequest => {
      const headers: Record<string, string> = {};
      const headerList = one(req, `${HT}headers`);
      for (const h of headerList ? list(headerList) : []) {
        headers[the(h, `${HT}fieldName`).value] = the(h, `${HT}fieldValue`).value;
      }
      const body = one(req, `${HT}body`);
      const resp = the(req, `${HT}resp`);
      const boolean = one(resp, `${MF}expectedBoolean`);
      return {
        path: the(req, `${HT}absolutePath`).value,
        method: the(req, `${HT}methodName`).value,
        headers,
        body: body
          ? { chars: the(body, `${CNT}chars`).value, encoding: one(body, `${CNT}characterEncoding`)?.value ?? 'UTF-8' }
          : undefined,
        expectedStatus: all(resp, `${MF}expectedStatus`).map((t) => t.value.slice(HTS.length)),
        expectedFormat: one(resp, `${MF}expectedFormat`)?.value,
        expectedBoolean: boolean ? boolean.value === 'true' : undefined,
      };
    });
    return {
      id: must(entry.value.split('#')[1], `a #fragment in test IRI ${entry.value}`),
      name: the(entry, `${MF}name`).value,
      graphData: all(entry, `${UT}graphData`).map((g) => ({
        file: the(g, `${UT}graph`).value.replace(/^file:\/\//, ''),
        graph: the(g, `${RDFS}label`).value,
      })),
      requests,
    };
  });
}

/** Why a manifest test does not apply to a read-only endpoint, or undefined when it does. */
/** An update request of the manifest (SPARQL Update in the body or as the `update=` form field). */
function isUpdate(req: ProtocolRequest): boolean {
  return (
    req.headers['content-type']?.startsWith('application/sparql-update') === true ||
    /^update=/.test(req.body?.chars ?? '')
  );
}

/** A test that needs an update to succeed: on this read-only endpoint it checks the refusal instead. */
function needsUpdate(test: ProtocolTest): boolean {
  return test.requests.some((r) => isUpdate(r) && r.expectedStatus.includes('StatusCode2xx'));
}

const RESULT_TYPES: Record<string, string[]> = {
  boolean: ['application/sparql-results+json', 'application/sparql-results+xml'],
  tabular: [
    'application/sparql-results+json',
    'application/sparql-results+xml',
    'text/csv',
    'text/tab-separated-values',
  ],
  RDF: ['application/rdf+xml', 'text/turtle', 'application/n-triples'],
};

function encode(body: { chars: string; encoding: string }): Uint8Array {
  return /^utf-?16/i.test(body.encoding) ? Buffer.from(body.chars, 'utf16le') : Buffer.from(body.chars, 'utf8');
}

async function replay(server: SparqlServer, req: ProtocolRequest, exactStatus?: number): Promise<void> {
  // Request paths start with /sparql/, which is where our endpoint is mounted too.
  assert.ok(req.path.startsWith('/sparql/'), `manifest path ${req.path}`);
  // A Uint8Array body keeps fetch from inventing a Content-Type for requests that must have none.
  const res = await fetch(`${server.origin}${req.path}`, {
    method: req.method,
    headers: req.headers,
    body: req.body ? (encode(req.body) as BodyInit) : undefined,
  });
  const text = await res.text();
  if (exactStatus !== undefined) assert.equal(res.status, exactStatus, text.slice(0, 300));
  const statusClass = `StatusCode${String(res.status)[0]}xx`;
  assert.ok(
    req.expectedStatus.includes(statusClass),
    `status ${res.status} not in ${req.expectedStatus.join(', ')}: ${text.slice(0, 300)}`,
  );
  if (!req.expectedFormat) return;
  const type = (res.headers.get('content-type') ?? '').replace(/;.*/s, '').trim();
  const formats = must(RESULT_TYPES[req.expectedFormat], `media types of expected format ${req.expectedFormat}`);
  assert.ok(formats.includes(type), `${type} is not a ${req.expectedFormat} format`);
  if (req.expectedFormat === 'RDF') {
    await parseGraphBody(text, type, server.endpoint);
    return;
  }
  const parsed = await parseResults(text, type);
  if (req.expectedFormat === 'boolean') assert.equal(typeof parsed.boolean, 'boolean');
  if (req.expectedFormat === 'tabular') assert.ok(Array.isArray(parsed.rows));
  if (req.expectedBoolean !== undefined) assert.equal(parsed.boolean, req.expectedBoolean);
}

/** Quads in the whole dataset (default and named graphs), through the endpoint itself. */
async function countQuads(server: SparqlServer): Promise<number> {
  const query = 'SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }';
  const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, {
    headers: { accept: 'application/sparql-results+json' },
  });
  const body = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
  return Number(must(body.results.bindings[0], 'the COUNT row').n.value);
}

/** The three data files as N-Quads, each in the named graph the manifest gives it. */
function protocolDataset(tests: ProtocolTest[]): string {
  const graphs = new Map(tests.flatMap((t) => t.graphData.map((g) => [g.graph, g.file] as const)));
  let nquads = '';
  for (const [graph, file] of graphs) {
    for (const q of new Parser({ format: 'N-Triples' }).parse(readFileSync(file, 'utf8'))) {
      nquads += `<${q.subject.value}> <${q.predicate.value}> <${q.object.value}> <${graph}> .\n`;
    }
  }
  return nquads;
}

const tests = loadProtocolTests();

describe('W3C SPARQL 1.1 Protocol tests (replayed from the manifest)', function () {
  let server: SparqlServer;
  before(async function () {
    server = await startSparqlServer([writeGraphFile(protocolDataset(tests), 'protocol.nq.gz')], { queryWorkers: 1 });
  });
  after(async () => server?.close());

  it('reads all 34 tests from the manifest', () => assert.equal(tests.length, 34));

  for (const test of tests) {
    if (needsUpdate(test)) {
      // The endpoint is read-only: each update the test sends must be refused with 403 and change nothing.
      it(
        `${test.id}: ${test.name} — read-only: the update is refused ` + `with 403 and the store is unchanged`,
        async function () {
          const before = await countQuads(server);
          for (const req of test.requests.filter(isUpdate))
            await replay(server, { ...req, expectedStatus: ['StatusCode4xx'], expectedFormat: undefined }, 403);
          assert.equal(await countQuads(server), before);
        },
      );
      continue;
    }
    it(`${test.id}: ${test.name}`, async function () {
      for (const req of test.requests) await replay(server, req);
    });
  }
});

describe('W3C SPARQL 1.1 Service Description tests', function () {
  let server: SparqlServer;
  const { store: sdManifest } = readManifest(join(DIR, 'sparql11-service-description', 'manifest.ttl'));
  const names = new Map(
    sdManifest.getQuads(null, `${MF}name`, null, null).map((q) => [q.subject.value.split('#')[1], q.object.value]),
  );
  const SD = NS.sd;

  async function describe_(accept: string): Promise<{ quads: Quad[]; type: string; url: string }> {
    const res = await fetch(server.endpoint, { headers: { accept } });
    assert.equal(res.status, 200);
    const type = (res.headers.get('content-type') ?? '').replace(/;.*/s, '');
    return { quads: await parseGraphBody(await res.text(), type), type, url: res.url };
  }

  before(async function () {
    server = await startSparqlServer([writeGraphFile('<urn:a> <urn:b> <urn:c> .\n')], { queryWorkers: 1 });
  });
  after(async () => server?.close());

  it(`returns-rdf: ${names.get('returns-rdf')}`, async function () {
    for (const accept of ['text/turtle', 'application/rdf+xml', 'application/n-triples', 'application/ld+json']) {
      const { quads, type } = await describe_(accept);
      assert.equal(type, accept);
      assert.ok(quads.length > 5, `${accept}: a description`);
    }
  });

  it(`has-endpoint-triple: ${names.get('has-endpoint-triple')}`, async function () {
    const { quads, url } = await describe_('text/turtle');
    const endpoints = quads.filter((q) => q.predicate.value === `${SD}endpoint`).map((q) => q.object.value);
    assert.deepEqual(endpoints, [url]);
  });

  it(`conforms-to-schema: ${names.get('conforms-to-schema')}`, async function () {
    const { quads } = await describe_('text/turtle');
    const store = new Store(quads);
    const [service] = store.getSubjects(`${RDF}type`, `${SD}Service`, null);
    assert.ok(service, 'one sd:Service');
    assert.equal(must(store.getObjects(service, `${SD}endpoint`, null)[0], 'sd:endpoint').termType, 'NamedNode');
    const languages = store.getObjects(service, `${SD}supportedLanguage`, null).map((t) => t.value);
    assert.deepEqual(languages, [`${SD}SPARQL11Query`]);
    for (const format of store.getObjects(service, `${SD}resultFormat`, null)) {
      assert.ok(format.value.startsWith('http://www.w3.org/ns/formats/'), `${format.value} is a W3C format IRI`);
    }
    const dataset = must(store.getObjects(service, `${SD}defaultDataset`, null)[0], 'sd:defaultDataset');
    assert.equal(store.getQuads(dataset, `${RDF}type`, `${SD}Dataset`, null).length, 1);
    const graph = must(store.getObjects(dataset, `${SD}defaultGraph`, null)[0], 'sd:defaultGraph');
    assert.equal(store.getQuads(graph, `${RDF}type`, `${SD}Graph`, null).length, 1);
    assert.equal(must(store.getObjects(graph, `${NS.void}triples`, null)[0], 'void:triples').value, '1');
  });
});
