/**
 * Real captures (scripts/record-captures.sh: tcpdump on loopback, real clients and servers): the
 * verdict per flow, and where tshark is installed, first speaker per flow compared with tshark's fields.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeBytes } from '../../src/capture/analyze.js';
import { summarizePorts } from '../../src/capture/port-summary.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { conversation, pcap, tcpPacket, text, ACK, PSH, type IpPacket } from './helpers/synth.js';

const DIR = fileURLToPath(new URL('../../../test/capture/fixtures/', import.meta.url));
const version = parseLinkerdVersion('latest');

interface Expect {
  readonly file: string;
  readonly format: string;
  readonly firstSpeaker: 'client' | 'server';
  readonly protocol: string;
  readonly http: string;
  readonly tls: string;
  /** Does the port need a change for meshed clients (server-first on a port outside the default opaque list)? */
  readonly needsAction: boolean;
}

const EXPECT: readonly Expect[] = [
  { file: 'mariadb.pcap', format: 'pcap', firstSpeaker: 'server', protocol: 'mysql', http: 'timeout', tls: 'incomplete', needsAction: true },
  { file: 'postgresql.pcap', format: 'pcap', firstSpeaker: 'client', protocol: 'postgresql', http: 'not-http', tls: 'not-tls', needsAction: false },
  { file: 'redis.pcap', format: 'pcap', firstSpeaker: 'client', protocol: 'redis', http: 'not-http', tls: 'not-tls', needsAction: false },
  { file: 'redis-ipv6.pcap', format: 'pcap', firstSpeaker: 'client', protocol: 'redis', http: 'not-http', tls: 'not-tls', needsAction: false },
  { file: 'redis-ns.pcap', format: 'pcap-ns', firstSpeaker: 'client', protocol: 'redis', http: 'not-http', tls: 'not-tls', needsAction: false },
  { file: 'ssh.pcap', format: 'pcap', firstSpeaker: 'client', protocol: 'ssh', http: 'not-http', tls: 'not-tls', needsAction: false },
  { file: 'smtp.pcap', format: 'pcap', firstSpeaker: 'server', protocol: 'smtp', http: 'timeout', tls: 'incomplete', needsAction: true },
  { file: 'smtp-sll.pcap', format: 'pcap', firstSpeaker: 'server', protocol: 'smtp', http: 'timeout', tls: 'incomplete', needsAction: true },
  { file: 'http1.pcap', format: 'pcap', firstSpeaker: 'client', protocol: 'http', http: 'http1', tls: 'not-tls', needsAction: false },
  { file: 'http1-sll2.pcap', format: 'pcap', firstSpeaker: 'client', protocol: 'http', http: 'http1', tls: 'not-tls', needsAction: false },
  { file: 'h2c.pcap', format: 'pcap', firstSpeaker: 'client', protocol: 'http2', http: 'h2', tls: 'not-tls', needsAction: false },
  { file: 'tls.pcap', format: 'pcap', firstSpeaker: 'client', protocol: 'tls', http: 'not-http', tls: 'no-sni', needsAction: false },
];

for (const e of EXPECT) {
  test(`real capture ${e.file}: ${e.firstSpeaker} first, ${e.protocol}, http ${e.http}, tls ${e.tls}`, () => {
    const a = analyzeBytes(readFileSync(join(DIR, e.file)), { version });
    assert.deepEqual(a.end, { kind: 'complete' });
    assert.equal(a.format, e.format);
    assert.equal(a.flows.length, 1);
    const f = a.flows[0]!;
    assert.equal(f.firstSpeaker, e.firstSpeaker);
    assert.equal(f.protocol, e.protocol);
    assert.equal(f.http, e.http);
    assert.equal(f.tls.state, e.tls);
    assert.ok(f.gapMs !== null && f.gapMs >= 0 && f.gapMs < 1000, `gap ${f.gapMs}`);
    const [port] = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed' });
    assert.equal(port?.needsAction, e.needsAction);
    if (e.needsAction) assert.ok((port?.suggestions.length ?? 0) > 0, 'a port that needs action comes with suggestions');
  });
}

test('real pcapng with two interfaces of different link types (Ethernet loopback and cooked v2)', () => {
  const a = analyzeBytes(readFileSync(join(DIR, 'mixed.pcapng')), { version });
  assert.equal(a.format, 'pcapng');
  assert.deepEqual(a.end, { kind: 'complete' });
  assert.deepEqual(a.flows.map((f) => [f.serverPort, f.firstSpeaker, f.protocol]), [[47006, 'server', 'mysql'], [47080, 'client', 'http']]);
});

test('real capture of several clients and ports in one file: per-port verdicts', () => {
  const a = analyzeBytes(readFileSync(join(DIR, 'several.pcap')), { version });
  assert.deepEqual(a.end, { kind: 'complete' });
  const ports = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed' });
  assert.deepEqual(
    ports.map((p) => [p.port, p.flows, p.firstSpeaker, p.protocol, p.needsAction]),
    [[47006, 2, 'server', 'mysql', true], [47025, 1, 'server', 'smtp', true], [47079, 1, 'client', 'redis', false], [47080, 1, 'client', 'http', false], [47081, 1, 'client', 'http2', false]],
  );
});

// --- tshark cross-check ---

const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
const haveTshark = tshark.status === 0;
if (!haveTshark) console.error('\n*** tshark is not installed: SKIPPING the tshark first-speaker comparison ***\n');

/** Per TCP stream: client endpoint (sender of the SYN) and the direction of the first frame carrying payload. */
function tsharkFirstSpeakers(file: string): Map<string, 'client' | 'server' | 'none'> {
  const r = spawnSync('tshark', ['-n', '-r', file, '-T', 'fields', '-E', 'separator=|', '-e', 'tcp.stream', '-e', 'ip.src', '-e', 'ipv6.src', '-e', 'tcp.srcport', '-e', 'tcp.len', '-e', 'tcp.flags.syn', '-e', 'tcp.flags.ack'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const streams = new Map<string, { client: string | null; first: string | null }>();
  for (const line of r.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const [stream = '', v4 = '', v6 = '', port = '', len = '', syn = '', ack = ''] = line.split('|');
    const src = v4 !== '' ? `${v4}:${port}` : `[${v6}]:${port}`;
    const s = streams.get(stream) ?? { client: null, first: null };
    const isSet = (x: string) => x === '1' || x === 'True';
    if (isSet(syn) && !isSet(ack) && s.client === null) s.client = src;
    if (Number(len) > 0 && s.first === null) s.first = src;
    streams.set(stream, s);
  }
  const out = new Map<string, 'client' | 'server' | 'none'>();
  for (const s of streams.values()) if (s.client !== null) out.set(s.client, s.first === null ? 'none' : s.first === s.client ? 'client' : 'server');
  return out;
}

function compareWithTshark(file: string, bytes: Uint8Array): void {
  const ours = new Map(analyzeBytes(bytes, { version }).flows.map((f) => [f.client, f.firstSpeaker]));
  const theirs = tsharkFirstSpeakers(file);
  assert.ok(theirs.size > 0, 'tshark saw flows');
  assert.deepEqual(ours, theirs);
}

test('first speaker per flow agrees with tshark on every real capture', { skip: haveTshark ? false : 'tshark not installed' }, () => {
  for (const e of [...EXPECT.map((x) => x.file), 'mixed.pcapng', 'several.pcap', 'synthetic-mix.pcap']) compareWithTshark(join(DIR, e), readFileSync(join(DIR, e)));
});

test('first speaker per flow agrees with tshark on a synthetic capture with many flows, IPv6 and reordering', { skip: haveTshark ? false : 'tshark not installed' }, () => {
  const packets: IpPacket[] = [];
  for (let i = 0; i < 40; i++) {
    const v6 = i % 3 === 0;
    const serverFirst = i % 2 === 0;
    packets.push(
      ...conversation({
        client: v6 ? 'fd00::1' : '10.9.0.1',
        server: v6 ? 'fd00::2' : '10.9.0.2',
        cport: 30000 + i,
        sport: serverFirst ? 4222 : 6379,
        startMs: 1_700_000_000_000 + i * 5,
        clientIsn: (0xfffffff0 + i * 977) >>> 0,
        say: serverFirst ? [{ from: 'server', bytes: 'INFO {}\r\n' }, { from: 'client', bytes: 'CONNECT {}\r\n' }] : [{ from: 'client', bytes: '*1\r\n$4\r\nPING\r\n' }, { from: 'server', bytes: '+PONG\r\n' }],
      }),
    );
  }
  // One flow where only reordered client data exists before the server speaks.
  const t = 1_700_000_001_000;
  const c = (seq: number, ack: number, flags: number, p?: string) => ({ timeMs: t + seq / 1000, bytes: tcpPacket({ src: '10.9.0.1', dst: '10.9.0.2', sport: 29999, dport: 80, seq, ack, flags, ...(p ? { payload: text(p) } : {}) }) });
  const s = (seq: number, ack: number, flags: number, p?: string) => ({ timeMs: t + seq / 1000 + 0.1, bytes: tcpPacket({ src: '10.9.0.2', dst: '10.9.0.1', sport: 80, dport: 29999, seq, ack, flags, ...(p ? { payload: text(p) } : {}) }) });
  packets.push(c(10, 0, 0x02), s(90, 11, 0x12), c(11, 91, ACK), c(17, 91, PSH | ACK, 'HTTP/1.1\r\n\r\n'), c(11, 91, PSH | ACK, 'GET / '), s(91, 29, PSH | ACK, 'HTTP/1.1 200 OK\r\n\r\n'));
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-tshark-'));
  try {
    const file = join(dir, 'many.pcap');
    const bytes = pcap(packets, { linkType: 1 });
    writeFileSync(file, bytes);
    compareWithTshark(file, bytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
