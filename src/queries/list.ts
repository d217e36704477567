// **list** writes `huggingkg query --list`: each canned query with its parameters and an example command line.

import { exampleKind, type QueryExample } from './examples.js';
import { listQueries } from './registry.js';
import type { CannedQuery } from './types.js';

/**
 * The example parameters `--list` prints: found in the graph queried when one is given (examples.ts), else the
 * queries' own, with entities as placeholders (`model/ID`): an id written in a .rq file is in no graph but its
 * fixture's.
 */
function listedExample(q: CannedQuery, found?: Map<string, QueryExample>): Record<string, string> {
  const fromGraph = found?.get(q.name)?.params;
  if (fromGraph) return fromGraph;
  const out = { ...q.example };
  for (const p of q.params) {
    const kind = exampleKind(out[p.name]);
    if (p.type === 'iri' && kind) out[p.name] = `${kind}/ID`;
  }
  return out;
}

export function describeQueries(found?: Map<string, QueryExample>): string {
  return (
    listQueries()
      .map((q) => {
        const params = q.params
          .map(
            (p) =>
              `    ${p.name} (${p.type}${p.values ? ': ' + p.values.join('|') : ''}` +
              `${p.default !== undefined ? ', default ' + p.default : ', required'}) ` +
              `— ${p.description}`,
          )
          .join('\n');
        const example = Object.entries(listedExample(q, found))
          .map(([k, v]) => `--param ${k}=${v}`)
          .join(' ');
        return (
          `${q.name} — ${q.title}\n${params}${params ? '\n' : ''}    e.g. ` + `huggingkg query ${q.name} ${example}`
        ).trimEnd();
      })
      .join('\n\n') + '\n'
  );
}
