import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../src/main.js';
import { memoryIo } from '../src/io.js';
import { packageVersion } from '../src/version.js';

test('--version prints the package version and exits 0', async () => {
  const io = memoryIo();
  assert.equal(await main(['--version'], io), 0);
  assert.equal(io.out().trim(), packageVersion());
  assert.match(packageVersion(), /^\d+\.\d+\.\d+/);
});

test('an unknown option is a one-line usage error with exit 2', async () => {
  const io = memoryIo();
  assert.equal(await main(['--no-such-option'], io), 2);
  assert.equal(io.out(), '');
  assert.equal(io.err().trim().split('\n').length, 1);
  assert.match(io.err(), /unknown option/);
});

test('--help lists every command', async () => {
  const io = memoryIo();
  assert.equal(await main(['--help'], io), 0);
  for (const name of ['probe', 'detect', 'suggest', 'lint', 'rules', 'capture', 'protocols', 'demo']) {
    assert.match(io.out(), new RegExp(`\\b${name}\\b`));
  }
});
