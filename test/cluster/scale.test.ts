/**
 * Scale: 2,000 loopback endpoints (500 Services of 4 pods each) probed in 4 shards and merged, equal to
 * one unsharded run. The endpoints are in-process listeners on 127.0.0.1 (2,000 real daemons cannot be
 * started here; this is the only cluster test that uses in-process servers): half greet at once like an
 * SMTP server, half stay silent like a client-first server. Passive probes and a short window keep the
 * wall time modest; speed is measured in `npm run bench`, not here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { app, list, namespace, service, type BuiltPod } from '../helpers/cluster-dump.js';
import type { ClusterJson } from '../../src/cluster/types.js';

const SERVICES = 500;
const PODS = 4;
const servers: Server[] = [];
const sockets = new Set<Socket>();
let dump = '';

function listen(greet: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer((sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => undefined);
      if (greet) sock.write('220 scale.protocheck.test ESMTP ready\r\n');
    });
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
    servers.push(s);
  });
}

before(async () => {
  const objects: unknown[] = [namespace('scale', { 'linkerd.io/inject': 'enabled' })];
  const pods: BuiltPod[] = [];
  for (let k = 0; k < SERVICES; k++) {
    for (let j = 0; j < PODS; j++) {
      // Every tenth Service has endpoints that disagree (the first pod greets, the others are silent).
      const greet = k % 10 === 0 ? j === 0 : k % 2 === 1;
      const port = await listen(greet);
      const r = app({ namespace: 'scale', name: `w-${k}-${j}`, labels: { svc: `s-${k}` }, proxy: 'edge-25.3.2', replicas: 1, ip: () => '127.0.0.1', containers: [{ name: 'main', image: 'registry.example.com/scale/app:1', ports: [{ containerPort: port, name: 'main' }] }] });
      objects.push(...r.objects);
      pods.push(...r.pods);
    }
  }
  for (let k = 0; k < SERVICES; k++) objects.push(...service({ namespace: 'scale', name: `s-${k}`, selector: { svc: `s-${k}` }, ports: [{ name: 'main', port: 7000, targetPort: 'main' }] }, pods));
  dump = list(objects);
});

after(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function run(args: string[]): Promise<string> {
  const io = memoryIo({ stdin: dump });
  const code = await main(['cluster', '--from', '-', '--probe', '--no-active', '--wait', '600ms', ...args], io);
  assert.ok(code === 0 || code === 1, io.err());
  return io.out();
}

test('2,000 loopback endpoints over 4 shards, merged, equal one unsharded run', async () => {
  const whole = await run(['--json']);
  const doc = JSON.parse(whole) as ClusterJson;
  assert.equal(doc.services.length, SERVICES);
  assert.equal(doc.services.reduce((n, s) => n + (s.observed?.probed ?? 0), 0), SERVICES * PODS);
  const speaker = (k: number) => doc.services.find((s) => s.name === `s-${k}`)?.observed?.firstSpeaker;
  assert.deepEqual([speaker(0), speaker(1), speaker(2), speaker(10), speaker(11)], ['mixed', 'server', 'client', 'mixed', 'server']);
  const shards: string[] = [];
  for (let i = 0; i < 4; i++) shards.push(await run(['--shard', `${i}/4`, '--format', 'jsonl']));
  const probedPerShard = shards.map((s) => s.trim().split('\n').slice(1).reduce((n, l) => n + Object.keys((JSON.parse(l) as { results: object }).results).length, 0));
  assert.equal(probedPerShard.reduce((a, b) => a + b, 0), SERVICES * PODS);
  assert.ok(probedPerShard.every((n) => n > 300), `shares are balanced: ${probedPerShard.join(', ')}`);
  const io = memoryIo({ stdin: shards.join('') });
  assert.equal(await main(['cluster', 'merge', '-', '--json'], io), 1);
  assert.equal(io.out(), whole);
});
