// Tests for src/validate with shapes/huggingkg.shacl.ttl: a hand-made graph conforms; one crafted violation per
// shape and constraint is caught and named; batching, input syntax, gzip and triple order do not change the result.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DataFactory, Parser, Writer } from 'n3';
import { FIXTURES_DIR, ROOT } from '../../src/paths.js';
import {
  blankNodeScope,
  formatSummary,
  GraphIndex,
  validateFiles,
  type ValidationSummary,
} from '../../src/validate/index.js';
import { hasDatatype } from '../../src/validate/xsd.js';
import { tempDir } from '../helpers/temp-dirs.js';

const B = 'https://w3id.org/huggingkg/';
const H = 'https://w3id.org/huggingkg/ontology#';
const S = 'https://schema.org/';
const X = 'http://www.w3.org/2001/XMLSchema#';
const TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const CONFORMING = join(FIXTURES_DIR, 'shacl', 'conforming.nt');
const base = readFileSync(CONFORMING, 'utf8');
const dir = tempDir('hkg-validate-test-');

const LLAMA = `<${B}model/meta-llama/Llama-3.1-8B-Instruct>`;
const IMDB = `<${B}dataset/stanfordnlp/imdb>`;
const ALICE = `<${B}user/alice>`;
const PAPER = `<${B}paper/2407.21783>`;
const COLL = `<${B}collection/alice/best-123>`;

/** An edit of the conforming graph: drop lines matching `drop`, replace `from` by `to`, add `add` lines. */
interface Case {
  name: string;
  drop?: RegExp;
  from?: string;
  to?: string;
  add?: string[];
  expect: { shape: string; path: string; component: string };
}

const cases: Case[] = [
  {
    name: 'missing name',
    drop: new RegExp(`^${esc(LLAMA)} <${esc(S)}name>`),
    expect: g('Model', 'schema:name', 'MinCount'),
  },
  { name: 'two names', add: [`${LLAMA} <${S}name> "Other" .`], expect: g('Model', 'schema:name', 'MaxCount') },
  {
    name: 'name not a string',
    from: '<https://schema.org/name> "imdb"',
    to: `<${S}name> "5"^^<${X}integer>`,
    expect: g('Dataset', 'schema:name', 'Datatype'),
  },
  {
    name: 'missing hubId',
    drop: new RegExp(`^${esc(IMDB)} <${esc(H)}hubId>`),
    expect: g('Dataset', 'hkg:hubId', 'MinCount'),
  },
  { name: 'empty hubId', from: '"alice/demo"', to: '""', expect: g('Space', 'hkg:hubId', 'MinLength') },
  {
    name: 'string downloads',
    from: `"5795728"^^<${X}integer>`,
    to: '"5795728"',
    expect: g('Model', 'hkg:downloads', 'Datatype'),
  },
  {
    name: 'negative likes',
    from: `"4411"^^<${X}integer>`,
    to: `"-4"^^<${X}integer>`,
    expect: g('Model', 'hkg:likeCount', 'MinInclusive'),
  },
  {
    name: 'negative upvotes',
    from: `"7"^^<${X}integer>`,
    to: `"-7"^^<${X}integer>`,
    expect: g('Collection', 'hkg:upvotes', 'MinInclusive'),
  },
  {
    name: 'bad date',
    from: `"2024-07-18T08:56:00.000Z"^^<${X}dateTime>`,
    to: `"2024-13-45T08:56:00Z"^^<${X}dateTime>`,
    expect: g('Model', 'schema:dateCreated', 'Datatype'),
  },
  {
    name: 'date without time',
    from: `"2024-07-31T00:00:00.000Z"^^<${X}dateTime>`,
    to: `"2024-07-31"^^<${X}date>`,
    expect: g('Paper', 'schema:datePublished', 'Datatype'),
  },
  {
    name: 'fineTunedFrom to a Dataset',
    add: [`${LLAMA} <${H}fineTunedFrom> ${IMDB} .`],
    expect: g('Model', 'hkg:fineTunedFrom', 'Class'),
  },
  {
    name: 'trainedOn an untyped node',
    add: [`${LLAMA} <${H}trainedOn> <${B}dataset/nobody/nothing> .`],
    expect: g('Model', 'hkg:trainedOn', 'Class'),
  },
  {
    name: 'bad URL',
    from: '<https://huggingface.co/spaces/alice/demo>',
    to: '<http://example.org/demo>',
    expect: g('Space', 'schema:url', 'Pattern'),
  },
  {
    name: 'URL as a literal',
    from: `<${S}url> <https://huggingface.co/alice>`,
    to: `<${S}url> "https://huggingface.co/alice"`,
    expect: g('User', 'schema:url', 'NodeKind'),
  },
  {
    name: 'bad language',
    from: '<https://schema.org/inLanguage> "pt-BR"',
    to: `<${S}inLanguage> "Brazilian Portuguese"`,
    expect: g('Model', 'schema:inLanguage', 'Pattern'),
  },
  {
    name: 'non-SPDX license IRI',
    from: `<${H}spdxLicense> <http://spdx.org/licenses/MIT>`,
    to: `<${H}spdxLicense> <https://example.org/MIT>`,
    expect: g('Model', 'hkg:spdxLicense', 'Pattern'),
  },
  { name: 'likes a paper', add: [`${ALICE} <${H}likes> ${PAPER} .`], expect: g('User', 'hkg:likes', 'Or') },
  {
    name: 'published by a dataset',
    from: `<${H}publishedBy> <${B}user/alice>`,
    to: `<${H}publishedBy> ${IMDB}`,
    expect: g('Space', 'hkg:publishedBy', 'Or'),
  },
  {
    name: 'space uses a dataset as model',
    add: [`<${B}space/alice/demo> <${H}usesModel> ${IMDB} .`],
    expect: g('Space', 'hkg:usesModel', 'Class'),
  },
  {
    name: 'collection contains a user',
    add: [`${COLL} <${H}contains> ${ALICE} .`],
    expect: g('Collection', 'hkg:contains', 'Or'),
  },
  {
    name: 'bad arXiv id',
    from: `<${H}arxivId> "2407.21783"`,
    to: `<${H}arxivId> "arXiv:2407"`,
    expect: g('Paper', 'hkg:arxivId', 'Pattern'),
  },
  {
    name: 'paper authored by an org',
    add: [`${PAPER} <${H}authoredBy> <${B}org/meta-llama> .`],
    expect: g('Paper', 'hkg:authoredBy', 'Class'),
  },
  {
    name: 'member of a user',
    add: [`${ALICE} <${H}memberOf> <${B}user/bob> .`],
    expect: g('User', 'hkg:memberOf', 'Class'),
  },
  {
    name: 'organization without name',
    drop: new RegExp(`^<${esc(B)}org/stanfordnlp> <${esc(S)}name>`),
    expect: g('Organization', 'schema:name', 'MinCount'),
  },
  {
    name: 'task broader than a task',
    from: `<${B}task/text-classification> <${SKOS}broader> <${H}modality-nlp>`,
    to: `<${B}task/text-classification> <${SKOS}broader> <${B}task/text-generation>`,
    expect: g('Task', 'skos:broader', 'Class'),
  },
  {
    name: 'task in another scheme',
    from: `<${SKOS}inScheme> <${H}TaskScheme>`,
    to: `<${SKOS}inScheme> <${B}scheme/other>`,
    expect: g('Task', 'skos:inScheme', 'In'),
  },
  {
    name: 'derivation of an unknown type',
    from: `<${H}derivationType> <${H}fineTunedFrom>`,
    to: `<${H}derivationType> <${H}likes>`,
    expect: g('Derivation', 'hkg:derivationType', 'In'),
  },
  {
    name: 'derivation without base model',
    drop: new RegExp(`^_:d1 <${esc(H)}baseModel>`),
    expect: g('Derivation', 'hkg:baseModel', 'MinCount'),
  },
  {
    name: 'derivation with unknown evidence',
    from: `<${H}HubInferred>`,
    to: `<${H}Rumour>`,
    expect: g('Derivation', 'hkg:derivationEvidence', 'In'),
  },
  {
    name: 'task-year statistic with a negative count',
    add: [
      `_:ty <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${H}TaskYearStatistic> .`,
      `_:ty <${H}forTask> <${B}task/text-generation> .`,
      `_:ty <${H}year> "2024"^^<${X}integer> .`,
      `_:ty <${H}modelCount> "-1"^^<${X}integer> .`,
      `_:ty <${H}datasetCount> "0"^^<${X}integer> .`,
      `_:ty <${H}yearModelCount> "3"^^<${X}integer> .`,
      `_:ty <${H}yearDatasetCount> "0"^^<${X}integer> .`,
    ],
    expect: g('TaskYearStatistic', 'hkg:modelCount', 'MinInclusive'),
  },
  {
    name: 'link count of zero links',
    add: [
      `<${B}data/model/x#incoming-likes> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${H}IncomingLinkCount> .`,
      `<${B}data/model/x#incoming-likes> <http://rdfs.org/ns/void#property> <${H}likes> .`,
      `<${B}data/model/x#incoming-likes> <http://rdfs.org/ns/void#triples> "0"^^<${X}integer> .`,
    ],
    expect: g('LinkCount', 'void:triples', 'MinInclusive'),
  },
  {
    name: 'co-like neighbour liked together by nobody',
    add: [
      `${LLAMA} <${H}coLikeNeighbour> _:n .`,
      `_:n <${H}coLikedItem> ${IMDB} .`,
      `_:n <${H}coLikes> "0"^^<${X}integer> .`,
    ],
    expect: g('CoLikeNeighbour', 'hkg:coLikes', 'MinInclusive'),
  },
  {
    name: 'statistics version of 0',
    add: [`<${B}void#HuggingKG> <${H}statisticsVersion> "0"^^<${X}integer> .`],
    expect: g('StatisticsVersion', 'hkg:statisticsVersion', 'MinInclusive'),
  },
  {
    name: 'two statistics versions',
    add: [
      `<${B}void#HuggingKG> <${H}statisticsVersion> "1"^^<${X}integer> .`,
      `<${B}void#HuggingKG> <${H}statisticsVersion> "2"^^<${X}integer> .`,
    ],
    expect: g('StatisticsVersion', 'hkg:statisticsVersion', 'MaxCount'),
  },
  {
    name: 'qualified derivation not a Derivation',
    add: [`${LLAMA} <http://www.w3.org/ns/prov#qualifiedDerivation> ${IMDB} .`],
    expect: g('Model', 'prov:qualifiedDerivation', 'Class'),
  },
  {
    name: 'modality top concept of another scheme',
    from: `<${SKOS}topConceptOf> <${H}TaskScheme>`,
    to: `<${SKOS}topConceptOf> <${B}scheme/other>`,
    expect: g('Modality', 'skos:topConceptOf', 'In'),
  },
  {
    name: 'truncation flag not boolean',
    from: `"false"^^<${X}boolean>`,
    to: '"no"',
    expect: g('Model', 'hkg:descriptionTruncated', 'Datatype'),
  },
];

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function g(cls: string, path: string, component: string) {
  return { shape: `hkgsh:${cls}Shape`, path, component: `sh:${component}ConstraintComponent` };
}

function apply(c: Case, text = base): string {
  let lines = text.split('\n').filter((l) => l.trim());
  if (c.drop) {
    const before = lines.length;
    lines = lines.filter((l) => !c.drop!.test(l));
    assert.ok(lines.length < before, `${c.name}: nothing dropped`);
  }
  if (c.from !== undefined) {
    const i = lines.findIndex((l) => l.includes(c.from!));
    assert.ok(i >= 0, `${c.name}: ${c.from} not found`);
    lines[i] = lines[i]!.replace(c.from, c.to!); // i >= 0 was asserted
  }
  return [...lines, ...(c.add ?? [])].join('\n') + '\n';
}

function write(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Groups as comparable strings (the example focus node may differ between runs only if the order does). */
function groups(s: ValidationSummary): string[] {
  return s.groups
    .map((x) => `${x.shape} ${x.path} ${x.severity} ${(x as { component?: string }).component} ×${x.count}`)
    .sort();
}

describe('SHACL validation (shapes/huggingkg.shacl.ttl)', () => {
  it('accepts a hand-made graph with every class and relation', async () => {
    const summary = await validateFiles([CONFORMING]);
    assert.equal(summary.conforms, true, formatSummary(summary));
    assert.equal(summary.results, 0);
    assert.equal(summary.focusNodes, 15);
    assert.equal(summary.triples, base.trim().split('\n').length);
  });

  describe('rejects a crafted violation of each shape', () => {
    for (const c of cases) {
      it(c.name, async () => {
        const summary = await validateFiles([write(`case-${c.name.replace(/\W+/g, '-')}.nt`, apply(c))]);
        assert.equal(summary.conforms, false, `${c.name} was accepted`);
        // The expected (shape, path, component) is reported, and nothing outside that shape and path.
        const found = summary.groups.map((x) => ({
          shape: x.shape,
          path: x.path,
          component: (x as { component?: string }).component,
        }));
        assert.ok(
          found.some((x) => x.component === c.expect.component),
          formatSummary(summary),
        );
        for (const x of found)
          assert.deepEqual([x.shape, x.path], [c.expect.shape, c.expect.path], formatSummary(summary));
        assert.equal(summary.groups[0]?.severity, 'sh:Violation');
        const group = summary.groups[0];
        assert.ok(group && group.example.focusNode.length > 0 && group.example.message.length > 0);
      });
    }
  });

  it('covers every node shape of the shapes file with at least one violation case', () => {
    const shapesText = readFileSync(join(ROOT, 'shapes', 'huggingkg.shacl.ttl'), 'utf8');
    const nodeShapes = [...shapesText.matchAll(/^hkgsh:(\w+Shape) a sh:NodeShape/gm)].map((m) => `hkgsh:${m[1]}`);
    assert.equal(nodeShapes.length, 14);
    for (const s of nodeShapes)
      assert.ok(
        cases.some((c) => c.expect.shape === s),
        `no violation case for ${s}`,
      );
  });

  // All violations at once, so batches split the offending entities differently ('two names' would undo 'missing
  // name').
  const combined = cases.filter((c) => c.name !== 'two names');
  const all = combined.reduce((text, c) => apply(c, text), base);

  it('gives the same results in one batch, in batches of 1 and 4, and reports every violation', async () => {
    const file = write('all.nt', all);
    const one = await validateFiles([file], { batchSize: Infinity });
    assert.equal(one.batches, 1);
    assert.equal(one.conforms, false);
    for (const c of combined) {
      assert.ok(
        one.groups.some((x) => x.shape === c.expect.shape && x.path === c.expect.path),
        `${c.name} missing from the combined run`,
      );
    }
    for (const batchSize of [1, 4]) {
      const batched = await validateFiles([file], { batchSize });
      assert.ok(batched.batches! > 1);
      assert.deepEqual(groups(batched), groups(one), `batch size ${batchSize}`);
      assert.equal(batched.results, one.results);
      assert.equal(batched.focusNodes, one.focusNodes);
    }
  });

  it('reads .nt.gz, Turtle and shuffled (non-contiguous) input with the same result', async () => {
    const reference = groups(await validateFiles([write('all2.nt', all)], { batchSize: 3 }));
    const gz = await validateFiles([write('all.nt.gz', gzipSync(all))], { batchSize: 3 });
    assert.deepEqual(groups(gz), reference);
    const quads = new Parser({ format: 'N-Triples' }).parse(all);
    const turtle = new Writer({ prefixes: { hkg: H, schema: S } });
    // Reverse order: subjects interleave, so the validator must spill batches instead of streaming them.
    const shuffled = [...quads].reverse();
    turtle.addQuads(shuffled);
    const ttl = await new Promise<string>((resolve, reject) => turtle.end((e, r) => (e ? reject(e) : resolve(r))));
    assert.deepEqual(groups(await validateFiles([write('all.ttl', ttl)], { batchSize: 3 })), reference);
    assert.deepEqual(groups(await validateFiles([write('all.ttl.gz', gzipSync(ttl))], { batchSize: 3 })), reference);
    const nt = shuffled
      .map((q) => new Writer({ format: 'N-Triples' }).quadToString(q.subject, q.predicate, q.object))
      .join('');
    assert.deepEqual(groups(await validateFiles([write('shuffled.nt', nt)], { batchSize: 2 })), reference);
  });

  it('gives the same summary and report with 0, 1 and 3 worker threads, for streamed and spilled batches', async () => {
    const quads = new Parser({ format: 'N-Triples' }).parse(all);
    // Half the subjects contiguous, half scattered (their triples interleaved), so both kinds of batch occur.
    const half = Math.floor(quads.length / 2);
    const writer = new Writer({ format: 'N-Triples' });
    const line = (q: (typeof quads)[number]) => writer.quadToString(q.subject, q.predicate, q.object);
    const mixed = quads.slice(0, half).map(line).join('') + [...quads.slice(half)].reverse().map(line).join('');
    for (const [name, text] of [
      ['contiguous.nt', all],
      ['mixed.nt', mixed],
    ] as const) {
      const file = write(name, text);
      const run = async (workers: number) => {
        const reportFile = join(dir, `${name}-${workers}.ttl`);
        const summary = await validateFiles([file], { batchSize: 2, workers, reportFile });
        return { summary, report: readFileSync(reportFile, 'utf8') };
      };
      const inline = await run(0);
      assert.equal(inline.summary.conforms, false);
      assert.ok(inline.summary.batches! > 3, name);
      for (const workers of [1, 3]) {
        const threaded = await run(workers);
        assert.deepEqual(threaded.summary, inline.summary, `${name}, ${workers} workers`);
        assert.equal(threaded.report, inline.report, `${name}, ${workers} workers`);
      }
    }
  });

  it(
    'gives the same summary and report when the caller did pass ' + '1 while writing the file (as the build does)',
    async () => {
      const quads = new Parser({ format: 'N-Triples' }).parse(all);
      assert.ok(
        quads.some((q) => q.subject.termType === 'BlankNode'),
        'the graph should have blank nodes (keyed per file)',
      );
      const half = Math.floor(quads.length / 2);
      const ordered = [...quads.slice(0, half), ...quads.slice(half).reverse()];
      const file = write('indexed.nt', new Writer({ format: 'N-Triples' }).quadsToString(ordered));
      const graphIndex = await GraphIndex.forShapes(undefined, blankNodeScope(0));
      for (const q of ordered) graphIndex.add(q);
      const run = async (label: string, options: { graphIndex?: GraphIndex }) => {
        const reportFile = join(dir, `indexed-${label}.ttl`);
        const summary = await validateFiles([file], { batchSize: 2, workers: 0, reportFile, ...options });
        return { summary, report: readFileSync(reportFile, 'utf8') };
      };
      const read = await run('read', {});
      const given = await run('given', { graphIndex });
      assert.equal(read.summary.conforms, false);
      assert.deepEqual(given.summary, read.summary);
      assert.equal(given.report, read.report);
    },
  );

  it('also cuts batches at a triple budget, streamed and spilled, with the same results', async () => {
    const quads = new Parser({ format: 'N-Triples' }).parse(all);
    const half = Math.floor(quads.length / 2);
    const file = write(
      'budget.nt',
      new Writer({ format: 'N-Triples' }).quadsToString([...quads.slice(0, half), ...quads.slice(half).reverse()]),
    );
    const bySubjects = await validateFiles([file], { batchSize: 4, workers: 0 });
    const byTriples = await validateFiles([file], { batchSize: 4, workers: 0, maxBatchTriples: 5 });
    assert.ok(byTriples.batches! > bySubjects.batches! + 5, `${byTriples.batches} vs ${bySubjects.batches} batches`);
    // Batch boundaries order the results differently (each batch lists them shape by shape): compare them as sets.
    assert.equal(byTriples.results, bySubjects.results);
    assert.equal(byTriples.focusNodes, bySubjects.focusNodes);
    assert.deepEqual(groups(byTriples), groups(bySubjects));
  });

  it(
    'takes text outside the BMP as xsd:string (rdf-validation 0.1.1 ' +
      'did not), and not controls or lone surrogates, with or without ' +
      'quick checks',
    async () => {
      const named = (name: string) =>
        write('text.nt', base.replace('<https://schema.org/name> "imdb"', `<${S}name> "${name}"`));
      for (const quickChecks of [true, false]) {
        for (const ok of ['imdb \u{1F917}\u{1F4DA} 数据 данные', 'imdb \\U0001F600']) {
          const s = await validateFiles([named(ok)], { workers: 0, quickChecks });
          assert.equal(s.conforms, true, `${ok}: ${formatSummary(s)}`);
        }
        // (N-Triples cannot spell a lone surrogate: those are tested on xsd.ts below.)
        for (const bad of ['nul \\u0000', 'bell \\u0007', 'fffe \\uFFFE', 'ffff \\uFFFF']) {
          const s = await validateFiles([named(bad)], { workers: 0, quickChecks });
          const expected = g('Dataset', 'schema:name', 'Datatype');
          assert.deepEqual(
            s.groups.map((x) => [x.shape, x.path, x.component, x.count]),
            [[expected.shape, expected.path, expected.component, 1]],
            bad,
          );
        }
      }
    },
  );

  it('xsd.ts: xsd:string is XML 1.0 characters by code point (emoji yes; controls, U+FFFE, lone surrogates no)', () => {
    const string = (v: string) => hasDatatype(DataFactory.literal(v), X + 'string');
    for (const ok of ['', 'plain', '\u{1F917}', 'a\u{10FFFF}b', 'tab\tnl\ncr\r', '\ud7ff\ue000\ufffd'])
      assert.equal(string(ok), true, JSON.stringify(ok));
    for (const bad of ['\u0000', '\u0008', '\u001f', '\ufffe', '\uffff', '\ud800', 'x\udc00', '\ud83d', '\udfff\ud800'])
      assert.equal(string(bad), false, JSON.stringify(bad));
    // Other datatypes keep rdf-validation's checks.
    assert.equal(hasDatatype(DataFactory.literal('12', DataFactory.namedNode(X + 'integer')), X + 'integer'), true);
    assert.equal(hasDatatype(DataFactory.literal('1.5', DataFactory.namedNode(X + 'integer')), X + 'integer'), false);
  });

  it('also cuts batches at a byte budget, with the same results', async () => {
    const file = write('bytes.nt', all);
    const bySubjects = await validateFiles([file], { batchSize: 4, workers: 0 });
    const byBytes = await validateFiles([file], { batchSize: 4, workers: 0, maxBatchBytes: 300 });
    assert.ok(byBytes.batches! > bySubjects.batches!, `${byBytes.batches} vs ${bySubjects.batches} batches`);
    assert.equal(byBytes.results, bySubjects.results);
    assert.deepEqual(groups(byBytes), groups(bySubjects));
  });

  it(
    'splits a batch whose worker ran out of heap down to the subject ' +
      'too big, reports it, validates the rest, and does not say it ' +
      'conforms',
    async () => {
      // One subject with 200,000 triples: far more than a 40 MB worker heap holds parsed.
      const big = Array.from(
        { length: 200_000 },
        (_, i) => `${LLAMA} <${S}keywords> "keyword ${i} ${'x'.repeat(100)}" .\n`,
      ).join('');
      const file = write('oom.nt', base + big);
      const s = await validateFiles([file], {
        batchSize: 8,
        workers: 1,
        workerHeapMb: 40,
        reportFile: join(dir, 'oom-report.ttl'),
      });
      assert.equal(s.conforms, false);
      assert.equal(s.results, 0);
      assert.deepEqual(s.unvalidated?.examples, [LLAMA.slice(1, -1)]);
      assert.match(s.unvalidated!.reason, /ran out of its 40 MB heap/);
      assert.equal(s.unvalidated?.focusNodes, 1);
      const reference = await validateFiles([CONFORMING], { workers: 0 });
      assert.equal(
        s.quickChecked! + s.engineChecked!,
        reference.quickChecked! + reference.engineChecked! - 1,
        'every (node, shape) pair but that of the lost node validated',
      );
      assert.match(formatSummary(s), /NOT VALIDATED: 1 focus nodes in 1 batch/);
      const report = readFileSync(join(dir, 'oom-report.ttl'), 'utf8');
      assert.match(report, /sh:conforms false/);
      assert.ok(report.includes(`were not validated`) && report.includes(LLAMA.slice(1, -1)));
    },
  );

  it('rejects a bad worker count', async () => {
    await assert.rejects(validateFiles([CONFORMING], { workers: -1 }), /workers must be a non-negative integer/);
  });

  it('validates several files as one graph (a link target typed in another file)', async () => {
    const lines = base.trim().split('\n');
    const gpt2 = lines.filter((l) => l.startsWith(`<${B}model/gpt2>`));
    const rest = lines.filter((l) => !l.startsWith(`<${B}model/gpt2>`));
    const summary = await validateFiles(
      [write('part1.nt', rest.join('\n') + '\n'), write('part2.nt.gz', gzipSync(gpt2.join('\n') + '\n'))],
      { batchSize: 2 },
    );
    assert.equal(summary.conforms, true, formatSummary(summary));
    const alone = await validateFiles([write('part1-alone.nt', rest.join('\n') + '\n')]);
    assert.equal(alone.conforms, false, 'links to gpt2 should fail sh:class without its type triple');
  });

  it('writes a sh:ValidationReport in Turtle, capped, with the total noted', async () => {
    const reportFile = join(dir, 'report.ttl');
    const summary = await validateFiles([write('all3.nt', all)], { reportFile, maxReportResults: 3 });
    const quads = new Parser().parse(readFileSync(reportFile, 'utf8'));
    const sh = 'http://www.w3.org/ns/shacl#';
    assert.equal(quads.find((q) => q.predicate.value === sh + 'conforms')?.object.value, 'false');
    assert.equal(quads.filter((q) => q.predicate.value === sh + 'result').length, 3);
    assert.ok(quads.some((q) => q.object.value === `${summary.results} results in total; the first 3 are listed.`));
    for (const p of ['focusNode', 'resultSeverity', 'sourceConstraintComponent', 'sourceShape', 'resultPath']) {
      assert.equal(quads.filter((q) => q.predicate.value === sh + p).length, 3, p);
    }
    const ok = join(dir, 'ok-report.ttl');
    await validateFiles([CONFORMING], { reportFile: ok });
    assert.match(readFileSync(ok, 'utf8'), /sh:conforms true/);
    assert.equal(quads.filter((q) => q.predicate.value === TYPE).length > 0, true);
  });

  it(
    'falls back to whole-graph validation for shapes that look beyond ' + 'a focus node, with the same verdict',
    async () => {
      const shapes = write(
        'inverse.shacl.ttl',
        `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix hkg: <${H}> .
      <urn:s> a sh:NodeShape ; sh:targetClass hkg:Organization ;
        sh:property [ sh:path [ sh:inversePath hkg:publishedBy ] ; sh:minCount 1 ] .`,
      );
      const summary = await validateFiles([CONFORMING], { shapesFile: shapes, batchSize: 2 });
      assert.match(summary.wholeGraphReason ?? '', /complex property path/);
      assert.equal(summary.batches, 1);
      // meta-llama publishes the model, stanfordnlp the dataset: both conform; remove one publisher link and one fails.
      assert.equal(summary.conforms, true, formatSummary(summary));
      const broken = await validateFiles(
        [
          write(
            'no-publisher.nt',
            apply({ name: 'x', drop: new RegExp(`^${esc(IMDB)} <${esc(H)}publishedBy>`), expect: g('', '', '') }),
          ),
        ],
        { shapesFile: shapes },
      );
      assert.equal(broken.results, 1);
      assert.equal(broken.groups[0]?.example.focusNode, `${B}org/stanfordnlp`);
    },
  );

  it('names the file and line of malformed input and rejects unknown file types', async () => {
    const bad = write('bad.nt', base + `<${B}model/x> <${S}name> "unterminated .\n`);
    await assert.rejects(
      validateFiles([bad]),
      (err: Error) => err.message.includes('bad.nt') && /line \d+/.test(err.message),
    );
    await assert.rejects(validateFiles([write('graph.rdf', '<x/>')]), /graph\.rdf: unknown RDF file type/);
    await assert.rejects(validateFiles([]), /no input files/);
  });

  it('huggingkg validate prints the summary and exits 65 when the graph does not conform', async () => {
    const run = promisify(execFile);
    const cli = join(ROOT, 'dist', 'src', 'cli.js');
    const ok = await run(process.execPath, [cli, 'validate', CONFORMING]);
    assert.match(ok.stdout, /SHACL validation: conforms/);
    const report = join(dir, 'cli-report.ttl');
    const failing = write('cli-bad.nt', apply(cases[0]!));
    await assert.rejects(
      run(process.execPath, [cli, 'validate', failing, '--report', report]),
      (err: { code: number; stdout: string }) => {
        assert.equal(err.code, 65);
        assert.match(err.stdout, /does NOT conform: 1 result/);
        assert.match(err.stdout, /hkgsh:ModelShape schema:name MinCount/);
        return true;
      },
    );
    assert.match(readFileSync(report, 'utf8'), /sh:conforms false/);
  });
});
