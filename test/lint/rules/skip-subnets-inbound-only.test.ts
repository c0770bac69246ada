import { test } from 'node:test';
import { expectFindings, y } from '../helpers.js';

test('skip-subnets-inbound-only: reported as info on pod templates and namespaces', () => {
  const text = y(
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: shop',
    '  annotations:',
    '    config.linkerd.io/skip-subnets: 10.0.0.0/8',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  annotations: {config.linkerd.io/skip-subnets: "192.168.0.0/16"}',
    'spec:',
    '  containers: [{name: a, image: nginx}]',
  );
  const fs = expectFindings('skip-subnets-inbound-only', text, [
    { line: 6, column: 5, messageId: 'inboundOnly', message: /inbound/ },
    { line: 12, column: 17, messageId: 'inboundOnly', message: /skip-outbound-ports/ },
  ]);
  for (const f of fs) if (f.severity !== 'info') throw new Error('severity must be info');
});

test('skip-subnets-inbound-only: other annotations pass', () => {
  expectFindings('skip-subnets-inbound-only', y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations: {config.linkerd.io/skip-outbound-ports: "3306"}', 'spec: {containers: []}'), []);
});
