import { test } from 'node:test';
import { expectFindings, y } from '../helpers.js';

const ID = 'istio-linkerd-leftover';
const I = { istio: 'latest' };

test('istio-linkerd-leftover: Linkerd annotations on a pod template and a Namespace', () => {
  const text = y(
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: shop',
    '  annotations: {linkerd.io/inject: enabled}',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: db, namespace: shop}',
    'spec:',
    '  template:',
    '    metadata:',
    '      annotations:',
    '        config.linkerd.io/opaque-ports: "3306"',
    '        traffic.sidecar.istio.io/excludeInboundPorts: "9090"',
    '    spec: {containers: [{name: db, image: mysql:8}]}',
  );
  expectFindings(ID, text, [
    { line: 5, column: 17, messageId: 'annotation', data: { key: 'linkerd.io/inject', kind: 'Namespace', name: 'shop' } },
    { line: 14, column: 9, messageId: 'annotation', data: { key: 'config.linkerd.io/opaque-ports', kind: 'Deployment', name: 'db' } },
  ], I);
  expectFindings(ID, text, []);
});

test('istio-linkerd-leftover: appProtocol linkerd.io/opaque makes Istio sniff a tcp- named port (from 1.6)', () => {
  const text = y('apiVersion: v1', 'kind: Service', 'metadata: {name: nats}', 'spec:', '  ports:', '  - name: tcp-nats', '    port: 4222', '    appProtocol: linkerd.io/opaque');
  expectFindings(ID, text, [{ line: 8, column: 5, port: 4222, messageId: 'appProtocol', data: { appProtocol: 'linkerd.io/opaque', port: 4222 } }], I);
  const db = y('apiVersion: v1', 'kind: Service', 'metadata: {name: db}', 'spec:', '  ports:', '  - {name: tcp-db, port: 3306, appProtocol: linkerd.io/opaque}');
  expectFindings(ID, db, [{ line: 6, column: 32, messageId: 'appProtocolWellKnown', data: { port: 3306 } }], I);
  expectFindings(ID, text, [], { istio: '1.5' });
});
