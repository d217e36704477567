// TripleLines (src/validate/triple-lines.ts) against N3's parser: wherever it locates a triple, the subject and object
// IRIs it finds are exactly the parser's; every line it is not sure of is left to the parser.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { FIXTURES_DIR } from '../../src/paths.js';
import { linePieces } from '../../src/validate/rdf-input.js';
import { TripleLines, type LineKind } from '../../src/validate/triple-lines.js';
import { validateFiles } from '../../src/validate/index.js';
import { tempDir } from '../helpers/temp-dirs.js';

/** Each line of `text` with what TripleLines says of it and, for a located triple, the subject and object it found. */
function locateAll(text: string): Array<{ line: string; kind: LineKind; subject?: string; object?: string | null }> {
  const piece = Buffer.from(text);
  const lines = new TripleLines();
  lines.reset(piece);
  const out = [];
  for (let kind = lines.next(); kind !== undefined; kind = lines.next()) {
    const line = lines.text();
    out.push(
      kind === 'triple'
        ? {
            line,
            kind,
            subject: piece.toString('utf8', lines.subjectStart, lines.subjectEnd),
            object: lines.objectStart < 0 ? null : piece.toString('utf8', lines.objectStart, lines.objectEnd),
          }
        : { line, kind },
    );
  }
  return out;
}

const cases: Array<[string, LineKind, string?, (string | null)?]> = [
  ['<http://a/s> <http://a/p> <http://a/o> .', 'triple', 'http://a/s', 'http://a/o'],
  ['<http://a/s><http://a/p><http://a/o>.', 'triple', 'http://a/s', 'http://a/o'],
  ['  <http://a/s>\t<http://a/p> <http://a/o>  .  \r', 'triple', 'http://a/s', 'http://a/o'],
  ['<http://a/s> <http://a/p> "plain" .', 'triple', 'http://a/s', null],
  ['<http://a/s> <http://a/p> "tagged"@en-GB .', 'triple', 'http://a/s', null],
  ['<http://a/s> <http://a/p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .', 'triple', 'http://a/s', null],
  ['<http://a/s> <http://a/p> "a <b> c" .', 'triple', 'http://a/s', null],
  ['<http://a/s> <http://a/p> "x"^^<http://a/dt>.', 'triple', 'http://a/s', null],
  ['<http://a/s> <http://a/p> "quote \\" and \\\\ backslash" .', 'triple', 'http://a/s', null],
  ['<http://a/é/s> <http://a/p> <http://a/中> .', 'triple', 'http://a/é/s', 'http://a/中'],
  ['', 'skip'],
  ['   ', 'skip'],
  ['# a comment', 'skip'],
  ['  # an indented comment', 'skip'],
  ['_:b1 <http://a/p> <http://a/o> .', 'parse'],
  ['<http://a/s> <http://a/p> _:b2 .', 'parse'],
  ['<http://a/s> <http://a/p> "mentions _: in text" .', 'parse'],
  ['<http://a/\\u00E9> <http://a/p> "x" .', 'parse'],
  ['<http://a/s> <http://a/p> <http://a/\\u00E9> .', 'parse'],
  ['<http://a/s> <http://a/p\\u0041> <http://a/o> .', 'parse'],
  ['<http://a/s> <http://a/p> <http://a/o> . # trailing comment', 'parse'],
  ['<http://a/s> <http://a/p> <http://a/o>', 'parse'],
];

describe('TripleLines', () => {
  it('locates subjects and IRI objects, skips blank and comment lines, leaves the rest to the parser', () => {
    const located = locateAll(cases.map((c) => c[0]).join('\n'));
    assert.equal(located.length, cases.length);
    cases.forEach(([line, kind, subject, object], i) => {
      assert.equal(located[i]?.kind, kind, line);
      if (kind === 'triple') {
        assert.equal(located[i]?.subject, subject, line);
        assert.equal(located[i]?.object, object, line);
      }
    });
  });

  it('agrees with N3 on every line it locates in our fixtures (and locates nearly all of them)', () => {
    for (const file of [join(FIXTURES_DIR, 'shacl', 'conforming.nt')]) {
      const text = readFileSync(file, 'utf8');
      let triples = 0;
      for (const l of locateAll(text)) {
        if (l.kind !== 'triple') continue;
        triples++;
        const [q] = new Parser({ format: 'N-Triples' }).parse(l.line);
        assert.ok(q, l.line);
        assert.equal(l.subject, q.subject.value, l.line);
        assert.equal(l.object, q.object.termType === 'NamedNode' ? q.object.value : null, l.line);
      }
      const all = text.split('\n').filter((l) => l.trim()).length;
      assert.ok(triples >= all - 5, `${file}: located ${triples} of ${all} lines`);
    }
  });

  it(
    'gets whole lines ending in a newline from linePieces, even ' +
      'after a last line without one, numbered in the file',
    async () => {
      const file = join(tempDir('hkg-triple-lines-'), 'no-final-newline.nt');
      const text = Array.from({ length: 30_000 }, (_, i) => `<http://a/s${i}> <http://a/p> "${i}" .`).join('\n');
      writeFileSync(file, text);
      const seen: string[] = [];
      for await (const { piece, firstLine } of linePieces(file)) {
        assert.equal(piece[piece.length - 1], 10, 'the piece ends with a newline');
        const lines = new TripleLines();
        lines.reset(piece, firstLine);
        for (let kind = lines.next(); kind !== undefined; kind = lines.next()) {
          assert.equal(lines.line().toString(), lines.text() + '\n');
          assert.equal(lines.text(), `<http://a/s${lines.lineNumber - 1}> <http://a/p> "${lines.lineNumber - 1}" .`);
          seen.push(lines.text());
        }
      }
      assert.equal(seen.join('\n'), text);
    },
  );

  it(
    'lets validation give the same results whether lines are routed ' +
      'as bytes or parsed (comments, CRLF, escapes, blank nodes)',
    async () => {
      const dir = tempDir('hkg-triple-lines-');
      const plain = readFileSync(join(FIXTURES_DIR, 'shacl', 'conforming.nt'), 'utf8')
        // a violation, so the results are not empty: a model's name as an integer
        .replace(
          '<https://schema.org/name> "Llama-3.1-8B-Instruct"',
          '<https://schema.org/name> "5"^^<http://www.w3.org/2001/XMLSchema#integer>',
        );
      const lines = plain.trim().split('\n');
      // The same graph written the hard way: comments, blank lines, CRLF, trailing comments, an escaped character in
      // IRIs.
      const awkward = lines
        .map((l, i) => {
          if (i % 7 === 0) return `# comment ${i}\n\n${l}\r`;
          if (i % 5 === 0) return `${l} # trailing comment`;
          if (i % 3 === 0) return l.replace('<https://w3id.org/huggingkg/', '<https://w3id.org/huggingkg\\u002F');
          return l;
        })
        .join('\n');
      const run = async (name: string, text: string) => {
        const file = join(dir, name);
        writeFileSync(file, text);
        return validateFiles([file], { batchSize: 3, workers: 0 });
      };
      const a = await run('plain.nt', plain);
      const b = await run('awkward.nt', awkward);
      assert.equal(a.conforms, false);
      assert.equal(b.triples, a.triples);
      assert.deepEqual({ ...b, batches: 0 }, { ...a, batches: 0 });
    },
  );
});
