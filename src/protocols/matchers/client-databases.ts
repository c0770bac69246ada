/**
 * Client-first first messages of databases and data stores (docs/protocols.md): TDS,
 * PostgreSQL, Kafka, ZooKeeper, MongoDB, Cassandra, Oracle TNS, ClickHouse, memcached binary,
 * Elasticsearch transport. Length-prefixed formats are told apart by the fields after the length.
 */
import type { Matcher } from '../types.js';
import { allPrintable, bytesAt, clean, i32be, i32le, indexOfByte, latin1, u16be, u32be, u8 } from '../bytes.js';
import { byteRange } from './first-bytes.js';

/** Elasticsearch TcpTransport: 100 MiB is far above any handshake. */
const ES_MAX = 100 * 1024 * 1024;

export const ES_TRANSPORT: Matcher = {
  id: 'elasticsearch-transport',
  protocol: 'elasticsearch',
  first: 'E',
  hard: true,
  note: 'ES + int32 length (-1 = ping); the first message is a transport handshake.',
  source: 'elasticsearch TcpHeader.java',
  test(b) {
    if (b[0] !== 0x45 || b[1] !== 0x53) return null;
    const len = i32be(b, 2);
    if (len === undefined) return null;
    if (len === -1) return { info: 'keep-alive ping' };
    if (len < 19 || len > ES_MAX) return null;
    return { info: null };
  },
};

export const TDS_PRELOGIN: Matcher = {
  id: 'mssql-tds-prelogin',
  protocol: 'mssql',
  first: '\x12',
  hard: true,
  note: 'TDS header 12 01|00 len 00 00 xx 00, then PRELOGIN option tokens (< 08) ending ff.',
  source: 'MS-TDS 2.2.6.5',
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
  source: 'PostgreSQL docs 55.7 (SSLRequest, GSSENCRequest, CancelRequest)',
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
  source: 'PostgreSQL docs 55.7 StartupMessage',
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
  source: 'Kafka protocol guide (Request Header v1/v2)',
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
  source: 'ZooKeeper zookeeper.jute ConnectRequest',
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
  source: 'MongoDB Wire Protocol docs',
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
  source: 'Cassandra native_protocol_v4.spec section 2',
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
  source: 'nmap-service-probes oracle-tns',
  test(b) {
    const len = u16be(b, 0);
    if (len === undefined || len < 34 || b[2] !== 0 || b[3] !== 0 || b[4] !== 0x01 || b[6] !== 0 || b[7] !== 0) return null;
    const ver = u16be(b, 8);
    if (ver === undefined || ver < 0x012c || ver > 0x0140) return null;
    const desc = /\((?:DESCRIPTION|CONNECT_DATA)=/i.test(latin1(b, 10, Math.min(b.length, 4096)));
    return { version: String(ver), info: desc ? 'CONNECT with descriptor' : 'CONNECT', hard: desc || b.length >= len };
  },
};

export const CLICKHOUSE_HELLO: Matcher = {
  id: 'clickhouse-client-hello',
  protocol: 'clickhouse',
  first: '\x00',
  hard: true,
  note: 'ClientHello: packet type 00, client name length 1..64, printable name; a name starting ClickHouse/clickhouse is certain, others soft.',
  source: 'ClickHouse src/Core/Protocol.h',
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

const MEMCACHED_BIN_OPS: Readonly<Record<number, string>> = {
  0x00: 'GET', 0x01: 'SET', 0x02: 'ADD', 0x03: 'REPLACE', 0x04: 'DELETE', 0x07: 'QUIT', 0x0a: 'NOOP', 0x0b: 'VERSION', 0x10: 'STAT', 0x20: 'SASL_LIST_MECHS', 0x21: 'SASL_AUTH',
};

export const MEMCACHED_BINARY: Matcher = {
  id: 'memcached-binary-request',
  protocol: 'memcached',
  first: '\x80',
  hard: true,
  note: 'Binary request header: magic 80, known opcode, data type 00, 24 bytes.',
  source: 'memcached binary protocol (docs/protocol-binary.xml)',
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
