import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predict } from '../../src/linkerd/predict.js';
import { scenario } from './helpers.js';

// --- spec 7.3: whole-connection scenarios (2.18+ defaults) ---
test('7.3 meshed -> meshed HTTP on 8080: detect on the client, served over the transport header, works', () => {
  const p = predict(scenario('latest', 8080, 'http'));
  assert.equal(p.client, 'detect');
  assert.equal(p.server, 'http1');
  assert.equal(p.transport, 'mtls-4143');
  assert.equal(p.experience, 'works');
  assert.equal(p.covered, true);
});

test('7.3 meshed -> Service 3306 (default opaque, annotated by the injector): opaque both sides, no delay', () => {
  const p = predict(scenario('latest', 3306, 'mysql'));
  assert.deepEqual([p.client, p.server, p.experience, p.action], ['opaque', 'opaque', 'works', 'none']);
});

test('7.3 meshed -> Service 4222 NATS, not annotated: client waits 10 s', () => {
  const p = predict(scenario('latest', 4222, 'nats'));
  assert.deepEqual([p.client, p.experience, p.delaySeconds, p.covered, p.action], ['detect', 'stall-10s', 10, false, 'opaque']);
});

test('7.3 same with appProtocol linkerd.io/opaque: no delay', () => {
  const p = predict(scenario('latest', 4222, 'nats', { config: { appProtocol: 'linkerd.io/opaque' } }));
  assert.deepEqual([p.client, p.experience], ['opaque', 'works']);
});

test('7.3 unmeshed -> meshed pod 4222, no annotation and no Server: closed after 10 s', () => {
  const p = predict(scenario('latest', 4222, 'nats', { client: 'unmeshed', via: 'pod-ip' }));
  assert.deepEqual([p.client, p.server, p.experience, p.delaySeconds], ['not-meshed', 'detect', 'closed-10s', 10]);
});

test('7.3 meshed -> external MySQL outside clusterNetworks, no EgressNetwork: 10 s (issue #13475), skip-outbound', () => {
  const p = predict(scenario('latest', 3306, 'mysql', { server: 'external', via: 'external', inClusterNetworks: false }));
  assert.deepEqual([p.client, p.experience, p.action], ['detect', 'stall-10s', 'skip-outbound']);
});

test('7.3 meshed -> external MySQL inside clusterNetworks: default list applies, no delay', () => {
  const p = predict(scenario('latest', 3306, 'mysql', { server: 'external', via: 'external', inClusterNetworks: true }));
  assert.deepEqual([p.client, p.experience], ['opaque', 'works']);
});

test('external with an EgressNetwork (2.17+): its opaque-ports, or the default list when unset', () => {
  assert.equal(predict(scenario('2.17', 3306, 'mysql', { server: 'external', via: 'external', config: { egressNetworkOpaquePorts: null } })).experience, 'works');
  assert.equal(predict(scenario('2.17', 4222, 'nats', { server: 'external', via: 'external', config: { egressNetworkOpaquePorts: '4222' } })).experience, 'works');
  assert.equal(predict(scenario('2.17', 3306, 'mysql', { server: 'external', via: 'external', config: { egressNetworkOpaquePorts: '4222' } })).experience, 'stall-10s');
  // before 2.17 an EgressNetwork does not exist
  assert.equal(predict(scenario('2.16', 3306, 'mysql', { server: 'external', via: 'external', config: { egressNetworkOpaquePorts: null } })).experience, 'stall-10s');
});

// --- spec 2.7: latency table for a server-speaks-first protocol on a non-opaque port ---
test('2.7 meshed -> unmeshed or off-cluster, any >= 2.10: ~10 s then opaque', () => {
  for (const v of ['2.10', '2.12', '2.14', '2.18', 'latest']) {
    assert.equal(predict(scenario(v, 4222, 'nats', { server: 'unmeshed' })).experience, 'stall-10s', v);
    assert.equal(predict(scenario(v, 4222, 'nats', { server: 'external', via: 'external' })).experience, 'stall-10s', v);
  }
});

test('2.7 meshed -> meshed, 2.10-2.17 (transparent transport): ~20 s', () => {
  for (const v of ['2.10', '2.11', '2.12', '2.13.3', '2.17']) {
    const p = predict(scenario(v, 4222, 'nats'));
    assert.deepEqual([p.experience, p.delaySeconds, p.transport], ['stall-20s', 20, 'mtls'], v);
  }
});

test('2.7 meshed -> meshed, 2.18+: ~10 s (transport header, no server-side detection); transparent mode restores 20 s', () => {
  assert.equal(predict(scenario('2.18', 4222, 'nats')).experience, 'stall-10s');
  assert.equal(predict(scenario('edge-25.3.2', 4222, 'nats')).experience, 'stall-10s');
  assert.equal(predict(scenario('2.18', 4222, 'nats', { config: { outboundTransportMode: 'transparent' } })).experience, 'stall-20s');
});

test('2.7 unmeshed -> meshed, >= 2.10: closed after 10 s (fail-closed)', () => {
  for (const v of ['2.10', '2.11', '2.14', 'latest']) assert.equal(predict(scenario(v, 4222, 'nats', { client: 'unmeshed' })).experience, 'closed-10s', v);
});

test('2.7 <= 2.9: failed after 3 s (outbound) or 1 s (inbound)', () => {
  for (const v of ['2.8', '2.9.0', '2.9.5']) {
    assert.equal(predict(scenario(v, 4222, 'nats')).experience, 'failed-3s', v);
    assert.equal(predict(scenario(v, 4222, 'nats', { client: 'unmeshed' })).experience, 'failed-1s', v);
    assert.equal(predict(scenario(v, 4222, 'nats')).action, 'skip-outbound', v);
  }
});

test('2.9 default skip lists cover 3306 (both sides); 5432 only from 2.9.3', () => {
  assert.equal(predict(scenario('2.9.0', 3306, 'mysql')).experience, 'works');
  assert.equal(predict(scenario('2.9.0', 5432, 'postgresql', { clientWaitsForGreeting: true })).experience, 'failed-3s');
  assert.equal(predict(scenario('2.9.3', 5432, 'postgresql', { clientWaitsForGreeting: true })).experience, 'works');
});

test('2.8: the proxy never detects on 25, 587, 3306', () => {
  assert.equal(predict(scenario('2.8', 25, 'smtp')).experience, 'works');
  assert.equal(predict(scenario('2.8', 4222, 'nats')).experience, 'failed-3s');
});

test('clients that send first need nothing: SSH, rsync, Redis, HTTP', () => {
  for (const [port, proto] of [[22, 'ssh'], [873, 'rsync'], [6380, 'redis'], [8080, 'http']] as const) {
    for (const v of ['2.9.0', '2.10', '2.14', 'latest']) {
      for (const client of ['meshed', 'unmeshed'] as const) {
        const p = predict(scenario(v, port, proto, { client }));
        assert.deepEqual([p.experience, p.covered, p.action], ['works', true, 'none'], `${proto} ${v} ${client}`);
      }
    }
  }
});

// --- spec 4.4: Service vs pod opaque mismatch, 2.10-2.17 ---
test('4.4 Service opaque, pod not (2.14): no client delay, but the server detects for 10 s after mTLS', () => {
  const p = predict(scenario('2.14', 4222, 'nats', { config: { serviceOpaquePorts: '4222' } }));
  assert.deepEqual([p.client, p.server, p.experience], ['opaque', 'detect', 'stall-10s']);
});

test('4.4 pod opaque, Service not (2.14): the client waits 10 s, then uses the opaque transport', () => {
  const p = predict(scenario('2.14', 4222, 'nats', { config: { podOpaquePorts: '4222' } }));
  assert.deepEqual([p.client, p.server, p.transport, p.experience], ['detect', 'opaque', 'mtls-4143', 'stall-10s']);
});

test('4.4 both annotated (2.10-2.17): works', () => {
  for (const v of ['2.10', '2.12', '2.17']) assert.equal(predict(scenario(v, 4222, 'nats', { config: { podOpaquePorts: '4222', serviceOpaquePorts: '4222' } })).experience, 'works', v);
});

// --- spec 4.5: skip vs opaque vs declared ---
test('4.5 skip-inbound on the server does not avoid client-side detection (2.11+: plaintext, client still waits)', () => {
  const p = predict(scenario('2.14', 4222, 'nats', { config: { podSkipInboundPorts: '4222' } }));
  assert.deepEqual([p.client, p.server, p.transport, p.experience], ['detect', 'skip', 'plain', 'stall-10s']);
});

test('4.5 skip-inbound in 2.10: clients still start mTLS and break (#5995)', () => {
  const p = predict(scenario('2.10', 4222, 'nats', { config: { podSkipInboundPorts: '4222' } }));
  assert.equal(p.experience, 'broken');
});

test('4.5 skip-outbound on the client avoids client detection, but a meshed server still detects plaintext (closed after 10 s)', () => {
  const p = predict(scenario('latest', 4222, 'nats', { config: { clientSkipOutboundPorts: '4222' } }));
  assert.deepEqual([p.client, p.server, p.experience], ['skip', 'detect', 'closed-10s']);
  const q = predict(scenario('latest', 4222, 'nats', { server: 'unmeshed', config: { clientSkipOutboundPorts: '4222' } }));
  assert.equal(q.experience, 'works');
});

test('4.5 opaque: proxied, mTLS, no detection', () => {
  const p = predict(scenario('2.14', 4222, 'nats', { config: { podOpaquePorts: '4222', serviceOpaquePorts: '4222' } }));
  assert.deepEqual([p.client, p.server, p.transport], ['opaque', 'opaque', 'mtls-4143']);
});

test('4.5 declared: appProtocol http on a server-first port breaks it (2.18+); ignored before 2.18', () => {
  const p = predict(scenario('latest', 4222, 'nats', { config: { appProtocol: 'http' } }));
  assert.deepEqual([p.client, p.experience, p.action], ['http1', 'broken', 'declare-protocol']);
  assert.equal(predict(scenario('2.17', 4222, 'nats', { config: { appProtocol: 'http' } })).client, 'detect');
});

test('appProtocol: unknown values mean opaque on 2.18+ (grpc, tcp)', () => {
  assert.equal(predict(scenario('latest', 4222, 'nats', { config: { appProtocol: 'tcp' } })).client, 'opaque');
  assert.equal(predict(scenario('latest', 8080, 'http', { config: { appProtocol: 'grpc' } })).client, 'opaque');
});

test('a Service opaque-ports entry wins over appProtocol http (profile first)', () => {
  const p = predict(scenario('latest', 3306, 'mysql', { config: { serviceOpaquePorts: '3306', appProtocol: 'http' } }));
  assert.equal(p.client, 'opaque');
});

// --- spec 5: Server precedence ---
test('5 a Server with proxyProtocol unset overrides the pod opaque-ports annotation (inbound Detect)', () => {
  const p = predict(scenario('latest', 4222, 'nats', { client: 'unmeshed', via: 'pod-ip', config: { podOpaquePorts: '4222', serverProxyProtocol: 'unknown' } }));
  assert.deepEqual([p.server, p.experience], ['detect', 'closed-10s']);
  assert.ok(p.explanation.some((e) => /overrides the pod's opaque-ports/.test(e)));
});

test('5 a Server proxyProtocol opaque covers inbound, and pod-IP clients since 2.12 (client-side OR)', () => {
  const unmeshed = predict(scenario('2.14', 4222, 'nats', { client: 'unmeshed', via: 'pod-ip', config: { serverProxyProtocol: 'opaque' } }));
  assert.equal(unmeshed.experience, 'works');
  assert.equal(predict(scenario('2.14', 4222, 'nats', { via: 'pod-ip', config: { serverProxyProtocol: 'opaque' } })).experience, 'works');
  assert.equal(predict(scenario('2.11', 4222, 'nats', { via: 'pod-ip', config: { serverProxyProtocol: 'opaque' } })).client, 'detect');
});

test('5 a Server declaring HTTP/1 on a server-first port breaks it', () => {
  assert.equal(predict(scenario('latest', 4222, 'nats', { client: 'unmeshed', config: { serverProxyProtocol: 'HTTP/1' } })).experience, 'broken');
});

// --- spec 4.2/4.3 traps seen end to end ---
test('a named port in the pod annotation: pod-IP clients treat it as opaque, the policy controller does not (unmeshed closed)', () => {
  const config = { podOpaquePorts: 'nats', containerPortNames: { nats: 4222 } };
  assert.equal(predict(scenario('latest', 4222, 'nats', { via: 'pod-ip', config })).client, 'opaque');
  assert.equal(predict(scenario('latest', 4222, 'nats', { client: 'unmeshed', via: 'pod-ip', config })).experience, 'closed-10s');
});

test('a default port not declared as containerPort gets no pod annotation (2.11+): unmeshed clients are closed', () => {
  const p = predict(scenario('latest', 3306, 'mysql', { client: 'unmeshed', via: 'pod-ip', config: { podDeclaresPort: false } }));
  assert.equal(p.experience, 'closed-10s');
  assert.equal(predict(scenario('latest', 3306, 'mysql', { client: 'unmeshed', via: 'pod-ip' })).experience, 'works');
});

test('a pod annotation replaces the defaults: "8080" leaves 3306 detected on the server', () => {
  assert.equal(predict(scenario('latest', 3306, 'mysql', { client: 'unmeshed', config: { podOpaquePorts: '8080' } })).experience, 'closed-10s');
});

test('one typo in the Service annotation empties the policy controller set (2.13+) but the profile still says opaque', () => {
  const p = predict(scenario('latest', 3306, 'mysql', { config: { serviceOpaquePorts: '3306,abc!' } }));
  assert.equal(p.client, 'opaque');
  assert.ok(p.explanation.some((e) => /policy controller cannot read/.test(e)));
});

test('skip lists with a space lose the entry for proxy-init ("25, 4222")', () => {
  const p = predict(scenario('latest', 4222, 'nats', { server: 'unmeshed', config: { clientSkipOutboundPorts: '25, 4222' } }));
  assert.equal(p.client, 'detect');
  assert.equal(p.experience, 'stall-10s');
});

test('CNI mode: Galera 4567 is not skipped by default; proxy-init skips it (2.11+)', () => {
  assert.equal(predict(scenario('latest', 4567, null)).server, 'skip');
  const cni = predict(scenario('latest', 4567, null, { config: { cni: true } }));
  assert.notEqual(cni.server, 'skip');
  assert.equal(cni.action, 'skip-inbound');
  assert.equal(predict(scenario('2.10', 4567, null)).action, 'skip-inbound');
});

test('CNI mode: skip-inbound is appended to the CNI config list, skip-outbound replaces it', () => {
  const inb = predict(scenario('latest', 4222, 'nats', { client: 'unmeshed', config: { cni: true, cniSkipInboundPorts: '4222', podSkipInboundPorts: '9999' } }));
  assert.equal(inb.server, 'skip');
  const out = predict(scenario('latest', 4222, 'nats', { server: 'unmeshed', config: { cni: true, cniSkipOutboundPorts: '4222', clientSkipOutboundPorts: '9999' } }));
  assert.equal(out.client, 'detect');
});

test('2.13.0-2.13.2: client proxies detect on opaque ports (#10745); 2.13.3 fixed', () => {
  assert.equal(predict(scenario('2.13.0', 25, 'smtp', { config: { podOpaquePorts: '25' } })).client, 'detect');
  assert.equal(predict(scenario('2.13.3', 25, 'smtp', { config: { podOpaquePorts: '25' } })).client, 'opaque');
});

test('unknown protocol: assumed to send first, and said so', () => {
  const p = predict(scenario('latest', 7000, null));
  assert.equal(p.experience, 'works');
  assert.equal(p.clientWaitsForGreeting, null);
  assert.match(p.explanation[0] ?? '', /unknown/);
});
