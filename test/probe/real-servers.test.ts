/**
 * The probe against real daemons (Debian packages) on loopback, all probed in one run with the
 * default wait. Missing binaries are skipped loudly, or fail with PROTOCHECK_REAL_SERVERS=require.
 */
import { after, before, test } from 'node:test';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import assert from 'node:assert/strict';
import { REAL_SERVER_NAMES, EXIM_GREET_DELAY_S, realServersRequired, startRealServers, type RealServerName, type RealServers } from '../helpers/real-servers.js';
import { runProbe } from '../../src/probe/run-probe.js';
import { parseTargets } from '../../src/probe/targets.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_WAIT_MS, DEFAULT_CONCURRENCY } from '../../src/probe/constants.js';
import type { TargetResult } from '../../src/probe/types.js';

let servers: RealServers;
const results = new Map<RealServerName, TargetResult>();
let runMs = 0;

before(async () => {
  servers = await startRealServers();
  const up = REAL_SERVER_NAMES.map((n) => servers.get(n)).filter((s): s is { name: RealServerName; port: number } => 'port' in s);
  const t0 = performance.now();
  const rs = await runProbe(parseTargets(up.map((s) => `127.0.0.1:${s.port}`)), {
    waitMs: DEFAULT_WAIT_MS,
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
    concurrency: DEFAULT_CONCURRENCY,
    active: true,
    version: parseLinkerdVersion('latest'),
  });
  runMs = performance.now() - t0;
  up.forEach((s, i) => results.set(s.name, rs[i] as TargetResult));
});

after(async () => {
  await servers?.stop();
});

function server(name: RealServerName, t: { skip: (m: string) => void }): TargetResult | null {
  const s = servers.get(name);
  if ('missing' in s) {
    const msg = `real server ${name}: ${s.missing}`;
    if (realServersRequired()) assert.fail(`${msg} (PROTOCHECK_REAL_SERVERS=require)`);
    process.stderr.write(`SKIPPED: ${msg}\n`);
    t.skip(msg);
    return null;
  }
  return results.get(name) ?? assert.fail(`${name}: no result`);
}

test('MariaDB greets first: mysql, with its version, needs opaque', (t) => {
  const r = server('mariadb', t);
  if (r === null) return;
  assert.equal(r.state, 'open');
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.protocol, 'mysql');
  assert.match(r.version ?? '', /^\d+\.\d+\.\d+/);
  assert.equal(r.probes.length, 0, 'nothing was sent to MariaDB (it counts aborted handshakes)');
  assert.equal(r.linkerd?.action, 'opaque');
  assert.ok(r.suggestions.length > 0);
});

test('PostgreSQL is client-first and identified by a probe', (t) => {
  const r = server('postgresql', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'client');
  assert.equal(r.protocol, 'postgresql');
  assert.equal(r.linkerd?.action, 'none');
});

test('Redis is client-first: redis', (t) => {
  const r = server('redis', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'client');
  assert.equal(r.protocol, 'redis');
});

test('memcached on a non-standard port is client-first: memcached (second probe wave)', (t) => {
  const r = server('memcached', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'client');
  assert.equal(r.protocol, 'memcached');
});

test('OpenSSH speaks first: ssh with its version; both sides send at once, so no action', (t) => {
  const r = server('openssh', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.protocol, 'ssh');
  assert.match(r.banner?.text ?? '', /^SSH-2\.0-OpenSSH_/);
  assert.equal(r.linkerd?.action, 'none');
});

test('Exim greets first: smtp, needs opaque', (t) => {
  const r = server('exim', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.protocol, 'smtp');
  assert.match(r.banner?.text ?? '', /^220 smtp\.protocheck\.test ESMTP Exim/);
  assert.notEqual(r.linkerd?.action, 'none');
});

test(`Exim with a ${EXIM_GREET_DELAY_S} s greet delay is still server-first with the default wait`, (t) => {
  const r = server('exim-delay', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.protocol, 'smtp');
  assert.ok((r.firstByteMs ?? 0) >= EXIM_GREET_DELAY_S * 1_000 - 100, `first byte at ${r.firstByteMs}`);
});

test('nginx HTTP/1.1: http with the Server header', (t) => {
  const r = server('nginx-http', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'client');
  assert.equal(r.protocol, 'http');
  assert.equal(r.http?.status, 200);
  assert.match(r.http?.server ?? '', /^nginx/);
  const http = r.probes.find((p) => p.id === 'http');
  assert.equal(http?.linkerd.http, 'http1', 'the detector calls our GET an HTTP/1 request');
});

test('nginx h2c: http2 by prior knowledge', (t) => {
  const r = server('nginx-h2c', t);
  if (r === null) return;
  assert.equal(r.firstSpeaker, 'client');
  assert.equal(r.protocol, 'http2');
  const h2c = r.probes.find((p) => p.id === 'h2c');
  assert.equal(h2c?.outcome, 'identified');
  assert.equal(h2c?.linkerd.http, 'h2');
});

test('nginx TLS: tls with ALPN h2, certificate subject, SANs and expiry', (t) => {
  const r = server('nginx-tls', t);
  if (r === null) return;
  assert.equal(r.protocol, 'tls');
  assert.equal(r.tls?.alpn, 'h2');
  assert.equal(r.tls?.innerProtocol, 'http2');
  assert.match(r.tls?.subject ?? '', /CN=nginx\.protocheck\.test/);
  assert.ok(r.tls?.sans.includes('DNS:localhost'));
  assert.ok(r.tls?.notAfter !== null && Date.parse(r.tls?.notAfter ?? '') > Date.now());
  assert.match(r.tls?.version ?? '', /^TLSv1\.[23]$/);
  const tls = r.probes.find((p) => p.id === 'tls');
  assert.equal(tls?.linkerd.tls, 'no-sni', 'an address literal gets no SNI, and the detector sees a ClientHello without one');
});

test('the whole real-server run ended within one wait window (plus slack)', (t) => {
  if (results.size === 0) return t.skip('no real servers');
  assert.ok(runMs < DEFAULT_WAIT_MS + 2_000, `took ${Math.round(runMs)}ms`);
});

test('stop() ends every process group it started and removes every temp dir', async (t) => {
  const dirs = servers.dirs();
  const pids = servers.pids();
  if (dirs.length === 0) return t.skip('no real servers');
  const ports = REAL_SERVER_NAMES.map((n) => servers.get(n)).flatMap((s) => ('port' in s ? [s.port] : []));
  await servers.stop();
  for (const d of dirs) assert.equal(existsSync(d), false, `${d} still exists`);
  for (const pid of pids) {
    assert.throws(() => process.kill(-pid, 0), /ESRCH/, `process group ${pid} still alive`);
  }
  const open = await Promise.all(ports.map((port) => new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  })));
  assert.deepEqual(open.filter(Boolean), [], 'nothing listens any more');
});
