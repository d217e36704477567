// **JsonLdDump** streams a graph as one compacted JSON-LD document: `{"@context": ..., "@graph": [node, node, ...]}`,
// one node object per subject. jsonld.compact needs the whole graph in memory, so nodes are compacted here by reading
// the project's @context term definitions; tests check that jsonld.toRDF of the output gives back the same triples.

import type { Quad, Term } from '@rdfjs/types';
import { GzipFile, type FileDigest } from './gzip-file.js';
import { NS } from '../vocab.js';

type ContextValue = string | { '@id'?: string; '@type'?: string; '@container'?: string; '@reverse'?: string };
export type JsonLdContext = Record<string, ContextValue>;

interface TermDef {
  term: string;
  /** '@id' for IRI-valued terms, a datatype IRI for typed literals, undefined for plain strings. */
  type?: string;
}

const RDF_TYPE = NS.rdf + 'type';
const XSD_STRING = NS.xsd + 'string';

/** Compacts one subject's triples into a node object using the term definitions of a JSON-LD context. */
export class NodeCompactor {
  private readonly byIri = new Map<string, TermDef[]>();
  private readonly classTerms = new Map<string, string>();

  constructor(readonly context: JsonLdContext) {
    const vocab = typeof context['@vocab'] === 'string' ? (context['@vocab'] as string) : undefined;
    const expand = (value: string): string => {
      const colon = value.indexOf(':');
      if (colon > 0) {
        const prefix = context[value.slice(0, colon)];
        if (typeof prefix === 'string' && !value.slice(colon + 1).startsWith('//'))
          return prefix + value.slice(colon + 1);
        return value;
      }
      return vocab ? vocab + value : value;
    };
    for (const [term, def] of Object.entries(context)) {
      if (term.startsWith('@')) continue;
      if (typeof def === 'string') {
        const iri = expand(def);
        if (/[#/]$/.test(iri)) continue; // a prefix, not a term
        this.add(iri, { term });
        this.classTerms.set(iri, term);
      } else if (def && typeof def === 'object' && def['@id'] && !def['@reverse'] && !def['@container']) {
        const iri = expand(def['@id']);
        const type =
          def['@type'] === '@id' || def['@type'] === '@vocab' ? '@id' : def['@type'] ? expand(def['@type']) : undefined;
        this.add(iri, { term, type });
      }
    }
  }

  private add(iri: string, def: TermDef): void {
    const list = this.byIri.get(iri) ?? [];
    list.push(def);
    this.byIri.set(iri, list);
  }

  compact(subject: Term, triples: Quad[]): Record<string, unknown> {
    const node: Record<string, unknown> = {
      '@id': subject.termType === 'BlankNode' ? `_:${subject.value}` : subject.value,
    };
    const types: string[] = [];
    const props = new Map<string, unknown[]>();
    for (const q of triples) {
      if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') {
        types.push(this.classTerms.get(q.object.value) ?? q.object.value);
        continue;
      }
      const { key, value } = this.entry(q.predicate.value, q.object);
      const list = props.get(key) ?? [];
      list.push(value);
      props.set(key, list);
    }
    if (types.length) node['@type'] = types.length === 1 ? types[0] : types;
    for (const [key, values] of props) node[key] = values.length === 1 ? values[0] : values;
    return node;
  }

  private entry(predicate: string, object: Term): { key: string; value: unknown } {
    const defs = this.byIri.get(predicate);
    const kind = object.termType === 'Literal' ? literalType(object) : '@id';
    // Prefer a term whose coercion matches the value, so the value can be written as a bare string.
    const exact = defs?.find((d) => (d.type ?? XSD_STRING) === kind);
    if (exact) return { key: exact.term, value: object.termType === 'BlankNode' ? `_:${object.value}` : object.value };
    // Value objects are never coerced, so any term for the predicate works; without one, the full IRI is the key.
    return { key: defs?.[0]?.term ?? predicate, value: valueObject(object) };
  }
}

function literalType(term: Term): string {
  if (term.termType !== 'Literal') return '@id';
  if (term.language) return NS.rdf + 'langString';
  return term.datatype.value;
}

function valueObject(term: Term): Record<string, string> {
  if (term.termType === 'NamedNode') return { '@id': term.value };
  if (term.termType === 'BlankNode') return { '@id': `_:${term.value}` };
  if (term.termType !== 'Literal') throw new Error(`cannot write a ${term.termType} as a JSON-LD value`);
  if (term.language) return { '@value': term.value, '@language': term.language };
  if (term.datatype.value === XSD_STRING) return { '@value': term.value };
  return { '@value': term.value, '@type': term.datatype.value };
}

/** Writes the @graph of a JSON-LD document node by node; quads of one subject must arrive together. */
export class JsonLdDump {
  private readonly file: GzipFile;
  private readonly compactor: NodeCompactor;
  private current: Term | undefined;
  private triples: Quad[] = [];
  private first = true;

  constructor(path: string, context: JsonLdContext) {
    this.file = new GzipFile(path);
    this.compactor = new NodeCompactor(context);
    this.file.write(`{\n"@context": ${JSON.stringify(context)},\n"@graph": [`);
  }

  add(quad: Quad): void {
    if (this.current && !this.current.equals(quad.subject)) this.flush();
    this.current = quad.subject;
    this.triples.push(quad);
  }

  private flush(): void {
    if (!this.current) return;
    const node = this.compactor.compact(this.current, this.triples);
    // A subject seen again later simply gets a second node object; JSON-LD merges nodes with the same @id.
    this.file.write((this.first ? '\n' : ',\n') + JSON.stringify(node));
    this.first = false;
    this.current = undefined;
    this.triples = [];
  }

  drain(): Promise<void> {
    return this.file.drain();
  }

  async close(): Promise<FileDigest> {
    this.flush();
    this.file.write('\n]\n}\n');
    return this.file.close();
  }
}
