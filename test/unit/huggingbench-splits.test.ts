// HuggingBench's splits as published (test/fixtures/huggingbench, written by make-huggingbench.py the way the authors'
// tools read and write them): each task finds its own files by content, the rows that resolved to graph entities are
// counted and said, pickled matrices and binary graphs are refused by name, and no task falls back silently.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { runEval } from '../../src/eval/eval.js';
import { findHuggingBench } from '../../src/eval/huggingbench-locate.js';
import { parseLabelFile } from '../../src/eval/huggingbench.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import { fixtureNTriples } from '../helpers/queries-fixture.js';
import { tempDir } from '../helpers/temp-dirs.js';

const BENCH = join(FIXTURES_DIR, 'huggingbench');
const KE_REC = join(BENCH, 'HuggingBench-Recommendation', 'ke_rec', 'huggingface_2hop_kg');

describe('HuggingBench splits as published', function () {
  this.timeout(120_000);
  let graph: string;
  before(() => {
    graph = fixtureNTriples();
  });

  it("finds each task's split by its files and content, and lists what it cannot read", async () => {
    const found = await findHuggingBench(BENCH);
    try {
      assert.deepEqual(
        found.rec.map((d) => d.slice(BENCH.length + 1)),
        [
          'HuggingBench-Recommendation/ke_rec/huggingface_1hop_kg',
          'HuggingBench-Recommendation/ke_rec/huggingface_2hop_kg',
        ],
      );
      assert.deepEqual(
        found.trace.map((d) => d.slice(BENCH.length + 1)),
        ['HuggingBench-Tracing'],
      );
      assert.deepEqual(
        found.cls.map((f) => f.name),
        ['train.json', 'valid.json', 'test.json'],
        'in archive order',
      );
      assert.equal(found.unreadable.rec.length, 2);
      assert.match(
        found.unreadable.rec[0] ?? '',
        new RegExp(
          String.raw`general_rec\/sparse_huggingface: general_rec split as pickled scipy matrices \(test_m` +
            String.raw`at\.pkl, train_mat\.pkl, valid_mat\.pkl\)`,
        ),
      );
      assert.match(found.unreadable.rec[1] ?? '', /social_rec\/huggingface: social_rec split .*trust_mat\.pkl/);
      assert.match(found.unreadable.cls[0] ?? '', /huggingface\.pt: a CogDL graph saved by torch\.save/);
    } finally {
      found.close();
    }
  });

  it('reads label files unpacked beside classification.zip once, not twice', async () => {
    const dir = tempDir('hkg-bench-');
    cpSync(join(BENCH, 'HuggingBench-Classification'), dir, { recursive: true });
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(join(dir, 'classification.zip'))))) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const found = await findHuggingBench(dir);
    found.close();
    assert.deepEqual(
      found.cls.map((f) => f.where.slice(dir.length + 1)),
      ['classification/test.json', 'classification/train.json', 'classification/valid.json'],
    );
  });

  it('runs all three tasks from the download folder, saying how many rows resolved', async () => {
    const said: string[] = [];
    const report = await runEval({ from: graph, huggingbench: BENCH, onProgress: (m) => said.push(m) });
    const [rec, cls, trace] = report.tasks;
    assert.ok(rec && cls && trace, 'three task reports');
    assert.deepEqual(
      report.tasks.map((t) => t.task),
      ['rec', 'cls', 'trace'],
    );
    assert.equal(rec.cases, 5, 'alice, carol, dave, erin, gina (zed is not in the graph)');
    assert.equal(rec.hiddenTriples, 7, "bob's valid like and six test likes");
    assert.ok(
      said.includes(
        'rec: train.txt: 12 of 13 interactions resolved to graph entities ' +
          '(not: user zed); valid.txt: 1 of 1 interactions resolved to ' +
          'graph entities; test.txt: 6 of 7 interactions resolved to graph ' +
          'entities (not: item nobody/not-in-graph)',
      ),
      said.join('\n'),
    );
    assert.ok(
      said.some((m) =>
        new RegExp(
          String.raw`^rec: 2 splits found, reading HuggingBench-Recommendation\/ke_rec\/huggingface_1hop_k` +
            String.raw`g \(pass one folder to choose: .*huggingface_2hop_kg\)$`,
        ).test(m),
      ),
    );
    assert.equal(cls.cases, 2, 'bob/llm-chat-ft and the imgs dataset; ghost/model is not in the graph');
    assert.equal(cls.hiddenTriples, 2);
    assert.match(cls.protocol, /classification\.zip!classification\/test\.json\); test\.json: 2 of 3 rows resolved/);
    assert.equal(trace.cases, 1);
    assert.equal(trace.methods.query?.MRR, 1);
    assert.ok(
      said.includes(
        'trace: training.txt: 2 of 2 lineage triples resolved to graph ' +
          'entities; validation.txt: 1 of 1 lineage triples resolved to ' +
          'graph entities; test.txt: 1 of 2 lineage triples resolved to ' +
          'graph entities (not: nobody/base)',
      ),
      said.join('\n'),
    );
  });

  it('never reads a ke_rec folder as a tracing split', async () => {
    await assert.rejects(
      runEval({ from: graph, huggingbench: KE_REC, tasks: ['trace'] }),
      (e: Error) =>
        e.message.startsWith(`--huggingbench ${KE_REC}: no readable HuggingBench tracing split`) &&
        e.message.includes('Readable here: rec: .'),
    );
  });

  it('with no task named, skips (aloud) the tasks whose split is not there', async () => {
    const said: string[] = [];
    const report = await runEval({ from: graph, huggingbench: KE_REC, onProgress: (m) => said.push(m) });
    assert.deepEqual(
      report.tasks.map((t) => t.task),
      ['rec'],
    );
    assert.ok(said.some((m) => m.startsWith('cls: skipped, --huggingbench') && m.includes('classification split')));
    assert.ok(said.some((m) => m.startsWith('trace: skipped, --huggingbench')));
  });

  it('refuses the pickled general_rec/social_rec splits, naming them and the readable kind', async () => {
    const dir = join(BENCH, 'HuggingBench-Recommendation', 'general_rec');
    await assert.rejects(
      runEval({ from: graph, huggingbench: dir, tasks: ['rec'] }),
      new RegExp(
        String.raw`found only sparse_huggingface: general_rec split as pickled scipy matrices \(test_mat` +
          String.raw`\.pkl, train_mat\.pkl, valid_mat\.pkl\), which no maintained npm library reads; point` +
          ' at a ke_rec folder',
      ),
    );
  });

  it('refuses a classification download with only binary files, saying so', async () => {
    const dir = tempDir('hkg-bench-');
    mkdirSync(join(dir, 'HuggingBench-Classification'));
    writeFileSync(join(dir, 'HuggingBench-Classification', 'huggingface_bert.pt'), 'binary');
    writeFileSync(
      join(dir, 'HuggingBench-Classification', 'classification.zip'),
      zipSync({ 'classification/huggingface.pt': strToU8('binary') }),
    );
    await assert.rejects(
      runEval({ from: graph, huggingbench: dir, tasks: ['cls'] }),
      new RegExp(
        String.raw`no readable HuggingBench classification split .*found only .*huggingface_bert\.pt: a ` +
          String.raw`CogDL graph saved by torch\.save \(binary\), not readable here; .*classification\.zip` +
          String.raw`: no text label files inside \(classification\/huggingface\.pt\)`,
      ),
    );
  });

  it('fails when no test row resolves to the graph, naming examples', async () => {
    const dir = tempDir('hkg-bench-');
    cpSync(join(BENCH, 'HuggingBench-Tracing'), dir, { recursive: true });
    writeFileSync(join(dir, 'test.txt'), 'nobody/base\tmodel_finetune_model\tnobody/derived\n');
    await assert.rejects(
      runEval({ from: graph, huggingbench: dir, tasks: ['trace'] }),
      /test\.txt: none of the 1 test lineage triples resolved to entities of this graph \(e\.g\. nobody\/base\)/,
    );
  });

  it('reads label files as JSON, JSON Lines, CSV with a header, or id<TAB>labels text', () => {
    const want = [{ id: 'a/m', labels: ['Text Generation', 'translation'] }];
    assert.deepEqual(
      parseLabelFile('test.json', '[{"id": "a/m", "labels": ["Text Generation", "translation"]}]'),
      want,
    );
    assert.deepEqual(
      parseLabelFile('test.jsonl', '{"model_id": "a/m", "tasks": "Text Generation|translation"}\n'),
      want,
    );
    assert.deepEqual(parseLabelFile('test.csv', 'id,text,labels\na/m,hello,"Text Generation;translation"\n'), want);
    assert.deepEqual(parseLabelFile('test.txt', 'a/m\tText Generation,translation\n'), want);
    assert.equal(parseLabelFile('test.json', '{not json'), undefined);
  });
});
