/** Spec 7.3 scenarios and 4.5 rows walked for every version family (experience per family). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predict } from '../../src/linkerd/predict.js';
import type { Experience } from '../../src/linkerd/model.js';
import { scenario } from './helpers.js';

const FAMILY_VERSIONS = ['2.8', '2.9.0', '2.9.3', '2.10', '2.11', '2.14', '2.18'] as const;
type Row = readonly [string, () => (v: string) => ReturnType<typeof scenario>, readonly Experience[]];

//                                                                                   2.8          2.9.0        2.9.3        2.10         2.11         2.14         2.18
const ROWS: Row[] = [
  ['meshed -> meshed HTTP 8080', () => (v) => scenario(v, 8080, 'http'), ['works', 'works', 'works', 'works', 'works', 'works', 'works']],
  ['meshed -> Service 3306 (default)', () => (v) => scenario(v, 3306, 'mysql'), ['works', 'works', 'works', 'works', 'works', 'works', 'works']],
  ['meshed -> Service 4222 NATS', () => (v) => scenario(v, 4222, 'nats'), ['failed-3s', 'failed-3s', 'failed-3s', 'stall-20s', 'stall-20s', 'stall-20s', 'stall-10s']],
  ['same, appProtocol linkerd.io/opaque', () => (v) => scenario(v, 4222, 'nats', { config: { appProtocol: 'linkerd.io/opaque' } }), ['failed-3s', 'failed-3s', 'failed-3s', 'stall-20s', 'stall-20s', 'stall-20s', 'works']],
  ['same, pod + Service opaque-ports', () => (v) => scenario(v, 4222, 'nats', { config: { podOpaquePorts: '4222', serviceOpaquePorts: '4222' } }), ['failed-3s', 'failed-3s', 'failed-3s', 'works', 'works', 'works', 'works']],
  ['unmeshed -> meshed pod 4222', () => (v) => scenario(v, 4222, 'nats', { client: 'unmeshed', via: 'pod-ip' }), ['failed-1s', 'failed-1s', 'failed-1s', 'closed-10s', 'closed-10s', 'closed-10s', 'closed-10s']],
  ['unmeshed -> meshed pod 4222, pod opaque-ports', () => (v) => scenario(v, 4222, 'nats', { client: 'unmeshed', via: 'pod-ip', config: { podOpaquePorts: '4222' } }), ['failed-1s', 'failed-1s', 'failed-1s', 'works', 'works', 'works', 'works']],
  ['meshed -> external 3306 outside clusterNetworks', () => (v) => scenario(v, 3306, 'mysql', { server: 'external', via: 'external', inClusterNetworks: false }), ['works', 'works', 'works', 'stall-10s', 'stall-10s', 'stall-10s', 'stall-10s']],
  ['meshed -> external 3306 inside clusterNetworks', () => (v) => scenario(v, 3306, 'mysql', { server: 'external', via: 'external', inClusterNetworks: true }), ['works', 'works', 'works', 'works', 'works', 'works', 'works']],
  ['4.5 skip-outbound on the client, unmeshed server', () => (v) => scenario(v, 4222, 'nats', { server: 'unmeshed', config: { clientSkipOutboundPorts: '4222' } }), ['works', 'works', 'works', 'works', 'works', 'works', 'works']],
  ['4.5 skip-inbound on the server only', () => (v) => scenario(v, 4222, 'nats', { config: { podSkipInboundPorts: '4222' } }), ['failed-3s', 'failed-3s', 'failed-3s', 'broken', 'stall-10s', 'stall-10s', 'stall-10s']],
  ['4.5 skip both sides', () => (v) => scenario(v, 4222, 'nats', { config: { podSkipInboundPorts: '4222', clientSkipOutboundPorts: '4222' } }), ['works', 'works', 'works', 'works', 'works', 'works', 'works']],
  ['SSH (client sends at once), nothing configured', () => (v) => scenario(v, 22, 'ssh', { client: 'unmeshed' }), ['works', 'works', 'works', 'works', 'works', 'works', 'works']],
];

for (const [name, make, expected] of ROWS) {
  test(`family matrix: ${name}`, () => {
    const build = make();
    const got = FAMILY_VERSIONS.map((v) => predict(build(v)).experience);
    assert.deepEqual(Object.fromEntries(FAMILY_VERSIONS.map((v, i) => [v, got[i]])), Object.fromEntries(FAMILY_VERSIONS.map((v, i) => [v, expected[i]])));
  });
}
