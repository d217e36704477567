// **rdf-html** shows RDF to a person, as DBpedia or Virtuoso do: a graph as highlighted Turtle whose IRIs link to this
// site's pages (entities to their page, ontology terms to /ontology, other web IRIs as they are), and SPARQL results
// as table cells with the same links and the ontology's labels. The Turtle is valid Turtle when copied out of the page.

import type { Quad, Term } from '@rdfjs/types';
import { parseEntityIri } from '../iri.js';
import type { JsonTerm } from '../rdf/sparql-results.js';
import { HKG, NS, PREFIXES, XSD, XSD_NUMERIC_TYPES } from '../vocab.js';
import { isWebIri, pagePath, sitePath } from './links.js';
import { ontologyHref, ontologyLabel } from './ontology.js';

const RDF_TYPE = NS.rdf + 'type';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

interface Link {
  href: string;
  external: boolean;
  /** What the site calls it (an ontology term's label, an entity's kind/id). */
  label?: string;
}

/** Where an IRI leads on this site, or outside it when it is another site's web IRI; undefined: not a link. */
export function linkOf(iri: string, base: string): Link | undefined {
  if (iri.startsWith(HKG)) return { href: ontologyHref(iri), external: false, label: ontologyLabel(iri) };
  const ref = parseEntityIri(base, iri);
  if (ref) return { href: pagePath(ref), external: false, label: `${ref.kind}/${ref.id}` };
  const path = sitePath(iri, base);
  if (path) return { href: path, external: false };
  return isWebIri(iri) ? { href: iri, external: true } : undefined;
}

function anchor(link: Link | undefined, inner: string, cls: string, title?: string): string {
  const t = title ? ` title="${escapeHtml(title)}"` : '';
  if (!link) return `<span class="${cls}"${t}>${inner}</span>`;
  const ext = link.external ? ' rel="nofollow noopener noreferrer"' : '';
  return `<a class="${cls}${link.external ? ' external' : ''}" href="${escapeHtml(link.href)}"${ext}${t}>${inner}</a>`;
}

/** A prefixed name Turtle can read back (a local name of letters, digits, _ and -, not starting with -). */
function prefixedName(iri: string): { prefix: string; name: string } | undefined {
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && /^[A-Za-z_][\w-]*$/.test(iri.slice(ns.length)))
      return { prefix, name: `${prefix}:${iri.slice(ns.length)}` };
  }
  return undefined;
}

const STRING_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function turtleString(value: string): string {
  return `"${value.replace(/["\\\n\r\t]/g, (c) => STRING_ESCAPES[c] ?? c)}"`;
}

/** Turtle terms as HTML, noting the prefixes they use. */
class TermWriter {
  readonly used = new Set<string>();
  constructor(private readonly base: string) {}

  iri(iri: string): string {
    const short = prefixedName(iri);
    if (short) this.used.add(short.prefix);
    const link = linkOf(iri, this.base);
    const text = short ? short.name : `<${iri}>`;
    return anchor(
      link,
      escapeHtml(text),
      short ? 'pname' : 'iri',
      link?.label && link.label !== text ? `${link.label} — ${iri}` : iri,
    );
  }

  term(t: Term): string {
    if (t.termType === 'NamedNode') return this.iri(t.value);
    if (t.termType === 'BlankNode') return `<span class="bnode">_:${escapeHtml(t.value)}</span>`;
    if (t.termType !== 'Literal') return escapeHtml(t.value);
    const dt = t.datatype?.value;
    if ((dt === XSD.integer && /^-?\d+$/.test(t.value)) || (dt === XSD.boolean && /^(true|false)$/.test(t.value)))
      return `<span class="lit num">${t.value}</span>`;
    const text = `<span class="lit">${escapeHtml(turtleString(t.value))}</span>`;
    if (t.language) return `${text}<span class="lang">@${escapeHtml(t.language)}</span>`;
    if (!dt || dt === XSD.string) return text;
    return `${text}^^${this.iri(dt)}`;
  }
}

/**
 * A graph as Turtle in HTML (to go inside <pre>): `focus` first, then the other subjects in order of first appearance;
 * one block per subject, its predicates (rdf:type first, as `a`) and their objects.
 */
export function turtleHtml(quads: Quad[], base: string, focus?: string): string {
  const writer = new TermWriter(base);
  const bySubject = new Map<string, { subject: Term; props: Map<string, { predicate: Term; objects: Term[] }> }>();
  for (const q of quads) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    let s = bySubject.get(key);
    if (!s) bySubject.set(key, (s = { subject: q.subject, props: new Map() }));
    let p = s.props.get(q.predicate.value);
    if (!p) s.props.set(q.predicate.value, (p = { predicate: q.predicate, objects: [] }));
    // A graph is a set: a triple listed twice is written once.
    if (!p.objects.some((o) => o.equals(q.object))) p.objects.push(q.object);
  }
  const subjects = [...bySubject.values()];
  const first = subjects.findIndex((s) => s.subject.termType === 'NamedNode' && s.subject.value === focus);
  if (first > 0) subjects.unshift(...subjects.splice(first, 1));
  const blocks = subjects.map(({ subject, props }) => {
    const entries = [...props.values()].sort((a, b) =>
      a.predicate.value === RDF_TYPE ? -1 : b.predicate.value === RDF_TYPE ? 1 : 0,
    );
    const lines = entries.map(({ predicate, objects }) => {
      const p = predicate.value === RDF_TYPE ? '<span class="kw">a</span>' : writer.term(predicate);
      return `    ${p} ${objects.map((o) => writer.term(o)).join(', ')}`;
    });
    return `${writer.term(subject)}\n${lines.join(' ;\n')} .`;
  });
  const prefixes = [...writer.used]
    .sort()
    .map((p) => `<span class="kw">@prefix</span> ${escapeHtml(p)}: ${escapeHtml(`<${PREFIXES[p]}>`)} .`);
  return [...(prefixes.length > 0 ? [prefixes.join('\n')] : []), ...blocks].join('\n\n') + '\n';
}

export interface CellView {
  text: string;
  href?: string;
  external?: boolean;
  title?: string;
  numeric?: boolean;
}

/** A SPARQL JSON results term as a table cell: IRIs by label or short name, linked; literals as their value. */
export function cellView(term: JsonTerm | undefined, base: string): CellView {
  if (!term) return { text: '' };
  if (term.type === 'uri') {
    const link = linkOf(term.value, base);
    const text = link?.label ?? prefixedName(term.value)?.name ?? term.value;
    return link ? { text, href: link.href, external: link.external, title: term.value } : { text, title: term.value };
  }
  if (term.type === 'bnode') return { text: `_:${term.value}` };
  if (term.type !== 'literal' && term.type !== 'typed-literal') return { text: '<< … >>' };
  const dt = term.datatype;
  const numeric = dt !== undefined && XSD_NUMERIC_TYPES.has(dt);
  const shortType = dt && dt !== XSD.string ? (prefixedName(dt)?.name ?? dt) : undefined;
  const lang = term['xml:lang'];
  return { text: term.value, numeric, title: lang ? `@${lang}` : shortType };
}
