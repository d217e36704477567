// Tests for the crawler's HTTP client: retries (429 + Retry-After, 5xx, timeouts, cut-off bodies), Link pagination,
// auth.

import assert from 'node:assert/strict';
import { HubClient, HubRequestError, nextLink, retryAfterMs, type RetryInfo } from '../../src/hub/crawl/http.js';
import { TokenBucket } from '../../src/hub/crawl/rate-limit.js';
import { startReplayServer, type ReplayServer, type Fault } from '../helpers/replay-server.js';

function client(
  srv: ReplayServer,
  retries: RetryInfo[] = [],
  extra: Partial<ConstructorParameters<typeof HubClient>[0]> = {},
): HubClient {
  return new HubClient({
    endpoint: srv.url,
    rate: 0,
    timeoutMs: 400,
    maxAttempts: 4,
    retryBaseMs: 1,
    maxRetryDelayMs: 2000,
    userAgent: 'huggingkg-test',
    onRetry: (r) => retries.push(r),
    ...extra,
  });
}

describe('crawl http client', () => {
  let srv: ReplayServer;
  afterEach(async () => srv?.close());

  const cases: { name: string; fault: Fault; reason: RegExp }[] = [
    {
      name: '429 with Retry-After: 0',
      fault: { match: '/api/papers/2310.16944', kind: 'status', status: 429, retryAfter: '0' },
      reason: /HTTP 429/,
    },
    {
      name: '500',
      fault: { match: '/api/papers/2310.16944', kind: 'status', status: 500, times: 2 },
      reason: /HTTP 500/,
    },
    { name: '503', fault: { match: '/api/papers/2310.16944', kind: 'status', status: 503 }, reason: /HTTP 503/ },
    {
      name: 'a slow response (timeout)',
      fault: { match: '/api/papers/2310.16944', kind: 'slow', delayMs: 1500 },
      reason: /timed out after 400 ms/,
    },
    {
      name: 'a connection dropped mid-body',
      fault: { match: '/api/papers/2310.16944', kind: 'truncate' },
      reason: /^127\.0\.0\.1:\d+ closed the connection before the answer was complete/,
    },
    {
      name: 'a complete response with half a JSON body',
      fault: { match: '/api/papers/2310.16944', kind: 'badjson' },
      reason: /not complete JSON/,
    },
  ];
  for (const c of cases) {
    it(`retries ${c.name} and then returns the real body`, async () => {
      srv = await startReplayServer({ faults: [c.fault] });
      const retries: RetryInfo[] = [];
      const res = await client(srv, retries).get(`${srv.url}/api/papers/2310.16944`, { json: true });
      assert.equal(res.status, 200);
      assert.equal((JSON.parse(res.text) as { title: string }).title, 'Zephyr: Direct Distillation of LM Alignment');
      assert.equal(retries.length, c.fault.times ?? 1);
      assert.match(retries[0]!.reason, c.reason);
      assert.equal(retries[0]!.url, `${srv.url}/api/papers/2310.16944`);
      assert.equal(srv.requests.filter((r) => r.url === '/api/papers/2310.16944').length, (c.fault.times ?? 1) + 1);
    });
  }

  it('waits as long as Retry-After says on 429', async () => {
    srv = await startReplayServer({
      faults: [{ match: '/api/papers/2310.16944', kind: 'status', status: 429, retryAfter: '1' }],
    });
    const retries: RetryInfo[] = [];
    await client(srv, retries).get(`${srv.url}/api/papers/2310.16944`, { json: true });
    assert.equal(retries[0]!.delayMs, 1000);
  });

  it('gives up after the bounded attempts with an error naming the URL and the last failure', async () => {
    srv = await startReplayServer({
      faults: [{ match: '/api/papers/2310.16944', kind: 'status', status: 502, times: 10 }],
    });
    const c = client(srv);
    await assert.rejects(c.get(`${srv.url}/api/papers/2310.16944`), (err: unknown) => {
      assert.ok(err instanceof HubRequestError);
      assert.match(err.message, new RegExp(`GET ${srv.url}/api/papers/2310.16944 failed after 4 attempts: HTTP 502`));
      assert.equal(err.status, 502);
      assert.match(err.message, /the Hub answered with server errors: it may be down/);
      return true;
    });
    assert.equal(srv.requests.length, 4);
  });

  it('names a refused connection and its host, and does not blame the Hub for it', async () => {
    srv = await startReplayServer();
    const closed = srv.url;
    await srv.close();
    const c = client(srv, [], { maxAttempts: 2 });
    const host = new URL(closed).host;
    await assert.rejects(c.get(`${closed}/api/models`), (err: unknown) => {
      assert.ok(err instanceof HubRequestError);
      assert.match(err.message, new RegExp(`connection refused by ${host.replace(/\./g, '\\.')} \\(nothing listens`));
      assert.match(err.message, /check --endpoint \(or HF_ENDPOINT\) and the network/);
      assert.doesNotMatch(err.message, /rate-limiting/);
      return true;
    });
  });

  it('says rate limiting only for 429', async () => {
    srv = await startReplayServer({
      faults: [{ match: '/api/papers/2310.16944', kind: 'status', status: 429, times: 9 }],
    });
    await assert.rejects(
      client(srv, [], { maxAttempts: 2 }).get(`${srv.url}/api/papers/2310.16944`),
      (err: unknown) => {
        assert.match((err as Error).message, /HTTP 429; the Hub is rate-limiting: lower --rate or --concurrency/);
        return true;
      },
    );
  });

  it('returns a 404 at once, without retrying', async () => {
    srv = await startReplayServer();
    const retries: RetryInfo[] = [];
    const res = await client(srv, retries).get(`${srv.url}/api/papers/9999.99999`, { json: true });
    assert.equal(res.status, 404);
    assert.equal(retries.length, 0);
    assert.equal(srv.requests.length, 1);
  });

  it('sends HF_TOKEN as a Bearer token, also through the fetch handed to @huggingface/hub', async () => {
    srv = await startReplayServer();
    const c = client(srv, [], { token: 'hf_replaytoken' });
    await c.get(`${srv.url}/api/papers/2310.16944`);
    const res = await c.fetch(`${srv.url}/api/users/lhoestq/overview`, { headers: { Authorization: 'Bearer other' } });
    assert.equal(((await res.json()) as { user: string }).user, 'lhoestq');
    assert.deepEqual(
      srv.requests.map((r) => r.authorization),
      ['Bearer hf_replaytoken', 'Bearer hf_replaytoken'],
    );
  });

  it('keeps HF_TOKEN to the configured endpoint: a request to another origin goes without it', async () => {
    srv = await startReplayServer();
    const other = await startReplayServer();
    try {
      await client(srv, [], { token: 'hf_replaytoken' }).get(`${other.url}/api/papers/2310.16944`);
      assert.equal(other.requests.length, 1);
      assert.equal(other.requests[0]!.authorization, undefined);
    } finally {
      await other.close();
    }
  });

  it('follows Link rel="next" pages', async () => {
    srv = await startReplayServer();
    const c = client(srv);
    const first = await c.get(`${srv.url}/api/models?limit=5&sort=likes&direction=-1`, { json: true });
    const next = nextLink(first.headers.get('link'), first.url);
    assert.ok(next?.startsWith(`${srv.url}/api/models?`) && next.includes('cursor='));
    const second = await c.get(next!, { json: true });
    const ids = [...JSON.parse(first.text), ...JSON.parse(second.text)].map((r: { id: string }) => r.id);
    assert.equal(ids.length, 10);
    assert.equal(new Set(ids).size, 10);
  });

  it('parses Link and Retry-After headers', () => {
    const base = 'https://huggingface.co/api/models?limit=2';
    assert.equal(
      nextLink('<https://huggingface.co/api/models?cursor=abc&limit=2>; rel="next"', base),
      'https://huggingface.co/api/models?cursor=abc&limit=2',
    );
    assert.equal(nextLink('<https://x/prev>; rel="prev", <https://x/n?a=1,2>; rel="next"', base), 'https://x/n?a=1,2');
    assert.equal(nextLink('</api/models?cursor=z>; rel=next', base), 'https://huggingface.co/api/models?cursor=z');
    assert.equal(nextLink('<https://x/prev>; rel="prev"', base), undefined);
    assert.equal(nextLink(null, base), undefined);
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(retryAfterMs('soon'), undefined);
  });

  it('spaces requests to the configured rate', async () => {
    const bucket = new TokenBucket(50, 1);
    const t0 = performance.now();
    for (let i = 0; i < 6; i++) await bucket.take();
    // 1 burst token + 5 refills at 50/s: at least ~100 ms must have passed (a lower bound, not a timing benchmark).
    assert.ok(performance.now() - t0 >= 90);
  });
});
