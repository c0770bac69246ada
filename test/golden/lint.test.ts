// Golden CLI tests for `protocheck lint` and `protocheck rules` (stdout, stderr and exit code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { golden, runMain } from '../helpers/golden.js';

const F = 'test/golden/lint/fixtures';

test('lint: text report grouped by file, exit 1 on errors', async () => {
  const r = await golden('lint/text', ['lint', `${F}/nats.yaml`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /server-first-port-not-opaque/);
});

test('lint: --fail-on never exits 0; --fail-on with only infos', async () => {
  assert.equal((await runMain(['lint', `${F}/nats.yaml`, '--fail-on', 'never'])).code, 0);
});

test('lint: json, sarif and github formats of the same input have the same exit code', async () => {
  const j = await golden('lint/json', ['lint', `${F}/nats.yaml`, '--format', 'json']);
  assert.equal(j.code, 1);
  const parsed = JSON.parse(j.stdout) as { findings: Array<Record<string, unknown>>; summary: Record<string, number> };
  assert.deepEqual(Object.keys(parsed.findings[0]!), ['ruleId', 'severity', 'messageId', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'object', 'port', 'evidence', 'suggestions']);
  assert.deepEqual(Object.keys(parsed.summary), ['files', 'documents', 'objects', 'errors', 'warnings', 'infos']);
  const s = await golden('lint/sarif', ['lint', `${F}/nats.yaml`, '--format', 'sarif'], { normalize: (t) => t.replace(/"version": "\d+\.\d+\.\d+[^"]*"/, '"version": "<version>"') });
  assert.equal(s.code, 1);
  const g = await golden('lint/github', ['lint', `${F}/nats.yaml`, '--format', 'github']);
  assert.equal(g.code, 1);
  assert.match(g.stdout, /^::error file=test\/golden\/lint\/fixtures\/nats\.yaml,line=\d+/m);
});

test('lint: stdin from helm template names the chart templates', async () => {
  const r = await golden('lint/stdin-helm', ['lint', '-'], { input: readFileSync(`${F}/helm-stream.yaml`) });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^mail\/templates\/deployment\.yaml$/m);
});

test('lint: a broken document is a parse-error finding and the rest is linted', async () => {
  const r = await golden('lint/parse-error', ['lint', `${F}/broken.yaml`]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /parse-error/);
  assert.match(r.stdout, /unknown-annotation/);
});

test('lint: --fix --dry-run prints a unified diff and writes nothing', async () => {
  const before = readFileSync(`${F}/nats.yaml`, 'utf8');
  const r = await golden('lint/fix-dry-run', ['lint', '--fix', '--dry-run', `${F}/nats.yaml`]);
  assert.match(r.stdout, /^--- a\/test\/golden\/lint\/fixtures\/nats\.yaml\n\+\+\+ b\//);
  assert.equal(readFileSync(`${F}/nats.yaml`, 'utf8'), before);
});

test('lint: --fix with stdin prints the fixed stream; linting it again finds nothing fixable', async () => {
  const r = await golden('lint/fix-stdin', ['lint', '--fix', '-'], { input: readFileSync(`${F}/helm-stream.yaml`) });
  assert.match(r.stdout, /config\.linkerd\.io\/opaque-ports: "143"/);
  const again = await runMain(['lint', '-', '--format', 'json'], { input: r.stdout });
  const left = (JSON.parse(again.stdout) as { findings: Array<{ ruleId: string }> }).findings;
  assert.deepEqual(left.map((f) => f.ruleId), []);
  assert.equal(again.code, 0);
});

test('lint: config file sets the version and rule levels', async () => {
  const r = await golden('lint/config', ['lint', '--config', `${F}/protocheck-config.yaml`, `${F}/nats.yaml`]);
  assert.doesNotMatch(r.stdout, /annotation-misplaced/);
  assert.match(r.stdout, /Linkerd 2\.13-2\.17/);
  const flag = await runMain(['lint', '--config', `${F}/protocheck-config.yaml`, '--linkerd', '2.18', `${F}/nats.yaml`]);
  assert.match(flag.stdout, /app-protocol-opaque/, '--linkerd wins over the config');
});

test('lint: usage and input errors are one line with exit 2', async () => {
  for (const [name, args] of [
    ['no-paths', ['lint']],
    ['missing-file', ['lint', 'no/such/file.yaml']],
    ['bad-format', ['lint', '--format', 'xml', `${F}/nats.yaml`]],
    ['dry-run-alone', ['lint', '--dry-run', `${F}/nats.yaml`]],
    ['bad-config', ['lint', '--config', 'no/such/config.yaml', `${F}/nats.yaml`]],
    ['bad-version', ['lint', '--linkerd', '1.2', `${F}/nats.yaml`]],
  ] as const) {
    const r = await golden(`lint/error-${name}`, args);
    assert.equal(r.code, 2, name);
    assert.equal(r.stdout, '', name);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${name}: no stack trace`);
  }
});

test('rules: the list, one rule page, and an unknown id', async () => {
  const l = await golden('lint/rules-list', ['rules']);
  assert.equal(l.code, 0);
  const one = await golden('lint/rules-one', ['rules', 'invalid-port-list']);
  assert.equal(one.code, 0);
  // Rendered for the terminal (test/lint/rules-page.test.ts); --markdown prints the file itself.
  assert.equal((await runMain(['rules', 'invalid-port-list', '--markdown'])).stdout, readFileSync('docs/rules/invalid-port-list.md', 'utf8'));
  const j = await runMain(['rules', '--json']);
  assert.equal((JSON.parse(j.stdout) as { rules: unknown[] }).rules.length, 19, '14 Linkerd rules and 5 Istio rules');
  const bad = await golden('lint/rules-unknown', ['rules', 'nope']);
  assert.equal(bad.code, 2);
});

test('rules: a borderless table, severities colored unless --no-color; --help has examples', async () => {
  const colored = await runMain(['rules'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
  assert.match(colored.stdout, /\u001b\[31merror\u001b\[39m/);
  const plain = await runMain(['rules', '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
  assert.doesNotMatch(plain.stdout, /\u001b/);
  assert.doesNotMatch(plain.stdout, /[│─┌┐└┘├┤┼]/, 'no box-drawing borders');
  assert.match(plain.stdout, /^RULE {2,}SEVERITY {2,}FIX {2,}WHAT IT FINDS\n/);
  assert.ok(plain.stdout.split('\n').every((l) => l === l.trimEnd()), 'no trailing spaces');
  const help = await runMain(['rules', '--help']);
  assert.match(help.stdout, /Examples:\n {2}protocheck rules\b[\s\S]*protocheck rules --json/);
});

test('lint --json is --format json; with another --format it is a usage error', async () => {
  const f = 'test/lint/corpus/23-nats-statefulset-headless.yaml';
  const a = await runMain(['lint', '--json', f]);
  const b = await runMain(['lint', '--format', 'json', f]);
  assert.equal(a.code, 1);
  assert.equal(a.stdout, b.stdout);
  assert.ok(Array.isArray((JSON.parse(a.stdout) as { findings: unknown[] }).findings));
  assert.equal((await runMain(['lint', '--json', '--format', 'json', f])).stdout, b.stdout);
  const bad = await runMain(['lint', '--json', '--format', 'sarif', f]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.equal(bad.stderr, 'protocheck: --json conflicts with --format sarif (--json is --format json)\n');
});

test('lint: .protocheck.yaml is found upward from the working directory; ignore globs apply', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'protocheck-cfg-'));
  try {
    writeFileSync(join(root, '.protocheck.yaml'), 'rules:\n  unknown-annotation: warning\nignore:\n  - k8s/vendor/**\n');
    mkdirSync(join(root, 'k8s', 'vendor'), { recursive: true });
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {config.linkerd.io/opaque-prts: "1"}\nspec: {containers: []}\n';
    writeFileSync(join(root, 'k8s', 'a.yaml'), pod);
    writeFileSync(join(root, 'k8s', 'vendor', 'b.yaml'), pod);
    const r = await runMain(['lint', '.', '--format', 'json'], { cwd: join(root, 'k8s') });
    const j = JSON.parse(r.stdout) as { findings: Array<{ file: string; severity: string }>; summary: { files: number } };
    assert.equal(j.summary.files, 1, 'vendor/ is ignored');
    assert.deepEqual(j.findings.map((f) => `${f.file} ${f.severity}`), ['a.yaml warning']);
    assert.equal(r.code, 0, 'a warning does not fail the default --fail-on error');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lint: directories recurse into .yaml/.yml/.json only, survive symlink loops and dangling links', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'protocheck-walk-'));
  try {
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'a', 'x.yml'), 'kind: ConfigMap\n');
    writeFileSync(join(root, 'a', 'b', 'y.json'), '{"kind": "ConfigMap"}\n');
    writeFileSync(join(root, 'a', 'notes.txt'), 'not yaml: [\n');
    symlinkSync(join(root, 'a'), join(root, 'a', 'b', 'loop'));
    symlinkSync(join(root, 'missing'), join(root, 'a', 'dangling.yaml'));
    const r = await runMain(['lint', 'a', '--format', 'json'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { summary: { files: number } }).summary.files, 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lint --fix writes the files in place; a second lint finds nothing fixable', async () => {
  const { mkdtempSync, copyFileSync, rmSync, readdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'protocheck-fixcli-'));
  try {
    copyFileSync(`${F}/nats.yaml`, join(root, 'nats.yaml'));
    copyFileSync(`${F}/helm-stream.yaml`, join(root, 'mail.yaml'));
    const r = await runMain(['lint', '--fix', '.'], { cwd: root });
    assert.match(r.stderr, /fixed mail\.yaml/);
    assert.match(r.stderr, /fixed nats\.yaml/);
    assert.match(readFileSync(join(root, 'nats.yaml'), 'utf8'), /# ignored here: not the pod template/, 'comments are kept');
    assert.deepEqual(readdirSync(root).sort(), ['mail.yaml', 'nats.yaml'], 'no temporary files are left');
    const again = await runMain(['lint', '.', '--format', 'json'], { cwd: root });
    const left = (JSON.parse(again.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId).sort();
    assert.deepEqual(left, ['annotation-misplaced', 'app-protocol-opaque'], 'only findings --fix does not apply remain');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lint --help', async () => {
  assert.equal((await golden('lint/help', ['lint', '--help'])).code, 0);
});

test('lint --format sarif: helpUri base from --docs-url, else from the config docsUrl; the rule pages are embedded', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  type Sarif = { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string; help: { markdown: string } }> } } }> };
  const rulesOf = (stdout: string) => (JSON.parse(stdout) as Sarif).runs[0]!.tool.driver.rules;
  const root = mkdtempSync(join(tmpdir(), 'protocheck-docsurl-'));
  try {
    writeFileSync(join(root, 'cfg.yaml'), 'docsUrl: https://config.example/rules\n');
    const fromConfig = await runMain(['lint', '--config', join(root, 'cfg.yaml'), '--format', 'sarif', `${F}/nats.yaml`]);
    assert.equal(fromConfig.code, 1);
    for (const r of rulesOf(fromConfig.stdout)) {
      assert.equal(r.helpUri, `https://config.example/rules/${r.id}.md`);
      assert.ok(r.help.markdown.startsWith(readFileSync(`docs/rules/${r.id}.md`, 'utf8').trim()), `${r.id}: the page is embedded`);
    }
    const fromFlag = await runMain(['lint', '--config', join(root, 'cfg.yaml'), '--docs-url', 'https://flag.example/r/', '--format', 'sarif', `${F}/nats.yaml`]);
    assert.ok(rulesOf(fromFlag.stdout).every((r) => r.helpUri === `https://flag.example/r/${r.id}.md`), '--docs-url wins over the config');
    const bad = await runMain(['lint', '--docs-url', 'docs/rules', `${F}/nats.yaml`]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    assert.match(bad.stderr, /--docs-url not an absolute URL/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lint: a Rollout whose workloadRef is not in the input gets a note on stderr, not a finding', async () => {
  const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n';
  for (const format of ['text', 'json', 'sarif', 'github']) {
    const r = await runMain(['lint', '-', '--format', format], { input: text });
    assert.equal(r.code, 0, format);
    assert.equal(r.stderr, "protocheck: note: Rollout/r takes its pod template from Deployment/web (workloadRef), which is not in the input; add it to lint the Rollout's pods\n", format);
    assert.doesNotMatch(r.stdout, /workloadRef/, `${format}: stdout carries results only`);
  }
});

test('lint DIR: a Helm chart\'s templates/ is skipped with a note; a template named on the command line is still read', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'protocheck-chart-'));
  try {
    mkdirSync(join(root, 'chart', 'templates'), { recursive: true });
    writeFileSync(join(root, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: mail\nversion: 0.1.0\n');
    writeFileSync(join(root, 'chart', 'values.yaml'), 'port: 2525\n');
    writeFileSync(join(root, 'chart', 'templates', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    {{- toYaml .Values.a | nindent 4 }}\n');
    // A templates/ directory outside a chart is ordinary manifests.
    mkdirSync(join(root, 'k8s', 'templates'), { recursive: true });
    writeFileSync(join(root, 'k8s', 'templates', 'p.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: m, ports: [{name: smtp, containerPort: 2525}]}]}\n');
    const r = await runMain(['lint', '.', '--format', 'json'], { cwd: root });
    const j = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string }>; summary: { files: number } };
    assert.deepEqual(j.findings.map((f) => `${f.ruleId} ${f.file}`), ['server-first-port-not-opaque k8s/templates/p.yaml']);
    assert.equal(j.summary.files, 3, 'Chart.yaml, values.yaml and the manifest');
    assert.equal(r.stderr, 'protocheck: note: chart/templates/ skipped: Helm chart templates are linted once rendered (helm template chart | protocheck lint -)\n');
    const named = await runMain(['lint', 'chart/templates/pod.yaml'], { cwd: root });
    assert.equal(named.code, 1);
    assert.match(named.stdout, /parse-error .*\{\{ \}\} template syntax/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lint: UTF-16 files (with a BOM) are read, and --fix writes them back in UTF-16', async () => {
  const { mkdtempSync, writeFileSync, readFileSync: read, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'protocheck-utf16-'));
  try {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: m\r\n    ports:\r\n    - name: smtp\r\n      containerPort: 2525\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const [name, bytes] of [['le.yaml', le], ['be.yaml', be]] as const) {
      const f = join(root, name);
      writeFileSync(f, bytes);
      const r = await runMain(['lint', f, '--format', 'json']);
      const j = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; line: number; port: number }> };
      assert.deepEqual(j.findings.map((x) => `${x.ruleId} ${x.line} ${x.port}`), ['server-first-port-not-opaque 9 2525'], name);
      assert.equal((await runMain(['lint', '--fix', f])).code, 0, `${name}: fixed`);
      const after = read(f);
      assert.deepEqual([...after.subarray(0, 2)], [...bytes.subarray(0, 2)], `${name}: the BOM is kept`);
      const back = Buffer.from(after);
      if (name === 'be.yaml') back.swap16();
      assert.match(back.subarray(2).toString('utf16le'), /\r\n  annotations:\r\n    config\.linkerd\.io\/opaque-ports: "2525"\r\n/, `${name}: UTF-16, CRLF kept`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lint: user bytes in its own stderr lines are escaped (paths, --docs-url, notes from the manifest)', async () => {
  const ESC = '\u001b[31m';
  const path = await runMain(['lint', `/nonexistent${ESC}`]);
  assert.equal(path.code, 2);
  assert.equal(path.stderr, 'protocheck: cannot read /nonexistent\\x1b[31m: no such file\n');
  const url = await runMain(['lint', '--docs-url', `x${ESC}`, `${F}/nats.yaml`]);
  assert.equal(url.stderr, 'protocheck: --docs-url not an absolute URL: "x\\x1b[31m"\n');
  const note = await runMain(['lint', '-'], { input: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: "r\\e[2J"}\nspec: {workloadRef: {kind: Deployment, name: web}}\n' });
  assert.match(note.stderr, /^protocheck: note: Rollout\/r\\x1b\[2J takes its pod template/);
  assert.doesNotMatch(note.stderr, /\u001b/);
});
