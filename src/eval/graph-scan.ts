// **Graph scan** for the evaluation: one streaming pass over a build's N-Triples dump collects the edges the three
// HuggingBench tasks hold out (likes, tasks, lineage with its qualified derivations), each with its exact dump line, so
// the held-out edges can later be removed line by line (writeWithout) before the store the queries see is loaded.

import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { once } from 'node:events';
import N3 from 'n3';
import { CLASS, DATA, NS, OBJ, STD } from '../vocab.js';
import { GraphStatistics, isStatisticLine } from '../stats/graph-statistics.js';
import { LINEAGE_PREDICATE_SET } from '../stats/lineage.js';
import { escapeRegExp } from '../util/regexp.js';

/** The predicates the scan reads: a cheap test on the raw line before parsing it. */
const KEY_PREDICATE = new RegExp(
  '(ontology#(likes|task|pipelineTag|subTask|library|hubId|fineTunedFrom|' +
    'adapterOf|mergedFrom|quantizedFrom|baseModel|derivationType|' +
    'derivationEvidence|derivativeCount|derivativeRank|nameStem)>|' +
    String.raw`prov#qualifiedDerivation>|rdf-syntax-ns#type>|schema\.org\/keywords>)`,
);

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
  /** The embedded store's triple limit for the held-out stores (EvalOptions.embeddedMaxTriples). */
  maxTriples?: number;
  triples: number;
  kinds: Map<string, ItemKind>;
  /** hkg:hubId of each model/dataset/space (to read HuggingBench id lists). */
  hubIds: Map<string, string>;
  users: Set<string>;
  likes: Edge[];
  /** model|dataset hkg:task task */
  tasks: Edge[];
  /** model hkg:pipelineTag values and lines, by entity (hidden with the entity's tasks). */
  pipelineTags: Map<string, { value: string; line: string }[]>;
  /** dataset hkg:subTask lines, by entity: finer task labels from the same card field (hidden with the tasks). */
  subTaskLines: Map<string, string[]>;
  /** schema:keywords values and lines, by model/dataset: the Hub repeats the pipeline tag among the tags, so a keyword
   * naming one of the entity's tasks is hidden with them. */
  keywords: Map<string, { value: string; line: string }[]>;
  /** hkg:library values, by entity (the kNN-by-tags baseline's other tags). */
  libraries: Map<string, string[]>;
  lineage: LineageEdge[];
}

const KIND_OF_CLASS = new Map<string, ItemKind>([
  [CLASS.Model, 'model'],
  [CLASS.Dataset, 'dataset'],
  [CLASS.Space, 'space'],
]);
const DERIVATION_PROPS = new Set([OBJ.baseModel, OBJ.derivationType, OBJ.derivationEvidence]);
const RDF_TYPE = NS.rdf + 'type';

export function lines(file: string): AsyncIterable<string> {
  const input = createReadStream(file);
  return createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
}

export async function scanGraph(file: string): Promise<EvalGraph> {
  const g: EvalGraph = {
    file,
    triples: 0,
    kinds: new Map(),
    hubIds: new Map(),
    users: new Set(),
    likes: [],
    tasks: [],
    pipelineTags: new Map(),
    subTaskLines: new Map(),
    keywords: new Map(),
    libraries: new Map(),
    lineage: [],
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
    if (!KEY_PREDICATE.test(line)) continue;
    let q: N3.Quad | undefined;
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
    else if (p === DATA.pipelineTag) push(g.pipelineTags, s, { value: o, line });
    else if (p === DATA.subTask) push(g.subTaskLines, s, line);
    else if (p === STD.keywords) push(g.keywords, s, { value: o, line });
    else if (p === DATA.library) push(g.libraries, s, o);
    else if (p === DATA.hubId) g.hubIds.set(s, o);
    else if (LINEAGE_PREDICATE_SET.has(p)) g.lineage.push({ s, o, line, relation: p, qualifiedLines: [] });
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

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A tag or task id as the Hub writes it in any case or spacing ("Image-to-3D", "image_to_3d"), for comparing the two.
 */
export function normalTag(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/**
 * The lines that state an entity's task in another form: its pipeline tag, its sub-tasks, and the keywords that name
 * one of its tasks (task IRIs end with the task id) or its pipeline tag, alone or after a `field:` prefix
 * (`multilinguality:translation` on a translation dataset).
 */
export function taskRestatements(g: EvalGraph, entity: string, taskIris: Iterable<string>): string[] {
  const own = new Set<string>();
  for (const t of taskIris) own.add(normalTag(lastSegment(t)));
  const lines = [...(g.subTaskLines.get(entity) ?? [])];
  for (const p of g.pipelineTags.get(entity) ?? []) {
    lines.push(p.line);
    own.add(normalTag(p.value));
  }
  // a task id has no colon: the part after the first one (the whole value when there is none) is what may name it
  for (const k of g.keywords.get(entity) ?? [])
    if (own.has(normalTag(k.value.slice(k.value.indexOf(':') + 1)))) lines.push(k.line);
  return lines;
}

/**
 * Copies the dump to `out` (uncompressed N-Triples) without the given lines: the held-out edges are really gone. A
 * held-out
 * like is also taken off its item's hkg:likeCount (the Hub's pre-aggregated count, which queries use as popularity), so
 * no held-out like leaks back through the count; and the build's statistics (src/stats/graph-statistics.ts: lineage,
 * tag-task) are replaced by ones recomputed from the lines kept, so no held-out edge leaks back through them. Statistic
 * lines are not counted as removed. */
export async function writeWithout(
  file: string,
  hidden: ReadonlySet<string>,
  out: string,
): Promise<{ kept: number; removed: number }> {
  const sink = createWriteStream(out);
  const drop = heldOutLikesByItem(hidden);
  let kept = 0;
  let removed = 0;
  let buffer: string[] = [];
  const statistics = new GraphStatistics();
  const flush = async (force: boolean) => {
    if (buffer.length < 5000 && !(force && buffer.length > 0)) return;
    if (!sink.write(buffer.join('\n') + '\n')) await once(sink, 'drain');
    buffer = [];
  };
  for await (const line of lines(file)) {
    if (hidden.has(line)) {
      removed++;
      continue;
    }
    if (isStatisticLine(line)) continue;
    kept++;
    // the line as kept (a like count without the held-out likes), so that the statistics count what the store holds
    const keptLine = drop.size > 0 ? withoutHeldOutLikes(line, drop) : line;
    statistics.addLine(keptLine);
    buffer.push(keptLine);
    await flush(false);
  }
  const writer = new N3.Writer({ format: 'N-Triples' });
  for (const q of statistics.quads()) {
    buffer.push(writer.quadToString(q.subject, q.predicate, q.object).trimEnd());
    await flush(false);
  }
  await flush(true);
  sink.end();
  await once(sink, 'finish');
  return { kept, removed };
}

const LIKE_LINE = new RegExp(`^<[^>]*> <${escapeRegExp(OBJ.likes)}> <([^>]*)> \\.$`);
const LIKE_COUNT_LINE = new RegExp(`^<([^>]*)> <${escapeRegExp(DATA.likeCount)}> "(-?\\d+)"(\\^\\^<[^>]*>)? \\.$`);

/** item IRI -> how many of its likes are held out. */
export function heldOutLikesByItem(hidden: ReadonlySet<string>): Map<string, number> {
  const drop = new Map<string, number>();
  for (const line of hidden) {
    const item = LIKE_LINE.exec(line)?.[1];
    if (item !== undefined) drop.set(item, (drop.get(item) ?? 0) + 1);
  }
  return drop;
}

/**
 * The line itself, or, for an hkg:likeCount of an item with held-out likes, the count minus those likes (never below
 * 0).
 */
export function withoutHeldOutLikes(line: string, drop: ReadonlyMap<string, number>): string {
  const m = LIKE_COUNT_LINE.exec(line);
  const n = m ? drop.get(m[1] ?? '') : undefined;
  if (!m || n === undefined) return line;
  return `<${m[1]}> <${DATA.likeCount}> "${Math.max(0, Number(m[2]) - n)}"${m[3] ?? ''} .`;
}

/** The task id at the end of a task IRI (as is when it is not valid percent-encoding). */
function lastSegment(iri: string): string {
  const raw = iri.slice(iri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
