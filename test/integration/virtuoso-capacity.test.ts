// The embedded store's early size check (src/store/capacity.ts): refuses graphs above the measured limit with a
// message naming the external (Virtuoso) mode; `huggingkg load --store embedded` applies it to a build's report.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { embeddedMaxTriplesEnv } from '../../src/cli/env.js';
import { UsageError } from '../../src/cli/options.js';
import {
  checkEmbeddedCapacity,
  EmbeddedCapacityError,
  EMBEDDED_MAX_TRIPLES,
  GZ_BYTES_PER_TRIPLE,
} from '../../src/store/capacity.js';
import { registerLoad } from '../../src/store/command.js';

describe('embedded store capacity check', () => {
  it('accepts graphs up to the limit and refuses bigger ones, naming the external mode', () => {
    assert.doesNotThrow(() => checkEmbeddedCapacity(EMBEDDED_MAX_TRIPLES));
    assert.throws(
      () => checkEmbeddedCapacity(EMBEDDED_MAX_TRIPLES + 1),
      (e: Error) =>
        e instanceof EmbeddedCapacityError &&
        /huggingkg load --store virtuoso/.test(e.message) &&
        /serve --endpoint/.test(e.message),
    );
  });

  it('estimates from the gzip dump size when the triple count is unknown', () => {
    assert.doesNotThrow(() => checkEmbeddedCapacity({ gzBytes: 1_000_000 }));
    assert.throws(
      () => checkEmbeddedCapacity({ gzBytes: (EMBEDDED_MAX_TRIPLES + 1e6) * GZ_BYTES_PER_TRIPLE }),
      /about [\d,]+ triples/,
    );
    assert.throws(
      () => checkEmbeddedCapacity({ triples: EMBEDDED_MAX_TRIPLES * 2, gzBytes: 1 }),
      EmbeddedCapacityError,
    );
  });

  it(
    'HUGGINGKG_EMBEDDED_MAX_TRIPLES overrides the limit; a value ' + 'that is not a positive integer is a usage error',
    () => {
      assert.throws(() => checkEmbeddedCapacity(101, 100), /more than the embedded store holds \(100;/);
      assert.equal(embeddedMaxTriplesEnv({ HUGGINGKG_EMBEDDED_MAX_TRIPLES: '100' }), 100);
      assert.equal(embeddedMaxTriplesEnv({}), undefined);
      assert.throws(
        () => embeddedMaxTriplesEnv({ HUGGINGKG_EMBEDDED_MAX_TRIPLES: 'nonsense' }),
        (e: Error) =>
          e instanceof UsageError &&
          /HUGGINGKG_EMBEDDED_MAX_TRIPLES must be a positive integer, got "nonsense"/.test(e.message),
      );
    },
  );

  it('`huggingkg load --store embedded` checks a build report; unknown stores are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hkg-capacity-'));
    try {
      writeFileSync(join(dir, 'huggingkg.nt.gz'), '');
      writeFileSync(join(dir, 'build-report.json'), JSON.stringify({ triples: EMBEDDED_MAX_TRIPLES + 5 }));
      const program = new Command().exitOverride();
      registerLoad(program);
      await assert.rejects(
        program.parseAsync(['node', 'huggingkg', 'load', '--store', 'embedded', '--from', dir]),
        EmbeddedCapacityError,
      );
      const other = new Command().exitOverride().configureOutput({ writeErr: () => {} });
      registerLoad(other);
      await assert.rejects(
        other.parseAsync(['node', 'huggingkg', 'load', '--store', 'fuseki', '--from', dir]),
        /--store must be virtuoso or embedded/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
