/** Golden CLI tests of `protocheck logs` on the committed fixtures (test/golden/logs/*.md; sources in test/logs/fixtures/README.md). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { golden, REPO_ROOT } from '../helpers/golden.js';

const FX = 'test/logs/fixtures';

test('three pods of Linkerd 2.18 with --cluster: Services, workloads and exact fixes; exit 1', async () => {
  const r = await golden('logs/two-pods-cluster', ['logs', `${FX}/two-pods-2.18.log`, '--cluster', `${FX}/cluster.json`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /Service mail\/relay, Deployment\/relay -n mail/);
});

test('the same lines without a dump: addresses and ports only', async () => {
  assert.equal((await golden('logs/two-pods', ['logs', `${FX}/two-pods-2.18.log`])).code, 1);
});

test('the JSON log format', async () => {
  assert.equal((await golden('logs/json-format', ['logs', `${FX}/json-2.18.log`])).code, 1);
});

test('real lines from public threads (2.11 era)', async () => {
  const r = await golden('logs/real-threads', ['logs', `${FX}/real-threads.log`]);
  assert.match(r.stdout, /lines from Linkerd 2\.11\.2-2\.11/);
});

test('Linkerd 2.9 lines, --json', async () => {
  const r = await golden('logs/plain-2.9-json', ['logs', `${FX}/plain-2.9.log`, '--json']);
  assert.equal(r.code, 1);
  JSON.parse(r.stdout);
});

test('standard input with noise only: no event, exit 0; the 2.20 DEBUG-only note', async () => {
  const noise = readFileSync(join(REPO_ROOT, FX, 'real-threads.log'), 'utf8').split('\n').slice(2, 3).join('\n') + '\n';
  const r = await golden('logs/stdin-noise', ['logs', '--linkerd', '2.20'], { input: noise });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /DEBUG only/);
});

test('--linkerd 2.8: the release logs no detection timeout at the default level', async () => {
  assert.equal((await golden('logs/linkerd-2.8', ['logs', '--linkerd', '2.8'], { input: 'nothing here\n' })).code, 0);
});

test('--help', async () => {
  const r = await golden('logs/help', ['logs', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Exit codes:/);
});

test('input errors: one line, exit 2', async () => {
  assert.equal((await golden('logs/error-missing-file', ['logs', `${FX}/nope.log`])).code, 2);
  assert.equal((await golden('logs/error-cluster-not-json', ['logs', `${FX}/plain-2.9.log`, '--cluster', `${FX}/plain-2.9.log`])).code, 2);
  assert.equal((await golden('logs/error-stdin-twice', ['logs', '-', '-'])).code, 2);
  assert.equal((await golden('logs/error-bad-linkerd', ['logs', '--linkerd', '3.0'])).code, 2);
});
