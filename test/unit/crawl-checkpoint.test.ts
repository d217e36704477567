// Tests for the crawl's durable state: JSONL files cut back to the checkpoint, atomic writes, idempotent --since merge.

import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlFiles, removeStaleTemps, writeFileAtomic, type FileState } from '../../src/hub/crawl/checkpoint.js';
import { mergeSnapshot, recordKey } from '../../src/hub/crawl/merge.js';
import type { Manifest } from '../../src/hub/crawl/crawl.js';
import { parseKinds } from '../../src/hub/crawl/kinds.js';

describe('crawl checkpoint and merge', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hkg-ckpt-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends pages with byte counts and cuts a torn page off on restore', () => {
    const state: Record<string, FileState> = {};
    const files = new JsonlFiles(dir, state);
    files.append('models.jsonl', ['{"id":"a"}', '{"id":"b"}']);
    files.append('models.jsonl', ['{"id":"é"}']);
    files.close();
    assert.deepEqual(state['models.jsonl'], { lines: 3, bytes: 11 + 11 + 12 });
    const saved = structuredClone(state);
    appendFileSync(join(dir, 'models.jsonl'), '{"id":"c"}\n{"id":"d');
    writeFileSync(join(dir, 'likes.jsonl'), '{"repoId":"x"');
    new JsonlFiles(dir, saved).restore(['models.jsonl', 'likes.jsonl', 'papers.jsonl']);
    assert.equal(readFileSync(join(dir, 'models.jsonl'), 'utf8'), '{"id":"a"}\n{"id":"b"}\n{"id":"é"}\n');
    assert.equal(readFileSync(join(dir, 'likes.jsonl'), 'utf8'), '', 'a file written after the checkpoint is emptied');
  });

  it('refuses to resume when a file is shorter than its checkpoint, naming the file', () => {
    writeFileSync(join(dir, 'models.jsonl'), '{"id":"a"}\n');
    assert.throws(
      () => new JsonlFiles(dir, { 'models.jsonl': { lines: 2, bytes: 22 } }).restore([]),
      /models\.jsonl holds 11 bytes but the checkpoint says 22/,
    );
    assert.throws(
      () => new JsonlFiles(dir, { 'papers.jsonl': { lines: 1, bytes: 5 } }).restore([]),
      /papers\.jsonl is missing/,
    );
  });

  it('writes atomically and clears temp files a killed write left', () => {
    writeFileAtomic(join(dir, 'checkpoint.json'), '{"a":1}');
    assert.deepEqual(readdirSync(dir), ['checkpoint.json']);
    writeFileSync(join(dir, 'checkpoint.json.tmp-123'), '{"a":');
    removeStaleTemps(dir);
    assert.deepEqual(readdirSync(dir), ['checkpoint.json']);
    assert.equal(readFileSync(join(dir, 'checkpoint.json'), 'utf8'), '{"a":1}');
  });

  it('keys records the way each file identifies them', () => {
    assert.equal(recordKey('models.jsonl', { id: 'gpt2' }), 'gpt2');
    assert.equal(recordKey('collections.jsonl', { slug: 'a/b-1' }), 'a/b-1');
    assert.equal(recordKey('users.jsonl', { user: 'lhoestq' }), 'lhoestq');
    assert.equal(recordKey('organizations.jsonl', { name: 'facebook' }), 'facebook');
    assert.equal(recordKey('likes.jsonl', { repoType: 'model', repoId: 'gpt2', likers: [] }), 'model\0gpt2');
    assert.notEqual(
      recordKey('likes.jsonl', { repoType: 'space', repoId: 'gpt2' }),
      recordKey('likes.jsonl', { repoType: 'model', repoId: 'gpt2' }),
    );
    assert.equal(recordKey('follows.jsonl', { kind: 'org', name: 'x' }), 'org\0x');
    assert.equal(recordKey('members.jsonl', { org: 'x' }), 'x');
    assert.equal(recordKey('models.jsonl', { modelId: 'no-id' }), undefined);
  });

  it('merges a delta in place, appends new ids, drops duplicates, and merging again changes nothing', async () => {
    const delta = join(dir, '.crawl-delta');
    mkdirSync(delta);
    writeFileSync(
      join(dir, 'models.jsonl'),
      ['{"id":"a","v":1}', '{"id":"b","v":1}', '{"id":"a","v":0}', '{"id":"c","v":1}', ''].join('\n'),
    );
    writeFileSync(join(delta, 'models.jsonl'), ['{"id":"d","v":2}', '{"id":"a","v":2}', ''].join('\n'));
    const manifest = { counts: { models: 4 }, files: {}, skipped: { count: 0, items: [] } } as unknown as Manifest;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const deltaManifest = {
      since: '2025-01-01T00:00:00.000Z',
      skipped: { count: 1, items: [{ phase: 'papers' }] },
      crawl: { startedAt: '2025-02-01T00:00:00.000Z' },
    } as unknown as Manifest;
    const expected = ['{"id":"a","v":2}', '{"id":"b","v":1}', '{"id":"c","v":1}', '{"id":"d","v":2}', ''].join('\n');
    const first = await mergeSnapshot(dir, delta, deltaManifest);
    assert.equal(readFileSync(join(dir, 'models.jsonl'), 'utf8'), expected);
    assert.equal(first.counts.models, 4);
    const again = await mergeSnapshot(dir, delta, deltaManifest);
    assert.equal(readFileSync(join(dir, 'models.jsonl'), 'utf8'), expected);
    assert.equal(again.updates!.length, 1, 'a re-run merge records its update once');
    assert.equal(again.skipped.count, 1);
    assert.deepEqual(again.updates![0]!.changed, { models: 2 });
  });

  it('names the file and line of a record it cannot parse while merging', async () => {
    const delta = join(dir, '.crawl-delta');
    mkdirSync(delta);
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ counts: {}, files: {}, skipped: { count: 0, items: [] } }),
    );
    writeFileSync(join(dir, 'papers.jsonl'), '{"id":"1"}\n{"id":\n');
    writeFileSync(join(delta, 'papers.jsonl'), '{"id":"1"}\n');
    await assert.rejects(
      mergeSnapshot(dir, delta, {
        since: 'x',
        skipped: { count: 0, items: [] },
        crawl: { startedAt: 's' },
      } as unknown as Manifest),
      /papers\.jsonl:2: not a JSON line/,
    );
    assert.deepEqual(
      readdirSync(dir).sort(),
      ['.crawl-delta', 'manifest.json', 'papers.jsonl'],
      'no temp file left behind',
    );
  });

  it('reads --kinds into the canonical order and names an unknown kind', () => {
    assert.deepEqual(parseKinds('likes, models,orgs'), ['models', 'orgs', 'likes']);
    assert.throws(() => parseKinds('models,model'), /unknown kind "model" in --kinds; choose from models,datasets/);
  });
});
