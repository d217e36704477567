// Tests of the embedded store's worker pool under many descriptions at once (src/store/worker-pool.ts): descriptions
// pipelined into busy workers come back to their own callers, never wait behind a query, and the memory watchdog's
// limit leaves the main thread's own growth (the search index, caches) out of a query's share.

import assert from 'node:assert/strict';
import { openEmbeddedStore, type EmbeddedStore } from '../../src/store/embedded.js';
import type { RawDescription } from '../../src/store/describe-match.js';
import { QueryTimeoutError } from '../../src/store/store.js';
import { OBJ } from '../../src/vocab.js';
import { iri, likesGraph, writeGraphFile } from '../helpers/graph.js';
import { must } from '../helpers/must.js';
import { silentLogger } from '../helpers/sparql-app.js';

const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

/** A likesGraph's users and models, and IRIs no graph holds (an empty description). */
function entities(users: number, models: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < users; i++) out.push(iri('user', `user-${i}`));
  for (let i = 0; i < models; i++) out.push(iri('model', `org/model-${i}`));
  out.push(iri('model', 'nobody/nothing'), iri('user', 'nobody'));
  return out;
}

const describeOf = (store: EmbeddedStore, entity: string) =>
  must(store.describe, 'the embedded store describes')({ iri: entity, max: 3 });

for (const workers of [1, 2]) {
  describe(`embedded store: many descriptions at once (${workers} worker${workers > 1 ? 's' : ''})`, function () {
    let store: EmbeddedStore;
    const all = entities(40, 20);
    let oneByOne: Map<string, RawDescription>;

    before(async function () {
      store = await openEmbeddedStore({
        files: [writeGraphFile(likesGraph(40, 20, 3))],
        workers,
        logger: silentLogger,
      });
      oneByOne = new Map();
      for (const e of all) oneByOne.set(e, await describeOf(store, e));
    });
    after(async () => store?.close());

    it('the graph is what the test expects (entities with own triples, incoming links and names)', function () {
      const user = must(oneByOne.get(iri('user', 'user-0')), 'user-0');
      const model = must(oneByOne.get(iri('model', 'org/model-0')), 'model-0');
      assert.ok(user.own.length > 3 && user.labels.length > 1, 'user-0 links to named models');
      assert.ok(
        model.incoming.some((g) => g.property === OBJ.likes && g.count > 0),
        'model-0 is liked',
      );
      assert.equal(must(oneByOne.get(iri('user', 'nobody')), 'nobody').own.length, 0);
    });

    it('answers each of many concurrent descriptions with its own entity, as when asked one by one', async function () {
      const order = [...all, ...all.slice().reverse()];
      const answers = await Promise.all(order.map((e) => describeOf(store, e)));
      order.forEach((e, i) => assert.deepEqual(answers[i], oneByOne.get(e), `the description of ${e}`));
    });

    it('interleaves queries with descriptions and answers both', async function () {
      const count = `SELECT (COUNT(*) AS ?n) WHERE { ?u <${OBJ.likes}> ?m }`;
      const jobs = all.map((e, i) =>
        i % 5 === 0
          ? store.select(count).then((rows) => must(rows[0], 'the COUNT solution').n?.value)
          : describeOf(store, e),
      );
      const answers = await Promise.all(jobs);
      all.forEach((e, i) =>
        assert.deepEqual(answers[i], i % 5 === 0 ? '120' : oneByOne.get(e), `job ${i} (${e}) got its own answer`),
      );
    });
  });
}

describe('embedded store: descriptions never wait inside a worker behind a query', function () {
  let store: EmbeddedStore;
  before(async function () {
    store = await openEmbeddedStore({
      files: [writeGraphFile(likesGraph(300, 100, 4))],
      workers: 1,
      logger: silentLogger,
    });
  });
  after(async () => store?.close());

  it('a runaway query times out alone; the descriptions behind it are answered by the fresh worker', async function () {
    const runaway = store.select(RUNAWAY, { timeoutMs: 1500 }).catch((e: Error) => e);
    const described = await Promise.all(
      ['user-0', 'user-1', 'user-2'].map((u) =>
        must(store.describe, 'describe')({ iri: iri('user', u), max: 3 }, { timeoutMs: 60_000 }),
      ),
    );
    assert.ok((await runaway) instanceof QueryTimeoutError, 'the runaway query timed out');
    for (const d of described) assert.ok(d.own.length > 0, 'described');
    const health = must(store.health, 'health')().replaced as { timeout: number };
    assert.equal(health.timeout, 1, 'only the runaway query stopped its worker');
  });
});

describe('embedded store: a description that runs out of time while it waits in a busy worker', function () {
  let store: EmbeddedStore;
  before(async function () {
    // One user liking 3,000 models: describing it takes a while (every model is named).
    store = await openEmbeddedStore({ files: [writeGraphFile(likesGraph(1, 3000, 3000))], workers: 1 });
  });
  after(async () => store?.close());

  it('times out alone: the worker is not replaced and answers the next ones', async function () {
    const describe = must(store.describe, 'describe');
    const big = describe({ iri: iri('user', 'user-0'), max: 3 }, { timeoutMs: 60_000 });
    const late = describe({ iri: iri('model', 'org/model-1'), max: 3 }, { timeoutMs: 1 }).catch((e: Error) => e);
    assert.ok((await late) instanceof QueryTimeoutError, 'the waiting description timed out');
    assert.equal((await big).own.length, 3003, 'the big description was answered (type, hub id, name, 3,000 likes)');
    const replaced = must(store.health, 'health')().replaced as { timeout: number };
    assert.equal(replaced.timeout, 0, 'no worker was replaced');
    const next = await describe({ iri: iri('model', 'org/model-2'), max: 3 });
    assert.ok(next.incoming.length > 0, 'the worker answers the next description');
  });
});

describe("embedded store: the memory watchdog leaves the main thread's growth out of a query's share", function () {
  let store: EmbeddedStore;
  before(async function () {
    store = await openEmbeddedStore({ files: [writeGraphFile(likesGraph(10, 10, 2))], workers: 1 });
  });
  after(async () => store?.close());

  it('raises the limit by what the main thread holds past its size at start-up', function () {
    const limit = () => must(store.health, 'health')().rssLimitBytes as number;
    const before = limit();
    // 256 MB held by the main thread (an index, caches), as the search index built after start-up holds.
    const held = Buffer.alloc(256 * 1024 * 1024, 1);
    const during = limit();
    assert.ok(during - before >= 250 * 1024 * 1024, `the limit grew by ${(during - before) / 2 ** 20} MB`);
    assert.equal(held[held.length - 1], 1);
  });
});
