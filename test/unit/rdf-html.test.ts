// rdf-html (src/server/rdf-html.ts): the Turtle shown to browsers is Turtle (its text, copied out of the page, parses
// back to the same triples), its IRIs link to this site's pages, and result cells show ontology labels.

import assert from 'node:assert/strict';
import { DataFactory, Parser, Writer } from 'n3';
import { cellView, turtleHtml } from '../../src/server/rdf-html.js';
import { DEFAULT_BASE, NS, OBJ, STD, XSD } from '../../src/vocab.js';

const { namedNode, literal, quad } = DataFactory;
const model = namedNode(`${DEFAULT_BASE}model/alice/chat-ft`);
const base = namedNode(`${DEFAULT_BASE}model/org-a/base-llm`);

const QUADS = [
  quad(model, namedNode(STD.type), namedNode(NS.hkg + 'Model')),
  quad(model, namedNode(OBJ.fineTunedFrom), base),
  quad(model, namedNode(STD.name), literal('chat "ft"\nsecond line \\ ä')),
  quad(model, namedNode(STD.description), literal('Bonjour', 'fr')),
  quad(model, namedNode(NS.hkg + 'downloads'), literal('2000', namedNode(XSD.integer))),
  quad(model, namedNode(STD.dateCreated), literal('2024-01-02T00:00:00Z', namedNode(XSD.dateTime))),
  quad(base, namedNode(STD.name), literal('base-llm')),
  quad(base, namedNode(STD.url), namedNode('https://huggingface.co/org-a/base-llm')),
];

/** What a person copies out of the page: the text, without the markup. */
function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const sorted = (quads: Parameters<Writer['quadsToString']>[0]) =>
  new Writer({ format: 'N-Triples' }).quadsToString(quads).split('\n').filter(Boolean).sort();

describe('rdf-html', () => {
  it('writes Turtle that parses back to the same triples, the focus first', () => {
    const html = turtleHtml(QUADS, DEFAULT_BASE, base.value);
    assert.deepEqual(sorted(new Parser().parse(pageText(html))), sorted(QUADS));
    assert.ok(pageText(html).indexOf(`<${base.value}>`) < pageText(html).indexOf(`<${model.value}>`), 'focus first');
  });

  it('links entities to their pages, ontology terms to /ontology, other web IRIs as they are', () => {
    const html = turtleHtml(QUADS, DEFAULT_BASE);
    assert.match(html, /<a class="iri" href="\/page\/model\/org-a\/base-llm"/);
    assert.match(html, /<a class="pname" href="\/ontology#fineTunedFrom"[^>]*>hkg:fineTunedFrom<\/a>/);
    assert.match(html, /<a class="iri external" href="https:\/\/huggingface.co\/org-a\/base-llm" rel="nofollow/);
    assert.doesNotMatch(html, /<script|chat "ft"/, 'markup and quotes in literals are escaped');
  });

  it('shows result cells by label, linked, with the IRI as title', () => {
    assert.deepEqual(cellView({ type: 'uri', value: OBJ.fineTunedFrom }, DEFAULT_BASE), {
      text: 'fine-tuned from',
      href: '/ontology#fineTunedFrom',
      external: false,
      title: OBJ.fineTunedFrom,
    });
    assert.equal(cellView({ type: 'uri', value: model.value }, DEFAULT_BASE).href, '/page/model/alice/chat-ft');
    assert.deepEqual(cellView({ type: 'literal', value: '5', datatype: XSD.integer }, DEFAULT_BASE), {
      text: '5',
      numeric: true,
      title: 'xsd:integer',
    });
  });
});
