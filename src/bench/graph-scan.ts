// **Graph scan** for the evaluation: one streaming pass over a build's N-Triples dump collects the edges the three
// HuggingBench tasks hold out (likes, tasks, lineage with its qualified derivations), each with its exact dump line, so
// the held-out edges can later be removed line by line (writeWithout) before the store the queries see is loaded.

import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { once } from 'node:events';
import N3 from 'n3';
import { CLASS, DATA, NS, OBJ, STD } from '../vocab.js';
import { STATISTIC_PREDICATES } from '../stats/lineage.js';

export type ItemKind = 'model' | 'dataset' | 'space';

export interface Edge {
  s: string;
  o: string;
  line: string;
}

export interface LineageEdge extends Edge {
  relation: string;
  /** Lines of the qualified derivation node(s) that restate this step (prov:qualifiedDerivation + the node's own). */
  qualifiedLines: string[];
}

export interface EvalGraph {
  file: string;
  triples: number;
  kinds: Map<string, ItemKind>;
  /** hkg:hubId of each model/dataset/space (to read HuggingBench id lists). */
  hubIds: Map<string, string>;
  users: Set<string>;
  likes: Edge[];
  /** model|dataset hkg:task task */
  tasks: Edge[];
  /** model hkg:pipelineTag "tag" lines, by entity (hidden with the entity's tasks). */
  pipelineTagLines: Map<string, string[]>;
  lineage: LineageEdge[];
  /** Lines of the lineage statistics the build computed (src/stats/lineage.ts): the trace evaluation recomputes them. */
  statisticLines: string[];
}

const LINEAGE = new Set([OBJ.fineTunedFrom, OBJ.adapterOf, OBJ.mergedFrom, OBJ.quantizedFrom]);
const KIND_OF_CLASS = new Map<string, ItemKind>([[CLASS.Model, 'model'], [CLASS.Dataset, 'dataset'], [CLASS.Space, 'space']]);
const DERIVATION_PROPS = new Set([OBJ.baseModel, OBJ.derivationType, OBJ.derivationEvidence]);
const RDF_TYPE = NS.rdf + 'type';
const STATISTICS = new Set(STATISTIC_PREDICATES);

export function lines(file: string): AsyncIterable<string> {
  const input = createReadStream(file);
  return createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
}

export async function scanGraph(file: string): Promise<EvalGraph> {
  const g: EvalGraph = {
    file, triples: 0, kinds: new Map(), hubIds: new Map(), users: new Set(), likes: [], tasks: [],
    pipelineTagLines: new Map(), lineage: [], statisticLines: [],
  };
  // qualified derivation nodes: node -> {derived, base, lines}
  const nodes = new Map<string, { derived?: string; derivedLine?: string; base?: string; lines: string[] }>();
  const node = (id: string) => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { lines: [] }));
    return n;
  };
  const parser = new N3.Parser({ format: 'N-Triples' });
  let lineNo = 0;
  for await (const line of lines(file)) {
    lineNo++;
    if (line === '' || line.startsWith('#')) continue;
    g.triples++;
    // cheap predicate test before parsing: only a few predicates matter
    if (!/(ontology#(likes|task|pipelineTag|hubId|fineTunedFrom|adapterOf|mergedFrom|quantizedFrom|baseModel|derivationType|derivationEvidence|derivativeCount|derivativeRank|nameStem)>|prov#qualifiedDerivation>|rdf-syntax-ns#type>)/.test(line)) continue;
    let q;
    try {
      [q] = parser.parse(line);
    } catch (err) {
      throw new Error(`${file}:${lineNo}: not N-Triples: ${(err as Error).message}`);
    }
    if (!q) continue;
    const s = q.subject.termType === 'BlankNode' ? '_:' + q.subject.value : q.subject.value;
    const p = q.predicate.value;
    const o = q.object.termType === 'BlankNode' ? '_:' + q.object.value : q.object.value;
    if (p === RDF_TYPE) {
      const kind = KIND_OF_CLASS.get(o);
      if (kind) g.kinds.set(s, kind);
      else if (o === CLASS.User) g.users.add(s);
      if (o === CLASS.Derivation) node(s).lines.push(line);
    } else if (p === OBJ.likes) g.likes.push({ s, o, line });
    else if (p === OBJ.task) g.tasks.push({ s, o, line });
    else if (p === DATA.pipelineTag) {
      const list = g.pipelineTagLines.get(s) ?? [];
      list.push(line);
      g.pipelineTagLines.set(s, list);
    } else if (p === DATA.hubId) g.hubIds.set(s, o);
    else if (LINEAGE.has(p)) g.lineage.push({ s, o, line, relation: p, qualifiedLines: [] });
    else if (STATISTICS.has(p)) g.statisticLines.push(line);
    else if (p === STD.qualifiedDerivation) Object.assign(node(o), { derived: s, derivedLine: line });
    else if (DERIVATION_PROPS.has(p)) {
      node(s).lines.push(line);
      if (p === OBJ.baseModel) node(s).base = o;
    }
  }
  const byStep = new Map(g.lineage.map((e) => [`${e.s} ${e.o}`, e]));
  for (const n of nodes.values()) {
    if (!n.derived || !n.base) continue;
    const step = byStep.get(`${n.derived} ${n.base}`);
    if (step) step.qualifiedLines.push(n.derivedLine!, ...n.lines);
  }
  return g;
}

/** Copies the dump to `out` (uncompressed N-Triples) without the given lines: the held-out edges are really gone. A held-out
 * like is also taken off its item's hkg:likeCount (the Hub's pre-aggregated count, which queries use as popularity), so
 * no held-out like leaks back through the count. */
export async function writeWithout(file: string, hidden: ReadonlySet<string>, out: string): Promise<{ kept: number; removed: number }> {
  const sink = createWriteStream(out);
  const drop = heldOutLikesByItem(hidden);
  let kept = 0;
  let removed = 0;
  let buffer: string[] = [];
  for await (const line of lines(file)) {
    if (hidden.has(line)) {
      removed++;
      continue;
    }
    kept++;
    buffer.push(drop.size > 0 ? withoutHeldOutLikes(line, drop) : line);
    if (buffer.length >= 5000) {
      if (!sink.write(buffer.join('\n') + '\n')) await once(sink, 'drain');
      buffer = [];
    }
  }
  sink.end(buffer.length > 0 ? buffer.join('\n') + '\n' : '');
  await once(sink, 'finish');
  return { kept, removed };
}

const LIKE_LINE = new RegExp(`^<[^>]*> <${escapeRegExp(OBJ.likes)}> <([^>]*)> \\.$`);
const LIKE_COUNT_LINE = new RegExp(`^<([^>]*)> <${escapeRegExp(DATA.likeCount)}> "(-?\\d+)"(\\^\\^<[^>]*>)? \\.$`);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** item IRI -> how many of its likes are held out. */
export function heldOutLikesByItem(hidden: ReadonlySet<string>): Map<string, number> {
  const drop = new Map<string, number>();
  for (const line of hidden) {
    const m = LIKE_LINE.exec(line);
    if (m) drop.set(m[1], (drop.get(m[1]) ?? 0) + 1);
  }
  return drop;
}

/** The line itself, or, for an hkg:likeCount of an item with held-out likes, the count minus those likes (never below 0). */
export function withoutHeldOutLikes(line: string, drop: ReadonlyMap<string, number>): string {
  const m = LIKE_COUNT_LINE.exec(line);
  const n = m ? drop.get(m[1]) : undefined;
  if (!m || n === undefined) return line;
  return `<${m[1]}> <${DATA.likeCount}> "${Math.max(0, Number(m[2]) - n)}"${m[3] ?? ''} .`;
}
