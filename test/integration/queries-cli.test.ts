// `huggingkg query`: the CLI over a build directory (embedded oxigraph) and straight over the dump file (Comunica)
// gives
// the same answers; bad parameters exit non-zero with a message naming them.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { ROOT } from '../../src/paths.js';
import { describeQueries } from '../../src/queries/list.js';
import { formatTable } from '../../src/queries/format.js';
import { DEFAULT_BASE } from '../../src/vocab.js';
import { fixtureNTriples } from '../helpers/queries-fixture.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist', 'src', 'cli.js');

describe('huggingkg query (CLI) @slow', function () {
  this.timeout(60_000);
  let outDir: string;
  let dump: string;

  before(() => {
    const nt = fixtureNTriples();
    outDir = join(dirname(nt), 'out');
    mkdirSync(outDir);
    dump = join(outDir, 'huggingkg.nt.gz');
    writeFileSync(dump, gzipSync(readFileSync(nt)));
  });

  it('--from OUTDIR (SPARQL results JSON) and --dump FILE through Comunica (CSV) agree', async () => {
    const args = ['query', 'classify-task', '--param', 'entity=model/carol/llm-chat-ft-gguf'];
    const json = JSON.parse((await run('node', [CLI, ...args, '--from', outDir, '--format', 'json'])).stdout);
    const bindings = json.results.bindings as Array<Record<string, { type: string; value: string }>>;
    assert.deepEqual(json.head.vars.slice(0, 3), ['task', 'score', 'label'], 'SPARQL results JSON, SELECT order');
    assert.deepEqual(bindings[0]!.task, { type: 'uri', value: 'https://w3id.org/huggingkg/task/text-generation' });
    const embedded = { rows: bindings.map((b) => ({ task: b.task!.value, score: Number(b.score!.value) })) };
    const csv = (await run('node', [CLI, ...args, '--dump', dump, '--format', 'csv'])).stdout.split('\r\n');
    assert.equal(
      csv[0],
      'task,score,label,tag,name,card,base,inherited,derived,sibling,data,coTrained,publisher,prior',
      'columns in SELECT order',
    );
    const rows = csv.slice(1, -1).map((line) => line.split(','));
    assert.deepEqual(
      // the same score up to the last bits of a double (the two engines add the weighted shares in another order)
      rows.map((r) => [r[0], Number(Number(r[1]).toFixed(9))]),
      embedded.rows.map((r: { task: string; score: number }) => [r.task, Number(r.score.toFixed(9))]),
    );
  });

  it('a bad parameter is a usage error (exit 2) naming it', async () => {
    await assert.rejects(
      run('node', [CLI, 'query', 'recommend-items', '-p', 'usr=alice', '--dump', dump]),
      (e: { code: number; stderr: string }) => e.code === 2 && /no parameter "usr"/.test(e.stderr),
    );
  });

  it('--list --from OUTDIR: examples from that graph, each answering; else placeholders', async function () {
    this.timeout(150_000); // three CLI runs, each loading the graph, on a shared machine
    const listed = (await run('node', [CLI, 'query', '--list', '--from', outDir])).stdout;
    const example = (name: string) => new RegExp(`huggingkg query ${name} (.*)$`, 'm').exec(listed)?.[1] ?? '';
    for (const name of ['lineage-ancestors', 'recommend-items']) {
      const params = example(name)
        .split(/\s+/)
        .filter((w) => w.includes('='));
      assert.ok(params.length > 0, `${name} has an example`);
      const out = await run('node', [
        CLI,
        'query',
        name,
        ...params.flatMap((p) => ['--param', p]),
        '--from',
        outDir,
        '-f',
        'json',
      ]);
      assert.ok(JSON.parse(out.stdout).results.bindings.length > 0, `${name} ${params.join(' ')} answers`);
    }
    assert.match(describeQueries(), /huggingkg query lineage-ancestors --param model=model\/ID/);
  });

  it('formats a table in SELECT order with IRIs shortened, and lists the queries', () => {
    const table = formatTable(
      {
        name: 'lineage-ancestors',
        params: {},
        elapsedMs: 1.5,
        sparql: 'SELECT ?derived ?depth WHERE { ?derived ?p ?depth }',
        rows: [{ depth: 1, derived: DEFAULT_BASE + 'model/a/b' }],
      },
      DEFAULT_BASE,
    );
    assert.deepEqual(table.split('\n').slice(0, 3), ['derived    depth', '---------  -----', 'model/a/b  1']);
    assert.match(
      describeQueries(),
      /recommend-items — Recommend models, datasets or spaces to a user\n {4}user \(iri, required\)/,
    );
  });
});
