import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, y } from '../helpers.js';

const nats = (podAnnotations: string, svcAnnotations = '', headless = false) =>
  y(
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: nats',
    `  annotations: {${svcAnnotations}}`,
    'spec:',
    `  clusterIP: ${headless ? 'None' : '10.0.0.1'}`,
    '  selector: {app: nats}',
    '  ports:',
    '  - {name: client, port: 4222}',
    '---',
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: nats}',
    'spec:',
    '  template:',
    '    metadata:',
    '      labels: {app: nats}',
    `      annotations: {${podAnnotations}}`,
    '    spec:',
    '      containers:',
    '      - name: nats',
    '        image: nats:2.10-alpine',
    '        ports:',
    '        - containerPort: 4222',
    '          name: client',
  );

test('server-first-port-not-opaque: NATS without opaque-ports is reported at its port entry with evidence and a merged fix', () => {
  const [f] = expectFindings('server-first-port-not-opaque', nats(''), [{ line: 25, column: 11, endLine: 26, endColumn: 23, port: 4222, messageId: 'notOpaque', data: { port: 4222, protocol: 'NATS' }, message: /stall about 10 s/ }]);
  assert.ok(f);
  assert.deepEqual(f.object, { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: null, name: 'nats' });
  assert.ok(f.evidence.some((e) => e.source === 'image' && e.protocol === 'nats'));
  assert.ok(f.evidence.some((e) => e.source === 'port-number' && e.value === '4222'));
  const pod = f.suggestions.find((s) => s.target === 'pod-template' && s.key === 'config.linkerd.io/opaque-ports');
  assert.ok(pod, 'suggests the pod annotation');
  assert.match(pod.value, /(^|,)4222(,|$)/);
  assert.ok(f.fixes.some((e) => e.path.join('.') === 'spec.template.metadata.annotations.config.linkerd.io/opaque-ports'));
});

test('server-first-port-not-opaque: opaque on the pod and the Service passes; on the pod only, the ClusterIP clients still stall', () => {
  const both = '"config.linkerd.io/opaque-ports": "4222"';
  expectFindings('server-first-port-not-opaque', nats(both, both), []);
  expectFindings('server-first-port-not-opaque', nats(both, ''), [{ line: 25, column: 11, messageId: 'notOpaque', data: { clients: 'meshed clients of Service nats port 4222 stall about 10 s' } }]);
  // Headless: clients use pod IPs, the pod annotation is enough.
  expectFindings('server-first-port-not-opaque', nats(both, '', true), []);
});

test('server-first-port-not-opaque: defaults cover MySQL 3306 when declared; HTTP and implicit-TLS ports pass', () => {
  const one = (image: string, port: number, name = 'p') =>
    y('apiVersion: v1', 'kind: Pod', 'metadata: {name: x}', 'spec:', '  containers:', `  - {name: c, image: ${image}, ports: [{name: ${name}, containerPort: ${port}}]}`);
  expectFindings('server-first-port-not-opaque', one('mysql:8', 3306), []);
  expectFindings('server-first-port-not-opaque', one('nginx', 8080, 'http'), []);
  expectFindings('server-first-port-not-opaque', one('mailu/postfix', 465, 'smtps'), []);
  expectFindings('server-first-port-not-opaque', one('mailu/postfix', 2525, 'smtp'), [{ line: 6, column: 45, port: 2525, messageId: 'notOpaque', data: { protocol: 'SMTP / submission' } }]);
});

test('server-first-port-not-opaque: suppressed by protocheck.io/ignore on the object', () => {
  const text = nats('').replace('metadata: {name: nats}', 'metadata: {name: nats, annotations: {protocheck.io/ignore: "server-first-port-not-opaque"}}');
  expectFindings('server-first-port-not-opaque', text, []);
});

test('merged suggestions name each server-first protocol once and repeat no clause', async () => {
  const { mergeReasons } = await import('../../../src/lint/rules/server-first-port-not-opaque.js');
  const a = 'pop3 is server-first: the pod annotation covers unmeshed clients; keeps the defaults (25,587)';
  const b = 'imap is server-first: the pod annotation covers unmeshed clients; keeps the defaults (25,587)';
  const c = 'smtp is server-first: the pod annotation covers unmeshed clients';
  assert.equal(
    mergeReasons(mergeReasons(a, b), c),
    'pop3, imap and smtp are server-first: the pod annotation covers unmeshed clients; keeps the defaults (25,587)',
  );
  assert.equal(mergeReasons(a, a), a);
  assert.equal(mergeReasons('x', 'y'), 'x; y');
});

test('the pod-template value keeps only the default opaque ports the injector wrote for declared containerPorts', () => {
  const text = y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: mail}',
    'spec:',
    '  selector: {matchLabels: {app: mail}}',
    '  template:',
    '    metadata: {labels: {app: mail}}',
    '    spec:',
    '      containers:',
    '      - name: smtp',
    '        image: example/postfix',
    '        ports:',
    '        - {name: smtp, containerPort: 25}',
    '        - {name: pop3, containerPort: 110}',
  );
  const findings = expectFindings('server-first-port-not-opaque', text, [{ line: 14, column: 11, port: 110, messageId: 'notOpaque', data: { port: 110 } }]);
  const values = findings.flatMap((f) => f.suggestions.filter((s) => s.key === 'config.linkerd.io/opaque-ports').map((s) => s.value));
  assert.deepEqual([...new Set(values)], ['25,110']);
});
