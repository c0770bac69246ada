import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, y } from '../helpers.js';

const pair = (svc: string, pod: string, extra = '') =>
  y(
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    `  annotations: {${svc}}`,
    'spec:',
    '  selector: {app: web}',
    '  ports:',
    `  - {name: http, port: 80, targetPort: 8080${extra}}`,
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    `      annotations: {${pod}}`,
    '    spec:',
    '      containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]',
  );

test('opaque-ports-mismatch: Service opaque, pod not', () => {
  const [f] = expectFindings('opaque-ports-mismatch', pair('config.linkerd.io/opaque-ports: "80"', ''), [{ line: 9, column: 5, port: 80, message: /Service port 80 is opaque.*8080 on Deployment\/web, is not/ }]);
  assert.equal(f?.suggestions[0]?.target, 'pod-template');
  assert.equal(f?.suggestions[0]?.value, '8080');
});

test('opaque-ports-mismatch: pod opaque by range, Service not', () => {
  const [f] = expectFindings('opaque-ports-mismatch', pair('', 'config.linkerd.io/opaque-ports: "8000-9000"'), [{ line: 9, column: 5, message: /pod port 8080 on Deployment\/web is opaque/ }]);
  assert.equal(f?.suggestions[0]?.target, 'service');
  assert.equal(f?.suggestions[0]?.value, '80');
});

test('opaque-ports-mismatch: both opaque (Service by port name) passes; appProtocol linkerd.io/opaque counts on 2.18+', () => {
  expectFindings('opaque-ports-mismatch', pair('config.linkerd.io/opaque-ports: "http"', 'config.linkerd.io/opaque-ports: "8080"'), []);
  expectFindings('opaque-ports-mismatch', pair('', 'config.linkerd.io/opaque-ports: "8080"', ', appProtocol: linkerd.io/opaque'), []);
  expectFindings('opaque-ports-mismatch', pair('', ''), []);
});

test('opaque-ports-mismatch: the message follows the version (transport header from 2.18)', () => {
  const text = pair('config.linkerd.io/opaque-ports: "80"', '');
  expectFindings('opaque-ports-mismatch', text, [{ line: 9, column: 5, message: /meshed clients of the Service are fine/ }]);
  expectFindings('opaque-ports-mismatch', text, [{ line: 9, column: 5, message: /server-side proxy still runs TLS and protocol detection/ }], { linkerd: '2.14' });
});
