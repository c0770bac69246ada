import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeData, escapeProperty, githubLine, renderLintGithub } from '../../src/report/lint-github.js';
import type { Finding } from '../../src/lint/types.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'server-first-port-not-opaque',
  severity: 'error',
  messageId: 'notOpaque',
  data: {},
  message: '100% stuck\r\nline two',
  runsUnder: null,
  file: 'k8s/a,b:c.yaml',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 20,
  object: null,
  port: 4222,
  evidence: [],
  suggestions: [],
  fixes: [],
  inputFile: 'k8s/a,b:c.yaml',
  ...over,
});

test('workflow command escaping: data escapes % CR LF, properties also : and ,', () => {
  assert.equal(escapeData('a%b\rc\nd:e,f'), 'a%25b%0Dc%0Ad:e,f');
  assert.equal(escapeData('x\u001b[31my'), 'x\\x1b[31my');
  assert.equal(escapeProperty('a%b\rc\nd:e,f'), 'a%25b%0Dc%0Ad%3Ae%2Cf');
  assert.equal(githubLine(finding()), '::error file=k8s/a%2Cb%3Ac.yaml,line=3,endLine=3,col=5,endColumn=20,title=protocheck server-first-port-not-opaque/notOpaque::100%25 stuck%0D%0Aline two');
});

test('github format: errors first, warnings, then notices, one line each', () => {
  const out = renderLintGithub({
    findings: [finding({ severity: 'info', message: 'i' }), finding({ severity: 'warning', message: 'w' }), finding({ message: 'e' })],
    summary: { files: 1, documents: 1, objects: 1, errors: 1, warnings: 1, infos: 1 },
  });
  const lines = out.trim().split('\n');
  assert.deepEqual(lines.slice(0, 3).map((l) => l.split(' ')[0]), ['::error', '::warning', '::notice']);
  assert.match(lines[3]!, /1 error, 1 warning, 1 info in 1 file/);
});

test('a Helm template from stdin gets no line properties (the position is in the rendered stream) but says where', () => {
  const line = githubLine(finding({ file: 'chart/templates/db.yaml', inputFile: '<stdin>', message: 'm' }));
  assert.equal(line, '::error file=chart/templates/db.yaml,title=protocheck server-first-port-not-opaque/notOpaque::m (rendered by Helm: line 3, column 5 of the input stream)');
});
