import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, y } from '../helpers.js';

const pg = (annotations: string, port = 3307) =>
  y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: pg}', 'spec:', '  template:', '    metadata:', '      annotations:', annotations, '    spec:', '      containers:', `      - {name: pg, image: mysql:8, ports: [{name: mysql, containerPort: ${port}}]}`);

test('skip-instead-of-opaque: a server-first port in skip-inbound-ports is reported at the annotation', () => {
  const [f] = expectFindings('skip-instead-of-opaque', pg('        config.linkerd.io/skip-inbound-ports: "3307"'), [{ line: 8, column: 9, port: 3307, messageId: 'skipped', data: { port: 3307, key: 'config.linkerd.io/skip-inbound-ports' } }]);
  assert.equal(f?.suggestions[0]?.key, 'config.linkerd.io/opaque-ports');
  assert.match(f?.suggestions[0]?.value ?? '', /3307/);
});

test('skip-instead-of-opaque: opaque as well, other ports, or an unmeshed workload pass', () => {
  expectFindings('skip-instead-of-opaque', pg('        config.linkerd.io/skip-inbound-ports: "3307"\n        config.linkerd.io/opaque-ports: "3307"'), []);
  expectFindings('skip-instead-of-opaque', pg('        config.linkerd.io/skip-inbound-ports: "9999"'), []);
  expectFindings('skip-instead-of-opaque', pg('        config.linkerd.io/skip-inbound-ports: "3307"\n        linkerd.io/inject: disabled'), []);
});
