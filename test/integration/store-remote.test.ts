// Tests of the remote store (SPARQL 1.1 Protocol client) against a real peer: our own endpoint, an embedded store
// behind the /sparql router on a loopback server. It must answer exactly like the embedded store it fronts.

import assert from 'node:assert/strict';
import { isTruncated } from '../../src/store/answer.js';
import { openRemoteStore } from '../../src/store/remote.js';
import { QuerySyntaxError, QueryTimeoutError, type Store } from '../../src/store/store.js';
import { NS, OBJ, STD } from '../../src/vocab.js';
import { iri, likesGraph, sampleGraph, writeGraphFile } from '../helpers/graph.js';
import { parseGraphBody, parseResults, startSparqlServer, type SparqlServer } from '../helpers/sparql-app.js';

const BERT = iri('model', 'google-bert/bert-base-uncased');
const FINETUNED = iri('model', 'acme/bert-finetuned');

describe('remote store against our own SPARQL endpoint', function () {
  let server: SparqlServer;
  let remote: Store;

  before(async function () {
    server = await startSparqlServer([writeGraphFile([...sampleGraph(), ...likesGraph(40, 10, 2)])], {
      maxResults: 1000,
      queryWorkers: 2,
      queryTimeoutMs: 3000,
    });
    remote = openRemoteStore({ endpoint: server.endpoint, maxResults: 15 });
  });
  after(async () => server?.close());

  it('select() gives the same RDF/JS terms as the embedded store behind it', async function () {
    const query = `SELECT ?p ?o WHERE { <${BERT}> ?p ?o } ORDER BY ?p ?o`;
    const viaHttp = await remote.select(query);
    const direct = await server.store.select(query);
    assert.equal(viaHttp.length, direct.length);
    viaHttp.forEach((row, i) => {
      const [p, o, other] = [row.p, row.o, direct[i]];
      assert.ok(p && o && other?.p && other.o, `row ${i} binds ?p and ?o on both stores`);
      assert.ok(p.equals(other.p), `row ${i} ?p`);
      assert.ok(o.equals(other.o), `row ${i} ?o: ${o.value}`);
    });
    const downloads = viaHttp.find((r) => r.p?.value === `${NS.hkg}downloads`);
    assert.ok(downloads, 'the model has hkg:downloads');
    assert.equal((downloads.o as { datatype: { value: string } }).datatype.value, `${NS.xsd}integer`);
    const description = viaHttp.find((r) => r.p?.value === STD.description);
    assert.ok(description, 'the model has a description');
    assert.equal((description.o as { language: string }).language, 'en');
  });

  it('ask() reads the boolean', async function () {
    assert.equal(await remote.ask(`ASK { <${FINETUNED}> <${OBJ.fineTunedFrom}> <${BERT}> }`), true);
    assert.equal(await remote.ask(`ASK { <${BERT}> <${OBJ.fineTunedFrom}> ?x }`), false);
  });

  it('construct() reads N-Triples into quads, blank nodes included', async function () {
    const quads = await remote.construct(
      `CONSTRUCT WHERE { <${FINETUNED}> <${STD.qualifiedDerivation}> ?d . ?d <${OBJ.baseModel}> ?b }`,
    );
    assert.equal(quads.length, 2);
    const link = quads.find((q) => q.predicate.value === STD.qualifiedDerivation);
    const base = quads.find((q) => q.predicate.value === OBJ.baseModel);
    assert.equal(link?.object.termType, 'BlankNode');
    assert.ok(link?.object.equals(base?.subject), 'the same blank node in both triples');
  });

  it('queryRaw() serialises in the media type asked for', async function () {
    const csv = await remote.queryRaw(`SELECT ?u WHERE { ?u <${OBJ.likes}> <${FINETUNED}> }`, {
      mediaType: 'text/csv',
    });
    assert.deepEqual(
      (await parseResults(csv.body, 'text/csv')).rows?.map((r) => r.u?.value),
      [iri('user', 'alice')],
    );
    const jsonld = await remote.queryRaw(`CONSTRUCT WHERE { <${FINETUNED}> <${OBJ.trainedOn}> ?d }`, {
      mediaType: 'application/ld+json',
    });
    assert.equal(jsonld.form, 'graph');
    assert.deepEqual(
      (await parseGraphBody(jsonld.body, 'application/ld+json')).map((q) => q.object.value),
      [iri('dataset', 'stanfordnlp/imdb')],
    );
  });

  it('passes default-graph-uri / named-graph-uri to the endpoint', async function () {
    // No such graph in the store: the protocol dataset is empty, so nothing matches.
    assert.equal(await remote.ask('ASK { ?s ?p ?o }', { defaultGraphs: ['urn:no-such-graph'] }), false);
    assert.equal(await remote.ask('ASK { ?s ?p ?o }'), true);
  });

  it('cuts at its own maxResults and says so', async function () {
    const rows = await remote.select('SELECT * WHERE { ?s ?p ?o }');
    assert.equal(rows.length, 15);
    assert.ok(isTruncated(rows));
    const quads = await remote.construct('CONSTRUCT WHERE { ?s ?p ?o }');
    assert.equal(quads.length, 15);
    assert.ok(isTruncated(quads));
  });

  it('size() counts the triples through the endpoint', async function () {
    assert.equal(await remote.size(), await server.store.size());
  });

  it('turns an HTTP 400 into QuerySyntaxError with the endpoint message', async function () {
    // sparqljs accepts this, oxigraph (behind the endpoint) refuses it: the client must relay the 400.
    await assert.rejects(
      remote.select('SELECT * WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }'),
      (err: Error) => err instanceof QuerySyntaxError && /Malformed query/.test(err.message),
    );
  });

  it('stops waiting at its timeout with QueryTimeoutError', async function () {
    await assert.rejects(
      remote.select('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }', { timeoutMs: 300 }),
      (err: Error) => err instanceof QueryTimeoutError && err.timeoutMs === 300,
    );
  });

  it('relays a refusal of the endpoint (403) as an error naming the endpoint', async function () {
    await assert.rejects(
      remote.select('SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }'),
      /403.*evil\.example/s,
    );
  });

  it('names an endpoint it cannot reach', async function () {
    const nowhere = openRemoteStore({ endpoint: 'http://127.0.0.1:9/sparql' });
    await assert.rejects(nowhere.ask('ASK {}'), /cannot reach the SPARQL endpoint http:\/\/127\.0\.0\.1:9\/sparql/);
  });

  it('refuses an endpoint that is not an http(s) URL', function () {
    assert.throws(() => openRemoteStore({ endpoint: 'not a url' }), /is not a URL/);
    assert.throws(() => openRemoteStore({ endpoint: 'file:///etc/passwd' }), /http\(s\)/);
  });
});
