// **list** writes `huggingkg query --list`: each canned query with its parameters and an example command line.

import { listQueries } from './registry.js';

export function describeQueries(): string {
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
        const example = Object.entries(q.example)
          .map(([k, v]) => `--param ${k}=${v}`)
          .join(' ');
        return (
          `${q.name} — ${q.title}\n${params}${params ? '\n' : ''}    e.g. ` + `huggingkg query ${q.name} ${example}`
        ).trimEnd();
      })
      .join('\n\n') + '\n'
  );
}
