/**
 * Client-first binary first messages (fingerprints.md 0.2 steps 5-6), in the order that separates
 * the formats starting with 00: fixed magics first, then length-prefixed structures.
 */
import type { Matcher } from '../types.js';
import { allPrintable, bytesAt, clean, i32be, i32le, indexOfByte, latin1, startsWithAscii, u16be, u32be, u8 } from '../bytes.js';
import { byteRange } from './first-bytes.js';

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
  source: 'fingerprints.md 2.14; AMQP 0-9-1 section 4.2.2, AMQP 1.0 part 2.2',
  test(b) {
    if (!startsWithAscii(b, 'AMQP') || b.length < 8) return null;
    const h = AMQP_HEADERS.find((x) => bytesAt(b, 4, x.tail));
    return h ? { version: h.version } : null;
  },
};

/** Elasticsearch TcpTransport: 100 MiB is far above any handshake. */
const ES_MAX = 100 * 1024 * 1024;

export const ES_TRANSPORT: Matcher = {
  id: 'elasticsearch-transport',
  protocol: 'elasticsearch',
  first: 'E',
  hard: true,
  note: 'ES + int32 length (-1 = ping); the first message is a transport handshake.',
  source: 'fingerprints.md 2.18; elasticsearch TcpHeader.java',
  test(b) {
    if (b[0] !== 0x45 || b[1] !== 0x53) return null;
    const len = i32be(b, 2);
    if (len === undefined) return null;
    if (len === -1) return { info: 'keep-alive ping' };
    if (len < 19 || len > ES_MAX) return null;
    return { info: null };
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
  source: 'fingerprints.md 2.15; MQTT 3.1.1 section 3.1, MQTT 5.0 section 3.1',
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
  source: 'fingerprints.md 2.39; MS-SMB2 2.1',
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
  source: 'fingerprints.md 2.39; RFC 1002 section 4.3.2',
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
  source: 'fingerprints.md 2.38; MS-RDPBCGR 2.2.1.1',
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

export const TDS_PRELOGIN: Matcher = {
  id: 'mssql-tds-prelogin',
  protocol: 'mssql',
  first: '\x12',
  hard: true,
  note: 'TDS header 12 01|00 len 00 00 xx 00, then PRELOGIN option tokens (< 08) ending ff.',
  source: 'fingerprints.md 2.19; MS-TDS 2.2.6.5',
  test(b) {
    if (b[0] !== 0x12 || (b[1] !== 0x01 && b[1] !== 0x00)) return null;
    const len = u16be(b, 2);
    if (len === undefined || len < 9 || len > 4096 || b[4] !== 0 || b[5] !== 0 || b[7] !== 0) return null;
    const end = Math.min(len, b.length);
    for (let at = 8; at < end; at += 5) {
      const token = b[at] as number;
      if (token === 0xff) return { info: 'PRELOGIN' };
      if (token > 0x08) return null;
      const off = u16be(b, at + 1);
      const l = u16be(b, at + 3);
      if (off === undefined || l === undefined || 8 + off + l > len) return null;
    }
    return b.length < len ? { hard: false, info: 'PRELOGIN (incomplete)' } : null;
  },
};

/** PostgreSQL request codes: 1234 << 16 | 5678, 5679, 5680 (CancelRequest, SSLRequest, GSSENCRequest). */
const PG_CODES: Readonly<Record<number, string>> = { 80877102: 'CancelRequest', 80877103: 'SSLRequest', 80877104: 'GSSENCRequest' };
/** MAX_STARTUP_PACKET_LENGTH in postgres src/include/libpq/pqcomm.h. */
const PG_STARTUP_MAX = 10000;

export const PG_REQUEST_CODE: Matcher = {
  id: 'postgresql-request-code',
  protocol: 'postgresql',
  first: '\x00',
  hard: true,
  note: 'SSLRequest 00 00 00 08 04 d2 16 2f, GSSENCRequest ...16 30, CancelRequest 00 00 00 10 04 d2 16 2e.',
  source: 'fingerprints.md 2.3; PostgreSQL docs 55.7 (SSLRequest, GSSENCRequest, CancelRequest)',
  test(b) {
    const len = u32be(b, 0);
    const code = u32be(b, 4);
    if (len === undefined || code === undefined) return null;
    const name = PG_CODES[code];
    if (name === undefined) return null;
    if (name === 'CancelRequest' ? len < 16 || len > 256 : len !== 8) return null;
    return { info: name };
  },
};

export const PG_STARTUP: Matcher = {
  id: 'postgresql-startup-message',
  protocol: 'postgresql',
  first: '\x00',
  hard: true,
  note: 'StartupMessage: int32 length (8..10000), protocol 3.0 or 3.2 (00 03 00 00|02), then key NUL value NUL pairs with user.',
  source: 'fingerprints.md 2.3; PostgreSQL docs 55.7 StartupMessage',
  test(b) {
    const len = u32be(b, 0);
    if (len === undefined || len < 9 || len > PG_STARTUP_MAX || !bytesAt(b, 4, [0x00, 0x03, 0x00]) || (b[7] !== 0x00 && b[7] !== 0x02)) return null;
    const end = Math.min(len, b.length);
    const text = latin1(b, 8, end);
    const pairs = text.split('\0');
    const userAt = pairs.indexOf('user');
    if (userAt === -1 || userAt % 2 !== 0) return b.length < len ? { hard: false, version: b[7] === 2 ? '3.2' : '3.0', info: 'StartupMessage (incomplete)' } : null;
    const app = pairs.indexOf('application_name');
    return { version: b[7] === 2 ? '3.2' : '3.0', info: clean(`StartupMessage user ${pairs[userAt + 1] ?? ''}${app !== -1 && app % 2 === 0 ? `, application ${pairs[app + 1] ?? ''}` : ''}`, 120) };
  },
};

/** Kafka socket.request.max.bytes default (100 MiB). */
const KAFKA_MAX = 100 * 1024 * 1024;

export const KAFKA_REQUEST: Matcher = {
  id: 'kafka-request-header',
  protocol: 'kafka',
  first: byteRange(0x00, 0x06),
  hard: true,
  note: 'int32 size, api_key < 80, api_version < 20, correlation id, client_id (int16 length or -1) printable; ApiVersions (18) is the usual first request.',
  source: 'fingerprints.md 2.13; Kafka protocol guide (Request Header v1/v2)',
  test(b) {
    const size = u32be(b, 0);
    const key = u16be(b, 4);
    const ver = u16be(b, 6);
    const idLen = u16be(b, 12);
    if (size === undefined || key === undefined || ver === undefined || idLen === undefined) return null;
    if (size < 10 || size > KAFKA_MAX || key >= 80 || ver >= 20) return null;
    let client: string | null = null;
    if (idLen !== 0xffff) {
      if (idLen === 0 || idLen > 256 || 14 + idLen > size + 4) return null;
      const end = Math.min(14 + idLen, b.length);
      if (end > 14 && !allPrintable(b, 14, end)) return null;
      if (end === 14 && b.length > 14) return null;
      client = latin1(b, 14, end);
    }
    const api = key === 18 ? 'ApiVersions' : key === 3 ? 'Metadata' : key === 17 ? 'SaslHandshake' : `api ${key}`;
    return { info: clean(`${api} v${ver}${client ? `, client ${client}` : ''}`, 100), hard: key === 18 || key === 3 || key === 17 };
  },
};

export const ZK_CONNECT: Matcher = {
  id: 'zookeeper-connect-request',
  protocol: 'zookeeper',
  first: '\x00',
  hard: true,
  note: 'ConnectRequest: length 44/45, protocolVersion 0, passwd length 00 00 00 10 at 28..31 (after length 4, version 4, zxid 8, timeout 4, session id 8).',
  source: 'fingerprints.md 2.17 (its offset 32..35 for the passwd length is off by 4); ZooKeeper zookeeper.jute ConnectRequest',
  test(b) {
    const len = u32be(b, 0);
    if ((len !== 44 && len !== 45) || u32be(b, 4) !== 0) return null;
    if (b.length >= 32 && u32be(b, 28) !== 16) return null;
    return b.length >= 32 ? { info: 'ConnectRequest' } : { hard: false, info: 'ConnectRequest (incomplete)' };
  },
};

/** MongoDB maxMessageSizeBytes (48 MB). */
const MONGO_MAX = 48_000_000;
const MONGO_OPCODES: Readonly<Record<number, string>> = { 2013: 'OP_MSG', 2004: 'OP_QUERY', 2012: 'OP_COMPRESSED' };

export const MONGO_MESSAGE: Matcher = {
  id: 'mongodb-wire-message',
  protocol: 'mongodb',
  hard: true,
  note: 'Wire header (int32 LE): length 21..48e6, requestID, responseTo 0, opcode 2013 OP_MSG / 2004 OP_QUERY (name ending .$cmd) / 2012.',
  source: 'fingerprints.md 2.11; MongoDB Wire Protocol docs',
  test(b) {
    const len = i32le(b, 0);
    const op = i32le(b, 12);
    if (len === undefined || op === undefined || len < 21 || len > MONGO_MAX || i32le(b, 8) !== 0) return null;
    const name = MONGO_OPCODES[op];
    if (name === undefined) return null;
    if (op === 2013) {
      const kind = u8(b, 20);
      if (kind !== undefined && kind > 2) return null;
    }
    if (op === 2004 && b.length > 20) {
      const nul = indexOfByte(b, 0x00, 20, 20 + 128);
      if (nul !== -1 && !latin1(b, 20, nul).endsWith('.$cmd')) return { hard: false, info: 'OP_QUERY' };
    }
    return { info: name };
  },
};

const CQL_OPCODES: Readonly<Record<number, string>> = { 0x01: 'STARTUP', 0x05: 'OPTIONS', 0x0b: 'REGISTER', 0x0f: 'AUTH_RESPONSE' };

export const CQL_FRAME: Matcher = {
  id: 'cassandra-cql-request',
  protocol: 'cassandra',
  first: byteRange(0x03, 0x06),
  hard: true,
  note: 'Frame v3-v5 (or 6 beta): version 01..06, flags without high bits, opcode STARTUP/OPTIONS/REGISTER/AUTH_RESPONSE, body length = rest.',
  source: 'fingerprints.md 2.12; Cassandra native_protocol_v4.spec section 2',
  test(b) {
    const v = u8(b, 0);
    const flags = u8(b, 1);
    if (v === undefined || flags === undefined || v < 3 || v > 6 || (flags & 0xe0) !== 0) return null;
    const op = u8(b, 4);
    const body = u32be(b, 5);
    if (op === undefined || body === undefined) return null;
    const name = CQL_OPCODES[op];
    if (name === undefined || body > 65536) return null;
    if (op === 0x05 && body !== 0) return null;
    if (b.length > 9 + body) return null;
    return { version: `v${v}`, info: name };
  },
};

export const TNS_CONNECT: Matcher = {
  id: 'oracle-tns-connect',
  protocol: 'oracle',
  hard: true,
  note: 'TNS header: length >= 34, checksum 00 00, type 01 CONNECT, header checksum 00 00, version 01 2c..01 40.',
  source: 'fingerprints.md 2.20; nmap-service-probes oracle-tns',
  test(b) {
    const len = u16be(b, 0);
    if (len === undefined || len < 34 || b[2] !== 0 || b[3] !== 0 || b[4] !== 0x01 || b[6] !== 0 || b[7] !== 0) return null;
    const ver = u16be(b, 8);
    if (ver === undefined || ver < 0x012c || ver > 0x0140) return null;
    const desc = /\((?:DESCRIPTION|CONNECT_DATA)=/i.test(latin1(b, 10, Math.min(b.length, 4096)));
    return { version: String(ver), info: desc ? 'CONNECT with descriptor' : 'CONNECT', hard: desc || b.length >= len };
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
  source: 'fingerprints.md 2.34; RFC 1035 section 4.1.1, 4.2.2',
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

export const CLICKHOUSE_HELLO: Matcher = {
  id: 'clickhouse-client-hello',
  protocol: 'clickhouse',
  first: '\x00',
  hard: true,
  note: 'ClientHello: packet type 00, client name length 1..64, printable name; a name starting ClickHouse/clickhouse is certain, others soft.',
  source: 'fingerprints.md 2.27; ClickHouse src/Core/Protocol.h',
  test(b) {
    const n = u8(b, 1);
    if (b[0] !== 0x00 || n === undefined || n < 1 || n > 64 || b.length < 2 + n + 3) return null;
    if (!allPrintable(b, 2, 2 + n)) return null;
    const name = latin1(b, 2, 2 + n);
    const certain = /^clickhouse/i.test(name);
    if (!certain && !/^[A-Za-z][\w .\/-]*$/.test(name)) return null;
    // Three VarUInts follow: version major, minor, protocol revision (5 digits, e.g. 54460).
    let at = 2 + n;
    const values: number[] = [];
    for (let k = 0; k < 3; k++) {
      let v = 0;
      let shift = 0;
      for (;;) {
        const c = u8(b, at++);
        if (c === undefined) return certain ? { hard: false, info: clean(`client ${name}`) } : null;
        v += (c & 0x7f) * 2 ** shift;
        shift += 7;
        if ((c & 0x80) === 0) break;
        if (shift > 28) return null;
      }
      values.push(v);
    }
    const rev = values[2] ?? 0;
    if (!certain && (rev < 50000 || rev > 60000)) return null;
    return { hard: certain, info: clean(`client ${name} ${values[0]}.${values[1]}, revision ${rev}`) };
  },
};

/** BER length at `at`: short form or long form 81/82/83/84. */
function berLength(b: Uint8Array, at: number): { len: number; bytes: number } | null {
  const first = u8(b, at);
  if (first === undefined) return null;
  if (first < 0x80) return { len: first, bytes: 1 };
  const n = first & 0x7f;
  if (n < 1 || n > 4) return null;
  let len = 0;
  for (let i = 1; i <= n; i++) {
    const c = u8(b, at + i);
    if (c === undefined) return null;
    len = len * 256 + c;
  }
  return { len, bytes: 1 + n };
}

export { berLength };

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
  source: 'fingerprints.md 2.21; RFC 4511 section 4.1.1',
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

const MEMCACHED_BIN_OPS: Readonly<Record<number, string>> = {
  0x00: 'GET', 0x01: 'SET', 0x02: 'ADD', 0x03: 'REPLACE', 0x04: 'DELETE', 0x07: 'QUIT', 0x0a: 'NOOP', 0x0b: 'VERSION', 0x10: 'STAT', 0x20: 'SASL_LIST_MECHS', 0x21: 'SASL_AUTH',
};

export const MEMCACHED_BINARY: Matcher = {
  id: 'memcached-binary-request',
  protocol: 'memcached',
  first: '\x80',
  hard: true,
  note: 'Binary request header: magic 80, known opcode, data type 00, 24 bytes.',
  source: 'fingerprints.md 2.10; memcached binary protocol (docs/protocol-binary.xml)',
  test(b) {
    if (b[0] !== 0x80 || b.length < 8) return null;
    const name = MEMCACHED_BIN_OPS[b[1] as number];
    if (name === undefined || b[5] !== 0x00) return null;
    const keyLen = u16be(b, 2) ?? 0;
    const total = u32be(b, 8);
    if (total !== undefined && (total < keyLen + (b[4] ?? 0) || total > 1024 * 1024)) return null;
    return { info: `binary ${name}` };
  },
};

export const SOCKS4_REQUEST: Matcher = {
  id: 'socks4-request',
  protocol: 'socks',
  first: '\x04',
  hard: true,
  note: '04 01|02 port ip userid 00 (SOCKS4a: ip 0.0.0.x then host 00).',
  source: 'fingerprints.md 2.33',
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
  source: 'fingerprints.md 2.33; RFC 1928 section 3',
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
