import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdit, FixError } from '../../src/lint/fix.js';
import { FixRefused, fixRounds, writeAtomic } from '../../src/lint/fix-rounds.js';
import { parseSource } from '../../src/lint/parse.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { options, y } from './helpers.js';

test('applyEdit replaces an existing value in place and keeps comments and the rest byte for byte', () => {
  const text = y('# top', 'metadata:', '  annotations:', '    a: b # keep me', '    config.linkerd.io/opaque-ports: 8080  # and me', '  labels: {x: y}');
  const out = applyEdit(text, { file: 'f', doc: 0, path: ['metadata', 'annotations', 'config.linkerd.io/opaque-ports'], value: '3306,8080' });
  assert.equal(out, text.replace('opaque-ports: 8080', 'opaque-ports: "3306,8080"'));
});

test('applyEdit inserts a missing key at the siblings\' indentation, creating parent maps', () => {
  const text = y('spec:', '  template:', '    metadata:', '      labels:', '        app: x', '    spec: {}', '---', 'kind: Other');
  const out = applyEdit(text, { file: 'f', doc: 0, path: ['spec', 'template', 'metadata', 'annotations', 'config.linkerd.io/opaque-ports'], value: '4222' });
  assert.equal(out, y('spec:', '  template:', '    metadata:', '      labels:', '        app: x', '      annotations:', '        config.linkerd.io/opaque-ports: "4222"', '    spec: {}', '---', 'kind: Other'));
  const none = applyEdit(y('spec:', '  template:', '    spec: {}'), { file: 'f', doc: 0, path: ['spec', 'template', 'metadata', 'annotations', 'k/x'], value: '1' });
  assert.equal(none, y('spec:', '  template:', '    spec: {}', '    metadata:', '      annotations:', '        k/x: "1"'));
});

test('applyEdit edits the right document of a stream, and JSON stays JSON', () => {
  const text = y('a: 1', '---', 'metadata:', '  name: b', '---', 'metadata: {name: c}');
  const out = applyEdit(text, { file: 'f', doc: 2, path: ['metadata', 'annotations', 'k'], value: 'v' });
  assert.equal(out, y('a: 1', '---', 'metadata:', '  name: b', '---', 'metadata: {name: c, "annotations": {"k": "v"}}'));
  const json = '{\n  "metadata": {\n    "name": "x",\n    "annotations": {}\n  }\n}\n';
  const jout = applyEdit(json, { file: 'f', doc: 0, path: ['metadata', 'annotations', 'config.linkerd.io/opaque-ports'], value: '4222' });
  assert.deepEqual(JSON.parse(jout), { metadata: { name: 'x', annotations: { 'config.linkerd.io/opaque-ports': '4222' } } });
});

test('applyEdit keeps CRLF line endings', () => {
  const text = 'metadata:\r\n  name: x\r\nspec: {}\r\n';
  const out = applyEdit(text, { file: 'f', doc: 0, path: ['metadata', 'annotations', 'k'], value: 'v' });
  assert.equal(out, 'metadata:\r\n  name: x\r\n  annotations:\r\n    k: "v"\r\nspec: {}\r\n');
});

test('applyEdit refuses to edit a non-scalar', () => {
  assert.throws(() => applyEdit(y('metadata:', '  annotations:', '    k: [1]'), { file: 'f', doc: 0, path: ['metadata', 'annotations', 'k'], value: 'v' }), FixError);
});

test('writeAtomic replaces the file and keeps its mode; on error the original is untouched and no temp file is left', () => {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-fix-'));
  try {
    const f = join(dir, 'a.yaml');
    writeFileSync(f, 'old\n');
    chmodSync(f, 0o640);
    writeAtomic(f, 'new\n');
    assert.equal(readFileSync(f, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir), ['a.yaml']);
    chmodSync(dir, 0o500); // no new files in the directory
    if (process.getuid?.() !== 0) {
      assert.throws(() => writeAtomic(f, 'newer\n'), /original is unchanged/);
      assert.equal(readFileSync(f, 'utf8'), 'new\n');
    }
    chmodSync(dir, 0o700);
    assert.throws(() => writeAtomic(join(dir, 'missing.yaml'), 'x'), /original is unchanged/);
    assert.deepEqual(readdirSync(dir), ['a.yaml']);
    // A directory in the way is not a file to replace: refused, nothing written.
    mkdirSync(join(dir, 'd.yaml'));
    writeFileSync(join(dir, 'd.yaml', 'keep'), 'k');
    assert.throws(() => writeAtomic(join(dir, 'd.yaml'), 'x'), (e: unknown) => e instanceof FixRefused && e.message === 'not a regular file');
    assert.deepEqual(readdirSync(dir).sort(), ['a.yaml', 'd.yaml']);
    assert.equal(readFileSync(join(dir, 'd.yaml', 'keep'), 'utf8'), 'k');
  } finally {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix on the whole corpus: a second lint finds nothing fixable, and only annotation lines change', () => {
  const dir = join(REPO_ROOT, 'test', 'lint', 'corpus');
  const inputs = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));
  const fixed = fixRounds(inputs, options(), { rules: {}, ignore: [] });
  assert.deepEqual(fixed.errors, []);
  const changed = inputs.filter((i) => fixed.texts.get(i.file) !== i.text);
  assert.ok(changed.length >= 4, `some corpus files are fixed (${changed.length})`);
  const again = fixRounds(inputs.map((i) => ({ file: i.file, text: fixed.texts.get(i.file)! })), options(), { rules: {}, ignore: [] });
  assert.deepEqual(again.result.findings.filter((f) => f.fixes.length > 0).map((f) => `${f.file}:${f.line} ${f.ruleId}`), []);
  for (const i of changed) {
    const before = new Set(i.text.split('\n'));
    for (const line of fixed.texts.get(i.file)!.split('\n')) {
      if (!before.has(line)) assert.match(line, /^\s*(annotations:|config\.linkerd\.io\/[a-z-]+: "[0-9,-]*")$/, `${i.file}: only annotation lines are added or changed: ${line}`);
    }
    // Every line of the original is still there unless it was an annotation value that changed.
    const after = new Set(fixed.texts.get(i.file)!.split('\n'));
    for (const line of i.text.split('\n')) if (!after.has(line)) assert.match(line, /config\.linkerd\.io\//, `${i.file}: removed line ${line}`);
    assert.equal(parseSource({ file: i.file, text: fixed.texts.get(i.file)! }).problems.length, 0);
  }
});

test('fixRounds leaves a file it cannot edit unchanged and says so', () => {
  const text = y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: nats', '  annotations: none', 'spec:', '  containers: [{name: nats, image: nats, ports: [{containerPort: 4222}]}]');
  const r = fixRounds([{ file: 'x.yaml', text }], options(), { rules: {}, ignore: [] });
  assert.ok(r.result.findings.some((f) => f.ruleId === 'server-first-port-not-opaque' && f.fixes.length > 0), 'there is something to fix');
  assert.equal(r.texts.get('x.yaml'), text);
  assert.match(r.errors.join('\n'), /cannot fix x\.yaml: no mapping to add/);
});

test('--fix inside a kind: List (kubectl get -o yaml) edits the right item', () => {
  const text = y(
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata: {name: c}',
    '- apiVersion: v1',
    '  kind: Pod',
    '  metadata:',
    '    name: nats',
    '  spec:',
    '    containers: [{name: n, image: nats, ports: [{containerPort: 4222}]}]',
  );
  const r = fixRounds([{ file: 'l.yaml', text }], options(), { rules: {}, ignore: [] });
  const out = r.texts.get('l.yaml')!;
  assert.match(out, /    name: nats\n    annotations:\n      config\.linkerd\.io\/opaque-ports: "[0-9,]*4222[0-9,]*"\n  spec:/);
  assert.deepEqual(r.result.findings.filter((f) => f.fixes.length > 0), []);
});
