/**
 * Matchers for what servers answer: to the knowledge base's active probes (probes/index.ts) and to
 * the probe's own HTTP request or TLS ClientHello (docs/protocols.md). Anchored at byte 0.
 */
import type { Matcher, MatchDetail } from '../types.js';
import { bytesAt, clean, latin1, startsWithAscii, u16be, u16le, u32be, u8 } from '../bytes.js';
import { berLength } from '../ber.js';
import * as svc from './replies-services.js';
import {
  BEANSTALKD_REPLY, CQL_REPLY, KAFKA_API_VERSIONS_REPLY, MEMCACHED_REPLY, MONGO_REPLY, MSSQL_PRELOGIN_REPLY, PG_ERROR, PG_SSL_RESPONSE, REDIS_REPLY, TNS_REPLY, ZK_REPLY,
} from './replies-data.js';

export * from './replies-data.js';

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
  source: 'AMQP 0-9-1 section 4.2.3',
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
  source: 'MQTT 3.1.1 section 3.2',
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
  source: 'RFC 4511 section 4.1.1, 4.2.2, 4.5.2',
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
    // OpenLDAP (slapd 2.5, fixtures/slapd-rootdse-reply.bin) publishes no vendorName/vendorVersion:
    // its root DSE carries only namingContexts and supportedLDAPVersion.
    const attrs = ldapAttributes(b, at, b.length, ['vendorName', 'vendorVersion', 'supportedLDAPVersion', 'namingContexts', 'dnsHostName']);
    const vendor = attrs.get('vendorName');
    const naming = attrs.get('namingContexts');
    const ldapv = attrs.get('supportedLDAPVersion');
    return {
      product: vendor === undefined ? null : clean(vendor, 60),
      version: attrs.get('vendorVersion') ?? null,
      info: [
        name,
        naming === undefined ? null : clean(`naming context ${naming}`, 100),
        ldapv === undefined ? null : clean(`LDAPv${ldapv}`, 20),
        attrs.has('dnsHostName') ? `host ${attrs.get('dnsHostName')} (Active Directory)` : null,
      ].filter((x) => x !== null).join(', '),
    };
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
  source: 'RFC 6120 section 4.7, 4.9',
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
  source: 'MS-RDPBCGR 2.2.1.2',
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
  source: 'RFC 1035 section 4.1.1',
  test(b) {
    const len = u16be(b, 0);
    if (len === undefined || len < 12 || u16be(b, 2) !== DNS_PROBE_ID || ((b[4] ?? 0) & 0x80) === 0) return null;
    const rcode = (b[5] ?? 0) & 0x0f;
    const txt = dnsFirstTxt(b);
    // dnsmasq answers `dnsmasq-2.90`, Unbound `unbound 1.17.1`, Knot `Knot DNS 3.2.6`, PowerDNS
    // `PowerDNS Recursor 4.8.4`; BIND 9 answers its bare version (`9.18.49-1~deb12u3-Debian`,
    // fixtures/bind9-version-bind-reply.bin) unless `version` is configured to another string.
    const pv = txt === null ? null : /^([A-Za-z][A-Za-z ]*?)[- ]v?(\d[\w.~+-]*)$/.exec(txt);
    const bind = txt !== null && /^9\.\d+\.\d+(?:[-~+.\w]*)$/.test(txt);
    return {
      product: pv?.[1] ?? (bind ? 'BIND' : null),
      version: pv?.[2] ?? txt,
      info: ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'][rcode] ?? `rcode ${rcode}`,
    };
  },
};

export const SOCKS5_METHOD_REPLY: Matcher = {
  id: 'socks5-method-reply',
  protocol: 'socks',
  hard: true,
  note: 'Exactly 05 <method>: 00 no auth, 02 user/password, ff none acceptable.',
  source: 'RFC 1928 section 3',
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
  source: 'RFC 8446 sections 4.1.3, 6',
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

export const GIT_REPLY: Matcher = {
  id: 'git-daemon-reply',
  protocol: 'git',
  first: '0123456789abcdef',
  hard: true,
  note: 'A pkt-line answer: ERR <message> (repository not exported), a v0 ref advertisement <40-hex sha> HEAD, or version 2.',
  source: 'git Documentation/gitprotocol-pack.txt',
  test(b) {
    const text = latin1(b, 0, 1024);
    const m = /^([0-9a-f]{4})(ERR |[0-9a-f]{40} |version 2\n)/.exec(text);
    if (!m) return null;
    const len = parseInt(m[1] ?? '0', 16);
    if (len < 4 + (m[2] ?? '').length || len > 65520) return null;
    const line = text.slice(4, Math.min(len, text.length)).replace(/\n$/, '');
    const agent = /\bagent=git\/([\w.-]{1,30})/.exec(text)?.[1];
    return { product: agent ? 'git' : null, version: agent ?? null, info: clean(line.split('\0')[0] ?? '', 100) };
  },
};

const SMB2_DIALECTS: Readonly<Record<number, string>> = { 0x0202: '2.0.2', 0x0210: '2.1', 0x0300: '3.0', 0x0302: '3.0.2', 0x0311: '3.1.1', 0x02ff: '2.??? (wildcard)' };

export const SMB2_NEGOTIATE_REPLY: Matcher = {
  id: 'smb2-negotiate-response',
  protocol: 'smb',
  first: '\x00',
  hard: true,
  note: 'Direct-TCP header 00 + length, SMB2 header fe SMB with command 0000 NEGOTIATE and the response flag, body StructureSize 65 with the chosen DialectRevision.',
  source: 'MS-SMB2 2.2.4',
  test(b) {
    if (b[0] !== 0x00 || !bytesAt(b, 4, [0xfe, 0x53, 0x4d, 0x42]) || u16le(b, 8) !== 64) return null;
    const command = u16le(b, 16);
    const flags = u8(b, 20);
    if (command !== 0 || flags === undefined || (flags & 0x01) === 0) return null;
    const status = u32be(b, 12);
    if (u16le(b, 68) !== 65) return status === undefined ? null : { hard: false, info: 'SMB2 NEGOTIATE response without a body' };
    const dialect = u16le(b, 72);
    return { version: dialect === undefined ? null : SMB2_DIALECTS[dialect] ?? `dialect 0x${dialect.toString(16)}`, info: 'SMB2 NEGOTIATE response' };
  },
};

/** Distinctive answers to the probe's `GET / HTTP/1.x` from non-HTTP servers (docs/protocols.md). */
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
  source: 'docs/protocols.md',
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
  TNS_REPLY,
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
  SMB2_NEGOTIATE_REPLY,
  GIT_REPLY,
  PG_SSL_RESPONSE,
  svc.RMI_PROTOCOL_ACK,
  svc.IDENT_REPLY,
  svc.SPAMD_PONG,
  svc.CLAMD_VERSION,
  svc.ZABBIX_HEADER,
  svc.NUT_VER,
  svc.GEARMAN_VERSION,
  svc.RPC_REPLY,
  svc.TOR_PROTOCOLINFO,
  svc.X11_SETUP_REPLY,
  svc.RTSP_RESPONSE,
  svc.GOPHER_MENU,
  svc.ERLANG_DIST_STATUS,
];
