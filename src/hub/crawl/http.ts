// **HubClient** is the crawler's only way to the Hub: rate-limited, timed-out, retried GETs that read whole bodies.

import { setTimeout as sleep } from 'node:timers/promises';
import { TokenBucket } from './rate-limit.js';

export interface HubClientOptions {
  /** Hub base URL, e.g. https://huggingface.co (no trailing slash needed). */
  endpoint: string;
  /** Sent as `Authorization: Bearer` on every request when set (HF_TOKEN). */
  token?: string;
  /** Global requests per second; 0 = unlimited. */
  rate: number;
  /** Per attempt, covering headers and body. */
  timeoutMs: number;
  /** Total attempts per request, first one included. */
  maxAttempts: number;
  /** First backoff delay; doubled per attempt, with full jitter. */
  retryBaseMs: number;
  /** Upper bound for one backoff or Retry-After wait. */
  maxRetryDelayMs: number;
  userAgent: string;
  /** Called for every retry, so the crawl can log structured warnings. */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  url: string;
  attempt: number;
  reason: string;
  delayMs: number;
}

export interface HubResponse {
  url: string;
  status: number;
  headers: Headers;
  text: string;
}

/** A request that kept failing (retries exhausted) or that failed in a way retrying cannot fix. */
export class HubRequestError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    readonly attempts: number,
    reason: string,
  ) {
    super(`GET ${url} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`);
    this.name = 'HubRequestError';
  }
}

/** Statuses worth another try: rate limiting and server-side trouble. */
function retryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The `rel="next"` target of a Link header, resolved against the request URL. */
export function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2]!)) return new URL(m[1]!, base).toString();
  }
  return undefined;
}

export class HubClient {
  readonly endpoint: string;
  private readonly origin: string;
  readonly stats = { requests: 0, retries: 0 };
  private readonly bucket: TokenBucket;

  constructor(private readonly opts: HubClientOptions) {
    this.endpoint = opts.endpoint.replace(/\/+$/, '');
    this.origin = new URL(this.endpoint).origin;
    this.bucket = new TokenBucket(opts.rate);
  }

  /** Absolute URL for an API path like `/api/models`. */
  url(path: string, query?: Iterable<[string, string]>): string {
    const u = new URL(this.endpoint + path);
    for (const [k, v] of query ?? []) u.searchParams.append(k, v);
    return u.toString();
  }

  /**
   * GET with retries. Resolves with any final status (2xx, or a 4xx that retrying cannot change) and the whole body;
   * `json` also retries bodies that do not parse, which is what a response cut off mid-way looks like.
   */
  async get(url: string, init: { json?: boolean; headers?: HeadersInit } = {}): Promise<HubResponse> {
    let lastReason = '';
    let lastStatus: number | undefined;
    let lastKind: FailureKind = 'network';
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      await this.bucket.take();
      this.stats.requests++;
      let retryDelay: number | undefined;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
      try {
        const headers = new Headers(init.headers);
        headers.set('accept', 'application/json');
        headers.set('user-agent', this.opts.userAgent);
        // The token goes to the configured Hub only, never to another host a Link header might point at.
        if (this.opts.token && new URL(url).origin === this.origin)
          headers.set('authorization', `Bearer ${this.opts.token}`);
        const res = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
        const text = await res.text();
        lastStatus = res.status;
        if (retryableStatus(res.status)) {
          lastKind = 'status';
          lastReason = `HTTP ${res.status}`;
          retryDelay = res.status === 429 ? retryAfterMs(res.headers.get('retry-after')) : undefined;
        } else {
          if (init.json && res.ok) JSON.parse(text);
          return { url, status: res.status, headers: res.headers, text };
        }
      } catch (err) {
        lastKind = controller.signal.aborted ? 'timeout' : err instanceof SyntaxError ? 'body' : 'network';
        lastReason =
          lastKind === 'timeout'
            ? `timed out after ${this.opts.timeoutMs} ms`
            : err instanceof SyntaxError
              ? `body is not complete JSON (${err.message})`
              : networkFailure(err, url);
      } finally {
        clearTimeout(timer);
      }
      if (attempt === this.opts.maxAttempts) break;
      const backoff = Math.random() * this.opts.retryBaseMs * 2 ** (attempt - 1);
      const delayMs = Math.min(this.opts.maxRetryDelayMs, retryDelay ?? backoff);
      this.stats.retries++;
      this.opts.onRetry?.({ url, attempt, reason: lastReason, delayMs: Math.round(delayMs) });
      await sleep(delayMs);
    }
    throw new HubRequestError(url, lastStatus, this.opts.maxAttempts, `${lastReason}; ${advice(lastKind, lastStatus)}`);
  }

  /**
   * A `fetch` for @huggingface/hub functions: same retries and limits, the body already read, so the library sees a
   * complete Response or one final error status.
   */
  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers = new Headers(init?.headers);
    headers.delete('authorization'); // ours, from HF_TOKEN, wins over anything the library adds
    const res = await this.get(url, { headers });
    const out = new Headers(res.headers);
    // The body is already decoded text; the wire encoding and length no longer describe it.
    out.delete('content-encoding');
    out.delete('content-length');
    return new Response(res.status === 204 || res.status === 304 ? null : res.text, {
      status: res.status,
      headers: out,
    });
  }) as typeof fetch;
}

type FailureKind = 'status' | 'timeout' | 'body' | 'network';

/** What to do about the last failure, which the message has just named. */
function advice(kind: FailureKind, status: number | undefined): string {
  const resume = 'rerun the same command to resume';
  if (kind === 'status' && status === 429)
    return `the Hub is rate-limiting: lower --rate or --concurrency, or set HF_TOKEN, then ${resume}`;
  if (kind === 'status') return `the Hub answered with server errors: it may be down; ${resume} later`;
  if (kind === 'timeout') return `the Hub answered too slowly: raise --timeout or ${resume} later`;
  if (kind === 'body') return `the Hub cut its answers off: ${resume} later`;
  return `check --endpoint (or HF_ENDPOINT) and the network, then ${resume}`;
}

/** A failed connection in words: which host refused, could not be resolved, reset or timed out. */
export function networkFailure(err: unknown, url: string): string {
  const { host, hostname } = new URL(url);
  const cause = (err as { cause?: { code?: string; errors?: Array<{ code?: string }> } }).cause;
  const code = cause?.code ?? cause?.errors?.find((e) => e.code)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${host} (nothing listens there)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host name ${hostname} (${code})`;
    case 'ECONNRESET':
      return `the connection to ${host} was reset (${code})`;
    case 'UND_ERR_SOCKET':
      return `${host} closed the connection before the answer was complete (${code})`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connecting to ${host} timed out (${code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable from here (${code})`;
    default:
      return `network error talking to ${host} (${describe(err)})`;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
