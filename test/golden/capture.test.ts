/** Golden CLI tests of `protocheck capture` on the committed fixtures (test/golden/capture/*.md). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { golden, REPO_ROOT } from '../helpers/golden.js';

const FX = 'test/capture/fixtures';

test('server-first MariaDB on a port outside the default opaque list: needs opaque, exit 1', async () => {
  const r = await golden('capture/mariadb', ['capture', `${FX}/mariadb.pcap`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /needs opaque/);
});

test('client-first HTTP/1.1: nothing to do, exit 0', async () => {
  const r = await golden('capture/http1', ['capture', `${FX}/http1.pcap`]);
  assert.equal(r.code, 0);
});

test('pcapng with two interfaces, JSON', async () => {
  const r = await golden('capture/mixed-json', ['capture', `${FX}/mixed.pcapng`, '--json']);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout) as { flows: unknown[]; ports: { port: number }[]; skipped: object };
  assert.equal(j.flows.length, 2);
  assert.deepEqual(j.ports.map((p) => p.port), [47006, 47080]);
});

test('SMTP from unmeshed clients, as Linkerd 2.10 sees it', async () => {
  const r = await golden('capture/smtp-unmeshed-2.10', ['capture', `${FX}/smtp.pcap`, '--client', 'unmeshed', '--linkerd', '2.10']);
  assert.equal(r.code, 1);
});

test('--opaque-ports already covering the port: exit 0', async () => {
  const r = await golden('capture/smtp-opaque', ['capture', `${FX}/smtp.pcap`, '--opaque-ports', '47025']);
  assert.equal(r.code, 0);
});

test('--port keeps one port of a two-port capture', async () => {
  const r = await golden('capture/mixed-port', ['capture', `${FX}/mixed.pcapng`, '--port', '47080']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /1 flow to other ports/);
});

test('standard input', async () => {
  const r = await golden('capture/stdin', ['capture', '-'], { input: readFileSync(join(REPO_ROOT, FX, 'redis.pcap')) });
  assert.equal(r.code, 0);
});

test('truncated capture: what was readable, then a note on stderr of where and why reading stopped', async () => {
  const r = await golden('capture/truncated', ['capture', `${FX}/smtp-truncated.pcap`]);
  assert.match(r.stderr, /reading stopped at byte \d+ \(truncated\)/);
});

test('bad input: not a capture, missing file, bad --port (exit 2, one line)', async () => {
  assert.equal((await golden('capture/not-a-capture', ['capture', 'package.json'])).code, 2);
  assert.equal((await golden('capture/missing', ['capture', `${FX}/nope.pcap`])).code, 2);
  assert.equal((await golden('capture/bad-port', ['capture', `${FX}/http1.pcap`, '--port', '70000'])).code, 2);
  assert.equal((await golden('capture/no-file', ['capture'])).code, 2);
});

test('synthetic mix: disagreeing flows, off-cluster server note, skipped traffic', async () => {
  const r = await golden('capture/synthetic-mix', ['capture', `${FX}/synthetic-mix.pcap`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /server \(3 of 4\)/);
  assert.match(r.stdout, /52\.10\.20\.30 is outside clusterNetworks/);
  const ext = await golden('capture/synthetic-mix-external', ['capture', `${FX}/synthetic-mix.pcap`, '--server', 'external', '--port', '3306']);
  assert.equal(ext.code, 1);
});

test('a real capture of several clients and ports', async () => {
  const r = await golden('capture/several', ['capture', `${FX}/several.pcap`]);
  assert.equal(r.code, 1);
});

test('--workload, --service and -n name the objects the fixes apply to', async () => {
  const r = await golden('capture/smtp-workload', ['capture', `${FX}/smtp.pcap`, '--workload', 'deploy/mail', '--service', 'mail', '-n', 'prod', '--max-flows', '0']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /Deployment\/mail -n prod: config\.linkerd\.io\/opaque-ports/);
});
