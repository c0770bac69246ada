/**
 * .pre-commit-hooks.yaml with the real pre-commit (Debian package `pre-commit`): a throwaway hook
 * repository holding the file, a throwaway project using it (protocheck on PATH, as
 * `language: system` expects), offline. The hook lints the staged manifests only, blocks a commit
 * with findings, passes a clean one, and leaves dot-files and non-manifests alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, REPO_ROOT } from './helpers/golden.js';
import { realServersRequired } from './helpers/real-servers.js';

const hasPreCommit = spawnSync('sh', ['-c', 'command -v pre-commit']).status === 0;

test('pre-commit runs protocheck lint on the staged manifests', { skip: !hasPreCommit && !realServersRequired() ? 'pre-commit is not installed (apt-get install pre-commit)' : false, timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-pre-commit-'));
  try {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, 'protocheck'));
    const env = {
      PATH: [bin, dirname(process.execPath), process.env['PATH'] ?? '/usr/bin:/bin'].join(':'),
      HOME: dir,
      PRE_COMMIT_HOME: join(dir, 'cache'),
      GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid',
      GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1',
    };
    const sh = (cwd: string, cmd: string) => spawnSync('sh', ['-c', cmd], { cwd, env, encoding: 'utf8', timeout: 120_000 });
    const ok = (cwd: string, cmd: string) => {
      const r = sh(cwd, cmd);
      assert.equal(r.status, 0, `${cmd}: ${r.stdout}${r.stderr}`);
      return r.stdout;
    };

    // The hook repository: this project's .pre-commit-hooks.yaml, committed.
    const hooks = join(dir, 'hooks');
    mkdirSync(hooks);
    copyFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), join(hooks, '.pre-commit-hooks.yaml'));
    ok(hooks, 'git init -q -b main && git add . && git commit -qm hooks');
    const rev = ok(hooks, 'git rev-parse HEAD').trim();

    // The project using it.
    const project = join(dir, 'project');
    mkdirSync(join(project, 'k8s'), { recursive: true });
    writeFileSync(join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: protocheck-lint\n`);
    ok(project, 'git init -q -b main && git add .pre-commit-config.yaml && git commit -qm init && pre-commit install');

    // A clean manifest and a non-manifest YAML: the commit goes through.
    copyFileSync(join(REPO_ROOT, 'test', 'lint', 'corpus', '02-k8s-examples-mysql-pod-service.yaml'), join(project, 'k8s', 'mysql.yaml'));
    writeFileSync(join(project, 'values.yaml'), 'replicas: 3\n');
    // An untracked manifest with findings is not staged: the hook does not see it.
    copyFileSync(join(REPO_ROOT, 'test', 'lint', 'corpus', '23-nats-statefulset-headless.yaml'), join(project, 'untracked-nats.yaml'));
    const clean = sh(project, 'git add k8s/mysql.yaml values.yaml && git commit -m clean');
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout + clean.stderr, /protocheck lint\.+Passed/);

    // A staged manifest with a server-first port that is not opaque: the commit is refused, with the finding.
    copyFileSync(join(REPO_ROOT, 'test', 'lint', 'corpus', '23-nats-statefulset-headless.yaml'), join(project, 'k8s', 'nats.yaml'));
    const bad = sh(project, 'git add k8s/nats.yaml && git commit -m nats');
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    const out = bad.stdout + bad.stderr;
    assert.match(out, /protocheck lint\.+Failed/);
    assert.match(out, /- exit code: 1/);
    assert.match(out, /k8s\/nats\.yaml/);
    assert.match(out, /server-first-port-not-opaque/);
    assert.doesNotMatch(out, /untracked-nats\.yaml|mysql\.yaml/, 'only the staged files are linted');
    assert.equal(ok(project, 'git log --oneline | wc -l').trim(), '2');

    // A dot-file YAML (a config, not a manifest) is not passed to the hook.
    writeFileSync(join(project, '.protocheck.yaml'), 'rules:\n  undeclared-port: off\n');
    const dot = sh(project, 'git reset -q k8s/nats.yaml && git add .protocheck.yaml && pre-commit run');
    assert.equal(dot.status, 0, dot.stdout + dot.stderr);
    assert.match(dot.stdout, /protocheck lint\.+\(no files to check\)Skipped/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
