// The HuggingKG release as its authors publish it: the zip (test/fixtures/release/published, written by
// make-published.py the way HuggingKG_constructor.py writes: json.dump indent=4, ASCII escapes, Python date strings)
// read in place or unpacked at any depth, triples.txt beside it; values as Python wrote them (dates, NaN, huge READMEs)
// kept or counted as dropped; incomplete releases refused.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readJsonArray, type ReleaseFile } from '../../src/hub/release.js';
import { openRelease } from '../../src/hub/release-locate.js';
import { build } from '../../src/build/build.js';
import { mapRelease, type BuildWarning } from '../../src/mapper/map.js';
import { parseDateTime } from '../../src/mapper/values.js';
import { FIXTURES_DIR, ROOT } from '../../src/paths.js';
import { e, lines, nt, options, tempDir, xsd } from '../helpers/mapper-helpers.js';

const exec = promisify(execFile);
const PUBLISHED = join(FIXTURES_DIR, 'release', 'published');
const ZIP = join(PUBLISHED, 'HuggingKG_V20241215174821.zip');
const FOLDER = join(FIXTURES_DIR, 'release', 'huggingkg');

async function sorted(source: string): Promise<{ lines: string[]; warnings: BuildWarning[]; notes: string[] }> {
  const warnings: BuildWarning[] = [];
  const run = mapRelease(source, options(warnings));
  const out = (await lines(run)).sort();
  return { lines: out, warnings, notes: run.stats.notes };
}

/** Unpacks the fixture zip under `dir` (as a user's unzip would). */
function unpack(dir: string): void {
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(ZIP)))) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
}

function file(path: string): ReleaseFile {
  return { name: 'models.json', path, bytes: 0 };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('HuggingKG release as published (zip, Python-written values) @slow', () => {
  let expected: string[];
  before(async () => {
    expected = (await sorted(FOLDER)).lines;
    assert.ok(expected.length > 100);
  });

  it(
    'reads the zip in place: the same triples as the unpacked fixture, ' + 'ASCII escapes and Python dates included',
    async () => {
      const got = await sorted(ZIP);
      assert.deepEqual(got.warnings, []);
      assert.deepEqual(got.lines, expected);
      assert.ok(
        got.lines.some((l) => l.includes('"Alice Ångström"')),
        'the \\u00c5 escapes read back',
      );
      const [note = ''] = got.notes;
      assert.ok(note.includes(`${ZIP}!HuggingKG_V20241215174821/`), note);
      assert.ok(note.includes(join(PUBLISHED, 'triples.txt')), 'triples.txt beside the zip');
    },
  );

  it('finds the zip and triples.txt from the download folder, or from triples.txt named directly', async () => {
    assert.deepEqual((await sorted(PUBLISHED)).lines, expected);
    assert.deepEqual((await sorted(join(PUBLISHED, 'triples.txt'))).lines, expected);
  });

  it('finds the unpacked release folder at any depth, with triples.txt above it', async () => {
    const dir = tempDir('hkg-published-');
    unpack(join(dir, 'downloads', 'hkg'));
    copyFileSync(join(PUBLISHED, 'triples.txt'), join(dir, 'downloads', 'triples.txt'));
    const got = await sorted(dir);
    assert.deepEqual(got.lines, expected);
    assert.ok(got.notes[0]?.includes(join(dir, 'downloads', 'hkg', 'HuggingKG_V20241215174821')), got.notes[0]);
  });

  it('builds a conforming graph from the download folder (huggingkg build --huggingkg-release DIR)', async function () {
    this.timeout(60_000);
    const out = join(tempDir('hkg-published-'), 'out');
    const report = await build({ release: PUBLISHED, out, progress: false, validateWorkers: 0 });
    assert.equal(report.validation?.conforms, true);
    assert.equal(report.warningCount, 0);
    assert.equal(report.mapping.entities.model, 5);
    assert.ok(report.mapping.notes[0]?.startsWith(`HuggingKG release read from ${ZIP}!`));
  });

  it(
    'the README commands: build from the download folder, then eval ' + 'with a HuggingBench tracing split',
    async function () {
      this.timeout(120_000);
      const dir = tempDir('hkg-published-');
      const out = join(dir, 'out');
      const cli = (...args: string[]) =>
        exec(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), ...args], { cwd: ROOT });
      const built = await cli('build', '--huggingkg-release', PUBLISHED, '--out', out, '--workers', '0');
      assert.match(
        built.stdout,
        new RegExp(
          `^HuggingKG release read from ${ZIP.replace(/[.]/g, '\\.')}!HuggingKG_V20241215174821/, triples\\.txt from `,
          'm',
        ),
      );
      assert.match(
        built.stdout,
        /^entities: model 5, dataset 1, space 1, collection 1, paper 1, user 2, org 1, task \d+$/m,
      );
      mkdirSync(join(dir, 'HuggingBench-Tracing'));
      writeFileSync(
        join(dir, 'HuggingBench-Tracing', 'training.txt'),
        'acme/base-7b\tmodel_adapter_model\talice/base-7b-lora\n',
      );
      writeFileSync(
        join(dir, 'HuggingBench-Tracing', 'test.txt'),
        'acme/base-7b\tmodel_quantized_model\tbob/base-7b-q4\n',
      );
      const evaluated = await cli('eval', '--from', out, '--huggingbench', dir);
      assert.match(evaluated.stderr, /eval: rec: skipped, --huggingbench/);
      assert.match(
        evaluated.stderr,
        new RegExp(
          String.raw`eval: trace: training\.txt: 1 of 1 lineage triples resolved to graph entities; test\.` +
            'txt: 1 of 1 lineage triples resolved to graph entities',
        ),
      );
      assert.match(evaluated.stdout, /HuggingBench split files/);
    },
  );

  it('a build refuses an incomplete release before writing anything', async () => {
    const dir = tempDir('hkg-published-');
    copyFileSync(join(PUBLISHED, 'triples.txt'), join(dir, 'triples.txt'));
    await assert.rejects(build({ release: dir, out: join(dir, 'out') }), /only triples\.txt found/);
    assert.equal(existsSync(join(dir, 'out')), false);
  });

  it('reads a zip with the files at its top, triples.txt inside; refuses one holding two releases', async () => {
    const dir = tempDir('hkg-published-');
    const files: Record<string, Uint8Array> = {};
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(ZIP)))) {
      if (name.endsWith('.json') && !name.includes('extra_data')) files[name.split('/').pop()!] = bytes;
    }
    files['triples.txt'] = readFileSync(join(PUBLISHED, 'triples.txt'));
    writeFileSync(join(dir, 'flat.zip'), zipSync(files));
    assert.deepEqual((await sorted(join(dir, 'flat.zip'))).lines, expected);
    const two = Object.fromEntries(
      Object.entries(files).flatMap(([n, b]) => [
        [`v1/${n}`, b],
        [`v2/${n}`, b],
      ]),
    );
    writeFileSync(join(dir, 'two.zip'), zipSync(two));
    await assert.rejects(
      openRelease(join(dir, 'two.zip')),
      /two\.zip: 2 release folders found \(v1, v2\); unpack the one to build from and pass its folder/,
    );
  });

  it('refuses a zip without the node files, naming what is missing and where', async () => {
    const dir = tempDir('hkg-published-');
    const zip = join(dir, 'HuggingKG_V1.zip');
    writeFileSync(
      zip,
      zipSync({ 'HuggingKG_V1/models.json': strToU8('[]'), 'HuggingKG_V1/users.json': strToU8('[]') }),
    );
    await assert.rejects(openRelease(dir), (err: Error) =>
      err.message.startsWith(
        `${zip}!HuggingKG_V1/: HuggingKG node file(s) missing: orgs.json, ` +
          `datasets.json, spaces.json, papers.json, collections.json.`,
      ),
    );
  });

  it('refuses a download folder that holds only triples.txt', async () => {
    const dir = tempDir('hkg-published-');
    copyFileSync(join(PUBLISHED, 'triples.txt'), join(dir, 'triples.txt'));
    writeFileSync(join(dir, 'other.zip'), zipSync({ 'README.md': strToU8('not a release') }));
    await assert.rejects(openRelease(dir), /only triples\.txt found/);
  });

  it('refuses a file that is not a zip, naming it', async () => {
    const dir = tempDir('hkg-published-');
    writeFileSync(join(dir, 'HuggingKG.zip'), 'not a zip');
    await assert.rejects(openRelease(join(dir, 'HuggingKG.zip')), /HuggingKG\.zip: not a readable zip archive/);
  });
});

describe('dates as Python prints them', () => {
  const cases: [string, string | undefined][] = [
    ['2024-01-02 03:04:05+00:00', '2024-01-02T03:04:05.000Z'], // str(datetime), tz-aware
    ['2024-01-02T03:04:05+00:00', '2024-01-02T03:04:05.000Z'], // isoformat()
    ['2024-01-02 03:04:05.123456+00:00', '2024-01-02T03:04:05.123Z'], // with microseconds
    ['2024-01-02T03:04:05.123+00:00', '2024-01-02T03:04:05.123Z'], // timespec='milliseconds'
    ['2024-01-02T03:04', '2024-01-02T03:04:00.000Z'], // timespec='minutes', naive (read as UTC)
    ['2024-01-02T03', '2024-01-02T03:00:00.000Z'], // timespec='hours'
    ['2024-01-02 03:04:05', '2024-01-02T03:04:05.000Z'], // naive str(datetime): UTC, whatever the machine's zone
    ['2024-01-02 11:04:05+08:00', '2024-01-02T03:04:05.000Z'],
    ['2024-01-01 22:34:05-04:30', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02 08:34:20+05:30:15', '2024-01-02T03:04:05.000Z'], // offset with seconds
    ['2024-01-02T03:04:05+0000', '2024-01-02T03:04:05.000Z'], // strftime %z
    ['2024-01-02', '2024-01-02T00:00:00.000Z'], // str(date)
    ['2024-01-02T03:04:05.000Z', '2024-01-02T03:04:05.000Z'], // the Hub's own
    ['0099-12-31', '0099-12-31T00:00:00.000Z'],
    ['2023-02-30 00:00:00', undefined],
    ['2024-01-02 24:00:00', undefined],
    ['yesterday', undefined],
    ['2024-01-02 03:04:05 UTC', undefined],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} -> ${want ?? 'dropped'}`, () => assert.equal(parseDateTime(input), want));
  }
});

describe('release values as Python wrote them', () => {
  function folder(models: unknown[] | string, spaces: unknown[] = []): string {
    const dir = tempDir('hkg-values-');
    const base: Record<string, unknown> = {
      'orgs.json': [],
      'users.json': [],
      'datasets.json': [],
      'papers.json': [],
      'collections.json': [],
      'spaces.json': spaces,
    };
    for (const [name, v] of Object.entries(base)) writeFileSync(join(dir, name), JSON.stringify(v, null, 4));
    writeFileSync(join(dir, 'models.json'), typeof models === 'string' ? models : JSON.stringify(models, null, 4));
    return dir;
  }

  it('a README over the string limit is cut, and the record keeps every other field', async () => {
    const readme = '# Big\n\n' + 'word '.repeat(1_000_000); // 5 MB, over MAX_STRING_BYTES (4 MiB)
    const dir = folder([
      { id: 'a/big', name: 'big', createdAt: '2024-01-02 03:04:05+00:00', likes: 3, description: readme },
    ]);
    const warnings: BuildWarning[] = [];
    const run = mapRelease(dir, options(warnings));
    const all = await lines(run);
    assert.ok(all.includes(nt(e('model', 'a/big'), 'schema:dateCreated', xsd('2024-01-02T03:04:05.000Z', 'dateTime'))));
    assert.ok(
      all.some((l) => l.startsWith(`${e('model', 'a/big')} <https://schema.org/description> "# Big`)),
      'the description is kept, cut',
    );
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]?.message ?? '',
      /^field "description": longer than 4194304 bytes of JSON, cut to its first 4194304$/,
    );
    assert.equal(warnings[0]?.id, 'a/big');
    assert.equal(
      run.stats.dropped['models.json: field "description": longer than N bytes of JSON, cut to its first N'],
      1,
    );
  });

  it('cuts an ASCII-escaped string between characters, never inside an escape or a surrogate pair', async () => {
    const dir = tempDir('hkg-values-');
    // 😀 is \ud83d\ude00 once ASCII-escaped (12 bytes); é is \u00e9 (6); raw UTF-8 ü is 2 bytes
    const text = JSON.stringify(
      [{ id: 'a/m', description: 'x' + '😀é'.repeat(200) + 'ü'.repeat(100) }, { id: 'b/m' }],
      null,
      4,
    ).replace(/[\u0080-\uffff]/g, (c) => (c === 'ü' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    writeFileSync(join(dir, 'models.json'), text);
    for (let cap = 20; cap < 3700; cap += 7) {
      const recs = await collect(readJsonArray(file(join(dir, 'models.json')), { maxStringBytes: cap }));
      const [first, second] = recs;
      assert.ok(recs.length === 2 && first && second, `cap ${cap}: two records`);
      const d = (first.value as { description: string }).description;
      assert.doesNotMatch(
        d,
        /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\ufffd/,
        `cap ${cap}`,
      );
      assert.ok(d.startsWith('x😀'.slice(0, Math.min(d.length, 3))));
      if (cap < 3000) assert.match(first.notes?.[0] ?? '', /field "description": longer than/);
      assert.deepEqual(second.value, { id: 'b/m' });
    }
  });

  it("reads NaN and Infinity (Python's json.dump writes them) as null, with a warning", async () => {
    const dir = folder(
      '[\n    {\n        "id": "a/m",\n        "downloads": NaN,\n ' +
        '       "likes": -Infinity,\n        "name": "NaN in a string"\n ' +
        '   }\n]',
    );
    const warnings: BuildWarning[] = [];
    const all = await lines(mapRelease(dir, options(warnings)));
    assert.ok(all.includes(nt(e('model', 'a/m'), 'schema:name', '"NaN in a string"')));
    assert.deepEqual(
      warnings.map((w) => `${w.file}:${w.line} ${w.message}`),
      ['models.json:2 NaN or Infinity (as Python writes them) read as null'],
    );
  });

  it('null space dates are absent, not errors; an unreadable date is dropped and counted', async () => {
    const dir = folder(
      [{ id: 'a/m', createdAt: 'yesterday', lastModified: '2024-01-02 03:04:05.5+00:00' }],
      [{ id: 'a/s', name: 's', createdAt: null, lastModified: null, likes: 0, tags: [] }],
    );
    const warnings: BuildWarning[] = [];
    const run = mapRelease(dir, options(warnings));
    const all = await lines(run);
    assert.ok(all.includes(nt(e('model', 'a/m'), 'schema:dateModified', xsd('2024-01-02T03:04:05.500Z', 'dateTime'))));
    assert.ok(!all.some((l) => l.startsWith(e('space', 'a/s')) && l.includes('date')));
    assert.deepEqual(run.stats.dropped, { 'models.json: field "createdAt": not a date-time': 1 });
    assert.equal(warnings.length, 1);
  });
});
