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

test('the binary answers --version and -V like main() does (fast path), and other flags through main()', async () => {
  const { runCli } = await import('./helpers/golden.js');
  for (const flag of ['--version', '-V']) {
    const r = runCli([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${packageVersion()}\n`);
    assert.equal(r.stderr, '');
  }
  const bad = runCli(['--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option '--bogus'/);
  const help = runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: protocheck/);
});

test('a mistyped command is named as such, not parsed as a probe target', async () => {
  const io = memoryIo();
  assert.equal(await main(['lnt', 'k8s/'], io), 2);
  assert.match(io.err(), /unknown command "lnt" \(did you mean lint\?\)/);
  const target = memoryIo();
  assert.equal(await main(['db'], target), 2);
  assert.doesNotMatch(target.err(), /unknown command/);
  assert.match(target.err(), /"db"/);
});

test('no arguments at all prints the usage on stderr and exits 2', async () => {
  const io = memoryIo();
  assert.equal(await main([], io), 2);
  assert.equal(io.out(), '');
  assert.match(io.err(), /Usage: protocheck/);
});

test('a bad --linkerd version is one line naming the accepted forms', async () => {
  const io = memoryIo();
  assert.equal(await main(['detect', '--text', 'a', '--linkerd', '9.9'], io), 2);
  assert.equal(io.err(), 'protocheck: unknown Linkerd version "9.9": use latest, a stable version such as 2.14 or 2.9.3, or an edge release such as edge-25.3.2\n');
});
