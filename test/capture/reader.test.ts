/** The streaming reader: pcap (both byte orders, µs/ns), pcapng (both byte orders, several interfaces, EPB/SPB/OPB, unknown blocks). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureReader } from '../../src/capture/reader.js';
import type { CapturedPacket } from '../../src/capture/types.js';
import { conversation, frame, pcap, pcapngSection, text } from './helpers/synth.js';

function readAll(bytes: Uint8Array, chunk = bytes.length): { packets: (Omit<CapturedPacket, 'data'> & { data: Uint8Array })[]; end: ReturnType<CaptureReader['finish']>; format: string | null } {
  const packets: (Omit<CapturedPacket, 'data'> & { data: Uint8Array })[] = [];
  const r = new CaptureReader((p) => packets.push({ ...p, data: p.data.slice() }));
  for (let at = 0; at < bytes.length; at += Math.max(1, chunk)) r.push(bytes.subarray(at, at + Math.max(1, chunk)));
  const end = r.finish();
  return { packets, end, format: r.format };
}

const conv = conversation({ client: '10.1.0.1', server: '10.1.0.2', cport: 40000, sport: 4222, say: [{ from: 'server', bytes: 'INFO {}\r\n' }] });

for (const littleEndian of [true, false]) {
  for (const nanoseconds of [false, true]) {
    test(`pcap ${littleEndian ? 'little' : 'big'}-endian ${nanoseconds ? 'ns' : 'µs'}: every frame, its time and link type`, () => {
      const file = pcap(conv, { littleEndian, nanoseconds, linkType: 1 });
      const { packets, end, format } = readAll(file);
      assert.deepEqual(end, { kind: 'complete' });
      assert.equal(format, nanoseconds ? 'pcap-ns' : 'pcap');
      assert.equal(packets.length, conv.length);
      packets.forEach((p, i) => {
        const src = conv[i]!;
        assert.equal(p.frame, i + 1);
        assert.equal(p.linkType, 1);
        assert.ok(Math.abs((p.timeMs ?? 0) - src.timeMs) < 0.002, `time of frame ${i + 1}: ${p.timeMs} vs ${src.timeMs}`);
        assert.deepEqual([...p.data.subarray(14)], [...src.bytes]);
      });
    });
  }
}

test('chunk boundaries do not matter: 1-byte, 7-byte and whole-file pushes give the same frames', () => {
  const file = pcap(conv, { linkType: 101 });
  const whole = readAll(file);
  for (const chunk of [1, 7, 100]) {
    const r = readAll(file, chunk);
    assert.deepEqual(r.packets.map((p) => [p.frame, p.offset, [...p.data]]), whole.packets.map((p) => [p.frame, p.offset, [...p.data]]));
    assert.deepEqual(r.end, whole.end);
  }
});

for (const le of [true, false]) {
  test(`pcapng ${le ? 'little' : 'big'}-endian: two interfaces with their own link type and timestamp resolution; EPB, OPB, SPB; unknown block skipped`, () => {
    const a = conv[0]!;
    const b = conv[1]!;
    const section = pcapngSection(
      [{ linkType: 1 }, { linkType: 276, tsresol: 9 }, { linkType: 101, tsresol: 0x80 | 20 }],
      [
        { iface: 0, timeMs: a.timeMs, data: frame(1, a.bytes) },
        { iface: 1, timeMs: b.timeMs, data: frame(276, b.bytes) },
        { iface: 2, timeMs: b.timeMs + 1, data: frame(101, b.bytes), block: 'opb' },
        { iface: 0, timeMs: 0, data: frame(1, a.bytes), block: 'spb' },
      ],
      le,
    );
    const { packets, end, format } = readAll(section);
    assert.deepEqual(end, { kind: 'complete' });
    assert.equal(format, 'pcapng');
    assert.deepEqual(packets.map((p) => p.linkType), [1, 276, 101, 1]);
    assert.ok(Math.abs((packets[0]!.timeMs ?? 0) - a.timeMs) < 0.002);
    assert.ok(Math.abs((packets[1]!.timeMs ?? 0) - b.timeMs) < 0.002, 'nanosecond interface');
    assert.ok(Math.abs((packets[2]!.timeMs ?? 0) - (b.timeMs + 1)) < 0.01, 'binary (2^-20) resolution');
    assert.equal(packets[3]!.timeMs, null, 'a simple packet block has no timestamp');
    assert.deepEqual([...packets[1]!.data.subarray(20)], [...b.bytes]);
  });
}

test('pcapng: a second section (other byte order) resets the interfaces', () => {
  const a = conv[0]!;
  const one = pcapngSection([{ linkType: 1 }], [{ iface: 0, timeMs: a.timeMs, data: frame(1, a.bytes) }], true);
  const two = pcapngSection([{ linkType: 113 }], [{ iface: 0, timeMs: a.timeMs, data: frame(113, a.bytes) }], false);
  const { packets, end } = readAll(Buffer.concat([one, two]), 13);
  assert.deepEqual(end, { kind: 'complete' });
  assert.deepEqual(packets.map((p) => p.linkType), [1, 113]);
});

test('not a capture: unknown magic, empty input, too short', () => {
  assert.equal(readAll(text('GET / HTTP/1.1\r\n\r\n')).end.kind, 'not-a-capture');
  assert.deepEqual(readAll(new Uint8Array(0)).end, { kind: 'not-a-capture', offset: 0, reason: 'the input is empty' });
  assert.equal(readAll(new Uint8Array([0xd4, 0xc3])).end.kind, 'not-a-capture');
});

test('truncated pcap: the frames before the cut are read, the end says where and why', () => {
  const file = pcap(conv, { linkType: 1 });
  const cut = file.subarray(0, file.length - 5);
  const { packets, end } = readAll(cut);
  assert.equal(packets.length, conv.length - 1);
  assert.equal(end.kind, 'truncated');
  if (end.kind === 'truncated') {
    const lastRecord = file.length - (16 + 14 + conv[conv.length - 1]!.bytes.length);
    assert.equal(end.offset, lastRecord);
    assert.match(end.reason, /ends inside a packet/);
  }
  const header = readAll(file.subarray(0, 10)).end;
  assert.equal(header.kind, 'truncated');
  if (header.kind === 'truncated') assert.match(header.reason, /pcap header/);
});

test('corrupt pcap: an absurd record length stops reading at that record', () => {
  const file = Buffer.from(pcap(conv.slice(0, 2), { linkType: 1 }));
  const second = 24 + 16 + 14 + conv[0]!.bytes.length;
  file.writeUInt32LE(0x7fffffff, second + 8);
  const { packets, end } = readAll(file);
  assert.equal(packets.length, 1);
  assert.deepEqual(end, { kind: 'corrupt', offset: second, reason: 'record claims 2147483647 captured bytes' });
});

test('corrupt pcapng: a block whose trailing length disagrees stops reading there', () => {
  const a = conv[0]!;
  const section = Buffer.from(pcapngSection([{ linkType: 1 }], [{ iface: 0, timeMs: a.timeMs, data: frame(1, a.bytes) }, { iface: 0, timeMs: a.timeMs, data: frame(1, a.bytes) }]));
  section.writeUInt32LE(12345, section.length - 4);
  const { packets, end } = readAll(section);
  assert.equal(packets.length, 1);
  assert.equal(end.kind, 'corrupt');
  if (end.kind === 'corrupt') assert.match(end.reason, /trailing length/);
});

test('pcapng if_tsoffset is added to every timestamp of its interface', () => {
  const a = conv[0]!;
  const section = pcapngSection([{ linkType: 101, tsoffset: 1_600_000_000 }], [{ iface: 0, timeMs: a.timeMs, data: frame(101, a.bytes) }]);
  const { packets } = readAll(section);
  assert.ok(Math.abs((packets[0]!.timeMs ?? 0) - a.timeMs) < 0.002, `${packets[0]!.timeMs} vs ${a.timeMs}`);
});

test('a record much larger than the chunks (a 100 KB offloaded segment) is joined across chunks, in both formats', () => {
  const big = new Uint8Array(100_000).map((_, i) => i & 0xff);
  const ip = conversation({ client: '10.1.0.1', server: '10.1.0.2', cport: 40000, sport: 80, say: [{ from: 'client', bytes: big }] })[3]!;
  const files = [pcap([conv[0]!, ip, conv[1]!], { linkType: 101 }), pcapngSection([{ linkType: 101 }], [conv[0]!, ip, conv[1]!].map((p) => ({ iface: 0, timeMs: p.timeMs, data: p.bytes })), false)];
  for (const file of files) {
    for (const chunk of [1000, 4096, 65536]) {
      const { packets, end } = readAll(file, chunk);
      assert.deepEqual(end, { kind: 'complete' });
      assert.equal(packets.length, 3);
      assert.ok(Buffer.from(packets[1]!.data).equals(Buffer.from(ip.bytes)), `chunk ${chunk}`);
    }
  }
});
