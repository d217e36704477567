// Tests for ontology/context.jsonld: it names every term the graph uses, and compaction with it round-trips
// (N-Triples -> jsonld.fromRDF -> compact -> expand -> toRDF gives the same triples).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { CONTEXT_FILE } from '../../src/paths.js';
import { CLASS, DATA, EVIDENCE, NS, OBJ, STD } from '../../src/vocab.js';

const context = JSON.parse(readFileSync(CONTEXT_FILE, 'utf8')) as { '@context': Record<string, unknown> };
const B = 'https://w3id.org/huggingkg/';
const H = NS.hkg;
const S = NS.schema;
const X = NS.xsd;
const CARD_URL = 'https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/raw/main/README.md';

// A small graph touching every kind of term: classes, object/data properties, typed literals, a qualified derivation.
const graph = `
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${NS.rdf}type> <${H}Model> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}hubId> "meta-llama/Llama-3.1-8B-Instruct" .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${S}name> "Llama-3.1-8B-Instruct" .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${S}url> <https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}downloads> "5795728"^^<${X}integer> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}likeCount> "4411"^^<${X}integer> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${S}dateCreated> "2024-07-18T08:56:00.000Z"^^<${X}dateTime> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${S}dateModified> "2024-09-25T17:00:57.000Z"^^<${X}dateTime> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${S}keywords> "llama-3" .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${S}keywords> "conversational" .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${S}inLanguage> "en" .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${S}license> "llama3.1" .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}spdxLicense> <${NS.spdx}MIT> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}library> "transformers" .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}pipelineTag> "text-generation" .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}task> <${B}task/text-generation> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}fineTunedFrom> <${B}model/meta-llama/Llama-3.1-8B> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}trainedOn> <${B}dataset/stanfordnlp/imdb> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}cites> <${B}paper/2407.21783> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}publishedBy> <${B}org/meta-llama> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${S}description> "The Llama 3.1 collection\\nof models." .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}descriptionTruncated> "true"^^<${X}boolean> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${H}cardUrl> <${CARD_URL}> .
<${B}model/meta-llama/Llama-3.1-8B-Instruct> <${NS.prov}qualifiedDerivation> _:d1 .
_:d1 <${NS.rdf}type> <${H}Derivation> .
_:d1 <${H}baseModel> <${B}model/meta-llama/Llama-3.1-8B> .
_:d1 <${H}derivationType> <${H}fineTunedFrom> .
_:d1 <${H}derivationEvidence> <${H}HubInferred> .
<${B}model/meta-llama/Llama-3.1-8B> <${NS.rdf}type> <${H}Model> .
<${B}model/meta-llama/Llama-3.1-8B> <${H}hubId> "meta-llama/Llama-3.1-8B" .
<${B}model/meta-llama/Llama-3.1-8B> <${S}name> "meta-llama/Llama-3.1-8B" .
<${B}task/text-generation> <${NS.rdf}type> <${H}Task> .
<${B}task/text-generation> <${NS.rdf}type> <${NS.skos}Concept> .
<${B}task/text-generation> <${NS.skos}prefLabel> "Text Generation" .
<${B}task/text-generation> <${NS.skos}broader> <${H}modality-nlp> .
<${B}task/text-generation> <${NS.skos}inScheme> <${H}TaskScheme> .
<${B}paper/2407.21783> <${NS.rdf}type> <${H}Paper> .
<${B}paper/2407.21783> <${H}arxivId> "2407.21783" .
<${B}paper/2407.21783> <${H}authorName> "Abhimanyu Dubey" .
<${B}paper/2407.21783> <${H}upvotes> "12"^^<${X}integer> .
<${B}paper/2407.21783> <${S}datePublished> "2024-07-31T00:00:00.000Z"^^<${X}dateTime> .
<${B}paper/2407.21783> <${H}authoredBy> <${B}user/alice> .
<${B}user/alice> <${NS.rdf}type> <${H}User> .
<${B}user/alice> <${H}username> "alice" .
<${B}user/alice> <${H}likes> <${B}space/alice/demo> .
<${B}user/alice> <${H}follows> <${B}org/meta-llama> .
<${B}user/alice> <${H}memberOf> <${B}org/meta-llama> .
<${B}space/alice/demo> <${H}sdk> "gradio" .
<${B}space/alice/demo> <${H}usesModel> <${B}model/meta-llama/Llama-3.1-8B> .
<${B}space/alice/demo> <${H}usesDataset> <${B}dataset/stanfordnlp/imdb> .
<${B}collection/alice/best-123> <${H}contains> <${B}space/alice/demo> .
<${B}collection/alice/best-123> <${H}ownedBy> <${B}user/alice> .
<${B}collection/alice/best-123> <${H}slug> "alice/best-123" .
<${B}dataset/stanfordnlp/imdb> <${H}sizeCategory> "10K<n<100K" .
<${B}dataset/stanfordnlp/imdb> <${H}format> "parquet" .
<${B}dataset/stanfordnlp/imdb> <${H}dataModality> "text" .
<${B}dataset/stanfordnlp/imdb> <${H}subTask> "sentiment-classification" .
<${B}dataset/stanfordnlp/imdb> <${H}region> "us" .
<${B}dataset/stanfordnlp/imdb> <${S}name> "IMDB"@en .
`;

function canonical(quads: Quad[]): string[] {
  // Blank node labels differ after a round trip; name them by the subject that points at them (one per parent here).
  const parent = new Map<string, string>();
  for (const q of quads)
    if (q.object.termType === 'BlankNode') parent.set(q.object.value, `${q.subject.value} ${q.predicate.value}`);
  const term = (t: Quad['subject'] | Quad['object']) =>
    t.termType === 'BlankNode'
      ? `_:{${parent.get(t.value)}}`
      : t.termType === 'Literal'
        ? JSON.stringify([t.value, t.language, t.datatype.value])
        : `<${t.value}>`;
  return quads.map((q) => `${term(q.subject)} <${q.predicate.value}> ${term(q.object)}`).sort();
}

function parse(nt: string): Quad[] {
  return new Parser({ format: 'N-Triples' }).parse(nt) as Quad[];
}

describe('ontology/context.jsonld', () => {
  it('defines a term for every hkg: class, property and individual and for the reused standard terms', () => {
    const ctx = context['@context'];
    for (const [name, iri] of [
      ...Object.entries(CLASS),
      ...Object.entries(OBJ),
      ...Object.entries(DATA),
      ...Object.entries(EVIDENCE),
    ]) {
      const def = ctx[name];
      const id = typeof def === 'string' ? def : (def as { '@id': string } | undefined)?.['@id'];
      assert.equal(id, 'hkg:' + iri.slice(NS.hkg.length), `context term ${name}`);
    }
    for (const iri of Object.values(STD)) {
      const found = Object.values(ctx).some((def) => {
        const id = typeof def === 'string' ? def : (def as { '@id'?: string })['@id'];
        if (!id?.includes(':')) return false;
        const [prefix = '', local = ''] = id.split(/:(.*)/s);
        return (typeof ctx[prefix] === 'string' ? (ctx[prefix] as string) + local : id) === iri;
      });
      assert.ok(found || iri === NS.rdf + 'type', `no context term for ${iri}`);
    }
  });

  it('round-trips a graph through compaction and expansion with the same triples', async () => {
    const input = parse(graph);
    const expanded = await jsonld.fromRDF(graph, { format: 'application/n-quads' });
    const compacted = await jsonld.compact(expanded, context as never);
    const text = JSON.stringify(compacted['@graph']);
    // The compacted form uses the short terms, not full IRIs, for every property and class.
    assert.doesNotMatch(text, /"https:\/\/w3id\.org\/huggingkg\/ontology#/);
    assert.doesNotMatch(text, /"https:\/\/schema\.org\//);
    const model = (compacted['@graph'] as Record<string, unknown>[]).find(
      (n) => n.id === `${B}model/meta-llama/Llama-3.1-8B-Instruct`,
    )!;
    assert.equal(model.type, 'Model');
    assert.equal(model.downloads, '5795728');
    assert.equal(model.fineTunedFrom, `${B}model/meta-llama/Llama-3.1-8B`);
    assert.equal(model.dateCreated, '2024-07-18T08:56:00.000Z');
    assert.equal(model.spdxLicense, 'spdx:MIT');
    const back = await jsonld.toRDF(await jsonld.expand(compacted), { format: 'application/n-quads' });
    assert.deepEqual(canonical(parse(back as unknown as string)), canonical(input));
    assert.equal(parse(back as unknown as string).length, input.length);
  });
});
