// **formats** is the one table of the formats the project reads and writes: RDF graph formats, SPARQL results formats
// and the two document formats of the site (HTML, JSON), each with its media type, the media types that mean it, its
// `?format=` names, and its dump file extension. Every route, the stores, the dumps and the CLI read it from here.

/** What a format carries: an RDF graph, SPARQL SELECT/ASK results, or a page of the site (HTML, plain JSON). */
export type FormatKind = 'graph' | 'results' | 'document';

export interface Format {
  /** The canonical `?format=` name (the first one listed in links). */
  key: string;
  kind: FormatKind;
  /** The media type answered with. */
  mediaType: string;
  /** Other media types a client may ask for that this format satisfies. */
  aliases: readonly string[];
  /** Other `?format=` names; a media type is accepted as a name too. A name may belong to formats of different
   *  kinds (`json`): a route offers one of them. */
  names: readonly string[];
  label: string;
  /** File extension of a dump in this format (without .gz). */
  extension?: string;
  /** The W3C format IRI (http://www.w3.org/ns/formats/), for service descriptions. */
  iri?: string;
}

const W3C = 'http://www.w3.org/ns/formats/';

export const TURTLE: Format = {
  key: 'ttl',
  kind: 'graph',
  mediaType: 'text/turtle',
  aliases: ['application/x-turtle'],
  names: ['turtle'],
  label: 'Turtle',
  extension: '.ttl',
  iri: W3C + 'Turtle',
};
export const NTRIPLES: Format = {
  key: 'nt',
  kind: 'graph',
  mediaType: 'application/n-triples',
  aliases: ['text/plain'],
  names: ['ntriples'],
  label: 'N-Triples',
  extension: '.nt',
  iri: W3C + 'N-Triples',
};
export const NQUADS: Format = {
  key: 'nq',
  kind: 'graph',
  mediaType: 'application/n-quads',
  aliases: [],
  names: ['nquads'],
  label: 'N-Quads',
  extension: '.nq',
  iri: W3C + 'N-Quads',
};
export const JSONLD: Format = {
  key: 'jsonld',
  kind: 'graph',
  mediaType: 'application/ld+json',
  aliases: ['application/json'],
  names: ['json-ld', 'json'],
  label: 'JSON-LD',
  extension: '.jsonld',
  iri: W3C + 'JSON-LD',
};
export const RDFXML: Format = {
  key: 'rdf',
  kind: 'graph',
  mediaType: 'application/rdf+xml',
  aliases: ['application/xml', 'text/xml'],
  names: ['rdfxml', 'xml'],
  label: 'RDF/XML',
  extension: '.rdf',
  iri: W3C + 'RDF_XML',
};

export const RESULTS_JSON: Format = {
  key: 'json',
  kind: 'results',
  mediaType: 'application/sparql-results+json',
  aliases: ['application/json'],
  names: ['srj'],
  label: 'SPARQL results JSON',
  iri: W3C + 'SPARQL_Results_JSON',
};
export const RESULTS_XML: Format = {
  key: 'xml',
  kind: 'results',
  mediaType: 'application/sparql-results+xml',
  aliases: ['application/xml', 'text/xml'],
  names: ['srx'],
  label: 'SPARQL results XML',
  iri: W3C + 'SPARQL_Results_XML',
};
export const RESULTS_CSV: Format = {
  key: 'csv',
  kind: 'results',
  mediaType: 'text/csv',
  aliases: [],
  names: [],
  label: 'CSV',
  iri: W3C + 'SPARQL_Results_CSV',
};
export const RESULTS_TSV: Format = {
  key: 'tsv',
  kind: 'results',
  mediaType: 'text/tab-separated-values',
  aliases: [],
  names: [],
  label: 'TSV',
  iri: W3C + 'SPARQL_Results_TSV',
};

export const HTML: Format = {
  key: 'html',
  kind: 'document',
  mediaType: 'text/html',
  aliases: [],
  names: [],
  label: 'HTML',
};
export const JSON_DOCUMENT: Format = {
  key: 'json',
  kind: 'document',
  mediaType: 'application/json',
  aliases: [],
  names: [],
  label: 'JSON',
};

// Order matters: for */* (and a missing Accept) the first offered format is chosen, so Turtle comes first.
export const RDF_FORMATS: readonly Format[] = [TURTLE, NTRIPLES, NQUADS, JSONLD, RDFXML];
/** SELECT results, the preferred first. */
export const BINDINGS_FORMATS: readonly Format[] = [RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV];
/** ASK results: SPARQL 1.1 has no CSV/TSV form of a boolean. */
export const BOOLEAN_FORMATS: readonly Format[] = [RESULTS_JSON, RESULTS_XML];

/** Every format, for resolving a `?format=` name that no route offers (400 rather than 406). */
export const ALL_FORMATS: readonly Format[] = [...RDF_FORMATS, ...BINDINGS_FORMATS, HTML, JSON_DOCUMENT];

/** RDF or HTML (entity IRIs, /ontology, /shapes, /sparql without a query): Turtle first so `*\/*` gets RDF, then
 *  HTML for browsers (which rank text/html above *\/*). */
export const RDF_OR_HTML: readonly Format[] = [TURTLE, HTML, ...RDF_FORMATS.slice(1)];

/** Media types of graph results, Turtle first (the answer to `*\/*`). */
export const GRAPH_TYPES: readonly string[] = RDF_FORMATS.map((f) => f.mediaType);
export const BINDINGS_TYPES: readonly string[] = BINDINGS_FORMATS.map((f) => f.mediaType);

/** The format whose own media type is `mediaType` (parameters ignored). */
export function formatOfType(mediaType: string, among: readonly Format[] = ALL_FORMATS): Format | undefined {
  const type = bareType(mediaType);
  return among.find((f) => f.mediaType === type);
}

/** `type/subtype` of a media type or Content-Type value, lower-cased, without parameters. */
export function bareType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** The graph format of a dump file from its name (`huggingkg.nt.gz` is N-Triples); undefined for other files. */
export function dumpFormat(fileName: string): Format | undefined {
  const name = fileName.replace(/\.gz$/, '');
  return RDF_FORMATS.find((f) => f.extension !== undefined && name.endsWith(f.extension));
}

/** The media type a dump file is served with: a .gz file is the gzip bytes themselves, not a transfer encoding. */
export function dumpMediaType(fileName: string): string {
  if (fileName.endsWith('.gz')) return 'application/gzip';
  if (fileName.endsWith('.json')) return JSON_DOCUMENT.mediaType;
  return dumpFormat(fileName)?.mediaType ?? 'application/octet-stream';
}

/** The Content-Type header for a body of `mediaType`: text formats are always UTF-8 here. */
export function contentTypeOf(mediaType: string): string {
  return mediaType === JSONLD.mediaType || mediaType === RDFXML.mediaType || mediaType.startsWith('text/')
    ? `${mediaType}; charset=utf-8`
    : mediaType;
}
