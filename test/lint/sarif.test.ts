import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/golden.js';
import { lintSarif, artifactUri, fingerprint } from '../../src/report/lint-sarif.js';
import { RULES } from '../../src/lint/rules/index.js';
import { lint, y } from './helpers.js';

const require = createRequire(import.meta.url);
type AjvLike = { compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown } };
const Ajv = require('ajv-draft-04') as new (o: object) => AjvLike;
const addFormats = require('ajv-formats') as (ajv: AjvLike) => void;

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'lint', 'fixtures', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }) // the schema's language pattern is not valid in unicode mode;
addFormats(ajv);
const validate = ajv.compile(schema);

const text = y(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: db',
  '  annotations: {config.linkerd.io/opaque-ports: "3306"}',
  'spec:',
  '  template:',
  '    metadata:',
  '      annotations: {config.linkerd.io/skip-outbound-ports: "25, 587", config.linkerd.io/skip-subnets: 10.0.0.0/8}',
  '    spec:',
  '      containers: [{name: db, image: mysql, ports: [{containerPort: 3306}]}]',
  '---',
  'a: [',
);

test('SARIF output validates against the official SARIF 2.1.0 schema', () => {
  const r = lint(text);
  assert.ok(r.findings.length >= 3, 'fixture has errors, warnings and infos');
  const sarif = lintSarif(r, RULES.map((x) => x.meta), '0.1.0');
  const ok = validate(sarif);
  assert.equal(ok, true, JSON.stringify(validate.errors, null, 2));
  // A broken log must fail, so the validator is really checking.
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false);
});

test('SARIF results: rules with helpUri, relative URIs, levels, fingerprints without line numbers', () => {
  const r = lint(text);
  const sarif = lintSarif(r, RULES.map((x) => x.meta), '0.1.0') as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; partialFingerprints: Record<string, string> }> }> };
  const run = sarif.runs[0]!;
  assert.deepEqual(run.tool.driver.rules.map((x) => x.id), RULES.map((x) => x.meta.id));
  for (const rule of run.tool.driver.rules) assert.match(rule.helpUri, new RegExp(`^https://.*/docs/rules/${rule.id}\\.md$`));
  assert.ok(run.results.some((x) => x.level === 'note'), 'info maps to note');
  assert.ok(run.results.every((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'test.yaml'));
  // Moving the document down by lines keeps every fingerprint.
  const moved = lint('# a comment\n# another\n' + text);
  const fp = (res: typeof r) => res.findings.map(fingerprint).sort();
  assert.deepEqual(fp(moved), fp(r));
  assert.notDeepEqual(moved.findings.map((f) => f.line), r.findings.map((f) => f.line));
});

test('artifactUri is relative and percent-encodes each segment', () => {
  assert.equal(artifactUri('./k8s/my app/db.yaml'), 'k8s/my%20app/db.yaml');
  assert.equal(artifactUri('k8s\\db.yaml'), 'k8s/db.yaml');
});

test('SARIF of the whole corpus validates too', async () => {
  const { readdirSync } = await import('node:fs');
  const { lintParsed } = await import('../../src/lint/engine.js');
  const { parseSource } = await import('../../src/lint/parse.js');
  const { options } = await import('./helpers.js');
  const dir = join(REPO_ROOT, 'test', 'lint', 'corpus');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => parseSource({ file: `test/lint/corpus/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
  const sarif = lintSarif(lintParsed(files, options()), RULES.map((x) => x.meta), '0.1.0') as { runs: Array<{ results: unknown[] }> };
  assert.ok(sarif.runs[0]!.results.length > 5);
  assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2));
});

test('SARIF: a Helm template from stdin has its file but no region (the position is in the rendered stream)', async () => {
  const { lintParsed } = await import('../../src/lint/engine.js');
  const { parseSource } = await import('../../src/lint/parse.js');
  const { options } = await import('./helpers.js');
  const text = '---\n# Source: chart/templates/nats.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: nats}\nspec: {containers: [{name: n, image: nats, ports: [{containerPort: 4222}]}]}\n';
  const sarif = lintSarif(lintParsed([parseSource({ file: '<stdin>', text })], options()), RULES.map((x) => x.meta), '0.1.0') as { runs: Array<{ results: Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: unknown } }> }> }> };
  const res = sarif.runs[0]!.results[0]!;
  assert.equal(res.locations[0]!.physicalLocation.artifactLocation.uri, 'chart/templates/nats.yaml');
  assert.equal(res.locations[0]!.physicalLocation.region, undefined);
  assert.match(res.message.text, /rendered by Helm: line 6/);
  assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2));
});
