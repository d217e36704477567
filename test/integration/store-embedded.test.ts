// Tests of the embedded store: oxigraph in worker threads, loading .nt.gz / .nq.gz dumps, RDF/JS answers, the
// result-size limit, timeouts that replace the worker, and clear errors for bad dumps.

import assert from 'node:assert/strict';
import pino from 'pino';
import { isTruncated } from '../../src/store/answer.js';
import { openEmbeddedStore, type EmbeddedStore } from '../../src/store/embedded.js';
import { WARM_UP_QUERY } from '../../src/store/warm-up.js';
import { QuerySyntaxError, QueryTimeoutError } from '../../src/store/store.js';
import { NS, OBJ, STD } from '../../src/vocab.js';
import { iri, likesGraph, sampleGraph, writeGraphFile } from '../helpers/graph.js';
import { must } from '../helpers/must.js';
import { jsonLinesInto } from '../helpers/server.js';
import { parseGraphBody, parseResults, silentLogger } from '../helpers/sparql-app.js';

const BERT = iri('model', 'google-bert/bert-base-uncased');
const FINETUNED = iri('model', 'acme/bert-finetuned');
const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

describe('embedded store (oxigraph in worker threads)', function () {
  let store: EmbeddedStore;
  const logLines: Array<Record<string, unknown>> = [];

  before(async function () {
    store = await openEmbeddedStore({
      files: [writeGraphFile(sampleGraph())],
      workers: 1,
      maxResults: 10,
      logger: pino(jsonLinesInto(logLines)),
    });
  });
  after(async () => store?.close());

  it('loads the .nt.gz dump and logs how many triples in how long', async function () {
    assert.equal(store.triples, sampleGraph().length);
    assert.equal(await store.size(), sampleGraph().length);
    assert.equal(typeof store.loadMs, 'number');
    const loaded = logLines.find((l) => l.msg === 'embedded store loaded');
    assert.equal(loaded?.triples, sampleGraph().length);
    assert.equal(typeof loaded?.ms, 'number');
  });

  it('runs its warm-up query after loading, without a warning', async function () {
    const worker = logLines.find((l) => l.msg === 'query worker loaded the graph');
    assert.equal(typeof worker?.warmUpMs, 'number');
    assert.ok(!logLines.some((l) => /warm-up/.test(String(l.msg))), 'no warm-up warning');
    const rows = await store.select(WARM_UP_QUERY);
    assert.ok(
      rows.length > 0 && rows.every((r) => r.s && Number(r.n?.value) >= 1),
      'the warm-up query answers on any graph',
    );
  });

  it('select() returns RDF/JS terms with datatypes and languages', async function () {
    const rows = await store.select(
      `SELECT ?d ?desc ?base WHERE { <${BERT}> <${NS.hkg}downloads> ` +
        `?d ; <${STD.description}> ?desc . <${FINETUNED}> <${OBJ.fineTunedFrom}> ` +
        `?base }`,
    );
    assert.equal(rows.length, 1);
    const row = must(rows[0], 'the one solution');
    const [d, desc, base] = [must(row.d, '?d'), must(row.desc, '?desc'), must(row.base, '?base')];
    assert.equal(d.termType, 'Literal');
    assert.equal((d as { datatype: { value: string } }).datatype.value, `${NS.xsd}integer`);
    assert.equal(d.value, '1234567');
    assert.equal((desc as { language: string }).language, 'en');
    assert.equal(base.termType, 'NamedNode');
    assert.equal(base.value, BERT);
  });

  it('select() leaves unbound variables out of the solution', async function () {
    const rows = await store.select(`SELECT ?m ?x WHERE { BIND(<${BERT}> AS ?m) OPTIONAL { ?m <urn:none> ?x } }`);
    assert.deepEqual(Object.keys(must(rows[0], 'a solution')), ['m']);
  });

  it('ask() and construct()', async function () {
    assert.equal(await store.ask(`ASK { <${FINETUNED}> <${OBJ.fineTunedFrom}> <${BERT}> }`), true);
    assert.equal(await store.ask(`ASK { <${BERT}> <${OBJ.fineTunedFrom}> ?x }`), false);
    const quads = await store.construct(
      `CONSTRUCT { ?d <${OBJ.derivedFrom}> ?b } WHERE { ?d <${OBJ.fineTunedFrom}>|<${OBJ.quantizedFrom}> ?b }`,
    );
    assert.equal(quads.length, 2);
    assert.ok(quads.every((q) => q.predicate.value === OBJ.derivedFrom));
  });

  it('keeps one blank node one node (the qualified derivation)', async function () {
    const rows = await store.select(
      `SELECT ?base WHERE { <${FINETUNED}> <${STD.qualifiedDerivation}> ?d . ?d <${OBJ.baseModel}> ?base }`,
    );
    assert.deepEqual(
      rows.map((r) => r.base?.value),
      [BERT],
    );
  });

  it('queryRaw() writes SELECT as JSON, XML, CSV and TSV and CONSTRUCT as every RDF format', async function () {
    const select = `SELECT ?u WHERE { ?u <${OBJ.likes}> <${FINETUNED}> }`;
    for (const mediaType of [
      'application/sparql-results+json',
      'application/sparql-results+xml',
      'text/csv',
      'text/tab-separated-values',
    ]) {
      const raw = await store.queryRaw(select, { mediaType });
      assert.equal(raw.form, 'bindings');
      assert.equal(raw.contentType.split(';')[0], mediaType);
      const { rows } = await parseResults(raw.body, mediaType);
      assert.deepEqual(
        rows?.map((r) => r.u?.value),
        [iri('user', 'alice')],
        mediaType,
      );
    }
    const construct = `CONSTRUCT WHERE { <${FINETUNED}> <${OBJ.trainedOn}> ?d }`;
    for (const mediaType of [
      'text/turtle',
      'application/n-triples',
      'application/n-quads',
      'application/ld+json',
      'application/rdf+xml',
    ]) {
      const raw = await store.queryRaw(construct, { mediaType });
      assert.equal(raw.form, 'graph');
      const quads = await parseGraphBody(raw.body, mediaType);
      assert.deepEqual(
        quads.map((q) => q.object.value),
        [iri('dataset', 'stanfordnlp/imdb')],
        mediaType,
      );
    }
  });

  it('queryRaw() refuses a media type that does not fit the query form', async function () {
    await assert.rejects(store.queryRaw('ASK {}', { mediaType: 'text/turtle' }), /cannot be written as text\/turtle/);
  });

  it('select() refuses a query of another form', async function () {
    await assert.rejects(store.select('ASK {}'), /select\(\) takes a SELECT query, not ASK/);
  });

  it('cuts a result over maxResults and says so (no LIMIT, larger LIMIT, trailing VALUES)', async function () {
    for (const query of [
      'SELECT * WHERE { ?s ?p ?o }',
      'SELECT * WHERE { ?s ?p ?o } LIMIT 1000',
      `SELECT * WHERE { ?s ?p ?o } VALUES ?p { <${NS.rdf}type> <${NS.hkg}hubId> <${STD.name}> }`,
    ]) {
      const rows = await store.select(query);
      assert.equal(rows.length, 10, query);
      assert.ok(isTruncated(rows), query);
    }
    const quads = await store.construct('CONSTRUCT WHERE { ?s ?p ?o }');
    assert.equal(quads.length, 10);
    assert.ok(isTruncated(quads));
    const raw = await store.queryRaw('SELECT * WHERE { ?s ?p ?o }', { mediaType: 'text/csv' });
    assert.equal((raw as { truncated?: boolean }).truncated, true);
  });

  it('does not flag a result within the limit', async function () {
    const rows = await store.select('SELECT * WHERE { ?s ?p ?o } LIMIT 10');
    assert.equal(rows.length, 10);
    assert.equal(isTruncated(rows), false);
    const raw = await store.queryRaw('SELECT * WHERE { ?s ?p ?o } LIMIT 3', {
      mediaType: 'application/sparql-results+json',
    });
    assert.equal((raw as { truncated?: boolean }).truncated, false);
  });

  it('rejects a malformed query with QuerySyntaxError carrying the parser message', async function () {
    await assert.rejects(
      store.select('SELECT ?s WHERE { ?s ?p '),
      (err: Error) => err instanceof QuerySyntaxError && /Parse error on line 1/.test(err.message),
    );
  });

  it('reports an error only oxigraph finds as a QuerySyntaxError too', async function () {
    await assert.rejects(store.select('SELECT * { BIND(1 AS ?x) BIND(2 AS ?x) }'), QuerySyntaxError);
  });

  it('refuses updates: the store is read-only', async function () {
    await assert.rejects(store.select('INSERT DATA { <urn:a> <urn:b> <urn:c> }'), /read-only/);
    assert.equal(await store.ask('ASK { <urn:a> <urn:b> <urn:c> }'), false);
  });
});

describe('embedded store: timeouts stop the query and replace the worker', function () {
  let store: EmbeddedStore;
  before(async function () {
    store = await openEmbeddedStore({
      files: [writeGraphFile(likesGraph(300, 100, 4))],
      workers: 1,
      logger: silentLogger,
    });
  });
  after(async () => store?.close());

  it('rejects a runaway query with QueryTimeoutError', async function () {
    await assert.rejects(
      store.select(RUNAWAY, { timeoutMs: 500 }),
      (err: Error) => err instanceof QueryTimeoutError && err.timeoutMs === 500,
    );
  });

  it('answers again from the fresh worker (the only one) after the timeout', async function () {
    const rows = await store.select(`SELECT (COUNT(*) AS ?n) WHERE { ?u <${OBJ.likes}> ?m }`);
    assert.equal(must(rows[0], 'the COUNT solution').n?.value, '1200');
  });

  it('times out a query still waiting in the queue behind a runaway one', async function () {
    const runaway = store.select(RUNAWAY, { timeoutMs: 3000 }).catch((e: Error) => e);
    const queued = store.ask('ASK { ?s ?p ?o }', { timeoutMs: 300 }).catch((e: Error) => e);
    assert.ok((await queued) instanceof QueryTimeoutError, 'the queued query timed out');
    assert.ok((await runaway) instanceof QueryTimeoutError, 'the runaway query timed out');
    assert.equal(await store.ask('ASK { ?s ?p ?o }'), true);
  });
});

describe('embedded store: datasets and bad dumps', function () {
  it('loads N-Quads into named graphs and honours default/named graph selection', async function () {
    const nq = '<urn:a> <urn:p> "1" <urn:g1> .\n<urn:b> <urn:p> "2" <urn:g2> .\n<urn:c> <urn:p> "3" .\n';
    const store = await openEmbeddedStore({
      files: [writeGraphFile(nq, 'data.nq.gz')],
      workers: 1,
      logger: silentLogger,
    });
    try {
      const all = async (opts = {}) =>
        (await store.select('SELECT ?s WHERE { ?s <urn:p> ?o } ORDER BY ?s', opts)).map((r) => r.s?.value);
      assert.deepEqual(await all(), ['urn:c'], 'the default graph alone');
      assert.deepEqual(await all({ defaultGraphs: ['urn:g1', 'urn:g2'] }), ['urn:a', 'urn:b']);
      const named = await store.select('SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g', {
        namedGraphs: ['urn:g2'],
      });
      assert.deepEqual(
        named.map((r) => r.g?.value),
        ['urn:g2'],
      );
    } finally {
      await store.close();
    }
  });

  it('keeps blank nodes whole across the 1 MiB load chunks', async function () {
    let nt = '_:shared <urn:p> "first" .\n';
    for (let i = 0; i < 40_000; i++)
      nt += `<urn:filler/${i}> <urn:p> "a filler line to push the file well past one chunk" .\n`;
    nt += '_:shared <urn:p> "last" .\n';
    assert.ok(nt.length > 3 * (1 << 20));
    const store = await openEmbeddedStore({ files: [writeGraphFile(nt, 'big.nt')], workers: 1, logger: silentLogger });
    try {
      const rows = await store.select('SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b <urn:p> ?o FILTER(isBlank(?b)) }');
      assert.equal(must(rows[0], 'the COUNT solution').n?.value, '1');
    } finally {
      await store.close();
    }
  });

  it('refuses a graph over maxTriples early, naming the external store mode', async function () {
    const file = writeGraphFile(sampleGraph());
    await assert.rejects(
      openEmbeddedStore({ files: [file], workers: 1, maxTriples: 5, logger: silentLogger }),
      (err: Error) =>
        err.message.includes(file) && /more than 5 triples/.test(err.message) && /serve --endpoint/.test(err.message),
    );
  });

  it('names a missing dump file', async function () {
    await assert.rejects(
      openEmbeddedStore({ files: ['/nonexistent/huggingkg.nt.gz'] }),
      /cannot load \/nonexistent\/huggingkg\.nt\.gz: no such file/,
    );
  });

  it('refuses a format it cannot stream', async function () {
    await assert.rejects(openEmbeddedStore({ files: ['graph.ttl'] }), /graph\.ttl.*N-Triples/);
  });

  it('names the file of a malformed dump', async function () {
    const file = writeGraphFile('<urn:a> <urn:b> "unterminated .\n');
    await assert.rejects(openEmbeddedStore({ files: [file], workers: 1, logger: silentLogger }), (err: Error) =>
      err.message.includes(file),
    );
  });

  it('rejects queries after close()', async function () {
    const store = await openEmbeddedStore({ files: [writeGraphFile(sampleGraph())], workers: 1, logger: silentLogger });
    await store.close();
    await assert.rejects(store.ask('ASK {}'), /closed/);
  });
});
