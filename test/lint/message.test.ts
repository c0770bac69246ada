// The message contract: templates with {{name}} placeholders, rendered by the engine from each report's data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { placeholders, renderMessage } from '../../src/lint/message.js';
import { sarifTemplate } from '../../src/report/lint-sarif.js';
import { RULES, ruleById } from '../../src/lint/rules/index.js';
import { lintParsed } from '../../src/lint/engine.js';
import { parseSource } from '../../src/lint/parse.js';
import { defineRule } from '../../src/lint/rule.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { lint, options, y } from './helpers.js';

test('renderMessage replaces each placeholder with its data, once, and leaves unknown ones as written', () => {
  assert.equal(renderMessage('port {{port}} of {{ name }}: {{port}}', { port: 4222, name: 'nats' }), 'port 4222 of nats: 4222');
  assert.equal(renderMessage('{{missing}} stays', {}), '{{missing}} stays');
  // Data is not rendered again: a value that looks like a placeholder is shown as is.
  assert.equal(renderMessage('a {{x}}', { x: '{{y}}', y: 'no' }), 'a {{y}}');
  assert.deepEqual(placeholders('{{a}} {{b}} {{a}}'), ['a', 'b']);
});

test('SARIF message strings number the placeholders in order of first use', () => {
  assert.equal(sarifTemplate('{{key}} "{{value}}": {{key}}'), '{0} "{1}": {0}');
});

test('every rule declares messages with camelCase ids and non-empty templates', () => {
  for (const r of RULES) {
    const ids = Object.keys(r.meta.messages);
    assert.ok(ids.length > 0, `${r.meta.id} has messages`);
    for (const id of ids) {
      assert.match(id, /^[a-z][A-Za-z0-9]*$/, `${r.meta.id}/${id}`);
      assert.ok(r.meta.messages[id]!.trim().length > 0);
    }
  }
});

test('on the corpus, every finding has data for each placeholder of its template', () => {
  const dir = join(REPO_ROOT, 'test', 'lint', 'corpus');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const r = lintParsed(files.map((f) => parseSource({ file: f, text: readFileSync(join(dir, f), 'utf8') })), options());
  assert.ok(r.findings.length > 10);
  for (const f of r.findings) {
    const template = ruleById(f.ruleId)!.meta.messages[f.messageId];
    assert.ok(template !== undefined, `${f.ruleId}/${f.messageId} is declared`);
    for (const name of placeholders(template)) assert.ok(Object.hasOwn(f.data, name), `${f.ruleId}/${f.messageId} has data.${name}`);
    assert.equal(f.message, renderMessage(template, f.data));
  }
});

test('de-duplication compares message id and data, not text: two messages with the same text at one place are two findings', () => {
  const rule = defineRule({
    meta: { id: 'twice', severity: 'info', summary: 'Test.', fixable: false, messages: { a: 'same', b: 'same', c: '{{x}}' } },
    check({ files }, report) {
      const f = files[0]!;
      for (const messageId of ['a', 'a', 'b'] as const) report({ obj: null, file: f.file, at: { line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId });
      for (const x of ['1', '1', '2']) report({ obj: null, file: f.file, at: { line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId: 'c', data: { x } });
    },
  });
  const r = lintParsed([parseSource({ file: 't.yaml', text: 'a: 1\n' })], options(), { rules: {} }, [rule]);
  assert.deepEqual(r.findings.map((f) => `${f.messageId}:${f.message}`), ['c:1', 'c:2', 'a:same', 'b:same'], 'sorted by text at one position');
});

test('a report with an undeclared message id is a programming error, not a finding without text', () => {
  const rule = defineRule({ meta: { id: 'bad', severity: 'info', summary: 'Test.', fixable: false, messages: { a: 'x' } }, check: ({ files }, report) => report({ obj: null, file: files[0]!.file, at: null, messageId: 'nope' as 'a' }) });
  assert.throws(() => lintParsed([parseSource({ file: 't.yaml', text: 'a: 1\n' })], options(), { rules: {} }, [rule]), /undeclared message id nope/);
});

test('a finding carries the id and data; the text is the template rendered', () => {
  const r = lint(y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations: {linkerd.io/inject: "yes"}', 'spec: {containers: []}'), 'invalid-annotation-value');
  const f = r.findings[0]!;
  assert.equal(f.messageId, 'injectValueMeant');
  assert.deepEqual(f.data, { key: 'linkerd.io/inject', value: 'yes', meant: 'enabled' });
  assert.equal(f.message, 'linkerd.io/inject "yes" is not enabled, ingress or disabled: the proxy injector does not inject the pod (reason "invalid"); did you mean enabled?');
});
