import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, lint, options, y } from '../helpers.js';
import { cleanPortList } from '../../../src/lint/rules/invalid-port-list.js';
import { applyEdit } from '../../../src/lint/fix.js';

const pod = (key: string, value: string) =>
  y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: db', '  annotations:', `    ${key}: "${value}"`, 'spec:', '  containers:', '  - name: db', '    image: mysql:8', '    ports:', '    - {name: mysql, containerPort: 3306}');

test('invalid-port-list: a space in a skip list is reported, with the cleaned value as suggestion and fix', () => {
  const [f] = expectFindings('invalid-port-list', pod('config.linkerd.io/skip-outbound-ports', '25, 587'), [{ line: 6, column: 5, messageId: 'itemProblem', data: { key: 'config.linkerd.io/skip-outbound-ports', value: '25, 587' }, message: /proxy-init/ }]);
  assert.equal(f?.suggestions[0]?.value, '25,587');
  assert.deepEqual(f?.fixes[0]?.path, ['metadata', 'annotations', 'config.linkerd.io/skip-outbound-ports']);
});

test('invalid-port-list: a named opaque port is read by the injector but not by the policy controller', () => {
  const [f] = expectFindings('invalid-port-list', pod('config.linkerd.io/opaque-ports', 'mysql'), [{ line: 6, column: 5, messageId: 'itemProblem', data: { key: 'config.linkerd.io/opaque-ports', value: 'mysql', item: 'mysql' }, message: /policy controller/ }]);
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

test('invalid-port-list: nothing usable left is not auto-fixed to an empty list: the fix removes the annotation', () => {
  const [f] = expectFindings('invalid-port-list', pod('config.linkerd.io/skip-inbound-ports', '70000'), [{ line: 6, column: 5, messageId: 'itemProblem', data: { key: 'config.linkerd.io/skip-inbound-ports', value: '70000', item: '70000' } }]);
  assert.deepEqual(f?.fixes.map((e) => [e.path.at(-1), e.remove]), [['config.linkerd.io/skip-inbound-ports', true]]);
  assert.doesNotMatch(applyEdit(pod('config.linkerd.io/skip-inbound-ports', '70000'), f!.fixes[0]!), /skip-inbound-ports|""/);
});

test('invalid-port-list: an unquoted number is rejected by Kubernetes; the fix quotes it', () => {
  const text = pod('config.linkerd.io/opaque-ports', 'X').replace('"X"', '3306');
  const [f] = expectFindings('invalid-port-list', text, [{ line: 6, column: 5, messageId: 'yamlNumber', data: { key: 'config.linkerd.io/opaque-ports', value: '3306' } }]);
  assert.deepEqual(f?.fixes.map((e) => e.value), ['3306']);
  const out = applyEdit(text, f!.fixes[0]!);
  assert.match(out, /config\.linkerd\.io\/opaque-ports: "3306"/);
  expectFindings('invalid-port-list', out, []);
});

const svc = (value: string, extraAnnotation = '') =>
  y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: s', '  annotations:', `    config.linkerd.io/opaque-ports: "${value}"`, ...(extraAnnotation ? [`    ${extraAnnotation}`] : []), 'spec:', '  ports:', '  - port: 8080');

test('invalid-port-list: a list with no port in it suggests removing the annotation (not ""), and --fix removes it', async () => {
  const r = lint(svc('x!,abc'), 'invalid-port-list');
  assert.equal(r.findings.length, 2, 'one finding per problem');
  const sg = r.findings[0]?.suggestions[0] as { remove?: boolean; reason: string } | undefined;
  assert.equal(sg?.remove, true);
  assert.match(sg?.reason ?? '', /no item is a port.*install default opaque ports apply/);
  const edit = r.findings[0]?.fixes[0];
  assert.equal(edit?.remove, true);
  // The only annotation: the mapping becomes {} (so a later fix can add to it).
  assert.equal(applyEdit(svc('x!,abc'), edit!), y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: s', '  annotations: {}', 'spec:', '  ports:', '  - port: 8080'));
  // With a sibling annotation only the key's line goes.
  const two = svc('x!,abc', 'example.com/keep: "yes"');
  const e2 = lint(two, 'invalid-port-list').findings[0]!.fixes[0]!;
  assert.equal(applyEdit(two, e2), y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: s', '  annotations:', '    example.com/keep: "yes"', 'spec:', '  ports:', '  - port: 8080'));
  // A flow mapping with other keys is left to the user rather than rewritten.
  const flow = y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: s', '  annotations: {config.linkerd.io/opaque-ports: "x!", a: b}', 'spec: {ports: [{port: 8080}]}');
  const e3 = lint(flow, 'invalid-port-list').findings[0]!.fixes[0]!;
  assert.throws(() => applyEdit(flow, e3), /flow mapping/);
  const { fixRounds } = await import('../../../src/lint/fix-rounds.js');
  const fixed = fixRounds([{ file: 'a.yaml', text: svc('x!,abc') }], options(), { rules: {}, ignore: [] });
  assert.deepEqual(fixed.result.findings.map((f) => f.ruleId), [], 'nothing left after --fix');
  assert.doesNotMatch(fixed.texts.get('a.yaml') ?? '', /opaque-ports/);
});

test('invalid-port-list: the text report prints a fix shared by several findings once', async () => {
  const { renderLintText } = await import('../../../src/report/lint-text.js');
  const { Chalk } = await import('chalk');
  const out = renderLintText(lint(svc('x!,abc'), 'invalid-port-list'), new Chalk({ level: 0 }));
  assert.equal(out.match(/fix: remove config\.linkerd\.io\/opaque-ports from Service\/s/g)?.length, 1, out);
  assert.equal(out.match(/invalid-port-list/g)?.length, 2, out);
});
