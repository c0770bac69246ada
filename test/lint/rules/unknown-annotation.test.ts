import { test } from 'node:test';
import { expectFindings, y } from '../helpers.js';

const deploy = (key: string) =>
  y('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    metadata:', '      annotations:', `        ${key}: "4222"`, '    spec:', '      containers: [{name: a, image: nginx}]');

test('unknown-annotation: a typo is reported with the closest known key', () => {
  expectFindings('unknown-annotation', deploy('config.linkerd.io/opaque-port'), [{ line: 9, column: 9, endLine: 9, endColumn: 46, messageId: 'typo', data: { key: 'config.linkerd.io/opaque-port', suggestion: 'config.linkerd.io/opaque-ports' } }]);
});

test('unknown-annotation: the blog-only detect timeout annotation says what to use instead', () => {
  expectFindings('unknown-annotation', deploy('config.linkerd.io/protocol-detect-timeout'), [{ line: 9, column: 9, messageId: 'phantom', data: { key: 'config.linkerd.io/protocol-detect-timeout' }, message: /no detect-timeout annotation/ }]);
});

test('unknown-annotation: known keys and other prefixes pass', () => {
  expectFindings('unknown-annotation', deploy('config.linkerd.io/opaque-ports'), []);
  expectFindings('unknown-annotation', deploy('config.linkerd.io/proxy-disable-outbound-protocol-detect-timeout'), []);
  expectFindings('unknown-annotation', deploy('example.com/opaque-port'), []);
});
