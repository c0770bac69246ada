/**
 * The kubectl plugin: package.json installs bin/protocheck also as `kubectl-protocheck`, and kubectl
 * runs any executable of that name found on PATH for `kubectl protocheck ...`. Tested with the real
 * kubectl when it is installed (plugin list, arguments and exit codes passed through); the PATH lookup
 * alone (what kubectl does) always.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, REPO_ROOT } from './helpers/golden.js';
import { packageVersion } from '../src/version.js';

const dir = mkdtempSync(join(tmpdir(), 'protocheck-kubectl-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
symlinkSync(BIN, join(dir, 'kubectl-protocheck'));
const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
// Only the plugin's directory, node's and the system's: no kubeconfig is needed for a plugin.
const env = { PATH: [dir, dirname(process.execPath), dirname(kubectl || '/usr/bin/kubectl'), '/usr/bin', '/bin'].join(':'), HOME: dir, KUBECONFIG: join(dir, 'none'), NO_COLOR: '1' };
const manifest = join(REPO_ROOT, 'test', 'lint', 'corpus', '23-nats-statefulset-headless.yaml');

test('package.json installs the CLI as kubectl-protocheck too', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.equal(pkg.bin['kubectl-protocheck'], pkg.bin['protocheck']);
});

test('an executable named kubectl-protocheck on PATH runs protocheck (the lookup kubectl does)', () => {
  const r = spawnSync('sh', ['-c', 'kubectl-protocheck --version && kubectl-protocheck lint --json "$1"', 'sh', manifest], { env, cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.stdout.startsWith(`${packageVersion()}\n{`));
});

test('kubectl protocheck ... runs the plugin with its arguments and exit code', { skip: kubectl === '' ? 'kubectl is not installed' : false }, () => {
  const list = spawnSync(kubectl, ['plugin', 'list'], { env, cwd: dir, encoding: 'utf8' });
  assert.match(list.stdout, new RegExp(`${join(dir, 'kubectl-protocheck').replace(/[/.]/g, '\\$&')}`));
  const v = spawnSync(kubectl, ['protocheck', '--version'], { env, cwd: dir, encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout, `${packageVersion()}\n`);
  const lint = spawnSync(kubectl, ['protocheck', 'lint', '--json', manifest], { env, cwd: dir, encoding: 'utf8' });
  assert.equal(lint.status, 1, lint.stderr);
  const findings = (JSON.parse(lint.stdout) as { findings: Array<{ ruleId: string; port: unknown }> }).findings;
  assert.ok(findings.some((f) => f.ruleId === 'server-first-port-not-opaque' && f.port === 4222));
  const bad = spawnSync(kubectl, ['protocheck', 'lint', '--format', 'nope', manifest], { env, cwd: dir, encoding: 'utf8' });
  assert.equal(bad.status, 2);
});
