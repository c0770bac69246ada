import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, y } from '../helpers.js';

test('annotation-misplaced: on the Deployment metadata, as a label, and on a ConfigMap', () => {
  const text = y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  annotations:',
    '    config.linkerd.io/opaque-ports: "4222"',
    'spec:',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    '        linkerd.io/inject: enabled',
    '    spec:',
    '      containers: [{name: a, image: nginx}]',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: c',
    '  annotations: {linkerd.io/inject: enabled}',
  );
  const fs = expectFindings('annotation-misplaced', text, [
    { line: 6, column: 5, messageId: 'workloadMetadata', data: { key: 'config.linkerd.io/opaque-ports', kind: 'Deployment', where: 'spec.template.metadata.annotations' } },
    { line: 12, column: 9, messageId: 'labelOnTemplate', data: { key: 'linkerd.io/inject' } },
    { line: 20, column: 17, messageId: 'kindIgnores', data: { key: 'linkerd.io/inject', kind: 'ConfigMap' } },
  ]);
  assert.equal(fs[0]?.suggestions[0]?.target, 'pod-template');
  assert.equal(fs[0]?.suggestions[0]?.value, '4222');
});

test('annotation-misplaced: proxy settings on a Service are ignored, opaque-ports is read', () => {
  const text = y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: s', '  annotations:', '    config.linkerd.io/opaque-ports: "4222"', '    config.linkerd.io/skip-inbound-ports: "4222"', 'spec: {ports: [{port: 4222}]}');
  expectFindings('annotation-misplaced', text, [{ line: 7, column: 5, messageId: 'serviceIgnores', data: { key: 'config.linkerd.io/skip-inbound-ports', kind: 'Service', read: 'config.linkerd.io/opaque-ports' } }]);
});

test('annotation-misplaced: pod templates, Pods and Namespaces pass', () => {
  expectFindings('annotation-misplaced', y('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: n', '  labels: {config.linkerd.io/admission-webhooks: disabled}', '  annotations: {linkerd.io/inject: enabled, config.linkerd.io/opaque-ports: "1"}'), []);
  expectFindings('annotation-misplaced', y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations: {linkerd.io/inject: enabled}', 'spec: {containers: []}'), []);
});
