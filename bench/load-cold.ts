// **cold dereference bench** (`node dist/bench/load.js --cold`, not a test): every entity of a build requested once, in
// shuffled order, right after a server (re)start, as crawlers walk a linked-data site — so every answer is built from
// the store, none comes from the description cache (the walk starts once the server's one-off background work after
// start-up is done; its CPU is recorded apart). Servers: this project embedded (oxigraph), this project over a
// private Virtuoso, and Trifid (installed into a temporary folder, never a project dependency) over the same Virtuoso
// through a loopback proxy that only fixes media types (bench/media-type-proxy.ts: Debian's Virtuoso 7.2 refuses the
// N-Quads Trifid asks for and labels N-Triples text/plain); rounds are interleaved (each round runs every server once).
// Each run records req/s, latency p50/p99, the 1-minute load average (the machine is shared), and the CPU per request
// of the server, of Virtuoso and of the proxy. After each walk, the most-linked entity of each kind (left out of the
// walk) is asked for once, alone: its cold latency.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { createGunzip } from 'node:zlib';
import { ENTITY_KINDS, isEntityKind } from '../src/iri.js';
import { OUTPUT } from '../src/build/output.js';
import { ROOT } from '../src/paths.js';
import { loadIntoVirtuoso } from '../src/store/virtuoso.js';
import { Rng } from '../src/synth/random.js';
import { escapeRegExp } from '../src/util/regexp.js';
import { DEFAULT_BASE, STD } from '../src/vocab.js';
import { percentile, processCpuMs } from './measure.js';

const run = promisify(execFile);

export interface ColdOptions {
  from: string;
  rounds: number;
  connections: number;
  servers: string[];
  seed: number;
  /** A folder where Trifid is installed already (node_modules/trifid); else it is installed into a temporary one. */
  trifidDir?: string;
  json?: string;
  /** Ask for at most this many entities per run (default: all). */
  limit?: number;
  /** Another checkout of the project, compiled (DIR/dist), run as the servers `embedded-baseline` and
   *  `virtuoso-baseline`: a before/after comparison within the same rounds. */
  baseline?: string;
}

interface Entity {
  path: string;
  kind: string;
}

/** Every entity of the build's dump (subjects with an rdf:type under the base), and per kind the most-linked one. */
async function entitiesOf(
  outDir: string,
): Promise<{ entities: Entity[]; mostLinked: Array<Entity & { links: number }> }> {
  const base = escapeRegExp(DEFAULT_BASE);
  const typeLine = new RegExp(`^<${base}([a-z]+)/([^>#]+)> <${escapeRegExp(STD.type)}> `);
  const objectIri = new RegExp(`<${base}([a-z]+)/([^>]+)> \\.$`);
  const seen = new Set<string>();
  const entities: Entity[] = [];
  const links = new Map<string, number>();
  const lines = createInterface({
    input: createReadStream(join(outDir, OUTPUT.ntriples)).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    const t = typeLine.exec(line);
    if (t) {
      const [, kind = '', rest = ''] = t;
      const key = `${kind}/${rest}`;
      if (isEntityKind(kind) && !seen.has(key)) {
        seen.add(key);
        entities.push({ kind, path: `/data/${key}` });
      }
      continue;
    }
    const o = objectIri.exec(line);
    if (o && line.startsWith('<')) {
      const key = `${o[1]}/${o[2]}`;
      links.set(key, (links.get(key) ?? 0) + 1);
    }
  }
  const mostLinked: Array<Entity & { links: number }> = [];
  for (const kind of ENTITY_KINDS) {
    let best: (Entity & { links: number }) | undefined;
    for (const [key, n] of links) {
      if (key.startsWith(`${kind}/`) && seen.has(key) && (!best || n > best.links))
        best = { kind, path: `/data/${key}`, links: n };
    }
    if (best) mostLinked.push(best);
  }
  return { entities, mostLinked };
}

/** CPU seconds a process has used; NaN once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    return processCpuMs(pid) / 1000;
  } catch {
    return NaN;
  }
}

/** One GET; resolves with the status and the milliseconds it took (body read to the end). */
function get(agent: http.Agent, url: URL, path: string): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.get(
      { agent, host: url.hostname, port: url.port, path, headers: { accept: 'text/turtle' } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

/** Every path once, `connections` at a time over keep-alive sockets. */
async function walk(url: string, paths: string[], connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let errors = 0;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < paths.length) {
        const path = paths[next++]!;
        try {
          const { status, ms } = await get(agent, target, path);
          latencies.push(ms);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status !== 200 && failures.length < 5) failures.push(`${status} ${path}`);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  if (failures.length > 0) console.error(`not 200: ${failures.join('; ')}`);
  return { seconds, latencies, statuses, errors };
}

async function waitForUrl(url: string, child: ChildProcess, what: string, logFile: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer at ${url}`);
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

interface Running {
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** Ours: the background work after start-up, waited for before the walk (CPU seconds, wall seconds). */
  startUp?: { cpuSeconds: number; seconds: number };
}

function spawnLogged(
  cmd: string,
  args: string[],
  logDir: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): { child: ChildProcess; logFile: string } {
  const logFile = join(logDir, `${name}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(cmd, args, { stdio: ['ignore', out, out], env });
  closeSync(out);
  return { child, logFile };
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

async function startOurs(from: string, logDir: string, endpoint?: string, root = ROOT): Promise<Running> {
  const port = await freePort();
  const args = [
    join(root, 'dist', 'src', 'cli.js'),
    'serve',
    '--from',
    from,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
  ];
  if (endpoint) args.push('--endpoint', endpoint, '--graph', DEFAULT_BASE);
  const { child, logFile } = spawnLogged(process.execPath, args, logDir, endpoint ? 'ours-virtuoso' : 'ours-embedded', {
    ...process.env,
    LOG_LEVEL: 'info',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForUrl(`${url}/healthz`, child, 'huggingkg serve', logFile);
  // What the server does once after it starts, in the background (the search index from the dump, the canned
  // queries' examples from the store), is not a description's work: the walk starts when both are done, and their
  // CPU and duration are recorded on their own.
  const cpu0 = cpuSeconds(child.pid!);
  const started = Date.now();
  for (;;) {
    const log = readFileSync(logFile, 'utf8');
    if (START_UP_DONE.every((line) => log.includes(line))) break;
    if (child.exitCode !== null) throw new Error(`huggingkg serve exited with ${child.exitCode}; see ${logFile}`);
    if (Date.now() - started > 30 * 60_000)
      throw new Error(`huggingkg serve's start-up work did not end; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const startUp = { cpuSeconds: cpuSeconds(child.pid!) - cpu0, seconds: (Date.now() - started) / 1000 };
  return { url, pid: child.pid!, stop: stopper(child), startUp };
}

/** The log messages that end the server's background start-up work (src/server/search-index.ts, query-examples.ts). */
const START_UP_DONE = ['"msg":"search index', '"msg":"canned-query examples'];

async function installTrifid(dir?: string): Promise<string> {
  if (dir && existsSync(join(dir, 'node_modules', 'trifid', 'server.js'))) return dir;
  const target = dir ?? mkdtempSync(join(tmpdir(), 'hkg-trifid-'));
  mkdirSync(target, { recursive: true });
  console.error(`installing trifid@5 into ${target} (npm install --prefix; not a project dependency)`);
  await run('npm', ['install', '--prefix', target, '--no-audit', '--no-fund', 'trifid@5'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return target;
}

/** The media-type proxy (bench/media-type-proxy.ts) in front of `endpoint`, in its own process; its URL. */
async function startMediaTypeProxy(endpoint: string, logDir: string): Promise<Running> {
  const { child, logFile } = spawnLogged(
    process.execPath,
    [join(ROOT, 'dist', 'bench', 'media-type-proxy.js'), endpoint],
    logDir,
    'media-type-proxy',
  );
  for (let i = 0; i < 300; i++) {
    const url = /^http:\S+/m.exec(readFileSync(logFile, 'utf8'))?.[0];
    if (url) return { url, pid: child.pid!, stop: stopper(child) };
    if (child.exitCode !== null) throw new Error(`media-type proxy exited with ${child.exitCode}; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`media-type proxy did not start; see ${logFile}`);
}

async function startTrifid(dir: string, endpoint: string, logDir: string): Promise<Running> {
  const port = await freePort();
  const config = join(logDir, 'trifid.yaml');
  // The entity renderer and the SPARQL proxy it queries through, as in Trifid's own docker-sparql instance.
  writeFileSync(
    config,
    `server:
  logLevel: warn
globals:
  datasetBaseUrl: ${DEFAULT_BASE}
  endpoints:
    default:
      url: /query
plugins:
  entity-renderer:
    module: "@zazuko/trifid-entity-renderer"
  sparql-proxy:
    module: "@zazuko/trifid-plugin-sparql-proxy"
    paths: /query
    config:
      endpointUrl: ${endpoint}
`,
  );
  const server = join(dir, 'node_modules', 'trifid', 'server.js');
  const { child, logFile } = spawnLogged(
    process.execPath,
    [server, '--config', config, '--port', String(port)],
    logDir,
    'trifid',
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForUrl(`${url}/query?query=${encodeURIComponent('ASK {}')}`, child, 'trifid', logFile);
  return { url, pid: child.pid!, stop: stopper(child) };
}

const SERVER_NAMES: Record<string, string> = {
  embedded: 'ours, embedded oxigraph',
  virtuoso: 'ours over Virtuoso',
  trifid: 'Trifid over Virtuoso',
  'embedded-baseline': 'baseline (--baseline), embedded oxigraph',
  'virtuoso-baseline': 'baseline (--baseline) over Virtuoso',
};

/** What Trifid answers at /{kind}/{id} (it maps the request URL onto the dataset base); ours at /data/{kind}/{id}. */
const trifidPath = (p: string) => p.replace(/^\/data\//, '/');

export async function runCold(options: ColdOptions): Promise<void> {
  const { entities, mostLinked } = await entitiesOf(options.from);
  const kinds = new Map<string, number>();
  for (const e of entities) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
  const popularPaths = new Set(mostLinked.map((e) => e.path));
  // a seeded shuffle, so every run and every server gets the same order
  const order = new Rng(options.seed)
    .shuffle(entities.filter((e) => !popularPaths.has(e.path)))
    .slice(0, options.limit ?? entities.length)
    .map((e) => e.path);
  console.error(
    `${entities.length} entities (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}); ${order.length} per run`,
  );
  const logDir = mkdtempSync(join(tmpdir(), 'hkg-cold-'));
  const needsVirtuoso = options.servers.some((s) => !s.startsWith('embedded'));
  let virtuoso: { endpoint: string; pid: number; db: string } | undefined;
  let mediaTypeProxy: Running | undefined;
  const rows: Array<Record<string, string | number>> = [];
  try {
    if (needsVirtuoso) {
      const db = join(logDir, 'virtuoso');
      const isqlPort = await freePort();
      const httpPort = await freePort();
      const { stdout } = await run(join(ROOT, 'scripts', 'virtuoso', 'start.sh'), [
        '--db',
        db,
        '--isql-port',
        String(isqlPort),
        '--http-port',
        String(httpPort),
        '--dump-dir',
        options.from,
      ]);
      const pid = Number(/VIRTUOSO_PID=(\d+)/.exec(stdout)?.[1]);
      const base = /SPARQL_ENDPOINT=(\S+)/.exec(stdout)?.[1] ?? '';
      virtuoso = { endpoint: base, pid, db };
      const loaded = await loadIntoVirtuoso({ from: options.from, graph: DEFAULT_BASE, port: isqlPort });
      console.error(`Virtuoso loaded: ${JSON.stringify(loaded)}`);
    }
    const trifidDir = options.servers.includes('trifid') ? await installTrifid(options.trifidDir) : undefined;
    // Trifid reaches Virtuoso through the media-type proxy (bench/media-type-proxy.ts): Virtuoso 7.2 refuses the
    // N-Quads Trifid asks for and labels its N-Triples text/plain, which Trifid cannot read.
    if (virtuoso && trifidDir) mediaTypeProxy = await startMediaTypeProxy(virtuoso.endpoint, logDir);
    const graphEndpoint = mediaTypeProxy
      ? `${mediaTypeProxy.url}?default-graph-uri=${encodeURIComponent(DEFAULT_BASE)}`
      : '';
    for (let round = 1; round <= options.rounds; round++) {
      for (const name of options.servers) {
        const baseline = name.endsWith('-baseline') ? options.baseline : undefined;
        if (name.endsWith('-baseline') && !baseline)
          throw new Error(`${name} needs --baseline DIR (a compiled checkout)`);
        const server =
          name === 'trifid'
            ? await startTrifid(trifidDir!, graphEndpoint, logDir)
            : await startOurs(
                options.from,
                logDir,
                name.startsWith('virtuoso') ? virtuoso!.endpoint : undefined,
                baseline,
              );
        try {
          const pathOf = name === 'trifid' ? trifidPath : (p: string) => p;
          const load1 = () => loadavg()[0] ?? NaN;
          const load = [load1()];
          const timer = setInterval(() => load.push(load1()), 1000);
          const cpu0 = cpuSeconds(server.pid);
          const vcpu0 = virtuoso ? cpuSeconds(virtuoso.pid) : NaN;
          const pcpu0 = mediaTypeProxy ? cpuSeconds(mediaTypeProxy.pid) : NaN;
          const result = await walk(server.url, order.map(pathOf), options.connections);
          clearInterval(timer);
          load.push(load1());
          const cpu1 = cpuSeconds(server.pid);
          const vcpu1 = virtuoso ? cpuSeconds(virtuoso.pid) : NaN;
          const pcpu1 = mediaTypeProxy ? cpuSeconds(mediaTypeProxy.pid) : NaN;
          // Then the most-linked entity of each kind, alone, each asked for the first time (the walk leaves them out).
          const popular: Record<string, number | string> = {};
          const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
          for (const e of mostLinked) {
            try {
              const r = await get(agent, new URL(server.url), pathOf(e.path));
              popular[`${e.kind} (${e.links} links)`] =
                r.status === 200 ? Math.round(r.ms * 10) / 10 : `status ${r.status}`;
            } catch (err) {
              popular[`${e.kind} (${e.links} links)`] = (err as Error).message;
            }
          }
          agent.destroy();
          const n = result.latencies.length;
          const row = {
            round,
            server: SERVER_NAMES[name] ?? name,
            requests: n,
            'req/s': Math.round(n / result.seconds),
            'p50 ms': Math.round(percentile(result.latencies, 50)),
            'p99 ms': Math.round(percentile(result.latencies, 99)),
            'max ms': Math.round(result.latencies[n - 1] ?? NaN),
            'server CPU ms/req': Math.round(((cpu1 - cpu0) * 1000 * 100) / n) / 100,
            'Virtuoso CPU ms/req': name.startsWith('embedded')
              ? '—'
              : Math.round(((vcpu1 - vcpu0) * 1000 * 100) / n) / 100,
            'proxy CPU ms/req': name === 'trifid' ? Math.round(((pcpu1 - pcpu0) * 1000 * 100) / n) / 100 : '—',
            'start-up work before the walk': server.startUp
              ? `${server.startUp.cpuSeconds.toFixed(1)} s CPU in ${server.startUp.seconds.toFixed(1)} s`
              : '—',
            statuses: [...result.statuses].map(([s, c]) => `${s}: ${c}`).join(', '),
            errors: result.errors,
            'load avg (1 min)': `${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`,
            'most-linked, alone, ms': JSON.stringify(popular),
          };
          console.log(JSON.stringify(row));
          rows.push(row);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await mediaTypeProxy?.stop();
    if (virtuoso)
      await run(join(ROOT, 'scripts', 'virtuoso', 'stop.sh'), ['--db', virtuoso.db]).catch((err: Error) =>
        console.error(err.message),
      );
    rmSync(logDir, { recursive: true, force: true });
  }
  const machine =
    `${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} ` +
    `GiB, node ${process.version}`;
  const when = new Date().toISOString();
  console.table(rows.map(({ 'most-linked, alone, ms': _, ...r }) => r));
  if (options.json) {
    const summary = {
      mode: 'cold',
      machine,
      when,
      from: options.from,
      entities: entities.length,
      kinds: Object.fromEntries(kinds),
      mostLinked,
      perRun: order.length,
      connections: options.connections,
      rows,
    };
    writeFileSync(options.json, JSON.stringify(summary, null, 2) + '\n');
  }
}
