// External-store mode against a real Virtuoso (Debian's virtuoso-opensource): scripts/virtuoso/start.sh on free
// loopback ports with a temporary database, `huggingkg load --store virtuoso`, queries through the remote Store and
// plain fetch, read-only endpoint, clear errors for bad loads, scripts/virtuoso/stop.sh (through
// test/helpers/virtuoso.ts).
// Skipped only when the virtuoso-t binary is absent outside CI.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { entityIri } from '../../src/iri.js';
import { DEFAULT_BASE, CLASS, OBJ } from '../../src/vocab.js';
import { registerLoad } from '../../src/store/command.js';
import { graphSize, loadIntoVirtuoso } from '../../src/store/virtuoso.js';
import { openRemoteStore } from '../../src/store/remote.js';
import { freePort, requireVirtuoso, startVirtuoso, virtuosoScript, type RunningVirtuoso } from '../helpers/virtuoso.js';

const HKG = 'https://w3id.org/huggingkg/ontology#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** A small Hub-like graph: n models, each fine-tuned from model 0, with a name and hubId. */
function smallGraph(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const m = entityIri(DEFAULT_BASE, 'model', `org-${i % 3}/model-${i}`);
    lines.push(`<${m}> <${RDF_TYPE}> <${CLASS.Model}> .`);
    lines.push(`<${m}> <${HKG}hubId> "org-${i % 3}/model-${i}" .`);
    lines.push(`<${m}> <https://schema.org/name> "model ${i} \\u00e9\\"quoted\\"" .`);
    if (i > 0) lines.push(`<${m}> <${OBJ.fineTunedFrom}> <${entityIri(DEFAULT_BASE, 'model', 'org-0/model-0')}> .`);
  }
  return lines.join('\n') + '\n';
}

describe('Virtuoso external store (scripts/virtuoso, huggingkg load --store virtuoso) @virtuoso', function () {
  this.timeout(60_000);
  let virtuoso: RunningVirtuoso | undefined;
  let work: string;
  let db: string;
  let dumpDir: string;
  let isqlPort: number;
  let httpPort: number;
  let endpoint: string;
  const script = virtuosoScript;

  before(async function () {
    requireVirtuoso();
    work = mkdtempSync(join(tmpdir(), 'hkg-virtuoso-dumps-'));
    dumpDir = join(work, 'out');
    mkdirSync(dumpDir);
    writeFileSync(join(dumpDir, 'huggingkg.nt.gz'), gzipSync(smallGraph(50)));
    virtuoso = await startVirtuoso([dumpDir]);
    ({ db, isqlPort, httpPort, endpoint } = virtuoso);
    assert.match(virtuoso.startOutput, new RegExp(`SPARQL_ENDPOINT=http://127\\.0\\.0\\.1:${httpPort}/sparql`));
  });

  after(async function () {
    await virtuoso?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('start.sh binds loopback only and refuses a second start on the same database', () => {
    const r = spawnSync(
      script('start.sh'),
      ['--db', db, '--isql-port', String(isqlPort), '--http-port', String(httpPort)],
      { encoding: 'utf8', timeout: 50_000, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /already runs/);
    const ss = spawnSync('sh', ['-c', `ss -ltn 2>/dev/null || netstat -ltn`], { encoding: 'utf8' }).stdout;
    for (const port of [isqlPort, httpPort]) {
      const lines = ss.split('\n').filter((l) => new RegExp(`:${port}\\b`).test(l));
      assert.ok(lines.length > 0, `port ${port} listens`);
      assert.ok(
        lines.every((l) => l.includes('127.0.0.1:' + port)),
        `port ${port} only on loopback: ${lines.join(' | ')}`,
      );
    }
  });

  it('`huggingkg load --store virtuoso` bulk-loads OUTDIR/huggingkg.nt.gz into the graph', async () => {
    const program = new Command().exitOverride();
    registerLoad(program);
    const log = console.log;
    const err = console.error;
    const printed: string[] = [];
    console.log = (s: string) => printed.push(s);
    console.error = () => {};
    try {
      await program.parseAsync([
        'node',
        'huggingkg',
        'load',
        '--store',
        'virtuoso',
        '--from',
        dumpDir,
        '--isql-port',
        String(isqlPort),
      ]);
    } finally {
      console.log = log;
      console.error = err;
    }
    assert.match(printed.join('\n'), /loaded 199 triples into <https:\/\/w3id\.org\/huggingkg\/>/);
    assert.equal(await graphSize({ port: isqlPort }, DEFAULT_BASE), 199);
  });

  it('reloading replaces the graph; --append adds a second file', async () => {
    const r = await loadIntoVirtuoso({ from: dumpDir, port: isqlPort });
    assert.equal(r.triples, 199);
    writeFileSync(
      join(dumpDir, 'more.nt.gz'),
      gzipSync(`<${entityIri(DEFAULT_BASE, 'user', 'alice')}> <${RDF_TYPE}> <${CLASS.User}> .\n`),
    );
    const r2 = await loadIntoVirtuoso({ from: join(dumpDir, 'more.nt.gz'), port: isqlPort, append: true });
    assert.equal(r2.triples, 200);
    const r3 = await loadIntoVirtuoso({ from: dumpDir, port: isqlPort });
    assert.equal(r3.triples, 199);
  });

  it(
    'bad loads fail with a clear message: missing dump, malformed ' + 'N-Triples, wrong password, bad graph IRI',
    async () => {
      const empty = join(work, 'empty');
      mkdirSync(empty);
      await assert.rejects(
        loadIntoVirtuoso({ from: empty, port: isqlPort }),
        /no huggingkg\.nt\.gz in .*huggingkg build/,
      );
      writeFileSync(join(dumpDir, 'broken.nt.gz'), gzipSync('<a:b> <a:c> "unterminated .\n'));
      await assert.rejects(
        loadIntoVirtuoso({ from: join(dumpDir, 'broken.nt.gz'), port: isqlPort, graph: 'urn:x-test:broken' }),
        /failed to load .*broken\.nt\.gz/,
      );
      await assert.rejects(loadIntoVirtuoso({ from: dumpDir, port: isqlPort, password: 'wrong' }), /refused the login/);
      await assert.rejects(
        loadIntoVirtuoso({ from: dumpDir, port: isqlPort, graph: 'not an iri' }),
        /--graph must be an absolute IRI/,
      );
      await assert.rejects(loadIntoVirtuoso({ from: dumpDir, port: await freePort() }), /cannot reach Virtuoso/);
    },
  );

  it('answers SPARQL over plain fetch (SPARQL 1.1 Protocol, JSON results) with default-graph-uri', async () => {
    const url = new URL(endpoint);
    url.searchParams.set('default-graph-uri', DEFAULT_BASE);
    url.searchParams.set('query', `SELECT (COUNT(?m) AS ?n) WHERE { ?m <${OBJ.fineTunedFrom}> ?base }`);
    const res = await fetch(url, { headers: { accept: 'application/sparql-results+json' } });
    assert.equal(res.status, 200);
    const json = (await res.json()) as { results: { bindings: { n: { value: string } }[] } };
    assert.equal(json.results.bindings[0]?.n?.value, '49');
  });

  it('is read-only through /sparql: updates are refused', async () => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: `INSERT DATA { GRAPH <${DEFAULT_BASE}> { <urn:a> <urn:b> <urn:c> } }` }),
    });
    assert.notEqual(res.status, 200);
    assert.equal(await graphSize({ port: isqlPort }, DEFAULT_BASE), 199);
  });

  it('serves the graph through openRemoteStore (endpoint URL carrying default-graph-uri)', async () => {
    // Virtuoso 7.2 never answers a direct POST (application/sparql-query; openlink/virtuoso-opensource#842), so the
    // remote store must use GET or the URL-encoded form POST; the timeout turns a hang into a clear failure.
    const store = openRemoteStore({
      endpoint: `${endpoint}?default-graph-uri=${encodeURIComponent(DEFAULT_BASE)}`,
      timeoutMs: 15_000,
    });
    try {
      const rows = await store.select(
        `SELECT ?name WHERE { <${entityIri(DEFAULT_BASE, 'model', 'org-1/model-1')}> <https://schema.org/name> ?name }`,
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.name?.value, 'model 1 é"quoted"');
      assert.equal(
        await store.ask(`ASK { ?m <${OBJ.fineTunedFrom}> <${entityIri(DEFAULT_BASE, 'model', 'org-0/model-0')}> }`),
        true,
      );
      const quads = await store.construct(
        `CONSTRUCT { ?m ?p ?o } WHERE { ?m ?p ?o FILTER(?m = <${entityIri(DEFAULT_BASE, 'model', 'org-2/model-2')}>) }`,
      );
      assert.equal(quads.length, 4);
      assert.equal(await store.size(), 199);
    } finally {
      await store.close();
    }
  });
});
