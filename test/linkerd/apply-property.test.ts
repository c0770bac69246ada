/**
 * Property: applying the suggestions (not the alternatives) to the configuration makes every predicted
 * connection covered, for every family, client kind and path; predict never throws and stays consistent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { predict } from '../../src/linkerd/predict.js';
import { suggestWithPredictions } from '../../src/linkerd/suggest.js';
import { parsePortList } from '../../src/linkerd/port-list.js';
import type { PortConfig, Suggestion, SuggestInput } from '../../src/linkerd/model.js';
import { V, WAITS } from './helpers.js';
import type { ProtocolId } from '../../src/protocols/index.js';

function apply(config: PortConfig, suggestions: readonly Suggestion[]): PortConfig {
  const c: Record<string, unknown> = { ...config };
  for (const s of suggestions) {
    if (s.alternative) continue;
    switch (s.rule) {
      case 'service-app-protocol': c['appProtocol'] = s.value; break;
      case 'service-opaque-ports': c['serviceOpaquePorts'] = s.value; break;
      case 'server-proxy-protocol': c['serverProxyProtocol'] = s.value; break;
      case 'pod-opaque-ports': c['podOpaquePorts'] = s.value; break;
      case 'namespace-opaque-ports': c['namespaceOpaquePorts'] = s.value; break;
      case 'egress-network-opaque-ports': c['egressNetworkOpaquePorts'] = s.value; break;
      case 'client-skip-outbound': case 'pod-skip-outbound': c['clientSkipOutboundPorts'] = s.value; break;
      case 'pod-skip-inbound': c['podSkipInboundPorts'] = s.value; break;
      default: assert.fail(`suggestion without a rule: ${JSON.stringify(s)}`);
    }
  }
  return c as PortConfig;
}

const list = fc.oneof(fc.constant(undefined), fc.constantFrom('8080', '25, 587', '9000-9100', 'nats', '3306,abc!', '', '0,4222', '4222'));
const arbInput = fc.record({
  version: fc.constantFrom('2.8', '2.9.0', '2.9.3', '2.10', '2.11', '2.12', '2.13.0', '2.14', '2.17', '2.18', 'latest', 'edge-24.11.5'),
  port: fc.constantFrom(4222, 3306, 25, 22, 8080, 5432, 11211, 4567, 6222),
  protocol: fc.constantFrom<ProtocolId | null>('nats', 'mysql', 'smtp', 'ssh', 'http', 'postgresql', 'redis', null),
  server: fc.constantFrom('meshed', 'unmeshed', 'external') as fc.Arbitrary<'meshed' | 'unmeshed' | 'external'>,
  via: fc.constantFrom('service', 'pod-ip') as fc.Arbitrary<'service' | 'pod-ip'>,
  named: fc.constantFrom('workload', 'namespace', 'none'),
  inClusterNetworks: fc.boolean(),
  config: fc.record(
    {
      podOpaquePorts: list, serviceOpaquePorts: list, namespaceOpaquePorts: list, podSkipInboundPorts: list, clientSkipOutboundPorts: list,
      appProtocol: fc.constantFrom(undefined, 'http', 'grpc', 'linkerd.io/opaque', 'kubernetes.io/h2c'),
      serverProxyProtocol: fc.constantFrom(undefined, 'unknown', 'opaque', 'HTTP/1'),
      egressNetworkOpaquePorts: fc.constantFrom(undefined, null, '5672'),
      cni: fc.boolean(),
      podDeclaresPort: fc.boolean(),
      namespaceSkipInboundPorts: list,
      clientNamespaceSkipOutboundPorts: list,
      containerPorts: fc.constantFrom(undefined, [4222], [3306, 8080], []),
      servicePorts: fc.constantFrom(undefined, [{ port: 4222 }], [{ port: 80, targetPort: 3306 }]),
      outboundTransportMode: fc.constantFrom(undefined, 'transparent', 'transport-header'),
      createdBeforeInjector: fc.boolean(),
      cniSkipInboundPorts: fc.constantFrom(undefined, '4567'),
      cniSkipOutboundPorts: fc.constantFrom(undefined, '3306'),
    },
    { requiredKeys: [] },
  ),
});

test('property: predict is consistent and applying the suggestions covers every case', () => {
  fc.assert(
    fc.property(arbInput, (a) => {
      const config = Object.fromEntries(Object.entries(a.config).filter(([, v]) => v !== undefined)) as PortConfig;
      const external = a.server === 'external';
      const waits = a.protocol === null ? undefined : WAITS[a.protocol];
      const input: SuggestInput = {
        version: V(a.version),
        port: a.port,
        protocol: a.protocol,
        client: 'meshed',
        server: a.server,
        via: external ? 'external' : a.via,
        inClusterNetworks: a.inClusterNetworks,
        config,
        ...(a.named === 'workload' ? { workload: { kind: 'deploy', name: 'w' }, service: 's', namespace: 'ns' } : a.named === 'namespace' ? { namespace: 'ns' } : {}),
      };
      const req = { port: a.port, protocol: a.protocol, ...(waits === undefined ? {} : { clientWaitsForGreeting: waits }) };
      const clients = external ? (['meshed'] as const) : (['meshed', 'unmeshed'] as const);
      const r = suggestWithPredictions(input, [req], { clients: [...clients] });
      for (const { prediction: p } of r.predictions) {
        assert.equal(p.covered, p.action === 'none');
        if (p.experience === 'works' || p.experience === 'broken') assert.equal(p.delaySeconds, 0);
        else assert.ok(p.delaySeconds > 0);
      }
      for (const s of r.suggestions) {
        if (s.key.startsWith('config.linkerd.io/')) assert.deepEqual(parsePortList(s.value).problems.filter((x) => x.code !== 'range'), [], s.value);
      }
      const fixed = apply(config, r.suggestions);
      for (const client of clients) {
        const after = predict({ ...input, client, config: fixed, ...(waits === undefined ? {} : { clientWaitsForGreeting: waits }) });
        assert.ok(after.covered, `${a.version} ${client} port ${a.port} ${a.protocol}: still ${after.experience}/${after.action} after ${JSON.stringify(r.suggestions.map((s) => [s.rule, s.value]))} on ${JSON.stringify(config)}\n${after.explanation.join('\n')}`);
      }
    }),
    { numRuns: Number(process.env["PROPERTY_RUNS"] ?? 3000) },
  );
});
