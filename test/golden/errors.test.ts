/**
 * Exit codes and error messages of every command, as a CI user meets them: one golden per case
 * under test/golden/errors/. An error is exit 2 with nothing on stdout and one line on stderr
 * (plus at most one "  hint:" line), never a stack trace, and user-typed bytes are escaped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, REPO_ROOT, goldenProcess as golden, runCli, type RunResult } from '../helpers/golden.js';

const ESC = '\x1b[31m';
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

const scratch = mkdtempSync(join(tmpdir(), 'protocheck-errors-'));
const emptyDir = join(scratch, 'empty');
mkdirSync(emptyDir);
const notPcap = join(scratch, 'not-a-capture.pcap');
writeFileSync(notPcap, 'this is text, not a capture\n');
/** Temp paths differ per run: the goldens show <tmp>/. */
const normalize = (s: string) => s.split(scratch).join('<tmp>');

function assertUsageError(r: RunResult, what: string): void {
  assert.equal(r.code, 2, `${what}: exit code`);
  assert.equal(r.stdout, '', `${what}: nothing on stdout`);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.ok(lines.length >= 1 && lines.length <= 2, `${what}: one line (plus a hint), got ${JSON.stringify(r.stderr)}`);
  assert.match(lines[0] ?? '', /^protocheck: \S/, `${what}: starts with "protocheck: "`);
  if (lines.length === 2) assert.match(lines[1] ?? '', /^ {2}hint: /, `${what}: second line is a hint`);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error|Error:/, `${what}: no stack trace`);
  assert.doesNotMatch(r.stderr, RAW_CONTROL, `${what}: control bytes escaped`);
}

/** [golden name, argv, stdin?] — each is exit 2 with one line on stderr. */
const USAGE_ERRORS: ReadonlyArray<readonly [string, readonly string[], string?]> = [
  // top level
  ['main-mistyped-command', ['detekt', '--hex', '']],
  // detect
  ['detect-no-input', ['detect']],
  ['detect-two-inputs', ['detect', '--text', 'a', '--hex', '61']],
  ['detect-missing-file', ['detect', join(scratch, 'missing.bin')]],
  ['detect-directory', ['detect', emptyDir]],
  ['detect-bad-hex', ['detect', '--hex', '0x16']],
  ['detect-odd-hex', ['detect', '--hex', '160']],
  ['detect-bad-text-escape', ['detect', '--text', `\\q`]],
  ['detect-bad-linkerd', ['detect', '--text', 'a', '--linkerd', '3.0']],
  ['detect-json-bad-hex', ['detect', '--hex', 'zz', '--json']],
  ['detect-too-many-args', ['detect', 'a', 'b']],
  // suggest
  ['suggest-no-ports', ['suggest']],
  ['suggest-port-zero', ['suggest', '0']],
  ['suggest-protocol-escaped', ['suggest', `3306/${ESC}`]],
  ['suggest-workload-escaped', ['suggest', '3306', '--workload', `deploy/${ESC}x`]],
  ['suggest-two-protocols-one-port', ['suggest', '3306/mysql', '3306/smtp']],
  ['suggest-json-and-format-yaml', ['suggest', '4222/nats', '--json', '--format', 'yaml']],
  ['suggest-bad-server-name', ['suggest', '4222/nats', '--server', 'Bad_Name']],
  ['suggest-bad-linkerd-json', ['suggest', '4222/nats', '--linkerd', 'bogus', '--json']],
  ['suggest-bad-service-ports-target', ['suggest', '4222/nats', '--service', 'nats', '--service-ports', '4222:']],
  ['suggest-bad-egress-network', ['suggest', '4222/nats', '--external', '--egress-network', 'ns/name/extra']],
  // protocols
  ['protocols-unknown-id-escaped', ['protocols', `${ESC}mysql`]],
  ['protocols-bad-port', ['protocols', '--port', '70000']],
  ['protocols-empty-image', ['protocols', '--image', '']],
  // lint
  ['lint-no-paths', ['lint']],
  ['lint-missing-file', ['lint', join(scratch, 'missing.yaml')]],
  ['lint-empty-directory', ['lint', emptyDir]],
  ['lint-bad-fail-on', ['lint', '--fail-on', 'sometimes', 'test/lint/corpus']],
  ['lint-dry-run-without-fix', ['lint', '--dry-run', 'test/lint/corpus']],
  // rules
  ['rules-unknown-rule', ['rules', 'no-such-rule']],
  ['rules-too-many-args', ['rules', 'a', 'b']],
  // capture
  ['capture-no-file', ['capture']],
  ['capture-missing-file', ['capture', join(scratch, 'missing.pcap')]],
  ['capture-directory', ['capture', emptyDir]],
  ['capture-not-pcap', ['capture', notPcap]],
  ['capture-empty-stdin', ['capture', '-'], ''],
  ['capture-bad-max-flows', ['capture', '--max-flows', '-1', 'test/capture/fixtures/smtp.pcap']],
  ['capture-bad-cluster-networks', ['capture', '--cluster-networks', '10.0.0.0/33', 'test/capture/fixtures/smtp.pcap']],
  // probe (nothing is sent: every case fails before connecting)
  ['probe-no-targets', ['probe']],
  ['probe-empty-stdin', ['probe', '-'], ''],
  ['probe-port-zero', ['probe', '127.0.0.1:0']],
  ['probe-bad-range', ['probe', '127.0.0.1:1-70000']],
  ['probe-bad-wait', ['probe', '127.0.0.1:9', '--wait', 'soon']],
  ['probe-bad-send', ['probe', '127.0.0.1:9', '--send', 'zz']],
  ['probe-bad-concurrency', ['probe', '127.0.0.1:9', '--concurrency', '0']],
  // demo
  ['demo-extra-argument', ['demo', 'extra']],
  ['demo-bad-wait', ['demo', '--wait', 'x']],
];

for (const [name, args, input] of USAGE_ERRORS) {
  test(`golden error ${name}: exit 2, one line on stderr, nothing on stdout`, () => {
    const r = golden(`errors/${name}`, args, { normalize, ...(input === undefined ? {} : { input }) });
    assertUsageError(r, name);
  });
}

test('golden detect-control-bytes: bytes from --text are shown escaped (exit 0)', () => {
  const r = golden('errors/detect-control-bytes', ['detect', '--text', '\\x1b]0;title\\x07\\x1b[2J\\x9b']);
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stdout, RAW_CONTROL);
  assert.match(r.stdout, /hex 1b 5d 30 3b/);
});

test('golden detect-endless-input: /dev/zero is read up to 1 MiB with a warning, not until memory runs out', { skip: process.platform === 'win32' }, () => {
  const r = golden('errors/detect-endless-input', ['detect', '/dev/zero', '--json'], { timeoutMs: 20_000 });
  assert.equal(r.code, 0);
  assert.equal((JSON.parse(r.stdout) as { length: number }).length, 1 << 20);
  assert.equal(r.stderr, 'protocheck: warning: the input is longer than 1048576 bytes; using the first 1048576 (the proxy examines at most 8197)\n');
});

test('golden detect-empty-stdin: an empty first read is a verdict, not an error (exit 0)', () => {
  const r = golden('errors/detect-empty-stdin', ['detect', '-'], { input: '' });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /First read {3}0 bytes from stdin/);
  assert.equal(r.stderr, '');
});

test('golden suggest-patch-newline-escaped: a newline in --existing-opaque cannot start a shell line in --format patch', () => {
  const r = golden('errors/suggest-patch-newline-escaped', ['suggest', '3306/mysql', '--workload', 'deploy/db', '-n', 'shop', '--existing-opaque', '8080\ntouch /tmp/pwned', '--format', 'patch']);
  assert.equal(r.code, 1);
  for (const line of r.stdout.split('\n').filter((l) => l !== '')) assert.match(line, /^(#|kubectl )/, `every line is a comment or a kubectl command: ${line}`);
  assert.doesNotMatch(r.stdout + r.stderr, RAW_CONTROL);
});

test('golden suggest-yaml-newline-escaped: a newline in --existing-opaque cannot start a YAML line', () => {
  const r = golden('errors/suggest-yaml-newline-escaped', ['suggest', '3306/mysql', '--workload', 'deploy/db', '-n', 'shop', '--existing-opaque', '8080\nkind: Secret', '--format', 'yaml']);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout, /^kind: Secret/m);
  assert.doesNotMatch(r.stdout, RAW_CONTROL);
});

test('golden suggest-duplicate-port: a port given twice is reported once (exit 0, nothing to change)', () => {
  const r = golden('errors/suggest-duplicate-port', ['suggest', '3306', '3306/mysql']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.match(/meshed clients:/g)?.length, 2, 'one line per client kind, not per repeat');
});

test('golden suggest-external-ignored-options: server-side options with --external are named in one warning', () => {
  const r = golden('errors/suggest-external-ignored-options', ['suggest', '4222/nats', '--external', '--workload', 'deploy/api', '--service', 'nats', '--server', 'nats', '--format', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'protocheck: warning: --service, --server: ignored with --external (they describe the server side; --workload is then the client)\n');
  assert.deepEqual((JSON.parse(r.stdout) as Array<{ rule: string }>).map((x) => x.rule), ['client-skip-outbound']);
});

test('golden protocols-lookup-none: a lookup that finds nothing is exit 1 with a sentence on stdout', () => {
  const r = golden('errors/protocols-lookup-none', ['protocols', '--port', '12345']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^No protocol in the knowledge base matches\.\n$/);
});

test('golden probe-refused: no target reachable is exit 2, the table on stdout, one line on stderr', () => {
  const r = golden('errors/probe-refused', ['probe', '127.0.0.1:1', '--wait', '200ms', '--connect-timeout', '1s']);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /127\.0\.0\.1:1 +refused/);
  assert.equal(r.stderr, 'protocheck: no target could be reached (127.0.0.1:1 refused)\n');
});

test('without NO_COLOR, piped output has no colors in any command (suggest forced them before)', () => {
  for (const args of [['suggest', '4222/nats'], ['detect', '--text', 'GET /'], ['protocols', 'nats'], ['lint', 'test/lint/corpus'], ['rules']]) {
    const r = runCli(args, { env: { NO_COLOR: '' } });
    assert.doesNotMatch(r.stdout, /\x1b\[/, `${args.join(' ')}: no escape sequences in a pipe`);
  }
  const forced = runCli(['suggest', '4222/nats'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
  assert.match(forced.stdout, /\x1b\[1m/, 'FORCE_COLOR=1 still colors');
  const off = runCli(['suggest', '4222/nats', '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
  assert.doesNotMatch(off.stdout, /\x1b\[/, '--no-color wins over FORCE_COLOR');
});

test('golden error main-unknown-option: exit 2, nothing on stdout', () => {
  const r = golden('errors/main-unknown-option', ['detect', '--hexx', '00']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^protocheck: unknown option '--hexx'\n/);
});

test('an unknown option\'s "did you mean" is a hint line like every other hint', () => {
  assertUsageError(runCli(['detect', '--hexx', '00']), 'unknown option');
});

// User bytes in error messages reach the terminal escaped (main.ts escapes every error it prints).
for (const [name, args] of [
  ['unknown option', ['detect', `--x${ESC}`]],
  ['bad --linkerd (commander prefix)', ['detect', '--text', 'a', '--linkerd', ESC]],
  ['rules id', ['rules', ESC]],
  ['probe target', ['probe', `${ESC}h:1`]],
  ['lint path', ['lint', `/nonexistent${ESC}`]],
  ['capture path', ['capture', `/nonexistent${ESC}`]],
] as const) {
  test(`user bytes in error messages are escaped: ${name}`, () => {
    assertUsageError(runCli(args), name);
  });
}

test('a reader that stops early (| head) ends the output quietly, without an EPIPE stack trace', { skip: process.platform === 'win32' }, () => {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" lint --format sarif test/lint/corpus | head -c 10 >/dev/null`], { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } });
  assert.doesNotMatch(r.stderr, /EPIPE|Unhandled 'error' event/);
});
