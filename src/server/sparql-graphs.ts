// **sparql-graphs** keeps user queries over an external store inside the served graph: an external store such as
// Virtuoso holds other graphs too (its own system graphs, with users and settings), and a query may name any of them
// through FROM, FROM NAMED, GRAPH <...> or the protocol's default-graph-uri / named-graph-uri. With `serve --graph
// IRI`, only that graph may be named (the store itself is asked with it as the only default and named graph:
// src/server/open-store.ts).

import type { ServerConfig } from './config.js';

/** Thrown for a graph outside the served one; the endpoint answers 403. */
export class GraphRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphRefusedError';
  }
}

export interface NamedGraphs {
  from: string[];
  fromNamed: string[];
  /** IRIs named in GRAPH <...> patterns. */
  graphs: string[];
}

export interface ProtocolGraphs {
  defaultGraphs: string[];
  namedGraphs: string[];
}

/** The graphs a user query may name, or undefined when any may be (the embedded store holds only the served graph). */
export function servedGraphs(config: Pick<ServerConfig, 'sparqlEndpoint' | 'sparqlGraph'>): string[] | undefined {
  return config.sparqlEndpoint && config.sparqlGraph ? [config.sparqlGraph] : undefined;
}

/** Throws GraphRefusedError when the query or the request names a graph outside the served ones. */
export function servedGraphsCheck(
  config: Pick<ServerConfig, 'sparqlEndpoint' | 'sparqlGraph'>,
  query: NamedGraphs,
  protocol: ProtocolGraphs,
): void {
  const served = servedGraphs(config);
  if (!served) return;
  const named: Array<[string, string]> = [
    ...query.from.map((g): [string, string] => ['FROM', g]),
    ...query.fromNamed.map((g): [string, string] => ['FROM NAMED', g]),
    ...query.graphs.map((g): [string, string] => ['GRAPH', g]),
    ...protocol.defaultGraphs.map((g): [string, string] => ['default-graph-uri', g]),
    ...protocol.namedGraphs.map((g): [string, string] => ['named-graph-uri', g]),
  ];
  for (const [how, graph] of named) {
    if (!served.includes(graph)) {
      throw new GraphRefusedError(
        `${how} <${graph}> is refused: this endpoint serves only the graph <${served.join('>, <')}>.`,
      );
    }
  }
}
