import { test } from 'node:test';
import { expectFindings, y } from '../helpers.js';

const setup = (proxyProtocol: string, podAnnotations = '') =>
  y(
    'apiVersion: policy.linkerd.io/v1beta3',
    'kind: Server',
    'metadata: {name: mysql}',
    'spec:',
    '  podSelector:',
    '    matchLabels: {app: mysql}',
    '  port: mysql',
    ...(proxyProtocol ? [`  proxyProtocol: ${proxyProtocol}`] : []),
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: mysql}',
    'spec:',
    '  template:',
    `    metadata: {labels: {app: mysql}, annotations: {${podAnnotations}}}`,
    '    spec:',
    '      containers: [{name: mysql, image: mysql:8, ports: [{name: mysql, containerPort: 3306}]}]',
  );

test('server-protocol-conflict: HTTP/1 declared on a MySQL port', () => {
  expectFindings('server-protocol-conflict', setup('HTTP/1'), [{ line: 8, column: 3, port: 3306, messageId: 'httpOnServerFirst', data: { proxyProtocol: 'HTTP/1', port: 3306, protocol: 'MySQL / MariaDB' } }]);
});

test('server-protocol-conflict: a Server without proxyProtocol over a pod-opaque port brings detection back', () => {
  expectFindings('server-protocol-conflict', setup('', 'config.linkerd.io/opaque-ports: "3306"'), [{ line: 7, column: 3, port: 3306, messageId: 'detectionComesBack', data: { port: 3306, on: 'pod' } }]);
});

test('server-protocol-conflict: proxyProtocol opaque passes', () => {
  expectFindings('server-protocol-conflict', setup('opaque', 'config.linkerd.io/opaque-ports: "3306"'), []);
});

test('server-protocol-conflict: an invalid (case-sensitive) proxyProtocol is rejected at admission', () => {
  const [f] = expectFindings('server-protocol-conflict', setup('http/1'), [{ line: 8, column: 3, messageId: 'invalidProxyProtocol', data: { value: 'http/1' } }]);
  if (f?.suggestions[0]?.value !== 'HTTP/1') throw new Error('suggests the exact spelling');
});
