import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, y } from '../helpers.js';

const mysql = (key: string, value: string, extraPort = '') =>
  y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: db}', 'spec:', '  template:', '    metadata:', '      annotations:', `        ${key}: "${value}"`, '    spec:', '      containers:', '      - name: db', '        image: mysql:8', '        ports:', '        - containerPort: 3306', ...(extraPort ? [`        - containerPort: ${extraPort}`] : []));

test('list-replaces-defaults: a MySQL pod annotated "8080" loses 3306', () => {
  const [f] = expectFindings('list-replaces-defaults', mysql('config.linkerd.io/opaque-ports', '8080', '8080'), [{ line: 8, column: 9, port: 3306, messageId: 'podDropsPort', data: { key: 'config.linkerd.io/opaque-ports', value: '8080', ports: '3306', what: 'opaque' } }]);
  assert.equal(f?.suggestions[0]?.value, '3306,8080');
  assert.equal(f?.fixes.length, 1);
});

test('list-replaces-defaults: a Galera node with skip-outbound-ports "9999" loses 4567', () => {
  expectFindings('list-replaces-defaults', mysql('config.linkerd.io/skip-outbound-ports', '9999', '4567'), [{ line: 8, column: 9, port: 4567, messageId: 'podDropsPort', data: { key: 'config.linkerd.io/skip-outbound-ports', value: '9999', ports: '4567', what: 'skipped outbound' } }]);
});

test('list-replaces-defaults: lists that keep the served defaults pass; CNI appends skip-inbound', () => {
  expectFindings('list-replaces-defaults', mysql('config.linkerd.io/opaque-ports', '3306,8080', '8080'), []);
  expectFindings('list-replaces-defaults', mysql('config.linkerd.io/skip-inbound-ports', '9999', '4567'), [], { cni: true });
});

test('list-replaces-defaults: a Namespace list replaces the defaults for its pods too (reported at the Namespace annotation)', () => {
  const text = y(
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: db',
    '  annotations: {config.linkerd.io/opaque-ports: "8080"}',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: mysql, namespace: db}',
    'spec: {containers: [{name: m, image: mysql, ports: [{containerPort: 3306}]}]}',
  );
  const [f] = expectFindings('list-replaces-defaults', text, [{ line: 5, column: 17, port: 3306, messageId: 'namespaceDropsPort', data: { key: 'config.linkerd.io/opaque-ports', value: '8080', workload: 'Pod/mysql' } }]);
  assert.equal(f?.object?.kind, 'Namespace');
  assert.equal(f?.suggestions[0]?.target, 'pod-template');
});

test('list-replaces-defaults: a Service list drops a default port of that Service', () => {
  const text = y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: db', '  annotations: {config.linkerd.io/opaque-ports: "8080"}', 'spec:', '  ports: [{name: http, port: 8080}, {name: mysql, port: 3306}]');
  const [f] = expectFindings('list-replaces-defaults', text, [{ line: 5, column: 17, port: 3306, messageId: 'serviceDropsPort', data: { ports: '3306' } }]);
  assert.equal(f?.suggestions[0]?.value, '3306,8080');
  expectFindings('list-replaces-defaults', text.replace('"8080"', '"8080,mysql"'), []);
});

test('list-replaces-defaults: the suggested value resolves known port names and drops unknown ones (names empty the policy controller list)', () => {
  const text = y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: db}', 'spec:', '  template:', '    metadata:', '      annotations:', '        config.linkerd.io/opaque-ports: "8080,admin,nosuchport"', '    spec:', '      containers:', '      - name: db', '        image: mysql:8', '        ports:', '        - containerPort: 3306', '        - {name: admin, containerPort: 9000}', '        - containerPort: 8080');
  const findings = expectFindings('list-replaces-defaults', text, [{ line: 8, column: 9, port: 3306, messageId: 'podDropsPort' }]);
  assert.equal(findings[0]?.suggestions[0]?.value, '3306,8080,9000');
});
