import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLimiter } from '../../src/probe/limiter.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('never more than max at once; urgent waiters first; slots released on throw', async () => {
  const l = createLimiter(2);
  const order: string[] = [];
  const gates: Array<() => void> = [];
  const job = (name: string) => () => new Promise<void>((resolve) => {
    order.push(name);
    gates.push(resolve);
  });
  const all = [l.run(job('a')), l.run(job('b')), l.run(job('c')), l.run(job('urgent'), true)];
  await tick();
  assert.deepEqual(order, ['a', 'b']);
  assert.equal(l.active, 2);
  gates.shift()?.();
  await tick();
  await tick();
  assert.deepEqual(order, ['a', 'b', 'urgent']);
  while (gates.length > 0 || order.length < 4) {
    gates.shift()?.();
    await tick();
  }
  gates.shift()?.();
  await Promise.all(all);
  assert.equal(l.peak, 2);
  await assert.rejects(l.run(() => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(l.active, 0);
});

test('bad sizes are rejected', () => {
  assert.throws(() => createLimiter(0), RangeError);
  assert.throws(() => createLimiter(1.5), RangeError);
});
