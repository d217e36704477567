// **query-ab bench**: two versions of one canned query, timed alternately against one SPARQL endpoint (round 1: A
// then B, round 2: A then B, ...), so that both see the same machine: on a shared machine the same query's p50 moves by
// up to 1.5x between runs minutes apart, and only versions timed side by side can be compared. Checks that both give
// the same answer. Usage: see USAGE (`node dist/bench/query-ab.js --help`).

import { loadQueryFile } from '../src/queries/registry.js';
import { bindQuery } from '../src/queries/bind.js';
import { DEFAULT_BASE } from '../src/vocab.js';
import { integerArg, parseBenchArgs, usageError } from './args.js';
import { median, processCpuMs } from './measure.js';

const USAGE = `usage: node dist/bench/query-ab.js --endpoint URL --a FILE --b FILE [options]

Times two versions of a canned query (two .rq files with the same name, e.g. queries/classify-task.rq and the same
file from an earlier commit: git show REV:queries/classify-task.rq > /tmp/old/classify-task.rq) against one SPARQL
endpoint, alternately: each round runs A --runs times, then B --runs times, after one untimed run each. Prints per
round and overall the p50 and minimum wall milliseconds (and the server's CPU milliseconds per run with
--server-pid), and whether A and B returned the same rows (numbers compared by value). Writes nothing.

options:
  --endpoint URL    the SPARQL endpoint (required), e.g. http://127.0.0.1:8890/sparql
  --a FILE          version A of the query (required)
  --b FILE          version B (required)
  --param NAME=VALUE  a query parameter, repeatable (e.g. --param entity=model/x/y)
  --rounds N        rounds (default 3)
  --runs N          timed runs per version per round (default 20)
  --base IRI        the dataset base IRI (default ${DEFAULT_BASE})
  --server-pid PID  the endpoint's process: also report its CPU per run (Linux /proc; for a server that compiles each
                    query, such as Virtuoso, this is the query's cost without the machine's other load)
  -h, --help        print this and exit`;

const { values } = parseBenchArgs(USAGE, {
  endpoint: { type: 'string' },
  a: { type: 'string' },
  b: { type: 'string' },
  param: { type: 'string', multiple: true, default: [] },
  rounds: { type: 'string', default: '3' },
  runs: { type: 'string', default: '20' },
  base: { type: 'string', default: DEFAULT_BASE },
  'server-pid': { type: 'string' },
});
if (!values.endpoint || !values.a || !values.b) usageError(USAGE, '--endpoint, --a and --b are required');
const rounds = integerArg(USAGE, '--rounds', values.rounds);
const runs = integerArg(USAGE, '--runs', values.runs);
const serverPid =
  values['server-pid'] === undefined ? undefined : integerArg(USAGE, '--server-pid', values['server-pid']);
const params: Record<string, string> = {};
for (const p of values.param) {
  const eq = p.indexOf('=');
  if (eq <= 0) usageError(USAGE, `--param must be NAME=VALUE, got "${p}"`);
  params[p.slice(0, eq)] = p.slice(eq + 1);
}

const NUMERIC = /#(integer|decimal|double|float|long|int)$/;

/**
 * A cell as compared between A and B: a number by its value to 12 significant digits ("0" and "0.0E0" alike; a sum's
 * last digits follow the order a store adds in), anything else as written.
 */
function cell(v: { value: string; datatype?: string }): string {
  return v.datatype && NUMERIC.test(v.datatype) ? String(Number(Number(v.value).toPrecision(12))) : v.value;
}

async function post(sparql: string): Promise<{ ms: number; cpu: number; rows: string }> {
  const cpu0 = serverPid === undefined ? 0 : processCpuMs(serverPid);
  const t0 = performance.now();
  const response = await fetch(values.endpoint!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query: sparql }).toString(),
  });
  const text = await response.text();
  const ms = performance.now() - t0;
  if (!response.ok) throw new Error(`${values.endpoint} answered ${response.status}: ${text.slice(0, 500)}`);
  type Cell = { value: string; datatype?: string };
  const bindings = (JSON.parse(text) as { results: { bindings: Array<Record<string, Cell>> } }).results.bindings;
  const rows = JSON.stringify(bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, cell(v)]))));
  return { ms, cpu: serverPid === undefined ? Number.NaN : processCpuMs(serverPid) - cpu0, rows };
}

const versions = (['a', 'b'] as const).map((key) => {
  const file = values[key]!;
  return { key: key.toUpperCase(), file, sparql: bindQuery(loadQueryFile(file), params, values.base).sparql };
});

const fmt = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(1));
const all = new Map<string, { ms: number[]; cpu: number[] }>(versions.map((v) => [v.key, { ms: [], cpu: [] }]));
const answers = new Map<string, string>();
console.log(`| round | version | p50 ms | min ms | server CPU p50 ms |\n|---|---|---:|---:|---:|`);
for (let round = 1; round <= rounds; round++) {
  for (const v of versions) {
    answers.set(v.key, (await post(v.sparql)).rows);
    const ms: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await post(v.sparql);
      ms.push(r.ms);
      cpu.push(r.cpu);
    }
    all.get(v.key)!.ms.push(...ms);
    all.get(v.key)!.cpu.push(...cpu);
    console.log(`| ${round} | ${v.key} | ${fmt(median(ms))} | ${fmt(Math.min(...ms))} | ${fmt(median(cpu))} |`);
  }
}
for (const v of versions) {
  const { ms, cpu } = all.get(v.key)!;
  console.log(`| all | ${v.key} (${v.file}) | ${fmt(median(ms))} | ${fmt(Math.min(...ms))} | ${fmt(median(cpu))} |`);
}
console.log(`\nsame answer from A and B: ${answers.get('A') === answers.get('B') ? 'yes' : 'NO'}`);
