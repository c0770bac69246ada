// The artifact users get is what is tested (issue 15): `npm pack` (prepack builds and strips the
// scripts), install the tarball with npm into an empty directory, offline (the dependencies come from
// npm's cache by the integrity in package-lock.json, as `npm ci` left them), and run the installed CLI
// from a directory outside the checkout: help, version, demo, detect, suggest, lint, a probe of a real
// loopback server, capture of a committed fixture, and the kubectl plugin name.
//
// Run by .ci/run after `npm test` (which builds dist/, whose test helpers start the real server);
// alone: `npm run build && npm run test:package`. PROTOCHECK_REAL_SERVERS=require turns a missing
// server into a failure, as in the test suite.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'protocheck-package-'));
let failures = 0;
const steps = [];

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000, ...options });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function step(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (error) {
    failures++;
    console.log(`not ok - ${name}\n${String(error?.stack ?? error).replace(/^/gm, '  # ')}`);
  }
  steps.push(name);
}

const manifestBefore = readFileSync(join(ROOT, 'package.json'), 'utf8');
const pkg = JSON.parse(manifestBefore);
let tarball;
let packed;

await step('npm pack runs prepack (build) and leaves package.json as it was', () => {
  const r = run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: ROOT });
  assert.equal(r.code, 0, r.stderr);
  // npm prints lifecycle output before the JSON array.
  packed = JSON.parse(r.stdout.slice(r.stdout.indexOf('\n[') + 1 || r.stdout.indexOf('[')))[0];
  tarball = join(tmp, packed.filename);
  assert.ok(existsSync(tarball));
  assert.equal(readFileSync(join(ROOT, 'package.json'), 'utf8'), manifestBefore);
  assert.equal(existsSync(join(ROOT, 'package.json.protocheck-pack')), false);
  console.log(`# tarball: ${packed.filename}, ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);
});

await step('the tarball ships exactly what the installed CLI needs', () => {
  const files = packed.files.map((f) => f.path).sort();
  const outside = files.filter((f) => !/^(LICENSE|README\.md|package\.json|bin\/protocheck|dist\/src\/.+\.js|docs\/(rules|commands)\/[a-z0-9-]+\.md|docs\/rules\/README\.md)$/.test(f) && f !== 'docs/rules/README.md');
  assert.deepEqual(outside, [], 'files outside the allowed set');
  for (const must of ['LICENSE', 'README.md', 'package.json', 'bin/protocheck', 'dist/src/bin.js', 'dist/src/main.js']) assert.ok(files.includes(must), `missing ${must}`);
  // Every rule page (rules ID, SARIF help) and every command page (--help points at their schemas).
  for (const dir of ['docs/rules', 'docs/commands']) {
    for (const f of readdirSync(join(ROOT, dir))) assert.ok(files.includes(`${dir}/${f}`), `missing ${dir}/${f}`);
  }
  // Every compiled module of src/ is in it (a missing one would fail only in the command that imports it).
  const walk = (d) => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  for (const f of walk(join(ROOT, 'dist', 'src'))) assert.ok(files.includes(f.slice(ROOT.length + 1)), `missing ${f}`);
  assert.ok(!files.some((f) => f.startsWith('dist/test') || f.startsWith('src/') || f.startsWith('test/')));
});

await step('the tarball\'s package.json has no scripts (no install-time script)', () => {
  const r = run('tar', ['-xOzf', tarball, 'package/package.json']);
  assert.equal(r.code, 0, r.stderr);
  const shipped = JSON.parse(r.stdout);
  assert.equal(shipped.scripts, undefined);
  assert.deepEqual(shipped.bin, pkg.bin);
  assert.equal(shipped.version, pkg.version);
  assert.equal(shipped.license, 'Apache-2.0');
});

// An empty project whose only dependency is the tarball, with a lockfile made from the checkout's
// (the production entries: same versions and integrity), so `npm ci --offline` needs no network.
const app = join(tmp, 'app');
const bin = join(app, 'node_modules', '.bin');
await step('npm ci --offline installs the tarball into an empty directory', () => {
  mkdirSync(app);
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const spec = `file:../${packed.filename}`;
  const integrity = 'sha512-' + createHash('sha512').update(readFileSync(tarball)).digest('base64');
  const packages = { '': { name: 'protocheck-install-check', version: '0.0.0', dependencies: { protocheck: spec } } };
  packages['node_modules/protocheck'] = { version: pkg.version, resolved: spec, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.dev === true) continue;
    packages[key] = entry;
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'protocheck-install-check', version: '0.0.0', private: true, dependencies: { protocheck: spec } }, null, 2));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'protocheck-install-check', version: '0.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  const r = run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts=false'], { cwd: app });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.ok(existsSync(join(bin, 'protocheck')));
  assert.ok(existsSync(join(bin, 'kubectl-protocheck')));
  // Nothing of the checkout in the installed package.
  assert.equal(existsSync(join(app, 'node_modules', 'protocheck', 'src')), false);
  assert.equal(existsSync(join(app, 'node_modules', 'protocheck', 'dist', 'test')), false);
});

// The installed CLI runs from a directory with nothing in it, with PATH holding only node's directory
// and the installed bins (the checkout is nowhere on it).
const work = join(tmp, 'work');
mkdirSync(work);
const PATH = [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(':');
const env = { PATH, HOME: tmp, NO_COLOR: '1' };
const cli = (args, extra = {}) => run(join(bin, 'protocheck'), args, { cwd: work, env, ...extra });

await step('--help and --version', () => {
  const h = cli(['--help']);
  assert.equal(h.code, 0, h.stderr);
  assert.match(h.stdout, /Usage: protocheck/);
  for (const c of ['probe', 'detect', 'lint', 'suggest', 'capture', 'rules', 'demo']) assert.match(h.stdout, new RegExp(`\\b${c}\\b`));
  const v = cli(['--version']);
  assert.equal(v.code, 0, v.stderr);
  assert.equal(v.stdout, `${pkg.version}\n`);
});

await step('version --json', () => {
  const r = cli(['version', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.version, pkg.version);
  assert.equal(j.node, process.version);
});

await step('demo', () => {
  const r = cli(['demo'], { timeout: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /server-first/);
});

await step('detect', () => {
  const r = cli(['detect', '--text', 'GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).http, 'http1');
});

await step('suggest', () => {
  const r = cli(['suggest', '4222/nats', '--json']);
  assert.equal(r.code, 1, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.ok(s.some((x) => x.key === 'config.linkerd.io/opaque-ports' && /4222/.test(x.value)), r.stdout);
});

await step('lint (a corpus manifest, rule pages from the package)', () => {
  copyFileSync(join(ROOT, 'test', 'lint', 'corpus', '23-nats-statefulset-headless.yaml'), join(work, 'nats.yaml'));
  const r = cli(['lint', '--json', 'nats.yaml']);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.findings.some((f) => f.ruleId === 'server-first-port-not-opaque' && f.port === 4222), r.stdout);
  const page = cli(['rules', 'server-first-port-not-opaque']);
  assert.equal(page.code, 0, page.stderr);
  assert.match(page.stdout, /server-first-port-not-opaque/);
  const sarif = cli(['lint', '--format', 'sarif', 'nats.yaml']);
  assert.equal(sarif.code, 1, sarif.stderr);
  assert.ok(JSON.parse(sarif.stdout).runs[0].tool.driver.rules.every((r) => typeof r.help?.text === 'string' && r.help.text.length > 100));
});

await step('capture of a committed fixture', () => {
  copyFileSync(join(ROOT, 'test', 'capture', 'fixtures', 'mariadb.pcap'), join(work, 'mariadb.pcap'));
  const r = cli(['capture', '--json', 'mariadb.pcap']);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.ports.some((p) => p.firstSpeaker === 'server' && p.protocol === 'mysql'), r.stdout);
});

await step('probe of a real server on loopback (exim)', async () => {
  const { startRealServers } = await import(join(ROOT, 'dist', 'test', 'helpers', 'real-servers.js'));
  const servers = await startRealServers(['exim']);
  try {
    const exim = servers.get('exim');
    if ('missing' in exim) {
      if (process.env.PROTOCHECK_REAL_SERVERS === 'require') throw new Error(`exim missing: ${exim.missing}`);
      console.log(`# SKIP probe: ${exim.missing}`);
      return;
    }
    const r = cli(['probe', `127.0.0.1:${exim.port}`, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const res = JSON.parse(r.stdout).results[0];
    assert.equal(res.firstSpeaker, 'server');
    assert.equal(res.protocol, 'smtp');
  } finally {
    await servers.stop();
  }
});

await step('kubectl finds the plugin on PATH (kubectl protocheck)', () => {
  const kubectl = run('sh', ['-c', 'command -v kubectl'], { env: { PATH: process.env.PATH ?? '' } }).stdout.trim();
  if (kubectl === '') {
    console.log('# SKIP kubectl: not installed; the plugin is a PATH executable named kubectl-protocheck:');
    const r = run(join(bin, 'kubectl-protocheck'), ['--version'], { cwd: work, env });
    assert.equal(r.stdout, `${pkg.version}\n`);
    return;
  }
  const r = run(kubectl, ['protocheck', '--version'], { cwd: work, env: { ...env, KUBECONFIG: join(tmp, 'no-kubeconfig') } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${pkg.version}\n`);
});

if (failures === 0) rmSync(tmp, { recursive: true, force: true });
else console.log(`# left for inspection: ${tmp}`);
console.log(`# ${steps.length - failures}/${steps.length} passed`);
process.exit(failures === 0 ? 0 : 1);
