// Recomputes the build-time statistics of the hand-made server test graph (test/fixtures/graph), as `huggingkg build`
// would write them, and rewrites huggingkg.nt, huggingkg.nt.gz and the counts in build-report.json and void.ttl.
// Run after `npx tsc -p .` when a statistic is added or changed: `node scripts/fixture-graph-statistics.mjs`.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import N3 from 'n3';
import { GraphStatistics, isStatisticLine } from '../dist/src/stats/graph-statistics.js';

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'graph');
const ntFile = join(dir, 'huggingkg.nt');
const kept = readFileSync(ntFile, 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !isStatisticLine(line));
const statistics = new GraphStatistics();
for (const line of kept) statistics.addLine(line);
const statisticLines = new N3.Writer({ format: 'N-Triples' })
  .quadsToString(statistics.quads())
  .split('\n')
  .filter(Boolean);
const lines = [...kept, ...statisticLines];
const nt = `${lines.join('\n')}\n`;
writeFileSync(ntFile, nt);
// gzip -9 -n: no name or time stamp, so the same text gives the same bytes
const gz = gzipSync(nt, { level: 9 });
writeFileSync(join(dir, 'huggingkg.nt.gz'), gz);

const reportFile = join(dir, 'build-report.json');
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const previous = report.triples;
report.triples = lines.length;
for (const dump of report.dumps) {
  if (dump.name !== 'huggingkg.nt.gz') continue;
  dump.bytes = gz.length;
  dump.sha256 = createHash('sha256').update(gz).digest('hex');
}
writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
const voidFile = join(dir, 'void.ttl');
writeFileSync(
  voidFile,
  readFileSync(voidFile, 'utf8').replace(`void:triples ${previous} ;`, `void:triples ${lines.length} ;`),
);
console.log(`${kept.length} triples and ${statisticLines.length} statistic triples in ${ntFile}`);
