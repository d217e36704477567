// **service-description** describes the SPARQL endpoint in the SPARQL 1.1 Service Description vocabulary: where it is,
// which language and result formats it speaks, and its default dataset with VoID statistics.

import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { formatOfType } from '../rdf/formats.js';
import { NS } from '../vocab.js';

const { namedNode, literal, quad, blankNode } = DataFactory;

const sd = (local: string) => namedNode(NS.sd + local);
export interface ServiceInfo {
  /** This endpoint's URL as the client reached it. */
  endpoint: string;
  /** Triples in the default graph (the whole store). */
  triples: number;
  /** Media types answered (SELECT/ASK and CONSTRUCT/DESCRIBE together). */
  mediaTypes: readonly string[];
  /** Whether SERVICE calls to allowlisted endpoints are evaluated (an external store with a federation allowlist). */
  federated: boolean;
  /** The site's VoID description, linked with rdfs:seeAlso. */
  voidUrl?: string;
}

export function serviceDescription(info: ServiceInfo): Quad[] {
  const service = namedNode(`${info.endpoint}#service`);
  const dataset = blankNode('dataset');
  const graph = blankNode('defaultGraph');
  const quads: Quad[] = [
    quad(service, namedNode(NS.rdf + 'type'), sd('Service')),
    quad(service, sd('endpoint'), namedNode(info.endpoint)),
    quad(service, sd('supportedLanguage'), sd('SPARQL11Query')),
    quad(service, namedNode(NS.dcterms + 'title'), literal('HuggingKG SPARQL endpoint (read-only)', 'en')),
    quad(service, sd('defaultEntailmentRegime'), namedNode('http://www.w3.org/ns/entailment/Simple')),
  ];
  for (const type of info.mediaTypes) {
    const iri = formatOfType(type)?.iri;
    if (iri) quads.push(quad(service, sd('resultFormat'), namedNode(iri)));
  }
  // Only what holds: an oxigraph (WebAssembly) store cannot call SERVICE endpoints, so federation is claimed only
  // for an external store that the allowlist lets reach others.
  if (info.federated) quads.push(quad(service, sd('feature'), sd('BasicFederatedQuery')));
  quads.push(
    quad(service, sd('defaultDataset'), dataset),
    quad(dataset, namedNode(NS.rdf + 'type'), sd('Dataset')),
    quad(dataset, sd('defaultGraph'), graph),
    quad(graph, namedNode(NS.rdf + 'type'), sd('Graph')),
    quad(graph, namedNode(NS.void + 'triples'), literal(String(info.triples), namedNode(NS.xsd + 'integer'))),
  );
  if (info.voidUrl) quads.push(quad(dataset, namedNode(NS.rdfs + 'seeAlso'), namedNode(info.voidUrl)));
  return quads;
}
