/**
 * The byte corpus for the matcher tests: real captures from test/protocols/fixtures (recorded by
 * fixtures/record.sh) and byte sequences from docs/protocols.md (section cited per sample).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ascii, concat, hex } from '../../src/protocols/bytes.js';
import type { ProtocolId } from '../../src/protocols/index.js';
import { bsonDoc } from '../../src/protocols/probes/encode.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { SERVICE_BANNER_SAMPLES, SERVICE_REPLY_SAMPLES } from './samples-services.js';

export const FIXTURES = join(REPO_ROOT, 'test', 'protocols', 'fixtures');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

export interface Sample {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly protocol: ProtocolId;
  /** Expected matcher id. */
  readonly signature: string;
  readonly product?: string | null;
  readonly version?: string | null;
  readonly hard?: boolean;
  /** Text the identification's info must contain. */
  readonly info?: string;
  readonly source: string;
}

const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const u32 = (n: number) => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const le32 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
const le24 = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff);
const z = (n: number) => new Uint8Array(n);

/** A MySQL 8.0 handshake v10 (fields per docs/protocols.md), CLIENT_MYSQL and CLIENT_SSL set. */
function mysql8Greeting(version: string): Uint8Array {
  const payload = concat(
    hex('0a'), ascii(version), z(1),
    le32(12), ascii('abcdefgh'), z(1),
    hex('ff ff'), hex('ff'), hex('02 00'), hex('ff df'), Uint8Array.of(21), z(10),
    ascii('ijklmnopqrst'), z(1), ascii('caching_sha2_password'), z(1),
  );
  return concat(le24(payload.length), z(1), payload);
}

function mysqlErr(code: number, msg: string): Uint8Array {
  const payload = concat(hex('ff'), Uint8Array.of(code & 0xff, code >> 8), ascii(msg));
  return concat(le24(payload.length), z(1), payload);
}

/** Oracle TNS CONNECT (docs/protocols.md): header, version 318, lowest 300, then the descriptor. */
function tnsConnect(): Uint8Array {
  const desc = ascii('(DESCRIPTION=(CONNECT_DATA=(SERVICE_NAME=ORCLPDB1)(CID=(PROGRAM=sqlplus)(HOST=h)(USER=u)))(ADDRESS=(PROTOCOL=TCP)(HOST=10.0.0.5)(PORT=1521)))');
  const fixed = concat(hex('01 3e 01 2c 0c 41 20 00 ff ff 7f 08 00 00 01 00'), u16(desc.length), u16(58), hex('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00'));
  const len = 8 + fixed.length + desc.length;
  return concat(u16(len), hex('00 00 01 00 00 00'), fixed, desc);
}

function clickhouseHello(): Uint8Array {
  return concat(hex('00 11'), ascii('ClickHouse client'), hex('18 08 bc a9 03'), hex('07'), ascii('default'), hex('07'), ascii('default'), hex('00'));
}

function zkConnect(): Uint8Array {
  return concat(hex('00 00 00 2d 00 00 00 00'), z(8), hex('00 00 75 30'), z(8), hex('00 00 00 10'), z(16), z(1));
}

function erlangDistNew(name: string): Uint8Array {
  const body = concat(hex('4e'), hex('00 00 00 07 df 7f bd 95'), hex('62 5e 2a 10'), u16(name.length), ascii(name));
  return concat(u16(body.length), body);
}

function erlangDistOld(name: string): Uint8Array {
  const body = concat(hex('6e 00 05'), hex('00 07 7f fd'), ascii(name));
  return concat(u16(body.length), body);
}

function smb2Negotiate(): Uint8Array {
  const msg = concat(hex('fe 53 4d 42 40 00'), z(58), hex('24 00 02 00 01 00 00 00 7f 00 00 00'), z(16), z(8), hex('02 02 10 02'));
  return concat(hex('00'), Uint8Array.of(0, 0, msg.length), msg);
}

function netbiosSession(): Uint8Array {
  return concat(hex('81 00 00 44 20'), ascii('CKFDENECFDEFFCFGEFFCCACACACACACA'), hex('00 20'), ascii('EMEPEDEBEMEIEPFDFECACACACACACAAA'), hex('00'));
}

/** AMQP Connection.Start (docs/protocols.md) with product RabbitMQ, version 3.13.7. */
function amqpStart(): Uint8Array {
  const field = (k: string, v: string) => concat(Uint8Array.of(k.length), ascii(k), ascii('S'), u32(v.length), ascii(v));
  const table = concat(field('product', 'RabbitMQ'), field('version', '3.13.7'), field('platform', 'Erlang/OTP 26.2.5'), field('cluster_name', 'rabbit@mq-0'));
  const args = concat(hex('00 0a 00 0a 00 09'), u32(table.length), table, u32(14), ascii('AMQPLAIN PLAIN'), u32(5), ascii('en_US'));
  return concat(hex('01 00 00'), u32(args.length), args, hex('ce'));
}

function mongoReply(doc: Uint8Array, opMsg = true): Uint8Array {
  const body = opMsg ? concat(le32(0), z(1), doc) : concat(le32(8), z(8), le32(0), le32(1), doc);
  return concat(le32(16 + body.length), le32(99), le32(0x7063), le32(opMsg ? 2013 : 1), body);
}

function kafkaApiVersionsReply(): Uint8Array {
  const apis = [[0, 0, 9], [1, 0, 13], [3, 0, 12], [18, 0, 3], [60, 0, 0]];
  const body = concat(u32(0x70630001), hex('00 00'), u32(apis.length), ...apis.map(([k, a, b]) => concat(u16(k as number), u16(a as number), u16(b as number))), u32(0));
  return concat(u32(body.length), body);
}

function cqlSupported(): Uint8Array {
  const s = (t: string) => concat(u16(t.length), ascii(t));
  const list = (xs: string[]) => concat(u16(xs.length), ...xs.map(s));
  const body = concat(u16(3), s('PROTOCOL_VERSIONS'), list(['3/v3', '4/v4', '5/v5']), s('COMPRESSION'), list(['snappy', 'lz4']), s('CQL_VERSION'), list(['3.4.7']));
  return concat(hex('84 00 00 00 06'), u32(body.length), body);
}

function mssqlPreloginReply(): Uint8Array {
  const tokens = hex('00 00 10 00 06 01 00 16 00 01 ff');
  const data = hex('0f 00 07 d0 00 00 00');
  const payload = concat(tokens, z(5), data);
  return concat(hex('04 01'), u16(8 + payload.length), hex('00 00 01 00'), payload);
}

function ldapRootDse(): Uint8Array {
  const octets = (t: string) => concat(Uint8Array.of(0x04, t.length), ascii(t));
  const attr = (n: string, v: string) => {
    const set = concat(Uint8Array.of(0x31, v.length + 2), octets(v));
    const inner = concat(octets(n), set);
    return concat(Uint8Array.of(0x30, inner.length), inner);
  };
  const attrs = concat(attr('vendorName', 'OpenLDAP Foundation'), attr('vendorVersion', '2.6.7'));
  const entry = concat(octets(''), Uint8Array.of(0x30, attrs.length), attrs);
  const op = concat(Uint8Array.of(0x64, entry.length), entry);
  const msg = concat(hex('02 01 01'), op);
  return concat(Uint8Array.of(0x30, msg.length), msg);
}

function dnsReply(): Uint8Array {
  const q = concat(hex('07'), ascii('version'), hex('04'), ascii('bind'), hex('00 00 10 00 03'));
  const ans = concat(hex('c0 0c 00 10 00 03 00 00 00 00'), u16(7), hex('06'), ascii('9.18.2'));
  const msg = concat(u16(0x7063), hex('84 00 00 01 00 01 00 00 00 00'), q, ans);
  return concat(u16(msg.length), msg);
}


export const CLIENT_SAMPLES: readonly Sample[] = [
  { name: 'psql StartupMessage (captured)', bytes: fixture('psql-startup.bin'), protocol: 'postgresql', signature: 'postgresql-startup-message', version: '3.0', info: 'user app', source: 'fixtures/psql-startup.bin' },
  { name: 'psql SSLRequest (captured)', bytes: fixture('psql-sslrequest.bin'), protocol: 'postgresql', signature: 'postgresql-request-code', info: 'SSLRequest', source: 'fixtures/psql-sslrequest.bin' },
  { name: 'PostgreSQL GSSENCRequest', bytes: hex('00 00 00 08 04 d2 16 30'), protocol: 'postgresql', signature: 'postgresql-request-code', info: 'GSSENCRequest', source: `docs/protocols.md` },
  { name: 'PostgreSQL CancelRequest', bytes: hex('00 00 00 10 04 d2 16 2e 00 00 30 39 12 34 56 78'), protocol: 'postgresql', signature: 'postgresql-request-code', info: 'CancelRequest', source: `docs/protocols.md` },
  { name: 'redis-cli PING (captured)', bytes: fixture('redis-cli-ping.bin'), protocol: 'redis', signature: 'redis-resp-array', info: 'PING', source: 'fixtures/redis-cli-ping.bin' },
  { name: 'Redis inline PING', bytes: ascii('PING\r\n'), protocol: 'redis', signature: 'redis-inline-command', hard: true, source: `docs/protocols.md` },
  { name: 'memcached version', bytes: ascii('version\r\n'), protocol: 'memcached', signature: 'memcached-text-command', hard: true, source: `docs/protocols.md` },
  { name: 'memcached set', bytes: ascii('set user:1 0 300 5\r\nhello\r\n'), protocol: 'memcached', signature: 'memcached-text-command', source: `docs/protocols.md` },
  { name: 'memcached get', bytes: ascii('get user:1\r\n'), protocol: 'memcached', signature: 'memcached-text-command', source: `docs/protocols.md` },
  { name: 'memcached binary VERSION', bytes: concat(hex('80 0b'), z(22)), protocol: 'memcached', signature: 'memcached-binary-request', source: `docs/protocols.md` },
  { name: 'MongoDB OP_MSG hello', bytes: hex('34 00 00 00 01 00 00 00 00 00 00 00 dd 07 00 00 00 00 00 00 00 1f 00 00 00 10 68 65 6c 6c 6f 00 01 00 00 00 02 24 64 62 00 06 00 00 00 61 64 6d 69 6e 00 00'), protocol: 'mongodb', signature: 'mongodb-wire-message', info: 'OP_MSG', source: `docs/protocols.md` },
  { name: 'Cassandra OPTIONS v4', bytes: hex('04 00 00 00 05 00 00 00 00'), protocol: 'cassandra', signature: 'cassandra-cql-request', version: 'v4', source: `docs/protocols.md` },
  { name: 'Cassandra OPTIONS v5', bytes: hex('05 00 00 00 05 00 00 00 00'), protocol: 'cassandra', signature: 'cassandra-cql-request', version: 'v5', source: `docs/protocols.md` },
  { name: 'Kafka ApiVersions v0', bytes: hex('00 00 00 0f 00 12 00 00 00 00 00 01 00 05 70 72 6f 62 65'), protocol: 'kafka', signature: 'kafka-request-header', info: 'client probe', source: `docs/protocols.md` },
  { name: 'AMQP 0-9-1 header', bytes: hex('41 4d 51 50 00 00 09 01'), protocol: 'amqp', signature: 'amqp-protocol-header', version: '0-9-1', source: `docs/protocols.md` },
  { name: 'AMQP 1.0 SASL header', bytes: hex('41 4d 51 50 03 01 00 00'), protocol: 'amqp', signature: 'amqp-protocol-header', version: '1.0 SASL', source: `docs/protocols.md` },
  { name: 'MQTT 3.1.1 CONNECT', bytes: hex('10 11 00 04 4d 51 54 54 04 02 00 3c 00 05 70 72 6f 62 65'), protocol: 'mqtt', signature: 'mqtt-connect', version: '3.1.1', source: `docs/protocols.md` },
  { name: 'MQTT 3.1 CONNECT', bytes: hex('10 13 00 06 4d 51 49 73 64 70 03 02 00 3c 00 05 70 72 6f 62 65'), protocol: 'mqtt', signature: 'mqtt-connect', version: '3.1', source: `docs/protocols.md` },
  { name: 'ZooKeeper ConnectRequest', bytes: zkConnect(), protocol: 'zookeeper', signature: 'zookeeper-connect-request', source: `docs/protocols.md` },
  { name: 'ZooKeeper ruok', bytes: ascii('ruok'), protocol: 'zookeeper', signature: 'zookeeper-four-letter-word', source: `docs/protocols.md` },
  { name: 'ZooKeeper srvr with newline', bytes: ascii('srvr\n'), protocol: 'zookeeper', signature: 'zookeeper-four-letter-word', source: `docs/protocols.md` },
  { name: 'Elasticsearch transport ping', bytes: hex('45 53 ff ff ff ff'), protocol: 'elasticsearch', signature: 'elasticsearch-transport', source: `docs/protocols.md` },
  { name: 'Elasticsearch transport handshake header', bytes: concat(hex('45 53 00 00 00 40'), z(64)), protocol: 'elasticsearch', signature: 'elasticsearch-transport', source: `docs/protocols.md` },
  { name: 'TDS PRELOGIN', bytes: hex('12 01 00 2f 00 00 01 00 00 00 1a 00 06 01 00 20 00 01 02 00 21 00 01 03 00 22 00 04 04 00 26 00 01 ff 00 00 00 00 00 00 00 00 00 00 00 00 00'), protocol: 'mssql', signature: 'mssql-tds-prelogin', source: `docs/protocols.md` },
  { name: 'Oracle TNS CONNECT', bytes: tnsConnect(), protocol: 'oracle', signature: 'oracle-tns-connect', version: '318', source: `docs/protocols.md` },
  { name: 'curl LDAP anonymous bind (captured)', bytes: fixture('curl-ldap-search.bin'), protocol: 'ldap', signature: 'ldap-request', info: 'BindRequest', source: 'fixtures/curl-ldap-search.bin' },
  { name: 'curl MQTT CONNECT (captured)', bytes: fixture('curl-mqtt-connect.bin'), protocol: 'mqtt', signature: 'mqtt-connect', version: '3.1.1', source: 'fixtures/curl-mqtt-connect.bin' },
  { name: 'LDAP anonymous bind', bytes: hex('30 0c 02 01 01 60 07 02 01 03 04 00 80 00'), protocol: 'ldap', signature: 'ldap-request', info: 'BindRequest', source: `docs/protocols.md` },
  { name: 'LDAP StartTLS', bytes: concat(hex('30 1d 02 01 01 77 18 80 16'), ascii('1.3.6.1.4.1.1466.20037')), protocol: 'ldap', signature: 'ldap-request', info: 'StartTLS', source: `docs/protocols.md` },
  { name: 'XMPP stream header', bytes: ascii("<?xml version='1.0'?><stream:stream to='example.com' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"), protocol: 'xmpp', signature: 'xmpp-stream-header', info: 'client-to-server', source: `docs/protocols.md` },
  { name: 'IRC CAP LS', bytes: ascii('CAP LS 302\r\nNICK probe\r\n'), protocol: 'irc', signature: 'irc-client-registration', source: `docs/protocols.md` },
  { name: 'IRC NICK', bytes: ascii('NICK probe\r\nUSER probe 0 * :Probe\r\n'), protocol: 'irc', signature: 'irc-client-registration', source: `docs/protocols.md` },
  { name: 'beanstalkd put', bytes: ascii('put 0 0 60 5\r\nhello\r\n'), protocol: 'beanstalkd', signature: 'beanstalkd-command', source: `docs/protocols.md` },
  { name: 'beanstalkd list-tubes', bytes: ascii('list-tubes\r\n'), protocol: 'beanstalkd', signature: 'beanstalkd-command', source: `docs/protocols.md` },
  { name: 'ClickHouse ClientHello', bytes: clickhouseHello(), protocol: 'clickhouse', signature: 'clickhouse-client-hello', info: 'revision 54460', source: `docs/protocols.md` },
  { name: 'curl GET (captured)', bytes: fixture('curl-get.bin'), protocol: 'http', signature: 'http1-request-line', version: '1.1', info: 'GET /path', source: 'fixtures/curl-get.bin' },
  { name: 'HTTP request line not finished', bytes: ascii('GET /index.ht'), protocol: 'http', signature: 'http1-request-line', hard: false, source: `docs/protocols.md` },
  { name: 'curl h2 prior knowledge (captured)', bytes: fixture('curl-h2-prior-knowledge.bin'), protocol: 'http2', signature: 'h2-preface', info: 'full preface', source: 'fixtures/curl-h2-prior-knowledge.bin' },
  { name: 'h2 preface, first 14 bytes', bytes: ascii('PRI * HTTP/2.0'), protocol: 'http2', signature: 'h2-preface', source: `docs/detection.md` },
  { name: 'openssl ClientHello (captured)', bytes: fixture('openssl-client-hello.bin'), protocol: 'tls', signature: 'tls-client-hello', info: 'TLS 1.2', source: 'fixtures/openssl-client-hello.bin' },
  { name: 'SSLv2-compatible hello', bytes: hex('80 2e 01 03 01 00 15 00 00 00 10 07 00 c0 03 00 80 01 00 80 06 00 40 04 00 80 02 00 80 a3 d7 52 c3 0e 16 e2 ff 7b 9f 2a 52 63 3b 38 1e'), protocol: 'tls', signature: 'sslv2-client-hello', hard: false, source: `docs/protocols.md` },
  { name: 'PROXY v1 TCP4', bytes: ascii('PROXY TCP4 192.0.2.1 198.51.100.1 56324 443\r\nGET / HTTP/1.1\r\n'), protocol: 'proxy-protocol', signature: 'proxy-protocol-v1', version: '1', source: `docs/protocols.md` },
  { name: 'PROXY v2 TCP4', bytes: hex('0d 0a 0d 0a 00 0d 0a 51 55 49 54 0a 21 11 00 0c c0 00 02 01 c6 33 64 01 dc 04 01 bb'), protocol: 'proxy-protocol', signature: 'proxy-protocol-v2', info: 'PROXY TCP4', source: `docs/protocols.md` },
  { name: 'SOCKS4 CONNECT', bytes: hex('04 01 00 50 7f 00 00 01 00'), protocol: 'socks', signature: 'socks4-request', version: '4', source: `docs/protocols.md` },
  { name: 'SOCKS5 greeting', bytes: hex('05 01 00'), protocol: 'socks', signature: 'socks5-greeting', version: '5', source: `docs/protocols.md` },
  { name: 'SOCKS5 greeting, two methods', bytes: hex('05 02 00 02'), protocol: 'socks', signature: 'socks5-greeting', source: `docs/protocols.md` },
  { name: 'DNS query example.com A', bytes: hex('00 1d 12 34 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01'), protocol: 'dns', signature: 'dns-tcp-query', info: 'example.com', source: `docs/protocols.md` },
  { name: 'git client (captured)', bytes: fixture('git-client-first-bytes.bin'), protocol: 'git', signature: 'git-pkt-line-request', version: '2', info: '/repo.git', source: 'fixtures/git-client-first-bytes.bin' },
  { name: 'git upload-pack v0', bytes: ascii('0032git-upload-pack /project.git\0host=example.com\0'), protocol: 'git', signature: 'git-pkt-line-request', source: `docs/protocols.md` },
  { name: 'rsync client (captured)', bytes: fixture('rsync-client-first-bytes.bin'), protocol: 'rsync', signature: 'rsync-client-greeting', version: 'protocol 32.0', source: 'fixtures/rsync-client-first-bytes.bin' },
  { name: 'ssh client (captured)', bytes: fixture('ssh-client-first-bytes.bin'), protocol: 'ssh', signature: 'ssh-client-ident', product: 'OpenSSH', version: '9.2p1', source: 'fixtures/ssh-client-first-bytes.bin' },
  { name: 'RFB viewer version', bytes: ascii('RFB 003.008\n'), protocol: 'vnc', signature: 'vnc-rfb-client-version', version: '3.8', source: `docs/protocols.md` },
  { name: 'RDP connection request', bytes: hex('03 00 00 2b 26 e0 00 00 00 00 00 43 6f 6f 6b 69 65 3a 20 6d 73 74 73 68 61 73 68 3d 70 72 6f 62 65 0d 0a 01 00 08 00 03 00 00 00'), protocol: 'rdp', signature: 'rdp-x224-connection-request', info: 'mstshash=probe', source: `docs/protocols.md` },
  { name: 'RDP request without cookie', bytes: hex('03 00 00 13 0e e0 00 00 00 00 00 01 00 08 00 03 00 00 00'), protocol: 'rdp', signature: 'rdp-x224-connection-request', info: 'RDP_NEG_REQ', source: `docs/protocols.md` },
  { name: 'SMB2 NEGOTIATE', bytes: smb2Negotiate(), protocol: 'smb', signature: 'smb-direct-tcp', info: 'SMB2/3', source: `docs/protocols.md` },
  { name: 'NetBIOS session request', bytes: netbiosSession(), protocol: 'smb', signature: 'netbios-session-request', source: `docs/protocols.md` },
  { name: 'NATS CONNECT', bytes: ascii('CONNECT {"verbose":false,"pedantic":false,"lang":"go","version":"1.31.0","protocol":1}\r\nPING\r\n'), protocol: 'nats', signature: 'nats-client-connect', info: 'client go 1.31.0', source: `docs/protocols.md` },
  { name: 'STOMP CONNECT', bytes: ascii('CONNECT\naccept-version:1.2\nhost:/\n\n\0'), protocol: 'stomp', signature: 'stomp-connect-frame', version: '1.2', source: 'STOMP 1.2 "Connecting"' },
  { name: 'epmd NAMES_REQ', bytes: hex('00 01 6e'), protocol: 'epmd', signature: 'epmd-request', info: 'NAMES_REQ', source: 'Erlang/OTP EPMD protocol' },
  { name: 'epmd PORT_PLEASE2_REQ', bytes: concat(hex('00 07 7a'), ascii('rabbit')), protocol: 'epmd', signature: 'epmd-request', info: 'PORT_PLEASE2_REQ', source: 'Erlang/OTP EPMD protocol' },
  { name: 'Erlang distribution send_name N', bytes: erlangDistNew('rabbit@mq-0'), protocol: 'erlang-dist', signature: 'erlang-dist-send-name', info: 'rabbit@mq-0', source: 'Erlang/OTP distribution handshake' },
  { name: 'Erlang distribution send_name n', bytes: erlangDistOld('a@host'), protocol: 'erlang-dist', signature: 'erlang-dist-send-name', info: 'a@host', source: 'Erlang/OTP distribution handshake' },
];

/** A MySQL HandshakeResponse41 (user app, empty auth data, mysql_native_password). */
function mysqlHandshakeResponse(ssl: boolean): Uint8Array {
  const head = concat(le32(ssl ? 0x000fa68d | 0x800 : 0x000fa68d), le32(16777216), hex('2d'), z(23));
  const payload = ssl ? head : concat(head, ascii('app'), z(1), z(1), ascii('mysql_native_password'), z(1));
  return concat(le24(payload.length), hex('01'), payload);
}

export const AFTER_GREETING_SAMPLES: readonly Sample[] = [
  { name: 'SMTP EHLO', bytes: ascii('EHLO client.example.com\r\n'), protocol: 'smtp', signature: 'smtp-client-ehlo', info: 'EHLO client.example.com', source: 'RFC 5321 4.1.1.1' },
  { name: 'POP3 CAPA', bytes: ascii('CAPA\r\n'), protocol: 'pop3', signature: 'pop3-client-command', source: 'RFC 2449' },
  { name: 'FTP AUTH TLS', bytes: ascii('AUTH TLS\r\n'), protocol: 'ftp', signature: 'ftp-client-command', source: 'RFC 4217' },
  { name: 'IMAP CAPABILITY', bytes: ascii('a1 CAPABILITY\r\n'), protocol: 'imap', signature: 'imap-client-command', info: 'CAPABILITY', source: 'RFC 9051 6.1.1' },
  { name: 'IMAP LOGIN', bytes: ascii('A001 LOGIN alice secret\r\n'), protocol: 'imap', signature: 'imap-client-command', info: 'LOGIN', source: 'RFC 9051 6.2.3' },
  { name: 'MySQL HandshakeResponse41', bytes: mysqlHandshakeResponse(false), protocol: 'mysql', signature: 'mysql-handshake-response', info: 'HandshakeResponse41', source: 'MySQL Protocol::HandshakeResponse41' },
  { name: 'MySQL SSLRequest', bytes: mysqlHandshakeResponse(true), protocol: 'mysql', signature: 'mysql-handshake-response', info: 'SSLRequest', source: `docs/protocols.md` },
  { name: 'BSD telnet client negotiation', bytes: hex('ff fd 03 ff fb 18 ff fb 1f ff fb 20 ff fb 21 ff fb 22 ff fb 27 ff fd 05'), protocol: 'telnet', signature: 'telnet-client-iac', info: 'DO SGA', source: 'BSD telnet.c telnet()' },
];

export const BANNER_SAMPLES: readonly Sample[] = [
  { name: 'MariaDB 10.11 greeting (captured)', bytes: fixture('mariadb-greeting.bin'), protocol: 'mysql', signature: 'mysql-handshake-v10', product: 'MariaDB', version: '10.11.19', info: 'auth mysql_native_password', source: 'fixtures/mariadb-greeting.bin' },
  { name: 'MySQL 8.0 greeting', bytes: mysql8Greeting('8.0.36-0ubuntu0.22.04.1'), protocol: 'mysql', signature: 'mysql-handshake-v10', product: 'MySQL', version: '8.0.36', info: 'auth caching_sha2_password', source: `docs/protocols.md` },
  { name: 'MariaDB 11 greeting without 5.5.5-', bytes: mysql8Greeting('11.4.2-MariaDB-ubu2404'), protocol: 'mysql', signature: 'mysql-handshake-v10', product: 'MariaDB', version: '11.4.2', source: `docs/protocols.md` },
  { name: 'MySQL ERR 1130', bytes: mysqlErr(1130, "Host '10.0.0.5' is not allowed to connect to this MySQL server"), protocol: 'mysql', signature: 'mysql-err-greeting', info: 'ERR 1130', source: `docs/protocols.md` },
  { name: 'MySQL X hello notice', bytes: hex('05 00 00 00 0b 08 05 1a 00'), protocol: 'mysql', signature: 'mysqlx-hello-notice', product: 'MySQL X Protocol', source: `docs/protocols.md` },
  { name: 'Exim 4.96 greeting (captured)', bytes: fixture('exim-greeting.bin'), protocol: 'smtp', signature: 'smtp-ftp-reply', product: 'Exim', version: '4.96', info: 'host vm', source: 'fixtures/exim-greeting.bin' },
  { name: 'Postfix greeting', bytes: ascii('220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n'), protocol: 'smtp', signature: 'smtp-ftp-reply', product: 'Postfix', info: 'host mail.example.com', source: `docs/protocols.md` },
  { name: 'postscreen partial greeting', bytes: ascii('220-mail.example.com ESMTP Postfix\r\n'), protocol: 'smtp', signature: 'smtp-ftp-reply', info: 'not finished', source: `docs/protocols.md` },
  { name: 'SMTP 554 refusal', bytes: ascii('554 5.7.1 mx.example.net ESMTP not accepting messages\r\n'), protocol: 'smtp', signature: 'smtp-ftp-reply', source: `docs/protocols.md` },
  { name: 'vsftpd greeting', bytes: ascii('220 (vsFTPd 3.0.5)\r\n'), protocol: 'ftp', signature: 'smtp-ftp-reply', product: 'vsftpd', version: '3.0.5', source: `docs/protocols.md` },
  { name: 'ProFTPD greeting', bytes: ascii('220 ProFTPD 1.3.8 Server (Debian) [::ffff:10.0.0.1]\r\n'), protocol: 'ftp', signature: 'smtp-ftp-reply', product: 'ProFTPD', version: '1.3.8', source: `docs/protocols.md` },
  { name: 'Pure-FTPd multi-line greeting', bytes: ascii('220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n220-You are user number 1 of 50 allowed.\r\n220 This is a private system - No anonymous login\r\n'), protocol: 'ftp', signature: 'smtp-ftp-reply', product: 'Pure-FTPd', source: `docs/protocols.md` },
  { name: 'vsftpd 500 OOPS', bytes: ascii('500 OOPS: vsftpd: refusing to run with writable root inside chroot()\r\n'), protocol: 'ftp', signature: 'smtp-ftp-reply', source: `docs/protocols.md` },
  { name: 'bare 220 greeting', bytes: ascii('220 Welcome\r\n'), protocol: 'smtp', signature: 'smtp-ftp-reply', hard: false, source: `docs/protocols.md` },
  { name: 'OpenSSH 9.2 banner (captured)', bytes: fixture('openssh-banner.bin'), protocol: 'ssh', signature: 'ssh-ident', product: 'OpenSSH', version: '9.2p1', info: 'Debian-2+deb12u', source: 'fixtures/openssh-banner.bin' },
  { name: 'dropbear banner', bytes: ascii('SSH-2.0-dropbear_2022.83\r\n'), protocol: 'ssh', signature: 'ssh-ident', product: 'dropbear', version: '2022.83', source: `docs/protocols.md` },
  { name: 'SSH banner after other lines', bytes: ascii('Welcome to the bastion\r\nSSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n'), protocol: 'ssh', signature: 'ssh-ident', version: '9.6p1', source: `RFC 4253 4.2` },
  { name: 'Dovecot POP3', bytes: ascii('+OK Dovecot (Ubuntu) ready.\r\n'), protocol: 'pop3', signature: 'pop3-ok', product: 'Dovecot', source: `docs/protocols.md` },
  { name: 'POP3 -ERR', bytes: ascii('-ERR [SYS/TEMP] server overloaded\r\n'), protocol: 'pop3', signature: 'pop3-err', hard: false, source: `docs/protocols.md` },
  { name: 'Dovecot IMAP', bytes: ascii('* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Ubuntu) ready.\r\n'), protocol: 'imap', signature: 'imap-greeting', product: 'Dovecot', info: 'STARTTLS', source: `docs/protocols.md` },
  { name: 'IMAP BYE', bytes: ascii('* BYE Too many connections\r\n'), protocol: 'imap', signature: 'imap-greeting', info: 'BYE', source: `docs/protocols.md` },
  { name: 'Redis protected mode', bytes: ascii('-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user.\r\n'), protocol: 'redis', signature: 'redis-refusal', source: `docs/protocols.md` },
  { name: 'Redis max clients', bytes: ascii('-ERR max number of clients reached\r\n'), protocol: 'redis', signature: 'redis-refusal', source: `docs/protocols.md` },
  { name: 'NATS INFO', bytes: ascii('INFO {"server_id":"NCXYZ","server_name":"nats-0","version":"2.10.18","proto":1,"go":"go1.22.5","host":"0.0.0.0","port":4222,"headers":true,"max_payload":1048576,"jetstream":true} \r\n'), protocol: 'nats', signature: 'nats-info', product: 'nats-server', version: '2.10.18', info: 'jetstream', source: `docs/protocols.md` },
  { name: 'Telnet netkit', bytes: hex('ff fd 18 ff fd 20 ff fd 23 ff fd 27'), protocol: 'telnet', signature: 'telnet-iac', info: 'DO TERMINAL-TYPE', source: `docs/protocols.md` },
  { name: 'Telnet BusyBox', bytes: hex('ff fd 01 ff fd 1f ff fb 01 ff fb 03'), protocol: 'telnet', signature: 'telnet-iac', info: 'WILL ECHO', source: `docs/protocols.md` },
  { name: 'Telnet login prompt', bytes: ascii('\r\nswitch-01 login: '), protocol: 'telnet', signature: 'telnet-login-prompt', hard: false, source: `docs/protocols.md` },
  { name: 'VNC RFB 3.8', bytes: ascii('RFB 003.008\n'), protocol: 'vnc', signature: 'vnc-rfb-version', version: '3.8', source: `docs/protocols.md` },
  { name: 'Apple Remote Desktop', bytes: ascii('RFB 003.889\n'), protocol: 'vnc', signature: 'vnc-rfb-version', product: 'Apple Remote Desktop', source: `docs/protocols.md` },
  { name: 'IRC notice (new style)', bytes: ascii(':irc.example.net NOTICE * :*** Looking up your hostname...\r\n'), protocol: 'irc', signature: 'irc-server-notice', info: 'irc.example.net', source: `docs/protocols.md` },
  { name: 'IRC NOTICE AUTH', bytes: ascii('NOTICE AUTH :*** Looking up your hostname...\r\n'), protocol: 'irc', signature: 'irc-server-notice', source: `docs/protocols.md` },
  { name: 'rsyncd 3.x greeting (captured)', bytes: fixture('rsyncd-greeting.bin'), protocol: 'rsync', signature: 'rsync-greeting', version: 'protocol 32.0', info: 'sha512', source: 'fixtures/rsyncd-greeting.bin' },
  { name: 'rsync 3.1 greeting', bytes: ascii('@RSYNCD: 31.0\n'), protocol: 'rsync', signature: 'rsync-greeting', version: 'protocol 31.0', source: `docs/protocols.md` },
  { name: 'grpc-go SETTINGS', bytes: hex('00 00 06 04 00 00 00 00 00 00 05 00 00 40 00'), protocol: 'http2', signature: 'h2-server-settings', source: `docs/protocols.md` },
  { name: 'nginx h2c SETTINGS (captured)', bytes: fixture('nginx-h2c-preface-reply.bin'), protocol: 'http2', signature: 'h2-server-settings', source: 'fixtures/nginx-h2c-preface-reply.bin' },
  { name: 'HTTP 408 after idle', bytes: ascii('HTTP/1.1 408 Request Timeout\r\nServer: Apache/2.4.62 (Debian)\r\nConnection: close\r\n\r\n'), protocol: 'http', signature: 'http-response', product: 'Apache', version: '2.4.62', source: `docs/protocols.md` },
  ...SERVICE_BANNER_SAMPLES,
];

export const REPLY_SAMPLES: readonly Sample[] = [
  { name: 'Redis INFO server (captured)', bytes: fixture('redis-info-reply.bin'), protocol: 'redis', signature: 'redis-reply', product: 'Redis', version: '7.0.15', info: 'standalone', source: 'fixtures/redis-info-reply.bin' },
  { name: 'Redis PONG (captured)', bytes: fixture('redis-ping-reply.bin'), protocol: 'redis', signature: 'redis-reply', info: 'PONG', source: 'fixtures/redis-ping-reply.bin' },
  { name: 'Redis NOAUTH (captured)', bytes: fixture('redis-info-noauth-reply.bin'), protocol: 'redis', signature: 'redis-reply', info: 'authentication', source: 'fixtures/redis-info-noauth-reply.bin' },
  { name: 'Redis answering GET / (captured)', bytes: fixture('redis-get-reply.bin'), protocol: 'redis', signature: 'redis-reply', source: 'fixtures/redis-get-reply.bin' },
  { name: 'Redis answering a memcached command (captured)', bytes: fixture('redis-memcached-version-reply.bin'), protocol: 'redis', signature: 'redis-reply', hard: false, source: 'fixtures/redis-memcached-version-reply.bin' },
  { name: 'memcached VERSION (captured)', bytes: fixture('memcached-version-reply.bin'), protocol: 'memcached', signature: 'memcached-reply', product: 'memcached', version: '1.6.18', source: 'fixtures/memcached-version-reply.bin' },
  { name: 'memcached binary VERSION (captured)', bytes: fixture('memcached-binary-version-reply.bin'), protocol: 'memcached', signature: 'memcached-reply', version: '1.6.18', info: 'binary', source: 'fixtures/memcached-binary-version-reply.bin' },
  { name: 'memcached ERROR lines to RESP (captured)', bytes: fixture('memcached-redis-info-reply.bin'), protocol: 'memcached', signature: 'memcached-reply', hard: false, source: 'fixtures/memcached-redis-info-reply.bin' },
  { name: 'PostgreSQL SSLRequest N (captured)', bytes: fixture('postgresql-sslrequest-reply.bin'), protocol: 'postgresql', signature: 'postgresql-ssl-response', info: 'no TLS', source: 'fixtures/postgresql-sslrequest-reply.bin' },
  { name: 'PostgreSQL protocol 0.0 refusal (captured)', bytes: fixture('postgresql-protocol-0.0-reply.bin'), protocol: 'postgresql', signature: 'postgresql-error-response', version: '17 or earlier (protocol 3.0)', info: '0A000', source: 'fixtures/postgresql-protocol-0.0-reply.bin' },
  { name: 'nginx GET reply (captured)', bytes: fixture('nginx-get-reply.bin'), protocol: 'http', signature: 'http-response', product: 'nginx', version: '1.22.1', source: 'fixtures/nginx-get-reply.bin' },
  { name: 'nginx plain GET on its TLS port (captured)', bytes: fixture('nginx-https-port-get-reply.bin'), protocol: 'tls', signature: 'http-get-answer', info: 'HTTPS-only', source: 'fixtures/nginx-https-port-get-reply.bin' },
  { name: 'MongoDB HTTP answer', bytes: ascii('HTTP/1.0 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 85\r\n\r\nIt looks like you are trying to access MongoDB over HTTP on the native driver port.\r\n'), protocol: 'mongodb', signature: 'http-get-answer', source: `docs/protocols.md` },
  { name: 'ClickHouse HTTP answer', bytes: ascii('HTTP/1.0 400 Bad Request\r\n\r\nPort 9000 is for clickhouse-client program.\r\nYou must use port 8123 for HTTP.\r\n'), protocol: 'clickhouse', signature: 'http-get-answer', source: `docs/protocols.md` },
  { name: 'Elasticsearch transport HTTP answer', bytes: ascii('This is not an HTTP port'), protocol: 'elasticsearch', signature: 'http-get-answer', source: `docs/protocols.md` },
  { name: 'AMQP Connection.Start', bytes: amqpStart(), protocol: 'amqp', signature: 'amqp-connection-start', product: 'RabbitMQ', version: '3.13.7', info: 'rabbit@mq-0', source: `docs/protocols.md` },
  { name: 'AMQP header back (unsupported version)', bytes: hex('41 4d 51 50 00 00 09 01'), protocol: 'amqp', signature: 'amqp-connection-start', info: 'prefers AMQP 0-9-1', source: `docs/protocols.md` },
  { name: 'MongoDB buildInfo reply', bytes: mongoReply(bsonDoc([['version', '7.0.12'], ['maxWireVersion', 21], ['ok', 1]])), protocol: 'mongodb', signature: 'mongodb-reply', version: '7.0.12', source: `docs/protocols.md` },
  { name: 'MongoDB OP_REPLY isMaster', bytes: mongoReply(bsonDoc([['ismaster', 1], ['maxWireVersion', 17], ['ok', 1]]), false), protocol: 'mongodb', signature: 'mongodb-reply', version: '6.0', source: `docs/protocols.md` },
  { name: 'MQTT CONNACK accepted', bytes: hex('20 02 00 00'), protocol: 'mqtt', signature: 'mqtt-connack', info: 'accepted', source: `docs/protocols.md` },
  { name: 'MQTT CONNACK not authorized', bytes: hex('20 02 00 05'), protocol: 'mqtt', signature: 'mqtt-connack', info: 'not authorized', source: `docs/protocols.md` },
  { name: 'ZooKeeper srvr', bytes: ascii('Zookeeper version: 3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC\nLatency min/avg/max: 0/0.0/0\nReceived: 1\nSent: 0\nConnections: 1\nOutstanding: 0\nZxid: 0x0\nMode: standalone\nNode count: 5\n'), protocol: 'zookeeper', signature: 'zookeeper-four-letter-reply', version: '3.8.4', info: 'standalone', source: `docs/protocols.md` },
  { name: 'ZooKeeper whitelist refusal', bytes: ascii('stat is not executed because it is not in the whitelist.\n'), protocol: 'zookeeper', signature: 'zookeeper-four-letter-reply', source: `docs/protocols.md` },
  { name: 'LDAP BindResponse', bytes: hex('30 0c 02 01 01 61 07 0a 01 00 04 00 04 00'), protocol: 'ldap', signature: 'ldap-response', info: 'BindResponse', source: `docs/protocols.md` },
  { name: 'LDAP root DSE entry', bytes: ldapRootDse(), protocol: 'ldap', signature: 'ldap-response', product: 'OpenLDAP Foundation', version: '2.6.7', source: `docs/protocols.md` },
  { name: 'Kafka ApiVersions reply', bytes: kafkaApiVersionsReply(), protocol: 'kafka', signature: 'kafka-api-versions-response', info: 'ApiVersions max v3', source: `docs/protocols.md` },
  { name: 'Cassandra SUPPORTED', bytes: cqlSupported(), protocol: 'cassandra', signature: 'cassandra-response', version: 'CQL 3.4.7', source: `docs/protocols.md` },
  { name: 'SQL Server PRELOGIN reply', bytes: mssqlPreloginReply(), protocol: 'mssql', signature: 'mssql-prelogin-response', product: 'SQL Server 2019', version: '15.0.2000', info: 'encryption off', source: `docs/protocols.md` },
  { name: 'beanstalkd stats', bytes: ascii('OK 35\r\n---\ncurrent-jobs-urgent: 0\nversion: "1.13"\n\r\n'), protocol: 'beanstalkd', signature: 'beanstalkd-reply', version: '1.13', source: `docs/protocols.md` },
  { name: 'STOMP CONNECTED', bytes: ascii('CONNECTED\nversion:1.2\nserver:ActiveMQ/5.18.3\nheart-beat:0,0\n\n\0'), protocol: 'stomp', signature: 'stomp-connected', product: 'ActiveMQ', version: '5.18.3', source: 'STOMP 1.2 "CONNECTED Frame"' },
  { name: 'XMPP server stream', bytes: ascii("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='abc' from='example.com' version='1.0'><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>"), protocol: 'xmpp', signature: 'xmpp-stream-reply', info: 'STARTTLS offered', source: `docs/protocols.md` },
  { name: 'RDP Connection Confirm (CredSSP)', bytes: hex('03 00 00 13 0e d0 00 00 12 34 00 02 1f 08 00 02 00 00 00'), protocol: 'rdp', signature: 'rdp-connection-confirm', info: 'CredSSP', source: `docs/protocols.md` },
  { name: 'epmd NAMES reply', bytes: concat(hex('00 00 11 11'), ascii('name rabbit at port 25672\n')), protocol: 'epmd', signature: 'epmd-names-reply', info: 'rabbit:25672', source: 'Erlang/OTP EPMD protocol' },
  { name: 'DNS version.bind reply', bytes: dnsReply(), protocol: 'dns', signature: 'dns-tcp-reply', version: '9.18.2', info: 'NOERROR', source: `docs/protocols.md` },
  { name: 'git daemon ERR (captured)', bytes: fixture('git-daemon-root-reply.bin'), protocol: 'git', signature: 'git-daemon-reply', info: 'ERR access denied', source: 'fixtures/git-daemon-root-reply.bin' },
  { name: 'git v0 ref advertisement', bytes: ascii('00c8' + 'a'.repeat(40) + ' HEAD\0multi_ack thin-pack side-band side-band-64k ofs-delta shallow no-progress include-tag symref=HEAD:refs/heads/main object-format=sha1 agent=git/2.43.0\n0000'), protocol: 'git', signature: 'git-daemon-reply', version: '2.43.0', source: `docs/protocols.md` },
  { name: 'Oracle TNS REFUSE with VSNNUM', bytes: (() => { const d = ascii('(DESCRIPTION=(TMP=)(VSNNUM=318767104)(ERR=1189)(ERROR_STACK=(ERROR=(CODE=1189)(EMFI=4))))'); return concat(u16(12 + d.length), hex('00 00 04 00 00 00 00 00'), u16(d.length), d); })(), protocol: 'oracle', signature: 'oracle-tns-reply', version: '19.0.0.0.0', info: 'REFUSE ERR=1189', source: `docs/protocols.md` },
  { name: 'Oracle TNS RESEND', bytes: hex('00 08 00 00 0b 00 00 00'), protocol: 'oracle', signature: 'oracle-tns-reply', info: 'RESEND', source: `docs/protocols.md` },
  { name: 'SMB2 NEGOTIATE response', bytes: (() => { const h = concat(hex('fe 53 4d 42 40 00 00 00 00 00 00 00 00 00 01 00 01 00 00 00'), z(44)); const body = concat(hex('41 00 01 00 10 02 00 00'), z(56)); const m = concat(h, body); return concat(hex('00 00'), u16(m.length), m); })(), protocol: 'smb', signature: 'smb2-negotiate-response', version: '2.1', source: `MS-SMB2 2.2.4` },
  { name: 'ngIRCd CAP LS reply (captured)', bytes: fixture('ngircd-cap-ls-reply.bin'), protocol: 'irc', signature: 'irc-server-notice', info: 'CAP LS multi-prefix', source: 'fixtures/ngircd-cap-ls-reply.bin' },
  { name: 'SOCKS5 method reply', bytes: hex('05 00'), protocol: 'socks', signature: 'socks5-method-reply', info: 'no authentication', source: `docs/protocols.md` },
  { name: 'TLS alert handshake_failure', bytes: hex('15 03 03 00 02 02 28'), protocol: 'tls', signature: 'tls-server-reply', info: 'handshake_failure', source: `docs/protocols.md` },
  ...SERVICE_REPLY_SAMPLES,
];

/** Real clients that sent nothing in 2.5 s: they wait for the server's greeting. */
export const WAITING_CLIENT_CAPTURES = [
  ['mariadb-client-first-bytes.bin', 'mysql'],
  ['curl-smtp-first-bytes.bin', 'smtp'],
  ['curl-pop3-first-bytes.bin', 'pop3'],
  ['curl-imap-first-bytes.bin', 'imap'],
  ['curl-ftp-first-bytes.bin', 'ftp'],
  ['curl-telnet-first-bytes.bin', 'telnet'],
] as const;

/** Real clients that wrote at once although the server speaks first too. */
export const SPEAKING_CLIENT_CAPTURES = [
  ['ssh-client-first-bytes.bin', 'ssh'],
  ['rsync-client-first-bytes.bin', 'rsync'],
] as const;

/** Servers that closed without a reply: memcached and PostgreSQL on GET / HTTP/1.0. */
export const EMPTY_CAPTURES = ['memcached-get-reply.bin', 'postgresql-get-reply.bin'] as const;
