// **sparql-examples** lists the example queries offered in the query editor: a few hand-written ones, then every canned
// query of queries/*.rq with its example parameters bound (so each runs as shown).

import { entityIri } from '../iri.js';

export interface SparqlExample {
  name: string;
  title: string;
  query: string;
}

const PREFIXES = `PREFIX hkg: <https://w3id.org/huggingkg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
`;

function handWritten(base: string): SparqlExample[] {
  return [
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
    {
      name: 'describe-model',
      title: 'Everything about one model (CONSTRUCT)',
      query: `${PREFIXES}
CONSTRUCT { ?model ?p ?o }
WHERE {
  BIND(<${entityIri(base, 'model', 'google-bert/bert-base-uncased')}> AS ?model)
  ?model ?p ?o
}`,
    },
  ];
}

/** Hand-written examples, then the canned queries (skipped, not fatal, when the registry cannot be read). */
export async function sparqlExamples(base: string): Promise<SparqlExample[]> {
  const examples = handWritten(base);
  try {
    const { listQueries, prepareQuery } = await import('../queries/registry.js');
    for (const q of listQueries()) {
      try {
        examples.push({ name: q.name, title: q.title, query: prepareQuery(q.name, q.example, base).sparql });
      } catch {
        examples.push({ name: q.name, title: `${q.title} (parameters unbound)`, query: q.sparql });
      }
    }
  } catch {
    // No canned queries (yet): the hand-written examples stand alone.
  }
  return examples;
}
