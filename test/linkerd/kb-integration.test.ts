import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getProtocol, protocolsForPort } from '../../src/protocols/index.js';
import { predict } from '../../src/linkerd/predict.js';
import { WAITS, V } from './helpers.js';

test('the knowledge base agrees with the local table the model tests use', () => {
  for (const [id, waits] of Object.entries(WAITS)) {
    const entry = getProtocol(id);
    assert.ok(entry, `knowledge base has ${id}`);
    assert.equal(entry.clientWaitsForGreeting, waits, id);
  }
});

test('without an override, predict asks the knowledge base (NATS stalls, SSH does not)', () => {
  const base = { version: V('latest'), client: 'meshed', server: 'meshed', via: 'service', config: {} } as const;
  assert.equal(predict({ ...base, port: 4222, protocol: 'nats' }).experience, 'stall-10s');
  assert.equal(predict({ ...base, port: 22, protocol: 'ssh' }).experience, 'works');
  assert.equal(predict({ ...base, port: 873, protocol: 'rsync' }).experience, 'works');
});

test('every default opaque port of 2.11+ is a protocol the knowledge base knows for that port', () => {
  for (const port of [25, 587, 3306, 5432, 6379, 11211]) assert.ok(protocolsForPort(port).length > 0, String(port));
});

test('implicit-TLS ports of a server-first protocol do not stall: the client opens with a ClientHello', () => {
  const base = { version: V('latest'), client: 'unmeshed', server: 'meshed', via: 'pod-ip', config: {} } as const;
  assert.equal(predict({ ...base, port: 465, protocol: 'smtp' }).clientWaitsForGreeting, false);
  assert.equal(predict({ ...base, port: 465, protocol: 'smtp' }).experience, 'works');
  assert.equal(predict({ ...base, port: 587, protocol: 'smtp', config: { podOpaquePorts: '25' } }).experience, 'closed-10s');
  assert.equal(predict({ ...base, port: 993, protocol: 'imap' }).experience, 'works');
});
