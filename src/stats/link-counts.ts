// **Link-count statistics** for entity descriptions: an entity with more than LINK_COUNT_GATE links in one direction
// (a base model with thousands of derivations, a user with thousands of likes) gets, per property, how many links it
// has in that direction, so that its description does not count them at request time. They are the VoID subsets the
// served document describes — `<{base}data/{kind}/{id}#incoming-{local}> a hkg:IncomingLinkCount ; void:property p ;
// void:triples n`, linked from the document IRI with rdfs:seeAlso — written by the build; the evaluation drops them
// (no task reads them; a description without them counts at request time, src/store/describe-match.ts).

import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { isEntityKind } from '../iri.js';
import { escapeRegExp } from '../util/regexp.js';
import { CLASS, NS, OBJ, STD } from '../vocab.js';
import { IntColumn } from '../util/int-lists.js';
import { GraphEntities } from './entities.js';
import { integerLiteral } from './literals.js';

/**
 * Links in one direction past which an entity's counts are written: up to this many a description reads the links
 * themselves (src/store/describe-match.ts's MATCH_GATE is this value), past it it needs their counts.
 */
export const LINK_COUNT_GATE = 400;

/** The document fragment naming the subset of an entity's links with one property (as the served document names it). */
export function linkSubsetFragment(direction: 'incoming' | 'outgoing', property: string): string {
  return `${direction}-${property.replace(/^.*[#/]/, '').replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * Per entity ordinal, its links in one direction as [property index, count] cells (few properties each), linked newest
 * first in typed arrays; and the entities in the order they got their first count (the order they are written in).
 */
class Tally {
  private heads = new IntColumn(-1);
  private properties = new IntColumn();
  private counts = new IntColumn();
  private next = new IntColumn();
  readonly order = new IntColumn();

  bump(entity: number, property: number): void {
    const head = this.heads.get(entity);
    for (let c = head; c !== -1; c = this.next.get(c)) {
      if (this.properties.get(c) === property) {
        this.counts.set(c, this.counts.get(c) + 1);
        return;
      }
    }
    if (head === -1) this.order.push(entity);
    const cell = this.properties.length;
    this.properties.push(property);
    this.counts.push(1);
    this.next.push(head);
    this.heads.set(entity, cell);
  }

  /** The entity's [property index, count] pairs in the order its properties were first counted. */
  pairs(entity: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let c = this.heads.get(entity); c !== -1; c = this.next.get(c))
      out.push([this.properties.get(c), this.counts.get(c)]);
    return out.reverse();
  }
}

/**
 * Counts, per entity and property, the links a description counts: incoming, `?s p <entity>` with an IRI subject
 * (hkg:baseModel left out, as descriptions leave it out: a Derivation node's base is counted under its relation);
 * outgoing, `<entity> p ?o` with an IRI object. Feed it every quad of the graph, statistics included. Entities are
 * ordinals of `entities` (the build shares the statistics' table; one is made here when none is given).
 */
export class LinkCounter {
  private readonly properties: string[] = [];
  private readonly propertyIndex = new Map<string, number>();
  private readonly incoming = new Tally();
  private readonly outgoing = new Tally();

  constructor(
    private readonly base: string,
    private readonly entities = new GraphEntities(),
  ) {}

  private isEntity(iri: string): boolean {
    if (!iri.startsWith(this.base) || iri.includes('#')) return false;
    const rest = iri.slice(this.base.length);
    const slash = rest.indexOf('/');
    return slash > 0 && isEntityKind(rest.slice(0, slash));
  }

  private property(iri: string): number {
    let i = this.propertyIndex.get(iri);
    if (i === undefined) {
      i = this.properties.length;
      this.properties.push(iri);
      this.propertyIndex.set(iri, i);
    }
    return i;
  }

  add(q: Quad): void {
    if (q.object.termType !== 'NamedNode' || q.subject.termType !== 'NamedNode') return;
    const p = q.predicate.value;
    if (p !== OBJ.baseModel && this.isEntity(q.object.value))
      this.incoming.bump(this.entities.id(q.object.value), this.property(p));
    if (this.isEntity(q.subject.value)) this.outgoing.bump(this.entities.id(q.subject.value), this.property(p));
  }

  /** The counts of every entity with more than LINK_COUNT_GATE links in a direction, as VoID subsets of its doc. */
  *quads(): Generator<Quad> {
    yield* this.counts(this.incoming, 'incoming', CLASS.IncomingLinkCount);
    yield* this.counts(this.outgoing, 'outgoing', CLASS.OutgoingLinkCount);
  }

  private *counts(tally: Tally, direction: 'incoming' | 'outgoing', type: string): Generator<Quad> {
    const { namedNode, quad } = DataFactory;
    for (let i = 0; i < tally.order.length; i++) {
      const entity = tally.order.get(i);
      const pairs = tally.pairs(entity);
      let total = 0;
      for (const [, n] of pairs) total += n;
      if (total <= LINK_COUNT_GATE) continue;
      const iri = this.entities.iri(entity);
      const doc = `${this.base}data/${iri.slice(this.base.length)}`;
      for (const [index, n] of pairs) {
        const property = this.properties[index]!;
        const node = namedNode(`${doc}#${linkSubsetFragment(direction, property)}`);
        yield quad(namedNode(doc), namedNode(NS.rdfs + 'seeAlso'), node);
        yield quad(node, namedNode(STD.type), namedNode(type));
        yield quad(node, namedNode(NS.void + 'property'), namedNode(property));
        yield quad(node, namedNode(NS.void + 'triples'), integerLiteral(n));
      }
    }
  }
}

/** A link-count node's IRI: a document IRI with an #incoming- or #outgoing- fragment (entity IRIs have no such one). */
const NODE = '[^>#]*/data/[^>#]*#(?:incoming|outgoing)-[^>]*';
const LINE = new RegExp(`^(?:<${NODE}> |<[^>]*> <${escapeRegExp(NS.rdfs + 'seeAlso')}> <${NODE}> \\.$)`);

/** Whether an N-Triples line of a dump is part of a link count (the evaluation drops them). */
export function isLinkCountLine(line: string): boolean {
  return LINE.test(line);
}
