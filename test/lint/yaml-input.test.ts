// YAML as CI pipelines produce it: anchors/aliases, merge keys, BOM, CRLF, duplicate keys, unrendered templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, y } from './helpers.js';
import { parseDocument, type Node } from 'yaml';
import { applyEdit, FixError } from '../../src/lint/fix.js';
import { getIn, registerAliases, str } from '../../src/lint/yaml-nodes.js';

const SERVER_FIRST = 'server-first-port-not-opaque';

test('ports behind an alias are linted (a List whose items share anchored nodes)', () => {
  const text = y(
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: apps/v1',
    '  kind: Deployment',
    '  metadata: {name: a}',
    '  spec:',
    '    template:',
    '      metadata:',
    '        annotations: &ann',
    '          config.linkerd.io/opaque-ports: "2525"',
    '      spec:',
    '        containers:',
    '        - &c',
    '          name: mail',
    '          ports: &ports',
    '          - {name: smtp, containerPort: 2525}',
    '- apiVersion: apps/v1',
    '  kind: Deployment',
    '  metadata: {name: b}',
    '  spec:',
    '    template:',
    '      metadata: {annotations: *ann}',
    '      spec: {containers: [*c]}',
    '- apiVersion: apps/v1',
    '  kind: Deployment',
    '  metadata: {name: c}',
    '  spec:',
    '    template:',
    '      spec:',
    '        containers:',
    '        - name: mail',
    '          ports: *ports',
  );
  const r = lint(text, SERVER_FIRST);
  // a and b are opaque on 2525 (b through the aliased annotations); c serves 2525 through *ports and is not.
  assert.deepEqual(r.findings.map((f) => [f.object?.name, f.port]), [['c', 2525]]);
  // The finding points at the anchored port entry (line 17), which is where the text is.
  assert.equal(r.findings[0]!.line, 17);
});

test('merge keys: <<: *base and <<: [*a, *b] with own keys winning and earlier sources first', () => {
  const text = y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: mail}',
    'spec:',
    '  template:',
    '    metadata:',
    '      labels: {app: mail}',
    '      annotations:',
    '        <<: [*first, *second]',
    '    spec:',
    '      containers:',
    '      - <<: *base',
    '        name: mail',
    'x-defs:',
    '  first: &first {config.linkerd.io/opaque-ports: "2525"}',
    '  second: &second {config.linkerd.io/opaque-ports: "110"}',
    '  base: &base',
    '    name: base',
    '    image: dovecot/dovecot',
    '    ports: [{name: smtp, containerPort: 2525}, {name: pop3, containerPort: 110}]',
  );
  // Anchors must come before their aliases in YAML: move the definitions first.
  const lines = text.split('\n');
  const defs = lines.slice(13, 20);
  const reordered = [...defs, ...lines.slice(0, 13), ...lines.slice(20)].join('\n');
  const r = lint(reordered, SERVER_FIRST);
  // The merged annotations say 2525 (the first source wins), so only POP3 110 is left; the ports come from <<: *base.
  assert.deepEqual(r.findings.map((f) => f.port), [110]);
  assert.match(r.findings[0]!.message, /POP3/);
});

test('a quoted "<<" is an ordinary key, not a merge', () => {
  const text = y(
    'x: &base {config.linkerd.io/opaque-ports: "2525"}',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  annotations: {"<<": *base}',
    'spec: {containers: [{name: m, ports: [{name: smtp, containerPort: 2525}]}]}',
  );
  const r = lint(text, SERVER_FIRST);
  assert.deepEqual(r.findings.map((f) => f.port), [2525]);
});

test('--fix refuses to edit through an alias (it is shared) and overrides a merged value with an own key', () => {
  const alias = y('a: &ann {config.linkerd.io/opaque-ports: "1"}', 'b:', '  annotations: *ann');
  assert.throws(() => applyEdit(alias, { file: 'f', doc: 0, path: ['b', 'annotations', 'config.linkerd.io/opaque-ports'], value: '2' }), (e: unknown) => e instanceof FixError && /YAML alias \(\*ann\)/.test(e.message));
  for (const merge of [y('a: &ann {config.linkerd.io/opaque-ports: "1"}', 'b:', '  annotations: {<<: *ann}'), y('b:', '  annotations:', '    <<: {config.linkerd.io/opaque-ports: "1"}')]) {
    const out = applyEdit(merge, { file: 'f', doc: 0, path: ['b', 'annotations', 'config.linkerd.io/opaque-ports'], value: '2' });
    assert.match(out, /"1"/, 'the merged source is unchanged');
    const doc = parseDocument(out);
    registerAliases(doc as Parameters<typeof registerAliases>[0]);
    assert.equal(str(getIn(doc.contents as Node, ['b', 'annotations', 'config.linkerd.io/opaque-ports'])), '2', 'an own key overrides the merge');
  }
  // Nor the anchored original when an alias uses it (that would change the aliasing objects too); without an alias it is an ordinary value.
  assert.throws(() => applyEdit(alias, { file: 'f', doc: 0, path: ['a', 'config.linkerd.io/opaque-ports'], value: '2' }), (e: unknown) => e instanceof FixError && /anchored \(&ann\) and used through an alias/.test(e.message));
  assert.match(applyEdit(y('a: &ann {config.linkerd.io/opaque-ports: "1"}', 'b: {}'), { file: 'f', doc: 0, path: ['a', 'config.linkerd.io/opaque-ports'], value: '2' }), /opaque-ports: "2"/);
});

test('a BOM and CRLF line ends: same findings at the same positions as plain LF', () => {
  const lf = y('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '  - name: m', '    ports:', '    - name: smtp', '      containerPort: 2525');
  const crlf = '\ufeff' + lf.replace(/\n/g, '\r\n');
  const a = lint(lf).findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn]);
  const b = lint(crlf).findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn]);
  assert.ok(a.length > 0);
  assert.deepEqual(b, a);
});

test('a key given twice is a parse-error (DUPLICATE_KEY) and the document is linted with the last value', () => {
  const text = y(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  annotations: {config.linkerd.io/opaque-ports: "2525"}',
    '  annotations: {team: mail}',
    'spec: {containers: [{name: m, ports: [{name: smtp, containerPort: 2525}]}]}',
  );
  const r = lint(text);
  const dup = r.findings.filter((f) => f.ruleId === 'parse-error');
  assert.equal(dup.length, 1);
  assert.match(dup[0]!.message, /\(DUPLICATE_KEY\): the key "annotations" appears twice/);
  assert.deepEqual([dup[0]!.line, dup[0]!.column], [6, 3]);
  // The first annotations block is lost, as in most readers: 2525 is not opaque.
  assert.ok(r.findings.some((f) => f.ruleId === SERVER_FIRST && f.port === 2525));
  // Distinct keys, and the same key in sibling mappings, are fine.
  assert.equal(lint(y('a: {x: 1}', 'b: {x: 1}')).findings.length, 0);
});

test('an unrendered Helm template is a parse-error that says to lint the rendered output; tabs too', () => {
  const helm = y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: {{ .Release.Name }}', '  annotations:', '    {{- toYaml .Values.podAnnotations | nindent 4 }}', 'spec: {}');
  const r = lint(helm);
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0]!.ruleId, 'parse-error');
  assert.match(r.findings[0]!.message, /\{\{ \}\} template syntax: lint the rendered output, e\.g\. helm template/);
  const tabs = lint('apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n');
  assert.equal(tabs.findings[0]?.ruleId, 'parse-error');
  assert.doesNotMatch(tabs.findings[0]!.message, /template syntax/);
});
