// `huggingkg sparql`: your own query over a server's endpoint, a build directory and a dump; every output format is
// read back by an independent parser (sparqljson-parse, sparqlxml-parse, papaparse, n3, jsonld, rdflib) and all say
// the same; `--from OUT` asks the server that serves OUT when its note checks out, and loads the graph otherwise.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Quad, Term } from '@rdfjs/types';
import type { RunningServer } from '../../src/server/app.js';
import { writeServerNote } from '../../src/store/running-server.js';
import { CLASS, STD } from '../../src/vocab.js';
import { CLI } from '../helpers/cli.js';
import { must } from '../helpers/must.js';
import { FIXTURE_GRAPH, startTestServer } from '../helpers/server.js';
import { parseGraphBody, parseResults, type Row } from '../helpers/sparql-app.js';
import { tempDir } from '../helpers/temp-dirs.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `stdin` (when given) and the environment additions; resolves whatever the exit code. */
function cli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

const SELECT = `SELECT ?model ?name WHERE { ?model a <${CLASS.Model}> ; <${STD.name}> ?name } ORDER BY ?model ?name`;
const CONSTRUCT = `CONSTRUCT { ?model <${STD.name}> ?name } WHERE { ?model a <${CLASS.Model}> ; <${STD.name}> ?name }`;
const ASK = `ASK { ?model a <${CLASS.Model}> }`;

/** Rows as sorted "model name" lines of plain values: what every format keeps (CSV keeps no term types). */
function pairs(rows: Row[]): string[] {
  return rows.map((r) => `${r.model?.value} ${r.name?.value}`).sort();
}

function rows(value: Row[] | undefined): Row[] {
  return must(value, 'result rows');
}

function tripleKeys(quads: Quad[]): string[] {
  const show = (t: Term) => (t.termType === 'Literal' ? `"${t.value}"` : t.value);
  return quads.map((q) => `${show(q.subject)} ${show(q.predicate)} ${show(q.object)}`).sort();
}

describe('huggingkg sparql @slow', function () {
  this.timeout(180_000);
  let server: RunningServer;
  let endpoint: string;
  let expected: string[];
  let notes: string;

  before(async () => {
    server = await startTestServer({ outDir: FIXTURE_GRAPH });
    endpoint = `${server.url}/sparql`;
    notes = tempDir('hkg-notes-');
    const json = await cli(['sparql', SELECT, '--endpoint', endpoint, '-f', 'json']);
    assert.equal(json.code, 0, json.stderr);
    expected = pairs(rows((await parseResults(json.stdout, 'application/sparql-results+json')).rows));
    assert.ok(expected.length >= 3, `the fixture has models with names: ${expected.length}`);
  });
  after(() => server?.close());

  it('SELECT as SPARQL results JSON, XML, CSV and TSV: each parses and all hold the same rows', async () => {
    const types: Record<string, string> = {
      json: 'application/sparql-results+json',
      xml: 'application/sparql-results+xml',
      csv: 'text/csv',
      tsv: 'text/tab-separated-values',
    };
    for (const [format, type] of Object.entries(types)) {
      const r = await cli(['sparql', SELECT, '--endpoint', endpoint, '-f', format]);
      assert.equal(r.code, 0, r.stderr);
      const parsed = await parseResults(r.stdout, type);
      assert.deepEqual(parsed.vars, ['model', 'name'], `${format}: variables in SELECT order`);
      assert.deepEqual(pairs(rows(parsed.rows)), expected, format);
    }
  });

  it('into a pipe SELECT is TSV and CONSTRUCT N-Triples by default; a table on request', async () => {
    const tsv = await cli(['sparql', SELECT, '--endpoint', endpoint]);
    assert.equal(tsv.code, 0, tsv.stderr);
    assert.equal(tsv.stdout.split('\n')[0], '?model\t?name');
    const nt = await cli(['sparql', CONSTRUCT, '--endpoint', endpoint]);
    assert.equal(nt.code, 0, nt.stderr);
    assert.equal(await parseGraphBody(nt.stdout, 'application/n-triples').then((q) => q.length), expected.length);
    const table = await cli(['sparql', SELECT, '--endpoint', endpoint, '-f', 'table']);
    assert.match(table.stdout, /^model +name\n-+ +-+\nmodel\//, 'IRIs shortened by the base');
    assert.match(table.stdout, new RegExp(`\\(${expected.length} rows\\)\\n$`));
  });

  it('CONSTRUCT as Turtle, N-Triples, N-Quads, JSON-LD and RDF/XML: each parses to the same triples', async () => {
    const types: Record<string, string> = {
      turtle: 'text/turtle',
      ntriples: 'application/n-triples',
      nquads: 'application/n-quads',
      jsonld: 'application/ld+json',
      rdfxml: 'application/rdf+xml',
    };
    let first: string[] | undefined;
    for (const [format, type] of Object.entries(types)) {
      const r = await cli(['sparql', CONSTRUCT, '--endpoint', endpoint, '-f', format]);
      assert.equal(r.code, 0, `${format}: ${r.stderr}`);
      const keys = tripleKeys(await parseGraphBody(r.stdout, type));
      assert.equal(keys.length, expected.length, format);
      first ??= keys;
      assert.deepEqual(keys, first, `${format} holds the triples Turtle holds`);
    }
  });

  it('ASK as JSON and XML; CSV, which has no boolean form, is a usage error before any work', async () => {
    for (const [format, type] of [
      ['json', 'application/sparql-results+json'],
      ['xml', 'application/sparql-results+xml'],
    ] as const) {
      const r = await cli(['sparql', ASK, '--endpoint', endpoint, '-f', format]);
      assert.equal((await parseResults(r.stdout, type)).boolean, true, format);
    }
    const csv = await cli(['sparql', ASK, '--endpoint', endpoint, '-f', 'csv']);
    assert.equal(csv.code, 2, csv.stderr);
    assert.match(csv.stderr, /an ASK query cannot be written as "csv"; use one of table, json, xml/);
  });

  it("says so when a server's result-size limit cut the answer", async () => {
    const small = await startTestServer({ outDir: FIXTURE_GRAPH, maxResults: 2 });
    try {
      const r = await cli(['sparql', SELECT, '--endpoint', `${small.url}/sparql`, '-f', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(rows((await parseResults(r.stdout, 'application/sparql-results+json')).rows).length, 2);
      assert.match(r.stderr, /the answer is incomplete: .* cut it at a result-size limit/);
      const whole = await cli(['sparql', SELECT, '--endpoint', endpoint, '-f', 'json']);
      assert.doesNotMatch(whole.stderr, /incomplete/);
    } finally {
      await small.close();
    }
  });

  it('reads the query from a .rq file or stdin', async () => {
    const file = join(tempDir('hkg-rq-'), 'models.rq');
    writeFileSync(file, SELECT);
    const fromFile = await cli(['sparql', file, '--endpoint', endpoint, '-f', 'json']);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.deepEqual(
      pairs(rows((await parseResults(fromFile.stdout, 'application/sparql-results+json')).rows)),
      expected,
    );
    const fromStdin = await cli(['sparql', '-', '--endpoint', endpoint, '-f', 'csv'], {}, SELECT);
    assert.deepEqual(pairs(rows((await parseResults(fromStdin.stdout, 'text/csv')).rows)), expected);
  });

  it('usage errors exit 2 naming the problem: targets, a bad query, an update, a missing file', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['sparql', SELECT], /give exactly one of --from OUTDIR, --endpoint URL or --dump FILE/],
      [['sparql', SELECT, '--endpoint', endpoint, '--dump', 'x.nt'], /give exactly one of/],
      [['sparql', 'SELECT ?x WHERE {', '--endpoint', endpoint], /the query is not a SPARQL query: /],
      [['sparql', 'DELETE WHERE { ?s ?p ?o }', '--endpoint', endpoint], /SPARQL update; only queries are run/],
      [['sparql', 'no-such.rq', '--endpoint', endpoint], /no-such\.rq: no such query file/],
      [['sparql', SELECT, '--endpoint', endpoint, '-f', 'yaml'], /--format must be one of table, json/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  it('a dump through Comunica and a build directory loaded here answer as the server does', async () => {
    const dump = await cli(['sparql', SELECT, '--dump', join(FIXTURE_GRAPH, 'huggingkg.nt.gz'), '-f', 'json']);
    assert.equal(dump.code, 0, dump.stderr);
    assert.deepEqual(pairs(rows((await parseResults(dump.stdout, 'application/sparql-results+json')).rows)), expected);
    const loaded = await cli(['sparql', SELECT, '--from', FIXTURE_GRAPH, '-f', 'tsv'], {
      HUGGINGKG_SERVERS_DIR: notes,
    });
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.match(loaded.stderr, /loading .*huggingkg\.nt\.gz/, 'no server noted: the graph is loaded');
    assert.deepEqual(pairs(rows((await parseResults(loaded.stdout, 'text/tab-separated-values')).rows)), expected);
  });

  it('--from OUT asks the server noted for OUT, unless --no-server; a note for another dump is ignored', async () => {
    const forget = writeServerNote(FIXTURE_GRAPH, server.url, { dir: notes });
    try {
      const env = { HUGGINGKG_SERVERS_DIR: notes };
      const asked = await cli(['sparql', SELECT, '--from', FIXTURE_GRAPH, '-f', 'json'], env);
      assert.equal(asked.code, 0, asked.stderr);
      assert.match(asked.stderr, new RegExp(`asking the server at ${server.url}`));
      assert.doesNotMatch(asked.stderr, /loading/);
      assert.deepEqual(
        pairs(rows((await parseResults(asked.stdout, 'application/sparql-results+json')).rows)),
        expected,
      );
      const query = await cli(['query', 'most-derived-base-models', '--from', FIXTURE_GRAPH, '-f', 'tsv'], env);
      assert.equal(query.code, 0, query.stderr);
      assert.match(query.stderr, /asking the server at/, 'query --from uses it too');
      assert.match(query.stdout, /^\?base\t/);

      const notAsked = await cli(['sparql', ASK, '--from', FIXTURE_GRAPH, '--no-server'], env);
      assert.equal(notAsked.code, 0, notAsked.stderr);
      assert.match(notAsked.stderr, /loading/);
      assert.equal(notAsked.stdout, 'true\n');
    } finally {
      forget();
    }
    // A server that serves another build of OUT (another dump sha256) is not asked.
    const other = join(tempDir('hkg-notes-other-'), 'note-dir');
    const stale = writeServerNote(FIXTURE_GRAPH, server.url, { dir: other });
    try {
      const note = join(other, must(readdirSync(other)[0], 'the note'));
      writeFileSync(
        note,
        readFileSync(note, 'utf8').replace(/"dumpSha256":"[0-9a-f]+"/, `"dumpSha256":"${'0'.repeat(64)}"`),
      );
      const r = await cli(['sparql', ASK, '--from', FIXTURE_GRAPH], { HUGGINGKG_SERVERS_DIR: other });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /loading/);
    } finally {
      stale();
    }
  });
});
