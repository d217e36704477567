// **sparql-examples** lists the example queries offered in the query editor: a few hand-written ones, then every canned
// query of queries/*.rq with its example parameters bound (so each runs as shown). Entities in them come from the
// served graph (query-examples.ts), never from a list written here.

import { entityIri } from '../iri.js';
import type { AppContext } from './context.js';
import { exampleParams } from './query-examples.js';

export interface SparqlExample {
  name: string;
  title: string;
  query: string;
}

const PREFIXES = `PREFIX hkg: <https://w3id.org/huggingkg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
`;

/** `model` is an entity IRI of the served graph to describe, when there is one. */
function handWritten(model: string | undefined): SparqlExample[] {
  const examples: SparqlExample[] = [
    {
      name: 'classes',
      title: 'Entities per class',
      query: `${PREFIXES}
SELECT ?class (COUNT(?entity) AS ?entities)
WHERE { ?entity rdf:type ?class }
GROUP BY ?class
ORDER BY DESC(?entities)`,
    },
    {
      name: 'most-liked-models',
      title: 'Most liked models',
      query: `${PREFIXES}
SELECT ?model ?name (COUNT(?user) AS ?likes)
WHERE {
  ?model a hkg:Model ; schema:name ?name .
  ?user hkg:likes ?model .
}
GROUP BY ?model ?name
ORDER BY DESC(?likes)
LIMIT 20`,
    },
    {
      name: 'fine-tunes',
      title: 'Fine-tuned models and their base models',
      query: `${PREFIXES}
SELECT ?derived ?base
WHERE { ?derived hkg:fineTunedFrom ?base }
LIMIT 50`,
    },
  ];
  if (model) {
    examples.push({
      name: 'describe-model',
      title: 'Everything about one model (CONSTRUCT)',
      query: `${PREFIXES}
CONSTRUCT { ?model ?p ?o }
WHERE {
  BIND(<${model}> AS ?model)
  ?model ?p ?o
}`,
    });
  }
  return examples;
}

/** Hand-written examples, then the canned queries (skipped, not fatal, when the registry cannot be read). */
export async function sparqlExamples(ctx: AppContext, waitMs: number): Promise<SparqlExample[]> {
  const base = ctx.config.base;
  const params = await exampleParams(ctx, waitMs).catch(() => new Map<string, Record<string, string>>());
  // The model related-items was shown with: a popular one of this graph.
  const related = params.get('related-items')?.entity;
  const model = related?.startsWith('model/') ? entityIri(base, 'model', related.slice('model/'.length)) : undefined;
  const examples = handWritten(model);
  try {
    const { listQueries, prepareQuery } = await import('../queries/registry.js');
    for (const q of listQueries()) {
      try {
        const example = params.get(q.name) ?? q.example;
        examples.push({ name: q.name, title: q.title, query: prepareQuery(q.name, example, base).sparql });
      } catch {
        examples.push({ name: q.name, title: `${q.title} (parameters unbound)`, query: q.sparql });
      }
    }
  } catch {
    // No canned queries (yet): the hand-written examples stand alone.
  }
  return examples;
}
