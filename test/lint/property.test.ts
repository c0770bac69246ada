// Properties over generated manifests: lint never throws, positions lie inside the text, and --fix
// converges (the fixed text parses and a second lint has nothing fixable left).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintParsed } from '../../src/lint/engine.js';
import { parseSource } from '../../src/lint/parse.js';
import { fixRounds } from '../../src/lint/fix-rounds.js';
import { options } from './helpers.js';

const item = fc.oneof(
  fc.integer({ min: 0, max: 70000 }).map(String),
  fc.tuple(fc.integer({ min: 1, max: 9000 }), fc.integer({ min: 1, max: 9000 })).map(([a, b]) => `${a}-${b}`),
  fc.constantFrom('mysql', 'client', 'abc', '', ' 4222', '4222 ', '11211'),
);
const list = fc.array(item, { minLength: 1, maxLength: 5 }).map((xs) => xs.join(','));
const key = fc.constantFrom('config.linkerd.io/opaque-ports', 'config.linkerd.io/skip-inbound-ports', 'config.linkerd.io/skip-outbound-ports');
const image = fc.constantFrom('nats:2.10', 'mysql:8', 'nginx', 'dovecot/dovecot', 'redis:7');
const port = fc.constantFrom(4222, 3306, 143, 8080, 6379, 11211);

const manifest = fc.record({ podKey: key, podList: list, svcList: fc.option(list), image, port, withService: fc.boolean(), flow: fc.boolean() }).map((m) => {
  const svc = m.withService
    ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n${m.svcList !== null ? `  annotations:\n    config.linkerd.io/opaque-ports: ${JSON.stringify(m.svcList)}\n` : ''}spec:\n  selector: {app: a}\n  ports:\n  - {name: client, port: ${m.port}}\n---\n`
    : '';
  const ann = m.flow ? `      annotations: {${JSON.stringify(m.podKey)}: ${JSON.stringify(m.podList)}}\n` : `      annotations:\n        # comment\n        ${m.podKey}: ${JSON.stringify(m.podList)}\n`;
  return `${svc}apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    metadata:\n      labels: {app: a}\n${ann}    spec:\n      containers:\n      - name: c\n        image: ${m.image}\n        ports:\n        - {name: client, containerPort: ${m.port}}\n`;
});

test('lint never throws and every position is inside the text', () => {
  fc.assert(
    fc.property(manifest, (text) => {
      const r = lintParsed([parseSource({ file: 'g.yaml', text })], options());
      const lines = text.split('\n');
      for (const f of r.findings) {
        assert.ok(f.line >= 1 && f.line <= lines.length, `line ${f.line}`);
        assert.ok(f.endLine >= f.line && f.endLine <= lines.length);
        assert.ok(f.column >= 1 && f.column <= (lines[f.line - 1]?.length ?? 0) + 1);
      }
    }),
    { numRuns: 200 },
  );
});

test('--fix converges: the result parses and nothing fixable is left', () => {
  fc.assert(
    fc.property(manifest, (text) => {
      const fixed = fixRounds([{ file: 'g.yaml', text }], options(), { rules: {}, ignore: [] });
      assert.deepEqual(fixed.errors, []);
      const out = fixed.texts.get('g.yaml')!;
      assert.equal(parseSource({ file: 'g.yaml', text: out }).problems.length, 0);
      const again = lintParsed([parseSource({ file: 'g.yaml', text: out })], options());
      assert.deepEqual(again.findings.filter((f) => f.fixes.length > 0).map((f) => `${f.ruleId}: ${f.message}`), []);
    }),
    { numRuns: 150 },
  );
});

/** The same manifests in a namespace whose Namespace object (with its own list) is part of the input. */
const namespaced = fc.tuple(manifest, fc.option(list)).map(([text, nsList]) => {
  const ns = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n${nsList !== null ? `  annotations:\n    config.linkerd.io/opaque-ports: ${JSON.stringify(nsList)}\n` : ''}---\n`;
  return ns + text.replace('metadata: {name: a}', 'metadata: {name: a, namespace: ns}').replace('  name: s\n', '  name: s\n  namespace: ns\n');
});

test('--fix gives identical documents identical fixes (copies in two files, or twice in one), and a second run finds nothing fixable', () => {
  fc.assert(
    fc.property(fc.oneof(manifest, namespaced), fc.constantFrom('two-files', 'one-file', 'both'), (text, layout) => {
      const inputs =
        layout === 'two-files'
          ? [{ file: 'a.yaml', text }, { file: 'b.yaml', text }]
          : layout === 'one-file'
            ? [{ file: 'a.yaml', text: `${text}---\n${text}` }]
            : [{ file: 'a.yaml', text: `${text}---\n${text}` }, { file: 'b.yaml', text }];
      const fixed = fixRounds(inputs, options(), { rules: {}, ignore: [] });
      assert.deepEqual(fixed.errors, []);
      const a = fixed.texts.get('a.yaml')!;
      if (layout === 'two-files') assert.equal(a, fixed.texts.get('b.yaml'));
      else {
        // Fixes never add or remove a `---`: the first half of the documents is the first copy.
        const parts = a.split(/^---\n/m);
        const half = text.split(/^---\n/m).length;
        assert.equal(parts.length, 2 * half);
        const first = parts.slice(0, half).join('---\n');
        const second = parts.slice(half).join('---\n');
        assert.equal(first, second, 'both copies in one file are fixed alike');
        if (layout === 'both') assert.equal(fixed.texts.get('b.yaml'), first);
      }
      const again = lintParsed(inputs.map((i) => parseSource({ file: i.file, text: fixed.texts.get(i.file)! })), options());
      assert.deepEqual(again.findings.filter((f) => f.fixes.length > 0).map((f) => `${f.file}:${f.line} ${f.ruleId}`), []);
    }),
    { numRuns: 200 },
  );
});
