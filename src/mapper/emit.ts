// **emit** turns Entities and edges into RDF/JS quads (default graph) and keeps the run's counts. An entity's triples
// come out together; an edge is written in our direction (lineage: derived -> base) with, for lineage, a qualified
// hkg:Derivation node named by a fragment of the derived model's IRI (no blank nodes: output is deterministic).
// Link targets that no record describes are remembered and written as stubs by `stubs()` at the end.

import type { Literal, NamedNode, Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { ENTITY_KINDS, KIND_CLASS, encodeSegment, entityIri, hubUrl, type EntityKind } from '../iri.js';
import type { RelationSpec } from '../relations.js';
import { CLASS, DATA, NS, OBJ, STD, TASK_SCHEME, XSD } from '../vocab.js';
import type { EdgeFact, Entity } from './entity.js';

const { namedNode, literal, quad } = DataFactory;

export interface EmitStats {
  entities: Record<EntityKind, number>;
  relations: Record<string, number>;
  dangling: Record<EntityKind, number>;
}

export function emptyKindCounts(): Record<EntityKind, number> {
  return Object.fromEntries(ENTITY_KINDS.map((k) => [k, 0])) as Record<EntityKind, number>;
}

/** Lineage property -> the fragment word naming it in Derivation node IRIs. */
const LINEAGE_WORD: ReadonlyMap<string, string> = new Map([
  [OBJ.fineTunedFrom, 'finetune'],
  [OBJ.adapterOf, 'adapter'],
  [OBJ.mergedFrom, 'merge'],
  [OBJ.quantizedFrom, 'quantized'],
]);

export class Emitter {
  readonly stats: EmitStats = { entities: emptyKindCounts(), relations: {}, dangling: emptyKindCounts() };
  private readonly described = new Map<EntityKind, Set<string>>(ENTITY_KINDS.map((k) => [k, new Set<string>()]));
  /** Ids referenced before (or without) being described; checked again at the end. */
  private readonly referenced = new Map<EntityKind, Set<string>>(ENTITY_KINDS.map((k) => [k, new Set<string>()]));
  private readonly nodes = new Map<string, NamedNode>();
  private readonly dt = new Map<string, NamedNode>();
  private readonly modalitiesWritten = new Set<string>();
  private readonly rdfType: NamedNode;

  constructor(
    readonly base: string,
    private readonly modalityLabel: (m: string) => string | undefined,
  ) {
    this.rdfType = this.node(STD.type);
  }

  /** Cached NamedNode for a term IRI (predicates, classes): few and reused on every record. */
  private node(iri: string): NamedNode {
    let n = this.nodes.get(iri);
    if (!n) {
      n = namedNode(iri);
      this.nodes.set(iri, n);
    }
    return n;
  }

  private lit(value: string, datatype?: string): Literal {
    if (datatype === undefined || datatype === XSD.string) return literal(value);
    let d = this.dt.get(datatype);
    if (!d) {
      d = namedNode(datatype);
      this.dt.set(datatype, d);
    }
    return literal(value, d);
  }

  /** Entity IRIs seen recently (link targets such as tasks, datasets and papers repeat a lot); cleared when large. */
  private readonly iris = new Map<string, NamedNode>();

  entityNode(kind: EntityKind, id: string): NamedNode {
    const key = kind + ' ' + id;
    let n = this.iris.get(key);
    if (!n) {
      if (this.iris.size >= 50_000) this.iris.clear();
      n = namedNode(entityIri(this.base, kind, id));
      this.iris.set(key, n);
    }
    return n;
  }

  /** The quads of one entity: type, id, name, url, attributes, then its edges. Undefined for a duplicate id. */
  entity(e: Entity, out: Quad[]): boolean {
    const seen = this.described.get(e.kind)!;
    if (seen.has(e.id)) return false;
    seen.add(e.id);
    this.stats.entities[e.kind]++;
    const s = this.entityNode(e.kind, e.id);
    if (e.kind === 'task') this.modalityOf(e, out);
    out.push(quad(s, this.rdfType, this.node(KIND_CLASS[e.kind])));
    for (const t of e.types ?? []) out.push(quad(s, this.rdfType, this.node(t)));
    out.push(quad(s, this.node(DATA.hubId), literal(e.id)));
    out.push(quad(s, this.node(STD.name), literal(e.name)));
    out.push(quad(s, this.node(STD.url), namedNode(hubUrl(e.kind, e.id))));
    for (const p of e.props) {
      out.push(quad(s, this.node(p.p), 'iri' in p ? this.node(p.iri) : this.lit(p.v, p.dt)));
    }
    for (const edge of e.edges) this.edge(edge, out);
    return true;
  }

  /** A task's modality concept, written once before the first task that is broader than it. */
  private modalityOf(e: Entity, out: Quad[]): void {
    const broader = e.props.find((p) => p.p === STD.skosBroader && 'iri' in p);
    if (!broader || !('iri' in broader) || this.modalitiesWritten.has(broader.iri)) return;
    this.modalitiesWritten.add(broader.iri);
    const m = this.node(broader.iri);
    const key = broader.iri.slice(broader.iri.lastIndexOf('modality-') + 'modality-'.length);
    out.push(quad(m, this.rdfType, this.node(CLASS.Modality)));
    out.push(quad(m, this.rdfType, this.node(NS.skos + 'Concept')));
    out.push(quad(m, this.node(STD.skosPrefLabel), literal(this.modalityLabel(key) ?? key)));
    out.push(quad(m, this.node(STD.skosInScheme), this.node(TASK_SCHEME)));
  }

  private reference(kind: EntityKind, id: string): void {
    if (!this.described.get(kind)!.has(id)) this.referenced.get(kind)!.add(id);
  }

  /** One HuggingKG edge as our triple (plus the Derivation node for lineage). */
  edge(e: EdgeFact, out: Quad[]): void {
    const r: RelationSpec = e.relation;
    const [sKind, sId, oKind, oId] = r.inverse
      ? [r.range, e.tail, r.domain, e.head]
      : [r.domain, e.head, r.range, e.tail];
    this.reference(sKind, sId);
    this.reference(oKind, oId);
    const s = this.entityNode(sKind, sId);
    const o = this.entityNode(oKind, oId);
    const p = this.node(r.property);
    out.push(quad(s, p, o));
    this.stats.relations[r.name] = (this.stats.relations[r.name] ?? 0) + 1;
    const word = LINEAGE_WORD.get(r.property);
    if (word !== undefined) {
      const d = namedNode(`${s.value}#${word}-${encodeSegment(oId)}`);
      out.push(quad(s, this.node(STD.qualifiedDerivation), d));
      out.push(quad(d, this.rdfType, this.node(CLASS.Derivation)));
      out.push(quad(d, this.node(OBJ.baseModel), o));
      out.push(quad(d, this.node(OBJ.derivationType), p));
      if (e.evidence !== undefined) out.push(quad(d, this.node(OBJ.derivationEvidence), this.node(e.evidence)));
    }
  }

  /** Whether a record described this entity (so far). */
  isDescribed(kind: EntityKind, id: string): boolean {
    return this.described.get(kind)!.has(id);
  }

  /** `<old> owl:sameAs <new>`: one repository under its old and its current name; either gets a stub if undescribed. */
  sameAs(kind: EntityKind, from: string, to: string, out: Quad[]): void {
    this.reference(kind, from);
    this.reference(kind, to);
    out.push(quad(this.entityNode(kind, from), this.node(STD.sameAs), this.entityNode(kind, to)));
  }

  /** Stubs for every referenced entity no record described (`a Class; hkg:hubId; schema:name id`), kind by kind. */
  *stubs(): Generator<Quad[]> {
    for (const kind of ENTITY_KINDS) {
      const described = this.described.get(kind)!;
      for (const id of this.referenced.get(kind)!) {
        if (described.has(id)) continue;
        this.stats.dangling[kind]++;
        const s = this.entityNode(kind, id);
        yield [
          quad(s, this.rdfType, this.node(KIND_CLASS[kind])),
          quad(s, this.node(DATA.hubId), literal(id)),
          quad(s, this.node(STD.name), literal(id)),
        ];
      }
      this.referenced.get(kind)!.clear();
    }
  }
}
