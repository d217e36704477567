// Mapper tests: golden triples per kind and per relation, lineage and its evidence, publishers, licenses, card text,
// stubs for dangling targets, the bundled sample covering all 30 relations, determinism, progress.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapSnapshot, type BuildWarning } from '../../src/mapper/map.js';
import { FIXTURES_DIR, SAMPLE_SNAPSHOT } from '../../src/paths.js';
import { RELATIONS } from '../../src/relations.js';
import { about, e, lines, nt, options, snapshot, str, xsd } from '../helpers/mapper-helpers.js';

const RECORDED = join(FIXTURES_DIR, 'hub-recorded');
const PAIR_SNAPSHOT = join(FIXTURES_DIR, 'release', 'snapshot');

function recordedModels(): unknown[] {
  return readdirSync(RECORDED)
    .filter((f) => f.startsWith('model-detail-'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(RECORDED, f), 'utf8')));
}

describe('mapper: recorded Hub model details', () => {
  let all: string[];
  let warnings: BuildWarning[];
  before(async () => {
    warnings = [];
    all = await lines(mapSnapshot(snapshot({ 'models.jsonl': recordedModels() }), options(warnings)));
  });

  it("gives Llama-3.1-8B-Instruct hkg:fineTunedFrom Llama-3.1-8B (the issue's acceptance triple)", () => {
    assert.ok(
      all.includes(
        '<https://w3id.org/huggingkg/model/meta-llama/Llama-3.1-8B-Instruct> ' +
          '<https://w3id.org/huggingkg/ontology#fineTunedFrom> ' +
          '<https://w3id.org/huggingkg/model/meta-llama/Llama-3.1-8B> ' +
          '.',
      ),
    );
  });

  it('takes the base id from the Hub tag, not the stale id in the card (Meta-Llama-3.1-8B)', () => {
    assert.equal(all.filter((l) => l.includes('Meta-Llama-3.1-8B')).length, 0);
  });

  it('writes the qualified derivation with HubInferred evidence when the card states no relation', () => {
    const d = '<https://w3id.org/huggingkg/model/meta-llama/Llama-3.1-8B-Instruct#finetune-meta-llama%2FLlama-3.1-8B>';
    assert.deepEqual(
      about(all, d).sort(),
      [
        nt(d, 'rdf:type', 'hkg:Derivation'),
        nt(d, 'hkg:baseModel', e('model', 'meta-llama/Llama-3.1-8B')),
        nt(d, 'hkg:derivationType', 'hkg:fineTunedFrom'),
        nt(d, 'hkg:derivationEvidence', 'hkg:HubInferred'),
      ].sort(),
    );
    assert.ok(all.includes(nt(e('model', 'meta-llama/Llama-3.1-8B-Instruct'), 'prov:qualifiedDerivation', d)));
  });

  it('maps zephyr-7b-beta: datasets, papers, license with SPDX, language, task, publisher', () => {
    const z = e('model', 'HuggingFaceH4/zephyr-7b-beta');
    const mine = about(all, z);
    for (const expected of [
      nt(z, 'rdf:type', 'hkg:Model'),
      nt(z, 'hkg:hubId', str('HuggingFaceH4/zephyr-7b-beta')),
      nt(z, 'schema:name', str('zephyr-7b-beta')),
      nt(z, 'schema:url', '<https://huggingface.co/HuggingFaceH4/zephyr-7b-beta>'),
      nt(z, 'hkg:trainedOn', e('dataset', 'HuggingFaceH4/ultrachat_200k')),
      nt(z, 'hkg:trainedOn', e('dataset', 'HuggingFaceH4/ultrafeedback_binarized')),
      nt(z, 'hkg:cites', e('paper', '2305.18290')),
      nt(z, 'hkg:task', e('task', 'text-generation')),
      nt(z, 'hkg:pipelineTag', str('text-generation')),
      nt(z, 'schema:license', str('mit')),
      nt(z, 'hkg:spdxLicense', '<http://spdx.org/licenses/MIT>'),
      nt(z, 'schema:inLanguage', str('en')),
      nt(z, 'hkg:library', str('transformers')),
      nt(z, 'hkg:region', str('us')),
      nt(z, 'schema:keywords', str('generated_from_trainer')),
      nt(z, 'hkg:fineTunedFrom', e('model', 'mistralai/Mistral-7B-v0.1')),
      nt(z, 'hkg:publishedBy', e('user', 'HuggingFaceH4')),
      nt(z, 'hkg:cardUrl', '<https://huggingface.co/HuggingFaceH4/zephyr-7b-beta/raw/main/README.md>'),
    ])
      assert.ok(mine.includes(expected), expected);
    assert.equal(mine.filter((l) => l.includes('ontology#cites>')).length, 4);
    assert.ok(
      mine.some((l) =>
        /schema.org\/dateCreated> "2023-10-26T11:25:49\.000Z"\^\^<http:\/\/www.w3.org\/2001\/XMLSchema#dateTime>/.test(
          l,
        ),
      ),
      'dateCreated',
    );
    assert.ok(
      mine.some((l) => /ontology#downloads> "\d+"\^\^<http:\/\/www.w3.org\/2001\/XMLSchema#integer>/.test(l)),
      'downloads',
    );
  });

  it('keeps the legacy one-segment id gpt2 as one segment', () => {
    assert.ok(
      all.includes(nt('<https://w3id.org/huggingkg/model/gpt2>', 'schema:url', '<https://huggingface.co/gpt2>')),
    );
    assert.ok(
      all.includes(nt('<https://w3id.org/huggingkg/model/gpt2>', 'hkg:publishedBy', e('user', 'openai-community'))),
    );
  });

  it('writes no hkg:cardUrl for a model without a card', () => {
    const m = about(all, e('model', 'dbmdz/bert-large-cased-finetuned-conll03-english'));
    assert.ok(m.length > 5);
    assert.equal(m.filter((l) => l.includes('cardUrl')).length, 0);
  });

  it('warns about nothing in the recorded responses', () => {
    assert.deepEqual(warnings, []);
  });
});

describe('mapper: golden triples per kind (test/fixtures/release/snapshot)', () => {
  let all: string[];
  before(async () => {
    all = await lines(mapSnapshot(PAIR_SNAPSHOT, options()));
  });

  it('model', () => {
    const m = e('model', 'acme/base-7b');
    assert.deepEqual(about(all, m), [
      nt(m, 'rdf:type', 'hkg:Model'),
      nt(m, 'hkg:hubId', str('acme/base-7b')),
      nt(m, 'schema:name', str('base-7b')),
      nt(m, 'schema:url', '<https://huggingface.co/acme/base-7b>'),
      nt(m, 'schema:dateCreated', xsd('2024-01-02T03:04:05.000Z', 'dateTime')),
      nt(m, 'schema:dateModified', xsd('2024-02-03T04:05:06.000Z', 'dateTime')),
      nt(m, 'hkg:downloads', xsd(1000, 'integer')),
      nt(m, 'hkg:likeCount', xsd(10, 'integer')),
      nt(m, 'hkg:pipelineTag', str('text-generation')),
      nt(m, 'hkg:library', str('transformers')),
      nt(m, 'hkg:library', str('safetensors')),
      nt(m, 'schema:license', str('apache-2.0')),
      nt(m, 'hkg:spdxLicense', '<http://spdx.org/licenses/Apache-2.0>'),
      nt(m, 'schema:inLanguage', str('en')),
      nt(m, 'schema:inLanguage', str('fr')),
      nt(m, 'hkg:region', str('us')),
      nt(m, 'schema:keywords', str('chat-ready')),
      nt(m, 'schema:description', str('# Base 7B\n\nA base model for tests.')),
      nt(m, 'hkg:cardUrl', '<https://huggingface.co/acme/base-7b/raw/main/README.md>'),
      nt(m, 'hkg:task', e('task', 'text-generation')),
      nt(m, 'hkg:publishedBy', e('org', 'acme')),
    ]);
  });

  it('dataset', () => {
    const d = e('dataset', 'acme/corpus');
    assert.deepEqual(about(all, d), [
      nt(d, 'rdf:type', 'hkg:Dataset'),
      nt(d, 'hkg:hubId', str('acme/corpus')),
      nt(d, 'schema:name', str('corpus')),
      nt(d, 'schema:url', '<https://huggingface.co/datasets/acme/corpus>'),
      nt(d, 'schema:dateCreated', xsd('2023-12-01T00:00:00.000Z', 'dateTime')),
      nt(d, 'schema:dateModified', xsd('2023-12-02T00:00:00.000Z', 'dateTime')),
      nt(d, 'hkg:downloads', xsd(300, 'integer')),
      nt(d, 'hkg:likeCount', xsd(4, 'integer')),
      nt(d, 'hkg:library', str('datasets')),
      nt(d, 'schema:license', str('cc-by-4.0')),
      nt(d, 'hkg:spdxLicense', '<http://spdx.org/licenses/CC-BY-4.0>'),
      nt(d, 'schema:inLanguage', str('en')),
      nt(d, 'hkg:region', str('us')),
      nt(d, 'hkg:subTask', str('language-modeling')),
      nt(d, 'hkg:sizeCategory', str('1K<n<10K')),
      nt(d, 'hkg:format', str('parquet')),
      nt(d, 'hkg:dataModality', str('text')),
      nt(d, 'schema:keywords', str('synthetic')),
      nt(d, 'hkg:task', e('task', 'text-generation')),
      nt(d, 'hkg:cites', e('paper', '2401.00001')),
      nt(d, 'hkg:publishedBy', e('org', 'acme')),
    ]);
  });

  it('space', () => {
    const s = e('space', 'bob/demo');
    assert.deepEqual(about(all, s), [
      nt(s, 'rdf:type', 'hkg:Space'),
      nt(s, 'hkg:hubId', str('bob/demo')),
      nt(s, 'schema:name', str('demo')),
      nt(s, 'schema:url', '<https://huggingface.co/spaces/bob/demo>'),
      nt(s, 'schema:dateCreated', xsd('2024-02-01T00:00:00.000Z', 'dateTime')),
      nt(s, 'hkg:likeCount', xsd(1, 'integer')),
      nt(s, 'hkg:sdk', str('gradio')),
      nt(s, 'hkg:region', str('us')),
      nt(s, 'schema:keywords', str('gradio')),
      nt(s, 'hkg:usesModel', e('model', 'alice/base-7b-ft')),
      nt(s, 'hkg:usesDataset', e('dataset', 'acme/corpus')),
      nt(s, 'hkg:publishedBy', e('user', 'bob')),
    ]);
  });

  it('collection', () => {
    const c = e('collection', 'alice/favs-abc123');
    assert.deepEqual(about(all, c), [
      nt(c, 'rdf:type', 'hkg:Collection'),
      nt(c, 'hkg:hubId', str('alice/favs-abc123')),
      nt(c, 'schema:name', str('Favourites')),
      nt(c, 'schema:url', '<https://huggingface.co/collections/alice/favs-abc123>'),
      nt(c, 'hkg:slug', str('alice/favs-abc123')),
      nt(c, 'schema:dateModified', xsd('2024-03-01T00:00:00.000Z', 'dateTime')),
      nt(c, 'hkg:upvotes', xsd(5, 'integer')),
      nt(c, 'schema:description', str('My picks')),
      nt(c, 'hkg:contains', e('model', 'alice/base-7b-ft')),
      nt(c, 'hkg:contains', e('dataset', 'acme/corpus')),
      nt(c, 'hkg:contains', e('space', 'bob/demo')),
      nt(c, 'hkg:contains', e('paper', '2401.00001')),
      nt(c, 'hkg:ownedBy', e('user', 'alice')),
    ]);
  });

  it('paper', () => {
    const p = e('paper', '2401.00001');
    assert.deepEqual(about(all, p), [
      nt(p, 'rdf:type', 'hkg:Paper'),
      nt(p, 'hkg:hubId', str('2401.00001')),
      nt(p, 'schema:name', str('A Test Paper')),
      nt(p, 'schema:url', '<https://huggingface.co/papers/2401.00001>'),
      nt(p, 'hkg:arxivId', str('2401.00001')),
      nt(p, 'dcterms:title', str('A Test Paper')),
      nt(p, 'schema:datePublished', xsd('2024-01-01T00:00:00.000Z', 'dateTime')),
      nt(p, 'hkg:upvotes', xsd(7, 'integer')),
      nt(p, 'hkg:authorName', str('Alice Ångström')),
      nt(p, 'hkg:authorName', str('Carol')),
      nt(p, 'schema:description', str('We test things.')),
      nt(p, 'hkg:authoredBy', e('user', 'alice')),
    ]);
  });

  it('user and org', () => {
    const u = e('user', 'alice');
    assert.deepEqual(about(all, u), [
      nt(u, 'rdf:type', 'hkg:User'),
      nt(u, 'hkg:hubId', str('alice')),
      nt(u, 'schema:name', str('Alice Ångström')),
      nt(u, 'schema:url', '<https://huggingface.co/alice>'),
      nt(u, 'hkg:username', str('alice')),
      nt(u, 'hkg:memberOf', e('org', 'acme')),
      nt(u, 'hkg:follows', e('org', 'acme')),
    ]);
    assert.ok(all.includes(nt(e('user', 'bob'), 'schema:name', str('bob'))), 'a user without fullname is named by id');
    const o = e('org', 'acme');
    assert.deepEqual(about(all, o), [
      nt(o, 'rdf:type', 'hkg:Organization'),
      nt(o, 'hkg:hubId', str('acme')),
      nt(o, 'schema:name', str('ACME Research')),
      nt(o, 'schema:url', '<https://huggingface.co/acme>'),
    ]);
  });

  it('task (from @huggingface/tasks when the snapshot has no tasks.jsonl) and its modality', () => {
    const t = e('task', 'text-generation');
    assert.deepEqual(about(all, t), [
      nt(t, 'rdf:type', 'hkg:Task'),
      nt(t, 'rdf:type', 'skos:Concept'),
      nt(t, 'hkg:hubId', str('text-generation')),
      nt(t, 'schema:name', str('Text Generation')),
      nt(t, 'schema:url', '<https://huggingface.co/tasks/text-generation>'),
      nt(t, 'skos:prefLabel', str('Text Generation')),
      nt(t, 'skos:inScheme', 'hkg:TaskScheme'),
      nt(t, 'skos:broader', 'hkg:modality-nlp'),
    ]);
    assert.ok(all.includes(nt('hkg:modality-nlp', 'rdf:type', 'hkg:Modality')));
    assert.ok(all.includes(nt('hkg:modality-nlp', 'skos:prefLabel', str('Natural Language Processing'))));
  });

  it('a dangling link target becomes a stub with type, id and name only', () => {
    const g = e('dataset', 'ghost/data');
    assert.deepEqual(about(all, g), [
      nt(g, 'rdf:type', 'hkg:Dataset'),
      nt(g, 'hkg:hubId', str('ghost/data')),
      nt(g, 'schema:name', str('ghost/data')),
    ]);
  });
});

/** One fixture edge per HuggingKG relation, as our triple (test/fixtures/release holds the same facts). */
const GOLDEN_EDGES: Record<string, string> = {
  model_finetune_model: nt(e('model', 'alice/base-7b-ft'), 'hkg:fineTunedFrom', e('model', 'acme/base-7b')),
  model_adapter_model: nt(e('model', 'alice/base-7b-lora'), 'hkg:adapterOf', e('model', 'acme/base-7b')),
  model_merge_model: nt(e('model', 'alice/merged'), 'hkg:mergedFrom', e('model', 'alice/base-7b-ft')),
  model_quantized_model: nt(e('model', 'bob/base-7b-q4'), 'hkg:quantizedFrom', e('model', 'acme/base-7b')),
  model_trainedOrFineTunedOn_dataset: nt(e('model', 'alice/base-7b-ft'), 'hkg:trainedOn', e('dataset', 'acme/corpus')),
  model_definedFor_task: nt(e('model', 'alice/base-7b-ft'), 'hkg:task', e('task', 'text-generation')),
  dataset_definedFor_task: nt(e('dataset', 'acme/corpus'), 'hkg:task', e('task', 'text-generation')),
  model_cite_paper: nt(e('model', 'alice/base-7b-ft'), 'hkg:cites', e('paper', '2401.00001')),
  dataset_cite_paper: nt(e('dataset', 'acme/corpus'), 'hkg:cites', e('paper', '2401.00001')),
  space_use_model: nt(e('space', 'bob/demo'), 'hkg:usesModel', e('model', 'alice/base-7b-ft')),
  space_use_dataset: nt(e('space', 'bob/demo'), 'hkg:usesDataset', e('dataset', 'acme/corpus')),
  collection_contain_model: nt(e('collection', 'alice/favs-abc123'), 'hkg:contains', e('model', 'alice/base-7b-ft')),
  collection_contain_dataset: nt(e('collection', 'alice/favs-abc123'), 'hkg:contains', e('dataset', 'acme/corpus')),
  collection_contain_space: nt(e('collection', 'alice/favs-abc123'), 'hkg:contains', e('space', 'bob/demo')),
  collection_contain_paper: nt(e('collection', 'alice/favs-abc123'), 'hkg:contains', e('paper', '2401.00001')),
  user_publish_model: nt(e('model', 'alice/base-7b-ft'), 'hkg:publishedBy', e('user', 'alice')),
  user_publish_dataset: '',
  user_publish_space: nt(e('space', 'bob/demo'), 'hkg:publishedBy', e('user', 'bob')),
  user_publish_paper: nt(e('paper', '2401.00001'), 'hkg:authoredBy', e('user', 'alice')),
  org_publish_model: nt(e('model', 'acme/base-7b'), 'hkg:publishedBy', e('org', 'acme')),
  org_publish_dataset: nt(e('dataset', 'acme/corpus'), 'hkg:publishedBy', e('org', 'acme')),
  org_publish_space: '',
  user_own_collection: nt(e('collection', 'alice/favs-abc123'), 'hkg:ownedBy', e('user', 'alice')),
  org_own_collection: '',
  user_like_model: nt(e('user', 'bob'), 'hkg:likes', e('model', 'alice/base-7b-ft')),
  user_like_dataset: nt(e('user', 'bob'), 'hkg:likes', e('dataset', 'acme/corpus')),
  user_like_space: nt(e('user', 'bob'), 'hkg:likes', e('space', 'bob/demo')),
  user_follow_user: nt(e('user', 'bob'), 'hkg:follows', e('user', 'alice')),
  user_follow_org: nt(e('user', 'alice'), 'hkg:follows', e('org', 'acme')),
  user_affiliatedWith_org: nt(e('user', 'alice'), 'hkg:memberOf', e('org', 'acme')),
};

/** The three relations the small fixture lacks, from a record of their own. */
const EXTRA_EDGES: Record<string, [Record<string, unknown[]>, string]> = {
  user_publish_dataset: [
    { 'datasets.jsonl': [{ id: 'carol/set', author: 'carol' }] },
    nt(e('dataset', 'carol/set'), 'hkg:publishedBy', e('user', 'carol')),
  ],
  org_publish_space: [
    { 'organizations.jsonl': [{ name: 'acme' }], 'spaces.jsonl': [{ id: 'acme/app', author: 'acme' }] },
    nt(e('space', 'acme/app'), 'hkg:publishedBy', e('org', 'acme')),
  ],
  org_own_collection: [
    { 'collections.jsonl': [{ slug: 'acme/picks-1', title: 'Picks', owner: { name: 'acme', type: 'org' } }] },
    nt(e('collection', 'acme/picks-1'), 'hkg:ownedBy', e('org', 'acme')),
  ],
};

describe('mapper: golden triple per relation (all 30)', () => {
  let all: string[];
  before(async () => {
    all = await lines(mapSnapshot(PAIR_SNAPSHOT, options()));
  });
  it('the golden table names every relation of src/relations.ts', () => {
    assert.deepEqual(Object.keys(GOLDEN_EDGES).sort(), RELATIONS.map((r) => r.name).sort());
  });
  for (const r of RELATIONS) {
    it(r.name, async () => {
      const golden = GOLDEN_EDGES[r.name];
      assert.ok(golden !== undefined, `a golden edge (or '') for ${r.name}`);
      if (golden !== '') {
        assert.ok(all.includes(golden), golden);
      } else {
        const extra = EXTRA_EDGES[r.name];
        assert.ok(extra, `an extra-edge case for ${r.name}`);
        const [files, expected] = extra;
        const run = mapSnapshot(snapshot(files), options());
        assert.ok((await lines(run)).includes(expected), expected);
        assert.equal(run.stats.relations[r.name], 1);
      }
    });
  }
});

describe('mapper: lineage rules', () => {
  async function lineageOf(model: Record<string, unknown>): Promise<string[]> {
    return (await lines(mapSnapshot(snapshot({ 'models.jsonl': [model] }), options()))).filter((l) =>
      new RegExp(
        String.raw`^<https:\/\/w3id.org\/huggingkg\/ontology#(fineTunedFrom|adapterOf|` +
          'mergedFrom|quantizedFrom|derivationEvidence)>$',
      ).test(l.split(' ')[1] ?? ''),
    );
  }

  it('card relation agreeing with the Hub tag: CardDeclared', async () => {
    const l = await lineageOf({
      id: 'u/a',
      tags: ['base_model:adapter:b/base'],
      cardData: { base_model: 'b/base', base_model_relation: 'adapter' },
    });
    assert.ok(l.includes(nt(e('model', 'u/a'), 'hkg:adapterOf', e('model', 'b/base'))));
    assert.ok(l.some((x) => x.endsWith('ontology#CardDeclared> .')));
  });

  it('only cardData.base_model (string): fine-tune with CardBaseModel evidence', async () => {
    const l = await lineageOf({ id: 'u/a', cardData: { base_model: 'b/base' } });
    assert.equal(l.length, 2);
    assert.ok(l[0] === nt(e('model', 'u/a'), 'hkg:fineTunedFrom', e('model', 'b/base')));
    assert.ok(l[1]?.endsWith('<https://w3id.org/huggingkg/ontology#CardBaseModel> .'));
  });

  it('a merge declared in the card with a list of bases keeps every base', async () => {
    const l = await lineageOf({
      id: 'u/m',
      cardData: { base_model: ['b/one', 'c/two'], base_model_relation: 'merge' },
    });
    assert.ok(l.includes(nt(e('model', 'u/m'), 'hkg:mergedFrom', e('model', 'b/one'))));
    assert.ok(l.includes(nt(e('model', 'u/m'), 'hkg:mergedFrom', e('model', 'c/two'))));
    assert.equal(l.filter((x) => x.endsWith('ontology#CardDeclared> .')).length, 2);
  });

  it("a plain base_model: tag without a derived tag counts as the card's base model", async () => {
    const l = await lineageOf({ id: 'u/a', tags: ['base_model:b/base'] });
    assert.ok(l.includes(nt(e('model', 'u/a'), 'hkg:fineTunedFrom', e('model', 'b/base'))));
    assert.ok(l.some((x) => x.endsWith('ontology#CardBaseModel> .')));
  });

  it('a base model that is not a repo id is dropped with a warning', async () => {
    const warnings: BuildWarning[] = [];
    await lines(
      mapSnapshot(
        snapshot({ 'models.jsonl': [{ id: 'u/a', cardData: { base_model: 'see my blog!' } }] }),
        options(warnings),
      ),
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]?.message ?? '', /base_model/);
    assert.equal(warnings[0]?.id, 'u/a');
  });
});

describe('mapper: publishers, licenses, card text', () => {
  it('an author is an org when organizations.jsonl describes it, else a user', async () => {
    const all = await lines(
      mapSnapshot(
        snapshot({
          'organizations.jsonl': [{ name: 'big-org', fullname: 'Big Org' }],
          'models.jsonl': [{ id: 'big-org/m' }, { id: 'someone/m', author: 'someone' }],
        }),
        options(),
      ),
    );
    assert.ok(
      all.includes(nt(e('model', 'big-org/m'), 'hkg:publishedBy', e('org', 'big-org'))),
      'namespace as author, org',
    );
    assert.ok(all.includes(nt(e('model', 'someone/m'), 'hkg:publishedBy', e('user', 'someone'))));
  });

  it('members.jsonl and follows.jsonl (kind org) also make a name an org', async () => {
    const all = await lines(
      mapSnapshot(
        snapshot({
          'members.jsonl': [{ org: 'lab', members: [{ user: 'ann' }] }],
          'follows.jsonl': [{ kind: 'org', name: 'guild', followers: [{ user: 'ann' }] }],
          'spaces.jsonl': [{ id: 'lab/app', author: 'lab' }, { id: 'guild/app' }, { id: 'ann/app' }],
        }),
        options(),
      ),
    );
    assert.ok(all.includes(nt(e('space', 'lab/app'), 'hkg:publishedBy', e('org', 'lab'))));
    assert.ok(all.includes(nt(e('space', 'guild/app'), 'hkg:publishedBy', e('org', 'guild'))));
    assert.ok(all.includes(nt(e('space', 'ann/app'), 'hkg:publishedBy', e('user', 'ann'))));
  });

  it('a collection owner of type org makes that name an org for its repositories too', async () => {
    const all = await lines(
      mapSnapshot(
        snapshot({
          'collections.jsonl': [{ slug: 'team/c-1', title: 'C', owner: { name: 'team', type: 'org' } }],
          'datasets.jsonl': [{ id: 'team/d', author: 'team' }],
        }),
        options(),
      ),
    );
    assert.ok(all.includes(nt(e('dataset', 'team/d'), 'hkg:publishedBy', e('org', 'team'))));
  });

  it('SPDX ids match case-insensitively; Hub-only licenses stay literals', async () => {
    const all = await lines(
      mapSnapshot(
        snapshot({
          'models.jsonl': [
            { id: 'a/one', tags: ['license:CC-BY-NC-4.0'] },
            { id: 'a/two', tags: ['license:llama3.1'] },
            { id: 'a/three', cardData: { license: 'bsd-3-clause' } },
          ],
        }),
        options(),
      ),
    );
    assert.ok(all.includes(nt(e('model', 'a/one'), 'hkg:spdxLicense', '<http://spdx.org/licenses/CC-BY-NC-4.0>')));
    assert.ok(all.includes(nt(e('model', 'a/two'), 'schema:license', str('llama3.1'))));
    assert.equal(about(all, e('model', 'a/two')).filter((l) => l.includes('spdxLicense')).length, 0);
    assert.ok(all.includes(nt(e('model', 'a/three'), 'hkg:spdxLicense', '<http://spdx.org/licenses/BSD-3-Clause>')));
  });

  it('card text: front matter dropped, HTML removed, capped with hkg:descriptionTruncated', async () => {
    const long =
      '---\nlicense: mit\n---\n<p align="center"><img src="logo.png"></p>\n# Title\n\n' + 'word '.repeat(100);
    const all = await lines(
      mapSnapshot(
        snapshot({ 'models.jsonl': [{ id: 'a/m', readme: long }] }),
        options([], { descriptionMaxChars: 40 }),
      ),
    );
    const m = e('model', 'a/m');
    const desc = about(all, m).find((l) => l.includes('schema.org/description'))!;
    assert.equal(desc, nt(m, 'schema:description', str('# Title\n\nword word word word word word w')));
    assert.ok(all.includes(nt(m, 'hkg:descriptionTruncated', xsd('true', 'boolean'))));
    assert.ok(all.includes(nt(m, 'hkg:cardUrl', '<https://huggingface.co/a/m/raw/main/README.md>')));
  });

  it('card header fields the Hub echoes as tags are tags of a record that lacks them; the free tags too', async () => {
    const warnings: BuildWarning[] = [];
    const all = await lines(
      mapSnapshot(
        snapshot({
          'datasets.jsonl': [
            {
              id: 'a/old',
              tags: ['task_categories:translation', 'size_categories:1K<n<10K'],
              cardData: {
                task_categories: ['summarization'],
                task_ids: ['news-articles-summarization'],
                size_categories: ['100K<n<1M'], // the record's own size tag wins
                annotations_creators: 'expert-generated',
                multilinguality: { en: ['monolingual'], de: ['translation', 'monolingual'] }, // per config
                source_datasets: ['original', null],
                tags: ['legal', 'finance'],
              },
            },
          ],
        }),
        options(warnings),
      ),
    );
    const d = e('dataset', 'a/old');
    const values = (p: string) =>
      about(all, d)
        .filter((l) => l.includes(p))
        .map((l) => JSON.parse(l.split('> ').at(-1)!.replace(/ \.$/, '')) as string)
        .sort();
    assert.deepEqual(values('schema.org/keywords>'), [
      'annotations_creators:expert-generated',
      'finance',
      'legal',
      'multilinguality:monolingual',
      'multilinguality:translation',
      'source_datasets:original',
    ]);
    assert.deepEqual(values('ontology#subTask>'), ['news-articles-summarization']);
    assert.deepEqual(values('ontology#sizeCategory>'), ['1K<n<10K']);
    // the tasks are the tags' own: the header's task_categories make no edge
    assert.deepEqual(
      about(all, d).filter((l) => l.includes('ontology#task>')),
      [nt(d, 'hkg:task', e('task', 'translation'))],
    );
    assert.deepEqual(
      warnings.map((w) => w.message),
      ['field "source_datasets": 1 item(s) not a string of 1..300 characters; dropped'],
    );
  });

  it("a dataset's column names come from its card's dataset_info: one config or several, each name once", async () => {
    const feature = (name: string, dtype = 'string') => ({ name, dtype });
    const warnings: BuildWarning[] = [];
    const all = await lines(
      mapSnapshot(
        snapshot({
          'datasets.jsonl': [
            { id: 'a/one', cardData: { dataset_info: { features: [feature('tokens'), feature('ner_tags', 'int')] } } },
            {
              id: 'a/configs',
              cardData: {
                dataset_info: [
                  { config_name: 'en', features: [feature('Question Text'), feature('answers')] },
                  { config_name: 'de', features: [feature('answers'), { name: 'ids', sequence: 'int32' }] },
                  { config_name: 'empty' },
                ],
              },
            },
            { id: 'a/bad', cardData: { dataset_info: [{ features: 'text' }, { features: [{ dtype: 'string' }] }] } },
          ],
        }),
        options(warnings),
      ),
    );
    const columns = (id: string) =>
      about(all, e('dataset', id))
        .filter((l) => l.includes('ontology#columnName>'))
        .map((l) => JSON.parse(l.split('> ').at(-1)!.replace(/ \.$/, '')) as string);
    assert.deepEqual(columns('a/one'), ['tokens', 'ner_tags']);
    assert.deepEqual(columns('a/configs'), ['Question Text', 'answers', 'ids']);
    assert.deepEqual(columns('a/bad'), []);
    assert.deepEqual(
      warnings.map((w) => [w.line, w.message]),
      [
        [
          3,
          'field "cardData.dataset_info": 2 config(s) or feature(s) without a features list or a name of 1..300 ' +
            'characters; dropped',
        ],
      ],
    );
  });
});

describe('mapper: the bundled sample (data/sample)', () => {
  let first: string[];
  let stats: ReturnType<typeof mapSnapshot>['stats'];
  const progress: [number, number][] = [];
  const warnings: BuildWarning[] = [];
  before(async () => {
    const run = mapSnapshot(SAMPLE_SNAPSHOT, options(warnings, { onProgress: (r, t) => progress.push([r, t]) }));
    first = await lines(run);
    stats = run.stats;
  });

  it('exercises all 30 HuggingKG relation combinations', () => {
    const missing = RELATIONS.filter((r) => !((stats.relations[r.name] ?? 0) > 0)).map((r) => r.name);
    assert.deepEqual(missing, []);
  });

  it('describes every kind and counts what it read', () => {
    for (const kind of ['model', 'dataset', 'space', 'collection', 'paper', 'user', 'org', 'task'] as const) {
      assert.ok(stats.entities[kind] > 0, kind);
    }
    assert.equal(
      stats.records['models.jsonl'],
      readFileSync(join(SAMPLE_SNAPSHOT, 'models.jsonl'), 'utf8').trim().split('\n').length,
    );
    assert.equal(stats.skipped, 0);
  });

  it('cleans the XSS payloads of the sample cards (and warns, naming file and line)', () => {
    const descs = first.filter((l) => l.includes('schema.org/description'));
    for (const bad of ['<script', 'onerror', 'javascript:', '<img']) {
      assert.equal(descs.filter((l) => l.toLowerCase().includes(bad)).length, 0, bad);
    }
    assert.ok(descs.some((l) => l.includes('Plain text after the payloads must survive')));
    assert.deepEqual(
      warnings.map((w) => `${w.file}:${w.line}`),
      ['models.jsonl:36', 'datasets.jsonl:4'],
    );
  });

  it('gives the same quads in the same order on a second run (deterministic)', async () => {
    const second = await lines(mapSnapshot(SAMPLE_SNAPSHOT, options()));
    assert.deepEqual(second, first);
  });

  it("keeps each repository's triples together (derivation nodes included)", () => {
    // owl:sameAs (a renamed repository) can only be written once every record is read: it comes at the end.
    const records = first.filter((l) => !l.includes('owl#sameAs'));
    const ids = readFileSync(join(SAMPLE_SNAPSHOT, 'models.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id as string);
    for (const id of ids) {
      const iri = e('model', id).slice(0, -1);
      const idx = records
        .map((l, i) => (l.startsWith(iri + '> ') || l.startsWith(iri + '#') ? i : -1))
        .filter((i) => i >= 0);
      assert.equal(idx.at(-1)! - idx[0]! + 1, idx.length, `${id}: one contiguous block`);
    }
  });

  it('reports progress in bytes up to the total', () => {
    assert.ok(progress.length > 0);
    const [read, total] = progress.at(-1)!;
    assert.equal(read, total);
    assert.ok(total > 200_000);
  });
});
