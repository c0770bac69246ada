/**
 * Replies of data stores to the active probes (probes/index.ts): Redis, memcached, PostgreSQL,
 * MongoDB, Kafka, Cassandra, SQL Server, beanstalkd, ZooKeeper. Anchored at byte 0.
 */
import type { Matcher } from '../types.js';
import { clean, firstLine, i32be, i32le, indexOfByte, latin1, u16be, u32be, u8 } from '../bytes.js';
import { readBsonScalars } from './bson.js';

export const REDIS_REPLY: Matcher = {
  id: 'redis-reply',
  protocol: 'redis',
  hard: true,
  note: '+PONG, -NOAUTH, -WRONGPASS, -DENIED, or an INFO bulk reply with redis_version/valkey_version; other -ERR replies are soft.',
  source: 'Redis RESP specification',
  test(b) {
    const line = firstLine(b, 512);
    if (!line.complete) return null;
    const t = line.text;
    if (t === '+PONG') return { product: 'Redis', info: 'PONG' };
    if (/^-NOAUTH /.test(t) || /^-WRONGPASS /.test(t)) return { product: 'Redis', info: 'authentication required' };
    if (/^-DENIED /.test(t)) return { product: 'Redis', info: 'protected mode (DENIED)' };
    if (/^\$\d{1,7}$/.test(t) || /^=\d{1,7}$/.test(t)) {
      const body = latin1(b, 0, 8192);
      const valkey = /\r?\nvalkey_version:([\w.-]{1,30})\r?\n/.exec(body)?.[1];
      const redis = /\r?\nredis_version:([\w.-]{1,30})\r?\n/.exec(body)?.[1];
      const mode = /\r?\nredis_mode:(\w{1,20})\r?\n/.exec(body)?.[1];
      if (valkey !== undefined) return { product: 'Valkey', version: valkey, info: mode ? `mode ${mode}` : null };
      if (redis !== undefined) {
        const server = /\r?\nserver_name:(\w{1,20})\r?\n/.exec(body)?.[1];
        return { product: server === 'valkey' ? 'Valkey' : 'Redis', version: redis, info: mode ? `mode ${mode}` : null };
      }
      return /^\$\d+\r?\n# Server/.test(body) ? { product: 'Redis', hard: false } : null;
    }
    if (/^-ERR wrong number of arguments for 'get' command/i.test(t)) return { product: 'Redis', info: 'answered GET / as a Redis command' };
    if (/^-ERR unknown command [`'][^`']{1,40}[`']/.test(t)) return { hard: false, info: clean(t, 100) };
    return null;
  },
};

export const MEMCACHED_REPLY: Matcher = {
  id: 'memcached-reply',
  protocol: 'memcached',
  hard: true,
  note: 'VERSION x.y.z CR LF to version (or a binary VERSION response 81 0b); ERROR CR LF (unknown command) is soft.',
  source: 'memcached doc/protocol.txt',
  test(b) {
    if (b[0] === 0x81 && b.length >= 24) {
      // Binary response header: magic 81, opcode, key length, extras, data type, status, body length.
      const body = u32be(b, 8);
      if (b[1] !== 0x0b || b[5] !== 0x00 || body === undefined || body > 64) return null;
      const v = latin1(b, 24, 24 + body);
      return /^\d+\.\d+[\w.-]*$/.test(v) ? { product: 'memcached', version: v, info: 'binary protocol' } : null;
    }
    const line = firstLine(b, 256);
    if (!line.complete || !latin1(b, 0, line.text.length + 2).endsWith('\r\n')) return null;
    const v = /^VERSION (\S{1,40})$/.exec(line.text);
    if (v) return { product: 'memcached', version: v[1] ?? null };
    if (line.text === 'ERROR') return { hard: false, info: 'ERROR (unknown command)' };
    return null;
  },
};

export const PG_SSL_RESPONSE: Matcher = {
  id: 'postgresql-ssl-response',
  protocol: 'postgresql',
  hard: true,
  note: 'Exactly one byte S (TLS accepted) or N (no TLS) answering SSLRequest.',
  source: 'PostgreSQL docs 55.2.10 SSL Session Encryption',
  test(b) {
    if (b.length !== 1) return null;
    if (b[0] === 0x53) return { info: 'SSLRequest accepted (S): TLS available' };
    if (b[0] === 0x4e) return { info: 'SSLRequest refused (N): no TLS' };
    return null;
  },
};

/** ErrorResponse: E, int32 length, fields (code byte + NUL-terminated text), final NUL. */
function pgErrorFields(b: Uint8Array): Map<string, string> | null {
  if (b[0] !== 0x45) return null;
  const len = u32be(b, 1);
  if (len === undefined || len < 8 || len > 4096) return null;
  const end = Math.min(b.length, 1 + len);
  const fields = new Map<string, string>();
  let i = 5;
  while (i < end && b[i] !== 0) {
    const code = String.fromCharCode(b[i] as number);
    if (!/[A-Za-z]/.test(code)) return null;
    const nul = indexOfByte(b, 0, i + 1, end);
    if (nul === -1) break;
    fields.set(code, latin1(b, i + 1, nul));
    i = nul + 1;
  }
  return fields.has('M') && (fields.has('S') || fields.has('V')) ? fields : null;
}

export const PG_ERROR: Matcher = {
  id: 'postgresql-error-response',
  protocol: 'postgresql',
  hard: true,
  note: 'ErrorResponse E + length + S/V/C/M fields; "unsupported frontend protocol 0.0: server supports 3.0 to 3.x" dates the server.',
  source: 'PostgreSQL docs 55.7 ErrorResponse, postmaster.c ProcessStartupPacket',
  test(b) {
    const f = pgErrorFields(b);
    if (!f) return null;
    const msg = f.get('M') ?? '';
    const range = /server supports (\d+\.\d+) to (\d+\.\d+)/.exec(msg);
    const version = range ? (range[2] === '3.2' ? '18 or later (protocol 3.0 to 3.2)' : range[2] === '3.0' ? '17 or earlier (protocol 3.0)' : `protocol ${range[1]} to ${range[2]}`) : null;
    return { product: 'PostgreSQL', version, info: clean(`${f.get('C') ?? ''} ${msg}`, 160) };
  },
};

const WIRE_VERSIONS: ReadonlyArray<[number, string]> = [
  [25, '8.0+'], [21, '7.0'], [17, '6.0'], [13, '5.0'], [9, '4.4'], [8, '4.2'], [7, '4.0'], [6, '3.6'], [5, '3.4'], [4, '3.2'], [3, '3.0'],
];

export const MONGO_REPLY: Matcher = {
  id: 'mongodb-reply',
  protocol: 'mongodb',
  hard: true,
  note: 'OP_MSG (2013) or OP_REPLY (1) answering our request; the BSON body carries version (buildInfo) or maxWireVersion (hello).',
  source: 'MongoDB Wire Protocol docs',
  test(b) {
    const len = i32le(b, 0);
    const responseTo = i32le(b, 8);
    const op = i32le(b, 12);
    if (len === undefined || responseTo === undefined || op === undefined || len < 21 || len > 48_000_000 || responseTo === 0) return null;
    let docAt: number;
    if (op === 2013) {
      if (b[20] !== 0) return null;
      docAt = 21;
    } else if (op === 1) docAt = 36;
    else return null;
    const doc = readBsonScalars(b, docAt);
    if (!doc) return b.length < len ? { hard: false, info: 'reply (incomplete)' } : null;
    const version = doc.get('version');
    const wire = doc.get('maxWireVersion');
    let v: string | null = typeof version === 'string' ? version : null;
    if (v === null && typeof wire === 'number') v = WIRE_VERSIONS.find(([w]) => wire >= w)?.[1] ?? null;
    const ok = doc.get('ok');
    const err = doc.get('errmsg');
    return { product: 'MongoDB', version: v, info: typeof wire === 'number' ? `maxWireVersion ${wire}` : typeof err === 'string' ? clean(err, 100) : ok === 1 ? 'ok' : null };
  },
};

/** Correlation id the Kafka probe sends (probes/index.ts). */
export const KAFKA_CORRELATION_ID = 0x70630001;

export const KAFKA_API_VERSIONS_REPLY: Matcher = {
  id: 'kafka-api-versions-response',
  protocol: 'kafka',
  hard: true,
  note: 'ApiVersions response: int32 size, our correlation id, error 0 or 35, array of (api_key, min, max) with ascending keys.',
  source: 'Kafka protocol guide ApiVersions Response (v0)',
  test(b) {
    const size = u32be(b, 0);
    if (size === undefined || size < 10 || size > 1024 * 1024 || u32be(b, 4) !== KAFKA_CORRELATION_ID) return null;
    const err = u16be(b, 8);
    const n = i32be(b, 10);
    if ((err !== 0 && err !== 35) || n === undefined || n < 1 || n > 300) return null;
    let prev = -1;
    let maxApiVersions: number | null = null;
    for (let k = 0; k < n && 14 + k * 6 + 6 <= b.length; k++) {
      const key = u16be(b, 14 + k * 6) as number;
      const max = u16be(b, 14 + k * 6 + 4) as number;
      if (key <= prev || key > 1000) return null;
      if (key === 18) maxApiVersions = max;
      prev = key;
    }
    return { product: 'Kafka', info: `ApiVersions ${n} APIs${maxApiVersions === null ? '' : `, ApiVersions max v${maxApiVersions}`}${err === 35 ? ' (UNSUPPORTED_VERSION)' : ''}` };
  },
};

const CQL_RESPONSES: Readonly<Record<number, string>> = { 0x00: 'ERROR', 0x02: 'READY', 0x03: 'AUTHENTICATE', 0x06: 'SUPPORTED' };

export const CQL_REPLY: Matcher = {
  id: 'cassandra-response',
  protocol: 'cassandra',
  hard: true,
  note: 'Response frame: version 83..86 (v3-v6 with bit 7 set; 81 is also memcached binary), opcode SUPPORTED 06 / ERROR 00 / READY 02 / AUTHENTICATE 03; SUPPORTED lists CQL_VERSION.',
  source: 'Cassandra native_protocol_v4.spec sections 2, 4.2',
  test(b) {
    const v = u8(b, 0);
    const op = u8(b, 4);
    const body = u32be(b, 5);
    if (v === undefined || op === undefined || body === undefined || v < 0x83 || v > 0x86 || body > 1024 * 1024) return null;
    const name = CQL_RESPONSES[op];
    if (name === undefined) return null;
    const text = latin1(b, 9, Math.min(b.length, 9 + body));
    if (op === 0x06 && !text.includes('CQL_VERSION')) return null;
    const cql = /CQL_VERSION\x00\x01\x00.([\d.]{1,20})/s.exec(text)?.[1];
    const error = op === 0x00 ? clean(text.slice(6), 100) : null;
    return { product: 'Cassandra-compatible', version: cql === undefined ? null : `CQL ${cql}`, info: error ?? `${name} (protocol v${v & 0x7f})` };
  },
};

const MSSQL_VERSIONS: Readonly<Record<number, string>> = { 8: '2000', 9: '2005', 10: '2008', 11: '2012', 12: '2014', 13: '2016', 14: '2017', 15: '2019', 16: '2022', 17: '2025' };

export const MSSQL_PRELOGIN_REPLY: Matcher = {
  id: 'mssql-prelogin-response',
  protocol: 'mssql',
  hard: true,
  note: 'Tabular result 04 01 len 00 00 with PRELOGIN tokens; VERSION (token 00) gives major.minor.build, ENCRYPTION (01) whether TLS is off/on/required.',
  source: 'MS-TDS 2.2.6.5',
  test(b) {
    if (b[0] !== 0x04 || b[1] !== 0x01) return null;
    const len = u16be(b, 2);
    if (len === undefined || len < 14 || len > 4096 || b[4] !== 0 || b[5] !== 0) return null;
    let version: string | null = null;
    let enc: string | null = null;
    for (let at = 8; at < Math.min(b.length, len); at += 5) {
      const token = b[at] as number;
      if (token === 0xff) {
        const year = version === null ? undefined : MSSQL_VERSIONS[Number(version.split('.')[0])];
        return { product: year ? `SQL Server ${year}` : 'SQL Server', version, info: enc };
      }
      const off = u16be(b, at + 1);
      const l = u16be(b, at + 3);
      if (off === undefined || l === undefined || token > 0x08) return null;
      const v = 8 + off;
      if (token === 0x00 && l >= 6 && v + 6 <= b.length) version = `${b[v]}.${b[v + 1]}.${u16be(b, v + 2)}`;
      if (token === 0x01 && l >= 1 && v < b.length) enc = ['encryption off', 'encryption on', 'encryption not supported', 'encryption required'][b[v] as number] ?? null;
    }
    return null;
  },
};

export const BEANSTALKD_REPLY: Matcher = {
  id: 'beanstalkd-reply',
  protocol: 'beanstalkd',
  hard: true,
  note: 'OK <bytes> CR LF then YAML with version: to stats; UNKNOWN_COMMAND is soft.',
  source: 'docs/protocols.md',
  test(b) {
    const text = latin1(b, 0, 4096);
    if (/^OK \d{1,7}\r\n---\n/.test(text)) {
      const v = /\nversion: "?([\w.+-]{1,30})"?\n/.exec(text)?.[1];
      return { product: 'beanstalkd', version: v ?? null };
    }
    if (text === 'UNKNOWN_COMMAND\r\n') return { hard: false, info: 'UNKNOWN_COMMAND' };
    return null;
  },
};

export const ZK_REPLY: Matcher = {
  id: 'zookeeper-four-letter-reply',
  protocol: 'zookeeper',
  hard: true,
  note: 'srvr: Zookeeper version: x[-commit], built on ...; ruok: imok; or the whitelist refusal "<cmd> is not executed because it is not in the whitelist."',
  source: 'docs/protocols.md',
  test(b) {
    const text = latin1(b, 0, 2048);
    // Any token up to the comma: Debian's 3.8.0 build says `3.8.0-${mvngit.commit.id}` (an unexpanded
    // Maven property, fixtures/zookeeper-srvr-reply.bin) where upstream builds put the git commit.
    const v = /^Zookeeper version: ([^\s,]{1,120})(?:, built on [^\n]*)?\n/.exec(text);
    if (v) {
      const mode = /\nMode: (\w+)/.exec(text)?.[1];
      return { product: 'ZooKeeper', version: (v[1] ?? '').split('-')[0] ?? null, info: mode ? `mode ${mode}` : null };
    }
    if (text === 'imok') return { product: 'ZooKeeper', info: 'imok' };
    if (/^\w{4} is not executed because it is not in the whitelist\./.test(text)) return { product: 'ZooKeeper', info: 'four-letter word not whitelisted' };
    return null;
  },
};

const TNS_REPLIES: Readonly<Record<number, string>> = { 0x02: 'ACCEPT', 0x04: 'REFUSE', 0x05: 'REDIRECT', 0x0b: 'RESEND', 0x0c: 'MARKER' };

/** VSNNUM in decimal; in hex its fields are 8/4/8/4/8 bits (0x13000000 => 19.0.0.0.0). */
function vsnnum(n: number): string {
  return [n >>> 24, (n >>> 20) & 0x0f, (n >>> 12) & 0xff, (n >>> 8) & 0x0f, n & 0xff].join('.');
}

export const TNS_REPLY: Matcher = {
  id: 'oracle-tns-reply',
  protocol: 'oracle',
  first: '\x00',
  hard: true,
  note: 'TNS header (length, 00 00, type ACCEPT 02 / REFUSE 04 / REDIRECT 05 / RESEND 0b / MARKER 0c, 00 00); a REFUSE to COMMAND=version carries VSNNUM, the listener version.',
  source: 'docs/protocols.md',
  test(b) {
    const len = u16be(b, 0);
    const type = u8(b, 4);
    if (len === undefined || type === undefined || len < 8 || len > 8192 || b[2] !== 0 || b[3] !== 0 || b[6] !== 0 || b[7] !== 0) return null;
    const name = TNS_REPLIES[type];
    if (name === undefined) return null;
    // Only a complete packet decides (TNS packets are short; the probe reads until one is complete).
    if (b.length < len || (type === 0x0b && len !== 8)) return null;
    const text = latin1(b, 8, Math.min(b.length, len));
    const vsn = /\(VSNNUM=(\d{1,10})\)/.exec(text)?.[1];
    const err = /\(ERR=(\d{1,6})\)/.exec(text)?.[1];
    if ((type === 0x04 || type === 0x05) && !/\((?:DESCRIPTION|ADDRESS|ERR)=/i.test(text)) return null;
    return {
      product: 'Oracle TNS listener',
      version: vsn === undefined ? null : vsnnum(Number(vsn)),
      info: `${name}${err === undefined ? '' : ` ERR=${err}`}`,
    };
  },
};
