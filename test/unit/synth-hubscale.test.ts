// Tests for `huggingkg synth` (src/synth/hubscale*.ts): counts per kind and relation against the HuggingKG table
// scaled, determinism by seed, references that resolve, heavy-tailed degrees, lineage depth, Hub record shapes.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { synthesize, type SynthResult } from '../../src/synth/hubscale.js';
import { censusSnapshot, type Census } from '../../src/synth/hubscale-census.js';
import { HUGGINGKG_EDGES, HUGGINGKG_NODES, scaledCounts } from '../../src/synth/hubscale-counts.js';
import { Permutation, Rng, Apportioner, DegreeBudget } from '../../src/synth/hubscale-random.js';
import { MAX_LINEAGE_DEPTH } from '../../src/synth/hubscale-models.js';
import { registerSynth } from '../../src/synth/command.js';
import { Command } from 'commander';

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort())
    out[f] = createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  return out;
}

describe('synth: scaled synthetic Hub snapshot', function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'hkg-synth-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const F = 0.005;
  let result: SynthResult;
  let census: Census;
  let dir: string;
  before(async () => {
    dir = tmp();
    result = await synthesize({ scale: F, seed: 42, out: dir });
    census = censusSnapshot(dir);
  });

  it('writes every snapshot file and a manifest naming scale, seed and the expected table', () => {
    for (const f of [
      'models',
      'datasets',
      'spaces',
      'collections',
      'papers',
      'users',
      'organizations',
      'likes',
      'follows',
      'members',
      'tasks',
    ])
      assert.ok((result.lines[`${f}.jsonl`] ?? 0) > 0, `${f}.jsonl has lines`);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.scale, F);
    assert.equal(manifest.seed, 42);
    assert.equal(manifest.expected.edges.user_like_model, Math.round(HUGGINGKG_EDGES.user_like_model * F));
  });

  it('node counts per kind match the HuggingKG table x F (tasks: the fixed 52)', () => {
    for (const [kind, n] of Object.entries(HUGGINGKG_NODES) as [keyof typeof HUGGINGKG_NODES, number][]) {
      const want = kind === 'task' ? 52 : Math.round(n * F);
      assert.ok(
        Math.abs(census.nodes[kind] - want) <= Math.max(1, want * 0.01),
        `${kind}: ${census.nodes[kind]} vs ${want}`,
      );
    }
  });

  it('distinct edge counts per relation, read as the mapper reads them, match the table x F within 2%', () => {
    for (const [name, n] of Object.entries(HUGGINGKG_EDGES) as [keyof typeof HUGGINGKG_EDGES, number][]) {
      const want = Math.round(n * F);
      const got = census.edges[name];
      assert.ok(Math.abs(got - want) <= Math.max(2, want * 0.02), `${name}: ${got} vs ${want}`);
    }
  });

  it('every reference is to an id the snapshot describes (no dangling targets)', () => {
    assert.deepEqual(census.dangling, []);
  });

  it('degrees are heavy-tailed: most models have no likes or derivatives, a few have very many', () => {
    const likes = census.degrees.modelLikes.slice().sort((a, b) => a - b);
    const median = likes[likes.length >> 1];
    const max = likes.at(-1) ?? 0;
    assert.equal(median, 0);
    assert.ok(max >= 100, `top model has ${max} likes`);
    const derivs = [...census.degrees.modelDerivatives.values()].sort((a, b) => b - a);
    const withDerivs = derivs.length;
    assert.ok(withDerivs < census.nodes.model / 4, `${withDerivs} of ${census.nodes.model} models are bases`);
    const [top = 0] = derivs;
    const middle = derivs[derivs.length >> 1] ?? 0;
    assert.ok(top >= 20 * middle, `top base has ${top} derivatives, median base ${middle}`);
    // Likes counted in the model record equal its likers in likes.jsonl.
    const total = census.degrees.modelLikes.reduce((a, b) => a + b, 0);
    assert.equal(total, census.edges.user_like_model);
  });

  it('lineage chains reach depth >= 3 and never exceed the cap', () => {
    const depths = [...census.degrees.lineageDepth.values()];
    const max = Math.max(...depths);
    assert.ok(max >= 3 && max <= MAX_LINEAGE_DEPTH, `max lineage depth ${max}`);
  });

  it('records have the Hub API shapes the mapper reads', () => {
    const models = readFileSync(join(dir, 'models.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const derived = models.find((m) => m.tags.some((t: string) => t.startsWith('base_model:finetune:')));
    assert.ok(derived, 'a fine-tuned model');
    const base = derived.tags
      .find((t: string) => t.startsWith('base_model:finetune:'))
      .slice('base_model:finetune:'.length);
    assert.ok(derived.tags.includes(`base_model:${base}`));
    assert.equal(derived.cardData.base_model, base);
    assert.match(derived.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    assert.equal(typeof derived.readme, 'string');
    assert.match(derived.readme, /^---\n[\s\S]*\n---\n\n# /);
    assert.ok(
      models.every((m) => !m.author || m.id.startsWith(m.author + '/')),
      'author is the id namespace',
    );
    const lengths = models
      .filter((m) => m.readme)
      .map((m) => m.readme.length)
      .sort((a, b) => a - b);
    assert.ok(lengths[lengths.length - 1] > 5 * lengths[lengths.length >> 1], 'card length has a long tail');
    const coll = JSON.parse(readFileSync(join(dir, 'collections.jsonl'), 'utf8').split('\n')[0]!);
    assert.ok(['user', 'org'].includes(coll.owner.type) && coll.slug.startsWith(coll.owner.name + '/'));
    assert.match(coll.slug, /-[0-9a-f]{24}$/);
    const paper = JSON.parse(readFileSync(join(dir, 'papers.jsonl'), 'utf8').split('\n')[0]!);
    assert.match(paper.id, /^\d{4}\.\d{5}$/);
  });

  it('is deterministic: the same seed gives the same bytes, another seed different ones', async () => {
    const a = tmp();
    const b = tmp();
    const c = tmp();
    await synthesize({ scale: 0.002, seed: 7, out: a });
    await synthesize({ scale: 0.002, seed: 7, out: b });
    await synthesize({ scale: 0.002, seed: 8, out: c });
    assert.deepEqual(digest(a), digest(b));
    assert.notEqual(digest(a)['models.jsonl'], digest(c)['models.jsonl']);
  });

  it('--no-readme leaves card text out', async () => {
    const d = tmp();
    await synthesize({ scale: 0.001, seed: 1, out: d, readme: false });
    assert.ok(!readFileSync(join(d, 'models.jsonl'), 'utf8').includes('"readme"'));
  });

  it('the CLI command writes a snapshot and rejects a bad scale with a clear message', async () => {
    const d = tmp();
    const program = new Command().exitOverride();
    registerSynth(program);
    const log = console.log;
    console.log = () => {};
    try {
      await program.parseAsync(['node', 'huggingkg', 'synth', '--scale', '0.001', '--seed', '3', '--out', d]);
    } finally {
      console.log = log;
    }
    assert.ok(readFileSync(join(d, 'models.jsonl'), 'utf8').length > 0);
    const bad = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerSynth(bad);
    await assert.rejects(
      bad.parseAsync(['node', 'huggingkg', 'synth', '--scale', '-1', '--out', d]),
      /--scale must be a positive number/,
    );
  });
});

describe('synth: random building blocks', () => {
  it('Permutation is a bijection of [0, n) for awkward n', () => {
    for (const n of [1, 2, 3, 17, 1000, 4097]) {
      const p = new Permutation(n, 99);
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) seen.add(p.apply(i));
      assert.equal(seen.size, n);
      assert.ok([...seen].every((x) => x >= 0 && x < n));
    }
  });

  it('Apportioner hands out exactly the total; DegreeBudget gives each source >= 1 and the exact total', () => {
    const rng = new Rng(5);
    const w = Array.from({ length: 5000 }, (_, i) => 1 / (i + 1));
    const a = new Apportioner(
      1234,
      w.reduce((x, y) => x + y, 0),
      rng,
    );
    assert.equal(
      w.reduce((s, x) => s + a.take(x), 0),
      1234,
    );
    const b = new DegreeBudget(500, 200);
    const ds = Array.from({ length: 200 }, () => b.take(rng, 1000));
    assert.equal(
      ds.reduce((x, y) => x + y, 0),
      500,
    );
    assert.ok(ds.every((d) => d >= 1));
  });

  it('scaledCounts rejects a bad scale and keeps publishers within the repositories', () => {
    assert.throws(() => scaledCounts(0), /scale must be a positive number/);
    const tiny = scaledCounts(1e-6);
    assert.ok(tiny.edges.user_publish_model + tiny.edges.org_publish_model <= tiny.nodes.model);
    assert.equal(scaledCounts(1).nodes.model, 1_202_732);
  });
});
