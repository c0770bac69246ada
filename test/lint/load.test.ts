// Bounded and complete input for `protocheck lint`: stdin has a bound (--max-input-bytes), a walk reads
// regular files only and names what it skips (one note per kind, with a count), a special file named on
// the command line is read like cat, names that are not UTF-8 are linted and shown escaped, and nesting
// deeper than the bound is a parse-error found before parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runMain } from '../helpers/golden.js';
import { blankTooDeep, MAX_NESTING, nestingExceeds } from '../../src/lint/nesting.js';
import { parseSource } from '../../src/lint/parse.js';
import { showName } from '../../src/lint/load.js';
import { parseSize } from '../../src/commands/size.js';

const unix = process.platform !== 'win32';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nats\nspec:\n  containers: [{name: n, image: nats, ports: [{containerPort: 4222}]}]\n';

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-lint-load-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface JsonOut {
  findings: Array<{ ruleId: string; file: string; line: number; column: number; message: string }>;
}

test('stdin larger than --max-input-bytes: one line naming the flag, exit 2, nothing linted', async () => {
  const r = await runMain(['lint', '--max-input-bytes', '1K', '-'], { input: Buffer.alloc(5000, 0x61) });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'protocheck: standard input is larger than 1024 bytes: not read (raise the bound with --max-input-bytes)\n');
  const fits = await runMain(['lint', '--max-input-bytes', '1K', '--json', '-'], { input: POD });
  assert.equal(fits.code, 1);
  assert.deepEqual((JSON.parse(fits.stdout) as JsonOut).findings.map((f) => f.ruleId), ['server-first-port-not-opaque']);
  const bad = await runMain(['lint', '--max-input-bytes', '12X', '-']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-input-bytes 12X: not a size/);
});

test('parseSize reads byte counts and K/M/G (powers of 1024); anything else is not a size', async () => {
  assert.deepEqual(['1', '1K', '64M', '1G', '2MiB', '10kb'].map(parseSize), [1, 1024, 64 * 1024 ** 2, 1024 ** 3, 2 * 1024 ** 2, 10 * 1024]);
  assert.deepEqual(['', '0', '-1', '1T', '1.5M', 'M'].map(parseSize), [undefined, undefined, undefined, undefined, undefined, undefined]);
});

test('a walk reads regular files only: a FIFO, a socket and a dangling link are named in one note per kind, and the walk does not hang', { skip: !unix }, async () => {
  const dir = scratch();
  writeFileSync(join(dir, 'a.yaml'), POD);
  assert.equal(spawnSync('mkfifo', [join(dir, 'f1.yaml'), join(dir, 'f2.yml')]).status, 0);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(join(dir, 's.json'), resolve));
  try {
    symlinkSync('nowhere.yaml', join(dir, 'gone.yaml'));
    symlinkSync('nowhere.txt', join(dir, 'gone.txt')); // not a manifest name: not a candidate
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      // Asynchronous: the socket's server runs in this process.
      const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'protocheck'), 'lint', '--json', '.'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill(), 30_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    assert.equal(
      r.stderr,
      'protocheck: note: 3 entries skipped, not regular files (a directory walk reads regular files only; name one on the command line to read it like cat): f1.yaml (a FIFO), f2.yml (a FIFO), s.json (a socket)\n' +
        'protocheck: note: 1 symbolic link skipped, the target does not exist: gone.yaml\n',
    );
    assert.equal(r.code, 1);
    assert.deepEqual((JSON.parse(r.stdout) as JsonOut).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`), ['a.yaml:6:47 server-first-port-not-opaque']);
  } finally {
    server.close();
  }
});

test('the skip note lists five names, then how many more', { skip: !unix }, async () => {
  const dir = scratch();
  for (let i = 0; i < 8; i++) symlinkSync(`nowhere-${i}`, join(dir, `l${i}.yaml`));
  writeFileSync(join(dir, 'a.yaml'), POD);
  const r = await runMain(['lint', '.'], { cwd: dir });
  assert.equal(r.stderr, 'protocheck: note: 8 symbolic links skipped, the target does not exist: l0.yaml, l1.yaml, l2.yaml, l3.yaml, l4.yaml and 3 more\n');
});

test('a FIFO named on the command line is read like cat reads it, and --fix prints its fixed stream', { skip: !unix }, async () => {
  const dir = scratch();
  const fifo = join(dir, 'pipe.yaml');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  writeFileSync(join(dir, 'src.yaml'), POD);
  // One writer per reader: a second writer opened before the first reader saw EOF would feed it too.
  const write = () => spawn('sh', ['-c', 'cat src.yaml > pipe.yaml'], { cwd: dir, stdio: 'ignore' });
  let writer = write();
  try {
    const r = runCli(['lint', '--json', 'pipe.yaml'], { cwd: dir, timeoutMs: 30_000 });
    assert.equal(r.code, 1);
    assert.deepEqual((JSON.parse(r.stdout) as JsonOut).findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`), ['pipe.yaml:6 server-first-port-not-opaque']);
    writer = write();
    const fixed = runCli(['lint', '--fix', 'pipe.yaml'], { cwd: dir, timeoutMs: 30_000 });
    assert.equal(fixed.code, 0);
    assert.match(fixed.stdout, /^apiVersion: v1\nkind: Pod\nmetadata:\n  name: nats\n  annotations:\n    config\.linkerd\.io\/opaque-ports: "4222"\n/);
  } finally {
    writer.kill();
  }
});

test('a file name that is not UTF-8 is linted (never skipped), shown with the byte escaped, and --fix writes it', { skip: process.platform !== 'linux' }, async () => {
  const dir = scratch();
  mkdirSync(join(dir, 'k8s'));
  const name = Buffer.concat([Buffer.from(join(dir, 'k8s', 'bad')), Buffer.from([0xff, 0xfe]), Buffer.from('.yaml')]);
  writeFileSync(name, POD);
  const r = await runMain(['lint', '--json', 'k8s'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  assert.deepEqual((JSON.parse(r.stdout) as JsonOut).findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`), ['k8s/bad\\xff\\xfe.yaml:6 server-first-port-not-opaque']);
  const fixed = await runMain(['lint', '--fix', 'k8s'], { cwd: dir });
  assert.equal(fixed.stderr, 'protocheck: fixed k8s/bad\\xff\\xfe.yaml\n');
  assert.equal(fixed.code, 0);
  assert.match(readFileSync(name, 'utf8'), /config\.linkerd\.io\/opaque-ports: "4222"/);
  assert.equal(showName(Buffer.from('plain-é.yaml')), 'plain-é.yaml');
});

test('nesting deeper than the bound is parse-error NESTING_TOO_DEEP at the first too-deep bracket; the other documents are linted', async () => {
  const deep = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
  const text = `${POD}---\n${deep}---\n${POD.replace('nats', 'nats2')}`;
  const f = parseSource({ file: 'd.yaml', text });
  assert.deepEqual(
    f.problems.map((p) => ({ code: p.code, fatal: p.fatal, line: p.line, column: p.column })),
    [{ code: 'NESTING_TOO_DEEP', fatal: true, line: 8, column: 3 + MAX_NESTING }],
  );
  assert.deepEqual(f.objects.map((o) => o.name), ['nats', 'nats2']);
  const r = await runMain(['lint', '--json', '-'], { input: text });
  assert.equal(r.code, 1);
  const found = (JSON.parse(r.stdout) as JsonOut).findings.map((x) => `${x.line}:${x.column} ${x.ruleId}`);
  assert.deepEqual(found, [`6:47 server-first-port-not-opaque`, `8:${3 + MAX_NESTING} parse-error`, `15:47 server-first-port-not-opaque`]);
});

test('nestingExceeds counts block indentation, compact entries and flow brackets, never brackets in quotes, comments or block scalars', async () => {
  const nested = (d: number) => `a: ${'['.repeat(d)}${']'.repeat(d)}\n`;
  assert.equal(nestingExceeds(nested(MAX_NESTING - 1)), -1);
  assert.equal(nestingExceeds(nested(MAX_NESTING)), 3 + MAX_NESTING - 1);
  let block = '';
  for (let i = 0; i <= MAX_NESTING; i++) block += `${' '.repeat(i)}k:\n`;
  assert.ok(nestingExceeds(block) > 0, 'block nesting is counted');
  assert.equal(nestingExceeds(`a: ${'- '.repeat(MAX_NESTING + 1)}x\n`.replace('a: ', '')), 2 * MAX_NESTING);
  const brackets = '['.repeat(MAX_NESTING + 5);
  assert.equal(nestingExceeds(`a: "${brackets}"\nb: '${brackets}'\n# ${brackets}\nc: |\n  ${brackets}\n  ${brackets}\nd: x${brackets}\n`), -1);
  assert.equal(blankTooDeep('a: 1\n').text, 'a: 1\n');
  const blanked = blankTooDeep(`x: 1\n---\n${nested(MAX_NESTING + 1)}---\ny: 2\n`);
  assert.equal(blanked.text, `x: 1\n---\n${' '.repeat(3 + 2 * (MAX_NESTING + 1))}\n---\ny: 2\n`);
});
