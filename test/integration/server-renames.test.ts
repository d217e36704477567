// A renamed repository on the server: the bundled sample holds the recorded `gpt2` and `openai-community/gpt2` records
// (one repository), which the build links with owl:sameAs; the old IRI answers 301 to the current one, whose
// description lists the old name, and the old name's own description stays at its /data document.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build } from '../../src/build/build.js';
import { SAMPLE_SNAPSHOT } from '../../src/paths.js';
import type { RunningServer } from '../../src/server/app.js';
import { NS } from '../../src/vocab.js';
import { has, parseRdf, raw, startTestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/temp-dirs.js';

const B = 'https://w3id.org/huggingkg/';
const OLD = `${B}model/gpt2`;
const CURRENT = `${B}model/openai-community/gpt2`;

describe('server: renamed repositories @slow', function () {
  this.timeout(120_000);
  let server: RunningServer;
  before(async () => {
    const out = join(tempDir('hkg-renames-'), 'out');
    await build({ snapshot: SAMPLE_SNAPSHOT, out, validate: false, progress: false });
    server = await startTestServer({ outDir: out });
  });
  after(async () => server?.close());

  it('answers the old IRI with 301 to the current one, keeping ?format=', async () => {
    const r = await raw(server.url, '/model/gpt2', { headers: { accept: 'text/turtle' } });
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, '/model/openai-community/gpt2');
    const withFormat = await raw(server.url, '/model/gpt2?format=nt');
    assert.equal(withFormat.headers.location, '/model/openai-community/gpt2?format=nt');
    // The current IRI negotiates as any other.
    const current = await raw(server.url, '/model/openai-community/gpt2', { headers: { accept: 'text/turtle' } });
    assert.equal(current.status, 303);
  });

  it('lists the old name in the current description, and keeps the old description at its /data document', async () => {
    const current = await raw(server.url, '/data/model/openai-community/gpt2?format=ttl');
    assert.ok(has(await parseRdf(current.text, 'text/turtle'), OLD, NS.owl + 'sameAs', CURRENT));
    const old = await raw(server.url, '/data/model/gpt2?format=ttl');
    assert.equal(old.status, 200);
    assert.ok(has(await parseRdf(old.text, 'text/turtle'), OLD, NS.owl + 'sameAs', CURRENT));
  });

  it('describes the sameAs links as a VoID linkset of the dataset', async () => {
    const quads = await parseRdf((await raw(server.url, '/void?format=nt')).text, 'application/n-triples');
    const linkset = `${B}void#renames`;
    assert.ok(has(quads, linkset, NS.rdf + 'type', NS.void + 'Linkset'));
    assert.ok(has(quads, linkset, NS.void + 'linkPredicate', NS.owl + 'sameAs'));
    assert.ok(has(quads, linkset, NS.void + 'triples', '1'));
    assert.ok(has(quads, `${B}void#HuggingKG`, NS.void + 'subset', linkset));
  });

  it('answers an entity that is no old name with 303 as before', async () => {
    const r = await raw(server.url, '/model/HuggingFaceH4/zephyr-7b-beta', { headers: { accept: 'text/turtle' } });
    assert.equal(r.status, 303);
    assert.equal((await raw(server.url, '/model/no-such/model')).status, 404);
  });
});
