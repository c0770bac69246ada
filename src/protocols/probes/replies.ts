/**
 * Matchers for what servers answer: to the knowledge base's active probes (probes/index.ts) and to
 * the probe's own HTTP request or TLS ClientHello (fingerprints.md 0.4 table). Anchored at byte 0.
 */
import type { Matcher, MatchDetail } from '../types.js';
import { bytesAt, clean, firstLine, i32be, i32le, indexOfByte, latin1, startsWithAscii, u16be, u16le, u32be, u8 } from '../bytes.js';
import { berLength } from '../matchers/client-binary.js';
import { readBsonScalars } from './bson.js';

export const REDIS_REPLY: Matcher = {
  id: 'redis-reply',
  protocol: 'redis',
  hard: true,
  note: '+PONG, -NOAUTH, -WRONGPASS, -DENIED, or an INFO bulk reply with redis_version/valkey_version; other -ERR replies are soft.',
  source: 'fingerprints.md 2.9; Redis RESP specification',
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
  source: 'fingerprints.md 2.10; memcached doc/protocol.txt',
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
  source: 'fingerprints.md 2.3; PostgreSQL docs 55.2.10 SSL Session Encryption',
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
  source: 'fingerprints.md 2.3; PostgreSQL docs 55.7 ErrorResponse, postmaster.c ProcessStartupPacket',
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
  source: 'fingerprints.md 2.11; MongoDB Wire Protocol docs',
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

/** AMQP 0-9-1 field table: reads the long-string values of the named keys. */
function amqpTableStrings(b: Uint8Array, at: number, keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const size = u32be(b, at);
  if (size === undefined) return out;
  const end = Math.min(b.length, at + 4 + size);
  let i = at + 4;
  for (let guard = 0; i < end && guard < 64; guard++) {
    const klen = u8(b, i);
    if (klen === undefined) break;
    const key = latin1(b, i + 1, i + 1 + klen);
    i += 1 + klen;
    const type = String.fromCharCode(u8(b, i) ?? 0);
    i += 1;
    if (type === 'S') {
      const l = u32be(b, i);
      if (l === undefined) break;
      if (keys.includes(key)) out.set(key, latin1(b, i + 4, Math.min(end, i + 4 + l)));
      i += 4 + l;
    } else if (type === 'F') {
      const l = u32be(b, i);
      if (l === undefined) break;
      i += 4 + l;
    } else if (type === 't' || type === 'b' || type === 'B') i += 1;
    else if (type === 's' || type === 'u' || type === 'U') i += 2;
    else if (type === 'I' || type === 'i' || type === 'f') i += 4;
    else if (type === 'l' || type === 'L' || type === 'd' || type === 'T') i += 8;
    else break;
  }
  return out;
}

export const AMQP_REPLY: Matcher = {
  id: 'amqp-connection-start',
  protocol: 'amqp',
  hard: true,
  note: 'Connection.Start method frame (01 00 00 size 00 0a 00 0a) with server-properties product/version, or the AMQP header a server sends back for an unsupported version.',
  source: 'fingerprints.md 2.14; AMQP 0-9-1 section 4.2.3',
  test(b) {
    if (startsWithAscii(b, 'AMQP') && b.length >= 8) return { info: `server prefers AMQP ${b[5]}-${b[6]}-${b[7]}` };
    if (b[0] !== 0x01 || b[1] !== 0x00 || b[2] !== 0x00 || !bytesAt(b, 7, [0x00, 0x0a, 0x00, 0x0a])) return null;
    const props = amqpTableStrings(b, 13, ['product', 'version', 'cluster_name']);
    const cluster = props.get('cluster_name');
    return {
      product: props.get('product') ?? null,
      version: props.get('version') ?? null,
      info: `Connection.Start ${b[11]}-${b[12]}${cluster ? `, cluster ${cluster}` : ''}`,
    };
  },
};

export const MQTT_CONNACK: Matcher = {
  id: 'mqtt-connack',
  protocol: 'mqtt',
  hard: true,
  note: 'CONNACK 20 02 <session-present 0|1> <return code 0..5> (v3.1.1), or 20 <len> <flags> <reason> ... (v5).',
  source: 'fingerprints.md 2.15; MQTT 3.1.1 section 3.2',
  test(b) {
    if (b[0] !== 0x20) return null;
    const len = u8(b, 1);
    const flags = u8(b, 2);
    const rc = u8(b, 3);
    if (len === undefined || flags === undefined || rc === undefined || flags > 1) return null;
    const codes = ['accepted', 'unacceptable protocol version', 'identifier rejected', 'server unavailable', 'bad user name or password', 'not authorized'];
    if (len === 2 && rc <= 5) return { info: `CONNACK ${codes[rc]}` };
    if (len > 2 && len < 128 && (rc === 0 || rc >= 0x80)) return { version: '5.0', info: `CONNACK reason ${rc}` };
    return null;
  },
};

export const ZK_REPLY: Matcher = {
  id: 'zookeeper-four-letter-reply',
  protocol: 'zookeeper',
  hard: true,
  note: 'srvr: Zookeeper version: x, built on ...; ruok: imok; or the whitelist refusal "<cmd> is not executed because it is not in the whitelist."',
  source: 'fingerprints.md 2.37',
  test(b) {
    const text = latin1(b, 0, 2048);
    const v = /^Zookeeper version: ([\w.\-]{1,60})(?:, built on [^\n]*)?\n/.exec(text);
    if (v) {
      const mode = /\nMode: (\w+)/.exec(text)?.[1];
      return { product: 'ZooKeeper', version: (v[1] ?? '').split('-')[0] ?? null, info: mode ? `mode ${mode}` : null };
    }
    if (text === 'imok') return { product: 'ZooKeeper', info: 'imok' };
    if (/^\w{4} is not executed because it is not in the whitelist\./.test(text)) return { product: 'ZooKeeper', info: 'four-letter word not whitelisted' };
    return null;
  },
};

const LDAP_REPLY_OPS: Readonly<Record<number, string>> = { 0x61: 'BindResponse', 0x64: 'SearchResultEntry', 0x65: 'SearchResultDone', 0x78: 'ExtendedResponse' };

/** Reads OCTET STRINGs after attribute names of interest in a SearchResultEntry (bounded scan of the TLVs). */
function ldapAttributes(b: Uint8Array, from: number, to: number, names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const text = latin1(b, from, Math.min(to, b.length));
  for (const name of names) {
    const i = text.indexOf(`\x04${String.fromCharCode(name.length)}${name}`);
    if (i === -1) continue;
    // attribute: OCTET STRING type, then SET { OCTET STRING value, ... }
    let at = from + i + 2 + name.length;
    if (b[at] !== 0x31) continue;
    const set = berLength(b, at + 1);
    if (!set) continue;
    at += 1 + set.bytes;
    if (b[at] !== 0x04) continue;
    const v = berLength(b, at + 1);
    if (!v) continue;
    out.set(name, latin1(b, at + 1 + v.bytes, Math.min(b.length, at + 1 + v.bytes + v.len)));
  }
  return out;
}

export const LDAP_REPLY: Matcher = {
  id: 'ldap-response',
  protocol: 'ldap',
  hard: true,
  note: 'LDAPMessage 30 len 02 len id, then BindResponse 61, SearchResultEntry 64, SearchResultDone 65 or ExtendedResponse 78 (notice of disconnection).',
  source: 'fingerprints.md 2.21; RFC 4511 section 4.1.1, 4.2.2, 4.5.2',
  test(b) {
    if (b[0] !== 0x30) return null;
    const seq = berLength(b, 1);
    if (!seq) return null;
    const at = 1 + seq.bytes;
    const idLen = u8(b, at + 1);
    if (b[at] !== 0x02 || idLen === undefined || idLen < 1 || idLen > 4) return null;
    const op = u8(b, at + 2 + idLen);
    if (op === undefined) return null;
    const name = LDAP_REPLY_OPS[op];
    if (name === undefined) return null;
    const attrs = ldapAttributes(b, at, b.length, ['vendorName', 'vendorVersion', 'supportedLDAPVersion', 'dnsHostName']);
    const vendor = attrs.get('vendorName');
    return {
      product: vendor === undefined ? null : clean(vendor, 60),
      version: attrs.get('vendorVersion') ?? null,
      info: [name, attrs.has('dnsHostName') ? `host ${attrs.get('dnsHostName')} (Active Directory)` : null].filter((x) => x !== null).join(', '),
    };
  },
};

/** Correlation id the Kafka probe sends (probes/index.ts). */
export const KAFKA_CORRELATION_ID = 0x70630001;

export const KAFKA_API_VERSIONS_REPLY: Matcher = {
  id: 'kafka-api-versions-response',
  protocol: 'kafka',
  hard: true,
  note: 'ApiVersions response: int32 size, our correlation id, error 0 or 35, array of (api_key, min, max) with ascending keys.',
  source: 'fingerprints.md 2.13; Kafka protocol guide ApiVersions Response (v0)',
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
  source: 'fingerprints.md 2.12; Cassandra native_protocol_v4.spec sections 2, 4.2',
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
  source: 'fingerprints.md 2.19; MS-TDS 2.2.6.5',
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
  source: 'fingerprints.md 2.26',
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

export const STOMP_REPLY: Matcher = {
  id: 'stomp-connected',
  protocol: 'stomp',
  hard: true,
  note: 'CONNECTED frame (server:, version: headers) or an ERROR frame with message:.',
  source: 'STOMP 1.2 specification, "CONNECTED Frame"',
  test(b) {
    const text = latin1(b, 0, 2048);
    const m = /^(CONNECTED|ERROR)\r?\n((?:[^:\r\n\0]+:[^\r\n\0]*\r?\n)*)/.exec(text);
    if (!m) return null;
    const headers = m[2] ?? '';
    const server = /(?:^|\n)server:([^\r\n]*)/.exec(headers)?.[1];
    const version = /(?:^|\n)version:([^\r\n]*)/.exec(headers)?.[1];
    if (m[1] === 'ERROR') return /(?:^|\n)message:/.test(headers) ? { hard: false, info: 'ERROR frame' } : null;
    const sv = server === undefined ? null : /^([^\/]+)(?:\/(\S+))?/.exec(server);
    return { product: sv?.[1] ?? null, version: sv?.[2] ?? null, info: version === undefined ? 'CONNECTED' : `STOMP ${version}` };
  },
};

export const XMPP_REPLY: Matcher = {
  id: 'xmpp-stream-reply',
  protocol: 'xmpp',
  hard: true,
  note: 'The server stream header <stream:stream ... xmlns:stream=http://etherx.jabber.org/streams> or a <stream:error>.',
  source: 'fingerprints.md 2.24; RFC 6120 section 4.7, 4.9',
  test(b) {
    const text = latin1(b, 0, 4096);
    if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<stream:(?:stream[\s>]|error>)/.test(text)) return null;
    const from = /<stream:stream[^>]*\sfrom=['"]([^'"]{1,100})['"]/.exec(text)?.[1];
    const err = /<stream:error>\s*<([\w-]{1,40})/.exec(text)?.[1];
    return { info: [from ? `domain ${from}` : null, err ? `stream error ${err}` : null, text.includes('urn:ietf:params:xml:ns:xmpp-tls') ? 'STARTTLS offered' : null].filter((x) => x !== null).join(', ') || null };
  },
};

export const RDP_CONFIRM: Matcher = {
  id: 'rdp-connection-confirm',
  protocol: 'rdp',
  hard: true,
  note: 'TPKT 03 00 len + X.224 Connection Confirm (d0), then RDP_NEG_RSP (02) or RDP_NEG_FAILURE (03).',
  source: 'fingerprints.md 2.38; MS-RDPBCGR 2.2.1.2',
  test(b) {
    const len = u16be(b, 2);
    if (b[0] !== 0x03 || b[1] !== 0x00 || len === undefined || len < 11 || b[4] !== len - 5 || ((b[5] ?? 0) & 0xf0) !== 0xd0) return null;
    const type = u8(b, 11);
    const sel = u16le(b, 15);
    if (type === 0x02 && sel !== undefined) return { info: `selected protocol ${['standard RDP security', 'TLS', 'CredSSP (NLA)', '', 'RDSTLS'][sel] ?? sel}` };
    if (type === 0x03) return { info: `negotiation failure ${sel ?? ''}`.trim() };
    return { info: 'Connection Confirm' };
  },
};

export const EPMD_NAMES_REPLY: Matcher = {
  id: 'epmd-names-reply',
  protocol: 'epmd',
  hard: true,
  note: 'NAMES_RESP: epmd port as 4 bytes (00 00 11 11 = 4369), then lines "name <node> at port <n>".',
  source: 'Erlang/OTP erts doc "Distribution Protocol", NAMES_REQ',
  test(b) {
    const port = u32be(b, 0);
    if (port === undefined || port < 1 || port > 65535) return null;
    const text = latin1(b, 4, 4096);
    if (text !== '' && !/^name \S{1,255} at port \d{1,5}\n/.test(text)) return null;
    if (text === '' && port !== 4369) return null;
    const nodes = [...text.matchAll(/name (\S{1,255}) at port (\d{1,5})/g)].map((m) => `${m[1]}:${m[2]}`);
    return { product: 'epmd', info: clean(nodes.length === 0 ? 'no nodes registered' : `nodes ${nodes.slice(0, 5).join(' ')}`, 160) };
  },
};

/** Skips a DNS name (labels or a compression pointer) at `at`; returns the offset after it or -1. */
function skipDnsName(b: Uint8Array, at: number): number {
  for (let i = at, guard = 0; i < b.length && guard < 128; guard++) {
    const l = b[i] as number;
    if (l === 0) return i + 1;
    if ((l & 0xc0) === 0xc0) return i + 2 <= b.length ? i + 2 : -1;
    if (l > 63) return -1;
    i += 1 + l;
  }
  return -1;
}

/** The first TXT string of the first answer (version.bind), after the 2-byte TCP length. */
function dnsFirstTxt(b: Uint8Array): string | null {
  const qd = u16be(b, 6);
  const an = u16be(b, 8);
  if (qd !== 1 || an === undefined || an < 1) return null;
  let at = skipDnsName(b, 14);
  if (at === -1) return null;
  at += 4; // QTYPE, QCLASS
  at = skipDnsName(b, at);
  if (at === -1 || u16be(b, at) !== 16) return null;
  const rdlength = u16be(b, at + 8);
  const l = u8(b, at + 10);
  if (rdlength === undefined || l === undefined || l + 1 > rdlength) return null;
  return clean(latin1(b, at + 11, at + 11 + l), 60) || null;
}

/** DNS id the probe sends. */
export const DNS_PROBE_ID = 0x7063;

export const DNS_REPLY: Matcher = {
  id: 'dns-tcp-reply',
  protocol: 'dns',
  hard: true,
  note: 'Length-prefixed DNS response: QR 1 and our query id; a TXT answer to version.bind CH names the server.',
  source: 'fingerprints.md 2.34; RFC 1035 section 4.1.1',
  test(b) {
    const len = u16be(b, 0);
    if (len === undefined || len < 12 || u16be(b, 2) !== DNS_PROBE_ID || ((b[4] ?? 0) & 0x80) === 0) return null;
    const rcode = (b[5] ?? 0) & 0x0f;
    return { version: dnsFirstTxt(b), info: ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'][rcode] ?? `rcode ${rcode}` };
  },
};

export const SOCKS5_METHOD_REPLY: Matcher = {
  id: 'socks5-method-reply',
  protocol: 'socks',
  hard: true,
  note: 'Exactly 05 <method>: 00 no auth, 02 user/password, ff none acceptable.',
  source: 'fingerprints.md 2.33; RFC 1928 section 3',
  test(b) {
    if (b.length !== 2 || b[0] !== 0x05) return null;
    const m = b[1] as number;
    const names: Record<number, string> = { 0x00: 'no authentication', 0x01: 'GSSAPI', 0x02: 'username/password', 0xff: 'no acceptable method' };
    return names[m] === undefined ? null : { version: '5', info: names[m] };
  },
};

export const TLS_SERVER_REPLY: Matcher = {
  id: 'tls-server-reply',
  protocol: 'tls',
  hard: true,
  note: 'ServerHello record 16 03 0x len 02, or an alert record 15 03 0x 00 02 <level> <description>.',
  source: 'fingerprints.md 2.31; RFC 8446 sections 4.1.3, 6',
  test(b) {
    if (b[1] !== 0x03 || (b[2] ?? 9) > 0x04) return null;
    if (b[0] === 0x16 && b[5] === 0x02) return { info: 'ServerHello' };
    if (b[0] === 0x15 && b[3] === 0x00 && b[4] === 0x02) {
      const desc: Record<number, string> = { 40: 'handshake_failure', 70: 'protocol_version', 80: 'internal_error', 112: 'unrecognized_name', 120: 'no_application_protocol' };
      const d = b[6];
      return { info: `alert ${d === undefined ? '' : desc[d] ?? d}`.trim() };
    }
    return null;
  },
};

/** Distinctive answers to the probe's `GET / HTTP/1.x` from non-HTTP servers (fingerprints.md 0.4). */
function getAnswer(b: Uint8Array): MatchDetail | null {
  const text = latin1(b, 0, 4096);
  if (text.includes('It looks like you are trying to access MongoDB over HTTP')) return { protocol: 'mongodb', product: 'MongoDB', info: 'HTTP request on the native driver port' };
  const ch = /Port (\d{1,5}) is for clickhouse-client program/.exec(text);
  if (ch) return { protocol: 'clickhouse', product: 'ClickHouse', info: 'HTTP request on the native port' };
  if (/^This is not an HTTP port/.test(text)) return { protocol: 'elasticsearch', product: 'Elasticsearch', info: 'HTTP request on the transport port' };
  if (/^HTTP\/1\.[01] 400[^\r\n]*\r\n[\s\S]*The plain HTTP request was sent to HTTPS port/.test(text)) return { protocol: 'tls', product: 'nginx', info: 'HTTPS-only port (plain HTTP refused)' };
  return null;
}

export const GET_ANSWERS: Matcher = {
  id: 'http-get-answer',
  protocol: 'http',
  others: ['mongodb', 'clickhouse', 'elasticsearch', 'tls'],
  hard: true,
  note: 'Non-HTTP servers that answer GET distinctively: MongoDB, ClickHouse native, Elasticsearch transport, HTTPS-only nginx.',
  source: 'fingerprints.md 0.4',
  test: getAnswer,
};

/** Reply tables in decision order; specific probe replies first, generic ones last. */
export const REPLY_MATCHERS: readonly Matcher[] = [
  GET_ANSWERS,
  TLS_SERVER_REPLY,
  AMQP_REPLY,
  MONGO_REPLY,
  KAFKA_API_VERSIONS_REPLY,
  CQL_REPLY,
  MSSQL_PRELOGIN_REPLY,
  RDP_CONFIRM,
  LDAP_REPLY,
  DNS_REPLY,
  MQTT_CONNACK,
  PG_ERROR,
  REDIS_REPLY,
  MEMCACHED_REPLY,
  BEANSTALKD_REPLY,
  ZK_REPLY,
  STOMP_REPLY,
  XMPP_REPLY,
  EPMD_NAMES_REPLY,
  SOCKS5_METHOD_REPLY,
  PG_SSL_RESPONSE,
];
