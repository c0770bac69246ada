import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, isIgnoredPath, parseConfig } from '../../src/lint/config.js';
import { exitCodeFor, lintParsed } from '../../src/lint/engine.js';
import { parseSource } from '../../src/lint/parse.js';
import { RULES } from '../../src/lint/rules/index.js';
import { options, y } from './helpers.js';

const ids = RULES.map((r) => r.meta.id);

test('.protocheck.yaml: version, install mode, rule levels and ignored paths', () => {
  const c = parseConfig(y('linkerd: "2.14"', 'cni: true', 'rules:', '  skip-subnets-inbound-only: off', '  undeclared-port: error', 'ignore: [vendor/**, "*.tmpl.yaml"]'), '.protocheck.yaml', ids);
  assert.equal(c.linkerd, '2.14');
  assert.equal(c.cni, true);
  assert.deepEqual(c.rules, { 'skip-subnets-inbound-only': 'off', 'undeclared-port': 'error' });
  assert.deepEqual(c.ignore, ['vendor/**', '*.tmpl.yaml']);
});

test('.protocheck.yaml: mistakes are one-line input errors', () => {
  assert.throws(() => parseConfig('rules: {no-such-rule: error}', 'c.yaml', ids), /unknown rule "no-such-rule"/);
  assert.throws(() => parseConfig('rules: {parse-error: loud}', 'c.yaml', ids), /level must be error, warning, info or off/);
  assert.throws(() => parseConfig('lnkerd: 2.14', 'c.yaml', ids), /unknown key "lnkerd"/);
  assert.throws(() => parseConfig('a: [', 'c.yaml', ids), /not valid YAML/);
  assert.deepEqual(parseConfig('', 'c.yaml', ids).rules, {});
});

test('ignore globs', () => {
  assert.ok(isIgnoredPath('vendor/x/y.yaml', ['vendor/**']));
  assert.ok(isIgnoredPath('k8s/a.tmpl.yaml', ['*.tmpl.yaml']));
  assert.ok(!isIgnoredPath('k8s/a.yaml', ['*.tmpl.yaml', 'vendor/**']));
  assert.ok(globToRegExp('charts/*/templates').test('charts/x/templates/a.yaml'));
});

test('rule levels from the config change severities and turn rules off', () => {
  const text = y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations: {config.linkerd.io/skip-subnets: 10.0.0.0/8}', 'spec: {containers: []}');
  const f = [parseSource({ file: 'p.yaml', text })];
  assert.equal(lintParsed(f, options()).findings[0]?.severity, 'info');
  assert.equal(lintParsed(f, options(), { rules: { 'skip-subnets-inbound-only': 'error' } }).findings[0]?.severity, 'error');
  assert.equal(lintParsed(f, options(), { rules: { 'skip-subnets-inbound-only': 'off' } }).findings.length, 0);
});

test('suppression: protocheck.io/ignore lists rule ids or all, on the object or its pod template', () => {
  const text = (ann: string) =>
    y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: d}', 'spec:', '  template:', '    metadata:', `      annotations: {config.linkerd.io/skip-subnets: 10.0.0.0/8, config.linkerd.io/opaque-prt: "1"${ann}}`, '    spec: {containers: []}');
  const run = (ann: string) => lintParsed([parseSource({ file: 'd.yaml', text: text(ann) })], options()).findings.map((f) => f.ruleId).sort();
  assert.deepEqual(run(''), ['skip-subnets-inbound-only', 'unknown-annotation']);
  assert.deepEqual(run(', protocheck.io/ignore: "unknown-annotation"'), ['skip-subnets-inbound-only']);
  assert.deepEqual(run(', protocheck.io/ignore: "unknown-annotation, skip-subnets-inbound-only"'), []);
  assert.deepEqual(run(', protocheck.io/ignore: all'), []);
});

test('--fail-on thresholds', () => {
  const text = y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations: {config.linkerd.io/skip-subnets: 10.0.0.0/8}', 'spec: {containers: []}');
  const { findings } = lintParsed([parseSource({ file: 'p.yaml', text })], options());
  assert.equal(exitCodeFor(findings, 'error'), 0);
  assert.equal(exitCodeFor(findings, 'warning'), 0);
  assert.equal(exitCodeFor(findings, 'info'), 1);
  assert.equal(exitCodeFor(findings, 'never'), 0);
  assert.equal(exitCodeFor([], 'info'), 0);
});

test('.protocheck.yaml docsUrl: an absolute http(s) base, normalized to end in /', () => {
  assert.equal(parseConfig('docsUrl: https://git.example.com/acme/protocheck/blob/main/docs/rules', 'c.yaml', ids).docsUrl, 'https://git.example.com/acme/protocheck/blob/main/docs/rules/');
  assert.equal(parseConfig('docsUrl: http://docs.local/r/', 'c.yaml', ids).docsUrl, 'http://docs.local/r/');
  assert.equal(parseConfig('linkerd: "2.14"', 'c.yaml', ids).docsUrl, undefined);
  assert.throws(() => parseConfig('docsUrl: docs/rules/', 'c.yaml', ids), /"docsUrl" not an absolute URL/);
  assert.throws(() => parseConfig('docsUrl: file:///tmp/r/', 'c.yaml', ids), /"docsUrl" must be an http\(s\) URL/);
  assert.throws(() => parseConfig('docsUrl: 3', 'c.yaml', ids), /"docsUrl" must be a URL string/);
});
