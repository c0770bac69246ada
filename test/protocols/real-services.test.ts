/**
 * The protocols added in issue 11, against the real Debian daemons on free loopback ports:
 * svnserve (subversion), gpsd, Tarantool (server first) and gearmand (client first, named by the
 * knowledge base's probes on a non-default port). A missing daemon is a skip, or a failure with
 * PROTOCHECK_REAL_SERVERS=require (.ci/run installs them: SERVER_PACKAGES).
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, realServersRequired } from '../helpers/real-servers.js';
import { runProbe } from '../../src/probe/run-probe.js';
import { parseTargets } from '../../src/probe/targets.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import type { TargetResult } from '../../src/probe/types.js';

const READY_MS = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'protocheck-services-'));
const children: ChildProcess[] = [];
const ports = new Map<string, number | string>();

function which(bin: string): boolean {
  return (process.env['PATH'] ?? '').split(':').concat(['/usr/sbin', '/sbin']).some((d) => d !== '' && existsSync(join(d, bin)));
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

async function start(name: string, bin: string, args: (port: number) => string[], given?: number): Promise<void> {
  if (!which(bin)) {
    ports.set(name, `${bin} not installed`);
    return;
  }
  const port = given ?? (await freePort());
  const child = spawn(bin, args(port), { cwd: dir, stdio: 'ignore', detached: true });
  children.push(child);
  const t0 = Date.now();
  while (Date.now() - t0 < READY_MS) {
    if (await accepts(port)) {
      ports.set(name, port);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  ports.set(name, `${bin} did not listen on ${port}`);
}

const results = new Map<string, TargetResult>();
before(async () => {
  mkdirSync(join(dir, 'svn'));
  writeFileSync(join(dir, 'tarantool.lua'), '');
  await Promise.all([
    start('svnserve', 'svnserve', (p) => ['-d', '--foreground', '--listen-host', '127.0.0.1', '--listen-port', String(p), '-r', join(dir, 'svn')]),
    start('gpsd', 'gpsd', (p) => ['-N', '-n', '-F', join(dir, 'gpsd.sock'), '-S', String(p)]),
    start('gearmand', 'gearmand', (p) => ['-L', '127.0.0.1', '-p', String(p), '-l', join(dir, 'gearmand.log')]),
    (async () => {
      const p = await freePort();
      writeFileSync(join(dir, 'tarantool.lua'), `box.cfg{listen="127.0.0.1:${p}", work_dir=${JSON.stringify(dir)}, log_level=1}\n`);
      await start('tarantool', 'tarantool', () => [join(dir, 'tarantool.lua')], p);
    })(),
  ]);
  const up = [...ports].filter((e): e is [string, number] => typeof e[1] === 'number');
  const rs = await runProbe(parseTargets(up.map(([, p]) => `127.0.0.1:${p}`)), { waitMs: 3_000, connectTimeoutMs: 2_000, concurrency: 128, active: true, version: parseLinkerdVersion('latest') });
  up.forEach(([name], i) => results.set(name, rs[i] as TargetResult));
});

after(() => {
  for (const c of children) {
    try {
      if (c.pid !== undefined) process.kill(-c.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function result(name: string, t: TestContext): TargetResult | null {
  const p = ports.get(name);
  if (typeof p === 'string' || p === undefined) {
    const msg = `real server ${name}: ${p ?? 'not started'}`;
    if (realServersRequired()) assert.fail(`${msg} (PROTOCHECK_REAL_SERVERS=require)`);
    t.skip(msg);
    return null;
  }
  return results.get(name) ?? assert.fail(`${name}: no result`);
}

test('svnserve greets first with its S-expression: svn, needs opaque', (t) => {
  const r = result('svnserve', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.protocol, 'svn');
  assert.equal(r.signature, 'svn-greeting');
  assert.equal(r.linkerd?.action, 'opaque');
});

test('gpsd sends its VERSION object at connect: gpsd with the release', (t) => {
  const r = result('gpsd', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.protocol, 'gpsd');
  assert.match(r.version ?? '', /^\d+\.\d+/);
});

test('Tarantool greets with its 128-byte greeting: tarantool with the version', (t) => {
  const r = result('tarantool', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.protocol, 'tarantool');
  assert.match(r.version ?? '', /^\d+\.\d+\.\d+/);
});

test('gearmand on a non-default port stays silent and is named by the gearman probe', (t) => {
  const r = result('gearmand', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'client');
  assert.equal(r.protocol, 'gearman');
  assert.match(r.version ?? '', /^1\.\d+/);
});
