// Input robustness of `protocheck lint`: bounded reads (/dev/zero, a never-ending FIFO), non-text files,
// inputs with no Kubernetes object, and one wording for file-system failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runMain } from '../helpers/golden.js';
import { decodeWithEncoding } from '../../src/lint/load.js';
import { parseSource } from '../../src/lint/parse.js';

const unix = process.platform !== 'win32';
const scratch = mkdtempSync(join(tmpdir(), 'protocheck-lint-input-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

test('lint /dev/zero is one input error naming it, exit 2, without reading it all', { skip: !unix }, async () => {
  const r = await runMain(['lint', '/dev/zero'], { timeoutMs: 30_000 });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'protocheck: /dev/zero is larger than 67108864 bytes (64 MiB): not read (raise the bound with --max-input-bytes)\n');
});

test('lint --config /dev/zero is one input error (configs are bounded at 1 MiB)', { skip: !unix }, async () => {
  const ok = join(scratch, 'ok.yaml');
  writeFileSync(ok, 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n');
  const r = await runMain(['lint', '--config', '/dev/zero', ok], { timeoutMs: 30_000 });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'protocheck: config /dev/zero is larger than 1048576 bytes (1 MiB): not a protocheck config\n');
});

test('a missing config is "cannot read config X: no such file", escaped', async () => {
  const r = await runMain(['lint', '--config', 'missing\u001b[2J.yaml', '-'], { input: '' });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'protocheck: cannot read config missing\\x1b[2J.yaml: no such file\n');
});

test('a FIFO whose writer never stops is bounded: exit 2 naming it, the process ends', { skip: !unix }, async () => {
  const fifo = join(scratch, 'endless.yaml');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const writer = spawn('sh', ['-c', `yes 'a: b' > "${fifo}"`], { stdio: 'ignore' });
  try {
    const r = await runMain(['lint', '--max-input-bytes', '1M', fifo], { timeoutMs: 60_000 });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `protocheck: ${fifo} is larger than 1048576 bytes (1 MiB): not read (raise the bound with --max-input-bytes)\n`);
  } finally {
    writer.kill();
  }
});

test('binary garbage is a parse-error (NOT_TEXT), exit 1, not "No findings"', async () => {
  const f = join(scratch, 'garbage.yaml');
  // Random bytes, with a NUL and an invalid UTF-8 sequence for certain.
  writeFileSync(f, Buffer.concat([Buffer.from([0xc3, 0x28, 0x00]), randomBytes(4096)]));
  const r = await runMain(['lint', '--format', 'json', f]);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; line: number }> };
  assert.deepEqual(j.findings.map((x) => [x.ruleId, x.line]), [['parse-error', 1]]);
  assert.match(j.findings[0]!.message, /NOT_TEXT.*not a text file \(a NUL byte at offset 2\)/);
});

test('non-text detection: NUL bytes and invalid UTF-8 after a BOM; UTF-8 and UTF-16 text are text', async () => {
  assert.equal(decodeWithEncoding(Buffer.from('a: 1\n\0')).notText, 'a NUL byte at offset 5');
  assert.equal(decodeWithEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0xff])).notText, 'invalid UTF-8 at offset 6');
  assert.equal(decodeWithEncoding(Buffer.from('\ufeffkind: Service # caf\u00e9 \u{1f600}\n')).notText, undefined);
  assert.equal(decodeWithEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1\n', 'utf16le')])).notText, undefined);
  assert.equal(decodeWithEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\0', 'utf16le')])).notText, 'a NUL character at character 1');
  const p = parseSource({ file: 'x', text: '', notText: 'a NUL byte at offset 0' });
  assert.deepEqual([p.objects.length, p.problems.map((x) => [x.code, x.fatal])], [0, [['NOT_TEXT', true]]]);
});

test('text with no Kubernetes object: a stderr note, exit 0; with objects: no note', async () => {
  const values = await runMain(['lint', '-'], { input: 'replicaCount: 2\nimage: {tag: x}\n' });
  assert.equal(values.code, 0);
  assert.equal(values.stderr, 'protocheck: note: no Kubernetes objects in the input (no document has both apiVersion and kind), nothing was linted\n');
  const empty = await runMain(['lint', '-'], { input: '' });
  assert.match(empty.stderr, /no Kubernetes objects in the input/);
  const svc = await runMain(['lint', '-'], { input: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n' });
  assert.equal(svc.stderr, '');
});

test('a missing file among readable ones: "cannot read X: no such file", the rest is linted', async () => {
  const ok = join(scratch, 'svc.yaml');
  writeFileSync(ok, 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n');
  const r = await runMain(['lint', 'no/such.yaml', ok]);
  assert.equal(r.stderr, 'protocheck: cannot read no/such.yaml: no such file\n');
  assert.match(r.stdout, /No findings in 1 file/);
});
