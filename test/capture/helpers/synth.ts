/**
 * Synthetic captures for tests and the bench: TCP conversations built packet by packet, wrapped in
 * any supported link layer, written as pcap (both byte orders, µs/ns) or pcapng (several interfaces).
 */

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export interface IpPacket {
  readonly timeMs: number;
  /** The IP packet (v4 or v6) carrying one TCP segment, or anything else for non-TCP tests. */
  readonly bytes: Uint8Array;
}

export interface TcpSpec {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  readonly payload?: Uint8Array;
}

function addrBytes(addr: string): number[] {
  if (addr.includes(':')) {
    const [head = '', tail = ''] = addr.split('::');
    const h = head === '' ? [] : head.split(':');
    const t = addr.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
    const groups = addr.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : addr.split(':');
    return groups.flatMap((g) => {
      const n = parseInt(g, 16);
      return [n >> 8, n & 0xff];
    });
  }
  return addr.split('.').map(Number);
}

/** An IPv4 or IPv6 packet with a 20-byte TCP header (checksums left zero: protocheck does not check them). */
export function tcpPacket(s: TcpSpec): Uint8Array {
  const payload = s.payload ?? new Uint8Array(0);
  const tcp = new Uint8Array(20 + payload.length);
  const v = new DataView(tcp.buffer);
  v.setUint16(0, s.sport);
  v.setUint16(2, s.dport);
  v.setUint32(4, s.seq >>> 0);
  v.setUint32(8, s.ack >>> 0);
  tcp[12] = 5 << 4;
  tcp[13] = s.flags;
  v.setUint16(14, 65535);
  tcp.set(payload, 20);
  const src = addrBytes(s.src);
  const dst = addrBytes(s.dst);
  if (src.length === 16) {
    const ip = new Uint8Array(40 + tcp.length);
    const iv = new DataView(ip.buffer);
    ip[0] = 0x60;
    iv.setUint16(4, tcp.length);
    ip[6] = 6;
    ip[7] = 64;
    ip.set(src, 8);
    ip.set(dst, 24);
    ip.set(tcp, 40);
    return ip;
  }
  const ip = new Uint8Array(20 + tcp.length);
  const iv = new DataView(ip.buffer);
  ip[0] = 0x45;
  iv.setUint16(2, ip.length);
  iv.setUint16(6, 0x4000); // DF
  ip[8] = 64;
  ip[9] = 6;
  ip.set(src, 12);
  ip.set(dst, 16);
  ip.set(tcp, 20);
  return ip;
}

export interface Say {
  readonly from: 'client' | 'server';
  readonly bytes: Uint8Array | string;
  /** Milliseconds after the previous event. */
  readonly afterMs?: number;
}

export interface Conversation {
  readonly client: string;
  readonly server: string;
  readonly cport: number;
  readonly sport: number;
  readonly startMs?: number;
  readonly clientIsn?: number;
  readonly serverIsn?: number;
  readonly say: readonly Say[];
  /** Close with FINs (default) or leave open. */
  readonly close?: boolean;
  /** Split payloads into segments of at most this many bytes. */
  readonly mss?: number;
}

const enc = new TextEncoder();

/** SYN, SYN-ACK, ACK, the payloads (each acknowledged), then FIN/ACK both ways. */
export function conversation(c: Conversation): IpPacket[] {
  let t = c.startMs ?? 1_700_000_000_000;
  let cseq = c.clientIsn ?? 1000;
  let sseq = c.serverIsn ?? 5000;
  const out: IpPacket[] = [];
  const fromC = (flags: number, payload?: Uint8Array) =>
    out.push({ timeMs: t, bytes: tcpPacket({ src: c.client, dst: c.server, sport: c.cport, dport: c.sport, seq: cseq, ack: sseq, flags, ...(payload ? { payload } : {}) }) });
  const fromS = (flags: number, payload?: Uint8Array) =>
    out.push({ timeMs: t, bytes: tcpPacket({ src: c.server, dst: c.client, sport: c.sport, dport: c.cport, seq: sseq, ack: cseq, flags, ...(payload ? { payload } : {}) }) });
  fromC(SYN);
  cseq = (cseq + 1) >>> 0;
  t += 0.05;
  fromS(SYN | ACK);
  sseq = (sseq + 1) >>> 0;
  t += 0.05;
  fromC(ACK);
  const mss = c.mss ?? 65483;
  for (const s of c.say) {
    t += s.afterMs ?? 1;
    const bytes = typeof s.bytes === 'string' ? enc.encode(s.bytes) : s.bytes;
    for (let at = 0; at < bytes.length; at += mss) {
      const part = bytes.subarray(at, at + mss);
      if (s.from === 'client') {
        fromC(PSH | ACK, part);
        cseq = (cseq + part.length) >>> 0;
        t += 0.02;
        fromS(ACK);
      } else {
        fromS(PSH | ACK, part);
        sseq = (sseq + part.length) >>> 0;
        t += 0.02;
        fromC(ACK);
      }
    }
  }
  if (c.close ?? true) {
    t += 1;
    fromC(FIN | ACK);
    cseq = (cseq + 1) >>> 0;
    t += 0.02;
    fromS(FIN | ACK);
    sseq = (sseq + 1) >>> 0;
    t += 0.02;
    fromC(ACK);
  }
  return out;
}

/** Wraps an IP packet in a link-layer header. */
export function frame(linkType: number, ip: Uint8Array, options: { vlan?: number[]; littleEndianNull?: boolean } = {}): Uint8Array {
  const v6 = (ip[0] as number) >> 4 === 6;
  const ethertype = v6 ? [0x86, 0xdd] : [0x08, 0x00];
  let head: number[];
  switch (linkType) {
    case 1: {
      head = [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2];
      for (const id of options.vlan ?? []) head.push(0x81, 0x00, id >> 8, id & 0xff);
      head.push(...ethertype);
      break;
    }
    case 113:
      head = [0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, ...ethertype];
      break;
    case 276:
      head = [...ethertype, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0];
      break;
    case 0: {
      const fam = v6 ? 30 : 2;
      head = options.littleEndianNull === false ? [0, 0, 0, fam] : [fam, 0, 0, 0];
      break;
    }
    case 108:
      head = [0, 0, 0, v6 ? 24 : 2];
      break;
    default:
      head = []; // raw IP: 101, 12, 14, 228, 229
  }
  const out = new Uint8Array(head.length + ip.length);
  out.set(head, 0);
  out.set(ip, head.length);
  return out;
}

export interface PcapOptions {
  readonly linkType?: number;
  readonly littleEndian?: boolean;
  readonly nanoseconds?: boolean;
  readonly snapLen?: number;
}

export function pcapHeader(o: PcapOptions = {}): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  const le = o.littleEndian ?? true;
  v.setUint32(0, o.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, o.snapLen ?? 262144, le);
  v.setUint32(20, o.linkType ?? 1, le);
  return h;
}

export function pcapRecord(timeMs: number, data: Uint8Array, o: PcapOptions = {}): Uint8Array {
  const le = o.littleEndian ?? true;
  const snap = o.snapLen ?? 262144;
  const cap = Math.min(data.length, snap);
  const r = new Uint8Array(16 + cap);
  const v = new DataView(r.buffer);
  const sec = Math.floor(timeMs / 1000);
  const frac = Math.round((timeMs - sec * 1000) * (o.nanoseconds ? 1e6 : 1e3));
  v.setUint32(0, sec, le);
  v.setUint32(4, frac, le);
  v.setUint32(8, cap, le);
  v.setUint32(12, data.length, le);
  r.set(data.subarray(0, cap), 16);
  return r;
}

/** A whole pcap file from IP packets. */
export function pcap(packets: readonly IpPacket[], o: PcapOptions = {}): Buffer {
  const linkType = o.linkType ?? 1;
  const parts = [pcapHeader(o), ...packets.map((p) => pcapRecord(p.timeMs, frame(linkType, p.bytes), o))];
  return Buffer.concat(parts);
}

export interface NgInterface {
  readonly linkType: number;
  /** if_tsresol byte (default 6 = microseconds). */
  readonly tsresol?: number;
  /** if_tsoffset in seconds (timestamps are written relative to it). */
  readonly tsoffset?: number;
  readonly snapLen?: number;
}

export interface NgPacket {
  readonly iface: number;
  readonly timeMs: number;
  readonly data: Uint8Array;
  readonly block?: 'epb' | 'spb' | 'opb';
}

function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const total = 12 + padded;
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  v.setUint32(0, type, le);
  v.setUint32(4, total, le);
  b.set(body, 8);
  v.setUint32(total - 4, total, le);
  return b;
}

/** One pcapng section: SHB, IDBs, packet blocks (and an unknown block to skip). */
export function pcapngSection(interfaces: readonly NgInterface[], packets: readonly NgPacket[], le = true): Uint8Array {
  const parts: Uint8Array[] = [];
  const shb = new Uint8Array(16);
  const sv = new DataView(shb.buffer);
  sv.setUint32(0, 0x1a2b3c4d, le);
  sv.setUint16(4, 1, le);
  sv.setInt32(8, -1, le);
  sv.setInt32(12, -1, le);
  parts.push(block(0x0a0d0d0a, shb, le));
  for (const i of interfaces) {
    const body = new Uint8Array(8 + (i.tsresol === undefined ? 0 : 8) + (i.tsoffset === undefined ? 0 : 12) + 4);
    const v = new DataView(body.buffer);
    v.setUint16(0, i.linkType, le);
    v.setUint32(4, i.snapLen ?? 0, le);
    let at = 8;
    if (i.tsresol !== undefined) {
      v.setUint16(at, 9, le);
      v.setUint16(at + 2, 1, le);
      body[at + 4] = i.tsresol;
      at += 8;
    }
    if (i.tsoffset !== undefined) {
      v.setUint16(at, 14, le);
      v.setUint16(at + 2, 8, le);
      v.setBigInt64(at + 4, BigInt(i.tsoffset), le);
    }
    parts.push(block(1, body, le));
  }
  parts.push(block(0x00000bad, new Uint8Array([1, 2, 3, 4, 5]), le)); // custom block: must be skipped
  for (const p of packets) {
    const iface = interfaces[p.iface] as NgInterface;
    const res = iface.tsresol ?? 6;
    const perSec = res & 0x80 ? 2 ** (res & 0x7f) : 10 ** res;
    const ticks = BigInt(Math.round((p.timeMs / 1000 - (iface.tsoffset ?? 0)) * perSec));
    const kind = p.block ?? 'epb';
    if (kind === 'spb') {
      const body = new Uint8Array(4 + p.data.length);
      new DataView(body.buffer).setUint32(0, p.data.length, le);
      body.set(p.data, 4);
      parts.push(block(3, body, le));
      continue;
    }
    const body = new Uint8Array(20 + p.data.length);
    const v = new DataView(body.buffer);
    if (kind === 'epb') v.setUint32(0, p.iface, le);
    else v.setUint16(0, p.iface, le);
    v.setUint32(4, Number(ticks >> 32n), le);
    v.setUint32(8, Number(ticks & 0xffffffffn), le);
    v.setUint32(12, p.data.length, le);
    v.setUint32(16, p.data.length, le);
    body.set(p.data, 20);
    parts.push(block(kind === 'epb' ? 6 : 2, body, le));
  }
  return Buffer.concat(parts);
}

export const text = (s: string): Uint8Array => enc.encode(s);
