import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsReason, readBounded, readInputFile } from '../src/input-file.js';
import { InputError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'protocheck-input-'));

test('readBounded stops after maxBytes, so an endless file cannot exhaust memory', async () => {
  const r = await readBounded('/dev/zero', 1000);
  assert.equal(r.bytes.length, 1000);
  assert.equal(r.more, true);
  writeFileSync(join(dir, 'small'), 'abc');
  assert.deepEqual(await readBounded(join(dir, 'small'), 1000), { bytes: Buffer.from('abc'), more: false });
});

test('readInputFile names the file and the reason in one line, escaped', async () => {
  await assert.rejects(readInputFile(join(dir, 'missing'), 'missing\x1b[2J', '--targets-file', 10), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.message, '--targets-file: cannot read missing\\x1b[2J: no such file');
    return true;
  });
  await assert.rejects(readInputFile(dir, 'd', '--send', 10), /--send: cannot read d: is a directory/);
  await assert.rejects(readInputFile('/dev/zero', '/dev/zero', '--send', 10), /--send: \/dev\/zero is larger than 10 bytes/);
});

test('fsReason never returns a bare error code', () => {
  assert.equal(fsReason({ code: 'EACCES' }), 'permission denied');
  assert.equal(fsReason(new Error('ENOSPC: no space left on device')), 'no space left on device');
});
