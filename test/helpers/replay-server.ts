// **Replay server**: a loopback stand-in for the Hub API serving recorded and hand-written bodies, with Link-header
// pagination and injectable faults (429, 5xx, slow, cut-off bodies), for testing the crawler offline.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../../src/paths.js';

type Rec = Record<string, any>;

export const REPLAY_DIR = join(FIXTURES_DIR, 'replay');

export interface ReplayData {
  models: Rec[];
  datasets: Rec[];
  spaces: Rec[];
  collections: Rec[];
  users: Record<string, Rec>;
  organizations: Record<string, Rec>;
  papers: Record<string, Rec>;
  likers: Record<string, Rec[]>;
  followers: Record<string, Rec[]>;
  members: Record<string, Rec[]>;
  /** Renamed repositories, `models/OLD` -> `NEW`: answered 307 to the new name, as the Hub redirects an old name. */
  redirects?: Record<string, string>;
}

/** A fresh copy of the fixtures, so a test may change it (e.g. bump lastModified for --since). */
export function loadReplayData(dir = REPLAY_DIR): ReplayData {
  const json = (f: string): any => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const models = readdirSync(join(dir, 'models'))
    .filter((f) => f.endsWith('.json') && f !== 'PROVENANCE.json')
    .sort()
    .map((f) => json(join('models', f)) as Rec);
  return {
    models,
    datasets: json('datasets.json'),
    spaces: json('spaces.json'),
    collections: json('collections.json'),
    users: json('users.json'),
    organizations: json('organizations.json'),
    papers: json('papers.json'),
    likers: json('likers.json'),
    followers: json('followers.json'),
    members: json('members.json'),
  };
}

export interface Fault {
  /** Substring of (or pattern for) the request's path + query. */
  match: string | RegExp;
  /**
   * status: answer `status` (429 with `retryAfter`); slow: answer after `delayMs`; truncate: declare the full length,
   * send half, drop the connection; badjson: a 200 whose body is cut in half (length matching); body: a 200 with
   * `body`.
   */
  kind: 'status' | 'slow' | 'truncate' | 'badjson' | 'body';
  body?: unknown;
  status?: number;
  retryAfter?: string;
  delayMs?: number;
  /** How many matching requests get the fault (default 1). */
  times?: number;
}

export interface ReplayRequest {
  n: number;
  url: string;
  authorization?: string;
  fault?: Fault['kind'];
}

export interface ReplayOptions {
  data?: ReplayData;
  faults?: Fault[];
  /** Page size for likers / followers / members lists (the Hub paginates those too). */
  subPageSize?: number;
  /**
   * Called before each request is answered; a promise that never settles holds the request (to kill a client
   * mid-crawl).
   */
  onRequest?: (n: number, url: string) => void | Promise<void>;
}

export interface ReplayServer {
  url: string;
  data: ReplayData;
  requests: ReplayRequest[];
  faults: Fault[];
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
}

const DEFAULT_LIST_FIELDS = ['_id', 'id', 'likes', 'downloads', 'private', 'lastModified'];

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ $offset: offset })).toString('base64url');
}

function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { $offset?: unknown };
  if (typeof v.$offset !== 'number') throw new Error('bad cursor');
  return v.$offset;
}

function sortBy(items: Rec[], field: string | null, direction: string | null): Rec[] {
  if (!field || field === 'trending' || field === 'trendingScore') return items;
  const key = field === 'lastModified' ? (r: Rec) => r.lastModified ?? r.lastUpdated : (r: Rec) => r[field];
  const sign = direction === '-1' || field === 'upvotes' || field === 'lastModified' ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = key(a) ?? 0;
    const y = key(b) ?? 0;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return c !== 0 ? sign * c : String(a.id ?? a.slug).localeCompare(String(b.id ?? b.slug));
  });
}

export async function startReplayServer(opts: ReplayOptions = {}): Promise<ReplayServer> {
  const data = opts.data ?? loadReplayData();
  const faults = (opts.faults ?? []).map((f) => ({ ...f, times: f.times ?? 1 }));
  const subPageSize = opts.subPageSize ?? 2;
  const requests: ReplayRequest[] = [];
  let base = '';

  const reply = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
    status,
    text: JSON.stringify(body),
    headers,
  });
  const notFound = (what: string): Reply => reply(404, { error: `${what} not found` });

  /** One page of `items` at the request's cursor, with a Link header to the next page. */
  const page = (u: URL, items: unknown[], pageSize: number): Reply => {
    const offset = decodeCursor(u.searchParams.get('cursor'));
    const slice = items.slice(offset, offset + pageSize);
    const headers: Record<string, string> = {};
    if (offset + pageSize < items.length) {
      const next = new URL(u.toString(), base);
      next.searchParams.set('cursor', encodeCursor(offset + pageSize));
      headers.link = `<${base}${next.pathname}${next.search}>; rel="next"`;
    }
    return reply(200, slice, headers);
  };

  const repoList = (u: URL, items: Rec[]): Reply => {
    const expand = u.searchParams.getAll('expand');
    const fields = expand.length > 0 ? ['_id', 'id', ...expand] : DEFAULT_LIST_FIELDS;
    const sorted = sortBy(items, u.searchParams.get('sort'), u.searchParams.get('direction'));
    const shaped = sorted.map((r) => Object.fromEntries(fields.filter((f) => f in r).map((f) => [f, r[f]])));
    return page(u, shaped, Number(u.searchParams.get('limit') ?? 1000));
  };

  const route = (u: URL): Reply => {
    const segs = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (segs[0] !== 'api') return notFound(u.pathname);
    const [, kind, ...rest] = segs;
    if ((kind === 'models' || kind === 'datasets' || kind === 'spaces') && kind) {
      const all = data[kind];
      if (rest.length === 0) return repoList(u, all);
      const likersPath = rest[rest.length - 1] === 'likers';
      const id = (likersPath ? rest.slice(0, -1) : rest).join('/');
      const repo = all.find((r) => r.id === id);
      const moved = data.redirects?.[`${kind}/${id}`];
      if (!repo && moved !== undefined)
        return reply(
          307,
          { error: 'moved' },
          { location: `/api/${kind}/${moved}${likersPath ? '/likers' : ''}${u.search}` },
        );
      if (!repo) return notFound(`${kind} ${id}`);
      if (likersPath) return page(u, data.likers[`${kind}/${id}`] ?? [], subPageSize);
      return reply(200, repo);
    }
    if (kind === 'collections') {
      if (rest.length === 0) {
        const sort = u.searchParams.get('sort');
        const sorted = sortBy(
          data.collections,
          sort === 'lastModified' ? 'lastModified' : sort === 'upvotes' ? 'upvotes' : null,
          '-1',
        );
        // The Hub's collection list cuts each collection's items to 4.
        const cut = sorted.map((c) => ({ ...c, items: (c.items ?? []).slice(0, 4) }));
        return page(u, cut, Number(u.searchParams.get('limit') ?? 100));
      }
      const c = data.collections.find((x) => x.slug === rest.join('/'));
      return c ? reply(200, c) : notFound(`collection ${rest.join('/')}`);
    }
    if ((kind === 'users' || kind === 'organizations') && rest.length === 2) {
      const [name, what] = rest as [string, string];
      const known = kind === 'users' ? data.users[name] : data.organizations[name];
      if (!known) return notFound(`${kind} ${name}`);
      if (what === 'overview') return reply(200, known);
      if (what === 'followers') return page(u, data.followers[`${kind}/${name}`] ?? [], subPageSize);
      if (what === 'members' && kind === 'organizations') return page(u, data.members[name] ?? [], subPageSize);
      return notFound(u.pathname);
    }
    if (kind === 'papers' && rest.length === 1) {
      const p = data.papers[rest[0]!];
      return p ? reply(200, p) : notFound(`paper ${rest[0]}`);
    }
    return notFound(u.pathname);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const n = requests.length + 1;
    const pathAndQuery = req.url ?? '/';
    const entry: ReplayRequest = { n, url: pathAndQuery, authorization: req.headers.authorization };
    requests.push(entry);
    const fault = faults.find(
      (f) => f.times > 0 && (typeof f.match === 'string' ? pathAndQuery.includes(f.match) : f.match.test(pathAndQuery)),
    );
    void (async () => {
      await opts.onRequest?.(n, pathAndQuery);
      const u = new URL(pathAndQuery, base);
      let r: Reply;
      try {
        r = route(u);
      } catch (err) {
        r = reply(400, { error: (err as Error).message });
      }
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(r.text)),
        ...r.headers,
      };
      if (fault) {
        fault.times--;
        entry.fault = fault.kind;
        if (fault.kind === 'status') {
          const status = fault.status ?? 500;
          r = reply(
            status,
            { error: `injected ${status}` },
            status === 429 && fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {},
          );
          res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
          return res.end(r.text);
        }
        if (fault.kind === 'body') {
          const text = JSON.stringify(fault.body);
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          return res.end(text);
        }
        if (fault.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
        if (res.destroyed) return;
        const half = r.text.slice(0, Math.floor(r.text.length / 2));
        if (fault.kind === 'badjson') {
          res.writeHead(r.status, { ...headers, 'content-length': String(Buffer.byteLength(half)) });
          return res.end(half);
        }
        if (fault.kind === 'truncate') {
          res.writeHead(r.status, headers); // the full length announced, half the bytes sent
          res.write(half);
          setTimeout(() => res.destroy(), 5);
          return;
        }
      }
      res.writeHead(r.status, headers);
      res.end(r.text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    data,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
