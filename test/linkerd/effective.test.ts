import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientSkipView, interpretAppProtocol, interpretServerProtocol, podPortView, servicePortView } from '../../src/linkerd/effective.js';
import { V } from './helpers.js';

test('pod opaque-ports precedence: pod template > namespace > injector default (2.11+: declared containerPorts only)', () => {
  assert.equal(podPortView(V('latest'), 4222, { podOpaquePorts: '4222', namespaceOpaquePorts: '25' }).opaque.source, 'pod');
  const ns = podPortView(V('latest'), 4222, { namespaceOpaquePorts: '4222' });
  assert.deepEqual([ns.opaque.source, ns.inboundOpaque], ['namespace', true]);
  const inj = podPortView(V('latest'), 3306, {});
  assert.deepEqual([inj.opaque.source, inj.opaque.value, inj.inboundOpaque], ['injector', '3306', true]);
  const undeclared = podPortView(V('latest'), 3306, { containerPorts: [8080] });
  assert.deepEqual([undeclared.opaque.source, undeclared.inboundOpaque, undeclared.clientOpaque], ['none', false, true]);
});

test('2.10: no injector annotation; the proxy env carries the default list', () => {
  const v = podPortView(V('2.10'), 443, {});
  assert.deepEqual([v.opaque.source, v.inboundOpaque], ['none', true]);
});

test('objects created before the injector watched them: no annotation; the policy controller detects, clients use the default list', () => {
  const v = podPortView(V('latest'), 3306, { createdBeforeInjector: true, namespaceOpaquePorts: '4222' });
  assert.deepEqual([v.opaque.source, v.inboundOpaque, v.clientOpaque], ['none', false, true]);
});

test('Service annotation: injector writes the Service port when targetPort is a default number; named targetPorts are not resolved', () => {
  assert.deepEqual([servicePortView(V('latest'), 80, { serviceTargetPort: 3306 }).opaque.value, servicePortView(V('latest'), 80, { serviceTargetPort: 3306 }).client], ['80', 'opaque']);
  const named = servicePortView(V('latest'), 3306, { serviceTargetPort: 'mysql' });
  assert.equal(named.opaque.source, 'none');
  assert.equal(named.client, 'opaque', 'no annotation: the controllers apply the default list to the Service port');
});

test('Service annotation with a Service port name resolves for the destination controller', () => {
  const sv = servicePortView(V('2.12'), 4222, { serviceOpaquePorts: 'client', servicePortNames: { client: 4222 } });
  assert.deepEqual([sv.profileOpaque, sv.client], [true, 'opaque']);
  const p = servicePortView(V('latest'), 4222, { serviceOpaquePorts: 'client', servicePortNames: { client: 4222 } });
  assert.equal(p.policy, 'detect', 'the policy controller cannot read names');
  assert.equal(p.client, 'opaque', 'profile opaque OR policy opaque');
});

test('appProtocol values (2.18+), case-insensitive; ignored before 2.18', () => {
  assert.deepEqual(['http', 'HTTP', 'kubernetes.io/h2c', 'linkerd.io/opaque', 'linkerd.io/tcp', 'grpc', 'https', 'kubernetes.io/ws'].map((x) => [interpretAppProtocol(x, V('latest')).path, interpretAppProtocol(x, V('latest')).known]), [
    ['http1', true], ['http1', true], ['http2', true], ['opaque', true], ['opaque', true], ['opaque', false], ['opaque', false], ['opaque', false],
  ]);
  assert.equal(interpretAppProtocol('linkerd.io/opaque', V('2.17')).honoured, false);
});

test('Server proxyProtocol: case-sensitive values, unset = unknown', () => {
  assert.equal(interpretServerProtocol(undefined), 'unknown');
  assert.equal(interpretServerProtocol('opaque'), 'opaque');
  assert.equal(interpretServerProtocol('Opaque'), null);
  assert.equal(interpretServerProtocol('gRPC'), 'gRPC');
});

test('skip-outbound precedence and replacement: "9999" drops the defaults 4567,4568', () => {
  assert.equal(clientSkipView(V('latest'), 4567, {}).skipped, true);
  assert.equal(clientSkipView(V('latest'), 4567, { clientSkipOutboundPorts: '9999' }).skipped, false);
  assert.equal(clientSkipView(V('latest'), 4567, { clientNamespaceSkipOutboundPorts: '4567' }).list.source, 'namespace');
});

test('4190 and 4191 are always skipped inbound', () => {
  assert.equal(podPortView(V('latest'), 4191, { podSkipInboundPorts: '' }).skipped, true);
});

test('CNI: an empty skip annotation counts as unset (pod, then namespace, then the CNI config list)', () => {
  const c = { cni: true, cniSkipOutboundPorts: '3306' } as const;
  assert.equal(clientSkipView(V('latest'), 3306, { ...c, clientSkipOutboundPorts: '' }).skipped, true);
  assert.equal(clientSkipView(V('latest'), 3306, { ...c, clientSkipOutboundPorts: '', clientNamespaceSkipOutboundPorts: '25' }).skipped, false);
  assert.equal(clientSkipView(V('latest'), 4567, {}).skipped, true);
  assert.equal(clientSkipView(V('latest'), 4567, { clientSkipOutboundPorts: '' }).skipped, false, 'proxy-init: the empty annotation replaces the defaults');
});
