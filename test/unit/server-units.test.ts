// The server's pure parts, one behaviour per case: card sanitizing, JSON-LD script escaping, SPARQL literal escaping,
// request-path parsing, RDF/XML with blank nodes, format negotiation, lineage layout.

import assert from 'node:assert/strict';
import { DataFactory } from 'n3';
import * as $rdf from 'rdflib';
import { sparqlString } from '../../src/server/describe.js';
import { layoutFamily, PAGE_LIMITS, planFamily } from '../../src/server/lineage-svg.js';
import { renderCard } from '../../src/server/markdown.js';
import { RDF_FORMATS, RDF_OR_HTML } from '../../src/rdf/formats.js';
import { negotiate, withoutParameters } from '../../src/rdf/negotiate.js';
import { toRdfXml } from '../../src/rdf/serialize.js';
import { scriptJson } from '../../src/server/render.js';
import { signalShares } from '../../src/server/pages.js';
import { entityRefFromPath } from '../../src/server/resources.js';
import { OBJ } from '../../src/vocab.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

describe('server units', () => {
  describe('renderCard (markdown -> sanitized HTML)', () => {
    const cases: Array<[string, string, RegExp | null, RegExp | null]> = [
      ['drops <script> and its content', 'a<script>alert(1)</script>b', null, /script|alert/i],
      [
        'drops onerror on an image',
        '<img src="https://x.org/a.png" onerror="alert(1)">',
        /<img src="https:\/\/x.org\/a.png"/,
        /onerror/i,
      ],
      ['drops a javascript: markdown link target', '[x](javascript:alert(1))', /<a[^>]*>x<\/a>/, /javascript:/i],
      [
        'drops a javascript: raw link target and onclick',
        '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
        /<a rel/,
        /javascript:|onclick/i,
      ],
      ['drops entity-encoded javascript: URLs', '<a href="&#106;avascript:alert(1)">x</a>', null, /javascript|href/i],
      ['drops data: image sources', '<img src="data:image/svg+xml;base64,PHN2Zz4=">', null, /data:/i],
      [
        'drops svg, iframe, style and object',
        '<svg onload="alert(1)"></svg><iframe src="x"></iframe><style>*{}</style><object data="x"></object>',
        null,
        /<(svg|iframe|style|object)/i,
      ],
      ['drops style attributes', '<p style="background:url(javascript:alert(1))">p</p>', /<p>p<\/p>/, /style/i],
      ['renders markdown', '**bold** and `code`', /<strong>bold<\/strong> and <code>code<\/code>/, null],
      ['moves headings down a level', '# Title', /<h2>Title<\/h2>/, /<h1/],
      [
        'keeps https links, with rel=nofollow',
        '[hub](https://huggingface.co)',
        /<a href="https:\/\/huggingface.co\/?" rel="nofollow noopener noreferrer">hub<\/a>/,
        null,
      ],
    ];
    for (const [name, input, must, mustNot] of cases) {
      it(name, () => {
        const html = renderCard(input);
        if (must) assert.match(html, must);
        if (mustNot) assert.doesNotMatch(html, mustNot);
      });
    }
    it('resolves relative links and images on the Hub repo', () => {
      const html = renderCard('[f](docs/a.md) ![i](img/x.png)', 'https://huggingface.co/org/m/blob/main/');
      assert.match(html, /href="https:\/\/huggingface.co\/org\/m\/blob\/main\/docs\/a.md"/);
      assert.match(html, /src="https:\/\/huggingface.co\/org\/m\/resolve\/main\/img\/x.png"/);
    });
  });

  it('scriptJson cannot end its <script> element and still parses to the same value', () => {
    const value = { name: '</script><script>alert(1)</script>', other: 'a & b > c \u2028' };
    const text = scriptJson(value);
    assert.doesNotMatch(text, /<|>|&|\u2028/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it('sparqlString escapes quotes, backslashes and line breaks', () => {
    assert.equal(sparqlString('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
  });

  describe('entityRefFromPath', () => {
    const cases: Array<[string, unknown]> = [
      ['model/gpt2', { ref: { kind: 'model', id: 'gpt2' } }],
      ['model/org/name', { ref: { kind: 'model', id: 'org/name' } }],
      ['model/carol/model.v1_%C3%A4', { ref: { kind: 'model', id: 'carol/model.v1_ä' } }],
      ['widget/x', 404],
      ['model', 404],
      ['model/', 404],
      ['model/..%2f..%2fetc%2fpasswd', 400],
      ['model/../x', 400],
      ['model/a//b', 400],
      ['model/%E0%A4%A', 400],
    ];
    for (const [path, expected] of cases) {
      it(`${path} -> ${typeof expected === 'number' ? expected : 'ok'}`, () => {
        const r = entityRefFromPath(path);
        if (typeof expected === 'number') assert.equal((r as { status: number }).status, expected);
        else assert.deepEqual(r, expected);
      });
    }
  });

  it('RDF/XML with a nested blank node reads back as the same triples', async () => {
    const s = namedNode('https://example.org/s');
    const b = blankNode('b1');
    const quads = [
      quad(s, namedNode('https://example.org/p'), b),
      quad(b, namedNode('https://example.org/q'), literal('v')),
      quad(b, namedNode('https://example.org/r'), namedNode('https://example.org/o')),
    ];
    const xml = await toRdfXml(quads);
    assert.doesNotMatch(xml, /parseType="Resource">\s*<rdf:Description/);
    const g = $rdf.graph();
    $rdf.parse(xml, g, 'https://example.org/', 'application/rdf+xml');
    assert.equal(g.statements.length, 3);
    const bnode = g.statements.find((st) => st.predicate.value === 'https://example.org/p')!.object;
    assert.equal(bnode.termType, 'BlankNode');
    assert.equal(g.statements.filter((st) => st.subject.equals(bnode)).length, 2);
  });

  it(
    'RDF/XML keeps blank nodes that form a cycle (dawg-construct-identity: ' + 'rdflib wrote an empty rdf:RDF)',
    async () => {
      const [a, b] = [blankNode('a'), blankNode('b')];
      const p = namedNode('https://example.org/p');
      const xml = await toRdfXml([quad(a, p, b), quad(b, p, a)]);
      const g = $rdf.graph();
      $rdf.parse(xml, g, 'https://example.org/', 'application/rdf+xml');
      assert.equal(g.statements.length, 2, xml);
      const [first, second] = g.statements;
      assert.ok(first && second);
      assert.ok(first.subject.equals(second.object) && first.object.equals(second.subject), 'still a cycle');
    },
  );

  it('RDF/XML refuses a predicate that is no XML name, naming it', async () => {
    await assert.rejects(
      toRdfXml([quad(namedNode('https://example.org/s'), namedNode('https://example.org/'), literal('x'))]),
      /<https:\/\/example.org\/> cannot be written in RDF\/XML/,
    );
  });

  describe('negotiation', () => {
    const cases: Array<[string | undefined, string, string]> = [
      [undefined, 'rdfOrHtml', 'text/turtle'],
      ['*/*', 'rdfOrHtml', 'text/turtle'],
      ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'rdfOrHtml', 'html'],
      ['application/rdf+xml;q=0.9, text/turtle;q=0.3', 'rdfOrHtml', 'application/rdf+xml'],
      ['text/html;q=0', 'rdfOrHtml', 'none'],
      ['application/n-quads', 'rdf', 'application/n-quads'],
      ['text/html', 'rdf', 'none'],
      ['', 'rdf', 'text/turtle'],
      ['text/turtle;charset=utf-8', 'rdf', 'text/turtle'],
      ['application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', 'rdfOrHtml', 'application/ld+json'],
      ['application/ld+json; profile="a,b;c", text/turtle;q=0.5', 'rdf', 'application/ld+json'],
      ['text/turtle;charset=utf-8;q=0.2, application/n-triples;q=0.9', 'rdf', 'application/n-triples'],
      ['text/plain', 'rdf', 'application/n-triples'],
    ];
    for (const [accept, which, expected] of cases) {
      it(`${which} Accept ${JSON.stringify(accept)} -> ${expected}`, () => {
        const c = negotiate(accept, undefined, which === 'rdf' ? RDF_FORMATS : RDF_OR_HTML);
        assert.equal('format' in c ? (c.format.key === 'html' ? 'html' : c.format.mediaType) : 'none', expected);
      });
    }

    it('drops every media-range parameter but q, splitting outside quoted strings only', () => {
      assert.equal(
        withoutParameters('text/turtle;charset=utf-8;q=0.5, a/b ; profile="x,y;z" ; Q = 1'),
        'text/turtle;q=0.5, a/b;Q=1',
      );
    });

    it(
      '?format= names: unknown is bad-format, known but not offered ' + 'is not-acceptable, media types count as names',
      () => {
        const bad = negotiate(undefined, 'bogus', RDF_FORMATS);
        assert.ok('refused' in bad && bad.refused === 'bad-format' && /ttl, nt, nq, jsonld, rdf/.test(bad.message));
        const repeated = negotiate(undefined, ['ttl', 'nt'], RDF_FORMATS);
        assert.ok('refused' in repeated && repeated.refused === 'bad-format');
        const notHere = negotiate(undefined, 'csv', RDF_FORMATS);
        assert.ok('refused' in notHere && notHere.refused === 'not-acceptable');
        for (const [name, type] of [
          ['turtle', 'text/turtle'],
          ['TTL', 'text/turtle'],
          ['text/turtle', 'text/turtle'],
          ['json', 'application/ld+json'],
          ['xml', 'application/rdf+xml'],
        ]) {
          const c = negotiate('image/png', name, RDF_FORMATS);
          assert.equal('format' in c ? c.format.mediaType : c.message, type, name);
        }
      },
    );
  });

  it('lineage layout: bases above what derives from them, one coloured edge per link, a legend per relation', () => {
    const rows = (derived: string, relation: string, base: string, depth: number) => ({
      derived,
      relation,
      base,
      depth,
    });
    const plan = planFamily(
      'm',
      [
        rows('base', OBJ.mergedFrom, 'root', 1),
        rows('m', OBJ.fineTunedFrom, 'base', 2),
        rows('q', OBJ.quantizedFrom, 'm', 3),
      ],
      PAGE_LIMITS,
      false,
    )!;
    const pic = layoutFamily(
      plan,
      (i) => i.toUpperCase(),
      (i) => `/page/model/${i}`,
    );
    const y = (iri: string) => pic.nodes.find((n) => n.iri === iri)!.y;
    assert.ok(y('root') < y('base') && y('base') < y('m') && y('m') < y('q'), 'bases above what derives from them');
    assert.equal(pic.edges.length, 3);
    assert.equal(new Set(pic.edges.map((e) => e.color)).size, 3);
    assert.deepEqual(pic.legend.map((l) => l.label).sort(), ['fine-tuned from', 'merged from', 'quantized from']);
    assert.equal(pic.nodes.find((n) => n.iri === 'm')!.href, undefined, 'the current model is not a link to itself');
    assert.equal(planFamily('m', [], PAGE_LIMITS, false), undefined);
  });
});

describe('signal breakdown on model pages', () => {
  it('lists the non-zero signal shares of a classify-task row, largest first, then by name', () => {
    assert.equal(
      signalShares({ task: 't', score: 13.5, base: 1, tag: 0.5, name: 0, prior: 0.25 }),
      'base=1; tag=0.5; prior=0.25',
    );
    assert.equal(signalShares({ sibling: 0.5, data: 0.5 }), 'data=0.5; sibling=0.5');
    assert.equal(signalShares({ tag: 0.333333 }), 'tag=0.33');
    assert.equal(signalShares({ score: 3, votes: 'base=3' }), '', 'columns other than the signals are ignored');
    assert.equal(signalShares({}), '');
  });
});
