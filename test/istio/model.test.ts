import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseIstioVersion, featuresOf, servicePortProtocol, serviceEntryPortProtocol, serviceEntryProtocolInvalid, protocolFilter,
  sidecarClientOutcome, noSidecarClientOutcome, parseIstioPortList, suggestIstio,
} from '../../src/istio/index.js';
import { getProtocol, clientWaitsOnPort } from '../../src/protocols/index.js';
import { UsageError } from '../../src/errors.js';

const V = (s: string) => parseIstioVersion(s);
const waits = (id: string, port: number) => {
  const e = getProtocol(id);
  assert.ok(e, id);
  return clientWaitsOnPort(e, port);
};

test('versions: accepted forms and usage errors', () => {
  assert.deepEqual([V('latest').minor, V('latest').channel], [30, 'latest']);
  assert.deepEqual([V('1.6.9').minor, V('1.6.9').patch], [6, 9]);
  assert.deepEqual([V('v1.24.0').minor, V('istio-1.8').minor, V('1.6').patch], [24, 8, 0]);
  for (const bad of ['2.0', '1', '1.x', '', 'edge-25.1.1', '1.6.9.1']) assert.throws(() => V(bad), UsageError, bad);
});

test('detection timeout per release (mesh.go and the install charts at each tag)', () => {
  const cases: Array<[string, number]> = [
    ['1.2', 0], ['1.3.0', 100], ['1.5.10', 100], ['1.6.0', 100], ['1.6.8', 100], ['1.6.9', 5000], ['1.6.14', 5000],
    ['1.7.0', 5000], ['1.7.8', 5000], ['1.8.0', 0], ['1.22', 0], ['latest', 0],
  ];
  for (const [v, ms] of cases) assert.equal(featuresOf(V(v)).detectionTimeoutMs, ms, v);
  assert.deepEqual([featuresOf(V('1.2')).sniffOutbound, featuresOf(V('1.3')).sniffOutbound], [false, true]);
  assert.deepEqual([featuresOf(V('1.4')).sniffInbound, featuresOf(V('1.5')).sniffInbound], [false, true]);
});

// The test vectors of docs/istio.md "Test vectors": version, Service port, resolved protocol, backend, outcome for a sidecar client.
const VECTORS: Array<{ n: number; v: string; name?: string; app?: string; port: number; target?: number; resolves: string; backend: string; outcome: string; delayMs?: number }> = [
  { n: 1, v: 'latest', port: 27017, resolves: 'TCP', backend: 'mongodb', outcome: 'works-as-tcp' },
  { n: 2, v: 'latest', name: 'mongo-primary', port: 27018, resolves: 'Mongo', backend: 'mongodb', outcome: 'works-as-tcp' },
  { n: 3, v: 'latest', name: 'imap', port: 143, resolves: 'auto', backend: 'imap', outcome: 'hangs' },
  { n: 4, v: 'latest', name: 'imap', app: 'tcp', port: 143, resolves: 'TCP', backend: 'imap', outcome: 'works-as-tcp' },
  { n: 5, v: 'latest', name: 'HTTP2-api', port: 9000, resolves: 'HTTP2', backend: 'http2', outcome: 'works' },
  { n: 6, v: 'latest', name: 'web', app: 'kubernetes.io/wss', port: 8443, resolves: 'HTTPS', backend: 'tls', outcome: 'works-as-tcp' },
  { n: 7, v: '1.22', name: 'web', app: 'kubernetes.io/wss', port: 8443, resolves: 'auto', backend: 'tls', outcome: 'works' },
  { n: 8, v: '1.6', name: 'ftp', app: 'tcp', port: 21, resolves: 'TCP', backend: 'ftp', outcome: 'works-as-tcp' },
  { n: 9, v: '1.5', name: 'ftp', app: 'tcp', port: 21, resolves: 'auto', backend: 'ftp', outcome: 'works-as-tcp', delayMs: 100 },
  { n: 10, v: 'latest', name: 'dns', port: 53, resolves: 'TCP', backend: 'dns', outcome: 'works-as-tcp' },
  { n: 11, v: 'latest', name: 'vnc', port: 5901, target: 5900, resolves: 'auto', backend: 'vnc', outcome: 'hangs' },
  { n: 12, v: 'latest', name: 'db', port: 8306, target: 3306, resolves: 'auto', backend: 'mysql', outcome: 'hangs' },
  { n: 13, v: 'latest', name: 'sql', port: 3306, target: 13306, resolves: 'TCP', backend: 'mysql', outcome: 'works-as-tcp' },
  { n: 14, v: 'latest', name: 'http_api', port: 8080, resolves: 'auto', backend: 'http', outcome: 'works' },
  { n: 15, v: 'latest', name: 'http-ftp', port: 21, resolves: 'HTTP', backend: 'ftp', outcome: 'hangs' },
  { n: 16, v: 'latest', name: 'smtp', app: 'smtp', port: 2587, target: 587, resolves: 'auto', backend: 'smtp', outcome: 'hangs' },
  { n: 17, v: 'latest', name: 'rsync', port: 873, resolves: 'auto', backend: 'rsync', outcome: 'works' },
];

test('Service port vectors: protocol and sidecar-client outcome per release', () => {
  for (const c of VECTORS) {
    const v = V(c.v);
    const r = servicePortProtocol(v, { port: c.port, name: c.name, appProtocol: c.app });
    assert.equal(r.protocol, c.resolves, `vector ${c.n}: protocol`);
    const o = sidecarClientOutcome(v, { resolution: r, clientWaits: waits(c.backend, c.target ?? c.port), backendIsHttp: c.backend === 'http' || c.backend === 'http2' });
    assert.equal(o.outcome, c.outcome, `vector ${c.n}: outcome (${o.why})`);
    assert.equal(o.delayMs, c.delayMs ?? 0, `vector ${c.n}: delay`);
  }
});

test('ServiceEntry vectors 18-20: protocol field only, no well-known-port default', () => {
  const v = V('latest');
  const pg = serviceEntryPortProtocol(v, undefined);
  assert.equal(pg.protocol, 'auto');
  assert.equal(sidecarClientOutcome(v, { resolution: pg, clientWaits: waits('postgresql', 5432) }).outcome, 'works');
  const smtpTcp = serviceEntryPortProtocol(v, 'tcp');
  assert.equal(smtpTcp.protocol, 'TCP');
  assert.equal(sidecarClientOutcome(v, { resolution: smtpTcp, clientWaits: true }).outcome, 'works-as-tcp');
  const smtpUnset = serviceEntryPortProtocol(v, '');
  assert.equal(smtpUnset.protocol, 'auto', 'port 25 gets no TCP default on a ServiceEntry');
  assert.equal(sidecarClientOutcome(v, { resolution: smtpUnset, clientWaits: waits('smtp', 25) }).outcome, 'hangs');
  // No prefix rule on ServiceEntries: "tcp-db" is not a protocol (and validation rejects it).
  assert.equal(serviceEntryPortProtocol(v, 'tcp-db').protocol, 'auto');
  assert.equal(serviceEntryProtocolInvalid(v, 'tcp-db'), true);
  assert.equal(serviceEntryProtocolInvalid(v, ''), false);
});

test('ConvertProtocol details: dash-only prefix, case, appProtocol precedence, UDP, releases', () => {
  const L = V('latest');
  const p = (name: string | undefined, port = 8000, app?: string, v = L, protocol?: string) => servicePortProtocol(v, { port, name, appProtocol: app, protocol }).protocol;
  assert.equal(p('tcp_x'), 'auto');
  assert.equal(p('tcp.x'), 'auto');
  assert.equal(p('TCP-x'), 'TCP');
  assert.equal(p('api-http'), 'auto');
  assert.equal(p('httpapi'), 'auto');
  assert.equal(p('grpc-web-x'), 'GRPC-Web');
  assert.equal(p('GRPC-WEBx'), 'GRPC-Web', 'grpc-web is a prefix match');
  assert.equal(p('tcp-db', 8000, 'linkerd.io/opaque'), 'auto', 'appProtocol wins over a valid name');
  assert.equal(p('tcp-db', 8000, 'postgresql'), 'auto');
  assert.equal(p('tcp-db', 8000, ''), 'auto', 'an empty appProtocol is still set');
  assert.equal(p('tcp-db', 8000, 'linkerd.io/opaque', V('1.5')), 'TCP', 'appProtocol ignored before 1.6');
  assert.equal(p('x', 8000, 'kubernetes.io/h2c', V('1.18')), 'auto');
  assert.equal(p('x', 8000, 'kubernetes.io/h2c', V('1.19')), 'HTTP2');
  assert.equal(p('x', 8000, 'kubernetes.io/ws', V('1.23')), 'auto');
  assert.equal(p('x', 8000, 'kubernetes.io/ws', V('1.24')), 'HTTP');
  assert.equal(p('x', 8000, 'Kubernetes.io/h2c'), 'auto', 'the kubernetes.io values are case-sensitive');
  assert.equal(p('x', 53, 'kubernetes.io/WS'), 'TCP', 'unsupported on a well-known port is TCP');
  assert.equal(p('udp-x'), 'UDP');
  assert.equal(p('udp-x', 8000, undefined, V('1.2')), 'TCP', 'before 1.3 a udp word on a TCP port is TCP');
  assert.equal(p('dns', 53, undefined, L, 'UDP'), 'UDP');
  assert.equal(p('web', 8000, undefined, V('1.2')), 'TCP', 'no sniffing before 1.3');
  assert.equal(p('thrift-x', 9090, undefined, V('1.13')), 'Thrift');
  assert.equal(p('thrift-x', 9090, undefined, V('1.14')), 'auto', 'thrift removed in 1.14');
  assert.equal(p('http_proxy', 8000, undefined, V('1.4')), 'auto');
  assert.equal(p('http_proxy', 8000, undefined, V('1.5')), 'HTTP_PROXY');
  assert.equal(p('mysql', 8000, undefined, V('1.0')), 'TCP', 'mysql unknown in 1.0 (then TCP: no sniffing)');
  assert.equal(p(undefined, 3307), 'auto');
  assert.equal(p(undefined, 3306), 'TCP');
});

test('protocol filters on by default: mongo always, mysql only in 1.1, redis never', () => {
  assert.equal(protocolFilter(V('latest'), 'Mongo'), 'mongo_proxy');
  assert.equal(protocolFilter(V('latest'), 'MySQL'), null);
  assert.equal(protocolFilter(V('1.1'), 'MySQL'), 'mysql_proxy');
  assert.equal(protocolFilter(V('1.2'), 'MySQL'), null);
  assert.equal(protocolFilter(V('latest'), 'Redis'), null);
});

test('clients without a sidecar: PERMISSIVE makes a TCP-declared server-first port hang; DISABLE with TCP fixes it', () => {
  const L = V('latest');
  const tcp = servicePortProtocol(L, { port: 3306 });
  assert.equal(noSidecarClientOutcome(L, { resolution: tcp, clientWaits: true, mode: 'PERMISSIVE', serverInjected: true }).outcome, 'hangs');
  assert.equal(noSidecarClientOutcome(L, { resolution: tcp, clientWaits: false, mode: 'PERMISSIVE', serverInjected: true }).outcome, 'works-as-tcp');
  assert.equal(noSidecarClientOutcome(L, { resolution: tcp, clientWaits: true, mode: 'DISABLE', serverInjected: true }).outcome, 'works-as-tcp');
  assert.equal(noSidecarClientOutcome(L, { resolution: tcp, clientWaits: true, mode: 'STRICT', serverInjected: true }).outcome, 'hangs');
  assert.equal(noSidecarClientOutcome(L, { resolution: tcp, clientWaits: false, mode: 'STRICT', serverInjected: true }).outcome, 'fails');
  assert.equal(noSidecarClientOutcome(L, { resolution: tcp, clientWaits: true, mode: 'PERMISSIVE', serverInjected: true, excludedInbound: true }).outcome, 'works');
  assert.equal(noSidecarClientOutcome(L, { resolution: tcp, clientWaits: true, mode: 'PERMISSIVE', serverInjected: false }).outcome, 'works');
  const auto = servicePortProtocol(L, { port: 4222, name: 'broker' });
  assert.equal(noSidecarClientOutcome(L, { resolution: auto, clientWaits: true, mode: 'DISABLE', serverInjected: true }).outcome, 'hangs', 'sniffed inbound from 1.5');
  assert.equal(noSidecarClientOutcome(V('1.4'), { resolution: servicePortProtocol(V('1.4'), { port: 4222, name: 'broker' }), clientWaits: true, mode: 'DISABLE', serverInjected: true }).outcome, 'works-as-tcp');
  const old = noSidecarClientOutcome(V('1.7'), { resolution: tcp, clientWaits: true, mode: 'PERMISSIVE', serverInjected: true });
  assert.deepEqual([old.outcome, old.delayMs], ['works-as-tcp', 5000]);
});

test('excludeOutboundPorts on the client bypasses the sidecar', () => {
  const L = V('latest');
  const r = servicePortProtocol(L, { port: 4222, name: 'broker' });
  assert.equal(sidecarClientOutcome(L, { resolution: r, clientWaits: true, excludedOutbound: true }).outcome, 'works');
  assert.equal(sidecarClientOutcome(L, { resolution: r, clientWaits: null }).outcome, 'unknown');
});

test('port-list annotations parse as the injector validates them', () => {
  assert.deepEqual(parseIstioPortList(' 80, 443 ,8080 '), { ok: true, wildcard: false, ports: [80, 443, 8080] });
  assert.deepEqual(parseIstioPortList(''), { ok: true, wildcard: false, ports: [] });
  assert.deepEqual(parseIstioPortList('*', true), { ok: true, wildcard: true, ports: [] });
  const bad = (value: string, wildcard = false) => {
    const r = parseIstioPortList(value, wildcard);
    assert.equal(r.ok, false, value);
    return r.ok ? '' : `${r.index}:${r.reason}`;
  };
  assert.equal(bad('*'), '0:not a port number', '* only for includeInboundPorts');
  assert.equal(bad('80,'), '1:empty item');
  assert.equal(bad('4000-4100'), '0:port ranges are not supported');
  assert.equal(bad('80,http'), '1:not a port number');
  assert.equal(bad('70000'), '0:out of range (0-65535)');
  assert.equal(bad(' * ', true), '0:not a port number', 'the wildcard is compared untrimmed');
});

test('suggest: appProtocol tcp from 1.6, a tcp- name before, ServiceEntry for external, PeerAuthentication for PERMISSIVE', () => {
  const nats = suggestIstio({ version: V('latest'), ports: [{ port: 4222, protocol: 'nats' }], client: 'sidecar' });
  assert.deepEqual(nats.suggestions.map((s) => [s.target, s.key, s.value, s.since, s.primary]), [
    ['service', 'spec.ports[].appProtocol', 'tcp', '1.6', true],
    ['service', 'spec.ports[].name', 'tcp-nats', '1.0', false],
  ]);
  const old = suggestIstio({ version: V('1.5'), ports: [{ port: 21, protocol: 'ftp' }], client: 'sidecar' });
  assert.deepEqual(old.suggestions.map((s) => [s.key, s.value, s.primary]), [['spec.ports[].name', 'tcp-ftp', true]]);
  const ext = suggestIstio({ version: V('latest'), ports: [{ port: 25, protocol: 'smtp' }], external: true, existingExcludeOutbound: '9000' });
  assert.deepEqual(ext.suggestions.map((s) => [s.target, s.value, s.primary]), [
    ['service-entry', 'TCP', true],
    ['pod-template', '9000,25', false],
  ]);
  const mysql = suggestIstio({ version: V('latest'), ports: [{ port: 3306, protocol: 'mysql' }], client: 'no-sidecar' });
  assert.deepEqual(mysql.suggestions.map((s) => [s.target, s.value, s.primary]), [
    ['peer-authentication', 'DISABLE', true],
    ['pod-template', '3306', false],
  ]);
  const pg = suggestIstio({ version: V('latest'), ports: [{ port: 5432, protocol: 'postgresql' }, { port: 873, protocol: 'rsync' }] });
  assert.deepEqual(pg.suggestions, [], 'client-first protocols need nothing');
  for (const s of [...nats.suggestions, ...ext.suggestions, ...mysql.suggestions]) {
    assert.ok(!/linkerd|protocolDetectionTimeout/i.test(`${s.key} ${s.value}`), s.key);
  }
});
