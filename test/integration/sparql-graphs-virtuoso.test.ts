// Queries over the external store see only the served graph (issue 12, item 5): the real server in front of a real
// Virtuoso holding the fixture graph, with `--graph`; Virtuoso's own system graphs must stay out of reach.

import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/server/app.js';
import { DEFAULT_BASE } from '../../src/vocab.js';
import { FIXTURE_GRAPH, FIXTURE_TRIPLES, startTestServer } from '../helpers/server.js';
import { requireVirtuoso, startVirtuoso, type RunningVirtuoso } from '../helpers/virtuoso.js';

const SYSTEM_GRAPH = 'http://www.openlinksw.com/schemas/virtrdf#';
const GRAPH = DEFAULT_BASE;

describe('external store with --graph: only the served graph (real Virtuoso) @virtuoso', function () {
  this.timeout(180_000);
  let virtuoso: RunningVirtuoso | undefined;
  let server: RunningServer | undefined;

  before(async () => {
    requireVirtuoso();
    virtuoso = await startVirtuoso([FIXTURE_GRAPH]);
    await virtuoso.load(FIXTURE_GRAPH, GRAPH);
    server = await startTestServer({ sparqlEndpoint: virtuoso.endpoint, sparqlGraph: GRAPH });
  });
  after(async () => {
    await server?.close();
    await virtuoso?.stop();
  });

  const ask = (query: string, params = '') =>
    fetch(`${server!.url}/sparql?query=${encodeURIComponent(query)}${params}`, {
      headers: { accept: 'application/sparql-results+json' },
    });
  const rows = async (res: Response) =>
    ((await res.json()) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;

  for (const [name, query, params] of [
    [
      'default-graph-uri naming a system graph',
      'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }',
      `&default-graph-uri=${encodeURIComponent(SYSTEM_GRAPH)}`,
    ],
    [
      'named-graph-uri naming a system graph',
      'SELECT ?g { GRAPH ?g { ?s ?p ?o } }',
      `&named-graph-uri=${encodeURIComponent(SYSTEM_GRAPH)}`,
    ],
    ['FROM a system graph', `SELECT (COUNT(*) AS ?n) FROM <${SYSTEM_GRAPH}> { ?s ?p ?o }`, ''],
    ['FROM NAMED a system graph', `SELECT ?g FROM NAMED <${SYSTEM_GRAPH}> { GRAPH ?g { ?s ?p ?o } }`, ''],
    ['GRAPH <system graph>', `SELECT (COUNT(*) AS ?n) { GRAPH <${SYSTEM_GRAPH}> { ?s ?p ?o } }`, ''],
    [
      'GRAPH <system graph> inside EXISTS in the projection',
      `SELECT (EXISTS { GRAPH <${SYSTEM_GRAPH}> { ?s ?p ?o } } AS ?x) {}`,
      '',
    ],
  ] as const) {
    it(`refuses ${name} with 403`, async () => {
      const res = await ask(query, params);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /serves only the graph <https:\/\/w3id\.org\/huggingkg\/>/);
    });
  }

  it('GRAPH ?g lists the served graph only', async () => {
    const res = await ask('SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }');
    assert.equal(res.status, 200);
    assert.deepEqual(
      (await rows(res)).map((r) => r.g?.value),
      [GRAPH],
    );
  });

  it('FROM and default-graph-uri naming the served graph are answered (not 502)', async () => {
    for (const [query, params] of [
      [`SELECT (COUNT(*) AS ?n) FROM <${GRAPH}> { ?s ?p ?o }`, ''],
      ['SELECT (COUNT(*) AS ?n) { ?s ?p ?o }', `&default-graph-uri=${encodeURIComponent(GRAPH)}`],
    ] as const) {
      const res = await ask(query, params);
      assert.equal(res.status, 200, query + params);
      assert.equal((await rows(res))[0]?.n?.value, String(FIXTURE_TRIPLES));
    }
  });

  it('refuses a SERVICE hidden in EXISTS in the projection (it would call out from Virtuoso)', async () => {
    const res = await ask('SELECT (EXISTS { SERVICE <http://127.0.0.1:1/> {} } AS ?x) {}');
    assert.equal(res.status, 403);
  });
});
