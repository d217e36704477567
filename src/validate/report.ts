// **report** gathers validation results from many batches into one sh:ValidationReport: a capped list of result
// records for the Turtle report, and per (shape, path, severity, component) counts for the human summary.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DataFactory, Writer, type Store } from 'n3';
import type { Literal, Quad, Term } from '@rdfjs/types';
import type { ShaclResult } from 'shacl-engine';
import { NS, PREFIXES } from '../vocab.js';
import { key, type ShapesInfo } from './shapes.js';

const { namedNode, blankNode, literal, quad } = DataFactory;
const sh = (local: string) => namedNode(NS.sh + local);
const RDF_TYPE = namedNode(NS.rdf + 'type');

export interface ValidationGroup {
  /** The node shape the result belongs to (the owner of a property shape), compacted, e.g. `hkgsh:ModelShape`. */
  shape: string;
  path?: string;
  severity: string;
  /** The constraint component, compacted, e.g. `sh:MinCountConstraintComponent`. */
  component: string;
  count: number;
  example: { focusNode: string; message: string };
}

export interface ValidationSummary {
  conforms: boolean;
  focusNodes: number;
  triples: number;
  results: number;
  groups: ValidationGroup[];
  /** Number of batches the focus nodes were validated in (1 when the shapes forced whole-graph validation). */
  batches?: number;
  /** Why validation ran on the whole graph at once instead of in batches, if it did. */
  wholeGraphReason?: string;
  /** (focus node, shape) pairs proven conforming by quick checks (quick-check.ts) instead of shacl-engine. */
  quickChecked?: number;
  /** (focus node, shape) pairs validated by shacl-engine. */
  engineChecked?: number;
  /** Batches that could not be validated (a worker ran out of heap): the graph is then not said to conform. */
  unvalidated?: UnvalidatedBatches;
}

export interface UnvalidatedBatches {
  batches: number;
  /** Subjects of those batches, none of which was validated. */
  focusNodes: number;
  reason: string;
  /** The first of those subjects. */
  examples: string[];
}

const MAX_LOST_EXAMPLES = 100;

/** One result, detached from the batch (and thread) it came from. */
export interface ResultRecord {
  focusNode: Term;
  path?: Term;
  value?: Term;
  severity: Term;
  component: Term;
  sourceShape: Term;
  messages: Literal[];
}

const SHAPES_PREFIX = { hkgsh: 'https://w3id.org/huggingkg/shapes#' };

export class ReportCollector {
  results = 0;
  private readonly kept: ResultRecord[] = [];
  private unvalidated: UnvalidatedBatches | undefined;
  private readonly groups = new Map<string, ValidationGroup>();
  private readonly prefixes: Record<string, string>;

  constructor(
    private readonly shapes: ShapesInfo,
    private readonly maxKept = 10000,
  ) {
    this.prefixes = { ...PREFIXES, ...SHAPES_PREFIX };
  }

  add(record: ResultRecord): void {
    this.results++;
    if (this.kept.length < this.maxKept) this.kept.push(record);
    const owner = this.shapes.owner.get(key(record.sourceShape)) ?? record.sourceShape;
    const group = {
      shape: this.compact(owner),
      path: record.path ? this.compact(record.path) : undefined,
      severity: this.compact(record.severity),
      component: this.compact(record.component),
    };
    const id = JSON.stringify(group);
    const existing = this.groups.get(id);
    if (existing) existing.count++;
    else
      this.groups.set(id, {
        ...group,
        count: 1,
        example: { focusNode: showTerm(record.focusNode), message: messageOf(record, this) },
      });
  }

  /** A batch that could not be validated, with the subjects it held. */
  addLost(reason: string, subjects: string[]): void {
    const u = (this.unvalidated ??= { batches: 0, focusNodes: 0, reason, examples: [] });
    u.batches++;
    u.focusNodes += subjects.length;
    for (const s of subjects) if (u.examples.length < MAX_LOST_EXAMPLES) u.examples.push(s);
  }

  get conforms(): boolean {
    return this.results === 0 && !this.unvalidated;
  }

  summary(fields: Omit<ValidationSummary, 'conforms' | 'results' | 'groups' | 'unvalidated'>): ValidationSummary {
    const groups = [...this.groups.values()].sort((a, b) => b.count - a.count || a.shape.localeCompare(b.shape));
    for (const g of groups) if (g.path === undefined) delete g.path;
    return {
      conforms: this.conforms,
      results: this.results,
      groups,
      ...fields,
      ...(this.unvalidated ? { unvalidated: this.unvalidated } : {}),
    };
  }

  compact(term: Term): string {
    if (term.termType === 'BlankNode') return '_:' + term.value;
    if (term.termType === 'Literal') return JSON.stringify(term.value);
    let best = '';
    let bestPrefix = '';
    for (const [p, iri] of Object.entries(this.prefixes)) {
      if (term.value.startsWith(iri) && iri.length > best.length && /^[\w-]*$/.test(term.value.slice(iri.length))) {
        best = iri;
        bestPrefix = p;
      }
    }
    return best ? `${bestPrefix}:${term.value.slice(best.length)}` : `<${term.value}>`;
  }

  /** Writes the sh:ValidationReport as Turtle: sh:conforms, then up to maxKept results, and a note of the total. */
  async writeTurtle(file: string): Promise<void> {
    const stream = createWriteStream(file);
    const writer = new Writer(stream, {
      format: 'Turtle',
      prefixes: { sh: NS.sh, rdf: NS.rdf, rdfs: NS.rdfs, xsd: NS.xsd, ...SHAPES_PREFIX },
    });
    const report = blankNode('report');
    const add = (s: Quad['subject'], p: Term, o: Term) =>
      writer.addQuad(quad(s, p as Quad['predicate'], o as Quad['object']));
    add(report, RDF_TYPE, sh('ValidationReport'));
    add(report, sh('conforms'), literal(String(this.conforms), namedNode(NS.xsd + 'boolean')));
    const u = this.unvalidated;
    if (u) {
      // Not a SHACL result (nothing was found wrong with these nodes): a note that they were not checked at all.
      const more = u.focusNodes > u.examples.length ? `, the first ${u.examples.length}` : '';
      add(
        report,
        namedNode(NS.rdfs + 'comment'),
        literal(
          `${u.focusNodes} focus nodes in ${u.batches} batches were not ` +
            `validated (${u.reason})${more}: ${u.examples.join(' ')}`,
        ),
      );
    }
    if (this.results > this.kept.length) {
      add(
        report,
        namedNode(NS.rdfs + 'comment'),
        literal(`${this.results} results in total; the first ${this.kept.length} are listed.`),
      );
    }
    const pathQuads = new Map<string, Quad[]>();
    this.kept.forEach((r, i) => {
      const node = blankNode(`r${i + 1}`);
      add(report, sh('result'), node);
      add(node, RDF_TYPE, sh('ValidationResult'));
      add(node, sh('focusNode'), r.focusNode);
      if (r.path) {
        add(node, sh('resultPath'), r.path);
        if (r.path.termType === 'BlankNode' && !pathQuads.has(r.path.value))
          pathQuads.set(r.path.value, closure(this.shapes.store, r.path));
      }
      if (r.value) add(node, sh('value'), r.value);
      add(node, sh('resultSeverity'), r.severity);
      add(node, sh('sourceConstraintComponent'), r.component);
      add(node, sh('sourceShape'), r.sourceShape);
      for (const m of r.messages) add(node, sh('resultMessage'), m);
    });
    // Complex paths are described once, with the shapes graph's own blank nodes.
    for (const qs of pathQuads.values()) qs.forEach((q) => writer.addQuad(q));
    await new Promise<void>((resolve, reject) => writer.end((err) => (err ? reject(err) : resolve())));
    if (!stream.writableFinished) await once(stream, 'finish');
  }
}

/** The result path as a term: the predicate for a plain property, else the shape's own sh:path node. */
export function resultPath(result: ShaclResult, shapes: Store): Term | undefined {
  const steps = result.path;
  if (!steps || steps.length === 0) return undefined;
  const step = steps.length === 1 ? steps[0] : undefined;
  if (step?.quantifier === 'one' && step.start === 'subject' && step.predicates.length === 1) return step.predicates[0];
  return shapes.getObjects(result.shape.ptr.term, sh('path'), null)[0];
}

/** The triples describing a blank node (a path expression), recursively. */
function closure(store: Store, node: Term): Quad[] {
  const out: Quad[] = [];
  const queue = [node];
  const seen = new Set<string>();
  while (queue.length) {
    const n = queue.pop()!;
    if (seen.has(n.value)) continue;
    seen.add(n.value);
    for (const q of store.getQuads(n, null, null, null)) {
      out.push(q as Quad);
      if (q.object.termType === 'BlankNode') queue.push(q.object);
    }
  }
  return out;
}

function showTerm(term: Term): string {
  if (term.termType === 'BlankNode') return '_:' + term.value;
  if (term.termType === 'Literal') return JSON.stringify(term.value);
  return term.value;
}

function messageOf(r: ResultRecord, c: ReportCollector): string {
  const text =
    r.messages.map((m) => m.value).join('; ') ||
    c.compact(r.component).replace(/^sh:|ConstraintComponent$/g, '') + ' violated';
  const v = r.value;
  if (!v) return text;
  if (v.termType !== 'Literal') return `${text} (value: ${showTerm(v)})`;
  const typed = v.datatype && !v.language ? '^^' + c.compact(v.datatype) : '';
  return `${text} (value: ${JSON.stringify(v.value) + typed})`;
}

/** A human summary: the verdict, then one line per (shape, path, component) group with its count and an example. */
export function formatSummary(summary: ValidationSummary): string {
  const lines: string[] = [];
  const verdict = summary.conforms
    ? 'conforms'
    : summary.results === 0
      ? 'not known to conform: some focus nodes were not validated'
      : `does NOT conform: ${summary.results} result${summary.results === 1 ? '' : 's'}`;
  lines.push(
    `SHACL validation: ${verdict} (${summary.focusNodes} focus nodes, ${summary.triples} triples` +
      (summary.batches !== undefined ? `, ${summary.batches} batch${summary.batches === 1 ? '' : 'es'}` : '') +
      ')',
  );
  if (summary.quickChecked !== undefined && summary.engineChecked !== undefined) {
    lines.push(
      `  ${summary.quickChecked} (node, shape) pairs proven by quick ` +
        `checks, ${summary.engineChecked} validated by shacl-engine`,
    );
  }
  if (summary.wholeGraphReason) lines.push(`  validated as one graph: ${summary.wholeGraphReason}`);
  const u = summary.unvalidated;
  if (u) {
    lines.push(
      `  NOT VALIDATED: ${u.focusNodes} focus nodes in ${u.batches} ` +
        `batch${u.batches === 1 ? '' : 'es'} (${u.reason}), e.g. <${u.examples.slice(0, 3).join('>, <')}>`,
    );
  }
  for (const g of summary.groups) {
    const component = (g as ValidationGroup).component
      ? ` ${(g as ValidationGroup).component.replace(/^sh:|ConstraintComponent$/g, '')}`
      : '';
    lines.push(
      `  ${String(g.count).padStart(7)} × ${g.severity.replace(/^sh:/, '')} ` +
        `${g.shape}${g.path ? ' ' + g.path : ''}${component}`,
    );
    lines.push(`            e.g. <${g.example.focusNode}>: ${g.example.message}`);
  }
  return lines.join('\n');
}
