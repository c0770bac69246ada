// Every registered rule has a docs page with the required headings and a test file; the docs index is
// generated from the registry (eslint's checkRuleFiles, kube-linter's generated docs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/golden.js';
import { RULES } from '../../src/lint/rules/index.js';
import { renderRulesIndex } from '../../src/lint/rules-index.js';

const HEADINGS = ['## What it checks', '## Why it matters for Linkerd', '## Examples', '## Fix', '## When to ignore'];
const docs = join(REPO_ROOT, 'docs', 'rules');

test('the issue\'s rule ids are all registered, with their severities', () => {
  const expected: Record<string, string> = {
    'server-first-port-not-opaque': 'error', 'opaque-ports-mismatch': 'warning', 'invalid-port-list': 'error', 'annotation-misplaced': 'error',
    'list-replaces-defaults': 'warning', 'skip-instead-of-opaque': 'warning', 'undeclared-port': 'warning', 'app-protocol-opaque': 'warning',
    'server-protocol-conflict': 'error', 'unknown-annotation': 'error', 'skip-subnets-inbound-only': 'info', 'parse-error': 'error',
  };
  Object.assign(expected, { 'istio-server-first-sniffed': 'error', 'istio-port-protocol-unset': 'info', 'istio-protocol-mismatch': 'warning', 'istio-well-known-port-trap': 'warning', 'istio-linkerd-leftover': 'warning' });
  for (const [id, sev] of Object.entries(expected)) assert.equal(RULES.find((r) => r.meta.id === id)?.meta.severity, sev, id);
  assert.equal(new Set(RULES.map((r) => r.meta.id)).size, RULES.length, 'ids are unique');
});

for (const rule of RULES) {
  test(`rule ${rule.meta.id}: docs page with headings in order, a test file, a summary ending with a period`, () => {
    const page = join(docs, `${rule.meta.id}.md`);
    assert.ok(existsSync(page), `docs/rules/${rule.meta.id}.md exists`);
    const text = readFileSync(page, 'utf8');
    assert.ok(text.startsWith(`# ${rule.meta.id}\n`), 'title is the rule id');
    let last = -1;
    // The istio-* rules explain the Istio behaviour instead.
    for (const h of rule.meta.id.startsWith('istio-') ? HEADINGS.map((x) => x.replace('for Linkerd', 'for Istio')) : HEADINGS) {
      const at = text.indexOf(`\n${h}\n`);
      assert.ok(at > last, `heading "${h}" present and in order`);
      last = at;
    }
    assert.match(text, /Bad/i);
    assert.match(text, /Good/i);
    assert.ok(text.includes(`Severity: **${rule.meta.severity}**`), 'page states the severity');
    assert.ok(existsSync(join(REPO_ROOT, 'test', 'lint', 'rules', `${rule.meta.id}.test.ts`)), `test/lint/rules/${rule.meta.id}.test.ts exists`);
    assert.match(rule.meta.summary, /\.$/);
  });
}

test('no docs page or test file without a registered rule', () => {
  const ids = new Set(RULES.map((r) => r.meta.id));
  for (const f of readdirSync(docs)) if (f !== 'README.md') assert.ok(ids.has(f.replace(/\.md$/, '')), `docs/rules/${f} has a rule`);
  for (const f of readdirSync(join(REPO_ROOT, 'test', 'lint', 'rules'))) assert.ok(ids.has(f.replace(/\.test\.ts$/, '')), `test/lint/rules/${f} has a rule`);
});

test('docs/rules/README.md is generated from the registry', () => {
  const file = join(docs, 'README.md');
  const want = renderRulesIndex(RULES.map((r) => r.meta));
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, want);
  assert.ok(existsSync(file), 'docs/rules/README.md is missing: write it with UPDATE_GOLDEN=1');
  assert.equal(readFileSync(file, 'utf8'), want, 'regenerate with UPDATE_GOLDEN=1');
});
