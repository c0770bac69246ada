import { test } from 'node:test';
import assert from 'node:assert/strict';
/** The probe's adapter to the shared port assessment: server kinds, clusterNetworks from the connected address, EgressNetwork. */
import { meshVerdict, type MeshInput, type MeshOptions } from '../../src/probe/mesh.js';
import { parseCidrList } from '../../src/linkerd/cluster-networks.js';
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

// --server / --cluster-networks / --egress-network: the adapter's decisions, one row each.
const nets10 = parseCidrList('10.0.0.0/8');
const rows: ReadonlyArray<{
  name: string;
  input: Partial<MeshInput>;
  o: Partial<MeshOptions>;
  server: 'meshed' | 'unmeshed' | 'external';
  inside: boolean | null;
  meshed: string;
  unmeshed: string;
  fix: string | null;
  note: RegExp | null;
}> = [
  { name: 'default: a meshed server behind its Service', input: {}, o: {}, server: 'meshed', inside: true, meshed: 'stall-10s', unmeshed: 'closed-10s', fix: 'service:spec.ports[].appProtocol', note: null },
  { name: 'meshed, public address: hint to rerun with --server external', input: { address: '203.0.113.7' }, o: {}, server: 'meshed', inside: false, meshed: 'stall-10s', unmeshed: 'closed-10s', fix: 'service:spec.ports[].appProtocol', note: /203\.0\.113\.7 is outside clusterNetworks .*--server external/ },
  { name: 'meshed, loopback: no hint (probing a port-forward)', input: { address: '127.0.0.1' }, o: {}, server: 'meshed', inside: false, meshed: 'stall-10s', unmeshed: 'closed-10s', fix: 'service:spec.ports[].appProtocol', note: null },
  { name: 'unmeshed server: only the meshed clients\' proxies detect', input: {}, o: { server: 'unmeshed' }, server: 'unmeshed', inside: true, meshed: 'stall-10s', unmeshed: 'works', fix: 'service:spec.ports[].appProtocol', note: null },
  { name: 'external, public address: Detect fallback, skip-outbound on the client pod', input: { address: '203.0.113.7' }, o: { server: 'external' }, server: 'external', inside: false, meshed: 'stall-10s', unmeshed: 'works', fix: 'client-pod:config.linkerd.io/skip-outbound-ports', note: /203\.0\.113\.7 is outside clusterNetworks \(10\.0\.0\.0\/8,.*off-cluster/ },
  { name: 'external, loopback is outside the default clusterNetworks', input: { address: '127.0.0.1' }, o: { server: 'external' }, server: 'external', inside: false, meshed: 'stall-10s', unmeshed: 'works', fix: 'client-pod:config.linkerd.io/skip-outbound-ports', note: /127\.0\.0\.1 is outside clusterNetworks .*\(loopback\)/ },
  { name: 'external, address inside --cluster-networks: the default list applies (4222 is not in it)', input: { address: '10.1.2.3' }, o: { server: 'external', clusterNetworks: nets10 }, server: 'external', inside: true, meshed: 'stall-10s', unmeshed: 'works', fix: 'client-pod:config.linkerd.io/skip-outbound-ports', note: /10\.1\.2\.3 is inside clusterNetworks \(10\.0\.0\.0\/8\)/ },
  { name: 'external with an EgressNetwork: its opaque-ports is the fix', input: { address: '203.0.113.7' }, o: { server: 'external', egressNetwork: { name: 'internet' } }, server: 'external', inside: false, meshed: 'stall-10s', unmeshed: 'works', fix: 'egress-network:config.linkerd.io/opaque-ports', note: /outside/ },
  { name: 'external with an EgressNetwork listing 4222: covered', input: { address: '203.0.113.7' }, o: { server: 'external', egressNetwork: { name: 'internet' }, opaquePorts: '4222' }, server: 'external', inside: false, meshed: 'works', unmeshed: 'works', fix: null, note: /outside/ },
];
for (const row of rows) {
  test(`adapter: ${row.name}`, () => {
    const input: MeshInput = { port: 4222, protocol: 'nats', firstSpeaker: 'server', address: '10.0.0.5', ...row.input };
    const { linkerd, suggestions, notes } = meshVerdict(input, { version, ...row.o });
    assert.equal(linkerd.server, row.server);
    assert.equal(linkerd.inClusterNetworks, row.inside);
    assert.deepEqual([linkerd.outcome.meshedClient, linkerd.outcome.unmeshedClient], [row.meshed, row.unmeshed]);
    const first = suggestions[0];
    assert.equal(first === undefined ? null : `${first.target}:${first.key}`, row.fix);
    if (row.note === null) assert.deepEqual(notes, []);
    else assert.ok(notes.some((n) => row.note?.test(n)), notes.join('\n'));
  });
}

test('adapter: with --server external, --workload names the client pod the skip goes on', () => {
  const { suggestions } = meshVerdict({ port: 587, protocol: 'smtp', firstSpeaker: 'server', address: '198.51.100.1' }, { version, server: 'external', workload: { kind: 'Deployment', name: 'mailer' }, namespace: 'app' });
  assert.deepEqual(suggestions.map((s) => [s.target, s.object, s.value]), [['client-pod', { kind: 'Deployment', name: 'mailer', namespace: 'app' }, '587,4567,4568']]);
});

test('adapter: without an address the clusterNetworks question has no answer (null), and an external destination counts as outside', () => {
  const { linkerd, notes } = meshVerdict({ port: 3306, protocol: 'mysql', firstSpeaker: 'server', address: null }, { version, server: 'external' });
  assert.equal(linkerd.inClusterNetworks, null);
  assert.equal(linkerd.outcome.meshedClient, 'stall-10s');
  assert.deepEqual(notes, []);
});
