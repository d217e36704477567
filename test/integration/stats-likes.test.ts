// Recommendation's side of the statistics and the synthetic likes: like ranks (src/stats/likes.ts), co-like neighbours
// (src/stats/co-likes.ts), users' taste in the
// synthetic likes (src/synth/hubscale-taste.ts), recommend-items offering the most-liked items to a user without likes,
// and the eval's fit of the popularity weights (src/eval/recommendation.ts).

import assert from 'node:assert/strict';
import { DataFactory } from 'n3';
import { fitRecWeights, rerankRec } from '../../src/eval/recommendation.js';
import { runQuery } from '../../src/queries/registry.js';
import { isStatisticLine } from '../../src/stats/graph-statistics.js';
import { LikeRankCounter, RANKED_ITEMS } from '../../src/stats/likes.js';
import { CO_LIKE_NEIGHBOURS, CoLikeCounter, coLikeNode, MAX_LIKERS_READ } from '../../src/stats/co-likes.js';
import type { EmbeddedStore } from '../../src/store/embedded.js';
import { Rng } from '../../src/synth/random.js';
import { tasteLikers, TASTE_SHARE } from '../../src/synth/hubscale-taste.js';
import { DATA, OBJ, XSD } from '../../src/vocab.js';
import { short, turtleStore } from '../helpers/queries-fixture.js';

const { namedNode, literal, quad } = DataFactory;
const M = 'https://w3id.org/huggingkg/model/';

describe('like ranks', () => {
  it(`ranks the ${RANKED_ITEMS} most liked items (ties by IRI), never an item without likes`, () => {
    const c = new LikeRankCounter();
    for (let i = 0; i < RANKED_ITEMS + 50; i++)
      c.addQuad(
        quad(
          namedNode(`${M}m${String(i).padStart(3, '0')}`),
          namedNode(DATA.likeCount),
          literal(String(i % 60), namedNode(XSD.integer)),
        ),
      );
    const ranked = c.ranked();
    assert.equal(ranked.length, RANKED_ITEMS);
    assert.deepEqual(
      ranked.slice(0, 3).map((r) => [r.item.slice(M.length), r.likes]),
      [
        ['m059', 59],
        ['m119', 59],
        ['m058', 58],
      ],
    );
    assert.ok(ranked.every((r) => r.likes > 0));
    const lines = c
      .quads()
      .map((q) => `<${q.subject.value}> <${q.predicate.value}> "${q.object.value}"^^<${XSD.integer}> .`);
    assert.equal(lines[0], `<${M}m059> <${DATA.likeRank}> "1"^^<${XSD.integer}> .`);
    assert.ok(lines.every(isStatisticLine), 'the evaluation drops them and ranks its own');
  });
});

describe('co-like neighbours', () => {
  const U = 'https://w3id.org/huggingkg/user/';
  const like = (c: CoLikeCounter, user: string, item: string) =>
    c.addQuad(quad(namedNode(U + user), namedNode(OBJ.likes), namedNode(M + item)));

  it(`keeps each item's ${CO_LIKE_NEIGHBOURS} most co-liked items (ties by IRI), none with one liker`, () => {
    const c = new CoLikeCounter();
    // a and b are liked together by three accounts, a and c by two, a and d..o by one each
    for (const u of ['u1', 'u2', 'u3']) like(c, u, 'a');
    for (const u of ['u1', 'u2', 'u3']) like(c, u, 'b');
    for (const u of ['u1', 'u2']) like(c, u, 'c');
    for (const item of 'defghijklmno') like(c, 'u3', item);
    like(c, 'u3', 'b'); // a repeated like counts once
    like(c, 'lonely', 'solo');
    const all = c.neighbours();
    const ofA = all.filter((n) => n.item === `${M}a`).map((n) => [n.neighbour.slice(M.length), n.coLikes]);
    assert.equal(ofA.length, CO_LIKE_NEIGHBOURS);
    assert.deepEqual(ofA.slice(0, 4), [
      ['b', 3],
      ['c', 2],
      ['d', 1],
      ['e', 1],
    ]);
    assert.ok(!all.some((n) => n.item === `${M}solo`), 'one liker: no neighbours');
    assert.ok(!all.some((n) => n.item === `${M}d`), 'd has one liker too');
    assert.ok(!all.some((n) => n.item === n.neighbour), 'never itself');
    const lines = c
      .quads()
      .map((q) =>
        q.object.termType === 'Literal'
          ? `<${q.subject.value}> <${q.predicate.value}> "${q.object.value}"^^<${XSD.integer}> .`
          : `<${q.subject.value}> <${q.predicate.value}> <${q.object.value}> .`,
      );
    assert.equal(lines[0], `<${M}a> <${OBJ.coLikeNeighbour}> <${coLikeNode(`${M}a`, 1)}> .`);
    assert.equal(lines[1], `<${coLikeNode(`${M}a`, 1)}> <${OBJ.coLikedItem}> <${M}b> .`);
    assert.equal(lines[2], `<${coLikeNode(`${M}a`, 1)}> <${DATA.coLikes}> "3"^^<${XSD.integer}> .`);
    assert.ok(lines.every(isStatisticLine), 'the evaluation drops them and computes its own');
  });

  it(`estimates the co-likes of an item with more than ${MAX_LIKERS_READ} likers from a sample of them`, () => {
    const c = new CoLikeCounter();
    const likers = 4 * MAX_LIKERS_READ;
    // every liker of "hit" also likes "half" when its number is even, and "all" always
    for (let u = 0; u < likers; u++) {
      like(c, `v${u}`, 'hit');
      like(c, `v${u}`, 'all');
      if (u % 2 === 0) like(c, `v${u}`, 'half');
    }
    const ofHit = new Map(
      c
        .neighbours()
        .filter((n) => n.item === `${M}hit`)
        .map((n) => [n.neighbour.slice(M.length), n.coLikes]),
    );
    assert.equal(ofHit.get('all'), likers, 'every sampled liker stands for four');
    const half = ofHit.get('half') ?? 0;
    assert.ok(Math.abs(half - likers / 2) < likers * 0.1, String(half));
  });
});

describe('synthetic likes follow user taste', () => {
  it(`draws about ${TASTE_SHARE * 100}% of an item's likers from its topic, distinct, as many as asked`, () => {
    const rng = new Rng(7);
    let inTopic = 0;
    let all = 0;
    for (let item = 0; item < 200; item++) {
      const likers = tasteLikers(20, 5000, item % 30, 30, rng);
      assert.equal(likers.length, 20);
      assert.equal(new Set(likers).size, 20);
      inTopic += likers.filter((u) => u % 30 === item % 30).length;
      all += likers.length;
    }
    // a repeated draw within the topic is replaced by another draw, which may be global: a little under the share
    assert.ok(inTopic / all > TASTE_SHARE - 0.05 && inTopic / all < TASTE_SHARE + 0.1, String(inTopic / all));
  });

  it('asks for more likers than users: every user, once', () => {
    assert.deepEqual(tasteLikers(50, 7, 3, 30, new Rng(1)).sort(), [0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('recommend-items: popularity for users with few likes', () => {
  let store: EmbeddedStore;
  before(async () => {
    store = await turtleStore(`
@prefix hkg: <https://w3id.org/huggingkg/ontology#> .
@prefix m: <https://w3id.org/huggingkg/model/> .
@prefix u: <https://w3id.org/huggingkg/user/> .
m:a\\/top a hkg:Model ; hkg:likeCount 9 .
m:a\\/second a hkg:Model ; hkg:likeCount 5 .
m:a\\/niche a hkg:Model ; hkg:likeCount 2 .
u:fan a hkg:User ; hkg:likes m:a\\/niche .
u:other a hkg:User ; hkg:likes m:a\\/niche, m:a\\/second .
u:new a hkg:User .
`);
  });
  after(() => store.close());

  it('a user without likes gets the most-liked items, in order', async () => {
    const { rows } = await runQuery(store, 'recommend-items', { user: 'user/new', kind: 'model' });
    assert.deepEqual(
      rows.map((r) => short(r.item)),
      ['model/a/top', 'model/a/second', 'model/a/niche'],
    );
  });

  it('a liker gets the most-liked item as a candidate even when nothing links it to their likes', async () => {
    const { rows } = await runQuery(store, 'recommend-items', {
      user: 'user/fan',
      kind: 'model',
      wPop: '10',
      wCold: '0',
    });
    const items = rows.map((r) => short(r.item));
    assert.ok(items.includes('model/a/top'), JSON.stringify(items));
    assert.equal(items[0], 'model/a/second', 'co-liked with their like');
    // niche's co-like neighbour "second": 1 account likes both, niche has 2 likes
    assert.equal(Number(rows[0]?.cf), 0.5);
  });
});

describe('recommend-items: lineage seeds', () => {
  let store: EmbeddedStore;
  before(async () => {
    store = await turtleStore(`
@prefix hkg: <https://w3id.org/huggingkg/ontology#> .
@prefix m: <https://w3id.org/huggingkg/model/> .
@prefix u: <https://w3id.org/huggingkg/user/> .
m:a\\/small a hkg:Model ; hkg:likeCount 3 .
m:a\\/big a hkg:Model ; hkg:likeCount 900 .
m:a\\/huge a hkg:Model ; hkg:likeCount 2000 .
m:b\\/small-ft a hkg:Model ; hkg:derivedFrom m:a\\/small .
m:b\\/big-ft a hkg:Model ; hkg:derivedFrom m:a\\/big .
m:b\\/huge-ft a hkg:Model ; hkg:derivedFrom m:a\\/huge .
u:mainstream a hkg:User ; hkg:likes m:a\\/big, m:a\\/huge .
u:mixed a hkg:User ; hkg:likes m:a\\/small, m:a\\/big .
`);
  });
  after(() => store.close());

  const graphOf = async (user: string) => {
    const { rows } = await runQuery(store, 'recommend-items', { user, kind: 'model' });
    return Object.fromEntries(rows.map((r) => [short(r.item), Number(r.graph)]));
  };

  it('a user whose likes all have more than 500 likes: the least-liked one is the only seed', async () => {
    const graph = await graphOf('user/mainstream');
    assert.equal(graph['model/b/big-ft'], 0.5, JSON.stringify(graph));
    assert.ok(!graph['model/b/huge-ft'], JSON.stringify(graph));
  });

  it('a user with likes of at most 500 likes: only these are seeds', async () => {
    const graph = await graphOf('user/mixed');
    assert.equal(graph['model/b/small-ft'], 0.5, JSON.stringify(graph));
    assert.ok(!graph['model/b/big-ft'], JSON.stringify(graph));
  });
});

describe('recommend-items: the eval fits the popularity weights on validation likes', () => {
  const rows = [
    { item: 'cf-pick', cf: 0.5, social: 0, graph: 0, tasks: 0, popularity: 0 },
    { item: 'popular', cf: 0, social: 0, graph: 0, tasks: 0, popularity: 0.3 },
  ];
  it("reranks by the query's score formula", () => {
    assert.deepEqual(rerankRec(rows, 1, { wPop: 10, wCold: 0 }), ['cf-pick', 'popular']);
    assert.deepEqual(
      rerankRec(rows, 1, { wPop: 10, wCold: 10 }),
      ['popular', 'cf-pick'],
      'few likes: popularity weighs more',
    );
    assert.deepEqual(rerankRec(rows, 1000, { wPop: 10, wCold: 10 }), ['cf-pick', 'popular'], 'many likes: it does not');
  });
  it('chooses weights that put the validation like first', () => {
    const w = fitRecWeights([{ rows, userLikes: 2, valid: new Set(['popular']) }], { wPop: 10, wCold: 0 });
    assert.deepEqual(rerankRec(rows, 2, w)[0], 'popular', JSON.stringify(w));
  });
});
