import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMs, parseDuration } from '../../src/probe/duration.js';
import { UsageError } from '../../src/errors.js';

test('durations: units and bare seconds', () => {
  assert.equal(parseDuration('3s', '--wait'), 3_000);
  assert.equal(parseDuration('500ms', '--wait'), 500);
  assert.equal(parseDuration('3', '--wait'), 3_000);
  assert.equal(parseDuration('0.5', '--wait'), 500);
  assert.equal(parseDuration('1m', '--wait'), 60_000);
  assert.equal(parseDuration(' 2s ', '--wait'), 2_000);
});

test('bad durations name the option and the value', () => {
  for (const bad of ['', 'abc', '3h', '-1s', '1e3', '3 seconds', '5000m']) {
    assert.throws(() => parseDuration(bad, '--wait'), (e: unknown) => e instanceof UsageError && e.message.startsWith('--wait: ') && e.message.includes(`"${bad}"`), bad);
  }
});

test('formatMs', () => {
  assert.equal(formatMs(12.4), '12ms');
  assert.equal(formatMs(1_500), '1.50s');
});
