// **hubscale-collections** writes collections.jsonl (GET /api/collections/{slug}: owner, items of four kinds with
// exact per-kind totals) and papers.jsonl (GET /api/papers/{id}: authors, some linked to Hub users).

import {
  DegreeBudget,
  distinctSample,
  Permutation,
  hashInts,
  pickByQuota,
  rngFor,
  streamId,
  type Rng,
} from './hubscale-random.js';
import { hubDates, type PassContext } from './hubscale-common.js';
import { fullName, prose, titleWords } from './hubscale-text.js';

const S = {
  collection: streamId('collection.record'),
  items: streamId('collection.items'),
  paper: streamId('paper.record'),
  authors: streamId('paper.authors'),
};

const ITEM_KINDS = ['model', 'dataset', 'space', 'paper'] as const;
const THEMES = ['orange', 'blue', 'green', 'purple', 'pink', 'indigo'];

export async function writeCollections(ctx: PassContext): Promise<void> {
  const { world, seed, out } = ctx;
  const { nodes, edges } = world.counts;
  const n = nodes.collection;
  const quotas = [
    edges.collection_contain_model,
    edges.collection_contain_dataset,
    edges.collection_contain_space,
    edges.collection_contain_paper,
  ];
  const total = quotas.reduce((a, b) => a + b, 0);
  const sources = Math.min(n, Math.round(total / 3.4));
  const perm = new Permutation(n, hashInts(seed, S.items));
  const budget = new DegreeBudget(total, sources);
  const sizes = [nodes.model, nodes.dataset, nodes.space, nodes.paper];

  for (let c = 0; c < n; c++) {
    const rng = rngFor(seed, S.collection, c);
    const owner = world.collectionOwner(c);
    const degree = perm.apply(c) < sources ? budget.take(rng, 200) : 0;
    // Kind of each item by remaining quotas (exact totals), then distinct Zipf-popular targets per kind.
    const perKind = [0, 0, 0, 0];
    for (let t = 0; t < degree; t++) {
      const k = pickByQuota(rng, quotas);
      if (k < 0) break;
      quotas[k]!--; // pickByQuota returns an index of quotas
      perKind[k]!++;
    }
    const items: Record<string, unknown>[] = [];
    for (let k = 0; k < ITEM_KINDS.length; k++) {
      const count = perKind[k]!;
      if (count === 0) continue;
      const size = sizes[k]!; // one size per item kind
      for (const x of distinctSample(count, size, rng, () => rng.zipf(size, 1))) {
        const kind = ITEM_KINDS[k];
        const id =
          kind === 'model'
            ? world.modelId(x)
            : kind === 'dataset'
              ? world.datasetId(x)
              : kind === 'space'
                ? world.spaceId(x)
                : world.paperId(x);
        items.push({
          _id: rng.objectId(),
          type: kind,
          id,
          position: items.length,
          ...(kind === 'paper' ? {} : { repoType: kind }),
        });
      }
    }
    const ownerName = world.agentName(owner)!;
    const w = out.collections.write({
      slug: world.collectionSlug(c),
      title: titleWords(rng, 2 + rng.int(3)),
      description: rng.chance(0.5) ? prose(rng, 40 + rng.int(160)) : undefined,
      owner: { name: ownerName, type: owner.kind },
      items,
      theme: rng.pick(THEMES),
      private: false,
      upvotes: Math.floor(rng.logNormal(1, 1.5)),
      lastUpdated: hubDates(rng, c, n).lastModified,
    });
    if (w) await w;
    ctx.tick(1);
  }
}

export async function writePapers(ctx: PassContext): Promise<void> {
  const { world, seed, out } = ctx;
  const { nodes, edges } = world.counts;
  const n = nodes.paper;
  const users = nodes.user;
  const sources = Math.min(n, Math.round(edges.user_publish_paper / 1.6));
  const perm = new Permutation(n, hashInts(seed, S.authors));
  const budget = new DegreeBudget(edges.user_publish_paper, sources);
  for (let p = 0; p < n; p++) {
    const rng = rngFor(seed, S.paper, p);
    const authorCount = 1 + rng.geometric(4);
    const linkedCount = perm.apply(p) < sources ? budget.take(rng, Math.min(12, users)) : 0;
    const linked = distinctSample(linkedCount, users, rng, () => rng.zipf(users, 0.9));
    const authors = [];
    for (let a = 0; a < Math.max(authorCount, linked.length); a++) {
      const user = linked[a];
      authors.push(paperAuthor(rng, user !== undefined ? world.userName(user) : undefined));
    }
    const month = p % 120;
    const published = Date.UTC(2015 + Math.floor(month / 12), month % 12, 1 + rng.int(28), rng.int(24), rng.int(60));
    const w = out.papers.write({
      id: world.paperId(p),
      authors,
      publishedAt: new Date(published).toISOString(),
      title: titleWords(rng, 4 + rng.int(6)),
      summary: prose(rng, Math.round(rng.logNormal(900, 0.3))),
      upvotes: Math.floor(rng.logNormal(3, 1.6)),
    });
    if (w) await w;
    ctx.tick(1);
  }
}

function paperAuthor(rng: Rng, user: string | undefined): Record<string, unknown> {
  const name = fullName(rng);
  return {
    _id: rng.objectId(),
    name,
    hidden: false,
    ...(user ? { user: { _id: rng.objectId(), user, fullname: name, type: 'user' } } : {}),
  };
}
