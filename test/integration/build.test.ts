// The build pipeline end to end through the real CLI: snapshot -> dumps, VoID, SHACL report, build report.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, Store as N3Store, DataFactory } from 'n3';
import { SAMPLE_SNAPSHOT } from '../../src/paths.js';
import { DATA, NS } from '../../src/vocab.js';
import { STATISTICS_VERSION } from '../../src/stats/statistics-version.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';

const { namedNode } = DataFactory;

/** A snapshot whose models.jsonl holds only the real recorded model-detail responses (the sample's first 35 lines). */
async function recordedModelsSnapshot(): Promise<string> {
  const dir = tempDir('hkg-snap-');
  const lines = (await readFile(join(SAMPLE_SNAPSHOT, 'models.jsonl'), 'utf8')).split('\n').slice(0, 35);
  assert.ok(
    lines.every((l) => JSON.parse(l).sha),
    'the first 35 sample model lines are recorded Hub responses (they carry a commit sha)',
  );
  await writeFile(join(dir, 'models.jsonl'), lines.join('\n') + '\n');
  return dir;
}

function ntriples(out: string): Promise<string> {
  return readFile(join(out, 'huggingkg.nt.gz')).then((b) => gunzipSync(b).toString('utf8'));
}

/** The V8 heap limit a build ran with, as its report records it. */
async function heapOf(out: string): Promise<number> {
  return (JSON.parse(await readFile(join(out, 'build-report.json'), 'utf8')) as { heapLimitMb: number }).heapLimitMb;
}

describe('huggingkg build (CLI) @slow', function () {
  this.timeout(120_000);

  it(
    'maps the recorded Hub model responses: lineage triple present, ' +
      'graph conforms, dumps listed in VoID with sha256',
    async () => {
      const snap = await recordedModelsSnapshot();
      const out = tempDir('hkg-out-');
      const res = await cli(['build', '--snapshot', snap, '--out', out, '--quiet']);
      assert.equal(res.code, 0, res.stderr);
      const nt = await ntriples(out);
      assert.ok(
        nt.includes(
          '<https://w3id.org/huggingkg/model/meta-llama/Llama-3.1-8B-Instruct> ' +
            '<https://w3id.org/huggingkg/ontology#fineTunedFrom> ' +
            '<https://w3id.org/huggingkg/model/meta-llama/Llama-3.1-8B> ' +
            '.',
        ),
        'fineTunedFrom triple of Llama-3.1-8B-Instruct',
      );
      const report = await readFile(join(out, 'validation-report.ttl'), 'utf8');
      const reportStore = new N3Store(new Parser().parse(report));
      const conforms = reportStore.getObjects(null, namedNode(NS.sh + 'conforms'), null).map((o) => o.value);
      assert.deepEqual(conforms, ['true'], report.slice(0, 2000));

      const voidStore = new N3Store(new Parser().parse(await readFile(join(out, 'void.ttl'), 'utf8')));
      const checksums = voidStore
        .getObjects(null, namedNode('http://spdx.org/rdf/terms#checksumValue'), null)
        .map((o) => o.value);
      for (const name of ['huggingkg.nt.gz', 'huggingkg.ttl.gz', 'huggingkg.jsonld.gz']) {
        const sha = createHash('sha256')
          .update(await readFile(join(out, name)))
          .digest('hex');
        assert.ok(checksums.includes(sha), `VoID lists the sha256 of ${name}`);
      }
      const triples = voidStore.getObjects(null, namedNode(NS.void + 'triples'), null).map((o) => Number(o.value));
      const ntCount = nt.split('\n').filter((l) => l.trim()).length;
      assert.ok(triples.includes(ntCount), `void:triples ${triples} includes the N-Triples line count ${ntCount}`);

      // the statistics' version marker, in the dumps (where a server's store finds it), in VoID and in the report
      const marker =
        `<https://w3id.org/huggingkg/void#HuggingKG> <${DATA.statisticsVersion}> ` +
        `"${STATISTICS_VERSION}"^^<http://www.w3.org/2001/XMLSchema#integer> .`;
      assert.equal(nt.split('\n').filter((l) => l === marker).length, 1, 'one marker line in the N-Triples dump');
      assert.deepEqual(
        voidStore.getObjects(null, namedNode(DATA.statisticsVersion), null).map((o) => o.value),
        [String(STATISTICS_VERSION)],
      );
      const buildReport = JSON.parse(await readFile(join(out, 'build-report.json'), 'utf8'));
      assert.equal(buildReport.statisticsVersion, STATISTICS_VERSION);
      assert.equal(buildReport.triples, ntCount);
      assert.ok(buildReport.mapping.entities.model >= 20);
      assert.ok(buildReport.mapping.dangling.model >= 1, 'base models outside the snapshot are counted as dangling');
    },
  );

  it(
    'builds the bundled sample: every dump parses, the three formats ' + 'hold the same triples, the graph conforms',
    async () => {
      const out = tempDir('hkg-sample-');
      const res = await cli(['build', '--snapshot', SAMPLE_SNAPSHOT, '--out', out, '--quiet']);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /conform/i);
      const fromNt = new Parser({ format: 'N-Triples' }).parse(await ntriples(out));
      const fromTtl = new Parser().parse(gunzipSync(await readFile(join(out, 'huggingkg.ttl.gz'))).toString('utf8'));
      assert.equal(fromTtl.length, fromNt.length);
      const jsonld = (await import('jsonld')).default;
      const doc = JSON.parse(gunzipSync(await readFile(join(out, 'huggingkg.jsonld.gz'))).toString('utf8'));
      const nquads = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as unknown as string;
      const fromJsonld = new N3Store(new Parser({ format: 'N-Quads' }).parse(nquads));
      assert.equal(fromJsonld.size, new N3Store(fromNt).size);
      const reportStore = new N3Store(new Parser().parse(await readFile(join(out, 'validation-report.ttl'), 'utf8')));
      assert.deepEqual(
        reportStore.getObjects(null, namedNode(NS.sh + 'conforms'), null).map((o) => o.value),
        ['true'],
      );
    },
  );

  it(
    'keeps going on bad input: warns with file and line, keeps the ' + 'good records, exits 0; --strict exits 65',
    async () => {
      const snap = tempDir('hkg-bad-');
      await mkdir(snap, { recursive: true });
      const good = {
        id: 'acme/good-model',
        author: 'acme',
        downloads: 3,
        likes: 1,
        tags: [],
        createdAt: '2024-01-01T00:00:00.000Z',
      };
      await writeFile(
        join(snap, 'models.jsonl'),
        [
          JSON.stringify(good),
          '{"id": "acme/broken", ',
          JSON.stringify({ author: 'acme' }),
          JSON.stringify({ id: 'acme/other', downloads: 'many' }),
        ].join('\n') + '\n',
      );
      const out = tempDir('hkg-badout-');
      const res = await cli(['build', '--snapshot', snap, '--out', out]);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stderr, /models\.jsonl:2/);
      assert.match(res.stderr, /models\.jsonl:3/);
      const nt = await ntriples(out);
      assert.ok(nt.includes('<https://w3id.org/huggingkg/model/acme/good-model>'));
      assert.ok(
        nt.includes('<https://w3id.org/huggingkg/model/acme/other>'),
        'a record with one bad field keeps its other fields',
      );
      const strict = await cli(['build', '--snapshot', snap, '--out', out, '--strict', '--quiet']);
      assert.equal(strict.code, 65, 'the data does not conform: its own exit code');
      assert.match(strict.stderr, /--strict/);
    },
  );

  it("in a log names each stage (statistics after mapping); a small input keeps Node's own heap", async () => {
    const out = tempDir('hkg-sample-');
    const res = await cli(['build', '--snapshot', SAMPLE_SNAPSHOT, '--out', out, '--no-validate']);
    assert.equal(res.code, 0, res.stderr);
    const stages = res.stderr.split('\n').filter((l) => / \.\.\.$| done in /.test(l));
    assert.deepEqual(
      stages.map((l) => l.replace(/ done in [\d.]+ s$/, ' done')),
      ['build: mapping ...', 'build: mapping done', 'build: statistics ...', 'build: statistics done'],
      res.stderr,
    );
    assert.doesNotMatch(res.stderr, /V8 heap/);
    assert.ok((await heapOf(out)) > 1000, "Node's default heap");
  });

  it('--heap-mb re-runs the build with that V8 heap (the report says which)', async () => {
    const asked = tempDir('hkg-sample-');
    const res = await cli([
      'build',
      '--snapshot',
      SAMPLE_SNAPSHOT,
      '--out',
      asked,
      '--no-validate',
      '--heap-mb',
      '700',
    ]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /^build: running with a V8 heap of 700 MB \(this process has \d+ MB\)$/m);
    const limit = await heapOf(asked);
    assert.ok(limit >= 700 && limit < 800, `heap limit ${limit} MB`);
  });

  it('refuses unusable options with a clear message', async () => {
    const res = await cli(['build', '--out', '/tmp/x-never']);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /exactly one input/);
    const bad = await cli(['build', '--snapshot', SAMPLE_SNAPSHOT, '--out', '/tmp/x-never', '--base', 'not an iri']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--base/);
  });
});
