import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, y } from '../helpers.js';
import { applyEdit } from '../../../src/lint/fix.js';

const DEPLOY = (value: string) =>
  y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: kafka}',
    'spec:',
    '  selector: {matchLabels: {app: kafka}}',
    '  template:',
    '    metadata:',
    '      labels: {app: kafka}',
    `      annotations: {config.linkerd.io/opaque-ports: "${value}"}`,
    '    spec: {containers: [{name: k, image: kafka, ports: [{containerPort: 9092}]}]}',
  );

test('check-unreadable-port-list: a range Linkerd reads but linkerd check cannot convert (no fix: no short equivalent)', () => {
  const [f] = expectFindings('check-unreadable-port-list', DEPLOY('9092,5000-5010'), [
    { line: 9, column: 21, messageId: 'range', data: { key: 'config.linkerd.io/opaque-ports', value: '9092,5000-5010', item: '5000-5010' }, message: /failed to convert 5000-5010/ },
  ]);
  assert.equal(f?.severity, 'info');
  assert.deepEqual(f?.fixes, []);
});

test('check-unreadable-port-list: spaces and a trailing comma are fixed by the same list without them', () => {
  const text = DEPLOY('9092, 4222,');
  const fs = expectFindings('check-unreadable-port-list', text, [
    { line: 9, column: 21, messageId: 'trailingComma', data: { value: '9092, 4222,' } },
    { line: 9, column: 21, messageId: 'space', data: { item: ' 4222' } },
  ]);
  const fix = fs[0]?.fixes[0];
  assert.equal(fix?.value, '9092,4222');
  assert.match(applyEdit(text, fix!), /config\.linkerd\.io\/opaque-ports: "9092,4222"/);
});

test('check-unreadable-port-list: on a Service too; nothing for plain lists, for lists a Linkerd component misreads (invalid-port-list) or for Namespaces (linkerd check skips them)', () => {
  const svc = y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: s', '  annotations: {config.linkerd.io/opaque-ports: "4222-4223"}', 'spec: {ports: [{port: 4222}]}');
  expectFindings('check-unreadable-port-list', svc, [{ line: 5, column: 17, messageId: 'range', data: { item: '4222-4223' } }]);
  expectFindings('check-unreadable-port-list', DEPLOY('9092,4222'), []);
  expectFindings('check-unreadable-port-list', DEPLOY('kafka,5000-5010'), [], {}); // a name: the policy controller ignores the list (invalid-port-list)
  const ns = y('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: n', '  annotations: {config.linkerd.io/opaque-ports: "4222-4223"}');
  expectFindings('check-unreadable-port-list', ns, []);
});
