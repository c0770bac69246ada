/** Link layers (Ethernet + VLAN/QinQ, cooked v1/v2, raw IP, BSD null/loop), IPv4 options and fragments, IPv6 extension headers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSegment, ipv6 } from '../../src/capture/tcp-segment.js';
import { ACK, PSH, frame, tcpPacket, text } from './helpers/synth.js';

const v4 = tcpPacket({ src: '192.0.2.1', dst: '198.51.100.2', sport: 51000, dport: 3306, seq: 7, ack: 9, flags: PSH | ACK, payload: text('hello') });
const v6 = tcpPacket({ src: '2001:db8::1', dst: '2001:db8::2', sport: 51000, dport: 443, seq: 7, ack: 9, flags: ACK, payload: text('x') });

for (const linkType of [0, 1, 12, 14, 101, 108, 113, 228, 276]) {
  test(`link type ${linkType}: IPv4 TCP decoded`, () => {
    const s = decodeSegment(linkType, frame(linkType, v4));
    assert.notEqual(typeof s, 'string');
    if (typeof s === 'string') return;
    assert.deepEqual([s.src, s.sport, s.dst, s.dport, s.seq, s.ack, s.flags], ['192.0.2.1', 51000, '198.51.100.2', 3306, 7, 9, PSH | ACK]);
    assert.equal(Buffer.from(s.payload).toString(), 'hello');
    assert.equal(s.wireLength, 5);
  });
}

for (const linkType of [0, 1, 101, 108, 113, 229, 276]) {
  test(`link type ${linkType}: IPv6 TCP decoded`, () => {
    const s = decodeSegment(linkType, frame(linkType, v6));
    assert.notEqual(typeof s, 'string');
    if (typeof s !== 'string') assert.deepEqual([s.src, s.dst, s.dport], ['2001:db8::1', '2001:db8::2', 443]);
  });
}

test('BSD null in big-endian host order is read as well', () => {
  const s = decodeSegment(0, frame(0, v4, { littleEndianNull: false }));
  assert.notEqual(typeof s, 'string');
});

test('Ethernet with 802.1Q and QinQ tags', () => {
  for (const vlan of [[10], [100, 200]]) {
    const s = decodeSegment(1, frame(1, v4, { vlan }));
    assert.notEqual(typeof s, 'string', `vlan ${vlan.join('+')}`);
  }
});

test('non-IP, non-TCP, unsupported link type, cut frames', () => {
  const arp = new Uint8Array([...new Array(12).fill(0), 0x08, 0x06, 0, 1]);
  assert.equal(decodeSegment(1, arp), 'non-ip');
  const udp = Uint8Array.from(v4);
  udp[9] = 17;
  assert.equal(decodeSegment(101, udp), 'non-tcp');
  assert.equal(decodeSegment(147, frame(101, v4)), 'unsupported-link-type');
  assert.equal(decodeSegment(101, v4.subarray(0, 30)), 'malformed');
  assert.equal(decodeSegment(1, new Uint8Array(5)), 'malformed');
});

test('IPv4 options are skipped by IHL', () => {
  const opts = new Uint8Array(v4.length + 4);
  opts.set(v4.subarray(0, 20), 0);
  opts[0] = 0x46;
  opts[20] = 1; // NOP NOP NOP EOL
  opts[21] = 1;
  opts[22] = 1;
  opts.set(v4.subarray(20), 24);
  new DataView(opts.buffer).setUint16(2, opts.length);
  const s = decodeSegment(101, opts);
  assert.notEqual(typeof s, 'string');
  if (typeof s !== 'string') assert.equal(Buffer.from(s.payload).toString(), 'hello');
});

test('IPv4 fragments (MF set, or a non-zero offset) are counted, not decoded', () => {
  const first = Uint8Array.from(v4);
  first[6] = 0x20; // MF
  assert.equal(decodeSegment(101, first), 'fragment');
  const later = Uint8Array.from(v4);
  later[6] = 0x00;
  later[7] = 0x10;
  assert.equal(decodeSegment(101, later), 'fragment');
});

function withV6Ext(ext: number[], nextOfExt: number, firstNext: number): Uint8Array {
  const tcp = v6.subarray(40);
  const out = new Uint8Array(40 + ext.length + tcp.length);
  out.set(v6.subarray(0, 40), 0);
  out[6] = firstNext;
  new DataView(out.buffer).setUint16(4, ext.length + tcp.length);
  out.set(ext, 40);
  out[40] = nextOfExt;
  out.set(tcp, 40 + ext.length);
  return out;
}

test('IPv6 extension headers: hop-by-hop, destination options, routing, AH, atomic fragment are walked', () => {
  const eight = [0, 0, 0, 0, 0, 0, 0, 0];
  for (const [first, ext] of [[0, eight], [60, eight], [43, eight], [44, eight], [51, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]] as const) {
    const s = decodeSegment(229, withV6Ext([...ext], 6, first));
    assert.notEqual(typeof s, 'string', `extension header ${first}`);
    if (typeof s !== 'string') assert.equal(s.dport, 443);
  }
  const frag = [6, 0, 0, 8, 0, 0, 0, 1]; // offset 1
  assert.equal(decodeSegment(229, withV6Ext(frag, 6, 44)), 'fragment');
  assert.equal(decodeSegment(229, withV6Ext([0, 0, 0, 0, 0, 0, 0, 0], 17, 0)), 'non-tcp');
});

test('RFC 5952 text for IPv6 addresses', () => {
  const a = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
  assert.equal(ipv6(a('20010db8000000000000000000000001'), 0), '2001:db8::1');
  assert.equal(ipv6(a('00000000000000000000000000000001'), 0), '::1');
  assert.equal(ipv6(a('20010db8000100000001000000000001'), 0), '2001:db8:1:0:1::1');
  assert.equal(ipv6(a('20010db8aaaabbbbccccddddeeeeffff'), 0), '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff');
});

test('snaplen cut: captured payload shorter than the wire length', () => {
  const cut = frame(101, v4).subarray(0, 20 + 20 + 2);
  const s = decodeSegment(101, cut);
  assert.notEqual(typeof s, 'string');
  if (typeof s !== 'string') {
    assert.equal(s.payload.length, 2);
    assert.equal(s.wireLength, 5);
  }
});
