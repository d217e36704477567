// **Statistics version**: the build writes which version of the build-time statistics a graph carries
// (`<base>void#HuggingKG hkg:statisticsVersion N`, in the dumps and in void.ttl), so that a server over a graph built
// by an older toolkit can say which canned queries will answer with less than they read, instead of degrading silently
// (classify-task over a graph without the neighbour counts keeps only its derived and prior signals; no error).
// Bump STATISTICS_VERSION, and add a line to STATISTICS_VERSIONS, whenever a statistic a canned query reads is added
// or changes meaning.

import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { DATA } from '../vocab.js';
import { escapeRegExp } from '../util/regexp.js';
import { integerLiteral } from './literals.js';

export interface StatisticsVersion {
  version: number;
  /** What this version added or changed. */
  added: string;
  /** The canned queries that read it (and answer with less on a graph of an older version). */
  readBy: readonly string[];
}

/**
 * Each version since the marker was introduced. Version 1 is every graph without the marker: its statistics are the
 * ones written before version 2 (lineage, tag / name-word / lineage-task shares, like ranks, co-likes, task years,
 * lineage closure, link counts), or none at all for a graph older still.
 */
export const STATISTICS_VERSIONS: readonly StatisticsVersion[] = [
  {
    version: 2,
    added:
      'neighbour counts (hkg:tagCount, hkg:nameWordCount, hkg:baseCount, hkg:grandBaseCount, hkg:baseTaskCount, ' +
      'hkg:siblingCount, hkg:trainingSetCount, hkg:traineeCount, hkg:coTraineeCount, hkg:coPublishedTaskedCount)',
    readBy: ['classify-task', 'predict-base-model'],
  },
];

/** The version this toolkit's build writes and its canned queries read. */
export const STATISTICS_VERSION = Math.max(...STATISTICS_VERSIONS.map((v) => v.version));

/** The version of a graph without the marker. */
const UNMARKED_VERSION = 1;

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
  /** The graph's version: the highest marker it holds, or 1 when it has none. */
  found: number;
  /** Whether the graph has a marker at all. */
  marked: boolean;
  /** This toolkit's version. */
  expected: number;
  /** The versions after the graph's, with the queries that read them. */
  missing: StatisticsVersion[];
  /** The canned queries that will answer with less than they read on this graph (sorted, each once). */
  staleQueries: string[];
}

/** Compares a graph's marker (undefined: none) with this toolkit's statistics. */
export function compareStatisticsVersion(marker: number | undefined): StatisticsCheck {
  const found = marker ?? UNMARKED_VERSION;
  const missing = STATISTICS_VERSIONS.filter((v) => v.version > found);
  const staleQueries = [...new Set(missing.flatMap((v) => v.readBy))].sort();
  return { found, marked: marker !== undefined, expected: STATISTICS_VERSION, missing, staleQueries };
}

/** One line for a log or a page: what the graph lacks and which queries it affects. */
export function describeStaleStatistics(check: StatisticsCheck): string {
  const graph = check.marked
    ? `this graph's build-time statistics are version ${check.found}`
    : 'this graph was built before its statistics were versioned';
  const lacks = check.missing.map((v) => `version ${v.version}: ${v.added}`).join('; ');
  return (
    `${graph}, and this toolkit's canned queries read version ${check.expected} (${lacks}): ` +
    `${check.staleQueries.join(', ')} answer with fewer signals until the graph is rebuilt with \`huggingkg build\``
  );
}
