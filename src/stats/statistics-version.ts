// **Statistics version**: the build writes which version of the build-time statistics a graph carries
// (`<base>void#HuggingKG hkg:statisticsVersion N`, in the dumps and in void.ttl), so that a server over a graph built
// by an older toolkit can say which canned queries will answer with less than they read, instead of degrading silently
// (classify-task over a graph without the neighbour counts keeps only its derived and prior signals; no error).
// Bump STATISTICS_VERSION, and add a line to STATISTICS_VERSIONS, whenever a statistic a canned query reads is added
// or changes meaning.

import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { DATA, HKG } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { integerLiteral } from './literals.js';
import { NEIGHBOUR_COUNT_PREDICATES } from './neighbour-counts.js';
import { CARD_WORD_PREDICATES } from './card-words.js';

export interface StatisticsVersion {
  version: number;
  /** What this version added or changed. */
  added: string;
  /** The canned queries that read it (and answer with less on a graph of an older version). */
  readBy: readonly string[];
  /**
   * Predicates of which a graph with this version's statistics holds at least one: a graph built before the marker
   * existed is recognised by them (a graph with the version 2 counts but no marker is version 2). A version that
   * changes how existing statistics are counted has none: every graph built since carries the marker.
   */
  probes: readonly string[];
}

/**
 * Each version since the marker was introduced. Version 1 is a graph with neither the marker nor a later version's
 * probes: its statistics are the ones written before version 2 (lineage, tag / name-word / lineage-task shares, like
 * ranks, co-likes, task years, lineage closure, link counts), or none at all for a graph older still.
 */
/** The neighbour counts as version 2 wrote them: hkg:tagCount where version 6 writes hkg:tagWeight. */
const VERSION_2_COUNTS = NEIGHBOUR_COUNT_PREDICATES.map((p) => (p === DATA.tagWeight ? DATA.tagCount : p));

export const STATISTICS_VERSIONS: readonly StatisticsVersion[] = [
  {
    version: 2,
    added: `neighbour counts (${VERSION_2_COUNTS.map((p) => p.replace(HKG, 'hkg:')).join(', ')})`,
    readBy: ['classify-task', 'predict-base-model'],
    probes: VERSION_2_COUNTS,
  },
  {
    version: 3,
    added:
      'name words split where a lower-case letter meets a capital ("myChatLLM": my, chat, llm), in the hkg:nameToken ' +
      'statistics and hkg:nameWordCount',
    readBy: ['classify-task'],
    probes: [],
  },
  {
    version: 4,
    added:
      "datasets' card words (hkg:cardWord, hkg:cardWordCount) and their task statistics (hkg:CardWordTaskStatistic)",
    readBy: ['classify-task'],
    probes: [...CARD_WORD_PREDICATES, DATA.cardWordValue],
  },
  {
    version: 5,
    added: "datasets' column names (hkg:columnName) among their card words",
    readBy: ['classify-task'],
    probes: [],
  },
  {
    version: 6,
    added: "tag votes weighted by 1 / the tag's carriers (hkg:tagWeight, in place of hkg:tagCount)",
    readBy: ['classify-task'],
    probes: [],
  },
];

/** The version this toolkit's build writes and its canned queries read. */
export const STATISTICS_VERSION = Math.max(...STATISTICS_VERSIONS.map((v) => v.version));

/** The version of a graph with neither the marker nor any later version's probes. */
export const UNMARKED_VERSION = 1;

/** The marker the build writes after the statistics, on the VoID dataset (src/iri.ts datasetIri). */
export function statisticsVersionQuad(dataset: string): Quad {
  const { namedNode, quad } = DataFactory;
  return quad(namedNode(dataset), namedNode(DATA.statisticsVersion), integerLiteral(STATISTICS_VERSION));
}

const VERSION_LINE = new RegExp(`^<[^>]*> <${escapeRegExp(DATA.statisticsVersion)}> `);

/** Whether an N-Triples line of a dump is the marker (dropped with the statistics when they are recomputed). */
export function isStatisticsVersionLine(line: string): boolean {
  return VERSION_LINE.test(line);
}

export interface StatisticsCheck {
  /** The graph's version: its marker (the highest), else the last version whose probes it holds, else 1. */
  found: number;
  /** Whether the graph has a marker (else `found` was probed). */
  marked: boolean;
  /** This toolkit's version. */
  expected: number;
  /** The versions after the graph's, with the queries that read them. */
  missing: StatisticsVersion[];
  /** The canned queries that will answer with less than they read on this graph (sorted, each once). */
  staleQueries: string[];
}

/** Compares a graph's version (from its marker, or probed) with this toolkit's statistics. */
export function compareStatisticsVersion(found: number, marked: boolean): StatisticsCheck {
  const missing = STATISTICS_VERSIONS.filter((v) => v.version > found);
  const staleQueries = [...new Set(missing.flatMap((v) => v.readBy))].sort();
  return { found, marked, expected: STATISTICS_VERSION, missing, staleQueries };
}

/** One line for a log or a page: what the graph lacks and which queries it affects. */
export function describeStaleStatistics(check: StatisticsCheck): string {
  const graph = check.marked
    ? `this graph's build-time statistics are version ${check.found}`
    : `this graph carries no statistics version and holds version ${check.found}'s statistics`;
  const lacks = check.missing.map((v) => `version ${v.version}: ${v.added}`).join('; ');
  return (
    `${graph}, and this toolkit's canned queries read version ${check.expected} (${lacks}): ` +
    `${check.staleQueries.join(', ')} answer with fewer signals until the graph is rebuilt with \`huggingkg build\``
  );
}
