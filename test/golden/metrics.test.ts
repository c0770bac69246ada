/** Golden CLI tests of `protocheck metrics` on fixtures built from the proxy's metric names and labels (test/metrics/fixtures). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { golden } from '../helpers/golden.js';

const FX = 'test/metrics/fixtures';

test('two pods of a 2.18+ proxy: timeouts, slow detections, TLS timeouts, at-risk ports; exit 1', async () => {
  const r = await golden('metrics/text', ['metrics', `${FX}/v2.366.0-two-pods.prom`]);
  assert.equal(r.code, 1);
});

test('--json', async () => {
  const r = await golden('metrics/json', ['metrics', `${FX}/v2.366.0-two-pods.prom`, '--json']);
  assert.equal(r.code, 1);
  JSON.parse(r.stdout);
});

test('a 2.17 proxy: the detection counters are missing, use logs', async () => {
  assert.equal((await golden('metrics/old-proxy', ['metrics', `${FX}/v2.268.0-no-detect-metrics.prom`, '--linkerd', '2.17'])).code, 1);
});

test('--help', async () => {
  assert.equal((await golden('metrics/help', ['metrics', '--help'])).code, 0);
});

test('input errors: one line, exit 2', async () => {
  assert.equal((await golden('metrics/error-empty', ['metrics'], { input: '' })).code, 2);
  assert.equal((await golden('metrics/error-missing-file', ['metrics', `${FX}/nope.prom`])).code, 2);
});
