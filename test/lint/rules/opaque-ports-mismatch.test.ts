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
  const [f] = expectFindings('opaque-ports-mismatch', pair('config.linkerd.io/opaque-ports: "80"', ''), [{ line: 9, column: 5, port: 80, messageId: 'podPortNotOpaque', data: { servicePort: 80, target: 8080, workload: 'Deployment/web' } }]);
  assert.equal(f?.suggestions[0]?.target, 'pod-template');
  assert.equal(f?.suggestions[0]?.value, '8080');
});

test('opaque-ports-mismatch: pod opaque by range, Service not', () => {
  const [f] = expectFindings('opaque-ports-mismatch', pair('', 'config.linkerd.io/opaque-ports: "8000-9000"'), [{ line: 9, column: 5, messageId: 'servicePortNotOpaque', data: { target: 8080, workload: 'Deployment/web', servicePort: 80 } }]);
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
  expectFindings('opaque-ports-mismatch', text, [{ line: 9, column: 5, messageId: 'podPortNotOpaque' }]);
  expectFindings('opaque-ports-mismatch', text, [{ line: 9, column: 5, messageId: 'podPortNotOpaqueDirect' }], { linkerd: '2.14' });
});

// What the injector wrote on the Service comes from the Linkerd model (injectorServiceValue): a *named*
// targetPort is not resolved (docs/linkerd-model.md#what-the-injector-writes-on-a-pod), so Service port 3306 -> "mysql" got no default value.
const namedTarget = y(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: db}',
  'spec:',
  '  selector: {matchLabels: {app: db}}',
  '  template:',
  '    metadata:',
  '      labels: {app: db}',
  '      annotations:',
  '        config.linkerd.io/opaque-ports: "3306,4222"',
  '    spec:',
  '      containers:',
  '      - name: db',
  '        image: example/db:1',
  '        ports:',
  '        - {name: mysql, containerPort: 3306}',
  '        - {name: other, containerPort: 4222}',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: db}',
  'spec:',
  '  selector: {app: db}',
  '  ports:',
  '  - {name: mysql, port: 3306, targetPort: mysql}',
  '  - {name: other, port: 4222, targetPort: NUM}',
);

test('opaque-ports-mismatch: a named targetPort is not resolved by the injector, so the Service value keeps nothing for it', () => {
  const [f] = expectFindings('opaque-ports-mismatch', namedTarget.replace('NUM', '4222'), [{ line: 26, column: 5, port: 4222, messageId: 'servicePortNotOpaque', data: { servicePort: 4222, target: 4222 } }]);
  // The old local copy treated the named targetPort as the Service port (3306, a default) and suggested "3306,4222".
  assert.equal(f?.suggestions[0]?.value, '4222');
});

test('opaque-ports-mismatch: a numeric targetPort in the defaults is what the injector wrote, and is kept', () => {
  const text = namedTarget.replace('targetPort: mysql', 'targetPort: 3306').replace('NUM', '4222');
  const [f] = expectFindings('opaque-ports-mismatch', text, [{ line: 26, column: 5, port: 4222, messageId: 'servicePortNotOpaque', data: { servicePort: 4222, target: 4222 } }]);
  assert.equal(f?.suggestions[0]?.value, '3306,4222');
});
