// W3C SHACL Core conformance of our validator wrapper: every sht:Validate test of the W3C data-shapes suite
// (copied into test/fixtures/shacl/w3c-core) is run through validateFiles, in one batch and in batches of one
// focus node, and its report compared with the expected one. Quick checks (quick-check.ts) are on, as in every run:
// the suite is also their test, since wherever one proves a node conforming the expected report must agree.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Parser, Store, DataFactory } from 'n3';
import type { Term } from '@rdfjs/types';
import { FIXTURES_DIR } from '../../src/paths.js';
import { validateFiles } from '../../src/validate/index.js';
import { tempDir } from '../helpers/temp-dirs.js';

const { namedNode } = DataFactory;
const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const SHT = 'http://www.w3.org/ns/shacl-test#';
const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const SUITE = join(FIXTURES_DIR, 'shacl', 'w3c-core');
const dir = tempDir('hkg-w3c-');

interface W3cTest {
  name: string;
  data: string;
  shapes: string;
  conforms: boolean;
  results: string[];
}

function load(file: string): Store {
  return new Store(new Parser({ baseIRI: pathToFileURL(file).href }).parse(readFileSync(file, 'utf8')));
}

function one(store: Store, s: Term, p: string): Term | undefined {
  return store.getObjects(s as never, namedNode(p), null)[0];
}

function list(store: Store, head: Term): Term[] {
  const items: Term[] = [];
  for (let n: Term | undefined = head; n && n.value !== RDF + 'nil'; n = one(store, n, RDF + 'rest'))
    items.push(one(store, n, RDF + 'first')!);
  return items;
}

/** A result as a comparable string; blank nodes are anonymous (their labels differ between graphs). */
function tuple(store: Store, r: Term): string {
  const t = (p: string) => {
    const v = one(store, r, SH + p);
    if (!v) return '-';
    if (v.termType === 'BlankNode') return '_:';
    if (v.termType === 'Literal') return JSON.stringify([v.value, v.language, v.datatype.value]);
    return `<${v.value}>`;
  };
  return ['focusNode', 'resultPath', 'value', 'resultSeverity', 'sourceConstraintComponent', 'sourceShape']
    .map(t)
    .join(' ');
}

function collect(manifestFile: string, out: W3cTest[]): void {
  const store = load(manifestFile);
  for (const m of store.getSubjects(namedNode(RDF + 'type'), namedNode(MF + 'Manifest'), null)) {
    for (const inc of store.getObjects(m, namedNode(MF + 'include'), null)) collect(fileURLToPath(inc.value), out);
    for (const head of store.getObjects(m, namedNode(MF + 'entries'), null)) {
      for (const entry of list(store, head)) {
        if (!store.has(DataFactory.quad(entry as never, namedNode(RDF + 'type'), namedNode(SHT + 'Validate'))))
          continue;
        const action = one(store, entry, MF + 'action')!;
        const result = one(store, entry, MF + 'result')!;
        const conforms = one(store, result, SH + 'conforms');
        if (!conforms) continue; // an expected failure of the processor, not a report
        out.push({
          name: manifestFile.slice(SUITE.length + 1).replace(/manifest\.ttl$/, '') + entry.value.replace(/^.*[/#]/, ''),
          data: fileURLToPath(one(store, action, SHT + 'dataGraph')!.value),
          shapes: fileURLToPath(one(store, action, SHT + 'shapesGraph')!.value),
          conforms: conforms.value === 'true',
          results: store
            .getObjects(result, namedNode(SH + 'result'), null)
            .map((r) => tuple(store, r))
            .sort(),
        });
      }
    }
  }
}

/** (focus node, shape) pairs the quick checks proved conforming over the whole suite (they must be exercised). */
let quickChecked = 0;

async function actual(
  t: W3cTest,
  batchSize: number,
  label: string,
): Promise<{ conforms: boolean; results: string[]; whole?: string }> {
  const reportFile = join(dir, `${t.name.replace(/\W+/g, '-')}-${label}.ttl`);
  const summary = await validateFiles([t.data], { shapesFile: t.shapes, reportFile, batchSize });
  const report = load(reportFile);
  const node = report.getSubjects(namedNode(RDF + 'type'), namedNode(SH + 'ValidationReport'), null)[0];
  assert.ok(node, `${reportFile} holds a sh:ValidationReport`);
  const results = report
    .getObjects(node, namedNode(SH + 'result'), null)
    .map((r) => tuple(report, r))
    .sort();
  assert.equal(summary.conforms, one(report, node, SH + 'conforms')?.value === 'true');
  assert.equal(summary.results, results.length);
  quickChecked += summary.quickChecked ?? 0;
  return { conforms: summary.conforms, results, whole: summary.wholeGraphReason };
}

const tests: W3cTest[] = [];
collect(join(SUITE, 'manifest.ttl'), tests);

describe('W3C SHACL Core test suite through validateFiles', () => {
  it('finds the suite (over 90 validation tests)', () => {
    assert.ok(tests.length > 90, `only ${tests.length} tests found`);
  });

  let batched = 0;
  for (const t of tests) {
    it(t.name, async () => {
      const whole = await actual(t, Infinity, 'whole');
      assert.equal(whole.conforms, t.conforms, 'sh:conforms (one batch)');
      assert.deepEqual(whole.results, t.results, 'results (one batch)');
      const small = await actual(t, 1, 'batched');
      if (!small.whole) batched++;
      assert.equal(small.conforms, t.conforms, 'sh:conforms (batches of one)');
      assert.deepEqual(small.results, t.results, 'results (batches of one)');
    });
  }

  it('ran most of the suite in true batches (shapes that stay within a focus node)', () => {
    assert.ok(batched > tests.length / 2, `only ${batched} of ${tests.length} tests were batchable`);
  });

  it("had quick checks prove part of the suite's focus nodes (the expected reports then show they hid nothing)", () => {
    assert.ok(quickChecked >= 100, `quick checks proved only ${quickChecked} (node, shape) pairs`);
  });
});
