// Renamed models, from the crawl to the graph: a base a listed model names by its old name (Llama-3.1-8B-Instruct's
// card says meta-llama/Meta-Llama-3.1-8B, which the Hub redirects to meta-llama/Llama-3.1-8B) is asked for, the Hub's
// answer names the current id, renames.jsonl records it, and the build links the two names with owl:sameAs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crawl } from '../../src/hub/crawl/crawl.js';
import { mapSnapshot } from '../../src/mapper/map.js';
import { e, lines, nt, options } from '../helpers/mapper-helpers.js';
import { loadReplayData, startReplayServer, type ReplayServer } from '../helpers/replay-server.js';
import { tempDir } from '../helpers/temp-dirs.js';

const FAST = { rate: 0, retryBaseMs: 1, pageSize: 3, batchSize: 4, concurrency: 3, timeoutMs: 2000 };
const quiet = { info() {}, warn() {} };

describe('crawl: renamed models @slow', function () {
  this.timeout(60_000);
  let srv: ReplayServer | undefined;
  afterEach(async () => srv?.close());

  it('records the rename the Hub redirects to, and the build links both names with owl:sameAs', async () => {
    const data = loadReplayData();
    const instruct = data.models.find((m) => m.id === 'meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(instruct?.cardData?.base_model, 'meta-llama/Meta-Llama-3.1-8B', 'the card names the old id');
    // The current repository, listed (a minimal record: id and author as the list gives them; the _id is invented),
    // and the Hub's redirect from the old name.
    data.models.push({ _id: '66969a0f0000000000000001', id: 'meta-llama/Llama-3.1-8B', author: 'meta-llama' });
    data.redirects = { 'models/meta-llama/Meta-Llama-3.1-8B': 'meta-llama/Llama-3.1-8B' };
    srv = await startReplayServer({ data });
    const out = tempDir('hkg-crawl-renames-');
    await crawl({ out, endpoint: srv.url, kinds: ['models'], ...FAST, log: quiet });

    const renames = readFileSync(join(out, 'renames.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(renames, [
      { repoType: 'model', from: 'meta-llama/Meta-Llama-3.1-8B', to: 'meta-llama/Llama-3.1-8B' },
    ]);
    // Asked once, with only the id wanted; bases that are listed are not asked for; unknown ones (404) write nothing.
    const asked = srv.requests.filter((r) => r.url.startsWith('/api/models/meta-llama/Meta-Llama-3.1-8B?'));
    assert.equal(asked.length, 1);
    assert.match(asked[0]!.url, /expand=author/);
    // The listed base (named by the tags) is not asked for: only the redirect leads there.
    assert.equal(srv.requests.filter((r) => r.url.startsWith('/api/models/meta-llama/Llama-3.1-8B?')).length, 1);

    const all = await lines(mapSnapshot(out, options()));
    assert.ok(
      all.includes(nt(e('model', 'meta-llama/Meta-Llama-3.1-8B'), 'owl:sameAs', e('model', 'meta-llama/Llama-3.1-8B'))),
    );
  });
});
