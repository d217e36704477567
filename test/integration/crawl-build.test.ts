// End to end: crawl the replay server, build the snapshot into RDF, and the graph conforms to the SHACL shapes.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'n3';
import { crawl } from '../../src/hub/crawl/crawl.js';
import { build } from '../../src/build/build.js';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.js';

const SH = 'http://www.w3.org/ns/shacl#';
const HKG = 'https://w3id.org/huggingkg/';

describe('crawl then build', function () {
  this.timeout(60_000);
  let srv: ReplayServer;
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'hkg-crawl-build-'))));
  after(async () => {
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a graph that validates, with the crawled entities and edges in it', async () => {
    srv = await startReplayServer();
    const snapshot = join(dir, 'snapshot');
    const out = join(dir, 'out');
    await crawl({
      out: snapshot,
      endpoint: srv.url,
      rate: 0,
      retryBaseMs: 1,
      pageSize: 5,
      log: { info() {}, warn() {} },
    });
    await build({ snapshot, out, progress: false });

    const report = new Parser().parse(readFileSync(join(out, 'validation-report.ttl'), 'utf8'));
    const conforms = report.filter((q) => q.predicate.value === `${SH}conforms`);
    assert.equal(conforms.length, 1);
    assert.equal(conforms[0]!.object.value, 'true', 'validation-report.ttl says sh:conforms false');

    const buildReport = JSON.parse(readFileSync(join(out, 'build-report.json'), 'utf8')) as { triples: number };
    assert.ok(buildReport.triples > 500, `only ${buildReport.triples} triples`);
    // A few crawled facts that must have survived crawl → map: lineage from tags, likes from likers, membership.
    const { gunzipSync } = await import('node:zlib');
    const nt = gunzipSync(readFileSync(join(out, 'huggingkg.nt.gz'))).toString('utf8');
    assert.ok(
      nt.includes(
        `<${HKG}model/HuggingFaceH4/zephyr-7b-beta> <${HKG}ontology#fineTunedFrom> ` +
          `<${HKG}model/mistralai/Mistral-7B-v0.1>`,
      ),
    );
    assert.ok(nt.includes(`<${HKG}user/lewtun> <${HKG}ontology#likes> <${HKG}model/HuggingFaceH4/zephyr-7b-beta>`));
    assert.ok(nt.includes(`<${HKG}user/abidlabs> <${HKG}ontology#memberOf> <${HKG}org/HuggingFaceH4>`));
    // A paper cited by an arxiv: tag: its title and authors come from GET /api/papers/{id}, not just its arXiv id.
    const paper = `<${HKG}paper/2310.16944>`;
    assert.ok(nt.includes(`${paper} <http://purl.org/dc/terms/title> "Zephyr: Direct Distillation of LM Alignment"`));
    assert.ok(nt.includes(`${paper} <https://schema.org/name> "Zephyr: Direct Distillation of LM Alignment"`));
    assert.ok(nt.includes(`${paper} <${HKG}ontology#authorName> "Lewis Tunstall"`));
    assert.ok(nt.includes(`${paper} <${HKG}ontology#authoredBy> <${HKG}user/lewtun>`));
  });
});
