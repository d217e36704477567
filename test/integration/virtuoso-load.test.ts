// Loading at scale (issue 16): the dump split into parts of whole lines (src/store/dump-split.ts), parallel bulk
// loaders against a real Virtuoso (scripts/virtuoso/start.sh through test/helpers/virtuoso.ts) with progress reports,
// the parts removed afterwards, a bad line named by the dump's own line numbers, and `huggingkg load` printing progress
// lines.

import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { splitDump } from '../../src/store/dump-split.js';
import { progressLine, progressPrinter } from '../../src/store/command.js';
import { defaultLoaders, graphSize, loadIntoVirtuoso, type LoadProgress } from '../../src/store/virtuoso.js';
import { requireVirtuoso, startVirtuoso, type RunningVirtuoso } from '../helpers/virtuoso.js';
import { tempDir } from '../helpers/temp-dirs.js';

const lines = (n: number, graph = 'urn:x-test:') =>
  Array.from({ length: n }, (_, i) => `<${graph}s${i}> <${graph}p> "line ${i + 1}" .`);

describe('dump split (src/store/dump-split.ts)', () => {
  it('cuts a gzipped dump into parts of whole lines, in order, and reports each finished part', async () => {
    const dir = tempDir('hkg-split-');
    const text = lines(25).join('\n') + '\n';
    writeFileSync(join(dir, 'd.nt.gz'), gzipSync(text));
    const seen: string[] = [];
    const parts = await splitDump(join(dir, 'd.nt.gz'), join(dir, 'parts'), {
      partLines: 10,
      onPart: (p) => {
        assert.ok(existsSync(p.file), 'a part is written before it is reported');
        seen.push(p.name);
      },
    });
    assert.deepEqual(
      parts.map((p) => [p.name, p.firstLine, p.lines]),
      [
        ['part-00001.nt', 1, 10],
        ['part-00002.nt', 11, 10],
        ['part-00003.nt', 21, 5],
      ],
    );
    assert.deepEqual(
      seen,
      parts.map((p) => p.name),
    );
    assert.equal(parts.map((p) => readFileSync(p.file, 'utf8')).join(''), text);
  });

  it('keeps a last line without a newline, and N-Quads parts end in .nq', async () => {
    const dir = tempDir('hkg-split-');
    writeFileSync(join(dir, 'd.nq'), lines(3).join('\n'));
    const parts = await splitDump(join(dir, 'd.nq'), join(dir, 'parts'), { partLines: 2 });
    assert.deepEqual(
      parts.map((p) => [p.name, p.lines]),
      [
        ['part-00001.nq', 2],
        ['part-00002.nq', 1],
      ],
    );
    assert.equal(readFileSync(parts[1]!.file, 'utf8'), lines(3)[2]);
  });

  it('stops when a part is refused', async () => {
    const dir = tempDir('hkg-split-');
    writeFileSync(join(dir, 'd.nt'), lines(30).join('\n') + '\n');
    await assert.rejects(
      splitDump(join(dir, 'd.nt'), join(dir, 'parts'), {
        partLines: 5,
        onPart: async (p) => {
          if (p.name === 'part-00002.nt') throw new Error('refused');
        },
      }),
      /refused/,
    );
    assert.equal(readdirSync(join(dir, 'parts')).length, 2);
  });
});

describe('load progress lines (src/store/command.ts)', () => {
  const p = (over: Partial<LoadProgress>): LoadProgress => ({
    linesSplit: 0,
    splitDone: false,
    parts: 0,
    partsLoaded: 0,
    linesLoaded: 0,
    seconds: 0,
    ...over,
  });

  it('says what is split and loaded, of how many triples', () => {
    assert.equal(
      progressLine(
        p({ linesSplit: 4_000_000, parts: 2, partsLoaded: 1, linesLoaded: 2_000_000, seconds: 12.4 }),
        38_000_000,
      ),
      'load: 2.0M of 38.0M triples loaded (5%), 1/split 4.0M of 38.0M lines into 2 parts so far, 12 s',
    );
    assert.equal(
      progressLine(
        p({
          linesSplit: 38_000_000,
          splitDone: true,
          parts: 19,
          partsLoaded: 19,
          linesLoaded: 38_000_000,
          seconds: 300,
        }),
      ),
      'load: 38.0M of 38.0M triples loaded (100%), 19/19 parts, 300 s',
    );
    assert.equal(progressLine(p({ splitDone: true, parts: 1, seconds: 5 })), 'load: loading, 5 s');
  });

  it('with the files loaded as they are, says how much of them Virtuoso has read', () => {
    const read = p({ splitDone: true, parts: 2, partsLoaded: 1, bytes: 800 * 2 ** 20, bytesRead: 200 * 2 ** 20 });
    assert.equal(progressLine({ ...read, seconds: 60 }), 'load: read 200 of 800 MB of 2 files (1 done) (25%), 60 s');
    assert.equal(
      progressLine({ ...read, parts: 1, partsLoaded: 0, seconds: 60 }, 40_000_000),
      'load: read 200 of 800 MB (25%), ~10.0M of 40.0M triples, 60 s',
    );
  });

  it('prints one line per report off a terminal, and rewrites one line on a terminal', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const print = progressPrinter(out, 100);
    print(p({ linesSplit: 50, parts: 1, seconds: 5 }));
    print(p({ linesSplit: 100, splitDone: true, parts: 2, partsLoaded: 2, linesLoaded: 100, seconds: 10 }));
    assert.equal(text.split('\n').filter(Boolean).length, 2);
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    let ttyText = '';
    tty.on('data', (d: Buffer) => (ttyText += d.toString()));
    progressPrinter(tty, 100)(p({ seconds: 1 }));
    assert.ok(ttyText.startsWith('\r\x1b[K') && !ttyText.includes('\n'));
  });
});

describe('loaders for a machine (src/store/virtuoso.ts defaultLoaders)', () => {
  it("one per 2.5 cores, at least one: a 2-core machine's one loader keeps both cores busy", () => {
    assert.deepEqual(
      [1, 2, 4, 5, 8, 16].map((cores) => defaultLoaders(cores)),
      [1, 1, 1, 2, 3, 6],
    );
  });
});

describe('parallel bulk load into a real Virtuoso @virtuoso', function () {
  this.timeout(120_000);
  let virtuoso: RunningVirtuoso | undefined;
  let dumps: string;

  before(async function () {
    requireVirtuoso();
    dumps = tempDir('hkg-vload-');
    virtuoso = await startVirtuoso([dumps]);
  });
  after(async () => virtuoso?.stop());

  it('loads a dump split into parts with two loaders, reports progress to the end and removes the parts', async () => {
    const out = join(dumps, 'ok');
    mkdirSync(out);
    writeFileSync(join(out, 'huggingkg.nt.gz'), gzipSync(lines(1000, 'urn:x-ok:').join('\n') + '\n'));
    const reports: LoadProgress[] = [];
    const r = await loadIntoVirtuoso({
      from: out,
      port: virtuoso!.isqlPort,
      graph: 'urn:x-test:ok',
      loaders: 2,
      partLines: 150,
      progressEveryMs: 50,
      onProgress: (p) => reports.push(p),
    });
    assert.equal(r.triples, 1000);
    assert.equal(await graphSize({ port: virtuoso!.isqlPort }, 'urn:x-test:ok'), 1000);
    const last = reports.at(-1)!;
    assert.deepEqual(
      [last.splitDone, last.parts, last.partsLoaded, last.linesLoaded, last.linesSplit],
      [true, 7, 7, 1000, 1000],
    );
    assert.deepEqual(readdirSync(out), ['huggingkg.nt.gz'], 'the parts are gone');
  });

  it("names a malformed line by the dump's own line numbers, and leaves no parts behind", async () => {
    const out = join(dumps, 'bad');
    mkdirSync(out);
    const text = lines(40, 'urn:x-bad:');
    text[24] = '<urn:x-bad:s> <urn:x-bad:p> "unterminated .';
    writeFileSync(join(out, 'huggingkg.nt.gz'), gzipSync(text.join('\n') + '\n'));
    await assert.rejects(
      loadIntoVirtuoso({ from: out, port: virtuoso!.isqlPort, graph: 'urn:x-test:bad', loaders: 2, partLines: 10 }),
      /failed to load .*huggingkg\.nt\.gz \(lines 21-30/,
    );
    assert.deepEqual(readdirSync(out), ['huggingkg.nt.gz']);
  });

  it('loads more files with the dump (--also) in parts named by their file, one checkpoint for all', async () => {
    const out = join(dumps, 'also');
    mkdirSync(out);
    writeFileSync(join(out, 'huggingkg.nt.gz'), gzipSync(lines(300, 'urn:x-also1:').join('\n') + '\n'));
    writeFileSync(join(out, 'stats.nt'), lines(120, 'urn:x-also2:').join('\n') + '\n');
    const bad = lines(50, 'urn:x-also3:');
    bad[41] = '<urn:x-also3:s> <urn:x-also3:p> "unterminated .';
    writeFileSync(join(out, 'bad.nt.gz'), gzipSync(bad.join('\n') + '\n'));
    const reports: LoadProgress[] = [];
    const r = await loadIntoVirtuoso({
      from: out,
      also: [join(out, 'stats.nt')],
      port: virtuoso!.isqlPort,
      graph: 'urn:x-test:also',
      loaders: 2,
      partLines: 100,
      progressEveryMs: 50,
      onProgress: (x) => reports.push(x),
    });
    assert.equal(r.triples, 420);
    assert.deepEqual(r.files, [join(out, 'huggingkg.nt.gz'), join(out, 'stats.nt')]);
    const last = reports.at(-1)!;
    assert.deepEqual([last.parts, last.partsLoaded, last.linesLoaded, last.linesSplit], [5, 5, 420, 420]);
    await assert.rejects(
      loadIntoVirtuoso({
        from: out,
        also: [join(out, 'stats.nt'), join(out, 'bad.nt.gz')],
        port: virtuoso!.isqlPort,
        graph: 'urn:x-test:also-bad',
        loaders: 2,
        partLines: 20,
      }),
      /failed to load .*bad\.nt\.gz \(lines 41-50, split into .*part-3-00003\.nt/,
    );
    assert.deepEqual(readdirSync(out).sort(), ['bad.nt.gz', 'huggingkg.nt.gz', 'stats.nt']);
  });

  it('one loader loads the files as they are and reports how much of them it has read', async () => {
    const out = join(dumps, 'direct');
    mkdirSync(out);
    // big enough to be read over more than one progress report
    writeFileSync(join(out, 'huggingkg.nt'), lines(60_000, 'urn:x-direct1:').join('\n') + '\n');
    writeFileSync(join(out, 'more.nt.gz'), gzipSync(lines(500, 'urn:x-direct2:').join('\n') + '\n'));
    const reports: LoadProgress[] = [];
    const r = await loadIntoVirtuoso({
      from: join(out, 'huggingkg.nt'),
      also: [join(out, 'more.nt.gz')],
      port: virtuoso!.isqlPort,
      graph: 'urn:x-test:direct',
      loaders: 1,
      progressEveryMs: 20,
      onProgress: (x) => reports.push(x),
    });
    assert.equal(r.triples, 60_500);
    const last = reports.at(-1)!;
    assert.equal(last.bytes, statSync(join(out, 'huggingkg.nt')).size + statSync(join(out, 'more.nt.gz')).size);
    assert.deepEqual([last.bytesRead, last.parts, last.partsLoaded], [last.bytes, 2, 2]);
    assert.ok(
      reports.every((x, i) => i === 0 || x.bytesRead! >= reports[i - 1]!.bytesRead!),
      'what is read only grows',
    );
  });

  it('refuses a file Virtuoso may not read before clearing the graph, naming the start.sh flag', async function () {
    // Virtuoso reads /tmp whatever DirsAllowed says, so the refused file lives in /dev/shm
    if (!existsSync('/dev/shm')) this.skip();
    const out = join(dumps, 'keep');
    mkdirSync(out);
    writeFileSync(join(out, 'huggingkg.nt.gz'), gzipSync(lines(10, 'urn:x-keep:').join('\n') + '\n'));
    await loadIntoVirtuoso({ from: out, port: virtuoso!.isqlPort, graph: 'urn:x-test:keep' });
    const elsewhere = mkdtempSync('/dev/shm/hkg-vload-denied-');
    try {
      writeFileSync(join(elsewhere, 'x.nt'), lines(5, 'urn:x-denied:').join('\n') + '\n');
      await assert.rejects(
        loadIntoVirtuoso({
          from: out,
          also: [join(elsewhere, 'x.nt')],
          port: virtuoso!.isqlPort,
          graph: 'urn:x-test:keep',
          loaders: 1,
        }),
        new RegExp(`may not read ${elsewhere}.*--dump-dir ${elsewhere}`),
      );
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    assert.equal(await graphSize({ port: virtuoso!.isqlPort }, 'urn:x-test:keep'), 10, 'the graph is as it was');
  });

  it('one loader loads the file as it is (Turtle, which cannot be split at line ends, too)', async () => {
    const out = join(dumps, 'ttl');
    mkdirSync(out);
    writeFileSync(join(out, 'g.ttl'), '@prefix x: <urn:x-ttl:> .\nx:a x:p "1" ;\n  x:q "2" .\n');
    const r = await loadIntoVirtuoso({ from: join(out, 'g.ttl'), port: virtuoso!.isqlPort, graph: 'urn:x-test:ttl' });
    assert.equal(r.triples, 2);
  });
});
