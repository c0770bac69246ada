import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/golden.js';
import { lintSarif, artifactUri, fingerprint, markdownToText, DEFAULT_DOCS_URL } from '../../src/report/lint-sarif.js';
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

test('SARIF help embeds each rule page (Markdown and plain text) and helpUri follows the docs base', async () => {
  const { readFileSync: read } = await import('node:fs');
  const ruleDocs = new Map(RULES.map((x) => [x.meta.id, read(join(REPO_ROOT, 'docs', 'rules', `${x.meta.id}.md`), 'utf8')]));
  const r = lint(text);
  type Rules = Array<{ id: string; helpUri: string; help: { text: string; markdown: string } }>;
  const sarif = lintSarif(r, RULES.map((x) => x.meta), '0.1.0', { docsUrl: 'https://docs.example.com/protocheck/rules/', ruleDocs }) as { runs: Array<{ tool: { driver: { rules: Rules } } }> };
  const rules = sarif.runs[0]!.tool.driver.rules;
  for (const rule of rules) {
    assert.equal(rule.helpUri, `https://docs.example.com/protocheck/rules/${rule.id}.md`);
    const page = ruleDocs.get(rule.id)!;
    // The page's own sections are in the help, so code scanning shows the explanation without the link.
    assert.ok(rule.help.markdown.startsWith(page.trim().split('\n')[0]!), rule.id);
    assert.match(rule.help.markdown, /## Why it matters for (Linkerd|Istio)/);
    assert.match(rule.help.text, /^Why it matters for (Linkerd|Istio)$/m);
    assert.doesNotMatch(rule.help.text, /^#{1,6} /m, 'plain text has no Markdown headings');
    assert.ok(rule.help.text.endsWith(rule.helpUri));
  }
  assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2));
  // Without the pages (not shipped), the summary and the link are the help.
  const bare = lintSarif(r, RULES.map((x) => x.meta), '0.1.0') as { runs: Array<{ tool: { driver: { rules: Rules } } }> };
  const first = bare.runs[0]!.tool.driver.rules[0]!;
  assert.equal(first.help.text, `${RULES[0]!.meta.summary} See ${DEFAULT_DOCS_URL}${first.id}.md`);
});

test('markdownToText flattens headings, emphasis, code spans, fences and links', () => {
  assert.equal(markdownToText('# Title\r\n\r\n\r\n\r\n**bold** and `code` [page](https://x/y.md)\n```yaml\na: 1\n```'), 'Title\n\nbold and code page (https://x/y.md)\na: 1');
});

test('SARIF help: relative links between rule pages become absolute under the docs base', () => {
  const ruleDocs = new Map([[RULES[0]!.meta.id, 'See [the other rule](opaque-ports-mismatch.md) and [Linkerd](https://linkerd.io/) and [below](#fix).']]);
  const sarif = lintSarif(lint(text), RULES.map((x) => x.meta), '0.1.0', { docsUrl: 'https://d.example/r/', ruleDocs }) as { runs: Array<{ tool: { driver: { rules: Array<{ help: { markdown: string } }> } } }> };
  assert.match(sarif.runs[0]!.tool.driver.rules[0]!.help.markdown, /^See \[the other rule\]\(https:\/\/d\.example\/r\/opaque-ports-mismatch\.md\) and \[Linkerd\]\(https:\/\/linkerd\.io\/\) and \[below\]\(#fix\)\./);
});
