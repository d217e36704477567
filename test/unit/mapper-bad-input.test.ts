// Bad input: every broken record or field is skipped or cleaned with a warning naming file and line (and id when
// known); every other record is kept.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { readLines } from '../../src/hub/snapshot.js';
import { mapSnapshot, type BuildWarning } from '../../src/mapper/map.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import { about, e, lines, nt, options, snapshot, str } from '../helpers/mapper-helpers.js';

const GOOD = { id: 'ok/model', downloads: 5 };

async function mapModels(text: string, extra: Record<string, string> = {}) {
  const warnings: BuildWarning[] = [];
  const run = mapSnapshot(snapshot({ 'models.jsonl': text, ...extra }), options(warnings));
  const all = await lines(run);
  return { all, warnings, stats: run.stats };
}

function jsonl(...records: unknown[]): string {
  return records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
}

describe('mapper: bad input', () => {
  it('a malformed JSON line is skipped with a warning naming file and line; the other lines are kept', async () => {
    const { all, warnings, stats } = await mapModels(
      jsonl(GOOD, '{"id": "broken/model", "tags": [', { id: 'ok/second' }),
    );
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.file, 'models.jsonl');
    assert.equal(warnings[0]?.line, 2);
    assert.match(warnings[0]?.message ?? '', /malformed JSON/);
    assert.ok(about(all, e('model', 'ok/model')).length > 0);
    assert.ok(about(all, e('model', 'ok/second')).length > 0);
    assert.equal(stats.skipped, 1);
    assert.equal(stats.records['models.jsonl'], 3);
    assert.equal(stats.entities.model, 2);
  });

  it('a record without an id, or with an unusable id, is skipped with a warning', async () => {
    const { warnings, stats } = await mapModels(
      jsonl({ downloads: 3 }, { id: '../../etc/passwd' }, { id: 42 }, GOOD, [1, 2]),
    );
    assert.deepEqual(
      warnings.map((w) => w.line),
      [1, 2, 3, 5],
    );
    assert.match(warnings[0]?.message ?? '', /without "id"/);
    assert.match(warnings[1]?.message ?? '', /invalid model id/);
    assert.match(warnings[3]?.message ?? '', /expected a JSON object/);
    assert.equal(stats.skipped, 4);
    assert.equal(stats.entities.model, 1);
  });

  it(
    'wrong types (string downloads, numeric name fields, tags not ' + 'a list) drop the field, keep the record',
    async () => {
      const { all, warnings } = await mapModels(
        jsonl({ id: 'a/m', downloads: '12', likes: -3, pipeline_tag: 7, tags: 'nlp', library_name: ['x'] }),
      );
      const m = about(all, e('model', 'a/m'));
      assert.equal(
        m.filter((l) => l.includes('downloads') || l.includes('likeCount') || l.includes('pipelineTag')).length,
        0,
      );
      assert.ok(m.includes(nt(e('model', 'a/m'), 'schema:keywords', str('nlp'))), 'a lone tag string counts as a list');
      const fields = warnings.map((w) => w.message.match(/field "([^"]+)"/)?.[1]).sort();
      assert.deepEqual(fields, ['downloads', 'library_name', 'likes', 'pipeline_tag']);
      assert.ok(warnings.every((w) => w.file === 'models.jsonl' && w.line === 1 && w.id === 'a/m'));
    },
  );

  it('invalid dates are dropped with a warning; good ones are normalised to xsd:dateTime', async () => {
    const { all, warnings } = await mapModels(
      jsonl(
        { id: 'a/m', createdAt: 'yesterday', lastModified: '2024-13-45T99:00:00Z' },
        { id: 'a/n', createdAt: '2024-05-01' },
      ),
    );
    assert.equal(about(all, e('model', 'a/m')).filter((l) => l.includes('schema.org/date')).length, 0);
    assert.deepEqual(warnings.map((w) => w.message.split(':')[0]).sort(), [
      'field "createdAt"',
      'field "lastModified"',
    ]);
    assert.ok(
      all.includes(
        nt(
          e('model', 'a/n'),
          'schema:dateCreated',
          '"2024-05-01T00:00:00.000Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
        ),
      ),
    );
  });

  it('unknown fields are ignored silently (a new Hub field never breaks a build)', async () => {
    const { all, warnings } = await mapModels(
      jsonl({ id: 'a/m', brandNewHubField: { deep: [1, 2, 3] }, another: 'x' }),
    );
    assert.deepEqual(warnings, []);
    assert.ok(about(all, e('model', 'a/m')).length >= 4);
  });

  it('huge strings: a long name field is cut, a long README is capped, an oversized tag is dropped', async () => {
    const dataset = { id: 'a/d', tags: ['x'.repeat(5000), 'fine'], readme: 'y'.repeat(3_000_000) };
    const paper = { id: '2401.00001', title: 'T'.repeat(5000) };
    const warnings: BuildWarning[] = [];
    const all = await lines(
      mapSnapshot(snapshot({ 'datasets.jsonl': [dataset], 'papers.jsonl': [paper] }), options(warnings)),
    );
    const d = about(all, e('dataset', 'a/d'));
    const desc = d.find((l) => l.includes('schema.org/description'))!;
    assert.equal(desc.length < 2200, true);
    assert.ok(d.some((l) => l.includes('descriptionTruncated')));
    assert.ok(d.includes(nt(e('dataset', 'a/d'), 'schema:keywords', str('fine'))));
    assert.equal(d.filter((l) => l.includes('xxxxxxxx')).length, 0);
    const name = about(all, e('paper', '2401.00001')).find((l) => l.includes('schema.org/name'))!;
    assert.ok(name.length < 1200);
    assert.deepEqual(warnings.map((w) => `${w.file}:${w.line}:${w.id}`).sort(), [
      'datasets.jsonl:1:a/d',
      'papers.jsonl:1:2401.00001',
    ]);
  });

  it('HTML/script in card text is removed with a warning; the record is kept', async () => {
    const readme =
      'Hi <script>alert(document.cookie)</script><img src=x onerror=alert(1)> ' +
      '[x](javascript:alert(1)) <a href="javascript:evil()">y</a> ok';
    const { all, warnings } = await mapModels(jsonl(GOOD, { id: 'a/m', readme }));
    const desc = about(all, e('model', 'a/m')).find((l) => l.includes('schema.org/description'))!;
    assert.equal(desc, nt(e('model', 'a/m'), 'schema:description', str('Hi  [x](#) y ok')));
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.line, 2);
    assert.match(warnings[0]?.message ?? '', /active HTML\/JavaScript/);
  });

  it(
    'benign HTML and the word "JavaScript:" pass without a warning; ' + 'a data: link is neutralised with one',
    async () => {
      const { all, warnings } = await mapModels(
        jsonl(
          { id: 'a/plain', readme: '<p align="center"><img src="logo.png"></p>\nLanguages: JavaScript: yes, x < y' },
          { id: 'a/data', readme: '[click](data:text/html;base64,PHNjcmlwdD4=)' },
        ),
      );
      assert.ok(
        all.includes(nt(e('model', 'a/plain'), 'schema:description', str('Languages: JavaScript: yes, x &lt; y'))),
      );
      assert.ok(all.includes(nt(e('model', 'a/data'), 'schema:description', str('[click](#)'))));
      assert.deepEqual(
        warnings.map((w) => w.id),
        ['a/data'],
      );
    },
  );

  it('a duplicate id keeps the first record and warns about the second', async () => {
    const { all, warnings, stats } = await mapModels(jsonl({ id: 'a/m', downloads: 1 }, { id: 'a/m', downloads: 2 }));
    assert.equal(about(all, e('model', 'a/m')).filter((l) => l.includes('downloads')).length, 1);
    assert.match(warnings[0]?.message ?? '', /duplicate model id/);
    assert.equal(warnings[0]?.line, 2);
    assert.equal(stats.skipped, 1);
  });

  it('edge records: a bad repoType / missing account names are skipped with warnings', async () => {
    const warnings: BuildWarning[] = [];
    const run = mapSnapshot(
      snapshot({
        'likes.jsonl': jsonl(
          { repoType: 'repo', repoId: 'a/m', likers: [] },
          { repoType: 'model', repoId: 'a/m', likers: [{ user: 'bob' }, { fullname: 'No Name' }, 'x'] },
        ),
        'follows.jsonl': jsonl({ kind: 'team', name: 'x', followers: [] }),
      }),
      options(warnings),
    );
    const all = await lines(run);
    assert.ok(all.includes(nt(e('user', 'bob'), 'hkg:likes', e('model', 'a/m'))));
    assert.deepEqual(warnings.map((w) => `${w.file}:${w.line}`).sort(), [
      'follows.jsonl:1',
      'likes.jsonl:1',
      'likes.jsonl:2',
      'likes.jsonl:2',
    ]);
    assert.equal(run.stats.relations.user_like_model, 1);
  });

  it(
    'the recorded partial collection ("<any Number>" upvotes, "<any ' + 'String>" date) is kept minus those fields',
    async () => {
      const raw = JSON.parse(
        readFileSync(
          join(
            FIXTURES_DIR,
            'hub-recorded',
            'collection-detail-huggingfacejs__test-collection-690df2897fa1945492b8cf42.PARTIAL.json',
          ),
          'utf8',
        ),
      );
      const warnings: BuildWarning[] = [];
      const run = mapSnapshot(snapshot({ 'collections.jsonl': [raw] }), options(warnings));
      const all = await lines(run);
      const c = e('collection', 'huggingfacejs/test-collection-690df2897fa1945492b8cf42');
      assert.ok(all.includes(nt(c, 'schema:name', str('Test Collection'))));
      assert.ok(all.includes(nt(c, 'hkg:ownedBy', e('org', 'huggingfacejs'))));
      assert.ok(all.includes(nt(c, 'hkg:contains', e('paper', '2510.04871'))));
      assert.equal(
        about(all, c).filter((l) => l.includes('ontology#contains>')).length,
        4,
        'the nested collection item has no relation',
      );
      assert.deepEqual(warnings.map((w) => w.message.match(/field "([^"]+)"/)?.[1]).sort(), ['lastUpdated', 'upvotes']);
    },
  );

  it('an over-long line is skipped by the line reader with an error, the next line is read', async () => {
    const dir = snapshot({
      'models.jsonl': JSON.stringify({ id: 'a/big', readme: 'z'.repeat(5000) }) + '\n' + JSON.stringify(GOOD) + '\n',
    });
    const got = [];
    for await (const l of readLines(join(dir, 'models.jsonl'), { maxLineBytes: 1000 }))
      got.push([l.line, l.error ?? JSON.parse(l.text!).id]);
    assert.deepEqual(got, [
      [1, 'line longer than 1000 bytes skipped'],
      [2, 'ok/model'],
    ]);
  });

  it('a missing snapshot directory is an error naming it', () => {
    assert.throws(
      () => mapSnapshot('/nonexistent/snapshot', options()),
      /snapshot directory not found: \/nonexistent\/snapshot/,
    );
  });
  it(
    'reads a gzipped snapshot file (models.jsonl.gz) like the plain ' +
      'one; warnings name the .gz file; both at once is an error',
    async () => {
      const text = jsonl(GOOD, '{"id": "broken', { id: 'ok/second' });
      const plain = await mapModels(text);
      const dir = snapshot({});
      writeFileSync(join(dir, 'models.jsonl.gz'), gzipSync(text));
      const warnings: BuildWarning[] = [];
      const run = mapSnapshot(dir, options(warnings));
      assert.deepEqual(await lines(run), plain.all);
      assert.deepEqual(
        warnings.map((w) => `${w.file}:${w.line}`),
        ['models.jsonl.gz:2'],
      );
      assert.equal(run.stats.records['models.jsonl.gz'], 3);
      writeFileSync(join(dir, 'models.jsonl'), text);
      assert.throws(() => mapSnapshot(dir, options()), /has both models\.jsonl and models\.jsonl\.gz/);
      writeFileSync(join(dir, 'datasets.jsonl.gz'), 'not gzip');
      rmSync(join(dir, 'models.jsonl'));
      await assert.rejects(lines(mapSnapshot(dir, options())), /datasets\.jsonl\.gz: incorrect header check/);
    },
  );

  it('invalid UTF-8 in a line is a warning naming file and line (read as U+FFFD), not silent', async () => {
    const text = Buffer.concat([
      Buffer.from(jsonl(GOOD)),
      Buffer.from('{"id": "a/m", "readme": "x \xff\xfe y"}\n', 'latin1'),
    ]);
    const dir = snapshot({});
    writeFileSync(join(dir, 'models.jsonl'), text);
    const warnings: BuildWarning[] = [];
    const all = await lines(mapSnapshot(dir, options(warnings)));
    assert.deepEqual(
      warnings.map((w) => `${w.file}:${w.line} ${w.message}`),
      ['models.jsonl:2 invalid UTF-8 (bytes read as U+FFFD)'],
    );
    assert.ok(all.some((l) => l.includes('x \\uFFFD\\uFFFD y') || l.includes('x \ufffd\ufffd y')));
  });

  it(
    'bad link targets (lone surrogate, 1 MB, padded) are dropped ' +
      'with a warning naming file and line; the build goes on',
    async () => {
      const huge = 'h'.repeat(1 << 20);
      const { all, warnings, stats } = await mapModels(
        jsonl({
          id: 'a/m',
          tags: [
            'dataset:bad\udc00',
            'dataset:good',
            `base_model:finetune:x/${huge}`,
            'base_model:adapter:lone\ud800/y',
          ],
        }),
        {
          'likes.jsonl': jsonl({
            repoType: 'model',
            repoId: 'a/m',
            likers: [{ user: 'u\udc00' }, { user: ` ${'p'} ` }, { user: huge }, { user: 'fan\u{1F60D}' }],
          }),
        },
      );
      assert.ok(all.includes(nt(e('model', 'a/m'), 'hkg:trainedOn', e('dataset', 'good'))));
      assert.ok(all.includes(nt(e('user', 'fan\u{1F60D}'), 'hkg:likes', e('model', 'a/m'))));
      assert.equal(stats.relations.user_like_model, 1);
      const byLine = warnings.map((w) => `${w.file}:${w.line} ${w.message}`);
      assert.ok(
        byLine.every((m) => m.length < 400),
        'warnings quote ids cut short',
      );
      for (const re of [
        /^models\.jsonl:1 .*"bad\\udc00" dropped: dataset id with .*lone surrogate/,
        /^models\.jsonl:1 .*"lone\\ud800\/y" -> "a\/m" dropped/,
        /^likes\.jsonl:1 .*"u\\udc00" -> "a\/m" dropped/,
        /^likes\.jsonl:1 .*" p " -> "a\/m" dropped: user id with white space around it/,
        /^likes\.jsonl:1 .*dropped: user id of 1048576 characters/,
      ]) {
        assert.ok(
          byLine.some((m) => re.test(m)),
          `${re} in ${byLine.join('\n')}`,
        );
      }
    },
  );

  it('literals are cleaned of what XML 1.0 cannot hold, with a warning naming the field, file and line', async () => {
    const { all, warnings } = await mapModels(
      jsonl({ id: 'a/m', readme: 'ok \u{1F917} nul\u0000 bell\u0007 fffe\ufffe lone\ud83d end', tags: ['kw\u0001x'] }),
    );
    const card = all.find((l) => l.includes('schema.org/description'))!;
    assert.ok(card.includes('ok \u{1F917} nul bell fffe lone\\uFFFD end') || card.includes('lone\ufffd end'), card);
    assert.ok(all.some((l) => l.includes('"kwx"')));
    assert.deepEqual(warnings.map((w) => `${w.file}:${w.line} ${w.message.split(':')[0]}`).sort(), [
      'models.jsonl:1 description',
      'models.jsonl:1 keywords',
    ]);
  });
});
