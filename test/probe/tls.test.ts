/** The TLS probe against in-process TLS servers: ALPN rejected then retried, a greeting inside TLS, IPv6 and names, stop while connecting. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as tlsServer, type Server as TlsServer } from 'node:tls';
import { createServer as createNetServer, type Socket } from 'node:net';
import { probeTls } from '../../src/probe/tls-probe.js';
import { STOP_WINDOW, type ProbeContext } from '../../src/probe/probe-context.js';
import { DEMO_CERT_PEM, DEMO_KEY_PEM } from '../../src/probe/demo-cert.js';
import { runProbe, type RunProbeOptions } from '../../src/probe/run-probe.js';
import { parseTargets } from '../../src/probe/targets.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import type { TargetResult } from '../../src/probe/types.js';

const OPTIONS: RunProbeOptions = { waitMs: 1_000, connectTimeoutMs: 1_000, concurrency: 64, active: true, version: parseLinkerdVersion('latest') };
const sockets = new Set<Socket>();
let noAlpn: TlsServer;
let smtps: TlsServer;

function listen(server: TlsServer, host = '127.0.0.1'): Promise<number> {
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  server.on('tlsClientError', () => {});
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as { port: number }).port)));
}

let noAlpnPort = 0;
let smtpsPort = 0;
before(async () => {
  // Rejects every ALPN offer with a no_application_protocol alert (as some SMTP servers do).
  noAlpn = tlsServer({ key: DEMO_KEY_PEM, cert: DEMO_CERT_PEM, ALPNCallback: () => undefined }, (s) => s.on('error', () => {}));
  // Implicit TLS with a server-first protocol inside (SMTPS).
  smtps = tlsServer({ key: DEMO_KEY_PEM, cert: DEMO_CERT_PEM }, (s) => {
    s.on('error', () => {});
    s.write('220 smtps.example ESMTP\r\n');
  });
  [noAlpnPort, smtpsPort] = await Promise.all([listen(noAlpn), listen(smtps)]);
});

after(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all([noAlpn, smtps].map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function one(spec: string, extra: Partial<RunProbeOptions> = {}): Promise<TargetResult> {
  const [r] = await runProbe(parseTargets([spec]), { ...OPTIONS, ...extra });
  return r as TargetResult;
}

test('a server that rejects ALPN: retried without it, the handshake and certificate are reported', async () => {
  const r = await one(`127.0.0.1:${noAlpnPort}`);
  assert.equal(r.protocol, 'tls');
  assert.equal(r.tls?.alpnRejected, true);
  assert.equal(r.tls?.alpn, null);
  assert.match(r.tls?.subject ?? '', /CN=demo\.protocheck\.invalid/);
  assert.deepEqual(r.tls?.sans, ['DNS:demo.protocheck.invalid', 'IP Address:127.0.0.1']);
  assert.equal(r.tls?.notAfter?.slice(0, 4), '2126');
});

test('SMTPS: client first on the wire (TLS), server first inside TLS', async () => {
  const r = await one(`127.0.0.1:${smtpsPort}`);
  assert.equal(r.firstSpeaker, 'client');
  assert.equal(r.protocol, 'tls');
  assert.equal(r.tls?.innerFirstSpeaker, 'server');
  assert.equal(r.tls?.innerProtocol, 'smtp');
  assert.match(r.tls?.innerBanner?.text ?? '', /^220 smtps\.example/);
  assert.equal(r.linkerd?.action, 'none', 'the ClientHello arrives first, so the proxy does not stall');
});

test('--sni is sent, and the detector sees it in the ClientHello', async () => {
  const r = await one(`127.0.0.1:${smtpsPort}`, { sni: 'mail.example.com' });
  const tls = r.probes.find((p) => p.id === 'tls');
  assert.equal(tls?.linkerd.tls, 'sni');
  assert.equal(tls?.linkerd.sni, 'mail.example.com');
});

test('host names resolve through the system resolver; unknown names are an error state', async () => {
  const r = await one(`localhost:${smtpsPort}`);
  assert.ok(r.address === '127.0.0.1' || r.address === '::1', String(r.address));
  const bad = await one('no-such-host.invalid:25');
  assert.equal(bad.state, 'error');
  assert.match(bad.error ?? '', /no-such-host\.invalid/);
});

test('IPv6 loopback targets', async (t) => {
  const v6 = tlsServer({ key: DEMO_KEY_PEM, cert: DEMO_CERT_PEM }, (s) => s.on('error', () => {}));
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      v6.once('error', reject);
      v6.listen(0, '::1', () => resolve((v6.address() as { port: number }).port));
    });
  } catch {
    t.skip('no IPv6 loopback here');
    return;
  }
  v6.on('connection', (s: Socket) => sockets.add(s));
  try {
    const r = await one(`[::1]:${port}`);
    assert.equal(r.target, `[::1]:${port}`);
    assert.equal(r.address, '::1');
    assert.equal(r.protocol, 'tls');
  } finally {
    await new Promise<void>((r) => v6.close(() => r()));
  }
});

test('a TLS probe stopped while it is still connecting ends at once, not after its own wait', async () => {
  const accepted = new Set<Socket>();
  const silent = createNetServer((s) => {
    accepted.add(s);
    s.resume();
    s.on('error', () => {});
  });
  const port = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)));
  try {
    const stop = new AbortController();
    const ctx: ProbeContext = {
      address: '127.0.0.1', host: '127.0.0.1', port, label: `127.0.0.1:${port}`, connectTimeoutMs: 1_000, waitMs: 5_000,
      stop: stop.signal,
      // The slot's body runs up to its first await (the TCP connect) before the stop arrives.
      slot: (fn) => {
        const p = fn();
        stop.abort(STOP_WINDOW);
        return p;
      },
      version: parseLinkerdVersion('latest'),
      clock: () => performance.now(),
    };
    const t0 = performance.now();
    const r = await probeTls(ctx, undefined);
    const ms = performance.now() - t0;
    assert.equal(r.record.outcome, 'no-reply');
    assert.match(r.record.detail ?? '', /cancelled/);
    assert.ok(ms < 1_000, `took ${ms.toFixed(0)} ms (the wait is 5000 ms)`);
  } finally {
    for (const s of accepted) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  }
});
