import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { golden, runCli } from '../helpers/golden.js';

test('golden: suggest --mesh istio text (NATS sniffed, MySQL on 3306 TCP, PostgreSQL fine)', async () => {
  const r = await golden('istio/suggest-text', ['suggest', '4222/nats', '3306/mysql', '5432/postgresql', '--mesh', 'istio', '--service', 'nats', '-n', 'prod']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^fix: Service\/nats -n prod: spec\.ports\[port=4222\]\.appProtocol: tcp \(Istio 1\.6\+\)$/m);
  assert.doesNotMatch(r.stdout, /linkerd|protocolDetectionTimeout/i);
});

test('golden: suggest --mesh istio on 1.5 (before appProtocol) names the port tcp-', async () => {
  const r = await golden('istio/suggest-1.5', ['suggest', '21/ftp', '--mesh', 'istio', '--istio', '1.5', '--client', 'meshed']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /spec\.ports\[port=21\]\.name: tcp-ftp \(Istio 1\.0\+\)/);
  assert.match(r.stdout, /works as TCP after 100 ms/);
});

test('golden: suggest --mesh istio --external yaml: a ServiceEntry with protocol TCP, then excludeOutboundPorts keeping the list', async () => {
  const r = await golden('istio/suggest-external-yaml', ['suggest', '25/smtp', '--mesh', 'istio', '--external', '--workload', 'deploy/api', '-n', 'shop', '--existing-exclude-outbound', '9000', '--format', 'yaml']);
  assert.equal(r.code, 1);
  const docs = parseAllDocuments(r.stdout);
  assert.ok(Array.isArray(docs));
  const [se, deploy] = docs.map((d) => d.toJS() as Record<string, any>);
  assert.equal(se?.['kind'], 'ServiceEntry');
  assert.deepEqual(se?.['spec']?.['ports'], [{ number: 25, name: 'tcp-25', protocol: 'TCP' }]);
  assert.equal(deploy?.['spec']?.['template']?.['metadata']?.['annotations']?.['traffic.sidecar.istio.io/excludeOutboundPorts'], '9000,25');
});

test('golden: suggest --mesh istio patch and json', async () => {
  const p = await golden('istio/suggest-patch', ['suggest', '4222/nats', '--mesh', 'istio', '--service', 'nats', '--workload', 'deploy/nats', '-n', 'prod', '--format', 'patch']);
  assert.equal(p.code, 1);
  assert.match(p.stdout, /kubectl patch service nats -n prod --type strategic -p '\{"spec":\{"ports":\[\{"port":4222,"appProtocol":"tcp"\}\]\}\}'/);
  const j = await golden('istio/suggest-json', ['suggest', '4222/nats', '--mesh', 'istio', '--json']);
  const doc = JSON.parse(j.stdout) as { mesh: string; ports: Array<{ istioProtocol: string; outcomes: { sidecarClients: { outcome: string } } }>; suggestions: Array<{ since: string }> };
  assert.equal(doc.mesh, 'istio');
  assert.deepEqual([doc.ports[0]?.istioProtocol, doc.ports[0]?.outcomes.sidecarClients.outcome], ['auto', 'hangs']);
  assert.equal(doc.suggestions[0]?.since, '1.6');
});

test('golden: suggest --mesh istio for client-first protocols exits 0', async () => {
  const r = await golden('istio/suggest-nothing', ['suggest', '22/ssh', '873/rsync', '5432/postgresql', '--mesh', 'istio']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Nothing to change/);
});

test('golden: detect --mesh istio (nothing sent, a TLS record header, an HTTP request)', async () => {
  assert.match((await golden('istio/detect-empty', ['detect', '--hex', '', '--mesh', 'istio'])).stdout, /hangs until the client sends more/);
  const tls = await golden('istio/detect-tls-start', ['detect', '--hex', '160301', '--mesh', 'istio', '--json']);
  const doc = JSON.parse(tls.stdout) as { http: { legacy: { decision: string }; balsa: { decision: string } }; tls: { decision: string } };
  assert.deepEqual([doc.http.legacy.decision, doc.http.balsa.decision, doc.tls.decision], ['not-http', 'wait', 'wait']);
  assert.match((await golden('istio/detect-http-1.7', ['detect', '--text', 'GET / HTTP/1.1\\r\\n', '--mesh', 'istio', '--istio', '1.7'])).stdout, /Istio 1\.7\.0/);
});

test('golden: --mesh istio usage errors (Linkerd-only flag, --istio without --mesh istio, bad version)', async () => {
  for (const [name, args] of [
    ['istio/error-linkerd-flag', ['suggest', '4222', '--mesh', 'istio', '--existing-opaque', '80']],
    ['istio/error-istio-alone', ['suggest', '4222', '--istio', '1.22']],
    ['istio/error-bad-version', ['detect', '--hex', '', '--mesh', 'istio', '--istio', '2.1']],
    ['istio/error-bad-mesh', ['detect', '--hex', '', '--mesh', 'consul']],
    ['istio/error-bad-exclude', ['suggest', '25/smtp', '--mesh', 'istio', '--external', '--existing-exclude-outbound', '4000-4100']],
  ] as const) {
    const r = await golden(name, args);
    assert.equal(r.code, 2, name);
    assert.equal(r.stdout, '', name);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, `${name}: one line`);
  }
});

test('golden: capture --mesh istio: MariaDB on a sniffed port hangs, HTTP works; TLS ClientHello bytes decided by the inspectors', async () => {
  const r = await golden('istio/capture-mixed', ['capture', 'test/capture/fixtures/mixed.pcapng', '--mesh', 'istio']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^47006 +1 +server +mysql +unset \(sniffed\) +hangs +hangs$/m);
  const tls = await golden('istio/capture-tls-json', ['capture', 'test/capture/fixtures/tls.pcap', '--mesh', 'istio', '--json']);
  const doc = JSON.parse(tls.stdout) as { mesh: string; ports: Array<{ outcome: string; inspectors: { httpLegacy: string; tls: string } | null }> };
  assert.equal(doc.mesh, 'istio');
  assert.equal(doc.ports[0]?.outcome, 'works');
  assert.equal(doc.ports[0]?.inspectors?.httpLegacy, 'not-http');
});

test('golden: capture --mesh istio --istio 1.7 --server external: a ServiceEntry port, 5 s then TCP', async () => {
  const r = await golden('istio/capture-smtp-external-1.7', ['capture', 'test/capture/fixtures/smtp.pcap', '--mesh', 'istio', '--istio', '1.7', '--server', 'external']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /works-as-tcp after 5 s/);
  assert.match(r.stdout, /fix: service-entry: spec\.ports\[\]\.protocol: TCP/);
});

test('golden: lint --mesh istio over the corpus (Istio samples bookinfo databases and tcp-echo silent; hand-made traps found)', async () => {
  const r = await golden('istio/lint-corpus', ['lint', '--mesh', 'istio', 'test/lint/corpus-istio']);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout, /bookinfo|tcp-echo/, 'the upstream samples have no findings');
  const j = JSON.parse((await golden('istio/lint-corpus-json', ['lint', '--mesh', 'istio', '--istio', '1.7', '--json', 'test/lint/corpus-istio'])).stdout) as { findings: Array<{ ruleId: string; messageId: string; line: number }> };
  assert.deepEqual(j.findings.filter((f) => f.ruleId === 'istio-server-first-sniffed').map((f) => f.messageId), ['delayed', 'delayed', 'delayed']);
  // The same input under Linkerd (default) runs none of the istio-* rules.
  assert.doesNotMatch(runCli(['lint', 'test/lint/corpus-istio']).stdout, /istio-/);
  assert.equal(runCli(['lint', '--mesh', 'istio', '--fix', 'test/lint/corpus-istio']).code, 2);
});
