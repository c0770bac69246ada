/** Golden CLI tests for `protocheck protocols` (text, JSON, filters, versions, errors; with exit codes). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { golden, runMain } from '../helpers/golden.js';
import { PROTOCOL_IDS } from '../../src/protocols/index.js';

const CASES: Array<{ name: string; args: string[]; code: number }> = [
  { name: 'text', args: ['protocols'], code: 0 },
  { name: 'json', args: ['protocols', '--json'], code: 0 },
  { name: 'filter', args: ['protocols', 'mysql', 'nats', 'smtp', 'ssh'], code: 0 },
  { name: 'filter-json', args: ['protocols', 'redis', '--json'], code: 0 },
  { name: 'linkerd-2.8', args: ['protocols', 'mysql', 'smtp', 'postgresql', '--linkerd', '2.8'], code: 0 },
  { name: 'linkerd-2.9.3', args: ['protocols', 'mysql', 'postgresql', 'memcached', '--linkerd', '2.9.3'], code: 0 },
  { name: 'linkerd-2.10', args: ['protocols', 'redis', 'elasticsearch', 'mysql', '--linkerd', '2.10'], code: 0 },
  { name: 'port-443', args: ['protocols', '--port', '443'], code: 0 },
  { name: 'name-tcp-mysql', args: ['protocols', '--name', 'tcp-mysql'], code: 0 },
  { name: 'image-json', args: ['protocols', '--image', 'docker.io/bitnami/nats:2.10', '--json'], code: 0 },
  { name: 'lookup-none', args: ['protocols', '--port', '4222', '--image', 'redis:7'], code: 1 },
  { name: 'error-unknown-id', args: ['protocols', 'mysql', 'nope'], code: 2 },
  { name: 'error-bad-port', args: ['protocols', '--port', '70000'], code: 2 },
  { name: 'error-bad-version', args: ['protocols', '--linkerd', '3.0'], code: 2 },
];

for (const c of CASES) {
  test(`golden protocols/${c.name}`, async () => {
    const r = await golden(`protocols/${c.name}`, c.args);
    assert.equal(r.code, c.code);
    if (c.code === 2) {
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one-line error');
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    } else {
      assert.equal(r.stderr, '');
      assert.ok(r.stdout.length > 0);
    }
  });
}

test('protocols --json lists every id once, in contract order, with the Linkerd view', async () => {
  const r = await runMain(['protocols', '--json']);
  assert.equal(r.code, 0);
  const data = JSON.parse(r.stdout) as { linkerd: { defaultOpaquePorts: string }; protocols: Array<{ id: string; linkerd: { needsConfig: number[]; defaultOpaque: number[] } }> };
  assert.deepEqual(data.protocols.map((p) => p.id), [...PROTOCOL_IDS]);
  assert.equal(data.linkerd.defaultOpaquePorts, '25,587,3306,4444,5432,6379,9300,11211');
  const nats = data.protocols.find((p) => p.id === 'nats');
  assert.deepEqual(nats?.linkerd.needsConfig, [4222, 6222, 7422]);
  assert.deepEqual(data.protocols.find((p) => p.id === 'mysql')?.linkerd.defaultOpaque, [3306]);
});

test('protocols text has no color codes when piped, and colors with FORCE_COLOR', async () => {
  assert.doesNotMatch((await runMain(['protocols', 'smtp'])).stdout, /\x1b\[/);
  assert.match((await runMain(['protocols', 'smtp'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout, /\x1b\[/);
});
