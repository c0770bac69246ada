import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, lint, y } from '../helpers.js';
import { cleanPortList } from '../../../src/lint/rules/invalid-port-list.js';
import { applyEdit } from '../../../src/lint/fix.js';

const pod = (key: string, value: string) =>
  y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: db', '  annotations:', `    ${key}: "${value}"`, 'spec:', '  containers:', '  - name: db', '    image: mysql:8', '    ports:', '    - {name: mysql, containerPort: 3306}');

test('invalid-port-list: a space in a skip list is reported, with the cleaned value as suggestion and fix', () => {
  const [f] = expectFindings('invalid-port-list', pod('config.linkerd.io/skip-outbound-ports', '25, 587'), [{ line: 6, column: 5, message: /proxy-init/ }]);
  assert.equal(f?.suggestions[0]?.value, '25,587');
  assert.deepEqual(f?.fixes[0]?.path, ['metadata', 'annotations', 'config.linkerd.io/skip-outbound-ports']);
});

test('invalid-port-list: a named opaque port is read by the injector but not by the policy controller', () => {
  const [f] = expectFindings('invalid-port-list', pod('config.linkerd.io/opaque-ports', 'mysql'), [{ line: 6, column: 5, message: /policy controller/ }]);
  assert.equal(f?.suggestions[0]?.value, '3306');
});

test('invalid-port-list: reversed ranges, port 0 and out-of-range ports', () => {
  const r = lint(pod('config.linkerd.io/opaque-ports', '6000-5000,0,70000'), 'invalid-port-list');
  assert.ok(r.findings.length >= 3, r.findings.map((f) => f.message).join('\n'));
  assert.equal(r.findings[0]?.suggestions[0]?.value, '5000-6000');
});

test('invalid-port-list: spaces in opaque-ports are trimmed by every component that reads it', () => {
  expectFindings('invalid-port-list', pod('config.linkerd.io/opaque-ports', '3306, 8080'), []);
});

test('invalid-port-list: clean lists pass', () => {
  expectFindings('invalid-port-list', pod('config.linkerd.io/opaque-ports', '3306,5000-6000'), []);
  expectFindings('invalid-port-list', pod('config.linkerd.io/skip-inbound-ports', '4567,4568'), []);
});

test('cleanPortList (the model\'s merge) keeps numbers and ranges, resolves names, drops garbage, with notes', () => {
  const c = cleanPortList(' 3306 , mysql,abc,,0,6000-5000,3306', { mysql: 3307 });
  assert.equal(c.value, '3306,3307,5000-6000');
  assert.ok(c.notes.some((n) => /reversed range/.test(n)));
});

test('invalid-port-list: nothing usable left is reported but not auto-fixed to an empty list', () => {
  const [f] = expectFindings('invalid-port-list', pod('config.linkerd.io/skip-inbound-ports', '70000'), [{ line: 6, column: 5 }]);
  assert.deepEqual(f?.fixes, []);
});

test('invalid-port-list: an unquoted number is rejected by Kubernetes; the fix quotes it', () => {
  const text = pod('config.linkerd.io/opaque-ports', 'X').replace('"X"', '3306');
  const [f] = expectFindings('invalid-port-list', text, [{ line: 6, column: 5, message: /YAML number 3306, not a string/ }]);
  assert.deepEqual(f?.fixes.map((e) => e.value), ['3306']);
  const out = applyEdit(text, f!.fixes[0]!);
  assert.match(out, /config\.linkerd\.io\/opaque-ports: "3306"/);
  expectFindings('invalid-port-list', out, []);
});
