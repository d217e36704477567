// Canned queries: every queries/*.rq has a complete header and parses; each returns the expected top answers on the
// hand-made fixture graph; parameters are bound as RDF terms, so injection attempts fail or change nothing.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sparqljs from 'sparqljs';
import { bindQuery, resolveEntity } from '../../src/queries/bind.js';
import { parseHeader } from '../../src/queries/header.js';
import {
  getQuery,
  listQueries,
  loadQueryFile,
  prepareQuery,
  QueryFileError,
  QueryParamError,
  runQuery,
  UnknownQueryError,
} from '../../src/queries/registry.js';
import type { CannedQuery } from '../../src/queries/types.js';
import { DEFAULT_BASE } from '../../src/vocab.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import type { EmbeddedStore } from '../../src/store/embedded.js';
import { must } from '../helpers/must.js';
import { fixtureStore, graphLines, short, turtleStore } from '../helpers/queries-fixture.js';
import { tempDir } from '../helpers/temp-dirs.js';

const REQUIRED = [
  'recommend-items',
  'related-items',
  'classify-task',
  'lineage-ancestors',
  'lineage-descendants',
  'lineage-tree',
  'predict-base-model',
  'most-derived-base-models',
  'license-drift',
  'task-distribution-by-year',
  'most-trained-on-datasets',
  'most-followed-organizations',
  'models-trained-on',
];

describe('canned queries: files', () => {
  it('includes every required query', () => {
    const names = listQueries().map((q) => q.name);
    for (const n of REQUIRED) assert.ok(names.includes(n), `missing ${n}`);
  });

  for (const q of listQueries()) {
    it(`${q.name}: complete header, parses, example binds to valid SPARQL 1.1`, () => {
      assert.ok(q.title.length > 5 && q.description.length > 40, 'title and description');
      for (const p of q.params) assert.ok(p.description.length > 3, `param ${p.name} described`);
      const bound = prepareQuery(q.name, q.example);
      const reparsed = new sparqljs.Parser().parse(bound.sparql) as { queryType: string };
      assert.equal(reparsed.queryType, 'SELECT');
      for (const p of q.params) {
        assert.doesNotMatch(bound.sparql, new RegExp(`\\?${p.name}\\b`), `?${p.name} was bound everywhere`);
      }
    });
  }

  /** Every SELECT in a parsed query (the query itself and its subqueries, however deep). */
  function selects(node: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
    if (Array.isArray(node)) for (const n of node) selects(n, out);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.queryType === 'SELECT') out.push(o);
      for (const v of Object.values(o)) selects(v, out);
    }
    return out;
  }

  for (const q of listQueries()) {
    it(`${q.name}: every ORDER BY cut by a LIMIT ends with a variable, a group key when grouped`, () => {
      // Ties at the cut would otherwise be broken as each store likes: different rows on oxigraph and Virtuoso.
      const parsed = new sparqljs.Parser().parse(prepareQuery(q.name, q.example).sparql);
      for (const sel of selects(parsed)) {
        const order = sel.order as Array<{ expression: { termType?: string; value?: string } }> | undefined;
        if (sel.limit === undefined || !order?.length) continue;
        const last = order[order.length - 1]!.expression;
        const where = `ORDER BY ... ${last.termType === 'Variable' ? '?' + last.value : '(expression)'}`;
        assert.equal(last.termType, 'Variable', `${where} LIMIT ${sel.limit}: ties broken by the store`);
        const group = sel.group as Array<{ expression: { termType?: string; value?: string } }> | undefined;
        if (group)
          assert.ok(
            group.some((g) => g.expression.termType === 'Variable' && g.expression.value === last.value),
            `${where} LIMIT ${sel.limit}: not a group key, so not one row per value`,
          );
      }
    });
  }

  it('rejects a header without a description, naming the file', () => {
    assert.throws(
      () => parseHeader('# name: x\n# title: X\n# example: \nSELECT * {}', 'queries/x.rq'),
      (e: Error) => e instanceof QueryFileError && /queries\/x\.rq/.test(e.message) && /description/.test(e.message),
    );
  });

  it('rejects a declared parameter the SPARQL never uses', () => {
    const dir = tempDir('hkg-rq-');
    const file = join(dir, 'unused.rq');
    writeFileSync(
      file,
      '# name: unused\n# title: Unused parameter\n# description: declares ' +
        '?who but never uses it at all, which is a mistake\n' +
        '# param: who iri -- someone\n# example: who=user/a\nSELECT ?s WHERE { ?s ?p ?o }\n',
    );
    assert.throws(() => loadQueryFile(file), /who is declared but \?who is not used/);
  });

  it('rejects a parameter used as an output column', () => {
    const dir = tempDir('hkg-rq-');
    const file = join(dir, 'projected.rq');
    writeFileSync(
      file,
      '# name: projected\n# title: Projected parameter\n# description: ' +
        'projects the parameter, which cannot be replaced by a constant\n' +
        '# param: who iri -- someone\n# example: who=user/a\nSELECT ?who WHERE { ?who ?p ?o }\n',
    );
    assert.throws(() => loadQueryFile(file), /projected/);
  });
});

describe('canned queries: answers on the fixture graph', () => {
  let store: EmbeddedStore;
  before(async () => {
    store = await fixtureStore();
  });
  after(() => store.close());
  const run = async (name: string, params: Record<string, string>) => (await runQuery(store, name, params)).rows;
  const col = (rows: Array<Record<string, unknown>>, c: string) => rows.map((r) => short(r[c]));

  it('recommend-items: co-liked item first, never an item the user likes', async () => {
    const rows = await run('recommend-items', { user: 'user/alice', kind: 'model' });
    const top = must(rows[0], 'a recommendation for alice');
    assert.equal(short(top.item), 'model/dave/llm-lora');
    assert.equal(typeof top.score, 'number');
    const items = col(rows, 'item');
    assert.ok(
      !items.includes('model/org-a/base-llm') && !items.includes('model/bob/llm-chat-ft'),
      'liked items excluded',
    );
    assert.ok(
      items.every((i) => i.startsWith('model/')),
      'kind=model honoured',
    );
  });

  it('recommend-items: kind=dataset returns datasets only', async () => {
    const rows = await run('recommend-items', { user: 'user/alice', kind: 'dataset', k: '3' });
    assert.deepEqual(col(rows, 'item')[0], 'dataset/chat-data');
    assert.ok(col(rows, 'item').every((i) => i.startsWith('dataset/')));
  });

  it('recommend-items: a user without likes gets the most-liked items', async () => {
    const rows = await run('recommend-items', { user: 'user/frank', k: '3' });
    const top = must(rows[0], 'a recommendation for frank');
    assert.equal(short(top.item), 'model/org-b/vision-base');
    assert.equal(top.cf, 0);
  });

  it('recommend-items: a cold user is steered by the likes of accounts they follow', async () => {
    const rows = await run('recommend-items', { user: 'user/ivan', k: '2' });
    assert.deepEqual(col(rows, 'item').sort(), ['model/bob/llm-chat-ft', 'model/org-a/base-llm']);
  });

  it('related-items: lineage family and co-liked items first', async () => {
    const rows = await run('related-items', { entity: 'model/org-a/base-llm', k: '3' });
    assert.deepEqual(col(rows, 'item').slice(0, 2).sort(), ['model/bob/llm-chat-ft', 'model/dave/llm-lora']);
    assert.ok(!col(rows, 'item').includes('model/org-a/base-llm'));
  });

  it(
    'classify-task: a quantized model without a task inherits its ' + "lineage task, with each signal's share",
    async () => {
      const rows = await run('classify-task', { entity: 'model/carol/llm-chat-ft-gguf' });
      const top = must(rows[0], 'a task for the quantized model');
      assert.equal(short(top.task), 'task/text-generation');
      assert.equal(Number(top.base), 1.5, "its one base is a text generator (1), and so is that base's base (0.5)");
      assert.equal(
        Number(top.tag),
        0.5,
        'its library gguf: carried by one tasked model, a text generator: 1 / (1 + 1)',
      );
      assert.ok(Number(top.prior) > 0, "the kind's task counts give a prior");
      assert.equal(top.label, 'Text Generation');
    },
  );

  it("classify-task: a dataset without a task gets its publisher's usual task", async () => {
    const rows = await run('classify-task', { entity: 'dataset/untasked' });
    const top = must(rows[0], 'a task for the dataset');
    assert.equal(short(top.task), 'task/image-classification');
    assert.ok(Number(top.publisher) > 0, JSON.stringify(top));
  });

  it('lineage-ancestors: each step with relation, depth and root', async () => {
    const rows = await run('lineage-ancestors', { model: 'model/carol/llm-chat-ft-gguf' });
    assert.deepEqual(
      rows.map((r) => [short(r.derived), short(r.relation), short(r.base), r.depth, short(r.root)]),
      [
        ['model/carol/llm-chat-ft-gguf', 'hkg:quantizedFrom', 'model/bob/llm-chat-ft', 1, 'model/org-a/base-llm'],
        ['model/bob/llm-chat-ft', 'hkg:fineTunedFrom', 'model/org-a/base-llm', 2, 'model/org-a/base-llm'],
      ],
    );
    const shallow = await run('lineage-ancestors', { model: 'model/carol/llm-chat-ft-gguf', maxDepth: '1' });
    assert.equal(shallow.length, 1);
  });

  it('lineage-descendants: derived models with their depth', async () => {
    const rows = await run('lineage-descendants', { model: 'model/org-a/base-llm' });
    assert.deepEqual(
      rows.map((r) => [short(r.derived), r.depth]),
      [
        ['model/bob/llm-chat-ft', 1],
        ['model/dave/llm-lora', 1],
        ['model/carol/llm-chat-ft-gguf', 2],
      ],
    );
  });

  it('lineage-tree: the whole family from the root, from any member', async () => {
    const rows = await run('lineage-tree', { model: 'model/dave/llm-lora' });
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => short(r.root) === 'model/org-a/base-llm'));
    assert.ok(rows.every((r) => r.steps === 3));
  });

  it('lineage-tree and lineage-descendants cut at k still count every step below (steps)', async () => {
    const tree = await run('lineage-tree', { model: 'model/dave/llm-lora', k: '1' });
    assert.deepEqual(
      tree.map((r) => [short(r.derived), r.depth, r.steps]),
      [['model/bob/llm-chat-ft', 1, 3]],
    );
    const below = await run('lineage-descendants', { model: 'model/org-a/base-llm', k: '2' });
    assert.deepEqual(
      below.map((r) => [short(r.derived), r.steps]),
      [
        ['model/bob/llm-chat-ft', 3],
        ['model/dave/llm-lora', 3],
      ],
    );
  });

  it('predict-base-model: the base named in the card beats a similar name also mentioned', async () => {
    const rows = await run('predict-base-model', { model: 'model/erin/mystery', k: '3' });
    assert.deepEqual(col(rows, 'candidate').slice(0, 2), ['model/org-b/vision-base', 'model/org-b/vision-base-2']);
    const gguf = await run('predict-base-model', { model: 'model/carol/llm-chat-ft-gguf' });
    assert.equal(short(gguf[0]?.candidate), 'model/bob/llm-chat-ft', 'name containment');
  });

  it('exploration queries', async () => {
    assert.equal(short((await run('most-derived-base-models', {}))[0]?.base), 'model/org-a/base-llm');
    const drift = await run('license-drift', {});
    assert.deepEqual(
      drift.map((r) => short(r.derived)),
      ['model/bob/llm-chat-ft'],
    );
    assert.equal(drift[0]?.baseLicense, 'http://spdx.org/licenses/Apache-2.0');
    const years = await run('task-distribution-by-year', { kind: 'model' });
    assert.deepEqual(
      years.map((r) => [r.year, short(r.task), r.count]),
      [
        [2022, 'task/image-classification', 1],
        [2022, 'task/text-generation', 1],
        [2023, 'task/image-classification', 2],
        [2023, 'task/text-generation', 2],
      ],
    );
    assert.deepEqual(
      (await run('most-trained-on-datasets', {})).map((r) => [short(r.dataset), r.models]),
      [
        ['dataset/imgs', 3],
        ['dataset/chat-data', 1],
      ],
    );
    assert.deepEqual(
      (await run('most-followed-organizations', {})).map((r) => [short(r.org), r.followers]),
      [
        ['org/org-a', 3],
        ['org/org-b', 1],
      ],
    );
    assert.equal((await run('models-trained-on', { dataset: 'dataset/imgs' })).length, 3);
  });

  it('k sets the LIMIT', async () => {
    const run1 = await runQuery(store, 'recommend-items', { user: 'user/alice', k: '2' });
    assert.equal(run1.rows.length, 2);
    assert.match(run1.sparql, /LIMIT 2\s*$/);
    assert.equal(run1.params.user, DEFAULT_BASE + 'user/alice');
  });
});

describe('canned queries: predict-base-model looks up runs of name words', () => {
  // Only the model's own name links it to the candidates: no card, no datasets, other publishers, no lineage.
  const graph = `@prefix hkg: <https://w3id.org/huggingkg/ontology#> . @prefix schema: <https://schema.org/> .
    @prefix m: <https://w3id.org/huggingkg/model/> .
    m:x\\/Meta-Wombat-3.1-8B-Instruct-GGUF a hkg:Model ; hkg:hubId "x/Meta-Wombat-3.1-8B-Instruct-GGUF" ;
      schema:name "Meta-Wombat-3.1-8B-Instruct-GGUF" .
    ${[
      'Wombat-3.1-8B',
      'Wombat-3.1',
      'Wombat',
      'bat-3.1',
      'Wombat-3.1-8',
      'Instruct-GGUF-v2',
      'Meta-Wombat-3.1-8B-Instruct-GGUF',
    ]
      .map((name, i) => `m:o${i}\\/${name} a hkg:Model ; hkg:hubId "o${i}/${name}" ; schema:name "${name}" .`)
      .join('\n')}`;
  let store: EmbeddedStore;
  before(async () => {
    store = await turtleStore(graph);
  });
  after(() => store.close());

  it('finds the models named like a run of whole words (split at -, _ and .), longest match first', async () => {
    const { rows } = await runQuery(store, 'predict-base-model', { model: 'model/x/Meta-Wombat-3.1-8B-Instruct-GGUF' });
    // not "bat-3.1" (starts inside a word), "Wombat-3.1-8" (ends inside one), "Instruct-GGUF-v2" (runs past the end);
    // a model with the same name as a whole is a candidate too
    assert.deepEqual(
      rows.map((r) => short(r.candidate)),
      ['model/o6/Meta-Wombat-3.1-8B-Instruct-GGUF', 'model/o0/Wombat-3.1-8B', 'model/o1/Wombat-3.1', 'model/o2/Wombat'],
    );
    assert.ok(rows.every((r) => Number(r.nameMatch) > 0 && Number(r.mention) === 0 && Number(r.stemMatch) === 0));
  });
});

describe('canned queries: predict-base-model on name stems, the derivative prior, publisher votes and card ids', () => {
  // Invented families. quokka-lab/Quokka-3-7B-Chat-hf has 3 derivatives (two by tinker), an upload merely named like it
  // (nobody/quokka-3-7b-chat) has 1, bigco/Wombat-13B has 6 with names that say nothing. The models asked about have no
  // lineage edges of their own.
  const m = (
    id: string,
    extra = '',
  ) => `<https://w3id.org/huggingkg/model/${id}> a hkg:Model ; hkg:hubId "${id}" ; schema:name "${id.split('/')[1]}" ;
    hkg:publishedBy <https://w3id.org/huggingkg/user/${id.split('/')[0]}> ${extra} .`;
  const from = (base: string) => `; hkg:adapterOf <https://w3id.org/huggingkg/model/${base}>`;
  // n id-shaped words that name no model of the graph
  const cardIds = (n: number) => Array.from({ length: n }, (_, i) => `see/other-${i}`).join(' ');
  const graph = `@prefix hkg: <https://w3id.org/huggingkg/ontology#> . @prefix schema: <https://schema.org/> .
    ${m('quokka-lab/Quokka-3-7B-Chat-hf')} ${m('nobody/quokka-3-7b-chat')} ${m('bigco/Wombat-13B')}
    ${m('tinker/run-1', from('quokka-lab/Quokka-3-7B-Chat-hf'))}
    ${m('tinker/run-2', from('quokka-lab/Quokka-3-7B-Chat-hf'))}
    ${m('a/q1', from('quokka-lab/Quokka-3-7B-Chat-hf'))} ${m('b/c1', from('nobody/quokka-3-7b-chat'))}
    ${[1, 2, 3, 4, 5, 6].map((i) => m(`w${i}/thing-${i}`, from('bigco/Wombat-13B'))).join(' ')}
    ${m('someone/QUOKKA-3-7B-chat-Q4_K_M-GGUF')} ${m('loner/sonya')} ${m('tinker/run-3')}
    ${m(
      'erin/mystery',
      '; schema:description "This model is a fine-tuned version of ' +
        '[nobody/quokka-3-7b-chat](https://huggingface.co/nobody/quokka-3-7b-chat) ' +
        'on an unknown dataset."',
    )}
    ${m('erin/tenth', `; schema:description "${cardIds(9)} nobody/quokka-3-7b-chat"`)}
    ${m('erin/eleventh', `; schema:description "${cardIds(10)} nobody/quokka-3-7b-chat"`)}`;
  let store: EmbeddedStore;
  before(async () => {
    store = await turtleStore(graph);
  });
  after(() => store.close());
  const top = async (model: string) => (await runQuery(store, 'predict-base-model', { model })).rows;

  it(
    'a lower-cased name with a quantisation suffix finds its base ' + 'by stem; the well-attested base outranks a copy',
    async () => {
      const rows = await top('model/someone/QUOKKA-3-7B-chat-Q4_K_M-GGUF');
      assert.deepEqual(
        rows.slice(0, 2).map((r) => short(r.candidate)),
        ['model/quokka-lab/Quokka-3-7B-Chat-hf', 'model/nobody/quokka-3-7b-chat'],
      );
      const [first, second] = [must(rows[0], 'the first candidate'), must(rows[1], 'the second candidate')];
      assert.equal(first.stemMatch, 1);
      assert.equal(second.stemMatch, 1);
      assert.ok(Number(first.prior) > Number(second.prior));
    },
  );

  it('a name that says nothing falls back to the most derived-from model (the prior)', async () => {
    const rows = await top('model/loner/sonya');
    assert.equal(short(rows[0]?.candidate), 'model/bigco/Wombat-13B');
    assert.ok(rows.every((r) => Number(r.stemMatch) === 0 && Number(r.nameMatch) === 0));
  });

  it("the bases of the publisher's other models outrank a more derived-from stranger", async () => {
    const rows = await top('model/tinker/run-3');
    const best = must(rows[0], 'a candidate base');
    assert.equal(short(best.candidate), 'model/quokka-lab/Quokka-3-7B-Chat-hf');
    assert.ok(Math.abs(Number(best.publisherVote) - 2 / 3) < 1e-9, 'two siblings: 2/(2+1)');
  });

  it(
    'a card saying "fine-tuned version of [X](https://huggingface.co/X)" ' + 'puts X first, even a little-derived X',
    async () => {
      const rows = await top('model/erin/mystery');
      const best = must(rows[0], 'a candidate base');
      assert.equal(short(best.candidate), 'model/nobody/quokka-3-7b-chat');
      assert.equal(best.mention, 1);
    },
  );

  it('a card is read for its first 10 ids, as the description says: the 10th is found, the 11th not', async () => {
    assert.match(getQuery('predict-base-model').description, /Hub ids written in the model's card \(the first 10\)/);
    const mention = async (model: string) =>
      Number((await top(model)).find((r) => short(r.candidate) === 'model/nobody/quokka-3-7b-chat')?.mention ?? 0);
    assert.equal(await mention('model/erin/tenth'), 1);
    assert.equal(await mention('model/erin/eleventh'), 0);
  });

  it(
    'the weights are parameters: with wPrior=0 and wStem=0 the prior ' + 'and stem no longer order the candidates',
    async () => {
      const { rows } = await runQuery(store, 'predict-base-model', {
        model: 'model/someone/QUOKKA-3-7B-chat-Q4_K_M-GGUF',
        wPrior: '0',
        wStem: '0',
      });
      assert.ok(
        rows.every((r) => Number(r.score) === 0),
        JSON.stringify(rows.map((r) => r.score)),
      );
    },
  );
});

describe('classify-task: the tag signal (tag-task statistics)', () => {
  let store: EmbeddedStore;
  before(async () => {
    store = await fixtureStore(join(FIXTURES_DIR, 'queries', 'tags.ttl'));
  });
  after(() => store.close());

  it("a model with no graph neighbours but a specific keyword gets the keyword's task", async () => {
    const { rows } = await runQuery(store, 'classify-task', { entity: 'model/zed/lonely' });
    const top = must(rows[0], 'a task for the lonely model');
    assert.equal(short(top.task), 'task/audio-classification');
    // wavlm-arch: 3 of 3 carriers (3 / 4 smoothed); transformers: 3 of 8 (3 / 9); their mean weighted by 1 / carriers
    const expected = (3 / 4 / 3 + 3 / 9 / 8) / (1 / 3 + 1 / 8);
    assert.ok(Math.abs(Number(top.tag) - expected) < 1e-9, String(top.tag));
    for (const signal of ['base', 'inherited', 'derived', 'sibling', 'data', 'coTrained', 'publisher']) {
      assert.equal(Number(top[signal]), 0, signal);
    }
    assert.equal(short(rows[1]?.task), 'task/text-generation');
  });

  it("a model with only the common library gets the library's most usual task", async () => {
    const { rows } = await runQuery(store, 'classify-task', { entity: 'model/zed/plain' });
    assert.deepEqual(
      rows.map((r) => short(r.task)),
      ['task/text-generation', 'task/audio-classification'],
    );
  });
});

describe('canned queries: parameters and injection', () => {
  let store: EmbeddedStore;
  let lines: string[];
  before(async () => {
    store = await fixtureStore();
    lines = await graphLines(store);
  });
  after(() => store.close());

  it(
    'binds each call on its own copy of the parsed query, and hands ' + 'the store the parse its text came from',
    async () => {
      const a = prepareQuery('classify-task', { entity: 'model/acme/a' });
      const b = prepareQuery('classify-task', { entity: 'model/acme/b' });
      assert.match(a.sparql, /model\/acme\/a>/);
      assert.doesNotMatch(a.sparql, /model\/acme\/b>/);
      assert.match(b.sparql, /model\/acme\/b>/);
      assert.doesNotMatch(b.sparql, /model\/acme\/a>/);
      assert.equal(new sparqljs.Generator({}).stringify(a.parsed), a.sparql);
      // The store answers the same given the parse or only the text.
      const lineage = must(
        lines.find((l) => l.includes('ontology#fineTunedFrom')),
        'a fineTunedFrom line',
      );
      // its subject: the text before the first space
      const model = lineage.replace(/ .*/s, '').replace('NamedNode:', '');
      const bound = prepareQuery('lineage-ancestors', { model });
      const rows = await store.select(bound.sparql, { parsed: bound.parsed });
      assert.ok(rows.length > 0);
      assert.deepEqual(rows, await store.select(bound.sparql));
    },
  );

  it('unknown query, unknown parameter, missing parameter and bad values are QueryParamErrors', () => {
    assert.throws(() => getQuery('drop-everything'), UnknownQueryError);
    assert.throws(
      () => prepareQuery('recommend-items', { user: 'user/alice', color: 'red' }),
      (e: Error) => e instanceof QueryParamError && /color/.test(e.message),
    );
    assert.throws(
      () => prepareQuery('recommend-items', {}),
      (e: Error) => e instanceof QueryParamError && /needs parameter user/.test(e.message),
    );
    assert.throws(() => prepareQuery('recommend-items', { user: 'user/alice', kind: 'paper' }), QueryParamError);
    assert.throws(() => prepareQuery('recommend-items', { user: 'user/alice', k: '0' }), QueryParamError);
    assert.throws(() => prepareQuery('recommend-items', { user: 'user/alice', k: '10; DROP ALL' }), QueryParamError);
    assert.throws(() => prepareQuery('recommend-items', { user: 'user/alice', k: '99999' }), QueryParamError);
    assert.throws(() => prepareQuery('recommend-items', { user: 'alice' }), QueryParamError);
  });

  const attacks = [
    'x> } ; DROP ALL ; SELECT * { ?s ?p ?o',
    'https://w3id.org/huggingkg/user/alice> } UNION { ?s ?p ?o } #',
    'https://w3id.org/huggingkg/user/a"b',
    'https://w3id.org/huggingkg/user/a\nb',
    'https://w3id.org/huggingkg/user/a{b}',
  ];
  for (const attack of attacks) {
    it(`an IRI parameter ${JSON.stringify(attack)} is refused`, () => {
      assert.throws(() => prepareQuery('recommend-items', { user: attack }), QueryParamError);
    });
  }

  it('a kind/id parameter with SPARQL syntax becomes one percent-encoded IRI and changes nothing', async () => {
    const evil = 'user/alice> } ; DROP ALL ; SELECT * { ?s ?p ?o } #"\n';
    const iri = resolveEntity(evil, DEFAULT_BASE);
    assert.ok(iri.startsWith(DEFAULT_BASE + 'user/alice%3E%20%7D'), iri);
    const runEvil = await runQuery(store, 'recommend-items', { user: evil, k: '3' });
    const runCold = await runQuery(store, 'recommend-items', { user: 'user/frank', k: '3' });
    assert.deepEqual(runEvil.rows, runCold.rows, 'answered like any unknown (cold) user');
    assert.ok(lines.length > 100);
    assert.deepEqual(await graphLines(store), lines, 'the graph is unchanged');
  });

  it('a string parameter with quotes, braces and newlines is one escaped literal', () => {
    const q: CannedQuery = {
      name: 'by-name',
      title: 'By name',
      description: 'd',
      file: 'by-name.rq',
      example: { n: 'x' },
      params: [{ name: 'n', type: 'string', description: 'a name' }],
      sparql: 'PREFIX schema: <https://schema.org/>\nSELECT ?s WHERE { ?s schema:name ?n }',
    };
    const evil = 'a" } ; DROP ALL ; SELECT * { ?s ?p ?o } #\n"""\\';
    const bound = bindQuery(q, { n: evil }, DEFAULT_BASE);
    const parsed = new sparqljs.Parser().parse(bound.sparql) as unknown as {
      where: Array<{ triples: Array<{ object: { value: string } }> }>;
    };
    assert.equal(parsed.where.length, 1, 'still one pattern');
    assert.equal(parsed.where[0]?.triples[0]?.object.value, evil, 'the whole value is one literal');
  });
});
