import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, y } from '../helpers.js';

const svc = (ap: string) => y('apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec:', '  ports:', '  - port: 9090', `    appProtocol: ${ap}`);

test('app-protocol-opaque: grpc is silently opaque on 2.18+, with kubernetes.io/h2c suggested', () => {
  const [f] = expectFindings('app-protocol-opaque', svc('grpc'), [{ line: 7, column: 5, endColumn: 22, messageId: 'unknownValue', data: { appProtocol: 'grpc', port: 9090 } }]);
  assert.equal(f?.suggestions[0]?.value, 'kubernetes.io/h2c');
});

test('app-protocol-opaque: nothing before 2.18 (appProtocol is ignored there)', () => {
  expectFindings('app-protocol-opaque', svc('grpc'), [], { linkerd: '2.17' });
});

test('app-protocol-opaque: Linkerd values pass', () => {
  for (const v of ['http', 'kubernetes.io/h2c', 'linkerd.io/opaque', 'LINKERD.IO/TCP']) expectFindings('app-protocol-opaque', svc(v), []);
});

test('app-protocol-opaque: http declared on a server-first (NATS) port', () => {
  const text = y(
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: nats}',
    'spec:',
    '  selector: {app: nats}',
    '  ports:',
    '  - port: 4222',
    '    appProtocol: http',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: nats, labels: {app: nats}}',
    'spec: {containers: [{name: n, image: nats:2.10, ports: [{containerPort: 4222}]}]}',
  );
  const [f] = expectFindings('app-protocol-opaque', text, [{ line: 8, column: 5, port: 4222, messageId: 'httpOnServerFirst', data: { declared: 'HTTP/1', port: 4222, protocol: 'NATS' } }]);
  assert.equal(f?.suggestions[0]?.value, 'linkerd.io/opaque');
  assert.ok(f?.evidence.every((e) => e.source !== 'app-protocol'), 'the appProtocol itself is not evidence');
});
