// **Card-word statistics** for classify-task, for datasets: a dataset's name and tags say little about its task (the
// Hub's dataset tags are mostly the task itself), but a few telling words of its card do ("squad", "ner", a loader's
// boilerplate shared by a family of datasets). SPARQL cannot split a 2,000-character description into words at query
// time, so the build picks each dataset's card words once: the (at most) CARD_WORDS words of its card that the fewest
// datasets share, among those at least MIN_CARD_WORD_CARRIERS share (`<dataset> hkg:cardWord "word"`; choosing them
// reads no task), and counts, for each card word and task, how many tasked datasets have the word among their card
// words and how many of them have the task (hkg:CardWordTaskStatistic nodes, a fragment of the task's IRI, with the
// tag-task statistics' terms), plus per dataset how many of its card words have statistics (hkg:cardWordCount, the
// divisor of the signal). Every occurrence of a task's name is masked first, so that a card stating its own task does
// not make that a card word. The card's YAML header adds its column names (hkg:columnName, e.g. "ner_tags", "audio",
// "question"): the (at most) CARD_WORDS of them the fewest datasets share among those at least MIN_CARD_WORD_CARRIERS
// declare, lower-cased and joined by "_", a name that is a task's name left out, become card words too (on the real
// datasets of 2023: +1.7 points of micro-F1 on average over six seeds, bench/results/eval-real-columns). The evaluation
// recomputes all of it from its training graph (src/stats/graph-statistics.ts).
// Models get no card words: an offline study on the real corpora (models-2022) measured about +1 point of top-1
// accuracy for about +30% triples at Hub scale (10 links per model card), against +3 to +6 points for datasets.
//
// Memory: each card is kept as the ordinals of its tokens (a KeyTable holds each distinct token once, off the heap) in
// one typed column until the statistics are computed, since the task names to mask are known only then; then as the
// ordinals of its distinct words, then of its card words.

import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { encodeSegment } from '../iri.js';
import { CLASS, DATA, DEFAULT_BASE, STD } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { IntColumn } from '../util/int-lists.js';
import { KeyTable } from '../util/key-table.js';
import type { GraphEntities } from './entities.js';
import { nameOfIri } from './lineage.js';
import { topTasks, valueTaskStatQuads } from './tags.js';
import { integerLiteral } from './literals.js';
import { byString } from '../util/compare.js';

/** How much of a card is read (the mapper's default cap on schema:description). */
export const CARD_TEXT_CHARS = 2000;
/** Card words kept per dataset: a handful of telling words (the mean over all of a card's ~70 tends to the prior). */
export const CARD_WORDS = 10;
/** A word is a card word only when at least this many datasets' cards have it (one card's own word tells nothing). */
export const MIN_CARD_WORD_CARRIERS = 2;
/** Shorter words are left out (most are abbreviations, units, articles). */
const MIN_WORD_LENGTH = 3;

/** English words that say nothing about a task. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
  but by can could did do does doing down during each few for from further had has have having he her here hers herself
  him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or
  other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
  there these they this those through to too under until up very was we were what when where which while who whom why
  will with would you your yours yourself yourselves may might must shall cannot one two use used using see get etc via
  per`
    .split(/\s+/)
    .filter(Boolean),
);

/** Whether a card word or column word may tell a task: at least MIN_WORD_LENGTH characters, not only digits (and
 * underscores, in a column word), not a stop word. */
function isTellingWord(text: string): boolean {
  return text.length >= MIN_WORD_LENGTH && !/^[0-9_]+$/.test(text) && !STOP_WORDS.has(text);
}

const HTML_TAG = /<[^>]*>/g;
const TOKEN = /[a-z0-9]+/g;
/** What may stand between the parts of a task's name: "text-classification", "text classification", "text_class…". */
const NAME_JOINT = /^[-_\s]+$/;

/**
 * Appends the tokens of a card to `into`: of its first CARD_TEXT_CHARS characters, HTML tags removed and lower-cased,
 * every run of a-z and 0-9, each as its ordinal in `table` times 2, plus 1 when only hyphens, underscores and white
 * space separate it from the token before (so it may continue a task's name).
 */
export function tokenizeCard(text: string, table: KeyTable, into: IntColumn): void {
  const lower = text.slice(0, CARD_TEXT_CHARS).replace(HTML_TAG, ' ').toLowerCase();
  let end = -1;
  for (const m of lower.matchAll(TOKEN)) {
    const joined = end >= 0 && NAME_JOINT.test(lower.slice(end, m.index));
    into.push(table.add(m[0]) * 2 + (joined ? 1 : 0));
    end = m.index + m[0].length;
  }
}

interface TaskName {
  /** The ordinals of its parts but the last. */
  parts: number[];
  /** The last part's ordinal, and its plural's (-1: never seen). */
  last: number;
  plural: number;
}

/**
 * A card's words: its tokens outside every task name (a task id's parts joined by hyphens, underscores or white space,
 * the last one maybe plural, the longest name first where several start at a token), of at least MIN_WORD_LENGTH
 * characters, not all digits, not stop words, each once, in order of first occurrence.
 */
export class CardWordReader {
  /** Ordinal of a name's first token -> the task names starting with it, the longest first. */
  private readonly names = new Map<number, TaskName[]>();
  /** Token ordinal -> 1 when it may be a word, 2 when not, 0 not yet known. */
  private eligible: Uint8Array;
  /** Token ordinal -> the last read() that took it (each word once per card). */
  private seen: Int32Array;
  private reads = 0;

  constructor(
    private readonly table: KeyTable,
    taskIds: Iterable<string>,
  ) {
    this.eligible = new Uint8Array(table.size);
    this.seen = new Int32Array(table.size).fill(-1);
    for (const id of taskIds) {
      const parts = id
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean);
      if (parts.length === 0) continue;
      const ordinals = parts.map((p) => table.get(p));
      const name = { parts: ordinals.slice(0, -1), last: ordinals.at(-1)!, plural: table.get(`${parts.at(-1)}s`) };
      if (name.parts.includes(-1) || (name.last === -1 && name.plural === -1)) continue; // in no card
      const firsts = name.parts.length > 0 ? [name.parts[0]!] : [name.last, name.plural].filter((o) => o !== -1);
      for (const first of firsts) (this.names.get(first) ?? this.names.set(first, []).get(first)!).push(name);
    }
    for (const list of this.names.values()) list.sort((a, b) => b.parts.length - a.parts.length);
  }

  /** The words of the card whose tokens are `tokens` start .. end - 1 (as tokenizeCard wrote them), as ordinals. */
  read(tokens: IntColumn, start: number, end: number): number[] {
    const reads = this.reads++;
    const out: number[] = [];
    for (let i = start; i < end; ) {
      const masked = this.taskNameAt(tokens, i, end);
      if (masked > 0) {
        i += masked;
        continue;
      }
      const word = tokens.get(i++) >> 1;
      if (this.seen[word] === reads || !this.isEligible(word)) continue;
      this.seen[word] = reads;
      out.push(word);
    }
    return out;
  }

  /** How many tokens from `i` a task's name takes (0: none starts there). */
  private taskNameAt(tokens: IntColumn, i: number, end: number): number {
    const names = this.names.get(tokens.get(i) >> 1);
    if (!names) return 0;
    for (const name of names) {
      const n = name.parts.length + 1;
      if (i + n > end) continue;
      let k = 1;
      // each later token must be joined to the one before and be the next part
      for (; k < n - 1; k++) if (tokens.get(i + k) !== name.parts[k]! * 2 + 1) break;
      if (k < n - 1) continue;
      const last = tokens.get(i + n - 1);
      if (n > 1 && (last & 1) === 0) continue;
      if (last >> 1 === name.last || last >> 1 === name.plural) return n;
    }
    return 0;
  }

  private isEligible(word: number): boolean {
    if (this.eligible[word] === 0) {
      this.eligible[word] = isTellingWord(this.table.keyOf(word)) ? 1 : 2;
    }
    return this.eligible[word] === 1;
  }
}

/** The words of one card text with these task ids masked (what the build reads of each dataset's card). */
export function cardTextWords(text: string, taskIds: Iterable<string>): string[] {
  const table = new KeyTable();
  const tokens = new IntColumn();
  tokenizeCard(text, table, tokens);
  return new CardWordReader(table, taskIds).read(tokens, 0, tokens.length).map((w) => table.keyOf(w));
}

/**
 * A column name as a card word: lower-cased, each run of other characters than a-z and 0-9 one "_", none at either end
 * ("Question Text" -> "question_text"; "ner_tags" stays). Undefined for a name that says nothing or restates a task: of
 * fewer than MIN_WORD_LENGTH characters, all digits, a stop word, or one of `taskNames` (as columnWord gives them)
 * maybe with a final "s".
 */
export function columnWord(name: string, taskNames: ReadonlySet<string> = new Set()): string | undefined {
  const word = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!isTellingWord(word)) return undefined;
  if (taskNames.has(word) || (word.endsWith('s') && taskNames.has(word.slice(0, -1)))) return undefined;
  return word;
}

/**
 * The (at most) CARD_WORDS of `words` with the fewest carriers among those with at least MIN_CARD_WORD_CARRIERS, ties
 * by the word's text, rarest first (`text` is asked only to break ties).
 */
export function rarestWords<W>(words: readonly W[], carriers: (word: W) => number, text: (word: W) => string): W[] {
  if (words.length === 0) return [];
  const texts = new Map<W, string>();
  const textOf = (w: W) => texts.get(w) ?? texts.set(w, text(w)).get(w)!;
  return words
    .map((word) => ({ word, n: carriers(word) }))
    .filter((w) => w.n >= MIN_CARD_WORD_CARRIERS)
    .sort((a, b) => a.n - b.n || (textOf(a.word) < textOf(b.word) ? -1 : 1))
    .slice(0, CARD_WORDS)
    .map((w) => w.word);
}

export interface CardWordTaskStat {
  word: string;
  task: string;
  /** Tasked datasets with the word among their card words and the task. */
  tagged: number;
  /** Tasked datasets with the word among their card words. */
  carriers: number;
}

interface CardWordResult {
  /** The datasets with card words, by IRI, with their numbers in `starts`. */
  order: Array<{ n: number; iri: string }>;
  /** Dataset number n's card words (token ordinals, rarest first): chosen[starts[n]] .. chosen[starts[n + 1] - 1]. */
  chosen: IntColumn;
  starts: IntColumn;
  /** Card word -> the tasked datasets that have it, and per task number those that have the task. */
  taskedCarriers: Map<number, number>;
  tagged: Map<number, Map<number, number>>;
}

/**
 * Collects the datasets' card texts (schema:description) in any order, then gives the card words and their statistics;
 * kinds and tasks are the shared entities'.
 */
export class CardWordCounter {
  private readonly tokens = new KeyTable();
  /** Every card's tokens, one card after the other (tokenizeCard). */
  private sequence = new IntColumn();
  /** Card number -> its first token in `sequence`, and its subject's entity ordinal. */
  private readonly cardStarts = new IntColumn();
  private readonly cardEntities = new IntColumn();
  /** Entity ordinal -> its last card's number (-1: none). */
  private readonly cardOf = new IntColumn(-1);
  /** The column names read, as (entity ordinal, name) pairs in two columns; the name's ordinal in `columnNames`. */
  private readonly columnEntities = new IntColumn();
  private readonly columnOrdinals = new IntColumn();
  private readonly columnNames = new KeyTable();
  private result?: CardWordResult;
  /** Where the graph's datasets are: `{base}dataset/`; other IRIs under the base are other kinds. */
  private readonly base: string;
  private readonly datasets: string;

  /** `base`: the graph's base IRI (default the canonical one). */
  constructor(
    private readonly entities: GraphEntities,
    base: string = DEFAULT_BASE,
  ) {
    this.base = base;
    this.datasets = `${base}dataset/`;
  }

  /**
   * Feeds a quad: the description of anything that may be a dataset is kept (its kind may come later). Papers'
   * summaries and collections' descriptions are told apart by their IRIs (at Hub scale they would be tens of MB of
   * tokens); a graph under another base is read whole and sorted out by kind at the end.
   */
  addQuad(q: Quad): void {
    const column = q.predicate.value === DATA.columnName;
    if ((!column && q.predicate.value !== STD.description) || q.subject.termType !== 'NamedNode') return;
    if (q.object.termType !== 'Literal') return;
    const iri = q.subject.value;
    if (iri.startsWith(this.base) && !iri.startsWith(this.datasets)) return;
    const entity = this.entities.id(iri);
    if (this.entities.kind(entity) === 'model') return;
    if (column) {
      this.columnEntities.push(entity);
      this.columnOrdinals.push(this.columnNames.add(q.object.value));
      return;
    }
    const card = this.cardStarts.length;
    this.cardStarts.push(this.sequence.length);
    this.cardEntities.push(entity);
    this.cardOf.set(entity, card);
    tokenizeCard(q.object.value, this.tokens, this.sequence);
  }

  /** Each dataset with card words, by IRI: its card words (rarest first) and how many of them have statistics. */
  *cardWords(): Generator<{ iri: string; words: string[]; withStatistics: number }> {
    const { order, chosen, starts, tagged } = this.compute();
    for (const { n, iri } of order) {
      const words: number[] = [];
      for (let k = starts.get(n); k < starts.get(n + 1); k++) words.push(chosen.get(k));
      const withStatistics = words.filter((w) => tagged.has(w)).length;
      yield { iri, words: words.map((w) => this.tokens.keyOf(w)), withStatistics };
    }
  }

  /** The word-task statistics (each word's TASKS_PER_VALUE most frequent tasks), sorted by word then task. */
  stats(): CardWordTaskStat[] {
    const { taskedCarriers, tagged } = this.compute();
    const words = [...tagged.keys()].map((w) => ({ w, word: this.tokens.keyOf(w) }));
    words.sort((a, b) => byString(a.word, b.word));
    const out: CardWordTaskStat[] = [];
    for (const { w, word } of words) {
      const byTask = new Map([...tagged.get(w)!].map(([t, n]) => [this.entities.task(t), n]));
      for (const task of topTasks(byTask))
        out.push({ word, task, tagged: byTask.get(task)!, carriers: taskedCarriers.get(w)! });
    }
    return out;
  }

  /** Each dataset's card words, and per card word and task the tasked datasets that have them. */
  private compute(): CardWordResult {
    if (this.result) return this.result;
    const { entities } = this;
    const { datasets, words, wordStarts, carriers } = this.readCards();
    const columns = this.readColumns();
    const result: CardWordResult = {
      order: [],
      chosen: new IntColumn(),
      starts: new IntColumn(),
      taskedCarriers: new Map(),
      tagged: new Map(),
    };
    const { order, chosen, starts, taskedCarriers, tagged } = result;
    const withCard = new Set(datasets);
    const all = [...datasets, ...[...columns.of.keys()].filter((e) => !withCard.has(e))];
    for (const [n, entity] of all.entries()) {
      const own: number[] = [];
      if (n < datasets.length) for (let k = wordStarts.get(n); k < wordStarts.get(n + 1); k++) own.push(words.get(k));
      const text = (w: number) => this.tokens.keyOf(w);
      const mine = rarestWords(own, (w) => carriers[w]!, text);
      const fromColumns = rarestWords(columns.of.get(entity) ?? [], (w) => columns.carriers.get(w)!, text);
      for (const w of fromColumns) if (!mine.includes(w)) mine.push(w);
      starts.push(chosen.length);
      for (const w of mine) chosen.push(w);
      if (mine.length > 0) order.push({ n, iri: entities.iri(entity) });
      const datasetTasks = entities.tasks.get(entity);
      if (datasetTasks.length === 0) continue;
      for (const w of mine) {
        taskedCarriers.set(w, (taskedCarriers.get(w) ?? 0) + 1);
        const byTask = tagged.get(w) ?? tagged.set(w, new Map()).get(w)!;
        for (const t of datasetTasks) byTask.set(t, (byTask.get(t) ?? 0) + 1);
      }
    }
    starts.push(chosen.length);
    order.sort((a, b) => byString(a.iri, b.iri));
    this.result = result;
    return result;
  }

  /**
   * Each dataset's words (of its last card; token ordinals, each once) and how many datasets have each word; the
   * cards' tokens are let go.
   */
  private readCards(): { datasets: number[]; words: IntColumn; wordStarts: IntColumn; carriers: Int32Array } {
    const { entities, tokens } = this;
    const taskIds = Array.from({ length: entities.taskCount }, (_, n) => nameOfIri(entities.task(n)));
    const reader = new CardWordReader(tokens, taskIds);
    const datasets: number[] = [];
    const words = new IntColumn();
    const wordStarts = new IntColumn();
    const carriers = new Int32Array(tokens.size);
    for (let card = 0; card < this.cardStarts.length; card++) {
      const entity = this.cardEntities.get(card);
      if (this.cardOf.get(entity) !== card || entities.kind(entity) !== 'dataset') continue;
      const end = card + 1 < this.cardStarts.length ? this.cardStarts.get(card + 1) : this.sequence.length;
      datasets.push(entity);
      wordStarts.push(words.length);
      for (const w of reader.read(this.sequence, this.cardStarts.get(card), end)) {
        words.push(w);
        carriers[w] = carriers[w]! + 1;
      }
    }
    wordStarts.push(words.length);
    this.sequence = new IntColumn();
    return { datasets, words, wordStarts, carriers };
  }

  /**
   * Each dataset's column words (columnWord; as ordinals in the card tokens' table, each once) and how many datasets
   * have each.
   */
  private readColumns(): { of: Map<number, number[]>; carriers: Map<number, number> } {
    const { entities } = this;
    const taskNames = new Set<string>();
    for (let n = 0; n < entities.taskCount; n++) {
      const name = columnWord(nameOfIri(entities.task(n)));
      if (name !== undefined) taskNames.add(name);
    }
    const wordOf = new Map<number, number | undefined>();
    const of = new Map<number, number[]>();
    const carriers = new Map<number, number>();
    for (let k = 0; k < this.columnEntities.length; k++) {
      const entity = this.columnEntities.get(k);
      if (entities.kind(entity) !== 'dataset') continue;
      const name = this.columnOrdinals.get(k);
      if (!wordOf.has(name)) {
        const word = columnWord(this.columnNames.keyOf(name), taskNames);
        wordOf.set(name, word === undefined ? undefined : this.tokens.add(word));
      }
      const word = wordOf.get(name);
      if (word === undefined) continue;
      const own = of.get(entity) ?? of.set(entity, []).get(entity)!;
      if (own.includes(word)) continue;
      own.push(word);
      carriers.set(word, (carriers.get(word) ?? 0) + 1);
    }
    return { of, carriers };
  }

  *quads(): Generator<Quad> {
    const { namedNode, literal, quad } = DataFactory;
    for (const d of this.cardWords()) {
      const s = namedNode(d.iri);
      for (const word of d.words) yield quad(s, namedNode(DATA.cardWord), literal(word));
      if (d.withStatistics > 0) yield quad(s, namedNode(DATA.cardWordCount), integerLiteral(d.withStatistics));
    }
    for (const s of this.stats()) {
      const node = cardWordStatNode(s.word, s.task);
      yield* valueTaskStatQuads(node, CLASS.CardWordTaskStatistic, DATA.cardWordValue, s.word, s);
    }
  }
}

/** The node of one statistic: a fragment of the task's IRI (beside the name-word statistics' "#name-…"). */
export function cardWordStatNode(word: string, task: string): string {
  return `${task}#card-${encodeSegment(word)}`;
}

/** The predicates this module reads besides the shared entities' (a dump line with one of them feeds it). */
export const CARD_WORD_INPUT_PREDICATES: readonly string[] = [STD.description, DATA.columnName];

/** The predicates of the card words written on datasets. */
export const CARD_WORD_PREDICATES: readonly string[] = [DATA.cardWord, DATA.cardWordCount];

const STAT_LINE = new RegExp(
  `^<[^>]*> (?:<(?:${[...CARD_WORD_PREDICATES, DATA.cardWordValue].map(escapeRegExp).join('|')})> ` +
    `|<${escapeRegExp(STD.type)}> <${escapeRegExp(CLASS.CardWordTaskStatistic)}> \\.$)`,
);

/** Whether an N-Triples line of a dump is one of these statistics' own (their forTask/count lines are matched by the
 * tag-task statistics' test, which names the same predicates). */
export function isCardWordLine(line: string): boolean {
  return STAT_LINE.test(line);
}
