// **Lineage statistics**: per-model figures that predict-base-model reads and that SPARQL cannot compute fast enough at
// query time (counting a popular base's derivatives, or ranking every base, reads tens of thousands of triples). They
// are
// computed from the graph's lineage edges alone, written into the dumps at build time, and recomputed by the evaluation
// from its training graph (held-out edges removed), so that no held-out edge leaks through them.

import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { DATA } from '../vocab.js';
import { GraphEntities } from './entities.js';
import { integerLiteral } from './literals.js';
import { byString } from '../util/compare.js';

const { namedNode, literal, quad } = DataFactory;

export { LINEAGE_PREDICATES, LINEAGE_PREDICATE_SET } from './entities.js';

/** Bases ranked by derivative count that get hkg:derivativeRank (predict-base-model reads the first few). */
export const RANKED_BASES = 100;
/** Bases per name stem that get hkg:nameStem: the most derived-from ones. A stem shared by hundreds of bases (a popular
 * family in a large graph) would otherwise make each of predict-base-model's stem lookups read hundreds of rows. */
export const BASES_PER_STEM = 25;

/**
 * Words that mark a derivative rather than name a model, when they end a name: numbers (checkpoints, timestamps,
 * counters),
 * single letters, versions, quantisation formats and bit widths, precisions, adapter and training-method words, "hf".
 * The same pattern, as a suffix of separator-word pairs, is written in queries/predict-base-model.rq (a test keeps the
 * two equal): both the query and this module reduce a name to its stem with it.
 */
export const MARKER_WORD =
  '[0-9]+|[a-z]|v[0-9]+|q[0-9][a-z0-9]*|[0-9]+bits?|int[0-9]+|fp[0-9]+|bf16|f16|f32|gguf|ggml|awq|gptq|exl2|' +
  'mlx|mlc|onnx|ov|openvino|hqq|bnb|nf4|imatrix|smashed|quantized|quant|lora|qlora|peft|adapters?|sft|dpo|orpo|' +
  'kto|ppo|rlhf|merged?|finetuned?|fine|tuned|ft|checkpoint|ckpt|epoch[0-9]*|ep[0-9]*|step[0-9]*|hf';
const TRAILING_MARKERS = new RegExp(`([-_. ]+(${MARKER_WORD}))+$`);

/**
 * The name stem: the name (the part of a Hub id after its "/"), lower-cased, derivative markers at its end removed
 * (never
 * its first word), separators ("-", "_", ".", spaces) made one "-". "Llama-9-7b-Chat-hf" and
 * "llama-9-7b-chat-Q4_K_M-GGUF"
 * both give "llama-9-7b-chat".
 */
export function nameStem(idOrName: string): string {
  const name = idOrName.slice(idOrName.lastIndexOf('/') + 1).toLowerCase();
  return name.replace(TRAILING_MARKERS, '').replace(/[-_. ]+/g, '-');
}

/** The model name of a model IRI: its last path segment, decoded (entity IRIs end with the Hub id's segments). */
export function nameOfIri(iri: string): string {
  const segment = iri.slice(iri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface LineageStep {
  derived: string;
  base: string;
}

/**
 * The statistics of a graph with these lineage steps, as triples about each base model (a model at least one other
 * model
 * derives from): hkg:derivativeCount (distinct models deriving from it directly); for the BASES_PER_STEM most
 * derived-from bases of each stem, hkg:nameStem (the stem of its name, which predict-base-model looks the stems of a
 * model's name up in); and, for the RANKED_BASES most derived-from, hkg:derivativeRank (1 = most; ties by IRI).
 */
export function lineageStatistics(steps: Iterable<LineageStep>): Quad[] {
  const derivatives = new Map<string, Set<string>>();
  for (const { derived, base } of steps) {
    if (derived === base) continue;
    let set = derivatives.get(base);
    if (!set) derivatives.set(base, (set = new Set()));
    set.add(derived);
  }
  return rankedBaseQuads([...derivatives.entries()].map(([iri, set]) => ({ iri, count: set.size })));
}

/** lineageStatistics' triples from each base's count of distinct derivatives. */
function rankedBaseQuads(bases: Array<{ iri: string; count: number }>): Quad[] {
  bases.sort((a, b) => b.count - a.count || byString(a.iri, b.iri));
  const out: Quad[] = [];
  const perStem = new Map<string, number>();
  bases.forEach(({ iri, count }, i) => {
    const s = namedNode(iri);
    out.push(quad(s, namedNode(DATA.derivativeCount), integerLiteral(count)));
    const stem = nameStem(nameOfIri(iri));
    const seen = perStem.get(stem) ?? 0;
    perStem.set(stem, seen + 1);
    if (seen < BASES_PER_STEM) out.push(quad(s, namedNode(DATA.nameStem), literal(stem)));
    if (i < RANKED_BASES) out.push(quad(s, namedNode(DATA.derivativeRank), integerLiteral(i + 1)));
  });
  return out;
}

/**
 * The statistics of a graph's lineage steps (the build's), from the shared entities' bases (given, as
 * GraphStatistics does, or collected from the quads fed here).
 */
export class LineageStatistics {
  private readonly entities: GraphEntities;
  private readonly ownsEntities: boolean;

  constructor(entities?: GraphEntities) {
    this.entities = entities ?? new GraphEntities();
    this.ownsEntities = !entities;
  }

  add(q: Quad): void {
    if (this.ownsEntities) this.entities.addQuad(q);
  }

  quads(): Quad[] {
    const { bases } = this.entities;
    // the bases of each derived model are distinct, so a base's steps are its distinct derivatives
    const counts = new Int32Array(this.entities.size);
    for (let derived = 0; derived < bases.keyBound; derived++) bases.forEach(derived, (base) => counts[base]!++);
    const ranked: Array<{ iri: string; count: number }> = [];
    counts.forEach((count, base) => {
      if (count > 0) ranked.push({ iri: this.entities.iri(base), count });
    });
    return rankedBaseQuads(ranked);
  }
}

/** The predicates of the statistics (the evaluation drops a dump's own and writes its training graph's). */
export const STATISTIC_PREDICATES: readonly string[] = [DATA.derivativeCount, DATA.nameStem, DATA.derivativeRank];
