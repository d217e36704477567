// **graph** writes small hand-made Hub-like graphs to temporary .nt.gz / .nq.gz files for store and endpoint tests.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { DataFactory, Writer } from 'n3';
import { entityIri, KIND_CLASS, type EntityKind } from '../../src/iri.js';
import { CLASS, DATA, DEFAULT_BASE, OBJ, STD, XSD } from '../../src/vocab.js';
import { tempDir } from './temp-dirs.js';

const { namedNode, literal, quad, blankNode } = DataFactory;

export const BASE = DEFAULT_BASE;
export const iri = (kind: EntityKind, id: string) => entityIri(BASE, kind, id);

/** Quads of one entity: its type, hub id and name (the shape every mapped entity has). */
export function entity(kind: EntityKind, id: string, name = id): Quad[] {
  const s = namedNode(iri(kind, id));
  return [
    quad(s, namedNode(STD.type), namedNode(KIND_CLASS[kind])),
    quad(s, namedNode(DATA.hubId), literal(id, namedNode(XSD.string))),
    quad(s, namedNode(STD.name), literal(name)),
  ];
}

export function link(fromKind: EntityKind, from: string, property: string, toKind: EntityKind, to: string): Quad {
  return quad(namedNode(iri(fromKind, from)), namedNode(property), namedNode(iri(toKind, to)));
}

/** A small Hub-like graph: a lineage chain, likes, a task, a publisher, a qualified derivation (a blank node). */
export function sampleGraph(): Quad[] {
  const derivation = blankNode('d1');
  return [
    ...entity('model', 'google-bert/bert-base-uncased', 'bert-base-uncased'),
    ...entity('model', 'acme/bert-finetuned', 'bert-finetuned "fine" <tuned>, with\ttabs'),
    ...entity('model', 'acme/bert-finetuned-gguf'),
    ...entity('dataset', 'stanfordnlp/imdb', 'imdb'),
    ...entity('task', 'fill-mask', 'Fill-Mask'),
    ...entity('org', 'google-bert'),
    ...entity('user', 'alice'),
    ...entity('user', 'bob'),
    link('model', 'acme/bert-finetuned', OBJ.fineTunedFrom, 'model', 'google-bert/bert-base-uncased'),
    link('model', 'acme/bert-finetuned-gguf', OBJ.quantizedFrom, 'model', 'acme/bert-finetuned'),
    link('model', 'acme/bert-finetuned', OBJ.trainedOn, 'dataset', 'stanfordnlp/imdb'),
    link('model', 'google-bert/bert-base-uncased', OBJ.task, 'task', 'fill-mask'),
    link('model', 'google-bert/bert-base-uncased', OBJ.publishedBy, 'org', 'google-bert'),
    link('user', 'alice', OBJ.likes, 'model', 'google-bert/bert-base-uncased'),
    link('user', 'alice', OBJ.likes, 'model', 'acme/bert-finetuned'),
    link('user', 'bob', OBJ.likes, 'model', 'google-bert/bert-base-uncased'),
    quad(
      namedNode(iri('model', 'google-bert/bert-base-uncased')),
      namedNode(DATA.downloads),
      literal('1234567', namedNode(XSD.integer)),
    ),
    quad(
      namedNode(iri('model', 'google-bert/bert-base-uncased')),
      namedNode(STD.description),
      literal('BERT base model', 'en'),
    ),
    quad(namedNode(iri('model', 'acme/bert-finetuned')), namedNode(STD.qualifiedDerivation), derivation),
    quad(derivation, namedNode(STD.type), namedNode(CLASS.Derivation)),
    quad(derivation, namedNode(OBJ.baseModel), namedNode(iri('model', 'google-bert/bert-base-uncased'))),
  ];
}

/**
 * `users` users each liking `perUser` of `models` models: a graph where a three-way join over likes runs for minutes.
 */
export function likesGraph(users: number, models: number, perUser: number): Quad[] {
  const quads: Quad[] = [];
  for (let m = 0; m < models; m++) quads.push(...entity('model', `org/model-${m}`));
  for (let u = 0; u < users; u++) {
    quads.push(...entity('user', `user-${u}`));
    for (let k = 0; k < perUser; k++)
      quads.push(link('user', `user-${u}`, OBJ.likes, 'model', `org/model-${(u * 7 + k * 13) % models}`));
  }
  return quads;
}

function write(quads: Quad[], format: 'N-Triples' | 'N-Quads'): string {
  const writer = new Writer({ format });
  let out = '';
  writer.addQuads(quads);
  writer.end((err, result) => {
    if (err) throw err;
    out = result;
  });
  return out;
}

/**
 * Writes `quads` (or N-Triples/N-Quads text) gzipped to a fresh temp dir (removed at the end of the run); returns the
 * file path.
 */
export function writeGraphFile(content: Quad[] | string, name = 'huggingkg.nt.gz'): string {
  const dir = tempDir('hkg-graph-');
  const file = join(dir, name);
  const text = typeof content === 'string' ? content : write(content, name.includes('.nq') ? 'N-Quads' : 'N-Triples');
  writeFileSync(file, name.endsWith('.gz') ? gzipSync(text) : text);
  return file;
}
