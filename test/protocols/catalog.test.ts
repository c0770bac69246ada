/** The catalog behind `protocheck protocols`: Linkerd coverage per version, the JSON schema, and the docs kept in sync. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { buildCatalog, type Catalog } from '../../src/protocols/catalog.js';
import { defaultsFor } from '../../src/linkerd/model.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { renderReference } from './reference.js';
import { CATALOG_SCHEMA } from './catalog-schema.js';
import { REPO_ROOT } from '../helpers/golden.js';

function catalog(version: string): Catalog {
  const v = parseLinkerdVersion(version);
  return buildCatalog(v, defaultsFor(v));
}

function entry(c: Catalog, id: string) {
  const e = c.protocols.find((p) => p.id === id);
  assert.ok(e, id);
  return e;
}

test('current defaults: MySQL 3306 and SMTP 25/587 are opaque; NATS, FTP, POP3, IMAP need configuration', () => {
  const c = catalog('latest');
  assert.deepEqual(entry(c, 'mysql').linkerd.defaultOpaque, [3306]);
  assert.deepEqual(entry(c, 'smtp').linkerd.defaultOpaque, [25, 587]);
  assert.deepEqual(entry(c, 'smtp').linkerd.needsConfig, [2525], '465 is implicit TLS: client-first');
  assert.deepEqual(entry(c, 'nats').linkerd.needsConfig, [4222, 6222, 7422]);
  assert.deepEqual(entry(c, 'ftp').linkerd.needsConfig, [21]);
  assert.deepEqual(entry(c, 'imap').linkerd.needsConfig, [143]);
  assert.deepEqual(entry(c, 'ssh').linkerd.needsConfig, [], 'SSH clients do not wait');
  assert.deepEqual(entry(c, 'redis').linkerd.needsConfig, [], 'client-first');
});

test('2.10 has no 6379/9300 in its opaque list; 2.9.x skips instead; 2.8 never detects on 25, 587, 3306', () => {
  assert.deepEqual(entry(catalog('2.10'), 'redis').linkerd.defaultOpaque, []);
  assert.deepEqual(entry(catalog('2.10'), 'elasticsearch').linkerd.defaultOpaque, []);
  const c29 = catalog('2.9.3');
  assert.deepEqual(entry(c29, 'mysql').linkerd.defaultSkipInbound, [3306]);
  assert.deepEqual(entry(c29, 'postgresql').linkerd.defaultSkipOutbound, [5432]);
  assert.deepEqual(entry(catalog('2.9.0'), 'postgresql').linkerd.defaultSkipOutbound, [], '5432 was added in 2.9.3');
  assert.equal(c29.linkerd.opaqueSupported, false);
  const c28 = catalog('2.8');
  assert.deepEqual(entry(c28, 'mysql').linkerd.builtinNoDetect, [3306]);
  assert.ok(!entry(c28, 'mysql').linkerd.needsConfig.includes(3306));
});

test('every catalog entry cites its matchers and probes', () => {
  const c = catalog('latest');
  assert.ok(entry(c, 'mysql').matchers.banner.includes('mysql-handshake-v10'));
  assert.ok(entry(c, 'ftp').matchers.banner.includes('smtp-ftp-reply'), 'shared SMTP/FTP reply matcher is listed for FTP too');
  assert.deepEqual(entry(c, 'redis').probes, ['redis-info']);
  for (const p of c.protocols) {
    if (p.id === 'unknown') continue;
    const n = p.matchers.banner.length + p.matchers.clientBytes.length + p.matchers.reply.length;
    assert.ok(n > 0, `${p.id} has no matcher`);
  }
});

test('the --json output validates against the documented schema', () => {
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  const validate = ajv.compile(CATALOG_SCHEMA);
  for (const v of ['latest', '2.8', '2.9.3', '2.14']) {
    const data = JSON.parse(JSON.stringify(catalog(v)));
    assert.ok(validate(data), `${v}: ${ajv.errorsText(validate.errors)}`);
  }
});

test('docs/commands/protocols.md carries the schema verbatim', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'commands', 'protocols.md'), 'utf8');
  assert.ok(doc.includes(JSON.stringify(CATALOG_SCHEMA, null, 2)), 'schema in docs differs from test/protocols/catalog-schema.ts');
});

test('docs/protocols.md is generated from the knowledge base (UPDATE_GOLDEN=1 rewrites it)', () => {
  const file = join(REPO_ROOT, 'docs', 'protocols.md');
  const text = renderReference();
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, text);
  assert.equal(readFileSync(file, 'utf8'), text);
});
