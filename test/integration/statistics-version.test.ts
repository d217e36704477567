// A graph built by an older toolkit lacks statistics the canned queries read (classify-task over a graph without the
// neighbour counts answers from its derived and prior signals only, with no error): the server logs which queries it
// affects, their answers and pages carry the warning, and `huggingkg query` notes it on stderr. A current graph gets
// none of them.

import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { checkStatisticsVersion } from '../../src/queries/statistics-version-check.js';
import { startServer, type RunningServer } from '../../src/server/app.js';
import { makeConfig } from '../../src/server/config.js';
import {
  compareStatisticsVersion,
  describeStaleStatistics,
  isStatisticsVersionLine,
  STATISTICS_VERSION,
  STATISTICS_VERSIONS,
} from '../../src/stats/statistics-version.js';
import { isNeighbourCountLine } from '../../src/stats/neighbour-counts.js';
import { cli } from '../helpers/cli.js';
import { FIXTURE_GRAPH } from '../helpers/server.js';
import { tempDir } from '../helpers/temp-dirs.js';

const CLASSIFY = 'classify-task?entity=model/alice/chat-ft-gguf';
const ANCESTORS = 'lineage-ancestors?model=model/bob/merged';

/**
 * The fixture graph as an older build wrote it: the same triples without the version marker and, unless `withCounts`,
 * without the neighbour counts (version 2's statistics) either.
 */
function olderGraph(withCounts = false): string {
  const dir = tempDir('hkg-old-graph-');
  cpSync(FIXTURE_GRAPH, dir, { recursive: true });
  const nt = gunzipSync(readFileSync(join(dir, 'huggingkg.nt.gz'))).toString('utf8');
  const lines = nt.split('\n');
  const kept = lines.filter((line) => !isStatisticsVersionLine(line) && (withCounts || !isNeighbourCountLine(line)));
  assert.ok(kept.length < lines.length - (withCounts ? 0 : 10), 'the fixture graph carries a marker and counts');
  writeFileSync(join(dir, 'huggingkg.nt.gz'), gzipSync(kept.join('\n')));
  writeFileSync(join(dir, 'huggingkg.nt'), kept.join('\n'));
  return dir;
}

interface LogLine {
  level: number;
  msg: string;
  statistics?: { version: number; marked: boolean; staleQueries: string[] };
}

async function serve(outDir: string): Promise<{ server: RunningServer; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const config = makeConfig({ outDir, host: '127.0.0.1', port: 0, queryWorkers: 1, queryTimeoutMs: 10_000 });
  return { server: await startServer(config, pino({ level: 'info' }, sink)), logs };
}

/** The log line of the statistics check (it runs in the background after the server starts). */
async function statisticsLog(logs: LogLine[]): Promise<LogLine> {
  for (let i = 0; i < 200; i++) {
    const line = logs.find((l) => l.statistics);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no statistics check in the log: ${logs.map((l) => l.msg).join(' | ')}`);
}

async function json(url: string): Promise<{ rows: unknown[]; warnings?: string[] }> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  assert.equal(res.status, 200, url);
  return (await res.json()) as { rows: unknown[]; warnings?: string[] };
}

async function html(url: string): Promise<string> {
  const res = await fetch(url, { headers: { accept: 'text/html' } });
  assert.equal(res.status, 200, url);
  return res.text();
}

const WARNING = /<p class="warning" role="note">([^<]*)<\/p>/g;

describe('statistics version', function () {
  this.timeout(60_000);

  it("compares a version with the toolkit's: every later version is missing, with the queries that read it", () => {
    const old = compareStatisticsVersion(1, false);
    assert.deepEqual(
      old.missing.map((v) => v.version),
      STATISTICS_VERSIONS.map((v) => v.version),
    );
    assert.deepEqual(old.staleQueries, ['classify-task', 'predict-base-model']);
    // version 3 only changed how the name words are counted: a version 2 graph answers classify-task with old words
    // and version 4 added the datasets' card words, which classify-task reads too
    const two = compareStatisticsVersion(2, true);
    assert.deepEqual([two.missing.map((v) => v.version), two.staleQueries], [[3, 4, 5, 6], ['classify-task']]);
    assert.match(
      describeStaleStatistics(two),
      /statistics are version 2, .*version 3: name words split.*version 4: datasets' card words.*classify-task answer/,
    );
    const current = compareStatisticsVersion(STATISTICS_VERSION, true);
    assert.deepEqual([current.missing, current.staleQueries], [[], []]);
    // a graph newer than the toolkit lacks nothing the toolkit's queries read
    assert.deepEqual(compareStatisticsVersion(STATISTICS_VERSION + 1, true).staleQueries, []);
  });

  it('a graph without the marker is the last version whose probes it holds', async () => {
    const { openStore } = await import('../../src/server/open-store.js');
    const versionOf = async (outDir: string) => {
      const config = makeConfig({ outDir, queryWorkers: 1, queryTimeoutMs: 10_000 });
      const store = await openStore(config, pino({ level: 'silent' }));
      try {
        const check = await checkStatisticsVersion(store);
        return [check.found, check.marked];
      } finally {
        await store.close();
      }
    };
    assert.deepEqual(await versionOf(FIXTURE_GRAPH), [STATISTICS_VERSION, true], 'the marker');
    assert.deepEqual(await versionOf(olderGraph(true)), [2, false], 'no marker, the neighbour counts');
    assert.deepEqual(await versionOf(olderGraph()), [1, false], 'neither');
  });

  describe('a server over a graph built before the marker', () => {
    let server: RunningServer;
    let logs: LogLine[];
    before(async () => {
      ({ server, logs } = await serve(olderGraph()));
    });
    after(() => server?.close());

    it('logs a warning naming the queries that answer with fewer signals', async () => {
      const line = await statisticsLog(logs);
      assert.equal(line.level, 40, 'warn');
      assert.deepEqual(line.statistics?.staleQueries, ['classify-task', 'predict-base-model']);
      assert.match(line.msg, /carries no statistics version and holds version 1's statistics/);
      assert.match(line.msg, /hkg:tagCount/);
      assert.match(line.msg, /huggingkg build/);
    });

    it("puts the warning in those queries' answers only, which still answer", async () => {
      const classify = await json(`${server.url}/api/queries/${CLASSIFY}`);
      assert.ok(classify.rows.length > 0);
      assert.equal(classify.warnings?.length, 1);
      assert.match(classify.warnings![0]!, /classify-task, predict-base-model answer with fewer signals/);
      assert.equal((await json(`${server.url}/api/classify?entity=model/alice/chat-ft-gguf`)).warnings?.length, 1);
      const ancestors = await json(`${server.url}/api/queries/${ANCESTORS}`);
      assert.ok(ancestors.rows.length > 0);
      assert.equal(ancestors.warnings, undefined);
    });

    it("shows it on those queries' pages and in the gallery beside them", async () => {
      const page = await html(`${server.url}/api/queries/${CLASSIFY}`);
      assert.equal([...page.matchAll(WARNING)].length, 1);
      assert.equal([...(await html(`${server.url}/api/queries/${ANCESTORS}`)).matchAll(WARNING)].length, 0);
      const gallery = await html(`${server.url}/api/queries`);
      const sections = gallery.split('<section class="query"').slice(1);
      const warned = sections.filter((s) => s.includes('<p class="warning" role="note">'));
      assert.deepEqual(
        warned.map((s) => /<code>([a-z-]+)<\/code><\/h2>/.exec(s)?.[1]),
        ['classify-task', 'predict-base-model'],
      );
      const list = (await (await fetch(`${server.url}/api/queries?format=json`)).json()) as {
        queries: Array<{ name: string; warning?: string }>;
      };
      assert.deepEqual(
        list.queries.filter((q) => q.warning).map((q) => q.name),
        ['classify-task', 'predict-base-model'],
      );
    });
  });

  describe('a server over a current graph', () => {
    let server: RunningServer;
    let logs: LogLine[];
    before(async () => {
      ({ server, logs } = await serve(FIXTURE_GRAPH));
    });
    after(() => server?.close());

    it('logs that the statistics are current and warns nowhere', async () => {
      const line = await statisticsLog(logs);
      assert.equal(line.level, 30, 'info');
      assert.deepEqual(line.statistics, {
        version: STATISTICS_VERSION,
        marked: true,
        expected: STATISTICS_VERSION,
        staleQueries: [],
      });
      assert.equal((await json(`${server.url}/api/queries/${CLASSIFY}`)).warnings, undefined);
      assert.equal([...(await html(`${server.url}/api/queries`)).matchAll(WARNING)].length, 0);
    });
  });

  it('huggingkg query notes it on stderr for the queries it affects, and only on an old graph', async () => {
    const old = olderGraph();
    const args = (dir: string, name: string, param: string) => ['query', name, '--param', param, '--from', dir];
    const classifyOld = await cli(args(old, 'classify-task', 'entity=model/alice/chat-ft-gguf'));
    assert.equal(classifyOld.code, 0, classifyOld.stderr);
    assert.match(classifyOld.stderr, /query: this graph carries no statistics version/);
    assert.match(classifyOld.stdout, /text-generation/);
    const ancestorsOld = await cli(args(old, 'lineage-ancestors', 'model=model/bob/merged'));
    assert.doesNotMatch(ancestorsOld.stderr, /statistics/);
    const classifyCurrent = await cli(args(FIXTURE_GRAPH, 'classify-task', 'entity=model/alice/chat-ft-gguf'));
    assert.doesNotMatch(classifyCurrent.stderr, /statistics/);
    // built after the counts but before the marker: version 2, which lacks only version 3's name words
    const classifyCounted = await cli(args(olderGraph(true), 'classify-task', 'entity=model/alice/chat-ft-gguf'));
    assert.match(classifyCounted.stderr, /holds version 2's statistics, .*\(version 3: .*\): classify-task answer/);
  });
});
