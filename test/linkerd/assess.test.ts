/** The shared port assessment (probe and capture): server kinds, clusterNetworks, EgressNetwork, primary client, suggestions for both clients. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assessConfig, assessPort, parseEgressNetwork, type AssessOptions } from '../../src/linkerd/assess.js';
import { predict, type Scenario } from '../../src/linkerd/model.js';
import { suggestWithPredictions } from '../../src/linkerd/suggest.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { UsageError } from '../../src/errors.js';

const latest = parseLinkerdVersion('latest');

// docs/linkerd-model.md#prediction rows for external MySQL, plus the EgressNetwork alternative (2.17+).
const external: ReadonlyArray<{ name: string; o: Partial<AssessOptions>; meshed: string; action: string; fix: string | null }> = [
  { name: 'outside clusterNetworks, no EgressNetwork: Detect fallback (#13475)', o: {}, meshed: 'stall-10s', action: 'skip-outbound', fix: 'client-pod:config.linkerd.io/skip-outbound-ports=3306,4567,4568' },
  { name: 'inside clusterNetworks: the default list covers 3306', o: { inClusterNetworks: true }, meshed: 'works', action: 'none', fix: null },
  { name: 'an EgressNetwork without opaque-ports: the default list applies', o: { egressNetwork: { name: 'internet' } }, meshed: 'works', action: 'none', fix: null },
  { name: 'an EgressNetwork whose opaque-ports leaves 3306 out', o: { egressNetwork: { name: 'internet' }, opaquePorts: '4222' }, meshed: 'stall-10s', action: 'opaque', fix: 'egress-network:config.linkerd.io/opaque-ports=3306,4222' },
  { name: 'skip-outbound already on the client', o: { skipOutboundPorts: '3306' }, meshed: 'works', action: 'none', fix: null },
];
for (const row of external) {
  test(`external MySQL on 3306, ${row.name}`, () => {
    const a = assessPort({ port: 3306, protocol: 'mysql' }, { version: latest, server: 'external', ...row.o });
    assert.equal(a.meshed.experience, row.meshed);
    assert.equal(a.unmeshed.experience, 'works', 'an unmeshed client has no proxy on the way out');
    assert.equal(a.action, row.action);
    assert.equal(a.scenario.via, 'external');
    assert.equal(a.scenario.inClusterNetworks, row.o.inClusterNetworks ?? false);
    const first = a.suggestions[0];
    assert.equal(first === undefined ? null : `${first.target}:${first.key}=${first.value}`, row.fix);
  });
}

test('external: the EgressNetwork is only used from 2.17; the client pod is the named workload', () => {
  const o: AssessOptions = { version: latest, server: 'external', egressNetwork: { name: 'internet', namespace: 'egress' }, opaquePorts: '', workload: { kind: 'deploy', name: 'app' }, namespace: 'prod' };
  const a = assessPort({ port: 4222, protocol: 'nats' }, o);
  assert.deepEqual(a.suggestions.map((s) => [s.target, s.object?.kind, s.object?.name, s.object?.namespace, s.alternative ?? false]), [
    ['egress-network', 'EgressNetwork', 'internet', 'egress', false],
    ['client-pod', 'Deployment', 'app', 'prod', true],
  ]);
  const old = assessPort({ port: 4222, protocol: 'nats' }, { ...o, version: parseLinkerdVersion('2.16') });
  assert.deepEqual(old.suggestions.map((s) => s.target), ['client-pod']);
});

test('a primary unmeshed client: its prediction is primary, and the meshed clients still get their fix', () => {
  const o: AssessOptions = { version: latest, server: 'meshed', primaryClient: 'unmeshed', service: 'nats', workload: { kind: 'sts', name: 'nats' }, namespace: 'mq' };
  const a = assessPort({ port: 4222, protocol: 'nats' }, o);
  assert.equal(a.primary, a.unmeshed);
  assert.equal(a.primary.experience, 'closed-10s');
  assert.equal(a.scenario.client, 'unmeshed');
  const keys = a.suggestions.map((s) => `${s.target}:${s.key}`);
  assert.deepEqual(keys, ['service:spec.ports[].appProtocol', 'pod-template:config.linkerd.io/opaque-ports']);
  // Suggesting for the unmeshed client alone (what capture did before) misses the Service fix.
  const alone = suggestWithPredictions({ ...a.scenario, service: 'nats', workload: { kind: 'sts', name: 'nats' }, namespace: 'mq' }, [{ port: 4222, protocol: 'nats' }]).suggestions;
  assert.ok(!alone.some((s) => s.target === 'service'));
});

test('the action is the primary client\'s, else the other\'s; explanations are listed once', () => {
  const meshedPrimary = assessPort({ port: 4222, protocol: 'nats' }, { version: latest, server: 'meshed', skipOutboundPorts: '4222' });
  assert.equal(meshedPrimary.action, meshedPrimary.meshed.action);
  assert.equal(new Set(meshedPrimary.explanation).size, meshedPrimary.explanation.length);
  const ext = assessPort({ port: 3306, protocol: 'mysql' }, { version: latest, server: 'external', primaryClient: 'unmeshed' });
  assert.equal(ext.primary.action, 'none');
  assert.equal(ext.action, 'skip-outbound', 'the unmeshed primary is fine, the meshed clients are not');
  assert.equal(ext.covered, false);
});

test('a client-first port is covered and gets no suggestions; the observed wait overrides the knowledge base', () => {
  const http = assessPort({ port: 4222, protocol: 'nats', clientWaitsForGreeting: false }, { version: latest, server: 'meshed' });
  assert.equal(http.covered, true);
  assert.deepEqual(http.suggestions, []);
  const unknown = assessPort({ port: 9999, protocol: null, clientWaitsForGreeting: true }, { version: latest, server: 'meshed' });
  assert.equal(unknown.covered, false);
  assert.ok(unknown.suggestions.length > 0);
});

test('assessConfig: external destinations drop the pod and Service lists; --opaque-ports goes to the EgressNetwork', () => {
  assert.deepEqual(assessConfig({ version: latest, server: 'meshed', opaquePorts: '4222', skipInboundPorts: '9', skipOutboundPorts: '8' }), {
    podOpaquePorts: '4222', serviceOpaquePorts: '4222', podSkipInboundPorts: '9', clientSkipOutboundPorts: '8',
  });
  assert.deepEqual(assessConfig({ version: latest, server: 'external', opaquePorts: '4222', skipInboundPorts: '9', skipOutboundPorts: '8' }), { clientSkipOutboundPorts: '8' });
  assert.deepEqual(assessConfig({ version: latest, server: 'external', egressNetwork: { name: 'e', namespace: 'n' } }), {
    egressNetworkOpaquePorts: null, egressNetworkName: 'e', egressNetworkNamespace: 'n',
  });
  assert.deepEqual(assessConfig({ version: latest, server: 'meshed', egressNetwork: { name: 'e' } }), {}, 'an EgressNetwork only matches external destinations');
});

test('parseEgressNetwork: NAME or NAMESPACE/NAME', () => {
  assert.deepEqual(parseEgressNetwork('internet'), { name: 'internet' });
  assert.deepEqual(parseEgressNetwork('egress/all.example'), { namespace: 'egress', name: 'all.example' });
  for (const bad of ['', 'Internet', 'a/b/c', '/x', 'ns/', 'bad_name']) assert.throws(() => parseEgressNetwork(bad), UsageError, bad);
});

test('property: the two predictions are exactly predict() of the scenario per client, and a covered port has no suggestions', () => {
  const versions = ['2.10', '2.11', '2.14', '2.18', 'latest'].map((v) => parseLinkerdVersion(v));
  fc.assert(
    fc.property(
      fc.constantFrom(...versions),
      fc.integer({ min: 1, max: 65_535 }),
      fc.constantFrom<'mysql' | 'nats' | 'smtp' | 'http' | null>('mysql', 'nats', 'smtp', 'http', null),
      fc.option(fc.boolean(), { nil: undefined }),
      fc.constantFrom<Scenario['server']>('meshed', 'unmeshed', 'external'),
      fc.constantFrom<'meshed' | 'unmeshed'>('meshed', 'unmeshed'),
      fc.boolean(),
      (version, port, protocol, waits, server, primaryClient, inside) => {
        const a = assessPort({ port, protocol, ...(waits === undefined ? {} : { clientWaitsForGreeting: waits }) }, { version, server, primaryClient, inClusterNetworks: inside });
        assert.deepEqual(a.meshed, predict({ ...a.scenario, client: 'meshed' }));
        assert.deepEqual(a.unmeshed, predict({ ...a.scenario, client: 'unmeshed' }));
        assert.equal(a.covered, a.meshed.covered && a.unmeshed.covered);
        if (a.covered) assert.deepEqual(a.suggestions, []);
        assert.equal(a.delaySeconds, Math.max(a.meshed.delaySeconds, a.unmeshed.delaySeconds));
      },
    ),
    { numRuns: 300 },
  );
});
