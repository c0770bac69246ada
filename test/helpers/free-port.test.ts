/** The real-server helper's port allocation: never the same port twice in one process (nginx merges listens on one port). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { freePort } from './real-servers.js';

test('freePort hands out distinct loopback ports, each bindable when handed out', async () => {
  const ports: number[] = [];
  for (let i = 0; i < 200; i++) ports.push(await freePort());
  assert.equal(new Set(ports).size, ports.length);
  const last = ports[ports.length - 1] as number;
  await new Promise<void>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(last, '127.0.0.1', () => s.close(() => resolve()));
  });
});
