/**
 * Flow following: handshake, who spoke first, the gap, the proxy's first read (in-order, out-of-order,
 * retransmitted and overlapping segments), flows without a handshake, refusals, tuple reuse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeBytes, CaptureAnalyzer, type CaptureAnalysis } from '../../src/capture/analyze.js';
import { CaptureReader } from '../../src/capture/reader.js';
import { decodeSegment } from '../../src/capture/tcp-segment.js';
import { CLOSED_TTL_MS, FlowTable } from '../../src/capture/flow-table.js';
import { emptySkipped } from '../../src/capture/types.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { ACK, FIN, PSH, RST, SYN, conversation, pcap, tcpPacket, text, type IpPacket } from './helpers/synth.js';
import { renderCaptureJson } from '../../src/report/capture-json.js';

const version = parseLinkerdVersion('latest');
const C = '10.0.0.1';
const S = '10.0.0.2';
const T0 = 1_700_000_000_000;

function run(packets: readonly IpPacket[], ports?: number[]): CaptureAnalysis {
  return analyzeBytes(pcap(packets, { linkType: 101 }), { version, ...(ports ? { ports } : {}) });
}

/** Packets of a hand-written exchange: times in ms after T0. */
function pk(t: number, from: 'c' | 's', seq: number, ack: number, flags: number, payload?: string | Uint8Array, ports: [number, number] = [40000, 4222]): IpPacket {
  const body = typeof payload === 'string' ? text(payload) : payload;
  const [cp, sp] = ports;
  return {
    timeMs: T0 + t,
    bytes: from === 'c'
      ? tcpPacket({ src: C, dst: S, sport: cp, dport: sp, seq, ack, flags, ...(body ? { payload: body } : {}) })
      : tcpPacket({ src: S, dst: C, sport: sp, dport: cp, seq, ack, flags, ...(body ? { payload: body } : {}) }),
  };
}

/** SYN (ISN 100), SYN-ACK (ISN 500), ACK at t = 0, 1, 2. */
const HANDSHAKE = [pk(0, 'c', 100, 0, SYN), pk(1, 's', 500, 101, SYN | ACK), pk(2, 'c', 101, 501, ACK)];

test('server speaks first after 2 s; the client waits for the greeting: the proxy reads nothing (timeout)', () => {
  const a = run([...HANDSHAKE, pk(2002, 's', 501, 101, PSH | ACK, 'INFO {"server_id":"x"}\r\n'), pk(2003, 'c', 101, 525, PSH | ACK, 'CONNECT {}\r\n')]);
  assert.equal(a.flows.length, 1);
  const f = a.flows[0]!;
  assert.equal(f.client, '10.0.0.1:40000');
  assert.equal(f.server, '10.0.0.2:4222');
  assert.equal(f.firstSpeaker, 'server');
  assert.equal(f.gapMs, 2000);
  assert.equal(f.clientWaitedForGreeting, true);
  assert.equal(f.proxyFirstRead, 0);
  assert.equal(f.http, 'timeout');
  assert.equal(Buffer.from(f.serverPreview).toString(), 'INFO {"server_id":"x"}\r\n');
});

test('both sides send at once (SSH style): the client did not wait, so the proxy reads the client bytes', () => {
  const a = run([...HANDSHAKE, pk(3, 's', 501, 101, PSH | ACK, 'SSH-2.0-OpenSSH_9.2\r\n'), pk(3.1, 'c', 101, 501, PSH | ACK, 'SSH-2.0-OpenSSH_9.6\r\n')], undefined);
  const f = a.flows[0]!;
  assert.equal(f.firstSpeaker, 'server');
  assert.equal(f.clientWaitedForGreeting, false, 'the client ACK did not cover the server banner');
  assert.equal(f.proxyFirstRead, 21);
  assert.equal(f.http, 'not-http');
});

test('client first, HTTP/1 in one segment: http1 on the whole first read', () => {
  const req = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
  const f = run([...HANDSHAKE, pk(3, 'c', 101, 501, PSH | ACK, req)]).flows[0]!;
  assert.equal(f.firstSpeaker, 'client');
  assert.equal(f.gapMs, 1);
  assert.equal(f.proxyFirstRead, req.length);
  assert.equal(f.http, 'http1');
});

test('client writes "GET" and the rest as separate in-order segments: the first read is "GET" (not HTTP)', () => {
  const f = run([...HANDSHAKE, pk(3, 'c', 101, 501, PSH | ACK, 'GET'), pk(3.5, 's', 501, 104, ACK), pk(4, 'c', 104, 501, PSH | ACK, ' / HTTP/1.1\r\nHost: x\r\n\r\n')]).flows[0]!;
  assert.equal(f.proxyFirstRead, 3);
  assert.equal(f.http, 'not-http');
});

test('out of order: the second segment arrives first, so the first read is both segments joined', () => {
  const f = run([...HANDSHAKE, pk(3, 'c', 107, 501, PSH | ACK, 'HTTP/1.1\r\nHost: x\r\n\r\n'), pk(4, 'c', 101, 501, PSH | ACK, 'GET / ')]).flows[0]!;
  assert.equal(f.proxyFirstRead, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'.length);
  assert.equal(Buffer.from(f.clientPreview).toString(), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(f.http, 'http1');
  assert.equal(f.gapMs, 1, 'the gap counts from the first payload seen, in order or not');
});

test('retransmission and overlap: bytes received first win, duplicates are dropped', () => {
  const f = run([
    ...HANDSHAKE,
    pk(3, 'c', 101, 501, PSH | ACK, 'PING'),
    pk(4, 'c', 101, 501, PSH | ACK, 'XXXX'), // retransmission with other bytes: ignored
    pk(5, 'c', 103, 501, PSH | ACK, 'YYNG\r\n'), // overlaps "NG": only "\r\n" is new
    pk(6, 's', 501, 109, PSH | ACK, '+PONG\r\n'),
  ]).flows[0]!;
  assert.equal(Buffer.from(f.clientPreview).toString(), 'PING', 'the first read is the first segment alone');
  assert.equal(f.proxyFirstRead, 4);
});

test('overlapping out-of-order segments are joined without duplicating bytes', () => {
  const f = run([...HANDSHAKE, pk(3, 'c', 105, 501, PSH | ACK, 'ABCDEFGH'), pk(3.2, 'c', 103, 501, PSH | ACK, 'zzAB'), pk(4, 'c', 101, 501, PSH | ACK, '0123')]).flows[0]!;
  assert.equal(Buffer.from(f.clientPreview).toString(), '0123ABCDEFGH');
});

test('sequence numbers wrap around 2^32', () => {
  const isn = 0xfffffffe;
  const f = run([
    pk(0, 'c', isn, 0, SYN),
    pk(1, 's', 500, 0xffffffff, SYN | ACK),
    pk(2, 'c', 0xffffffff, 501, ACK),
    pk(3, 'c', 7, 501, PSH | ACK, 'TP/1.1\r\n'), // out of order, after the wrap
    pk(4, 'c', 0xffffffff, 501, PSH | ACK, 'GET / HT'),
  ]).flows[0]!;
  assert.equal(Buffer.from(f.clientPreview).toString(), 'GET / HTTP/1.1\r\n');
  assert.equal(f.http, 'http1');
});

test('a flow whose SYN and SYN-ACK are missing is counted and listed with its ports, not classified', () => {
  const a = run([pk(0, 'c', 101, 501, PSH | ACK, 'hello'), pk(1, 's', 501, 106, ACK), ...conversation({ client: C, server: S, cport: 40001, sport: 80, startMs: T0 + 5, say: [{ from: 'client', bytes: 'GET / HTTP/1.1\r\n\r\n' }] })]);
  assert.equal(a.skipped.flowsWithoutHandshake, 1);
  assert.equal(a.skipped.segmentsWithoutHandshake, 2);
  assert.deepEqual(a.flows.map((f) => f.server), ['10.0.0.2:80']);
  assert.equal(a.startlessTotal, 1);
  assert.deepEqual(a.startless.map((f) => ({ first: f.first, second: f.second, frame: f.frame, segments: f.segments })), [
    { first: { addr: '10.0.0.1', port: 40000 }, second: { addr: '10.0.0.2', port: 4222 }, frame: 1, segments: 2 },
  ]);
  const json = JSON.parse(renderCaptureJson(a, [], { file: 'x.pcap', linkerd: 'latest', client: 'meshed', server: 'meshed' })) as { flowsWithoutStart: unknown[] };
  assert.deepEqual(json.flowsWithoutStart, [{ endpoints: ['10.0.0.1:40000', '10.0.0.2:4222'], ports: [40000, 4222], firstSpeaker: null, frame: 1, segments: 2 }]);
  // With --port, a flow without a start is listed when either of its ports is given.
  assert.equal(run([pk(0, 'c', 101, 501, PSH | ACK, 'hello')], [4222]).startless.length, 1);
  assert.equal(run([pk(0, 'c', 101, 501, PSH | ACK, 'hello')], [80]).startless.length, 0);
});

test('SYN not captured but SYN-ACK is: followed, with a note', () => {
  const f = run([pk(1, 's', 500, 101, SYN | ACK), pk(2, 'c', 101, 501, ACK), pk(5, 's', 501, 101, PSH | ACK, '220 mail ESMTP\r\n')]).flows[0]!;
  assert.equal(f.client, '10.0.0.1:40000');
  assert.equal(f.firstSpeaker, 'server');
  assert.equal(f.gapMs, 3);
  assert.match(f.notes.join(), /SYN not captured/);
});

test('refused connection: nobody speaks, noted', () => {
  const f = run([pk(0, 'c', 100, 0, SYN), pk(0.1, 's', 0, 101, RST | ACK)]).flows[0]!;
  assert.equal(f.firstSpeaker, 'none');
  assert.equal(f.gapMs, null);
  assert.match(f.notes.join(), /refused/);
});

test('the same 4-tuple reused with a new ISN is a second flow; a retransmitted SYN is not', () => {
  const a = run([
    pk(0, 'c', 100, 0, SYN),
    pk(0.5, 'c', 100, 0, SYN),
    pk(1, 's', 500, 101, SYN | ACK),
    pk(2, 'c', 101, 501, ACK),
    pk(3, 'c', 101, 501, PSH | ACK, 'ping'),
    pk(4, 'c', 105, 501, FIN | ACK),
    pk(10, 'c', 9000, 0, SYN),
    pk(11, 's', 7000, 9001, SYN | ACK),
    pk(12, 'c', 9001, 7001, ACK),
    pk(13, 's', 7001, 9001, PSH | ACK, 'hello'),
  ]);
  assert.deepEqual(a.flows.map((f) => f.firstSpeaker), ['client', 'server']);
});

test('--port keeps only flows to those server ports and counts the rest', () => {
  const packets = [
    ...conversation({ client: C, server: S, cport: 40001, sport: 80, say: [{ from: 'client', bytes: 'GET / HTTP/1.1\r\n\r\n' }] }),
    ...conversation({ client: C, server: S, cport: 40002, sport: 25, say: [{ from: 'server', bytes: '220 x ESMTP\r\n' }] }),
  ];
  const a = run(packets, [25]);
  assert.deepEqual(a.flows.map((f) => f.serverPort), [25]);
  assert.equal(a.skipped.filteredFlows, 1);
});

test('a TLS ClientHello split over two segments: the first read is incomplete, the TLS step reads the whole record', () => {
  const hello = clientHelloFromFixture();
  const cut = 100;
  const f = run([...HANDSHAKE, pk(3, 'c', 101, 501, PSH | ACK, hello.subarray(0, cut)), pk(4, 'c', 101 + cut, 501, PSH | ACK, hello.subarray(cut)), pk(5, 's', 501, 101 + hello.length, PSH | ACK, new Uint8Array([0x16, 3, 3, 0, 1, 2]))], undefined).flows[0]!;
  assert.equal(f.proxyFirstRead, cut);
  assert.equal(f.tls.state, 'no-sni', 'curl to an IP address sends no SNI');
  assert.equal(f.http, 'not-http');
});

test('the analysis does not depend on how the file is chunked', () => {
  const file = pcap([...HANDSHAKE, pk(2002, 's', 501, 101, PSH | ACK, 'INFO {}\r\n'), pk(2003, 'c', 101, 510, PSH | ACK, 'CONNECT {}\r\n'), ...conversation({ client: C, server: S, cport: 40001, sport: 80, say: [{ from: 'client', bytes: 'GET / HTTP/1.1\r\n\r\n' }] })], { linkType: 1 });
  const whole = analyzeBytes(file, { version });
  for (const size of [1, 3, 64, 1000]) {
    const an = new CaptureAnalyzer({ version });
    for (let at = 0; at < file.length; at += size) an.push(file.subarray(at, at + size));
    assert.deepEqual(an.finish(), whole, `chunks of ${size}`);
  }
});

/** The client's first payload in the real TLS fixture (curl -k to nginx), found without the flow table. */
function clientHelloFromFixture(): Uint8Array {
  const file = readFileSync(fileURLToPath(new URL('../../../test/capture/fixtures/tls.pcap', import.meta.url)));
  let hello: Uint8Array | null = null;
  const r = new CaptureReader((p) => {
    const s = decodeSegment(p.linkType, p.data);
    if (hello === null && typeof s !== 'string' && s.payload.length > 0 && s.payload[0] === 0x16) hello = s.payload.slice();
  });
  r.push(file);
  r.finish();
  assert.ok(hello !== null, 'the TLS fixture has a ClientHello');
  return hello;
}

test('closed connections are forgotten after CLOSED_TTL_MS of capture time: the flow table holds only recent ones', () => {
  const seen: string[] = [];
  const table = new FlowTable((f) => seen.push(f.client.addr), emptySkipped());
  const n = 1000;
  for (let i = 0; i < n; i++) {
    for (const p of conversation({ client: `10.3.${i >> 8}.${i & 255}`, server: S, cport: 40000, sport: 6379, startMs: T0 + i * 1000, say: [{ from: 'client', bytes: 'PING\r\n' }] })) {
      const s = decodeSegment(101, p.bytes);
      if (typeof s !== 'string') table.add(s, 0, p.timeMs);
    }
  }
  assert.ok(table.size <= CLOSED_TTL_MS / 1000 + 2, `table holds ${table.size} entries`);
  table.flush();
  assert.equal(seen.length, n, 'every flow was handed over exactly once');
  assert.equal(new Set(seen).size, n);
});

test('a snaplen that cuts the first payload: judged on the captured bytes, with a note', () => {
  const packets = [...HANDSHAKE, pk(3, 'c', 101, 501, PSH | ACK, 'GET /a/long/path HTTP/1.1\r\nHost: x\r\n\r\n')];
  const a = analyzeBytes(pcap(packets, { linkType: 101, snapLen: 20 + 20 + 10 }), { version });
  const f = a.flows[0]!;
  assert.equal(f.proxyFirstRead, 10);
  assert.equal(f.http, 'not-http', 'ten captured bytes are fewer than the 14 the proxy needs');
  assert.match(f.notes.join(), /snaplen/);
});

test('the third ACK is not in the capture: the gap counts from the SYN-ACK', () => {
  const f = run([pk(0, 'c', 100, 0, SYN), pk(1, 's', 500, 101, SYN | ACK), pk(2001, 's', 501, 101, PSH | ACK, '220 mail ESMTP\r\n'), pk(2002, 'c', 101, 517, PSH | ACK, 'EHLO x\r\n')]).flows[0]!;
  assert.equal(f.firstSpeaker, 'server');
  assert.equal(f.gapMs, 2000);
  assert.equal(f.clientWaitedForGreeting, true);
});
