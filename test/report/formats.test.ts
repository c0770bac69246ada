// The lint format registry drives the --format choices, the docs table and these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { Chalk } from 'chalk';
import { LINT_FORMAT_NAMES, renderLintFormatsTable } from '../../src/report/formats.js';
import { LINT_RENDERERS, renderLint } from '../../src/report/index.js';
import { defineLint } from '../../src/commands/lint.js';
import { RULES } from '../../src/lint/rules/index.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { lint, y } from '../lint/helpers.js';

test('every format has a renderer and nothing else does', () => {
  assert.deepEqual(Object.keys(LINT_RENDERERS), LINT_FORMAT_NAMES);
});

test('the --format choices of lint are the registry', () => {
  const program = new Command();
  defineLint(program, {} as never);
  const format = program.commands.find((c) => c.name() === 'lint')!.options.find((o) => o.long === '--format')!;
  assert.deepEqual(format.argChoices, LINT_FORMAT_NAMES);
});

test('every renderer shows each finding with its rule id and message id', () => {
  const result = lint(y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations: {linkerd.io/inject: "yes"}', 'spec: {containers: []}'));
  assert.equal(result.findings.length, 1);
  for (const format of LINT_FORMAT_NAMES) {
    const out = renderLint(format, result, { chalk: new Chalk({ level: 0 }), rules: RULES.map((r) => r.meta), toolVersion: '0.0.0' });
    assert.match(out, /invalid-annotation-value/, format);
    if (format !== 'text') assert.match(out, /injectValueMeant/, format);
    assert.match(out, /did you mean enabled/, format);
  }
});

test('docs/commands/lint.md holds the generated formats table', () => {
  const file = join(REPO_ROOT, 'docs', 'commands', 'lint.md');
  const text = readFileSync(file, 'utf8');
  const begin = text.indexOf('<!-- formats:begin');
  const end = text.indexOf('<!-- formats:end -->');
  assert.ok(begin >= 0 && end > begin, 'docs/commands/lint.md has the formats markers');
  const start = text.indexOf('-->', begin) + 4;
  const want = renderLintFormatsTable();
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, text.slice(0, start) + want + text.slice(end));
  else assert.equal(text.slice(start, end), want, 'regenerate with UPDATE_GOLDEN=1');
});
