// Real text end to end: a slice of real Hub records (emoji, non-Latin scripts, HTML in cards) plus crafted bad text
// (controls, U+FFFE, lone surrogates, invalid UTF-8, padded and huge link targets) is built, validated and served; the
// entity descriptions in all five RDF formats and a SPARQL query in all four result formats, each parsed by an
// independent parser, give back exactly what was built.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { Parser, termToId, type Term as N3Term } from 'n3';
import { build, BuildFailedError, type BuildReport } from '../../src/build/build.js';
import type { BuildWarning } from '../../src/mapper/map.js';
import { encodeHubId, entityIri } from '../../src/iri.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import type { RunningServer } from '../../src/server/app.js';
import { RDF_FORMATS } from '../../src/rdf/formats.js';
import { DEFAULT_BASE } from '../../src/vocab.js';
import { parseRdf, raw, startTestServer } from '../helpers/server.js';
import { parseResults } from '../helpers/sparql-app.js';
import { tempDir } from '../helpers/temp-dirs.js';

const SNAPSHOT = join(FIXTURES_DIR, 'real-text', 'snapshot');
/** What XML 1.0 cannot hold (a served XML document with one of these is not well-formed). */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const ASTRAL = /[\u{10000}-\u{10ffff}]/u;
const DESCRIPTION = 'https://schema.org/description';

const RESULT_TYPES = [
  'application/sparql-results+json',
  'application/sparql-results+xml',
  'text/csv',
  'text/tab-separated-values',
];

const DATE_TIME = 'http://www.w3.org/2001/XMLSchema#dateTime';
const DOUBLE = 'http://www.w3.org/2001/XMLSchema#double';

/**
 * A triple as a string, its graph ignored (N-Quads and JSON-LD may name one), an xsd:dateTime by its value (the store
 * writes `…:08Z` for the `…:08.000Z` the build wrote: the same value).
 */
function tripleId(q: Quad): string {
  const o = q.object;
  // the store writes a date-time or a double in its own canonical form ("1.0E0" comes back as "1"): compare values
  const object =
    o.termType === 'Literal' && o.datatype.value === DATE_TIME
      ? `"${new Date(o.value).toISOString()}"^^${DATE_TIME}`
      : o.termType === 'Literal' && o.datatype.value === DOUBLE
        ? `"${Number(o.value)}"^^${DOUBLE}`
        : termToId(o as N3Term);
  return `${termToId(q.subject as N3Term)} ${termToId(q.predicate as N3Term)} ${object}`;
}

/** The ids of the fixture's real (not crafted) records of a JSON Lines text. */
function realIds(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { id: string }).id)
    .filter((id) => !id.trim().startsWith('crafted/'));
}

describe('real text: build, validate, serve', function () {
  this.timeout(120_000);
  let out: string;
  let report: BuildReport;
  const warnings: BuildWarning[] = [];
  let built: Quad[];
  let server: RunningServer;

  before(async () => {
    out = tempDir('hkg-realtext-');
    report = await build({
      snapshot: SNAPSHOT,
      out,
      validateWorkers: 0,
      progress: false,
      onWarning: (w) => warnings.push(w),
    });
    built = new Parser({ format: 'N-Triples' }).parse(
      gunzipSync(readFileSync(join(out, 'huggingkg.nt.gz'))).toString('utf8'),
    );
    server = await startTestServer({ outDir: out });
  });
  after(async () => server?.close());

  const at = (file: string, line: number) =>
    warnings.filter((w) => w.file === file && w.line === line).map((w) => w.message);

  it('reads the gzipped file, keeps every real record and validates to sh:conforms true (emoji are xsd:string)', () => {
    const models = realIds(readFileSync(join(SNAPSHOT, 'models.jsonl'), 'utf8'));
    const datasets = realIds(gunzipSync(readFileSync(join(SNAPSHOT, 'datasets.jsonl.gz'))).toString('utf8'));
    assert.ok(models.length >= 10 && datasets.length >= 5);
    for (const id of models)
      assert.ok(
        built.some((q) => q.subject.value === entityIri(DEFAULT_BASE, 'model', id)),
        `model ${id} built`,
      );
    for (const id of datasets)
      assert.ok(
        built.some((q) => q.subject.value === entityIri(DEFAULT_BASE, 'dataset', id)),
        `dataset ${id} built`,
      );
    assert.equal(report.mapping.records['datasets.jsonl.gz'], datasets.length + 1);
    assert.ok(
      built.some((q) => q.predicate.value === DESCRIPTION && ASTRAL.test(q.object.value)),
      'some description has emoji',
    );
    assert.equal(report.validation?.conforms, true, JSON.stringify(report.validation?.groups));
    assert.ok(
      built.every((q) => !NOT_XML.test(q.object.value) && !NOT_XML.test(q.subject.value)),
      'no literal or IRI holds what XML cannot',
    );
  });

  it('cleans bad text and drops bad link targets with warnings naming file and line; the build goes on', () => {
    const lines = readFileSync(join(SNAPSHOT, 'models.jsonl'), 'latin1').split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    assert.match(
      at('models.jsonl', lineOf('"crafted/controls"')).join('\n'),
      /description: \d+ character\(s\) XML 1\.0 cannot hold \(U\+0007, U\+0000/,
    );
    const links = at('models.jsonl', lineOf('"crafted/links"')).join('\n');
    assert.match(links, /edge "crafted\/links" -> "bad\\udc00" dropped: dataset id with .*lone surrogate/);
    assert.match(links, /edge "lone\\ud800\/x" -> "crafted\/links" dropped/);
    assert.match(
      at('models.jsonl', lineOf('"crafted/card-bases"')).join('\n'),
      /edge "x{20}.*\.\.\. -> "crafted\/card-bases" dropped: model id of 5000 characters/,
    );
    assert.deepEqual(at('models.jsonl', lineOf('"crafted/bad-utf8"')), ['invalid UTF-8 (bytes read as U+FFFD)']);
    assert.match(
      at('models.jsonl', lineOf('crafted/huge-id-'))[0] ?? '',
      /model id of 5016 characters .*record skipped/,
    );
    assert.match(at('models.jsonl', lineOf('" crafted/padded "'))[0] ?? '', /white space around it\): record skipped/);
    assert.match(
      at('datasets.jsonl.gz', 7).join('\n'),
      /description: 2 character\(s\) XML 1\.0 cannot hold \(U\+0001, U\+0000\)/,
    );
    const likes = at('likes.jsonl', 1).join('\n');
    assert.match(likes, /"lone\\udc00" -> "crafted\/controls" dropped/);
    assert.match(likes, /user id of 5000 characters/);
    assert.match(likes, /" padded " -> "crafted\/controls" dropped: user id with white space around it/);
    // The good liker with an emoji name is kept; the cleaned card keeps its emoji and marks lone surrogates.
    assert.ok(built.some((q) => q.subject.value === entityIri(DEFAULT_BASE, 'user', 'fan\u{1F60D}')));
    const card = built.find(
      (q) =>
        q.subject.value === entityIri(DEFAULT_BASE, 'model', 'crafted/controls') && q.predicate.value === DESCRIPTION,
    )!;
    assert.match(
      card.object.value,
      new RegExp(
        String.raw`\u{1F600}\nbell nul vt esc fffe ffff lone-high\ufffd lone-low\ufffd tab\tok \u0645\u0` +
          String.raw`631\u062d\u0628\u0627 \u4f60\u597d`,
        'u',
      ),
    );
    const utf8 = built.find(
      (q) =>
        q.subject.value === entityIri(DEFAULT_BASE, 'model', 'crafted/bad-utf8') && q.predicate.value === DESCRIPTION,
    )!;
    assert.match(utf8.object.value, /\ufffd.*\u{1F917}/u);
  });

  it(
    'serves each entity in Turtle, N-Triples, N-Quads, JSON-LD and ' + 'RDF/XML with exactly the built triples',
    async () => {
      const ids = [
        ...realIds(readFileSync(join(SNAPSHOT, 'models.jsonl'), 'utf8')).map((id) => ['model', id]),
        ...realIds(gunzipSync(readFileSync(join(SNAPSHOT, 'datasets.jsonl.gz'))).toString('utf8')).map((id) => [
          'dataset',
          id,
        ]),
        ['model', 'crafted/controls'],
        ['dataset', 'crafted/dataset-\u00e9\u00e8'],
        ['user', 'fan\u{1F60D}'],
      ] as Array<['model' | 'dataset' | 'user', string]>;
      for (const [kind, id] of ids) {
        const iri = entityIri(DEFAULT_BASE, kind, id);
        const expected = new Set(built.filter((q) => q.subject.value === iri).map(tripleId));
        assert.ok(expected.size > 0);
        for (const { key: format, mediaType } of RDF_FORMATS) {
          const r = await raw(server.url, `/data/${kind}/${encodeHubId(id)}?format=${format}`);
          assert.equal(r.status, 200, `${kind} ${id} as ${format}`);
          assert.equal(r.headers['content-type']?.toString().split(';')[0], mediaType);
          if (format === 'rdf') assert.ok(!NOT_XML.test(r.text), `RDF/XML of ${id} holds only XML characters`);
          const got = new Set((await parseRdf(r.text, mediaType)).filter((q) => q.subject.value === iri).map(tripleId));
          for (const t of expected) assert.ok(got.has(t), `${id} as ${format} lacks ${t.slice(0, 200)}`);
          for (const t of got)
            assert.ok(expected.has(t), `${id} as ${format} has ${t.slice(0, 200)}, which was not built`);
        }
      }
    },
  );

  it('answers a SPARQL query over the real text in JSON, XML, CSV and TSV with the built values', async () => {
    const query = `SELECT ?s ?d WHERE { ?s <${DESCRIPTION}> ?d } ORDER BY ?s`;
    const expected = built
      .filter((q) => q.predicate.value === DESCRIPTION)
      .map((q) => `${q.subject.value}\n${q.object.value}`)
      .sort();
    assert.ok(expected.some((e) => ASTRAL.test(e)) && expected.some((e) => e.includes('<') || e.includes('&')));
    for (const type of RESULT_TYPES) {
      const r = await raw(server.url, `/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: type } });
      assert.equal(r.status, 200, type);
      if (type.endsWith('xml')) assert.ok(!NOT_XML.test(r.text), 'SPARQL XML results hold only XML characters');
      const { rows } = await parseResults(r.text, type);
      const got = rows!.map((row) => `${row.s?.value}\n${row.d?.value}`).sort();
      assert.deepEqual(got, expected, type);
    }
  });
});

describe('build: a validation worker that runs out of heap @slow', function () {
  this.timeout(180_000);

  it(
    'has its batch split and retried down to the subject too big; ' +
      'the build writes its reports, and fails only with --strict',
    async () => {
      const snap = tempDir('hkg-oom-snap-');
      mkdirSync(snap, { recursive: true });
      // More subjects than one batch holds (so workers validate), and one model with 200,000 tags: 40 MB of heap
      // cannot hold its batch parsed.
      const small = Array.from({ length: 6000 }, (_, i) => JSON.stringify({ id: `acme/m${i}`, author: 'acme' }));
      const tags = Array.from({ length: 200_000 }, (_, i) => `tag-${i}-${'t'.repeat(80)}`);
      writeFileSync(
        join(snap, 'models.jsonl'),
        [...small, JSON.stringify({ id: 'acme/huge', author: 'acme', tags })].join('\n') + '\n',
      );
      const options = { snapshot: snap, validateWorkers: 1, validateWorkerHeapMb: 40, progress: false };
      const out = tempDir('hkg-oom-out-');
      const report = await build({ ...options, out });
      const v = report.validation!;
      assert.equal(v.conforms, false);
      assert.equal(v.results, 0);
      // The batch was split and retried down to the one subject no worker can hold.
      assert.deepEqual(v.unvalidated!.examples, [entityIri(DEFAULT_BASE, 'model', 'acme/huge')]);
      assert.equal(v.unvalidated!.focusNodes, 1);
      assert.ok(v.quickChecked! >= 6000, 'every other subject was validated');
      assert.equal(
        JSON.parse(readFileSync(join(out, 'build-report.json'), 'utf8')).validation.unvalidated.batches,
        v.unvalidated!.batches,
      );
      assert.match(readFileSync(join(out, 'validation-report.ttl'), 'utf8'), /sh:conforms false/);
      await assert.rejects(build({ ...options, out: tempDir('hkg-oom-strict-'), strict: true }), BuildFailedError);
    },
  );
});
