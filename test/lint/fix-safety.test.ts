// `--fix` keeps the file what it was: through symbolic links, owner, group and mode kept, read-only files
// and hard links left untouched (one line each), and a file changed since it was read is never replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../helpers/golden.js';
import { FixRefused, writeAtomic } from '../../src/lint/fix-rounds.js';
import { readSource } from '../../src/lint/load.js';

const unix = process.platform !== 'win32';
const root = process.getuid?.() === 0;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nats\nspec:\n  containers: [{name: n, image: nats, ports: [{containerPort: 4222}]}]\n';
const FIXED = POD.replace('  name: nats\n', '  name: nats\n  annotations:\n    config.linkerd.io/opaque-ports: "4222"\n');

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-fix-safety-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('--fix writes through a symbolic link to its target; the link stays a link', { skip: !unix }, async () => {
  const dir = scratch();
  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real', 't.yaml'), POD);
  symlinkSync('real/t.yaml', join(dir, 'link.yaml'));
  const r = await runMain(['lint', '--fix', 'link.yaml'], { cwd: dir });
  assert.equal(r.stderr, 'protocheck: fixed link.yaml\n');
  assert.equal(r.code, 0);
  assert.ok(lstatSync(join(dir, 'link.yaml')).isSymbolicLink());
  assert.equal(readlinkSync(join(dir, 'link.yaml')), 'real/t.yaml');
  assert.equal(readFileSync(join(dir, 'real', 't.yaml'), 'utf8'), FIXED);
});

test('--fix keeps owner, group and mode (set-id bits too)', { skip: !unix || !root }, async () => {
  const dir = scratch();
  const f = join(dir, 'm.yaml');
  writeFileSync(f, POD);
  chownSync(f, 1234, 2345);
  chmodSync(f, 0o2604);
  const r = await runMain(['lint', '--fix', 'm.yaml'], { cwd: dir });
  assert.equal(r.stderr, 'protocheck: fixed m.yaml\n');
  const st = statSync(f);
  assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [1234, 2345, 0o2604]);
  assert.equal(readFileSync(f, 'utf8'), FIXED);
});

test('--fix leaves a read-only file untouched with one line (its finding stays, exit 1); --fix-read-only replaces it keeping the mode', { skip: !unix }, async () => {
  const dir = scratch();
  const f = join(dir, 'ro.yaml');
  writeFileSync(f, POD);
  chmodSync(f, 0o444);
  const before = statSync(f);
  const r = await runMain(['lint', '--fix', '--json', 'ro.yaml'], { cwd: dir });
  assert.equal(r.stderr, 'protocheck: not fixed ro.yaml: it is read-only (lint --fix-read-only replaces it anyway, keeping its mode); left untouched\n');
  assert.equal(r.code, 1);
  assert.deepEqual((JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; line: number }> }).findings.map((x) => `${x.ruleId}@${x.line}`), ['server-first-port-not-opaque@6']);
  assert.equal(readFileSync(f, 'utf8'), POD);
  assert.equal(statSync(f).mtimeMs, before.mtimeMs);
  const forced = await runMain(['lint', '--fix', '--fix-read-only', 'ro.yaml'], { cwd: dir });
  assert.equal(forced.stderr, 'protocheck: fixed ro.yaml\n');
  assert.equal(forced.code, 0);
  assert.equal(readFileSync(f, 'utf8'), FIXED);
  assert.equal(statSync(f).mode & 0o7777, 0o444);
  const usage = await runMain(['lint', '--fix-read-only', 'ro.yaml'], { cwd: dir });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--fix-read-only only works with --fix/);
});

test('--fix refuses a file with hard links (a rewrite would split them); a second name of a read file is read once', { skip: !unix }, async () => {
  const dir = scratch();
  writeFileSync(join(dir, 'h1.yaml'), POD);
  linkSync(join(dir, 'h1.yaml'), join(dir, 'h2.yaml'));
  const r = await runMain(['lint', '--fix', '.'], { cwd: dir });
  assert.equal(
    r.stderr,
    'protocheck: note: 1 name of a file already read (a symbolic or hard link), read once: h2.yaml (= h1.yaml)\n' +
      'protocheck: not fixed h1.yaml: it has 2 hard links, which a rewrite would split (the other names would keep the old text); fix it by hand or break the link (cp --remove-destination); left untouched\n',
  );
  assert.equal(r.code, 1);
  assert.equal(readFileSync(join(dir, 'h1.yaml'), 'utf8'), POD);
  assert.equal(statSync(join(dir, 'h1.yaml')).nlink, 2);
});

test('a file changed after it was read (another process appended) is not replaced: FixRefused, the appended line kept', { skip: !unix }, async () => {
  const dir = scratch();
  const f = join(dir, 'a.yaml');
  writeFileSync(f, POD);
  const read = await readSource(f, 1 << 20);
  appendFileSync(f, '# appended by another process\n');
  assert.throws(() => writeAtomic(f, FIXED, 'utf8', { expect: read.stamp! }), (e: unknown) => e instanceof FixRefused && e.message === 'it changed since it was read');
  assert.equal(readFileSync(f, 'utf8'), POD + '# appended by another process\n');
  // Same size and mtime but other content: still refused (the content is compared too).
  writeFileSync(f, POD);
  utimesSync(f, 1_000_000, 1_000_000);
  const again = await readSource(f, 1 << 20);
  writeFileSync(f, POD.replace('nats', 'NATS'));
  utimesSync(f, 1_000_000, 1_000_000);
  assert.equal(statSync(f).size, again.stamp!.size);
  assert.equal(statSync(f).mtimeMs, again.stamp!.mtimeMs);
  assert.throws(() => writeAtomic(f, FIXED, 'utf8', { expect: again.stamp! }), FixRefused);
  assert.equal(readFileSync(f, 'utf8'), POD.replace('nats', 'NATS'));
  // Unchanged: replaced.
  const fresh = await readSource(f, 1 << 20);
  writeAtomic(f, FIXED, 'utf8', { expect: fresh.stamp! });
  assert.equal(readFileSync(f, 'utf8'), FIXED);
});

test('annotations reached through an alias are read; --fix refuses that one edit, saying why, and still applies the others in the file', async () => {
  const dir = scratch();
  const text = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: apps/v1',
    '  kind: Deployment',
    '  metadata: {name: nats}',
    '  spec:',
    '    template:',
    '      metadata:',
    '        labels: {app: nats}',
    '        annotations: &pa',
    '          config.linkerd.io/skip-outbound-ports: "25"',
    '      spec:',
    '        containers: [{name: nats, image: nats, ports: [{containerPort: 4222}]}]',
    '- apiVersion: apps/v1',
    '  kind: Deployment',
    '  metadata: {name: other}',
    '  spec:',
    '    template:',
    '      metadata:',
    '        labels: {app: other}',
    '        annotations: *pa',
    '      spec:',
    '        containers: [{name: nats, image: nats, ports: [{containerPort: 4223}]}]',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: plain}',
    'spec:',
    '  containers: [{name: nats, image: nats, ports: [{containerPort: 4222}]}]',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'a.yaml'), text);
  const before = await runMain(['lint', '--json', 'a.yaml'], { cwd: dir });
  // The aliased annotations are seen: `other` carries skip-outbound-ports 25 (an outbound list, no inbound effect) and its port 4222 is found.
  assert.deepEqual((JSON.parse(before.stdout) as { findings: Array<{ ruleId: string; line: number; object: { name: string } }> }).findings.map((f) => `${f.object.name}@${f.line} ${f.ruleId}`), [
    'nats@14 server-first-port-not-opaque',
    'other@24 server-first-port-not-opaque',
    'plain@30 server-first-port-not-opaque',
  ]);
  const r = await runMain(['lint', '--fix', 'a.yaml'], { cwd: dir });
  assert.deepEqual(r.stderr.split('\n').filter((l) => l.startsWith('protocheck: cannot fix')).sort(), [
    'protocheck: cannot fix a.yaml: items.0.spec.template.metadata.annotations is anchored (&pa) and used through an alias elsewhere: editing it would change every object using it; fix it by hand; that change is left out',
    'protocheck: cannot fix a.yaml: items.1.spec.template.metadata.annotations.config.linkerd.io/opaque-ports goes through a YAML alias (*pa); fix it by hand; that change is left out',
  ]);
  assert.match(r.stderr, /protocheck: fixed a\.yaml\n/);
  const out = readFileSync(join(dir, 'a.yaml'), 'utf8');
  assert.match(out, /metadata: \{name: plain, "annotations": \{"config\.linkerd\.io\/opaque-ports": "4222"\}\}/);
  assert.match(out, /        annotations: &pa\n          config\.linkerd\.io\/skip-outbound-ports: "25"\n      spec:/, 'the anchored map is unchanged');
  assert.match(out, /        annotations: \*pa\n/);
});
