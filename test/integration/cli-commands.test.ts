// Command behaviour people and scheduled jobs meet: a finished crawl run again is a no-op that exits 0 (against the
// local replay of recorded Hub responses); a refused connection is named as such; synth does not overwrite a snapshot
// without --force; old flag spellings work and warn; bare durations are seconds.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.js';
import { tempDir } from '../helpers/temp-dirs.js';

/** Every file of a snapshot directory (not its hidden state) with its text. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((n) => !n.startsWith('.')))
    out[name] = readFileSync(join(dir, name), 'utf8');
  return out;
}

describe('huggingkg commands: reruns, refusals, deprecated spellings @slow', function () {
  this.timeout(120_000);
  let srv: ReplayServer | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  const crawlArgs = (out: string, url: string, limit = 2) => [
    'crawl',
    '--out',
    out,
    '--endpoint',
    url,
    '--kinds',
    'models',
    '--limit',
    String(limit),
    '--rate',
    '0',
    '--retry-base-ms',
    '1',
  ];

  it('crawl rerun on its finished snapshot does nothing, says so, exits 0; other settings still fail', async () => {
    srv = await startReplayServer();
    const out = tempDir('hkg-crawl-rerun-');
    const first = await cli(crawlArgs(out, srv.url), { LOG_LEVEL: 'warn' });
    assert.equal(first.code, 0, first.stderr);
    const before = files(out);
    assert.ok(before['manifest.json'] && before['models.jsonl'], 'a snapshot was written');
    const requests = srv.requests.length;

    const again = await cli(crawlArgs(out, srv.url), { LOG_LEVEL: 'warn' });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /is complete already \(crawled \d{4}-\d\d-\d\dT[^)]+\): nothing to do/);
    assert.equal(srv.requests.length, requests, 'no request to the Hub');
    assert.deepEqual(files(out), before, 'not a byte changed');

    const other = await cli(crawlArgs(out, srv.url, 3), { LOG_LEVEL: 'warn' });
    assert.equal(other.code, 1, other.stderr);
    assert.match(other.stderr, /already holds a complete snapshot crawled with other settings/);
  });

  it('crawl names a refused connection and the host, instead of blaming the Hub', async () => {
    srv = await startReplayServer();
    const url = srv.url;
    await srv.close();
    srv = undefined;
    const out = tempDir('hkg-crawl-refused-');
    const r = await cli([...crawlArgs(out, url), '--retries', '0'], { LOG_LEVEL: 'warn' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`connection refused by ${new URL(url).host.replace(/\./g, '\\.')}`));
    assert.match(r.stderr, /check --endpoint \(or HF_ENDPOINT\)/);
    assert.doesNotMatch(r.stderr, /rate-limiting/);
  });

  it('synth refuses a directory that holds files unless --force', async () => {
    const out = tempDir('hkg-synth-');
    writeFileSync(join(out, 'models.jsonl'), 'precious\n');
    const refused = await cli(['synth', '--scale', '0.001', '--no-readme', '--out', out]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /is not empty \(models\.jsonl\); add --force to overwrite it/);
    assert.equal(readFileSync(join(out, 'models.jsonl'), 'utf8'), 'precious\n', 'untouched');
    const forced = await cli(['synth', '--scale', '0.001', '--no-readme', '--out', out, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(readFileSync(join(out, 'models.jsonl'), 'utf8'), 'precious\n');
    assert.ok(readdirSync(out).includes('manifest.json'));
  });

  it('an old flag spelling still works and warns with the new one; a bare duration is seconds', async () => {
    const empty = tempDir('hkg-empty-snap-');
    const old = await cli([
      'build',
      '--snapshot',
      empty,
      '--out',
      join(tempDir('hkg-out-'), 'o'),
      '--validate-workers',
      '0',
    ]);
    assert.match(old.stderr, /warning: --validate-workers is deprecated; use --workers/);
    assert.equal(old.code, 1, 'then the build runs (and fails on the empty snapshot, as it should)');
    assert.match(old.stderr, /holds no Hub records/);
    const bare = await cli(['query', '--list', '--timeout', '30000']);
    assert.equal(bare.code, 0, bare.stderr);
    assert.match(bare.stderr, /--timeout 30000 is read as 30000 seconds .* write 30000ms for milliseconds/);
    const unit = await cli(['query', '--list', '--timeout', '1500ms']);
    assert.equal(unit.stderr, '', 'a duration with a unit is not warned about');
  });

  it('load --store embedded names the serve flag that exists', async () => {
    const out = tempDir('hkg-load-');
    writeFileSync(join(out, 'huggingkg.nt.gz'), '');
    writeFileSync(join(out, 'build-report.json'), JSON.stringify({ triples: 10 }));
    const r = await cli(['load', '--store', 'embedded', '--from', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`huggingkg serve --from ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\` loads it`),
    );
  });
});
