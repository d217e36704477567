// **gen-task-scheme** rewrites the generated SKOS task scheme block of ontology/huggingkg.ttl from @huggingface/tasks.
// Run after `npx tsc -p .` (it reads the compiled vocab, IRI minting and task list):
// `node scripts/gen-task-scheme.mjs`.
// The committed .ttl stays the source of truth; this only keeps the block in step with the library version.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BASE, modalityIri } from '../dist/src/vocab.js';
import { entityIri } from '../dist/src/iri.js';
import { defaultTasks, MODALITIES } from '../dist/src/hub/tasks.js';

const file = fileURLToPath(new URL('../ontology/huggingkg.ttl', import.meta.url));
const BEGIN = '# BEGIN generated task scheme (scripts/gen-task-scheme.mjs; do not edit by hand)';
const END = '# END generated task scheme';

const str = (s) => JSON.stringify(s);
const lines = [];
const tasks = defaultTasks();
for (const m of MODALITIES) {
  const members = tasks.filter((t) => t.modality === m.id).length;
  const comment = `The modality group "${m.label}" of Hub tasks (key ${m.id} in @huggingface/tasks; ${members} tasks).`;
  lines.push(
    `<${modalityIri(m.id)}> a hkg:Modality, skos:Concept, owl:NamedIndividual ;`,
    `    rdfs:label ${str(m.label)}@en ;`,
    `    skos:prefLabel ${str(m.label)}@en ;`,
    `    rdfs:comment ${str(comment)}@en ;`,
    `    skos:notation ${str(m.id)} ;`,
    `    skos:inScheme hkg:TaskScheme ;`,
    `    skos:topConceptOf hkg:TaskScheme ;`,
    `    rdfs:isDefinedBy <https://w3id.org/huggingkg/ontology> .`,
    `hkg:TaskScheme skos:hasTopConcept <${modalityIri(m.id)}> .`,
    '',
  );
}
for (const t of tasks) {
  lines.push(
    `<${entityIri(DEFAULT_BASE, 'task', t.id)}> a hkg:Task, skos:Concept, owl:NamedIndividual ;`,
    `    rdfs:label ${str(t.label)}@en ;`,
    `    skos:prefLabel ${str(t.label)}@en ;`,
    `    skos:notation ${str(t.id)} ;`,
    `    skos:broader <${modalityIri(t.modality)}> ;`,
    `    skos:inScheme hkg:TaskScheme ;`,
    `    rdfs:isDefinedBy <https://w3id.org/huggingkg/ontology> .`,
    '',
  );
}

const text = readFileSync(file, 'utf8');
const start = text.indexOf(BEGIN);
const end = text.indexOf(END);
if (start < 0 || end < start) throw new Error(`${file}: generated-block markers not found`);
writeFileSync(file, text.slice(0, start) + BEGIN + '\n' + lines.join('\n') + text.slice(end));
console.log(`wrote ${MODALITIES.length} modalities and ${tasks.length} tasks into ${file}`);
