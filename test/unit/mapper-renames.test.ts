// Renamed repositories: the recorded `gpt2` and `openai-community/gpt2` records (one repository: same _id and author)
// are linked by owl:sameAs, as are the renames the crawler saw (renames.jsonl); a bad rename line is a warning.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapSnapshot, type BuildWarning } from '../../src/mapper/map.js';
import { FIXTURES_DIR } from '../../src/paths.js';
import { e, lines, nt, options, snapshot } from '../helpers/mapper-helpers.js';

const RECORDED = join(FIXTURES_DIR, 'hub-recorded');
const recorded = (name: string) => JSON.parse(readFileSync(join(RECORDED, name), 'utf8')) as Record<string, unknown>;

describe('mapper: renamed repositories', () => {
  it('links the legacy gpt2 to openai-community/gpt2 when both records are in the snapshot', async () => {
    const legacy = recorded('model-detail-gpt2.json');
    const current = recorded('model-detail-openai-community__gpt2.json');
    // What makes them one repository, as the Hub gives it:
    assert.equal(legacy._id, current._id);
    assert.equal(legacy.author, 'openai-community');
    const all = await lines(mapSnapshot(snapshot({ 'models.jsonl': [legacy, current] }), options()));
    assert.ok(all.includes(nt(e('model', 'gpt2'), 'owl:sameAs', e('model', 'openai-community/gpt2'))));
    assert.equal(all.filter((l) => l.includes('owl#sameAs')).length, 1);
  });

  it('writes no link for a legacy id alone, or for one whose owner is its own name', async () => {
    const legacy = recorded('model-detail-gpt2.json');
    const all = await lines(
      mapSnapshot(
        snapshot({ 'models.jsonl': [legacy, { id: 'solo', author: 'solo' }, { id: 'solo/solo', author: 'solo' }] }),
        options(),
      ),
    );
    assert.ok(!all.some((l) => l.includes('owl#sameAs')));
  });

  it('links what renames.jsonl names, with a stub for an old name nothing describes; warns on a bad line', async () => {
    const warnings: BuildWarning[] = [];
    const current = recorded('model-detail-openai-community__gpt2.json');
    const all = await lines(
      mapSnapshot(
        snapshot({
          'models.jsonl': [current],
          'renames.jsonl': [
            { repoType: 'model', from: 'gpt2', to: 'openai-community/gpt2' },
            { repoType: 'model', from: 'gpt2', to: 'openai-community/gpt2' },
            { repoType: 'model', from: 'a/../b', to: 'openai-community/gpt2' },
            { repoType: 'bucket', from: 'x', to: 'y' },
          ],
        }),
        options(warnings),
      ),
    );
    const old = e('model', 'gpt2');
    assert.deepEqual(
      all.filter((l) => l.includes('owl#sameAs')),
      [nt(old, 'owl:sameAs', e('model', 'openai-community/gpt2'))],
    );
    assert.ok(all.includes(nt(old, 'rdf:type', 'hkg:Model')), 'the old name is a stub entity');
    assert.deepEqual(
      warnings.map((w) => [w.file, w.line, /invalid "from"|repoType/.test(w.message)]),
      [
        ['renames.jsonl', 3, true],
        ['renames.jsonl', 4, true],
      ],
    );
  });
});
