/** The probe against hostile loopback servers: each run ends within its bounds, keeps memory bounded and reports the right state. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { startHostileServers, type HostileServers } from '../helpers/hostile-servers.js';
import { runProbe, type RunProbeOptions } from '../../src/probe/run-probe.js';
import { createLimiter } from '../../src/probe/limiter.js';
import { parseTargets } from '../../src/probe/targets.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { GREETING_CAP_BYTES, GREETING_MAX_MS } from '../../src/probe/constants.js';
import { renderProbeText } from '../../src/report/probe-text.js';
import { Chalk } from 'chalk';
import type { TargetResult } from '../../src/probe/types.js';
import type { ActiveProbe } from '../../src/protocols/index.js';

const WAIT_MS = 800;
/** Scheduling slack on a loaded 2-core CI machine. */
const SLACK_MS = 1_500;
const OPTIONS: RunProbeOptions = { waitMs: WAIT_MS, connectTimeoutMs: 1_000, concurrency: 64, active: true, version: parseLinkerdVersion('latest') };

let h: HostileServers;
before(async () => {
  h = await startHostileServers({ trickleMs: 1_000, lateMs: 300 });
});
after(async () => {
  await h.stop();
});

async function probeOne(port: number, extra: Partial<RunProbeOptions> = {}): Promise<{ r: TargetResult; ms: number }> {
  const t0 = performance.now();
  const [r] = await runProbe(parseTargets([`127.0.0.1:${port}`]), { ...OPTIONS, ...extra });
  return { r: r as TargetResult, ms: performance.now() - t0 };
}

test('a banner trickled one byte a second: server first, read stops after the greeting bound', async () => {
  const { r, ms } = await probeOne(h.ports.trickle);
  assert.equal(r.state, 'open');
  assert.equal(r.firstSpeaker, 'server');
  assert.ok(r.banner !== null && r.banner.length >= 1 && r.banner.length <= 3, `kept ${r.banner?.length} bytes`);
  assert.ok(r.banner.text.startsWith('2'));
  assert.ok(ms < GREETING_MAX_MS + SLACK_MS, `took ${ms}ms`);
  assert.ok(r.probes.length === 0, 'no client bytes after the server spoke first');
});

test('an endless flood: stops at the greeting cap, quickly', async () => {
  const before = h.floodWritten();
  const { r, ms } = await probeOne(h.ports.flood);
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.banner?.length, GREETING_CAP_BYTES);
  assert.ok(r.notes.some((n) => n.includes('greeting longer')));
  assert.ok(ms < SLACK_MS, `took ${ms}ms`);
  assert.ok(h.floodWritten() - before > GREETING_CAP_BYTES, 'the server sent more than we kept');
});

test('memory stays bounded: twenty floods in a row keep the heap flat', async () => {
  await probeOne(h.ports.flood);
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 20; i++) {
    const { r } = await probeOne(h.ports.flood, { active: false });
    assert.equal(r.banner?.length, GREETING_CAP_BYTES);
  }
  globalThis.gc?.();
  const grown = process.memoryUsage().heapUsed - before;
  assert.ok(grown < 32 * 1024 * 1024, `heap grew ${Math.round(grown / 1024)} KiB`);
});

test('a reset right after accept: state reset, with the time', async () => {
  const { r, ms } = await probeOne(h.ports.reset);
  assert.equal(r.state, 'reset');
  assert.equal(r.firstSpeaker, null);
  assert.equal(r.passive.outcome, 'reset');
  assert.ok(r.passive.atMs !== null && r.passive.atMs < 500);
  assert.ok(ms < WAIT_MS + SLACK_MS);
  assert.equal(r.linkerd, null);
});

test('a close right after accept: open, nobody spoke, closed reported with the time', async () => {
  const { r, ms } = await probeOne(h.ports.close);
  assert.equal(r.state, 'open');
  assert.equal(r.firstSpeaker, null);
  assert.equal(r.passive.outcome, 'closed');
  assert.ok(r.notes.some((n) => /closed the connection after \d+ms without sending/.test(n)), r.notes.join('|'));
  assert.ok(ms < WAIT_MS + SLACK_MS);
});

test('ANSI escape sequences in a banner never reach the output', async () => {
  const { r } = await probeOne(h.ports.ansi);
  assert.equal(r.firstSpeaker, 'server');
  assert.ok(r.banner !== null);
  assert.ok(!r.banner.text.includes('\x1b') && !r.banner.text.includes('\x07'));
  assert.ok(r.banner.text.startsWith('\\x1b[2J\\x1b]0;owned\\x07'));
  assert.ok(r.banner.hex.startsWith('1b5b324a'));
  const text = renderProbeText([r], { chalk: new Chalk({ level: 0 }) });
  assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(text), 'no control characters in the text report');
  assert.ok(!JSON.stringify(r).includes('\u001b'), 'no raw ESC in the JSON');
});

test('a TLS server that never finishes the handshake: the TLS probe gives up within the window', async () => {
  const { r, ms } = await probeOne(h.ports['tls-stall']);
  assert.equal(r.state, 'open');
  assert.equal(r.firstSpeaker, 'client');
  const tls = r.probes.find((p) => p.id === 'tls');
  assert.equal(tls?.outcome, 'no-reply', JSON.stringify(tls));
  assert.equal(r.tls, null);
  assert.ok(ms < WAIT_MS + SLACK_MS + 200, `took ${ms}ms`);
  // The ClientHello Node sent is recorded and the detector ran on it.
  assert.equal(tls?.sent.hex.slice(0, 4), '1603');
});

test('a late greeter (300 ms) is still server first', async () => {
  const { r } = await probeOne(h.ports.late);
  assert.equal(r.firstSpeaker, 'server');
  assert.ok(r.firstByteMs !== null && r.firstByteMs >= 250, `first byte at ${r.firstByteMs}`);
  assert.ok(r.banner?.text.startsWith('220 late.example'));
});

test('a silent server waits the whole window and is reported client-first, unidentified', async () => {
  const { r, ms } = await probeOne(h.ports.silent);
  assert.equal(r.firstSpeaker, 'client');
  assert.equal(r.protocol, 'unknown');
  assert.equal(r.passive.outcome, 'silent');
  assert.ok(ms >= WAIT_MS - 50 && ms < WAIT_MS + SLACK_MS, `took ${ms}ms`);
});

test('--no-active sends nothing at all', async () => {
  let received = 0;
  const server = createServer((s) => s.on('data', (d) => (received += d.length)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const { r } = await probeOne(port, { active: false, waitMs: 300 });
    assert.equal(r.probes.length, 0);
    assert.equal(received, 0);
  } finally {
    server.close();
  }
});

test('printer ports get no client bytes unless --force-active names them', async (t) => {
  let received = 0;
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('data', (d) => (received += d.length));
  });
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(9100, '127.0.0.1', () => resolve(true));
  });
  if (!ok) {
    t.skip('127.0.0.1:9100 is in use');
    return;
  }
  try {
    const { r } = await probeOne(9100, { waitMs: 300 });
    assert.equal(received, 0);
    assert.equal(r.probes.length, 0);
    assert.ok(r.notes.some((n) => n.includes('printer')));
    const forced = await probeOne(9100, { waitMs: 300, forceActive: new Set([9100]) });
    assert.ok(forced.r.probes.length > 0);
    assert.ok(received > 0);
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
});

test('--concurrency bounds the sockets open at once', async () => {
  let live = 0;
  let peak = 0;
  const sockets = new Set<Socket>();
  const servers = Array.from({ length: 12 }, () =>
    createServer((s) => {
      sockets.add(s);
      live++;
      peak = Math.max(peak, live);
      s.resume(); // read, so the client's FIN is seen and 'close' fires
      s.on('close', () => live--);
    }),
  );
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  try {
    const targets = parseTargets(servers.map((s) => `127.0.0.1:${(s.address() as { port: number }).port}`));
    const limiter = createLimiter(4);
    const results = await runProbe(targets, { ...OPTIONS, waitMs: 200, concurrency: 4, limiter });
    assert.equal(results.length, 12);
    assert.ok(results.every((r) => r.firstSpeaker === 'client'));
    assert.equal(limiter.peak, 4, 'the limiter was full but never over');
    // Seen from the servers (same event loop), a socket we closed can still count while its
    // replacements are accepted in the same turn; unbounded, it would be 12 targets x 4+ sockets.
    assert.ok(peak <= 8, `servers saw ${peak} connections at once`);
    assert.equal(limiter.active, 0);
  } finally {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
});

test('a refused port: state refused, no verdict', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  const { r } = await probeOne(port);
  assert.equal(r.state, 'refused');
  assert.equal(r.firstSpeaker, null);
  assert.match(r.error ?? '', /connection refused/);
  assert.equal(r.linkerd, null);
});

test('an HTTP server that trickles its body: the HTTP probe still ends within its bound', async () => {
  const { createServer: httpServer } = await import('node:http');
  const timers = new Set<NodeJS.Timeout>();
  const server = httpServer((_req, res) => {
    res.writeHead(200, { server: 'slowpoke' });
    const t = setInterval(() => res.write('x'), 100);
    timers.add(t);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const t0 = performance.now();
    const [r] = await runProbe(parseTargets([`127.0.0.1:${port}`]), { ...OPTIONS, waitMs: 5_000 });
    const ms = performance.now() - t0;
    assert.equal(r?.http?.status, 200);
    assert.equal(r?.http?.server, 'slowpoke');
    assert.ok(ms < GREETING_MAX_MS + 1_500, `took ${ms}ms`);
  } finally {
    for (const t of timers) clearInterval(t);
    server.closeAllConnections();
    server.close();
  }
});

test('a server that greets probe connections at once but the first connection late is still server first', async () => {
  let n = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    if (n++ === 0) timers.add(setTimeout(() => s.write('220 late.example ESMTP\r\n'), 600));
    else s.write('220 quick.example ESMTP\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    // A probe whose matcher recognises the greeting on its own connection must not end the passive wait.
    const smtpEcho: ActiveProbe = {
      id: 'test-smtp-reply',
      protocol: 'smtp',
      send: new Uint8Array(Buffer.from('NOOP\r\n')),
      ports: 'any',
      readMax: 64,
      match: (b) => (Buffer.from(b).toString('latin1').startsWith('220 ') ? { protocol: 'smtp', product: null, version: null, signature: 'test-smtp-reply', hard: true } : null),
      note: 'test-only',
    };
    const { r } = await probeOne(port, { waitMs: 2_000, kbProbes: [smtpEcho] });
    assert.equal(r.probes.find((p) => p.id === 'test-smtp-reply')?.outcome, 'identified');
    assert.equal(r.firstSpeaker, 'server');
    assert.ok((r.firstByteMs ?? 0) >= 550, `first byte at ${r.firstByteMs}`);
    assert.match(r.banner?.text ?? '', /^220 late\.example/);
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const s of sockets) s.destroy();
    server.close();
  }
});

test('passive connections first: a socket freed by a late greeter goes to the next target\'s passive wait, not to active probes; starved probes are noted', async () => {
  const sockets = new Set<Socket>();
  const servers = Array.from({ length: 6 }, (_, i) =>
    createServer((s) => {
      sockets.add(s);
      s.resume();
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
      if (i < 2) setTimeout(() => s.destroyed || s.write('220 late.example ESMTP\r\n'), 300);
    }),
  );
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  try {
    // Budget 4: two late greeters (300 ms) and two silent ports take every socket at once; the silent
    // ports' active probes are queued at 100 ms. When the greeters finish, their sockets must go to the
    // last two targets' passive waits (else those wait a whole window for a socket).
    const specs = servers.map((s) => `127.0.0.1:${(s.address() as { port: number }).port}`);
    const limiter = createLimiter(4);
    const t0 = performance.now();
    const results = await runProbe(parseTargets(specs), { ...OPTIONS, waitMs: 1_000, concurrency: 4, limiter });
    const ms = performance.now() - t0;
    assert.equal(results.filter((r) => r.firstSpeaker === 'server').length, 2);
    assert.equal(results.filter((r) => r.firstSpeaker === 'client').length, 4);
    // Served first, the last passive waits start at ~300 ms: one window plus that, not two windows.
    assert.ok(ms < 1_000 + 300 + 450, `took ${ms.toFixed(0)} ms for a 1000 ms window`);
    const starved = results.filter((r) => r.notes.some((n) => /active probes? got no socket before the wait window ended .*raise --concurrency/.test(n)));
    assert.ok(starved.length >= 2, `${starved.length} targets noted`);
    assert.equal(limiter.active, 0);
  } finally {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
});
