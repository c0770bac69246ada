/**
 * lint and kustomization directories: rendered with `kustomize build` or `kubectl kustomize` when one
 * is on PATH (a note names it), else the files are linted with a note; --fix never renders. Dot-files
 * are not read by the walk; a file without a Kubernetes object counts 0 objects. The renderer is the
 * real kubectl (skipped, loudly, where none is installed); expected positions come from rendering the
 * same directory with the same kubectl, so another kustomize version's layout does not matter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/golden.js';

interface Json { findings: Array<{ ruleId: string; file: string; line: number; column: number; port: number | string | null; object: { kind: string; namespace?: string; name: string } }>; summary: { files: number; documents: number; objects: number } }

const dir = mkdtempSync(join(tmpdir(), 'protocheck-kustomize-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const noKubectl = kubectl === '' ? 'kubectl is not installed (the render path needs kustomize or kubectl)' : false;

// k8s/overlay: a kustomization that puts the NATS StatefulSet and Service into namespace messaging.
const root = join(dir, 'k8s');
const overlay = join(root, 'overlay');
mkdirSync(overlay, { recursive: true });
copyFileSync(join(REPO_ROOT, 'test', 'lint', 'corpus', '23-nats-statefulset-headless.yaml'), join(overlay, 'nats.yaml'));
writeFileSync(join(overlay, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: messaging\nresources:\n  - nats.yaml\n');
// Dot-files next to it: a config and a hidden directory with a manifest; neither is read by the walk.
writeFileSync(join(root, '.protocheck.yaml'), 'rules:\n  undeclared-port: error\n');
mkdirSync(join(root, '.hidden'));
copyFileSync(join(REPO_ROOT, 'test', 'lint', 'corpus', '24-mailu-smtp-deployment.yaml'), join(root, '.hidden', 'smtp.yaml'));
// A values file: YAML without a Kubernetes object.
writeFileSync(join(root, 'values.yaml'), 'replicas: 3\nimage: nats\n');
// A kustomization whose resource is missing: the render fails.
const broken = join(dir, 'broken');
mkdirSync(broken);
writeFileSync(join(broken, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');

/** A PATH with only these executables (node is run by absolute path). */
function pathWith(name: string, links: Record<string, string>): string {
  const bin = join(dir, `path-${name}`);
  mkdirSync(bin, { recursive: true });
  for (const [exe, script] of Object.entries(links)) {
    writeFileSync(join(bin, exe), script);
    chmodSync(join(bin, exe), 0o755);
  }
  return bin;
}
const kubectlPath = () => pathWith('kubectl', { kubectl: `#!/bin/sh\nexec '${kubectl}' "$@"\n` });
const emptyPath = () => pathWith('empty', {});

function lint(args: string[], PATH: string) {
  const r = runCli(['lint', '--json', ...args], { cwd: dir, env: { PATH } });
  return { ...r, json: r.stdout === '' ? undefined : (JSON.parse(r.stdout) as Json) };
}

/** 1-based lines of `- containerPort: PORT` in the rendered overlay (where the port findings point). */
function renderedLines(): Map<number, number> {
  const r = spawnSync(kubectl, ['kustomize', overlay], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return containerPortLines(r.stdout);
}

function containerPortLines(text: string): Map<number, number> {
  const out = new Map<number, number>();
  text.split('\n').forEach((l, i) => {
    const m = /^\s*- containerPort: (\d+)$/.exec(l);
    if (m) out.set(Number(m[1]), i + 1);
  });
  return out;
}

test('kubectl kustomize renders the overlay: findings on the rendered objects, with a note naming it', { skip: noKubectl }, () => {
  const r = lint(['k8s'], kubectlPath());
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, 'protocheck: note: k8s/overlay/ rendered with kubectl kustomize (positions are lines of the rendered output)\n');
  const lines = renderedLines();
  const sff = r.json!.findings.filter((f) => f.ruleId === 'server-first-port-not-opaque');
  assert.deepEqual(sff.map((f) => [f.port, f.file, f.line, f.object.namespace]).sort(), [4222, 6222, 7422].map((p) => [p, 'k8s/overlay/ (kubectl kustomize)', lines.get(p), 'messaging']).sort());
  // values.yaml (0 objects) and the rendered stream (StatefulSet, Service, ConfigMap); no dot-file read.
  assert.deepEqual(r.json!.summary.files, 2);
  assert.equal(r.json!.summary.objects, 3);
  assert.ok(!r.json!.findings.some((f) => f.file.includes('.hidden') || /smtp/i.test(f.object.name)));
});

test('kustomize build is preferred when kustomize is on PATH', { skip: noKubectl }, () => {
  // A kustomize whose "build DIR" is kubectl's embedded kustomize: protocheck must call it as "kustomize build".
  const PATH = pathWith('kustomize', { kustomize: `#!/bin/sh\n[ "$1" = build ] || exit 9\nexec '${kubectl}' kustomize "$2"\n`, kubectl: '#!/bin/sh\nexit 7\n' });
  const r = lint(['k8s/overlay'], PATH);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /note: k8s\/overlay\/ rendered with kustomize build/);
  assert.ok(r.json!.findings.every((f) => f.file === 'k8s/overlay/ (kustomize build)'));
});

test('without kustomize or kubectl the files are linted as they are, with a note', () => {
  const r = lint(['k8s'], emptyPath());
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, "protocheck: note: k8s/overlay/ not rendered (neither kustomize nor kubectl is on PATH): the kustomization's files were linted as they are, without its patches or generated names\n");
  const sff = r.json!.findings.filter((f) => f.ruleId === 'server-first-port-not-opaque');
  const lines = containerPortLines(readFileSync(join(overlay, 'nats.yaml'), 'utf8'));
  assert.deepEqual(sff.map((f) => [f.port, f.file, f.line, f.object.namespace ?? null]).sort(), [4222, 6222, 7422].map((p) => [p, 'k8s/overlay/nats.yaml', lines.get(p), null]).sort());
  assert.notEqual(lines.get(4222), undefined);
  // kustomization.yaml, nats.yaml, values.yaml; the Kustomization itself has apiVersion and kind.
  assert.equal(r.json!.summary.files, 3);
  assert.equal(r.json!.summary.objects, 4);
});

test('--fix does not render (fixes are written to the files themselves)', { skip: noKubectl }, () => {
  const r = runCli(['lint', '--fix', '--dry-run', 'k8s/overlay'], { cwd: dir, env: { PATH: kubectlPath() } });
  // What is left after the fixes is the undeclared-port warning: below --fail-on error.
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /note: k8s\/overlay\/ not rendered \(--fix writes to the files themselves\)/);
  assert.match(r.stdout, /^\+\+\+ b\/k8s\/overlay\/nats\.yaml$/m);
});

test('a kustomization that does not build is an input error naming it (exit 2, one line)', { skip: noKubectl }, () => {
  const r = lint(['broken'], kubectlPath());
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^protocheck: cannot render broken with kubectl kustomize: .*missing\.yaml/);
});

test('dot-files are not read by the walk, but are when named; a file without objects counts 0 objects', () => {
  const walk = lint(['k8s'], emptyPath());
  assert.ok(walk.json!.summary.files === 3);
  const named = lint(['k8s/.hidden/smtp.yaml'], emptyPath());
  assert.equal(named.code, 1);
  assert.ok(named.json!.findings.some((f) => f.ruleId === 'server-first-port-not-opaque' && f.port === 10025));
  const values = lint(['k8s/values.yaml'], emptyPath());
  assert.equal(values.code, 0);
  assert.deepEqual(values.json!.summary, { ...values.json!.summary, files: 1, documents: 1, objects: 0 });
  assert.match(values.stderr, /no Kubernetes objects in the input/);
});
