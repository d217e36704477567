// Content negotiation matrix on the real server over the fixture graph (loopback): every route × Accept lists with
// media-type parameters and q-values × every `?format=` name. The expected answers are written out here, by route
// family, not derived from src/rdf/formats.ts, so a change of names or of a route's offer shows up as a failure.

import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/server/app.js';
import { parseRdf, raw, startTestServer, type RawResponse } from '../helpers/server.js';

const TTL = 'text/turtle';
const NT = 'application/n-triples';
const NQ = 'application/n-quads';
const JSONLD = 'application/ld+json';
const RDFXML = 'application/rdf+xml';
const SRJ = 'application/sparql-results+json';
const SRX = 'application/sparql-results+xml';
const CSV = 'text/csv';
const TSV = 'text/tab-separated-values';
const HTML = 'text/html';
const JSON_DOC = 'application/json';

/** The `?format=` names of each format, as documented (README: one table for every route); a media type a format
 *  answers for (as in Accept) is a name too. */
const GRAPH_NAMES: Record<string, string> = {
  ttl: TTL,
  turtle: TTL,
  'text/turtle': TTL,
  'application/x-turtle': TTL,
  nt: NT,
  ntriples: NT,
  'application/n-triples': NT,
  'text/plain': NT,
  nq: NQ,
  nquads: NQ,
  'application/n-quads': NQ,
  jsonld: JSONLD,
  'json-ld': JSONLD,
  json: JSONLD,
  'application/ld+json': JSONLD,
  'application/json': JSONLD,
  rdf: RDFXML,
  rdfxml: RDFXML,
  xml: RDFXML,
  'application/rdf+xml': RDFXML,
  'application/xml': RDFXML,
  'text/xml': RDFXML,
};
const RESULT_NAMES: Record<string, string> = {
  json: SRJ,
  srj: SRJ,
  [SRJ]: SRJ,
  'application/json': SRJ,
  xml: SRX,
  srx: SRX,
  [SRX]: SRX,
  'application/xml': SRX,
  'text/xml': SRX,
  csv: CSV,
  [CSV]: CSV,
  tsv: TSV,
  [TSV]: TSV,
};
const BOOLEAN_NAMES = Object.fromEntries(
  Object.entries(RESULT_NAMES).filter(([, type]) => type === SRJ || type === SRX),
);
const HTML_NAMES: Record<string, string> = { html: HTML, 'text/html': HTML };
const DOCUMENT_NAMES: Record<string, string> = { ...HTML_NAMES, json: JSON_DOC, 'application/json': JSON_DOC };
const JSON_NAMES: Record<string, string> = { json: JSON_DOC, 'application/json': JSON_DOC };
const ALL_NAMES = [
  ...new Set([...Object.keys(GRAPH_NAMES), ...Object.keys(RESULT_NAMES), ...Object.keys(DOCUMENT_NAMES)]),
];

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8';
const COMPACTED = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"';

/** Accept lists for routes that answer RDF only; 406 is written as undefined. */
const GRAPH_ACCEPTS: Array<[string, string | undefined]> = [
  ['text/turtle;charset=utf-8', TTL],
  [COMPACTED, JSONLD],
  ['application/n-triples;charset=utf-8;q=0.4, application/rdf+xml;q=0.8', RDFXML],
  ['application/n-quads;q=1, text/turtle;charset=utf-8;q=0.9', NQ],
  ['text/plain', NT],
  ['*/*;q=0.1', TTL],
  ['image/png, text/csv', undefined],
  ['application/sparql-results+json;charset=utf-8', undefined],
];
const RESULT_ACCEPTS: Array<[string, string | undefined]> = [
  ['application/sparql-results+json;charset=utf-8', SRJ],
  ['application/sparql-results+xml;charset=UTF-8;q=0.9, text/csv;q=0.2', SRX],
  ['text/csv;charset=utf-8;header=present', CSV],
  ['text/tab-separated-values;q=0.5, application/json;q=0.4', TSV],
  ['application/json', SRJ],
  ['*/*', SRJ],
  ['text/turtle;charset=utf-8', undefined],
];
const BOOLEAN_ACCEPTS: Array<[string, string | undefined]> = [
  ['application/sparql-results+json;charset=utf-8', SRJ],
  ['text/csv;q=1, application/sparql-results+xml;charset=utf-8;q=0.5', SRX],
  ['text/csv', undefined],
];
const RDF_OR_HTML_ACCEPTS: Array<[string, string | undefined]> = [
  [BROWSER, HTML],
  ['text/turtle;charset=utf-8', TTL],
  [COMPACTED, JSONLD],
  ['text/html;charset=utf-8;q=0.5, text/turtle;charset=utf-8;q=0.6', TTL],
  ['*/*', TTL],
  ['image/png', undefined],
];
/** Pages and listings answer their first format when Accept fits none (as they always did), so no 406 here. */
const HTML_FIRST_ACCEPTS: Array<[string, string | undefined]> = [
  ['application/json;charset=utf-8', JSON_DOC],
  ['text/html;charset=utf-8', HTML],
  ['application/json;q=0.3, text/html;level=1;q=0.7', HTML],
  ['*/*', HTML],
  ['image/png', HTML],
];
const JSON_FIRST_ACCEPTS: Array<[string, string | undefined]> = [
  ['application/json;charset=utf-8', JSON_DOC],
  ['text/html;q=0.9, application/json;charset=utf-8;q=0.5', HTML],
  [BROWSER, HTML],
  ['*/*', JSON_DOC],
  ['image/png', JSON_DOC],
];
const JSON_ONLY_ACCEPTS: Array<[string, string | undefined]> = [
  ['application/json;charset=utf-8', JSON_DOC],
  [BROWSER, JSON_DOC],
];

const select = `/sparql?query=${encodeURIComponent('SELECT ?s WHERE { ?s ?p ?o } LIMIT 2')}`;
const ask = `/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`;
const construct = `/sparql?query=${encodeURIComponent('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3')}`;

interface Route {
  name: string;
  path: string;
  names: Record<string, string>;
  accepts: Array<[string, string | undefined]>;
  /** Entity IRIs answer 303 to the page or the data document rather than with a body. */
  redirects?: boolean;
}

/** A browser (text/html first) gets a page to read where a machine client gets RDF or results: never a download. */
const withBrowser = (accepts: Array<[string, string | undefined]>): Array<[string, string | undefined]> => [
  ...accepts,
  [BROWSER, HTML],
];

const ROUTES: Route[] = [
  {
    name: 'SPARQL SELECT',
    path: select,
    names: { ...RESULT_NAMES, ...HTML_NAMES },
    accepts: withBrowser(RESULT_ACCEPTS),
  },
  { name: 'SPARQL ASK', path: ask, names: { ...BOOLEAN_NAMES, ...HTML_NAMES }, accepts: withBrowser(BOOLEAN_ACCEPTS) },
  {
    name: 'SPARQL CONSTRUCT',
    path: construct,
    names: { ...GRAPH_NAMES, ...HTML_NAMES },
    accepts: withBrowser(GRAPH_ACCEPTS),
  },
  {
    name: 'SPARQL service description',
    path: '/sparql',
    names: { ...GRAPH_NAMES, ...HTML_NAMES },
    accepts: RDF_OR_HTML_ACCEPTS,
  },
  {
    name: '/data',
    path: '/data/model/gpt2',
    names: { ...GRAPH_NAMES, ...HTML_NAMES },
    accepts: withBrowser(GRAPH_ACCEPTS),
  },
  {
    name: 'entity IRI',
    path: '/model/gpt2',
    names: { ...GRAPH_NAMES, ...HTML_NAMES },
    accepts: RDF_OR_HTML_ACCEPTS,
    redirects: true,
  },
  { name: '/void', path: '/void', names: { ...GRAPH_NAMES, ...HTML_NAMES }, accepts: withBrowser(GRAPH_ACCEPTS) },
  { name: '/ontology', path: '/ontology', names: { ...GRAPH_NAMES, ...HTML_NAMES }, accepts: RDF_OR_HTML_ACCEPTS },
  { name: '/dumps/', path: '/dumps/', names: DOCUMENT_NAMES, accepts: HTML_FIRST_ACCEPTS },
  { name: '/api/queries', path: '/api/queries', names: DOCUMENT_NAMES, accepts: JSON_FIRST_ACCEPTS },
  { name: '/search', path: '/search?q=gpt', names: DOCUMENT_NAMES, accepts: HTML_FIRST_ACCEPTS },
  {
    name: '/api/recommend (JSON only)',
    path: '/api/recommend?user=user/alice&k=2',
    names: JSON_NAMES,
    accepts: JSON_ONLY_ACCEPTS,
  },
];

function withFormat(path: string, value: string | string[]): string {
  const values = typeof value === 'string' ? [value] : value;
  return path + (path.includes('?') ? '&' : '?') + values.map((v) => `format=${encodeURIComponent(v)}`).join('&');
}

const bareType = (r: RawResponse) =>
  String(r.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim();

/** The ?format= key links and Content-Location use for a graph media type. */
const KEY_OF: Record<string, string> = { [TTL]: 'ttl', [NT]: 'nt', [NQ]: 'nq', [JSONLD]: 'jsonld', [RDFXML]: 'rdf' };

async function expectAnswer(r: RawResponse, route: Route, type: string, viaFormat: boolean): Promise<void> {
  if (route.redirects) {
    assert.equal(r.status, 303, r.text);
    const location = String(r.headers.location);
    if (type === HTML) assert.equal(location, '/page/model/gpt2');
    else assert.equal(location, viaFormat ? `/data/model/gpt2?format=${KEY_OF[type]}` : '/data/model/gpt2');
    return;
  }
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.equal(bareType(r), type);
  // A graph answer is that format for a real parser, not only by its label.
  if (KEY_OF[type] !== undefined) assert.ok((await parseRdf(r.text, type, 'http://localhost/')).length > 0);
  if (type === SRJ || type === JSON_DOC) JSON.parse(r.text);
}

describe('content negotiation matrix (routes × Accept with parameters and q-values × ?format= names)', function () {
  this.timeout(120_000);
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server?.close());

  for (const route of ROUTES) {
    describe(route.name, () => {
      for (const [accept, type] of route.accepts) {
        it(`Accept: ${accept} -> ${type ?? 406}`, async () => {
          const r = await raw(server.url, route.path, { headers: { accept } });
          if (type === undefined) {
            assert.equal(r.status, 406, r.text);
            assert.match(String(r.headers['content-type']), /^text\/plain/);
            assert.match(r.text, /^406 /);
          } else {
            await expectAnswer(r, route, type, false);
          }
          assert.match(String(r.headers.vary ?? ''), /Accept/i, 'the answer depends on Accept');
        });
      }

      it('every ?format= name: its format where offered, else 406, whatever Accept says', async () => {
        for (const name of ALL_NAMES) {
          const r = await raw(server.url, withFormat(route.path, name), { headers: { accept: 'image/png' } });
          const type = route.names[name];
          if (type === undefined) assert.equal(r.status, 406, `${name}: ${r.text}`);
          else await expectAnswer(r, route, type, true);
        }
      });

      it('an unknown or repeated ?format= is 400 naming the formats offered', async () => {
        for (const value of ['bogus', ['ttl', 'json']]) {
          const r = await raw(server.url, withFormat(route.path, value));
          assert.equal(r.status, 400, `${String(value)}: ${r.text}`);
          assert.match(r.text, /^400 unknown format .*; use one of: /);
        }
      });
    });
  }
});
