// **VoID** describes a build: a void:Dataset that is also a dcat:Dataset, with statistics, class and property
// partitions, and one dcat:Distribution per dump (byte size, sha256, media type). URLs use the canonical base;
// the server rewrites void:sparqlEndpoint and download URLs to where it actually runs.

import { DataFactory, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { CLASS, DATA, HKG, NS } from '../vocab.js';
import { datasetIri } from '../iri.js';
import type { GraphStats } from './stats.js';

const { namedNode, literal, quad } = DataFactory;

export interface DumpFile {
  /** File name inside the build directory, e.g. huggingkg.nt.gz. */
  name: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

export interface VoidOptions {
  base: string;
  created: Date;
  source: string;
  toolVersion: string;
  /** The version of the build-time statistics the dumps carry (src/stats/statistics-version.ts). */
  statisticsVersion?: number;
  dumps: DumpFile[];
}

/** SPDX RDF terms for checksums (the spdx: prefix in vocab.ts is the license list). */
const SPDX_TERMS = 'http://spdx.org/rdf/terms#';

export const DATASET_LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

export { datasetIri };

export function voidQuads(stats: GraphStats, options: VoidOptions): Quad[] {
  const { base } = options;
  const v = (l: string) => namedNode(NS.void + l);
  const d = (l: string) => namedNode(NS.dcat + l);
  const dc = (l: string) => namedNode(NS.dcterms + l);
  const rdfType = namedNode(NS.rdf + 'type');
  const int = (n: number) => literal(String(n), namedNode(NS.xsd + 'integer'));
  const ds = namedNode(datasetIri(base));
  const out: Quad[] = [];
  const add = (s: Quad['subject'], p: Quad['predicate'], o: Quad['object']) => out.push(quad(s, p, o));

  add(ds, rdfType, v('Dataset'));
  add(ds, rdfType, d('Dataset'));
  add(ds, dc('title'), literal('HuggingKG-LD: the Hugging Face Hub as a knowledge graph', 'en'));
  add(
    ds,
    dc('description'),
    literal(
      'Models, datasets, spaces, collections, papers, users, organizations ' +
        'and tasks of the Hugging Face Hub and their ' +
        'relations (lineage, training data, tasks, citations, likes, follows, publishing), as linked data.',
      'en',
    ),
  );
  add(ds, dc('license'), namedNode(DATASET_LICENSE));
  add(ds, dc('source'), literal(options.source));
  add(ds, dc('created'), literal(options.created.toISOString(), namedNode(NS.xsd + 'dateTime')));
  add(ds, namedNode(NS.owl + 'versionInfo'), literal(options.toolVersion));
  if (options.statisticsVersion !== undefined)
    add(ds, namedNode(DATA.statisticsVersion), int(options.statisticsVersion));
  add(ds, v('uriSpace'), literal(base));
  add(ds, v('vocabulary'), namedNode(HKG));
  add(ds, v('sparqlEndpoint'), namedNode(`${base}sparql`));
  add(ds, v('feature'), namedNode('http://www.w3.org/ns/formats/N-Triples'));
  add(ds, v('feature'), namedNode('http://www.w3.org/ns/formats/Turtle'));
  add(ds, v('feature'), namedNode('http://www.w3.org/ns/formats/JSON-LD'));
  add(ds, v('triples'), int(stats.triples));
  add(ds, v('distinctSubjects'), int(stats.distinctSubjects));
  const entityClasses = new Set(Object.values(CLASS));
  const entities = [...stats.classes].filter(([c]) => entityClasses.has(c)).reduce((n, [, k]) => n + k, 0);
  add(ds, v('entities'), int(entities));
  add(ds, v('classes'), int(stats.classes.size));
  add(ds, v('properties'), int(stats.properties.size));

  for (const [cls, count] of [...stats.classes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const part = namedNode(`${base}void#class-${localName(cls)}`);
    add(ds, v('classPartition'), part);
    add(part, v('class'), namedNode(cls));
    add(part, v('entities'), int(count));
    const example = stats.examples.get(cls);
    if (example && entityClasses.has(cls)) add(ds, v('exampleResource'), namedNode(example));
  }
  for (const [prop, count] of [...stats.properties].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const part = namedNode(`${base}void#property-${localName(prop)}`);
    add(ds, v('propertyPartition'), part);
    add(part, v('property'), namedNode(prop));
    add(part, v('triples'), int(count));
  }
  // Renamed repositories: the owl:sameAs links between an old name and the current one, as a linkset within the
  // dataset (both names are this dataset's entities).
  const sameAs = stats.properties.get(NS.owl + 'sameAs');
  if (sameAs) {
    const renames = namedNode(`${base}void#renames`);
    add(ds, v('subset'), renames);
    add(renames, rdfType, v('Linkset'));
    add(renames, v('linkPredicate'), namedNode(NS.owl + 'sameAs'));
    add(renames, v('subjectsTarget'), ds);
    add(renames, v('objectsTarget'), ds);
    add(renames, v('triples'), int(sameAs));
    add(renames, dc('description'), literal("A renamed repository's old name is owl:sameAs its current one.", 'en'));
  }
  for (const dump of options.dumps) {
    const url = namedNode(`${base}dumps/${dump.name}`);
    const dist = namedNode(`${base}void#dump-${dump.name.replace(/[^A-Za-z0-9]+/g, '-')}`);
    if (dump.mediaType === 'application/n-triples') add(ds, v('dataDump'), url);
    add(ds, d('distribution'), dist);
    add(dist, rdfType, d('Distribution'));
    add(dist, d('downloadURL'), url);
    add(dist, d('mediaType'), literal(dump.mediaType));
    add(dist, d('compressFormat'), literal('application/gzip'));
    add(dist, d('byteSize'), literal(String(dump.bytes), namedNode(NS.xsd + 'nonNegativeInteger')));
    const checksum = namedNode(`${dist.value}-sha256`);
    add(dist, namedNode(SPDX_TERMS + 'checksum'), checksum);
    add(checksum, namedNode(SPDX_TERMS + 'algorithm'), namedNode(SPDX_TERMS + 'checksumAlgorithm_sha256'));
    add(checksum, namedNode(SPDX_TERMS + 'checksumValue'), literal(dump.sha256, namedNode(NS.xsd + 'hexBinary')));
  }
  return out;
}

/** A readable, IRI-safe local part for partition IRIs: `Model`, `schema-name`. */
function localName(iri: string): string {
  for (const [prefix, ns] of Object.entries(NS)) {
    if (iri.startsWith(ns) && iri.length > ns.length)
      return `${prefix}-${iri.slice(ns.length)}`.replace(/[^A-Za-z0-9_-]+/g, '-');
  }
  return encodeURIComponent(iri).replace(/%/g, '_');
}

export function voidTurtle(quads: Quad[]): Promise<string> {
  const writer = new Writer({
    prefixes: {
      void: NS.void,
      dcat: NS.dcat,
      dcterms: NS.dcterms,
      xsd: NS.xsd,
      owl: NS.owl,
      hkg: NS.hkg,
      spdx: SPDX_TERMS,
    },
  });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((err, result) => (err ? reject(err) : resolve(result))));
}
