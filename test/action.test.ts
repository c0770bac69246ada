/**
 * action.yml (the composite GitHub Action): read it, evaluate the expressions a runner would (inputs
 * with their defaults, github.action_path, steps.*.outputs), and run each step's command as GitHub
 * runs a bash step (`bash --noprofile --norc -eo pipefail FILE`, GITHUB_OUTPUT a file) with sample
 * inputs against test/lint/corpus. Checks the step outputs, the action outputs, the files written and
 * the exit codes. An expression the runner would evaluate but this test does not know fails the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, runCli } from './helpers/golden.js';

interface Step { id?: string; name: string; shell: string; run: string; env?: Record<string, string>; 'working-directory'?: string }
interface Action {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { description: string; required: boolean; default: string }>;
  outputs: Record<string, { description: string; value: string }>;
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
const dir = mkdtempSync(join(tmpdir(), 'protocheck-action-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const CORPUS = 'test/lint/corpus';

interface Run { code: number; steps: Array<{ id: string; code: number; stdout: string; stderr: string; outputs: Record<string, string> }>; outputs: Record<string, string> }

function runAction(given: Record<string, string>): Run {
  for (const k of Object.keys(given)) assert.ok(k in action.inputs, `unknown input ${k}`);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default]));
  const stepOutputs: Record<string, Record<string, string>> = {};
  const evaluate = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      let m = /^inputs\.([\w-]+)$/.exec(expr);
      if (m) return inputs[m[1]!] ?? assert.fail(`no input ${m[1]}`);
      if (expr === 'github.action_path') return REPO_ROOT.replace(/\/$/, '');
      m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (m) return stepOutputs[m[1]!]?.[m[2]!] ?? '';
      return assert.fail(`action.yml uses an expression this test does not model: ${expr}`);
    });
  const run: Run = { code: 0, steps: [], outputs: {} };
  for (const [i, step] of action.runs.steps.entries()) {
    assert.equal(step.shell, 'bash');
    assert.doesNotMatch(step.run, /\$\{\{/, 'inputs reach the script through env, never spliced into it');
    const file = join(dir, `step-${i}.sh`);
    const output = join(dir, `output-${i}`);
    writeFileSync(file, step.run);
    writeFileSync(output, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v))]));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
      cwd: step['working-directory'] !== undefined ? evaluate(step['working-directory']) : REPO_ROOT,
      env: { PATH: [dirname(process.execPath), process.env['PATH'] ?? ''].join(':'), HOME: dir, NO_COLOR: '1', GITHUB_OUTPUT: output, GITHUB_ACTION_PATH: REPO_ROOT, GITHUB_WORKSPACE: REPO_ROOT, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    if (step.id !== undefined) stepOutputs[step.id] = outputs;
    run.steps.push({ id: step.id ?? String(i), code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs });
    if (r.status !== 0) {
      run.code = r.status ?? -1;
      break;
    }
  }
  run.outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, evaluate(v.value)]));
  return run;
}

const lintJson = (args: string[]) => JSON.parse(runCli(['lint', '--json', ...args]).stdout) as { findings: Array<{ ruleId: string; severity: string; file: string }> };

test('action.yml is a composite action with the documented inputs and outputs', () => {
  assert.equal(action.runs.using, 'composite');
  assert.deepEqual(Object.keys(action.inputs).sort(), ['config', 'fail-on', 'format', 'linkerd-version', 'paths', 'sarif-file']);
  assert.deepEqual(Object.keys(action.outputs).sort(), ['exit-code', 'sarif-file']);
  for (const v of Object.values(action.inputs)) assert.ok(v.description.length > 10);
  // The README shows a workflow that uses every input it documents.
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  assert.match(readme, /uses: .*protocheck@/);
  assert.match(readme, /github\/codeql-action\/upload-sarif/);
});

test('format sarif (default): SARIF file with one result per finding, exit code 1 on the corpus errors', () => {
  const sarifFile = join(dir, 'out.sarif');
  const r = runAction({ paths: CORPUS, 'sarif-file': sarifFile });
  assert.equal(r.code, 1, JSON.stringify(r.steps.map((s) => s.stderr)));
  assert.equal(r.steps[0]?.code, 0);
  assert.equal(r.steps[0]?.stdout.trim().split('\n').pop(), JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  assert.deepEqual(r.outputs, { 'exit-code': '1', 'sarif-file': sarifFile });
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
  assert.equal(sarif.version, '2.1.0');
  const expected = lintJson([CORPUS]).findings;
  assert.ok(expected.length > 5);
  assert.deepEqual(sarif.runs[0]?.results.map((x) => x.ruleId).sort(), expected.map((f) => f.ruleId).sort());
  // The same run printed the annotations (one per finding).
  assert.equal((r.steps[1]?.stdout ?? '').split('\n').filter((l) => /^::(error|warning|notice) /.test(l)).length, expected.length);
});

test('format github, fail-on never: annotations on stdout, exit 0', () => {
  const r = runAction({ paths: `${CORPUS}/23-nats-statefulset-headless.yaml\n${CORPUS}/24-mailu-smtp-deployment.yaml`, format: 'github', 'fail-on': 'never' });
  assert.equal(r.code, 0);
  assert.deepEqual(r.outputs, { 'exit-code': '0', 'sarif-file': '' });
  const lines = (r.steps[1]?.stdout ?? '').split('\n').filter((l) => l.startsWith('::'));
  const expected = lintJson([`${CORPUS}/23-nats-statefulset-headless.yaml`, `${CORPUS}/24-mailu-smtp-deployment.yaml`]).findings;
  assert.equal(lines.length, expected.length);
  assert.ok(lines.some((l) => l.startsWith('::error file=test/lint/corpus/24-mailu-smtp-deployment.yaml,line=')));
});

test('linkerd-version and config reach protocheck', () => {
  const config = join(dir, 'protocheck.yaml');
  writeFileSync(config, 'rules:\n  server-first-port-not-opaque: off\n  undeclared-port: off\n');
  const file = `${CORPUS}/23-nats-statefulset-headless.yaml`;
  const off = runAction({ paths: file, format: 'text', config });
  assert.equal(off.code, 0, off.steps[1]?.stderr);
  assert.match(off.steps[1]?.stdout ?? '', /No findings/);
  // 2.9.3 has no opaque ports: the same finding, with a skip fix instead; the version is named in the text.
  const old = runAction({ paths: file, format: 'text', 'linkerd-version': '2.9.3', 'fail-on': 'warning' });
  const latest = runAction({ paths: file, format: 'text', 'fail-on': 'warning' });
  assert.equal(old.code, 1);
  assert.notEqual(old.steps[1]?.stdout, latest.steps[1]?.stdout);
  assert.equal(old.steps[1]?.stdout, runCli(['lint', '--linkerd', '2.9.3', '--fail-on', 'warning', file]).stdout);
});

test('a bad format or version is exit code 2 with an error annotation or message', () => {
  const bad = runAction({ paths: CORPUS, format: 'junit-ish' });
  assert.equal(bad.code, 2);
  assert.match(bad.steps[1]?.stdout ?? '', /^::error title=protocheck::format must be/m);
  assert.equal(bad.outputs['exit-code'], '2');
  const version = runAction({ paths: CORPUS, format: 'github', 'linkerd-version': '3.0' });
  assert.equal(version.code, 2);
  assert.match(version.steps[1]?.stderr ?? '', /unknown Linkerd version "3.0"/);
  const missing = runAction({ paths: 'no/such/dir', format: 'github', 'sarif-file': join(dir, 'x.sarif') });
  assert.equal(missing.code, 2);
  assert.equal(existsSync(join(dir, 'x.sarif')), false);
});
