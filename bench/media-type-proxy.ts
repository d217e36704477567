// **media-type proxy** for the cold bench's Trifid row (bench/load-cold.ts; not a test, not part of the toolkit): a
// loopback HTTP proxy in front of Virtuoso that changes only media types. Trifid's entity renderer asks for
// `application/n-quads`, which Debian's Virtuoso 7.2 refuses (406), and Virtuoso labels the N-Triples it does write
// `text/plain`, which Trifid cannot parse (its process then crashes on a null stream). The proxy asks Virtuoso for
// `application/n-triples` instead (an N-Triples document is an N-Quads document with every triple in the default graph)
// and labels the answer `application/n-triples`. Bodies, status codes, every other header and every other request pass
// through untouched. Run as its own process: node dist/bench/media-type-proxy.js TARGET_URL; prints its URL (usage:
// see USAGE, `--help`).

import http from 'node:http';
import { parseBenchArgs, usageError } from './args.js';

/** What `--help` prints. */
const USAGE = `usage: node dist/bench/media-type-proxy.js TARGET_URL

A loopback HTTP proxy in front of Virtuoso for the cold bench's Trifid row (bench/load-cold.ts starts it): asks
Virtuoso for application/n-triples where a request asks for application/n-quads, and labels Virtuoso's successful
text/plain answers application/n-triples; everything else passes through untouched. Listens on a free port of 127.0.0.1,
prints its URL (with TARGET_URL's path) and runs until it is stopped. Writes nothing.

arguments:
  TARGET_URL        Virtuoso's SPARQL endpoint, e.g. http://127.0.0.1:8890/sparql

options:
  -h, --help        print this and exit`;

const [targetArg, ...extra] = parseBenchArgs(USAGE, {}, { positionals: true }).positionals;
if (targetArg === undefined || extra.length > 0) usageError(USAGE, 'one TARGET_URL expected');
const target = URL.canParse(targetArg) ? new URL(targetArg) : usageError(USAGE, `not a URL: ${targetArg}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** The Accept header Virtuoso 7.2 can answer: N-Quads asked for as N-Triples, anything else as is. */
function acceptFor(accept: string | undefined): string | undefined {
  return accept?.replace(/application\/n-quads/g, 'application/n-triples');
}

const server = http.createServer((req, res) => {
  const headers = { ...req.headers, host: target.host };
  const accept = acceptFor(req.headers.accept);
  if (accept !== undefined) headers.accept = accept;
  const upstream = http.request(
    { agent, host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
    (answer) => {
      const out = { ...answer.headers };
      // Virtuoso labels the N-Triples of a successful CONSTRUCT/DESCRIBE text/plain (error messages stay as they are).
      const ok = (answer.statusCode ?? 0) < 300;
      if (ok && /^text\/plain\b/i.test(String(out['content-type'] ?? '')))
        out['content-type'] = 'application/n-triples';
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`media-type proxy: ${err.message}`);
  });
  req.pipe(upstream);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`http://127.0.0.1:${port}${target.pathname}`);
});
