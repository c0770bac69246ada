import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meshVerdict } from '../../src/probe/mesh.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';

const version = parseLinkerdVersion('latest');

test('a server-first port not covered for anyone gets an opaque suggestion', () => {
  const { linkerd, suggestions } = meshVerdict({ port: 4222, protocol: 'nats', firstSpeaker: 'server' }, { version });
  assert.equal(linkerd.covered, false);
  assert.equal(linkerd.outcome.meshedClient, 'stall-10s');
  assert.ok(suggestions.some((s) => s.key === 'config.linkerd.io/opaque-ports' && s.value.split(',').includes('4222')));
});

test('skip-outbound on the clients alone does not help: their plaintext meets a detecting server proxy; the pod-side fix is suggested', () => {
  const { linkerd, suggestions } = meshVerdict({ port: 4222, protocol: 'nats', firstSpeaker: 'server' }, { version, skipOutboundPorts: '4222' });
  assert.equal(linkerd.outcome.meshedClient, 'closed-10s');
  assert.equal(linkerd.outcome.unmeshedClient, 'closed-10s');
  assert.equal(linkerd.covered, false);
  assert.notEqual(linkerd.action, 'none');
  const pod = suggestions.find((s) => s.target === 'pod-template' && s.key === 'config.linkerd.io/opaque-ports');
  assert.ok(pod, `expected a pod-template opaque-ports suggestion, got ${JSON.stringify(suggestions)}`);
  assert.ok(pod.value.split(',').includes('4222'));
});

test('a client-first port needs nothing', () => {
  const { linkerd, suggestions } = meshVerdict({ port: 6379, protocol: 'redis', firstSpeaker: 'client' }, { version });
  assert.equal(linkerd.covered, true);
  assert.equal(linkerd.action, 'none');
  assert.deepEqual(suggestions, []);
});
