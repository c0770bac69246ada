/**
 * `lint --format junit` and `--output FORMAT=FILE`: the XML is validated with xmllint against
 * test/fixtures/junit/junit.xsd (the JUnit layout CI readers accept; see its header), counted with
 * XPath against the JSON findings (one test case per object and enabled rule, one parse-error case per
 * file), golden for one fixture; --output writes several formats in one run, each byte-identical to
 * that format on stdout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { golden, REPO_ROOT, runCli } from '../helpers/golden.js';
import { realServersRequired } from '../helpers/real-servers.js';
import { rulesForMesh } from '../../src/lint/rules/index.js';
import { SEVERITY_RANK } from '../../src/lint/types.js';

const F = 'test/golden/lint/fixtures';
const XSD = join(REPO_ROOT, 'test', 'fixtures', 'junit', 'junit.xsd');
const hasXmllint = spawnSync('sh', ['-c', 'command -v xmllint']).status === 0;
const skip = !hasXmllint && !realServersRequired() ? 'xmllint is not installed (apt-get install libxml2-utils)' : false;
const dir = mkdtempSync(join(tmpdir(), 'protocheck-junit-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function xmllint(xml: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const file = join(dir, `x-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', [...args, file], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const validate = (xml: string) => xmllint(xml, '--noout', '--schema', XSD);
const xpath = (xml: string, expr: string) => Number(xmllint(xml, '--xpath', expr).out.trim());

interface Json { findings: Array<{ ruleId: string; severity: 'error' | 'warning' | 'info'; file: string; object: { kind: string; namespace: string | null; name: string } | null }>; summary: { objects: number } }

test('golden lint/junit (nats fixture, --fail-on warning)', async () => {
  const r = await golden('lint/junit', ['lint', `${F}/nats.yaml`, '--format', 'junit', '--fail-on', 'warning']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="protocheck lint" /);
});

test('the corpus as JUnit: valid against the schema; test cases and failures match the findings', { skip }, () => {
  const corpus = 'test/lint/corpus';
  for (const failOn of ['error', 'info', 'never'] as const) {
    const r = runCli(['lint', corpus, '--format', 'junit', '--fail-on', failOn]);
    assert.equal(validate(r.stdout).code, 0, validate(r.stdout).err);
    const json = JSON.parse(runCli(['lint', corpus, '--json']).stdout) as Json;
    const perObject = rulesForMesh('linkerd').length - 1; // parse-error is one case per file
    const files = xpath(r.stdout, 'count(//testsuite)');
    assert.equal(xpath(r.stdout, 'count(//testcase)'), json.summary.objects * perObject + files + json.findings.filter((f) => f.object === null && f.ruleId !== 'parse-error').length);
    assert.equal(xpath(r.stdout, 'count(//testcase[@name="parse-error"])'), files);
    const key = (f: Json['findings'][number]) => `${f.file} ${f.object ? `${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : 'file'} ${f.ruleId}`;
    const failingPairs = new Set(json.findings.filter((f) => failOn !== 'never' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]).map(key));
    assert.equal(xpath(r.stdout, 'count(//failure)'), failingPairs.size);
    assert.equal(xpath(r.stdout, 'number(/testsuites/@failures)'), failingPairs.size);
    assert.equal(xpath(r.stdout, 'sum(//testsuite/@tests)'), xpath(r.stdout, 'count(//testcase)'));
    assert.equal(r.code, failingPairs.size > 0 ? 1 : 0);
  }
});

test('hostile names and messages stay well-formed XML (escaped markup, control bytes shown)', { skip }, () => {
  const manifest = join(dir, 'hostile.yaml');
  writeFileSync(manifest, [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: "a<b>&\\"c\\x1b[31m]]>"', '  namespace: "x\\u0000y"', 'spec:', '  template:', '    metadata:',
    '      annotations:', '        config.linkerd.io/opaque-ports: "4222,,x\\x07"', '    spec:', '      containers:', '        - name: nats', '          image: nats:2.10', '          ports:', '            - containerPort: 4222', '',
  ].join('\n'));
  const r = runCli(['lint', manifest, '--format', 'junit', '--fail-on', 'info']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(validate(r.stdout).code, 0, validate(r.stdout).err);
  assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b\x0c\x0e-\x1f]/);
  assert.match(r.stdout, /Deployment\/x\\x00y\/a&lt;b&gt;&amp;&quot;c\\x1b\[31m\]\]&gt;/);
});

test('the schema is not vacuous: it rejects JUnit without counts or with two failures in a case', { skip }, () => {
  assert.notEqual(validate('<testsuites><testsuite name="a" failures="0" errors="0"/></testsuites>').code, 0);
  assert.notEqual(validate('<testsuites><testsuite name="a" tests="1" failures="1" errors="0"><testcase name="t" classname="c"><failure/><failure/></testcase></testsuite></testsuites>').code, 0);
  assert.notEqual(validate('<testsuites><testsuite name="a" tests="-1" failures="0" errors="0"/></testsuites>').code, 0);
  assert.equal(validate('<testsuites><testsuite name="a" tests="1" failures="1" errors="0"><testcase name="t" classname="c"><failure message="m">x</failure><system-out>o</system-out></testcase></testsuite></testsuites>').code, 0);
});

test('rules turned off in the config are no test cases', () => {
  const cfg = join(dir, 'cfg.yaml');
  writeFileSync(cfg, 'rules:\n  undeclared-port: off\n');
  const on = runCli(['lint', `${F}/nats.yaml`, '--format', 'junit']).stdout;
  const off = runCli(['lint', `${F}/nats.yaml`, '--format', 'junit', '--config', cfg]).stdout;
  assert.match(on, / undeclared-port" classname=/);
  assert.doesNotMatch(off, /undeclared-port/);
});

test('--output FORMAT=FILE (repeatable): each file is that format, stdout keeps --format, one exit code', () => {
  const out = join(dir, 'out');
  mkdirSync(out);
  const args = ['lint', `${F}/nats.yaml`];
  const r = runCli([...args, '--output', `sarif=${out}/p.sarif`, '--output', `junit=${out}/p.xml`, '--output', `text=${out}/p.txt`, '--output', `json=${out}/p.json`]);
  const plain = runCli(args);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, plain.stdout);
  for (const [format, file] of [['sarif', 'p.sarif'], ['junit', 'p.xml'], ['text', 'p.txt'], ['json', 'p.json']] as const) {
    assert.equal(readFileSync(join(out, file), 'utf8'), runCli([...args, '--format', format]).stdout, format);
  }
  // Text to a file has no colours even when stdout is coloured.
  const colored = runCli([...args, '--output', `text=${out}/c.txt`], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
  assert.match(colored.stdout, /\x1b\[/);
  assert.doesNotMatch(readFileSync(join(out, 'c.txt'), 'utf8'), /\x1b\[/);
  // An existing file is replaced whole.
  writeFileSync(join(out, 'old.json'), 'x'.repeat(100_000));
  runCli([...args, '--output', `json=${out}/old.json`]);
  assert.doesNotThrow(() => JSON.parse(readFileSync(join(out, 'old.json'), 'utf8')));
});

test('--output errors: bad spec, unknown format, a directory as FILE (exit 2, one line)', () => {
  for (const [spec, pattern] of [['sarif', /--output sarif: write FORMAT=FILE/], ['xml=a.xml', /--output xml=a.xml: write FORMAT=FILE with FORMAT one of text, json, sarif, github, junit/], ['junit=', /--output junit=: write FORMAT=FILE/], [`json=${dir}`, /cannot write .*: not a regular file/]] as const) {
    const r = runCli(['lint', `${F}/nats.yaml`, '--output', spec]);
    assert.equal(r.code, 2, spec);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
});
