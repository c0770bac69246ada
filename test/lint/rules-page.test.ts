/** `protocheck rules ID`: the page rendered for a terminal (no Markdown syntax left), `--markdown` the source. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { REPO_ROOT, runCli } from '../helpers/golden.js';
import { renderMarkdownForTerminal } from '../../src/report/markdown-term.js';
import { RULES } from '../../src/lint/rules/index.js';

const MD = '# rule-x\n\nSeverity: **error** · see [the docs](https://example.com/x.md) and `--fix`\n\n## Examples\n\n```yaml\nports:\n  - 4222\n```\n\n| a | b |\n|---|---|\n';

test('rendered with colour: headings bold, code coloured without backticks or fences, links as text (url)', () => {
  const out = renderMarkdownForTerminal(MD, new Chalk({ level: 1 }));
  assert.equal(
    out,
    '\x1b[1m\x1b[4mrule-x\x1b[24m\x1b[22m\n\nSeverity: \x1b[1merror\x1b[22m · see the docs (\x1b[4mhttps://example.com/x.md\x1b[24m) and \x1b[36m--fix\x1b[39m\n\n\x1b[1mExamples\x1b[22m\n\n    \x1b[36mports:\x1b[39m\n    \x1b[36m  - 4222\x1b[39m\n\n| a | b |\n|---|---|\n',
  );
});

test('rendered without colour: no Markdown markers but code keeps its backticks', () => {
  assert.equal(renderMarkdownForTerminal(MD, new Chalk({ level: 0 })), 'rule-x\n\nSeverity: error · see the docs (https://example.com/x.md) and `--fix`\n\nExamples\n\n    ports:\n      - 4222\n\n| a | b |\n|---|---|\n');
});

test('every rule page renders with no heading marks, fences or link syntax left; --markdown prints the file', () => {
  for (const r of RULES) {
    const page = readFileSync(join(REPO_ROOT, 'docs', 'rules', `${r.meta.id}.md`), 'utf8');
    const shown = runCli(['rules', r.meta.id]);
    assert.equal(shown.code, 0);
    assert.ok(shown.stdout.startsWith(`${r.meta.id}\n`), r.meta.id);
    assert.doesNotMatch(shown.stdout, /^#{1,6} |^\s*```|\]\(|\*\*/m, r.meta.id);
    const raw = runCli(['rules', r.meta.id, '--markdown']);
    assert.equal(raw.stdout, page);
  }
});
