// **cli bench** (not a test): how long the command line takes to start. (1) `huggingkg --help` and `huggingkg CMD
// --help`, median of --runs runs each; (2) with --from OUT, a canned query over a build directory: loading the graph
// in the command (--no-server) against asking a `huggingkg serve --from OUT` that is already running.
// Prints a markdown table; --out FILE appends it, with the machine's load average, to FILE.
// Usage: see USAGE (`node dist/bench/cli.js --help`; --cli points at another checkout's cli.js to measure the code
// before a change).

import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../src/paths.js';
import { integerArg, parseBenchArgs } from './args.js';
import { median } from './measure.js';

const COMMANDS = ['', 'crawl', 'build', 'validate', 'load', 'serve', 'query', 'sparql', 'eval', 'synth'];
const QUERY = ['query', 'most-derived-base-models'];

/** What `--help` prints: the options main() reads, with their defaults. */
const USAGE = `usage: node dist/bench/cli.js [options]

Times how long the command line takes to start: \`huggingkg --help\` and \`huggingkg CMD --help\` for CMD in
${COMMANDS.filter(Boolean).join(', ')}, the median of --runs runs each; and with --from OUT,
the canned query \`${QUERY.join(' ')} --from OUT\` once with the graph loaded by the command, then
against a \`huggingkg serve --from OUT\` already running (median of --runs runs). Prints a markdown table; writes
nothing unless --out.

options:
  --cli FILE        the huggingkg CLI to time (default dist/src/cli.js; another checkout's, to measure the code before
                    a change)
  --label L         the rows' label (default current)
  --runs N          runs per command; the table shows their median (default 5)
  --from OUT        also time a canned query over this build directory (default: not)
  --out FILE        append the table, with the machine's load average, to FILE (default: print only)
  -h, --help        print this and exit`;

function seconds(args: string[], cli: string): number {
  const started = performance.now();
  try {
    execFileSync(process.execPath, [cli, ...args], { stdio: 'ignore' });
  } catch {
    // `sparql --help` of a checkout without that command exits non-zero: the time still says what starting costs.
  }
  return (performance.now() - started) / 1000;
}

/** Starts `serve --from OUT --port 0` and resolves with the process once it logs the URL it serves at. */
function startServer(cli: string, from: string): Promise<{ stop(): void }> {
  const child = spawn(process.execPath, [cli, 'serve', '--from', from, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (/serving .* at http/.test(log)) resolve({ stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before serving: ${log.slice(-500)}`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseBenchArgs(USAGE, {
    cli: { type: 'string', default: join(ROOT, 'dist', 'src', 'cli.js') },
    label: { type: 'string', default: 'current' },
    runs: { type: 'string', default: '5' },
    from: { type: 'string' },
    out: { type: 'string' },
  });
  const runs = integerArg(USAGE, '--runs', values.runs);
  const cli = values.cli;
  const rows: string[] = [];
  const load = loadavg()[0]!.toFixed(1);
  for (const command of COMMANDS) {
    const args = command ? [command, '--help'] : ['--help'];
    const times = Array.from({ length: runs }, () => seconds(args, cli));
    rows.push(`| ${values.label} | \`huggingkg ${args.join(' ')}\` | ${median(times).toFixed(2)} s | ${runs} |`);
  }
  if (values.from) {
    const from = values.from;
    // No server runs yet, so the command loads the graph itself.
    const loaded = seconds([...QUERY, '--from', from], cli);
    rows.push(
      `| ${values.label} | \`${QUERY.join(' ')} --from OUT\`, graph loaded by the command | ` +
        `${loaded.toFixed(2)} s | 1 |`,
    );
    const server = await startServer(cli, from);
    try {
      const times = Array.from({ length: runs }, () => seconds([...QUERY, '--from', from], cli));
      rows.push(
        `| ${values.label} | \`${QUERY.join(' ')} --from OUT\`, \`serve --from OUT\` running | ` +
          `${median(times).toFixed(2)} s | ${runs} |`,
      );
    } finally {
      server.stop();
    }
  }
  const table = [
    `Load average at the start: ${load}; cli: ${cli}${values.from ? `; OUT: ${values.from}` : ''}`,
    '',
    '| code | command | median wall time | runs |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(table);
  if (values.out) appendFileSync(values.out, `\n${table}`);
}

await main();
