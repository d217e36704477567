// HuggingKG release input: the same facts as a snapshot and as a release give the same triples; the streaming JSON
// list reader and triples.txt reader keep positions and survive bad elements.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonArray, RELEASE_NODE_FILES } from '../../src/hub/release.js';
import { openRelease } from '../../src/hub/release-locate.js';
import { mapRelease, mapSnapshot, type BuildWarning } from '../../src/mapper/map.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import { e, lines, nt, options, tempDir } from '../helpers/mapper-helpers.js';

const RELEASE = join(FIXTURES_DIR, 'release', 'huggingkg');
const SNAPSHOT = join(FIXTURES_DIR, 'release', 'snapshot');

/** Writes a release folder; node files not given are written as empty lists, as the constructor writes them. */
function release(files: Record<string, unknown>, withNodes = true): string {
  const dir = tempDir('hkg-release-');
  const all = withNodes
    ? { ...Object.fromEntries(RELEASE_NODE_FILES.filter((f) => f.kind !== 'task').map((f) => [f.file, []])), ...files }
    : files;
  for (const [name, content] of Object.entries(all)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 4));
  }
  return dir;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('mapper: HuggingKG release input', () => {
  it('gives exactly the triples of the same facts given as a snapshot', async () => {
    const warnings: BuildWarning[] = [];
    const fromRelease = mapRelease(RELEASE, options(warnings));
    const fromSnapshot = mapSnapshot(SNAPSHOT, options(warnings));
    const r = (await lines(fromRelease)).sort();
    const s = (await lines(fromSnapshot)).sort();
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      r.filter((l) => !s.includes(l)),
      [],
      'only in the release',
    );
    assert.deepEqual(
      s.filter((l) => !r.includes(l)),
      [],
      'only in the snapshot',
    );
    assert.deepEqual(fromRelease.stats.relations, fromSnapshot.stats.relations);
    assert.deepEqual(fromRelease.stats.entities, fromSnapshot.stats.entities);
    assert.deepEqual(fromRelease.stats.dangling, fromSnapshot.stats.dangling);
  });

  it('reads lineage base -> derived and writes derived -> base, with HubInferred evidence', async () => {
    const all = await lines(mapRelease(RELEASE, options()));
    assert.ok(all.includes(nt(e('model', 'alice/merged'), 'hkg:mergedFrom', e('model', 'acme/base-7b'))));
    assert.ok(all.includes(nt(e('model', 'alice/merged'), 'hkg:mergedFrom', e('model', 'alice/base-7b-ft'))));
    assert.ok(
      all.includes(
        nt(
          '<https://w3id.org/huggingkg/model/alice/merged#merge-acme%2Fbase-7b>',
          'hkg:derivationEvidence',
          'hkg:HubInferred',
        ),
      ),
    );
  });

  it('reads triples.txt only for relations without their own JSON file', async () => {
    const run = mapRelease(RELEASE, options());
    await lines(run);
    assert.equal(run.stats.relations.model_finetune_model, 1, 'the duplicate finetune line is not counted twice');
    assert.equal(run.stats.relations.user_follow_user, 1);
    assert.equal(run.stats.records['triples.txt'], 3);
  });

  it('reads triples.txt lines tabbed or spaced; a bad line warns with its line', async () => {
    const warnings: BuildWarning[] = [];
    const dir = release({
      'triples.txt':
        'a/m\tmodel_definedFor_task\ttext-generation\nnot a triple at ' +
        'all\nx\tmodel_likes_model\ty\nb/base model_quantized_model  ' +
        'a/m\n',
    });
    const run = mapRelease(dir, options(warnings));
    const all = await lines(run);
    assert.ok(all.includes(nt(e('model', 'a/m'), 'hkg:quantizedFrom', e('model', 'b/base'))), 'the spaced line');
    assert.ok(all.includes(nt(e('model', 'a/m'), 'hkg:task', e('task', 'text-generation'))));
    assert.deepEqual(
      warnings.map((w) => `${w.file}:${w.line}`),
      ['triples.txt:2', 'triples.txt:3'],
    );
    assert.match(warnings[1]?.message ?? '', /unknown relation "model_likes_model"/);
    assert.equal(run.stats.dangling.model, 2);
    assert.equal(run.stats.skipped, 2);
  });

  it(
    'invalid UTF-8 in a node element or a triples.txt line is a ' + 'warning naming file and line, as in a snapshot',
    async () => {
      const warnings: BuildWarning[] = [];
      const bad = (text: string): Buffer => Buffer.from(text, 'latin1');
      const dir = release({});
      writeFileSync(join(dir, 'models.json'), bad('[\n{"id": "a/m", "readme": "x \xff y"}\n]\n'));
      writeFileSync(join(dir, 'triples.txt'), bad('a/m\tmodel_definedFor_task\ttext-\xffgeneration\n'));
      await lines(mapRelease(dir, options(warnings)));
      const utf8 = warnings.filter((w) => w.message === 'invalid UTF-8 (bytes read as U+FFFD)');
      assert.deepEqual(
        utf8.map((w) => `${w.file}:${w.line}`),
        ['models.json:2', 'triples.txt:1'],
      );
    },
  );

  it('refuses a release that is only triples.txt instead of building a graph without attributes', async () => {
    const dir = release({ 'triples.txt': 'a/m\tmodel_definedFor_task\ttext-generation\n' }, false);
    await assert.rejects(openRelease(dir), /only triples\.txt found\. It holds the edges but no attributes/);
    await assert.rejects(lines(mapRelease(dir, options())), /only triples\.txt found/);
  });

  it(
    "accepts HuggingKG's `paper_id` and the spec's `arxiv_id` for " +
      'papers; a wrong-typed edge is skipped with a warning',
    async () => {
      const warnings: BuildWarning[] = [];
      const dir = release({
        'collection_contain_paper.json': [
          { collection_slug: 'u/c-1', paper_id: '2401.00001' },
          { collection_slug: 'u/c-1', arxiv_id: '2401.00002' },
          { collection_slug: 'u/c-1', paper_id: 42 },
        ],
      });
      const all = await lines(mapRelease(dir, options(warnings)));
      assert.ok(all.includes(nt(e('collection', 'u/c-1'), 'hkg:contains', e('paper', '2401.00001'))));
      assert.ok(all.includes(nt(e('collection', 'u/c-1'), 'hkg:contains', e('paper', '2401.00002'))));
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]?.file, 'collection_contain_paper.json');
      assert.equal(warnings[0]?.line, 10);
    },
  );

  it('refuses a directory with no release files, naming it', async () => {
    const dir = release({ 'README.md': 'nothing here' }, false);
    await assert.rejects(openRelease(dir), (e: Error) => e.message.startsWith(`${dir}: no HuggingKG release here`));
  });

  it('refuses a release missing node files, naming them', async () => {
    const dir = release({ 'models.json': [], 'datasets.json': [], 'model_finetune_model.json': [] }, false);
    await assert.rejects(
      openRelease(dir),
      /node file\(s\) missing: orgs\.json, users\.json, spaces\.json, papers\.json, collections\.json\./,
    );
  });
});

describe('release reader: streaming JSON lists', () => {
  it('cuts elements across 1 MiB read chunks and reports the line where each starts', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({
      id: `u/m${i}`,
      description: 'x'.repeat(i % 7 === 0 ? 5000 : 10) + '"quoted" ] } [ {',
      n: i,
    }));
    const dir = release({ 'models.json': items });
    const recs = await collect(readJsonArray({ name: 'models.json', path: join(dir, 'models.json'), bytes: 0 }));
    assert.equal(recs.length, 3000);
    assert.deepEqual(
      recs.map((r) => (r.value as { n: number }).n),
      items.map((x) => x.n),
    );
    assert.equal(recs[0]?.line, 2);
    assert.equal(recs[1]?.line, 7, 'indent=4 objects of 3 fields take 5 lines');
  });

  it('yields a positioned error for a malformed element and keeps the others', async () => {
    const dir = release({ 'users.json': '[\n  {"id": "a"},\n  {"id": "b", oops},\n  {"id": "c"}\n]\n' });
    const recs = await collect(readJsonArray({ name: 'users.json', path: join(dir, 'users.json'), bytes: 0 }));
    assert.deepEqual(
      recs.map((r) => [r.line, r.error === undefined ? (r.value as { id: string }).id : 'error']),
      [
        [2, 'a'],
        [3, 'error'],
        [4, 'c'],
      ],
    );
  });

  it('throws, naming the file, when the file is not a JSON list', async () => {
    const dir = release({ 'orgs.json': '{"id": "acme"}' });
    await assert.rejects(
      collect(readJsonArray({ name: 'orgs.json', path: join(dir, 'orgs.json'), bytes: 0 })),
      /orgs.json:1: expected a JSON list/,
    );
  });
});

describe('mapper: HuggingKG release field spellings', () => {
  it('accepts snake_case dates and sub_tasks, and task labels or ids as pipeline_tag', async () => {
    const dir = release({
      'models.json': [{ id: 'a/m', created_at: '2024-01-02 03:04:05+00:00', pipeline_tag: 'text-generation' }],
      'datasets.json': [{ id: 'a/d', last_modified: '2024-01-02T03:04:05Z', sub_tasks: ['extractive-qa'] }],
    });
    const warnings: BuildWarning[] = [];
    const all = await lines(mapRelease(dir, options(warnings)));
    assert.deepEqual(warnings, []);
    assert.ok(
      all.includes(
        nt(
          e('model', 'a/m'),
          'schema:dateCreated',
          '"2024-01-02T03:04:05.000Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
        ),
      ),
    );
    assert.ok(all.includes(nt(e('model', 'a/m'), 'hkg:pipelineTag', '"text-generation"')));
    assert.ok(
      all.includes(
        nt(
          e('dataset', 'a/d'),
          'schema:dateModified',
          '"2024-01-02T03:04:05.000Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
        ),
      ),
    );
    assert.ok(all.includes(nt(e('dataset', 'a/d'), 'hkg:subTask', '"extractive-qa"')));
  });
});
