import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, lint, y } from '../helpers.js';

test('parse-error: a broken document is reported at its position and the next document is still linted', () => {
  const text = y(
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: a',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: b',
    '  annotations:',
    '    config.linkerd.io/opaque-prts: "1"',
  );
  const [f] = expectFindings('parse-error', text, [{ line: 4, column: 1, messageId: 'notParsed' }]);
  assert.equal(f?.object, null);
  const all = lint(text);
  assert.ok(all.findings.some((x) => x.ruleId === 'unknown-annotation' && x.line === 10), 'the second document is linted');
  assert.equal(all.summary.documents, 2);
});

test('parse-error: valid multi-document YAML and JSON produce none', () => {
  expectFindings('parse-error', y('a: 1', '---', 'b: [1, 2]'), []);
  expectFindings('parse-error', '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}}\n', []);
});

test('parse-error: an unquoted template placeholder used as a key is valid YAML but not a Kubernetes object', () => {
  const text = y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations:', '    linkerd.io/inject: {{args.enabled}}', 'spec: {containers: []}');
  expectFindings('parse-error', text, [{ line: 6, column: 25, messageId: 'notReadable', data: { code: 'NON_STRING_KEY' } }]);
  assert.equal(lint(text).summary.objects, 1, 'the document is still linted');
});
