/**
 * The classic inetd services as hostile in-process servers (RFC 862 echo, RFC 864 chargen, RFC 867
 * daytime): an echo never gets the name of the protocol it repeats, an endless chargen stream is cut
 * at the greeting bound, a daytime server that greets and closes is named.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { runProbe, type RunProbeOptions } from '../../src/probe/run-probe.js';
import { parseTargets } from '../../src/probe/targets.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { GREETING_CAP_BYTES, GREETING_MAX_MS } from '../../src/probe/constants.js';
import type { TargetResult } from '../../src/probe/types.js';

const OPTIONS: RunProbeOptions = { waitMs: 1_500, connectTimeoutMs: 1_000, concurrency: 128, active: true, version: parseLinkerdVersion('latest') };
/** Scheduling slack on a loaded 2-core machine. */
const SLACK_MS = 1_500;

const sockets = new Set<Socket>();
const servers: Server[] = [];
let chargenWritten = 0;

function listen(handler: (s: Socket) => void): Promise<number> {
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    handler(s);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** RFC 864: 72-character lines of the 95 printable characters, each starting one further. */
function chargen(s: Socket): void {
  let start = 0;
  const line = (): string => {
    let out = '';
    for (let i = 0; i < 72; i++) out += String.fromCharCode(0x20 + ((start + i) % 95));
    start = (start + 1) % 95;
    return `${out}\r\n`;
  };
  const pump = (): void => {
    while (!s.destroyed) {
      const chunk = Array.from({ length: 50 }, line).join('');
      chargenWritten += chunk.length;
      if (!s.write(chunk)) return void s.once('drain', pump);
    }
  };
  pump();
}

let echoPort = 0;
let chargenPort = 0;
let daytimePort = 0;
let bareSmtpPort = 0;
before(async () => {
  echoPort = await listen((s) => s.on('data', (d) => s.write(d)));
  chargenPort = await listen(chargen);
  daytimePort = await listen((s) => s.end('Thu Dec  3 18:26:58 2026\r\n'));
  // A shared 220 greeting with no product or protocol word, answering EHLO like SMTP and nothing else.
  bareSmtpPort = await listen((s) => {
    s.write('220 Welcome\r\n');
    s.on('data', (d) => {
      const t = d.toString('latin1');
      if (/^EHLO /i.test(t)) s.write('250-host greets protocheck.invalid\r\n250 8BITMIME\r\n');
      else if (/^QUIT/i.test(t)) s.end('221 bye\r\n');
      else s.write('500 unrecognized command\r\n');
    });
  });
});
after(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function one(port: number, extra: Partial<RunProbeOptions> = {}): Promise<{ r: TargetResult; ms: number }> {
  const t0 = performance.now();
  const [r] = await runProbe(parseTargets([`127.0.0.1:${port}`]), { ...OPTIONS, ...extra });
  return { r: r as TargetResult, ms: performance.now() - t0 };
}

test('echo: every probe comes back as sent; the port is named echo, never the protocol of a probe (AMQP, Redis, ...)', async () => {
  const { r, ms } = await one(echoPort);
  assert.equal(r.state, 'open');
  assert.equal(r.firstSpeaker, 'client');
  assert.equal(r.protocol, 'echo');
  assert.equal(r.signature, 'echo-reply');
  const named = r.probes.filter((p) => p.outcome === 'identified').map((p) => p.identification?.protocol);
  assert.ok(named.length > 0);
  assert.ok(named.every((p) => p === 'echo'), `probes named ${[...new Set(named)].join(', ')}`);
  assert.ok(ms < OPTIONS.waitMs, `an identified echo ends before the window (${Math.round(ms)} ms)`);
});

test('chargen: an endless stream is cut at the greeting cap and named chargen', async () => {
  const before = chargenWritten;
  const { r, ms } = await one(chargenPort);
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.protocol, 'chargen');
  assert.equal(r.banner?.length, GREETING_CAP_BYTES);
  assert.ok(ms < GREETING_MAX_MS + SLACK_MS, `took ${Math.round(ms)} ms`);
  assert.ok(chargenWritten - before > GREETING_CAP_BYTES);
  assert.equal(r.probes.length, 0, 'nothing sent to a server that spoke first');
});

test('daytime: greets with the date and closes; named daytime, server first', async () => {
  const { r } = await one(daytimePort);
  assert.equal(r.state, 'open');
  assert.equal(r.firstSpeaker, 'server');
  assert.equal(r.protocol, 'daytime');
  assert.match(r.banner?.text ?? '', /^Thu Dec {2}3 18:26:58 2026\\r\\n$/);
});

test('a bare 220 is not named from the greeting: EHLO on a separate connection confirms SMTP', async () => {
  const { r } = await one(bareSmtpPort);
  assert.equal(r.protocol, 'smtp');
  assert.equal(r.signature, 'smtp-ftp-reply+smtp-ehlo-reply');
  assert.ok(r.probes.some((p) => p.id.startsWith('confirm-') && p.outcome === 'identified'));
});

test('a bare 220 without the follow-up (--no-active): unknown, with the candidates', async () => {
  const { r } = await one(bareSmtpPort, { active: false });
  assert.equal(r.protocol, 'unknown');
  assert.deepEqual(r.candidates, ['smtp', 'lmtp', 'ftp', 'dict']);
  assert.ok(r.notes.some((n) => n.includes('could be smtp or lmtp or ftp or dict')));
});
