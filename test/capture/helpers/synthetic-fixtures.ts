/**
 * The committed synthetic fixture test/capture/fixtures/synthetic-mix.pcap, rebuilt by this helper
 * (a test checks that the committed file is byte-identical). Ethernet with VLAN tags, IPv4 and IPv6:
 * flows that disagree on the first speaker, an off-cluster MySQL, a flow that started before the
 * capture, a refused connection, UDP and an IPv4 fragment.
 */
import { ACK, PSH, RST, SYN, conversation, pcapHeader, pcapRecord, frame, tcpPacket, text, type IpPacket } from './synth.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

export function syntheticMix(): Buffer {
  const packets: { p: IpPacket; vlan?: number[] }[] = [];
  const add = (list: IpPacket[], vlan?: number[]) => list.forEach((p) => packets.push({ p, ...(vlan ? { vlan } : {}) }));
  // Port 7000: three flows where the server greets first, one where the client speaks first.
  for (let i = 0; i < 3; i++) add(conversation({ client: '10.8.0.10', server: '10.8.1.20', cport: 50000 + i, sport: 7000, startMs: T0 + i * 100, say: [{ from: 'server', bytes: 'HELLO v1\r\n', afterMs: 3 }, { from: 'client', bytes: 'LOGIN x\r\n' }] }), [42]);
  add(conversation({ client: '10.8.0.11', server: '10.8.1.20', cport: 50010, sport: 7000, startMs: T0 + 400, say: [{ from: 'client', bytes: 'STATUS\r\n' }, { from: 'server', bytes: 'OK\r\n' }] }), [42]);
  // An off-cluster MariaDB (public address) on 3306, QinQ-tagged.
  add(conversation({ client: '10.8.0.12', server: '52.10.20.30', cport: 50020, sport: 3306, startMs: T0 + 500, say: [{ from: 'server', bytes: 'J\0\0\0\x0a5.5.5-10.11.6-MariaDB\0', afterMs: 40 }, { from: 'client', bytes: 'login' }] }), [100, 200]);
  // HTTP/1.1 over IPv6, sent in two segments: the proxy's first read is only "GET".
  add(conversation({ client: 'fd00::10', server: 'fd00::20', cport: 50030, sport: 8080, startMs: T0 + 600, mss: 3, say: [{ from: 'client', bytes: 'GET / HTTP/1.1\r\nHost: web\r\n\r\n'.slice(0, 3) }, { from: 'client', bytes: ' / HTTP/1.1\r\nHost: web\r\n\r\n' }, { from: 'server', bytes: 'HTTP/1.1 200 OK\r\n\r\n' }] }));
  // A flow that started before the capture (no SYN, no SYN-ACK): counted, not classified.
  add([{ timeMs: T0 + 700, bytes: tcpPacket({ src: '10.8.0.13', dst: '10.8.1.21', sport: 50040, dport: 5432, seq: 1, ack: 1, flags: PSH | ACK, payload: text('Q\0\0\0\x0dselect 1\0') }) }]);
  // A refused connection to 9999.
  add([
    { timeMs: T0 + 800, bytes: tcpPacket({ src: '10.8.0.14', dst: '10.8.1.22', sport: 50050, dport: 9999, seq: 77, ack: 0, flags: SYN }) },
    { timeMs: T0 + 800.1, bytes: tcpPacket({ src: '10.8.1.22', dst: '10.8.0.14', sport: 9999, dport: 50050, seq: 0, ack: 78, flags: RST | ACK }) },
  ]);
  // UDP (DNS) and a first IPv4 fragment: skipped and counted.
  const udp = tcpPacket({ src: '10.8.0.10', dst: '10.8.0.2', sport: 53000, dport: 53, seq: 0, ack: 0, flags: 0 });
  udp[9] = 17;
  const frag = tcpPacket({ src: '10.8.0.10', dst: '10.8.1.20', sport: 50060, dport: 7000, seq: 0, ack: 0, flags: ACK, payload: new Uint8Array(64) });
  frag[6] = 0x20;
  add([{ timeMs: T0 + 900, bytes: udp }, { timeMs: T0 + 901, bytes: frag }]);
  packets.sort((a, b) => a.p.timeMs - b.p.timeMs);
  return Buffer.concat([pcapHeader({ linkType: 1 }), ...packets.map(({ p, vlan }) => pcapRecord(p.timeMs, frame(1, p.bytes, vlan ? { vlan } : {})))]);
}
