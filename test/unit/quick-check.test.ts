// Quick checks (src/validate/quick-check.ts) must never hide a result: where one passes, shacl-engine finds nothing.
// Tested three ways: on seeded random mutations of a conforming Hub graph, the report with quick checks equals the
// report of shacl-engine alone; a quick check declines (and shacl-engine decides) where SHACL semantics need more than
// it looks at; and on our own shapes every shape compiles, so a conforming graph needs no shacl-engine call at all.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFactory, Parser, Store, Writer } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { FIXTURES_DIR, SHAPES_FILE } from '../../src/paths.js';
import { validateFiles, loadShapes } from '../../src/validate/index.js';
import { analyseShapes } from '../../src/validate/shapes.js';
import { compileQuickChecks } from '../../src/validate/quick-check.js';
import { groupBySubject } from '../../src/validate/batch.js';
import { Rng } from '../../src/synth/random.js';
import { tempDir } from '../helpers/temp-dirs.js';

const { namedNode, literal, blankNode, quad } = DataFactory;
const X = 'http://www.w3.org/2001/XMLSchema#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const dir = tempDir('hkg-quick-check-');
const conforming = new Parser({ format: 'N-Triples' }).parse(
  readFileSync(join(FIXTURES_DIR, 'shacl', 'conforming.nt'), 'utf8'),
);

function writeNt(quads: Quad[], name: string): string {
  const file = join(dir, name);
  writeFileSync(file, new Writer({ format: 'N-Triples' }).quadsToString(quads));
  return file;
}

/** Every result of a Turtle validation report, as sorted comparable strings (blank nodes anonymous). */
function reportResults(file: string): string[] {
  const store = new Store(new Parser().parse(readFileSync(file, 'utf8')));
  const SH = 'http://www.w3.org/ns/shacl#';
  const show = (t: Term | undefined) =>
    !t
      ? '-'
      : t.termType === 'BlankNode'
        ? '_:'
        : t.termType === 'Literal'
          ? JSON.stringify([t.value, t.datatype.value])
          : `<${t.value}>`;
  return store
    .getObjects(null, namedNode(SH + 'result'), null)
    .map((r) =>
      ['focusNode', 'resultPath', 'value', 'sourceConstraintComponent', 'sourceShape']
        .map((p) => show(store.getObjects(r, namedNode(SH + p), null)[0]))
        .join(' '),
    )
    .sort();
}

/**
 * A random edit of the graph, of the kinds that break or nearly break our shapes: a literal with another datatype or
 * an ill-typed lexical form, a link to a node of another class (or to no typed node, or a literal, or a blank node),
 * a dropped or duplicated value, a second type, a subclass declared in the data.
 */
function mutate(quads: Quad[], rng: Rng): Quad[] {
  const out = [...quads];
  const subjects = [...new Set(quads.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value))];
  const edits = 2 + rng.int(3);
  for (let e = 0; e < edits; e++) {
    const i = rng.int(out.length);
    const q = out[i]!; // i < out.length
    const o = q.object;
    const replace = (object: Term) => (out[i] = quad(q.subject, q.predicate, object as Quad['object']));
    switch (rng.int(12)) {
      case 0: // another datatype
        if (o.termType === 'Literal')
          replace(
            literal(
              o.value,
              namedNode(X + rng.pick(['string', 'integer', 'dateTime', 'boolean', 'decimal', 'anyURI'])),
            ),
          );
        break;
      case 1: // an ill-typed or out-of-range lexical form, same datatype
        if (o.termType === 'Literal')
          replace(
            literal(rng.pick(['abc', '-5', '', '2024-02-30T00:00:00Z', '1e3', ' 7', 'true']), o.language || o.datatype),
          );
        break;
      case 2: // link to another subject (often of another class)
        if (o.termType === 'NamedNode' && q.predicate.value !== RDF_TYPE) replace(namedNode(rng.pick(subjects)));
        break;
      case 3: // link to an untyped node
        if (o.termType === 'NamedNode') replace(namedNode(o.value + '/elsewhere'));
        break;
      case 4: // an IRI value becomes a literal, or the reverse
        replace(
          o.termType === 'Literal' ? namedNode('https://example.org/' + encodeURIComponent(o.value)) : literal(o.value),
        );
        break;
      case 5: // a blank node value
        replace(blankNode('b' + rng.int(1000)));
        break;
      case 6: // drop the triple
        out.splice(i, 1);
        break;
      case 7: // a second, different value for the same property
        out.push(
          quad(
            q.subject,
            q.predicate,
            o.termType === 'Literal' ? literal(o.value + 'x', o.language || o.datatype) : namedNode(rng.pick(subjects)),
          ),
        );
        break;
      case 8: // a second type
        out.push(
          quad(
            q.subject,
            namedNode(RDF_TYPE),
            namedNode(rng.pick(quads.filter((x) => x.predicate.value === RDF_TYPE)).object.value),
          ),
        );
        break;
      case 9: // the node's class declared a subclass of another in the data graph (sh:class follows it)
        out.push(quad(namedNode(rng.pick(subjects)), namedNode(RDF_TYPE), namedNode('https://example.org/Sub')));
        out.push(
          quad(
            namedNode('https://example.org/Sub'),
            namedNode('http://www.w3.org/2000/01/rdf-schema#subClassOf'),
            namedNode(rng.pick(quads.filter((x) => x.predicate.value === RDF_TYPE)).object.value),
          ),
        );
        break;
      case 10: // the same triple twice (a graph is a set: it counts once)
        out.push(q);
        break;
      default: // a language-tagged value
        if (o.termType === 'Literal') replace(literal(o.value, rng.pick(['en', 'de', 'en-GB'])));
    }
  }
  return out;
}

describe('SHACL quick checks', () => {
  it(
    'compile for every shape of shapes/huggingkg.shacl.ttl, so a ' + 'conforming graph needs no shacl-engine call',
    async () => {
      const shapes = await loadShapes(SHAPES_FILE);
      const checks = compileQuickChecks(
        shapes.store,
        shapes.targets.map((t) => t.shape),
      );
      assert.equal(checks.size, shapes.targets.length, 'shapes without a quick check');
      const summary = await validateFiles([join(FIXTURES_DIR, 'shacl', 'conforming.nt')], { workers: 0 });
      assert.equal(summary.conforms, true);
      assert.equal(summary.engineChecked, 0);
      assert.ok(
        summary.quickChecked! >= summary.focusNodes,
        `${summary.quickChecked} quick-checked of ${summary.focusNodes}`,
      );
    },
  );

  it('reports as shacl-engine alone does on 120 random mutations of a conforming graph @slow', async function () {
    this.timeout(180_000);
    const rng = new Rng(20261126);
    let violating = 0;
    let proven = 0;
    for (let n = 0; n < 120; n++) {
      const file = writeNt(mutate(conforming, rng), `mutant-${n}.nt`);
      const [fast, reference] = [join(dir, `fast-${n}.ttl`), join(dir, `reference-${n}.ttl`)];
      // Batches of 7 focus nodes: link targets' classes come from other batches.
      const a = await validateFiles([file], { workers: 0, batchSize: 7, reportFile: fast });
      const b = await validateFiles([file], { workers: 0, batchSize: 7, reportFile: reference, quickChecks: false });
      assert.equal(b.quickChecked, 0);
      assert.equal(a.conforms, b.conforms, `mutant ${n}: verdict`);
      assert.equal(a.results, b.results, `mutant ${n}: result count`);
      assert.deepEqual(reportResults(fast), reportResults(reference), `mutant ${n}: results`);
      if (!b.conforms) violating++;
      proven += a.quickChecked!;
    }
    assert.ok(violating >= 80, `only ${violating} of 120 mutants violate the shapes`);
    assert.ok(proven > 120 * 10, `quick checks proved only ${proven} (node, shape) pairs`);
  });

  describe('decline where SHACL needs more than they look at', () => {
    const EX = 'http://example.org/';
    const shapesTtl = `
      @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <${X}> . @prefix ex: <${EX}> .
      ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
        sh:property [ sh:path ex:link ; sh:class ex:A ] ;
        sh:property [ sh:path ex:n ; sh:datatype xsd:integer ; sh:maxCount 1 ; sh:minInclusive 0 ] ;
        sh:property [ sh:path ex:code ; sh:pattern "^x" ] .
      ex:Closed a sh:NodeShape ; sh:targetClass ex:Other ; sh:closed true ; sh:ignoredProperties ( <${RDF_TYPE}> ) .`;
    const shapes = analyseShapes(new Store(new Parser().parse(shapesTtl)));
    const checks = compileQuickChecks(
      shapes.store,
      shapes.targets.map((t) => t.shape),
    );
    const check = checks.get(EX + 'S')!;
    const run = (ttl: string) => {
      const quads = new Parser().parse(`@prefix ex: <${EX}> . @prefix xsd: <${X}> . ${ttl}`);
      const graph = groupBySubject(quads);
      const typesOf = (k: string) =>
        graph
          .get(k)
          ?.byPredicate.get(RDF_TYPE)
          ?.map((t) => t.value);
      return check(graph.get(EX + 'x')!, typesOf);
    };

    it('proves the plain conforming case', () => {
      assert.equal(run('ex:x a ex:Thing ; ex:link ex:y ; ex:n 3 ; ex:code "xyz" . ex:y a ex:A .'), true);
    });
    it("a subclass instance (rdfs:subClassOf in the data graph is shacl-engine's to follow)", () => {
      assert.equal(
        run(
          'ex:x a ex:Thing ; ex:link ex:y . ex:y a ex:B . ex:B <http://www.w3.org/2000/01/rdf-schema#subClassOf> ' +
            'ex:A .',
        ),
        false,
      );
    });
    it('proves a repeated triple conforming to sh:maxCount 1 (it is one value)', () => {
      assert.equal(run('ex:x a ex:Thing ; ex:n 3 . ex:x ex:n 3 .'), true);
    });
    it('an ill-typed integer, a value out of range, two values', () => {
      assert.equal(run('ex:x a ex:Thing ; ex:n "abc"^^xsd:integer .'), false);
      assert.equal(run('ex:x a ex:Thing ; ex:n -1 .'), false);
      assert.equal(run('ex:x a ex:Thing ; ex:n 1, 2 .'), false);
    });
    it('a blank node under a pattern, an untyped link target', () => {
      assert.equal(run('ex:x a ex:Thing ; ex:code [] .'), false);
      assert.equal(run('ex:x a ex:Thing ; ex:link ex:nowhere .'), false);
    });
    it('a shape using a constraint it does not know (sh:closed) gets no check', () => {
      assert.equal(checks.has(EX + 'Closed'), false);
      assert.equal(checks.has(EX + 'S'), true);
    });
  });
});
