/**
 * Client-first binary first messages of messaging, network and file protocols (docs/protocols.md
 * steps 5-6): AMQP, MQTT, SMB, NetBIOS, RDP, DNS, LDAP, SOCKS, epmd, Erlang distribution.
 */
import type { Matcher } from '../types.js';
import { allPrintable, bytesAt, clean, indexOfByte, latin1, startsWithAscii, u16be, u8 } from '../bytes.js';
import { byteRange } from './first-bytes.js';
import { berLength } from '../ber.js';

const AMQP_HEADERS: ReadonlyArray<{ tail: readonly number[]; version: string }> = [
  { tail: [0x00, 0x00, 0x09, 0x01], version: '0-9-1' },
  { tail: [0x01, 0x01, 0x00, 0x09], version: '0-9' },
  { tail: [0x01, 0x01, 0x08, 0x00], version: '0-8' },
  { tail: [0x00, 0x01, 0x00, 0x00], version: '1.0' },
  { tail: [0x03, 0x01, 0x00, 0x00], version: '1.0 SASL' },
  { tail: [0x02, 0x01, 0x00, 0x00], version: '1.0 TLS' },
];

export const AMQP_HEADER: Matcher = {
  id: 'amqp-protocol-header',
  protocol: 'amqp',
  first: 'A',
  hard: true,
  note: 'AMQP + 4 version bytes (0-9-1 00 00 09 01; 1.0 00 01 00 00, SASL 03, TLS 02).',
  source: 'AMQP 0-9-1 section 4.2.2, AMQP 1.0 part 2.2',
  test(b) {
    if (!startsWithAscii(b, 'AMQP') || b.length < 8) return null;
    const h = AMQP_HEADERS.find((x) => bytesAt(b, 4, x.tail));
    return h ? { version: h.version } : null;
  },
};

function mqttRemainingLength(b: Uint8Array): { value: number; bytes: number } | null {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const c = u8(b, 1 + i);
    if (c === undefined) return null;
    value += (c & 0x7f) * 128 ** i;
    if ((c & 0x80) === 0) return { value, bytes: i + 1 };
  }
  return null;
}

export const MQTT_CONNECT: Matcher = {
  id: 'mqtt-connect',
  protocol: 'mqtt',
  first: '\x10',
  hard: true,
  note: 'CONNECT 10 <varint> 00 04 MQTT (or 00 06 MQIsdp), level 3/4/5, reserved flag bit 0.',
  source: 'MQTT 3.1.1 section 3.1, MQTT 5.0 section 3.1',
  test(b) {
    if (b[0] !== 0x10) return null;
    const rl = mqttRemainingLength(b);
    if (!rl || rl.value < 10) return null;
    const at = 1 + rl.bytes;
    let levelAt: number;
    if (bytesAt(b, at, [0x00, 0x04]) && startsWithAscii(b, 'MQTT', at + 2)) levelAt = at + 6;
    else if (bytesAt(b, at, [0x00, 0x06]) && startsWithAscii(b, 'MQIsdp', at + 2)) levelAt = at + 8;
    else return null;
    const level = u8(b, levelAt);
    const flags = u8(b, levelAt + 1);
    if (level === undefined || ![3, 4, 5].includes(level) || flags === undefined || (flags & 1) !== 0) return null;
    return { version: level === 3 ? '3.1' : level === 4 ? '3.1.1' : '5.0' };
  },
};

const SMB_MAGIC: Readonly<Record<number, string>> = { 0xff: 'SMB1', 0xfe: 'SMB2/3', 0xfd: 'SMB3 transform', 0xfc: 'SMB3 compressed' };

export const SMB_DIRECT: Matcher = {
  id: 'smb-direct-tcp',
  protocol: 'smb',
  first: '\x00',
  hard: true,
  note: '00 + 24-bit length, then ff|fe|fd|fc SMB.',
  source: 'MS-SMB2 2.1',
  test(b) {
    if (b[0] !== 0x00) return null;
    const len = ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0);
    const kind = SMB_MAGIC[b[4] ?? -1];
    if (len < 32 || kind === undefined || !startsWithAscii(b, 'SMB', 5)) return null;
    return { info: kind };
  },
};

export const NETBIOS_SESSION: Matcher = {
  id: 'netbios-session-request',
  protocol: 'smb',
  first: '\x81',
  hard: true,
  note: 'NetBIOS session request 81 00 00 44 + two 34-byte encoded names (port 139).',
  source: 'RFC 1002 section 4.3.2',
  test(b) {
    if (!bytesAt(b, 0, [0x81, 0x00, 0x00, 0x44])) return null;
    if (b.length >= 5 && b[4] !== 0x20) return null;
    return { info: 'NetBIOS session request (port 139)' };
  },
};

export const RDP_CONNECTION_REQUEST: Matcher = {
  id: 'rdp-x224-connection-request',
  protocol: 'rdp',
  first: '\x03',
  hard: true,
  note: 'TPKT 03 00 len, X.224 CR (e0) with a Cookie: or an RDP_NEG_REQ (01 xx 08 00) - other TPKT users carry TSAP parameters instead.',
  source: 'MS-RDPBCGR 2.2.1.1',
  test(b) {
    if (b[0] !== 0x03 || b[1] !== 0x00) return null;
    const len = u16be(b, 2);
    const li = u8(b, 4);
    const cr = u8(b, 5);
    if (len === undefined || li === undefined || cr === undefined || len < 11 || li !== len - 5 || (cr & 0xf0) !== 0xe0) return null;
    const end = Math.min(b.length, len);
    if (startsWithAscii(b, 'Cookie: ', 11)) {
      const user = /^Cookie: mstshash=([^\r\n]*)/.exec(latin1(b, 11, end))?.[1];
      return { info: user === undefined ? 'cookie' : clean(`mstshash=${user}`, 60) };
    }
    if (len >= 19 && b.length >= len && b[len - 8] === 0x01 && b[len - 6] === 0x08 && b[len - 5] === 0x00) return { info: 'RDP_NEG_REQ' };
    if (bytesAt(b, 11, [0x01]) && bytesAt(b, 13, [0x08, 0x00])) return { info: 'RDP_NEG_REQ' };
    return null;
  },
};

/** RFC 1035 3.1: labels are at most 63 bytes, names at most 255. */
function dnsNameEnd(b: Uint8Array, at: number): number {
  let total = 0;
  for (let i = at; i < b.length; ) {
    const l = b[i] as number;
    if (l === 0) return i + 1;
    if (l > 63) return -1;
    total += l + 1;
    if (total > 255) return -1;
    i += l + 1;
  }
  return -1;
}

export const DNS_TCP_QUERY: Matcher = {
  id: 'dns-tcp-query',
  protocol: 'dns',
  hard: true,
  note: '2-byte length = rest, QR 0, opcode 0/2/4/5, QDCOUNT 1, ANCOUNT 0, NSCOUNT 0, valid QNAME labels.',
  source: 'RFC 1035 section 4.1.1, 4.2.2',
  test(b) {
    const len = u16be(b, 0);
    if (len === undefined || len < 17 || b.length < 14) return null;
    if (b.length >= len + 2 && b.length !== len + 2) return null;
    const flags = b[4] as number;
    const opcode = (flags >> 3) & 0x0f;
    if ((flags & 0x80) !== 0 || ![0, 2, 4, 5].includes(opcode)) return null;
    if (u16be(b, 6) !== 1 || u16be(b, 8) !== 0 || u16be(b, 10) !== 0) return null;
    const ar = u16be(b, 12);
    if (ar === undefined || ar > 1) return null;
    const end = dnsNameEnd(b, 14);
    if (end === -1 || end + 4 > b.length) return b.length < len + 2 ? { hard: false, info: 'query (incomplete)' } : null;
    const qtype = u16be(b, end) ?? 0;
    const labels: string[] = [];
    for (let i = 14; i < end - 1; ) {
      const l = b[i] as number;
      labels.push(latin1(b, i + 1, i + 1 + l));
      i += l + 1;
    }
    return { info: clean(`query ${labels.join('.') || '.'} type ${qtype}`, 100) };
  },
};

const LDAP_OPS: Readonly<Record<number, string>> = {
  0x60: 'BindRequest', 0x42: 'UnbindRequest', 0x63: 'SearchRequest', 0x66: 'ModifyRequest', 0x68: 'AddRequest', 0x4a: 'DelRequest',
  0x6c: 'ModifyDNRequest', 0x6e: 'CompareRequest', 0x50: 'AbandonRequest', 0x77: 'ExtendedRequest',
};

export const LDAP_MESSAGE: Matcher = {
  id: 'ldap-request',
  protocol: 'ldap',
  first: '0',
  hard: true,
  note: 'BER SEQUENCE 30 len, INTEGER messageID (1-4 bytes), then a request protocolOp (60 bind, 63 search, 77 extended, ...).',
  source: 'RFC 4511 section 4.1.1',
  test(b) {
    if (b[0] !== 0x30) return null;
    const seq = berLength(b, 1);
    if (!seq || seq.len < 5) return null;
    const at = 1 + seq.bytes;
    const idLen = u8(b, at + 1);
    if (b[at] !== 0x02 || idLen === undefined || idLen < 1 || idLen > 4) return null;
    const op = u8(b, at + 2 + idLen);
    if (op === undefined) return null;
    const name = LDAP_OPS[op];
    if (name === undefined) return null;
    const starttls = op === 0x77 && latin1(b, at, Math.min(b.length, at + 64)).includes('1.3.6.1.4.1.1466.20037');
    return { info: starttls ? 'StartTLS ExtendedRequest' : name };
  },
};

export const SOCKS4_REQUEST: Matcher = {
  id: 'socks4-request',
  protocol: 'socks',
  first: '\x04',
  hard: true,
  note: '04 01|02 port ip userid 00 (SOCKS4a: ip 0.0.0.x then host 00).',
  source: 'docs/protocols.md',
  test(b) {
    if (b[0] !== 0x04 || (b[1] !== 0x01 && b[1] !== 0x02) || b.length < 9 || b.length > 512 || b[b.length - 1] !== 0x00) return null;
    if (u16be(b, 2) === 0) return null;
    const nul = indexOfByte(b, 0x00, 8);
    if (nul === -1 || (nul > 8 && !allPrintable(b, 8, nul))) return null;
    const socks4a = b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] !== 0;
    // SOCKS4 ends right after the user id's NUL; SOCKS4a carries a printable host name and a NUL after it.
    if (!socks4a && nul !== b.length - 1) return null;
    if (socks4a && (b.length - 1 <= nul + 1 || !allPrintable(b, nul + 1, b.length - 1))) return null;
    return { version: socks4a ? '4a' : '4', info: b[1] === 1 ? 'CONNECT' : 'BIND' };
  },
};

export const SOCKS5_GREETING: Matcher = {
  id: 'socks5-greeting',
  protocol: 'socks',
  first: '\x05',
  hard: true,
  note: '05 <nmethods 1..> <methods>, exactly 2 + n bytes, no ff method.',
  source: 'RFC 1928 section 3',
  test(b) {
    const n = u8(b, 1);
    if (b[0] !== 0x05 || n === undefined || n < 1 || b.length !== 2 + n) return null;
    for (let i = 2; i < b.length; i++) if (b[i] === 0xff) return null;
    return { version: '5', info: `${n} auth method${n === 1 ? '' : 's'}` };
  },
};

const EPMD_REQUESTS: Readonly<Record<number, string>> = { 0x6e: 'NAMES_REQ', 0x7a: 'PORT_PLEASE2_REQ', 0x78: 'ALIVE2_REQ', 0x64: 'DUMP_REQ', 0x6b: 'KILL_REQ' };

export const EPMD_REQUEST: Matcher = {
  id: 'epmd-request',
  protocol: 'epmd',
  first: byteRange(0x00, 0x01),
  hard: true,
  note: '2-byte length = rest, then n NAMES_REQ (length 1), z PORT_PLEASE2_REQ + node name, x ALIVE2_REQ + port/type/proto/versions/name.',
  source: 'Erlang/OTP erts doc "Distribution Protocol", EPMD Protocol',
  test(b) {
    const len = u16be(b, 0);
    const tag = u8(b, 2);
    if (len === undefined || tag === undefined || len < 1 || len > 512) return null;
    const name = EPMD_REQUESTS[tag];
    if (name === undefined || (b.length >= len + 2 && b.length !== len + 2)) return null;
    if ((tag === 0x6e || tag === 0x64 || tag === 0x6b) && len !== 1) return null;
    if (tag === 0x7a && (len < 2 || (b.length > 3 && !allPrintable(b, 3, b.length)))) return null;
    if (tag === 0x78 && len < 13) return null;
    return { info: name };
  },
};

export const ERLANG_DIST_NAME: Matcher = {
  id: 'erlang-dist-send-name',
  protocol: 'erlang-dist',
  first: byteRange(0x00, 0x03),
  hard: true,
  note: 'Handshake send_name: 2-byte length, n + version 00 05 + flags(4) + name, or N + flags(8) + creation(4) + name length(2) + name; names contain @.',
  source: 'Erlang/OTP erts doc "Distribution Protocol", Distribution Handshake',
  test(b) {
    const len = u16be(b, 0);
    if (len === undefined || len < 8 || len > 1024 || (b.length >= len + 2 && b.length !== len + 2)) return null;
    const end = Math.min(b.length, len + 2);
    let nameAt: number;
    if (b[2] === 0x6e) {
      if (u16be(b, 3) !== 5) return null;
      nameAt = 9;
    } else if (b[2] === 0x4e) {
      const nlen = u16be(b, 15);
      if (nlen === undefined || 17 + nlen !== len + 2) return null;
      nameAt = 17;
    } else return null;
    if (end <= nameAt || !allPrintable(b, nameAt, end)) return null;
    const node = latin1(b, nameAt, end);
    if (!node.includes('@')) return null;
    return { info: clean(`node ${node}`, 100), version: b[2] === 0x4e ? 'handshake N (OTP 23+)' : 'handshake n' };
  },
};
