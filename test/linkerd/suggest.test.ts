import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggest, suggestPorts, suggestWithPredictions } from '../../src/linkerd/suggest.js';
import { parsePortList, portListIncludes, CONSUMERS } from '../../src/linkerd/port-list.js';
import type { Suggestion, SuggestInput } from '../../src/linkerd/model.js';
import { scenario, WAITS } from './helpers.js';

const named = { workload: { kind: 'deploy', name: 'db' }, service: 'db', namespace: 'prod' } as const;
const input = (version: string, port: number, protocol: Parameters<typeof scenario>[2], over: Parameters<typeof scenario>[3] = {}): SuggestInput => ({ ...scenario(version, port, protocol, over), ...named });
const by = (list: Suggestion[], rule: string) => list.find((s) => s.rule === rule);

test('issue example: pod says "8080", MySQL on 3306 => "3306,8080" (2.14)', () => {
  const s = suggest(input('2.14', 3306, 'mysql', { config: { podOpaquePorts: '8080' } }));
  const pod = by(s, 'pod-opaque-ports');
  assert.equal(pod?.value, '3306,8080');
  assert.equal(pod?.current, '8080');
  assert.deepEqual(pod?.object, { kind: 'Deployment', name: 'db', namespace: 'prod' });
  assert.match(pod?.docs ?? '', /^https:\/\/linkerd\.io\/2\.14\/features\/protocol-detection\/$/);
});

test('rule service-app-protocol (2.18+): linkerd.io/opaque on the Service port, first in order', () => {
  const s = suggest(input('latest', 4222, 'nats'));
  assert.equal(s[0]?.rule, 'service-app-protocol');
  assert.deepEqual([s[0]?.target, s[0]?.key, s[0]?.value, s[0]?.port], ['service', 'spec.ports[].appProtocol', 'linkerd.io/opaque', 4222]);
});

test('rule service-appProtocol replaces an HTTP declaration that breaks a server-first port', () => {
  const s = suggest(input('latest', 4222, 'nats', { config: { appProtocol: 'http' } }));
  const app = by(s, 'service-app-protocol');
  assert.equal(app?.value, 'linkerd.io/opaque');
  assert.equal(app?.current, 'http');
});

test('rule service-opaque-ports (2.10-2.17) merges with the Service value, ranges kept', () => {
  const s = suggest(input('2.12', 4222, 'nats', { config: { serviceOpaquePorts: '9000-9100, 25' } }));
  assert.equal(by(s, 'service-opaque-ports')?.value, '25,4222,9000-9100');
});

test('rule service-opaque-ports without an annotation keeps the defaults the controllers apply now', () => {
  const s = suggest(input('2.12', 4222, 'nats'));
  assert.equal(by(s, 'service-opaque-ports')?.value, '25,587,3306,4222,4444,5432,6379,9300,11211');
  const exact = suggest(input('2.12', 4222, 'nats', { config: { servicePorts: [{ port: 4222 }, { port: 6379 }] } }));
  assert.equal(by(exact, 'service-opaque-ports')?.value, '4222,6379', 'with the Service ports known: exactly what the injector wrote, plus the port');
});

test('rule pod-opaque-ports with containerPorts known keeps exactly the injector-written defaults', () => {
  const s = suggest(input('2.14', 4222, 'nats', { config: { containerPorts: [4222, 3306, 8080] } }));
  assert.equal(by(s, 'pod-opaque-ports')?.value, '3306,4222');
});

test('rule pod-opaque-ports resolves named entries it knows (names empty the policy controller set)', () => {
  const s = suggest(input('latest', 4222, 'nats', { client: 'unmeshed', config: { podOpaquePorts: 'mysql', containerPortNames: { mysql: 3306 } } }));
  const pod = by(s, 'pod-opaque-ports');
  assert.equal(pod?.value, '3306,4222');
  assert.ok(pod?.notes?.some((n) => /named port "mysql" written as 3306/.test(n)));
});

test('rule server-proxy-protocol: a Server selecting the port wins over annotations, so change the Server', () => {
  const s = suggest(input('latest', 4222, 'nats', { client: 'unmeshed', config: { podOpaquePorts: '4222', serverProxyProtocol: 'unknown', serverName: 'nats' } }));
  const srv = by(s, 'server-proxy-protocol');
  assert.deepEqual([srv?.target, srv?.key, srv?.value, srv?.current], ['server', 'spec.proxyProtocol', 'opaque', 'unknown']);
  assert.deepEqual(srv?.object, { kind: 'Server', name: 'nats', namespace: 'prod' });
  assert.equal(by(s, 'pod-opaque-ports'), undefined);
});

test('rule namespace-opaque-ports: no workload but a namespace; keeps the namespace value or the defaults', () => {
  const base = { ...scenario('2.14', 4222, 'nats'), namespace: 'prod' };
  const s = suggest({ ...base, config: { namespaceOpaquePorts: '8080' } });
  assert.deepEqual([by(s, 'namespace-opaque-ports')?.value, by(s, 'namespace-opaque-ports')?.target], ['4222,8080', 'namespace']);
  assert.equal(by(suggest(base), 'namespace-opaque-ports')?.value, '25,587,3306,4222,4444,5432,6379,9300,11211');
});

test('rule egress-network-opaque-ports (2.17+ with an EgressNetwork): merged with its value, client skip as an alternative', () => {
  const s = suggest(input('latest', 4222, 'nats', { server: 'external', via: 'external', config: { egressNetworkOpaquePorts: '5672' } }));
  assert.equal(by(s, 'egress-network-opaque-ports')?.value, '4222,5672');
  const alt = by(s, 'client-skip-outbound');
  assert.equal(alt?.alternative, true);
  assert.equal(alt?.value, '4222,4567,4568');
  const none = suggest(input('latest', 3306, 'mysql', { server: 'external', via: 'external', config: { egressNetworkOpaquePorts: null } }));
  assert.deepEqual(none, [], 'no annotation on the EgressNetwork: the default list covers 3306');
});

test('rule client-skip-outbound: external MySQL keeps the default skip ports; keeps an existing value instead when set', () => {
  const s = suggest(input('2.14', 3306, 'mysql', { server: 'external', via: 'external' }));
  assert.deepEqual([s.length, s[0]?.target, s[0]?.value], [1, 'client-pod', '3306,4567,4568']);
  const e = suggest(input('2.14', 3306, 'mysql', { server: 'external', via: 'external', config: { clientSkipOutboundPorts: '25, 587' } }));
  assert.equal(e[0]?.value, '25,587,3306');
  const cni = suggest(input('2.14', 3306, 'mysql', { server: 'external', via: 'external', config: { cni: true } }));
  assert.equal(cni[0]?.value, '3306');
});

test('rule pod-skip-inbound/outbound: Galera 4567 in CNI mode or after a list dropped the defaults', () => {
  const cni = suggest(input('latest', 4567, null, { config: { cni: true } }));
  assert.deepEqual(cni.map((s) => [s.rule, s.value]), [['pod-skip-inbound', '4567'], ['pod-skip-outbound', '4567']]);
  const replaced = suggest(input('latest', 4567, null, { config: { podSkipInboundPorts: '9999' } }));
  assert.equal(by(replaced, 'pod-skip-inbound')?.value, '4567,9999');
  assert.deepEqual(suggest(input('latest', 4567, null)), [], 'proxy-init defaults already skip 4567/4568');
});

test('2.9: skip lists, merged with the family defaults', () => {
  const s = suggest(input('2.9.3', 4222, 'nats'));
  assert.deepEqual(s.map((x) => [x.rule, x.value]), [
    ['client-skip-outbound', '25,443,587,3306,4222,5432,11211'],
    ['pod-skip-inbound', '25,443,587,3306,4222,5432,11211'],
  ]);
  assert.ok(s.every((x) => !x.key.includes('opaque')), 'no opaque-ports before 2.10');
});

test('nothing to suggest for covered ports and client-first protocols', () => {
  for (const [port, proto] of [[3306, 'mysql'], [22, 'ssh'], [873, 'rsync'], [8080, 'http']] as const) {
    assert.deepEqual(suggestWithPredictions(input('latest', port, proto), [{ port, protocol: proto, clientWaitsForGreeting: WAITS[proto] ?? false }], { clients: ['meshed', 'unmeshed'] }).suggestions, [], proto);
  }
});

test('several ports merge into one value per object', () => {
  const s = suggestPorts(input('2.14', 4222, 'nats', { config: { podOpaquePorts: '8080' } }), [
    { port: 4222, protocol: 'nats', clientWaitsForGreeting: true },
    { port: 25, protocol: 'smtp', clientWaitsForGreeting: true },
  ]);
  assert.equal(by(s, 'pod-opaque-ports')?.value, '25,4222,8080');
  assert.equal(s.filter((x) => x.rule === 'pod-opaque-ports').length, 1);
});

test('never suggests annotations that do not exist (spec 2.3)', () => {
  const all: Suggestion[] = [];
  for (const v of ['2.8', '2.9.0', '2.10', '2.12', '2.14', '2.17', 'latest']) {
    for (const over of [{}, { client: 'unmeshed' as const }, { server: 'external' as const, via: 'external' as const }, { via: 'pod-ip' as const }]) {
      all.push(...suggest(input(v, 4222, 'nats', over)), ...suggest(input(v, 4567, null, { ...over, config: { cni: true } })));
    }
  }
  assert.ok(all.length > 20);
  const allowed = new Set(['config.linkerd.io/opaque-ports', 'config.linkerd.io/skip-inbound-ports', 'config.linkerd.io/skip-outbound-ports', 'spec.ports[].appProtocol', 'spec.proxyProtocol']);
  for (const s of all) {
    assert.ok(allowed.has(s.key), s.key);
    assert.doesNotMatch(s.key, /protocol-detect-timeout/);
    assert.match(s.docs, /^https:\/\/linkerd\.io\//);
    assert.doesNotMatch(s.value, /\s/);
  }
});

test('round trip: every suggested list, read by every consumer that matters, has the port and what the object had', () => {
  const existing = ['8080', '9000-9100', '25,587', '5672, 15672', ''];
  for (const v of ['2.10', '2.14', 'latest']) {
    for (const ex of existing) {
      for (const port of [4222, 11211, 6222]) {
        const s = suggest(input(v, port, 'nats', { client: 'unmeshed', config: { podOpaquePorts: ex, serviceOpaquePorts: ex } }));
        for (const sg of s.filter((x) => x.key.startsWith('config.linkerd.io/'))) {
          const parsed = parsePortList(sg.value);
          const had = parsePortList(ex).readings.injector;
          for (const c of CONSUMERS) {
            if (c === 'linkerd-check' && sg.value.includes('-')) continue;
            assert.ok(portListIncludes(parsed, c, port), `${v} ${c} ${sg.value}`);
            for (const r of had.ports) assert.ok(portListIncludes(parsed, c, r.start) && portListIncludes(parsed, c, r.end), `${c} lost ${r.start}-${r.end} from "${ex}" in "${sg.value}"`);
          }
          assert.deepEqual(parsed.problems.filter((p) => p.code !== 'range'), []);
        }
      }
    }
  }
});

test('CNI mode: a Galera skip-inbound suggestion keeps the pod value, not the CNI list it is appended to', () => {
  const s = suggest(input('latest', 4567, null, { config: { cni: true, cniSkipInboundPorts: '9000', podSkipInboundPorts: '22' } }));
  assert.equal(by(s, 'pod-skip-inbound')?.value, '22,4567');
  assert.equal(by(s, 'pod-skip-inbound')?.current, '22');
});

test('2.10: a skip-inbound port breaks meshed clients (#5995): the suggestion takes it out of the list and makes it opaque', () => {
  const s = suggest(input('2.10', 4222, 'nats', { config: { podSkipInboundPorts: '4000-4300,25' } }));
  assert.equal(by(s, 'pod-skip-inbound')?.value, '25,4000-4221,4223-4300');
  assert.ok(by(s, 'pod-opaque-ports'));
  const cni = suggest(input('2.10', 4222, 'nats', { config: { cni: true, cniSkipInboundPorts: '4222' } }));
  assert.equal(by(cni, 'client-skip-outbound')?.value, '4222', 'linkerd-cni list: the clients skip the port too');
});

test('2.13.0-2.13.2: opaque does not help client proxies (#10745): client skip-outbound as well', () => {
  const s = suggest(input('2.13.1', 4222, 'nats'));
  assert.equal(by(s, 'client-skip-outbound')?.value, '4222,4567,4568');
  assert.equal(by(suggest(input('2.13.3', 4222, 'nats')), 'client-skip-outbound'), undefined);
});

test('a namespace-only target falls back to the pod template when the pod has its own value (it would win)', () => {
  const s = suggest({ ...scenario('2.14', 4222, 'nats', { config: { podOpaquePorts: '8080' } }), namespace: 'prod' });
  assert.equal(by(s, 'namespace-opaque-ports'), undefined);
  assert.equal(by(s, 'pod-opaque-ports')?.value, '4222,8080');
});

test('before 2.12 an opaque Server does not reach pod-IP clients: Server and pod annotation', () => {
  const s = suggest(input('2.11', 4222, 'nats', { via: 'pod-ip', config: { serverProxyProtocol: 'unknown' } }));
  assert.deepEqual(s.map((x) => x.rule), ['server-proxy-protocol', 'pod-opaque-ports']);
  assert.deepEqual(suggest(input('2.12', 4222, 'nats', { via: 'pod-ip', config: { serverProxyProtocol: 'unknown' } })).map((x) => x.rule), ['server-proxy-protocol']);
});

test('a default the pod does not carry is still written (the baseline is not on the object)', () => {
  const s = suggestWithPredictions(input('2.17', 5432, 'postgresql', { config: { podDeclaresPort: false } }), [{ port: 5432, protocol: 'postgresql', clientWaitsForGreeting: true }], { clients: ['unmeshed'] }).suggestions;
  assert.equal(by(s, 'pod-opaque-ports')?.value, '25,587,3306,4444,5432,6379,9300,11211');
});

test('SERVICEPORT:PODPORT: the injector wrote the Service port when its targetPort is a default (80 -> 3306 works from 2.11, not in 2.10)', () => {
  const req = [{ port: 3306, servicePort: 80, protocol: 'mysql' as const }];
  const latest = suggestWithPredictions(input('latest', 3306, 'mysql'), req, { clients: ['meshed', 'unmeshed'] });
  assert.deepEqual(latest.predictions.map((p) => [p.client, p.prediction.experience]), [['meshed', 'works'], ['unmeshed', 'works']]);
  assert.equal(latest.suggestions.length, 0);
  // Created before the injector: no Service annotation, the default list does not contain 80.
  const before = suggestWithPredictions(input('latest', 3306, 'mysql', { config: { createdBeforeInjector: true } }), req, { clients: ['meshed'] });
  assert.equal(before.predictions[0]?.prediction.experience, 'stall-10s');
  // 2.10: no injector-written annotations, so the meshed client detects on Service port 80.
  const old = suggestWithPredictions(input('2.10', 3306, 'mysql'), req, { clients: ['meshed'] });
  assert.equal(old.predictions[0]?.prediction.experience, 'stall-10s');
  assert.deepEqual(old.suggestions.map((s) => [s.rule, s.value]).find(([r]) => r === 'service-opaque-ports'), ['service-opaque-ports', '25,80,443,587,3306,5432,11211']);
});

test('an empty current value is replaced, not "kept" (reason says so)', () => {
  const s = suggest(input('latest', 3306, 'mysql', { client: 'unmeshed', config: { podOpaquePorts: '' } }));
  const pod = by(s, 'pod-opaque-ports');
  assert.equal(pod?.value, '3306');
  assert.equal(pod?.current, '');
  assert.match(pod?.reason ?? '', /replaces the empty value/);
  assert.doesNotMatch(pod?.reason ?? '', /existing entries of ""/);
});

test('2.13.0-2.13.2: a port the Service already makes opaque gets only the client skip (rewriting the Service value changes nothing)', () => {
  const already = suggestWithPredictions(input('stable-2.13.1', 3306, 'mysql'), [{ port: 3306, protocol: 'mysql' }], { clients: ['meshed'] });
  assert.deepEqual(already.suggestions.map((s) => [s.rule, s.value]), [['client-skip-outbound', '3306,4567,4568']]);
  // NATS is not in the default list: the Service annotation is still needed (and works from 2.13.3), plus the skip.
  const nats = suggestWithPredictions(input('stable-2.13.1', 4222, 'nats'), [{ port: 4222, protocol: 'nats' }], { clients: ['meshed'] });
  assert.deepEqual(nats.suggestions.map((s) => s.rule).sort(), ['client-skip-outbound', 'pod-opaque-ports', 'service-opaque-ports']);
  // 2.13.3 fixed the client: nothing to change for a default opaque port.
  assert.equal(suggestWithPredictions(input('stable-2.13.3', 3306, 'mysql'), [{ port: 3306, protocol: 'mysql' }], { clients: ['meshed'] }).suggestions.length, 0);
});
