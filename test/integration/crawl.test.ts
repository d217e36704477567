// Tests for `huggingkg crawl` against the replay server: complete snapshot, deterministic under faults and concurrency,
// --limit, --kinds, --since merging, and kill -9 at several points then resume → byte-identical files.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crawl, type CrawlLog, type CrawlOptions, type Manifest } from '../../src/hub/crawl/crawl.js';
import { ROOT } from '../../src/paths.js';
import { loadReplayData, startReplayServer, type ReplayServer } from '../helpers/replay-server.js';

type Rec = Record<string, any>;

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
/** Small pages and batches so the fixtures span many checkpoints; retries without real waiting. */
const FAST = {
  rate: 0,
  retryBaseMs: 1,
  pageSize: 3,
  batchSize: 4,
  concurrency: 3,
  timeoutMs: 2000,
} satisfies Partial<CrawlOptions>;

function collector(): CrawlLog & { warnings: Rec[] } {
  const warnings: Rec[] = [];
  return { warnings, info() {}, warn: (obj) => warnings.push(obj as Rec) };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'hkg-crawl-'));
}

function jsonl(dir: string, file: string): Rec[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rec);
}

/** Every file of a snapshot, byte for byte, except the manifest's timing and request statistics. */
function snapshotContents(dir: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (statSync(join(dir, name)).isDirectory()) {
      out[name + '/'] = 'directory';
      continue;
    }
    const text = readFileSync(join(dir, name), 'utf8');
    if (name === 'manifest.json') {
      // Each test has its own replay server, hence its own endpoint URL (port).
      const m = JSON.parse(text.split(manifest.source.endpoint).join('ENDPOINT')) as Partial<Manifest>;
      delete m.crawl;
      out[name] = JSON.stringify(m, null, 1);
    } else out[name] = text;
  }
  return out;
}

describe('huggingkg crawl @slow', function () {
  this.timeout(60_000);
  let srv: ReplayServer;
  const dirs: string[] = [];
  const dir = (): string => {
    const d = tmp();
    dirs.push(d);
    return d;
  };
  afterEach(async () => srv?.close());
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** The reference: one clean, fault-free crawl of the whole replay. */
  let clean: { dir: string; contents: Record<string, string>; manifest: Manifest; requests: number } | undefined;
  async function cleanCrawl(): Promise<NonNullable<typeof clean>> {
    if (clean) return clean;
    const s = await startReplayServer();
    try {
      const out = dir();
      const manifest = await crawl({ out, endpoint: s.url, ...FAST, log: collector() });
      clean = { dir: out, contents: snapshotContents(out), manifest, requests: s.requests.length };
      return clean;
    } finally {
      await s.close();
    }
  }

  it(
    'writes one JSONL file per kind with the raw Hub bodies, wrappers ' + 'for likes/follows/members, and a manifest',
    async () => {
      const { dir: out, manifest } = await cleanCrawl();
      const data = loadReplayData();
      assert.deepEqual(readdirSync(out).sort(), [
        'collections.jsonl',
        'datasets.jsonl',
        'follows.jsonl',
        'likes.jsonl',
        'manifest.json',
        'members.jsonl',
        'models.jsonl',
        'organizations.jsonl',
        'papers.jsonl',
        'spaces.jsonl',
        'users.jsonl',
      ]);

      // Models: list items as the Hub returns them with expand=..., i.e. the recorded detail body's fields, unchanged.
      const models = jsonl(out, 'models.jsonl');
      assert.deepEqual(new Set(models.map((m) => m.id)), new Set(data.models.map((m) => m.id)));
      const zephyr = models.find((m) => m.id === 'HuggingFaceH4/zephyr-7b-beta')!;
      const recorded = data.models.find((m) => m.id === 'HuggingFaceH4/zephyr-7b-beta')!;
      for (const [k, v] of Object.entries(zephyr))
        assert.deepEqual(v, recorded[k], `models.jsonl zephyr.${k} differs from the recorded body`);
      for (const k of [
        'author',
        'cardData',
        'tags',
        'pipeline_tag',
        'library_name',
        'createdAt',
        'lastModified',
        'likes',
        'downloads',
      ])
        assert.ok(k in zephyr, `models.jsonl lacks ${k}`);
      assert.ok(zephyr.tags.includes('base_model:finetune:mistralai/Mistral-7B-v0.1'));
      // Sorted by downloads, most first, as asked.
      const downloads = models.map((m) => m.downloads as number);
      assert.deepEqual(
        downloads,
        [...downloads].sort((a, b) => b - a),
      );

      assert.equal(jsonl(out, 'datasets.jsonl').length, data.datasets.length);
      assert.deepEqual(jsonl(out, 'spaces.jsonl').find((s) => s.id === 'HuggingFaceH4/zephyr-chat')!.models, [
        'HuggingFaceH4/zephyr-7b-beta',
      ]);

      // Collections: the full detail (the list cuts items to 4; the recorded one has 5).
      const collections = jsonl(out, 'collections.jsonl');
      assert.deepEqual(collections.map((c) => c.slug).sort(), data.collections.map((c) => c.slug).sort());
      assert.equal(collections.find((c) => c.slug.startsWith('huggingfacejs/'))!.items.length, 5);

      // Authors split into users and organizations by their overview endpoints; dbmdz has neither and is skipped.
      assert.deepEqual(
        jsonl(out, 'users.jsonl')
          .map((u) => u.user)
          .sort(),
        ['abidlabs', 'alefiury', 'lhoestq', 'osanseviero', 'rajpurkar'],
      );
      assert.deepEqual(
        jsonl(out, 'organizations.jsonl')
          .map((o) => o.name)
          .sort(),
        Object.keys(data.organizations).sort(),
      );
      assert.ok(manifest.skipped.items.some((s: any) => s.phase === 'agents' && s.id === 'dbmdz' && s.status === 404));

      // Papers from arxiv: tags and from collection items (2510.04871 is only in a collection); unknown ids skipped.
      assert.deepEqual(
        jsonl(out, 'papers.jsonl')
          .map((p) => p.id)
          .sort(),
        Object.keys(data.papers).sort(),
      );
      assert.ok(manifest.skipped.items.some((s: any) => s.phase === 'papers' && s.id === '1910.13461'));

      // Likes: one wrapper per repo with likes, all liker pages joined (zephyr's 5 likers span 3 pages of 2).
      const likes = jsonl(out, 'likes.jsonl');
      assert.deepEqual(
        likes.find((l) => l.repoId === 'HuggingFaceH4/zephyr-7b-beta'),
        {
          repoType: 'model',
          repoId: 'HuggingFaceH4/zephyr-7b-beta',
          likers: data.likers['models/HuggingFaceH4/zephyr-7b-beta'],
        },
      );
      assert.deepEqual(likes.find((l) => l.repoId === 'HuggingFaceH4/zephyr-chat')!.repoType, 'space');
      assert.ok(!likes.some((l) => l.repoId === 'lhoestq/demo1'), 'a repo with 0 likes needs no likers request');
      assert.deepEqual(Object.keys(likes[0]!), ['repoType', 'repoId', 'likers']);

      const follows = jsonl(out, 'follows.jsonl');
      assert.deepEqual(
        follows.find((f) => f.kind === 'org' && f.name === 'HuggingFaceH4'),
        { kind: 'org', name: 'HuggingFaceH4', followers: data.followers['organizations/HuggingFaceH4'] },
      );
      assert.deepEqual(follows.find((f) => f.kind === 'user' && f.name === 'lhoestq')!.followers.length, 3);
      const members = jsonl(out, 'members.jsonl');
      assert.deepEqual(
        members.find((m) => m.org === 'HuggingFaceH4'),
        { org: 'HuggingFaceH4', members: data.members.HuggingFaceH4 },
      );

      // Manifest: counts, files with checksums, source, tool version; the crawl state directory is gone.
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.equal(manifest.tool.version, pkg.version);
      assert.equal(manifest.counts.models, 12);
      assert.equal(manifest.counts.organizations, 11);
      assert.equal(manifest.files['likes.jsonl']!.lines, likes.length);
      assert.equal(manifest.files['likes.jsonl']!.bytes, statSync(join(out, 'likes.jsonl')).size);
      assert.match(manifest.files['models.jsonl']!.sha256, /^[0-9a-f]{64}$/);
      assert.ok(manifest.crawl.requests > 50 && manifest.crawl.finishedAt >= manifest.crawl.startedAt);
      assert.deepEqual(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')), manifest);
      assert.ok(!existsSync(join(out, '.crawl')));
    },
  );

  it('gives the same snapshot through 429s, 500s, timeouts and cut-off bodies, and logs each retry', async () => {
    const ref = await cleanCrawl();
    srv = await startReplayServer({
      faults: [
        { match: '/api/models?', kind: 'status', status: 429, retryAfter: '0' },
        { match: /\/api\/datasets\?.*cursor=/, kind: 'status', status: 500, times: 2 },
        { match: '/api/collections/osanseviero', kind: 'slow', delayMs: 2500 },
        { match: '/api/models/HuggingFaceH4/zephyr-7b-beta/likers', kind: 'truncate' },
        { match: '/api/papers/2305.18290', kind: 'badjson' },
        { match: '/api/organizations/meta-llama/members', kind: 'status', status: 503 },
      ],
    });
    const out = dir();
    const log = collector();
    const manifest = await crawl({ out, endpoint: srv.url, ...FAST, log });
    assert.deepEqual(snapshotContents(out), ref.contents);
    assert.ok(
      srv.faults.every((f) => f.times === 0),
      'every injected fault was hit',
    );
    const retries = log.warnings.filter((w) => w.event === 'retry');
    assert.equal(retries.length, 7);
    assert.equal(manifest.crawl.retries, 7);
    assert.ok(
      retries.some(
        (w) =>
          /timed out/.test(w.reason) && w.url.endsWith('/api/collections/osanseviero/zephyr-65412a8f9c2e1d3b4a5f6e70'),
      ),
    );
  });

  it('writes records in queue order whatever the concurrency', async () => {
    const ref = await cleanCrawl();
    srv = await startReplayServer();
    const out = dir();
    await crawl({ out, endpoint: srv.url, ...FAST, concurrency: 8, batchSize: 11, log: collector() });
    assert.deepEqual(snapshotContents(out), ref.contents);
  });

  it('--limit caps each listed kind and --kinds writes only the chosen files', async () => {
    srv = await startReplayServer();
    const out = dir();
    const manifest = await crawl({
      out,
      endpoint: srv.url,
      ...FAST,
      limit: 4,
      kinds: ['models', 'spaces', 'likes'],
      log: collector(),
    });
    assert.deepEqual(readdirSync(out).sort(), ['likes.jsonl', 'manifest.json', 'models.jsonl', 'spaces.jsonl']);
    assert.equal(jsonl(out, 'models.jsonl').length, 4);
    assert.equal(jsonl(out, 'spaces.jsonl').length, 4);
    assert.deepEqual(manifest.kinds, ['models', 'spaces', 'likes']);
    // Likers are fetched only for the repos crawled (spaces with 0 likes excluded).
    assert.equal(jsonl(out, 'likes.jsonl').length, 4 + 3);
    assert.ok(!srv.requests.some((r) => /\/api\/(datasets|papers|users|organizations|collections)/.test(r.url)));
    // Never more per page than needed: the last models page asks for what remains of the limit only via the first URL's
    // size.
    assert.ok(srv.requests.filter((r) => r.url.startsWith('/api/models?')).length <= 2);
  });

  it('--since fetches only what changed and merges it into the snapshot (latest record wins, in place)', async () => {
    const ref = await cleanCrawl();
    const out = dir();
    for (const [name, text] of Object.entries(ref.contents))
      if (name.endsWith('.jsonl')) writeFileSync(join(out, name), text);
    writeFileSync(join(out, 'manifest.json'), readFileSync(join(ref.dir, 'manifest.json')));

    const data = loadReplayData();
    const bert = data.models.find((m) => m.id === 'google-bert/bert-base-uncased')!;
    bert.lastModified = '2025-06-01T10:00:00.000Z';
    bert.likes = 2100;
    bert.downloads = 1;
    const newModel = {
      ...data.models.find((m) => m.id === 'gpt2')!,
      _id: '6650aa0000000000000000aa',
      id: 'lhoestq/gpt2-tiny',
      author: 'lhoestq',
      lastModified: '2025-05-20T08:00:00.000Z',
      likes: 1,
    };
    data.models.push(newModel);
    data.likers['models/lhoestq/gpt2-tiny'] = [data.likers['models/google-bert/bert-base-uncased']![0]!];
    srv = await startReplayServer({ data });

    const manifest = await crawl({
      out,
      endpoint: srv.url,
      ...FAST,
      since: new Date('2025-05-01T00:00:00Z'),
      log: collector(),
    });
    const models = jsonl(out, 'models.jsonl');
    const before = jsonl(ref.dir, 'models.jsonl');
    assert.equal(models.length, before.length + 1);
    // Changed record replaced in place; new one appended; every other line unchanged.
    const at = before.findIndex((m) => m.id === bert.id);
    assert.equal(models[at]!.id, bert.id);
    assert.equal(models[at]!.likes, 2100);
    assert.equal(models[at]!.lastModified, '2025-06-01T10:00:00.000Z');
    assert.equal(models.at(-1)!.id, 'lhoestq/gpt2-tiny');
    const lines = readFileSync(join(out, 'models.jsonl'), 'utf8').split('\n');
    const oldLines = ref.contents['models.jsonl']!.split('\n');
    assert.equal(lines.filter((l, i) => i !== at && i < oldLines.length - 1 && l !== oldLines[i]).length, 0);
    assert.equal(new Set(models.map((m) => m.id)).size, models.length, 'no duplicate ids');
    // The new model's likers were fetched; the liker record of the changed model replaced, not duplicated.
    const likes = jsonl(out, 'likes.jsonl');
    assert.equal(likes.filter((l) => l.repoId === bert.id).length, 1);
    assert.ok(likes.some((l) => l.repoId === 'lhoestq/gpt2-tiny'));
    // Only changed things were asked for: one models page (sorted by lastModified, stopped at the first older one).
    const modelPages = srv.requests.filter((r) => r.url.startsWith('/api/models?'));
    assert.equal(modelPages.length, 1);
    assert.match(modelPages[0]!.url, /sort=lastModified&direction=-1/);
    assert.ok(!srv.requests.some((r) => r.url.includes('zephyr-7b-beta/likers')));
    // Datasets/spaces/collections unchanged since the date: their files are the same bytes.
    for (const f of ['datasets.jsonl', 'spaces.jsonl', 'collections.jsonl'])
      assert.equal(readFileSync(join(out, f), 'utf8'), ref.contents[f]);
    assert.equal(manifest.counts.models, 13);
    assert.equal(manifest.updates?.length, 1);
    assert.equal(manifest.updates![0]!.since, '2025-05-01T00:00:00.000Z');
    assert.equal(manifest.updates![0]!.changed.models, 2);
    assert.ok(!existsSync(join(out, '.crawl-delta')));
    assert.deepEqual(
      readdirSync(out).filter((f) => f.startsWith('.')),
      [],
    );

    // Running the same refresh again changes nothing but the manifest's update log.
    await crawl({ out, endpoint: srv.url, ...FAST, since: new Date('2025-05-01T00:00:00Z'), log: collector() });
    assert.equal(readFileSync(join(out, 'models.jsonl'), 'utf8'), lines.join('\n'));
  });

  it('refuses to mix crawls: other settings on resume, a complete snapshot, --since without one', async () => {
    srv = await startReplayServer({ faults: [{ match: '/api/datasets?', kind: 'status', status: 500, times: 100 }] });
    const out = dir();
    await assert.rejects(
      crawl({ out, endpoint: srv.url, ...FAST, maxAttempts: 2, log: collector() }),
      /GET http:\/\/127\.0\.0\.1:\d+\/api\/datasets\?limit=3.* failed after 2 attempts: HTTP 500/,
    );
    assert.ok(existsSync(join(out, '.crawl', 'checkpoint.json')));
    await assert.rejects(
      crawl({ out, endpoint: srv.url, ...FAST, limit: 5, log: collector() }),
      /unfinished crawl with other settings/,
    );
    const fresh = dir();
    await assert.rejects(
      crawl({ out: fresh, endpoint: srv.url, ...FAST, since: new Date('2025-01-01'), log: collector() }),
      /no complete snapshot/,
    );
    const ref = await cleanCrawl();
    await assert.rejects(
      crawl({ out: ref.dir, endpoint: srv.url, ...FAST, log: collector() }),
      /already holds a complete snapshot/,
    );

    // The failed crawl resumes once the Hub is back, and ends where a clean crawl ends.
    srv.faults.forEach((f) => (f.times = 0));
    await crawl({ out, endpoint: srv.url, ...FAST, log: collector() });
    const got = snapshotContents(out);
    assert.deepEqual(Object.keys(got), Object.keys(ref.contents));
    for (const f of Object.keys(got)) if (f !== 'manifest.json') assert.equal(got[f], ref.contents[f], f);
  });

  it('reports a list page that is not a JSON array, naming the URL', async () => {
    srv = await startReplayServer({
      faults: [{ match: '/api/models?', kind: 'body', body: { error: 'maintenance' } }],
    });
    await assert.rejects(
      crawl({ out: dir(), endpoint: srv.url, ...FAST, kinds: ['models'], log: collector() }),
      /GET http:\/\/127\.0\.0\.1:\d+\/api\/models\?limit=3.*: expected a JSON array of models, got object/,
    );
  });

  it(
    'survives kill -9 at several points: rerun resumes and the files ' + 'are byte-identical to a clean crawl',
    async () => {
      const ref = await cleanCrawl();
      let child: ChildProcess | undefined;
      let runStart = 0;
      let killAt = 0;
      srv = await startReplayServer({
        onRequest: (n) => {
          if (killAt > 0 && n - runStart === killAt) {
            child?.kill('SIGKILL');
            return new Promise<void>(() => {}); // hold the request: the client dies waiting for it
          }
        },
      });
      const out = dir();
      const args = [
        'crawl',
        '--out',
        out,
        '--rate',
        '0',
        '--retry-base-ms',
        '1',
        '--page-size',
        '3',
        '--batch-size',
        '4',
        '--concurrency',
        '3',
        '--timeout',
        '2s',
      ];
      const run = (
        kill: number,
        env: Record<string, string>,
        extra: string[] = [],
      ): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> => {
        runStart = srv.requests.length;
        killAt = kill;
        return new Promise((resolve) => {
          let stderr = '';
          child = spawn(process.execPath, [CLI, ...args, ...extra], {
            env: { ...process.env, LOG_LEVEL: 'warn', ...env },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
        });
      };
      const token = { HF_TOKEN: 'hf_replaytoken' };
      // Kill in the models list, then among the look-ups (papers/likers); the endpoint once by flag, once by
      // HF_ENDPOINT.
      // (Two kills, not more: each CLI start costs seconds on a loaded machine.)
      for (const [i, k] of [4, 40].entries()) {
        const r = await run(
          k,
          i === 1 ? { ...token, HF_ENDPOINT: srv.url } : token,
          i === 1 ? [] : ['--endpoint', srv.url],
        );
        assert.equal(r.signal, 'SIGKILL', `run ${i + 1} should have been killed at its request ${k}: ${r.stderr}`);
        assert.ok(existsSync(join(out, '.crawl', 'checkpoint.json')));
        if (i === 1) {
          // What a kill in the middle of a write leaves: half a line after the checkpointed end, a stray temp
          // checkpoint.
          for (const f of readdirSync(out).filter((n) => n.endsWith('.jsonl')))
            appendFileSync(join(out, f), '{"id":"torn-wr');
          writeFileSync(join(out, '.crawl', 'checkpoint.json.tmp-4242'), '{"format":1,');
        }
      }
      const last = await run(0, token, ['--endpoint', srv.url]);
      assert.equal(last.code, 0, last.stderr);
      assert.deepEqual(snapshotContents(out), ref.contents);
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
      assert.equal(manifest.crawl.resumes, 2);
      assert.ok(srv.requests.length > ref.requests, 'pages cut by a kill are fetched again');
      assert.ok(
        srv.requests.every((r) => r.authorization === 'Bearer hf_replaytoken'),
        'HF_TOKEN sent on every request',
      );
      assert.ok(
        !/hf_replaytoken/.test(readFileSync(join(out, 'manifest.json'), 'utf8')),
        'the token is never written down',
      );
    },
  );
});
