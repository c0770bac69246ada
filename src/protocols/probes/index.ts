/**
 * ACTIVE_PROBES: safe, bounded, read-only client probes for client-first servers (nmap-style Probe
 * entries), each with the ports it runs on and its reply matchers. None writes data, authenticates
 * or changes server state; the costs they can still have are in each note.
 */
import type { ActiveProbe, Identification, Matcher, ProtocolId } from '../types.js';
import { ascii, concat, hex } from '../bytes.js';
import { runMatchers } from '../identify.js';
import { ber, berOctets, bsonDoc, opMsg, u16beBytes, u32beBytes } from './encode.js';
import * as r from './replies.js';
import { IRC_NOTICE } from '../matchers/banner-text.js';
import { SERVICE_PROBES } from './services.js';

/**
 * nmap's `Exclude T:9100-9107`: raw printer ports print whatever they receive, so no probe is ever
 * sent there unless the user forces it (docs/protocols.md).
 */
export const PRINTER_PORTS: readonly number[] = [9100, 9101, 9102, 9103, 9104, 9105, 9106, 9107];

function probe(p: {
  id: string;
  protocol: ProtocolId;
  send: Uint8Array;
  ports: readonly number[] | 'any';
  readMax: number;
  replies: readonly Matcher[];
  note: string;
}): ActiveProbe {
  return {
    id: p.id,
    protocol: p.protocol,
    send: p.send,
    ports: p.ports,
    readMax: p.readMax,
    note: p.note,
    match: (response: Uint8Array): Identification | null => runMatchers(p.replies, response),
  };
}

/** Redis `INFO server` as a RESP array: read-only, answers with the version (or -NOAUTH). */
const REDIS_INFO = ascii('*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n');

/** LDAP SearchRequest for the root DSE: base "", scope base, (objectClass=*), a few attributes. */
const LDAP_ROOT_DSE = ber(
  0x30,
  concat(
    hex('02 01 01'),
    ber(
      0x63,
      concat(
        berOctets(''),
        hex('0a 01 00 0a 01 00 02 01 00 02 01 05 01 01 00'),
        berOctets('objectClass', 0x87),
        ber(0x30, concat(berOctets('vendorName'), berOctets('vendorVersion'), berOctets('supportedLDAPVersion'), berOctets('namingContexts'), berOctets('dnsHostName'))),
      ),
    ),
  ),
);

/** Kafka ApiVersions v0, client id "protocheck", our correlation id. */
const KAFKA_CLIENT_ID = ascii('protocheck');
const KAFKA_BODY = concat(u16beBytes(18), u16beBytes(0), u32beBytes(r.KAFKA_CORRELATION_ID), u16beBytes(KAFKA_CLIENT_ID.length), KAFKA_CLIENT_ID);
const KAFKA_API_VERSIONS = concat(u32beBytes(KAFKA_BODY.length), KAFKA_BODY);

/** MongoDB OP_MSG { buildInfo: 1, $db: "admin" } (buildInfo needs no authentication). */
const MONGO_REQUEST_ID = 0x7063;
const MONGO_BUILD_INFO = opMsg(MONGO_REQUEST_ID, bsonDoc([['buildInfo', 1], ['$db', 'admin']]));

/** MQTT 3.1.1 CONNECT, clean session, keep-alive 10 s, client id "protocheck". */
const MQTT_CONNECT = concat(hex('10 16 00 04 4d 51 54 54 04 02 00 0a'), u16beBytes(10), ascii('protocheck'));

/** TDS PRELOGIN: VERSION, ENCRYPTION (off), INSTOPT (""), THREADID, MARS (off), terminator. */
const MSSQL_PRELOGIN = hex(
  '12 01 00 2f 00 00 01 00' +
    ' 00 00 1a 00 06 01 00 20 00 01 02 00 21 00 01 03 00 22 00 04 04 00 26 00 01 ff' +
    ' 00 00 00 00 00 00 00 00 00 00 00 00 00',
);

/** DNS over TCP: version.bind TXT CH, our id, RD off. */
const DNS_VERSION_BIND = (() => {
  const q = concat(u16beBytes(r.DNS_PROBE_ID), hex('00 00 00 01 00 00 00 00 00 00'), hex('07'), ascii('version'), hex('04'), ascii('bind'), hex('00 00 10 00 03'));
  return concat(u16beBytes(q.length), q);
})();

/**
 * Oracle TNS CONNECT (version 314, lowest 300, SDU 2048) carrying (CONNECT_DATA=(COMMAND=version)):
 * the listener answers REFUSE with VSNNUM (refused remotely on 10g+ with ERR=1189, which still proves it).
 */
const TNS_VERSION = (() => {
  const data = ascii('(CONNECT_DATA=(COMMAND=version))');
  const offset = 58;
  const fixed = concat(hex('01 3a 01 2c 00 00 08 00 7f ff 7f 08 00 00 00 01'), u16beBytes(data.length), u16beBytes(offset), new Uint8Array(offset - 28));
  return concat(u16beBytes(offset + data.length), hex('00 00 01 00 00 00'), fixed, data);
})();

/**
 * SMB2 NEGOTIATE over direct TCP offering dialects 2.0.2 and 2.1 (no SMB1, which modern Windows
 * resets): 64-byte SMB2 header (command 0, credit request 1), NEGOTIATE body with a fixed client GUID.
 */
const SMB2_NEGOTIATE = (() => {
  const header = concat(hex('fe 53 4d 42 40 00 00 00 00 00 00 00 00 00 01 00'), new Uint8Array(48));
  const body = concat(hex('24 00 02 00 01 00 00 00 00 00 00 00'), ascii('protocheck-probe'), new Uint8Array(8), hex('02 02 10 02'));
  const msg = concat(header, body);
  return concat(Uint8Array.of(0, 0, msg.length >> 8, msg.length & 0xff), msg);
})();

/** X.224 Connection Request with RDP_NEG_REQ asking for TLS | CredSSP (no cookie). */
const RDP_NEG_REQ = hex('03 00 00 13 0e e0 00 00 00 00 00 01 00 08 00 03 00 00 00');

const XMPP_STREAM = ascii(
  "<?xml version='1.0'?><stream:stream to='localhost' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
);

const GET_REQUEST = ascii('GET / HTTP/1.0\r\n\r\n');

/**
 * In the order a silent port gets them: the probes for its own port number first, then every other
 * safe probe in this order, which is roughly how common the protocol is on servers (databases,
 * caches and brokers first, then directory, naming and remote-access services, then the rest).
 */
const CORE_PROBES: readonly ActiveProbe[] = [
  probe({
    id: 'postgresql-sslrequest',
    protocol: 'postgresql',
    send: hex('00 00 00 08 04 d2 16 2f'),
    ports: 'any',
    readMax: 1,
    replies: [r.PG_SSL_RESPONSE, r.PG_ERROR],
    note: 'SSLRequest (8 bytes) gets exactly one byte, S or N, from PostgreSQL and its poolers; the server logs an incomplete startup packet when we close. Cheap enough for every port; on a MySQL port, like any connection that ends before a login, it counts toward max_connect_errors (100).',
  }),
  probe({
    id: 'postgresql-protocol-version',
    protocol: 'postgresql',
    send: hex('00 00 00 08 00 00 00 00'),
    ports: [5432, 6432, 5433, 26257, 9999, 5439],
    readMax: 512,
    replies: [r.PG_ERROR],
    note: 'A StartupMessage with protocol 0.0 and no user: the server refuses with "unsupported frontend protocol 0.0: server supports 3.0 to 3.x", which dates it (3.2 = PostgreSQL 18+) without credentials; logs one FATAL line.',
  }),
  probe({
    id: 'redis-info',
    protocol: 'redis',
    send: REDIS_INFO,
    ports: 'any',
    readMax: 8192,
    replies: [r.REDIS_REPLY],
    note: 'INFO server (read-only) returns redis_version or valkey_version; -NOAUTH still proves Redis. Never sends Host: or POST lines, which Redis treats as an attack. Run on every port, so on a MySQL port it also counts toward max_connect_errors.',
  }),
  probe({
    id: 'memcached-version',
    protocol: 'memcached',
    send: ascii('version\r\n'),
    ports: [11211, 11210],
    readMax: 128,
    replies: [r.MEMCACHED_REPLY],
    note: 'The smallest harmless memcached command; answers VERSION x.y.z.',
  }),
  probe({
    id: 'mongodb-buildinfo',
    protocol: 'mongodb',
    send: MONGO_BUILD_INFO,
    ports: [27017, 27018, 27019],
    readMax: 16384,
    replies: [r.MONGO_REPLY],
    note: 'OP_MSG buildInfo on admin (allowed before authentication) returns the exact version; servers older than 3.6 do not speak OP_MSG.',
  }),
  probe({
    id: 'amqp-header',
    protocol: 'amqp',
    send: hex('41 4d 51 50 00 00 09 01'),
    ports: [5672],
    readMax: 4096,
    replies: [r.AMQP_REPLY],
    note: 'The AMQP 0-9-1 protocol header; RabbitMQ answers Connection.Start with product and version (the connection is dropped after handshake_timeout, 10 s).',
  }),
  probe({
    id: 'mqtt-connect',
    protocol: 'mqtt',
    send: MQTT_CONNECT,
    ports: [1883],
    readMax: 64,
    replies: [r.MQTT_CONNACK],
    note: 'MQTT 3.1.1 CONNECT with a clean session and no credentials; the broker answers CONNACK (accepted or not authorized). No subscription or publish is sent.',
  }),
  probe({
    id: 'zookeeper-srvr',
    protocol: 'zookeeper',
    send: ascii('srvr'),
    ports: [2181, 9181],
    readMax: 2048,
    replies: [r.ZK_REPLY],
    note: 'srvr is the only four-letter word whitelisted by default since 3.5.3; a refusal still proves ZooKeeper.',
  }),
  probe({
    id: 'ldap-rootdse',
    protocol: 'ldap',
    send: LDAP_ROOT_DSE,
    ports: [389, 3268],
    readMax: 8192,
    replies: [r.LDAP_REPLY],
    note: 'Anonymous search of the root DSE (base scope, 5 s time limit) for vendorName, vendorVersion and dnsHostName; usually allowed without a bind.',
  }),
  probe({
    id: 'kafka-api-versions',
    protocol: 'kafka',
    send: KAFKA_API_VERSIONS,
    ports: [9092, 9093, 29092, 19092],
    readMax: 4096,
    replies: [r.KAFKA_API_VERSIONS_REPLY],
    note: 'ApiVersions v0 (every broker answers it before authentication); the broker version itself is not sent.',
  }),
  probe({
    id: 'cassandra-options',
    protocol: 'cassandra',
    send: hex('04 00 00 00 05 00 00 00 00'),
    ports: [9042, 19042],
    readMax: 4096,
    replies: [r.CQL_REPLY],
    note: 'OPTIONS (v4) gets SUPPORTED with CQL_VERSION and compression; servers without v4 answer a protocol ERROR, which still proves CQL.',
  }),
  probe({
    id: 'mssql-prelogin',
    protocol: 'mssql',
    send: MSSQL_PRELOGIN,
    ports: [1433, 1434],
    readMax: 512,
    replies: [r.MSSQL_PRELOGIN_REPLY],
    note: 'TDS PRELOGIN (what every client sends first); the reply carries the server version and its encryption setting.',
  }),
  probe({
    id: 'beanstalkd-stats',
    protocol: 'beanstalkd',
    send: ascii('stats\r\n'),
    ports: [11300],
    readMax: 4096,
    replies: [r.BEANSTALKD_REPLY],
    note: 'stats is read-only and returns YAML with version.',
  }),
  probe({
    id: 'stomp-connect',
    protocol: 'stomp',
    send: ascii('CONNECT\naccept-version:1.0,1.1,1.2\nhost:/\n\n\0'),
    ports: [61613],
    readMax: 2048,
    replies: [r.STOMP_REPLY],
    note: 'STOMP CONNECT without credentials: CONNECTED (server header) or an ERROR frame.',
  }),
  probe({
    id: 'xmpp-stream',
    protocol: 'xmpp',
    send: XMPP_STREAM,
    ports: [5222, 5269],
    readMax: 4096,
    replies: [r.XMPP_REPLY],
    note: "A client stream header to 'localhost'; the server answers its own header (or host-unknown), proving XMPP.",
  }),
  probe({
    id: 'irc-cap-ls',
    protocol: 'irc',
    send: ascii('CAP LS 302\r\n'),
    ports: [6667, 6660, 6668, 6669],
    readMax: 2048,
    replies: [IRC_NOTICE],
    note: 'IRCv3 CAP LS 302, which starts capability negotiation without registering a nick: the server lists its capabilities (:server CAP * LS :...) and waits for CAP END, or answers 421 when it lacks CAP. Needed because ircds such as ngIRCd (NoticeBeforeRegistration = no, its default) write nothing before registration.',
  }),
  probe({
    id: 'oracle-tns-version',
    protocol: 'oracle',
    send: TNS_VERSION,
    ports: [1521, 1522, 1526],
    readMax: 2048,
    replies: [r.TNS_REPLY],
    note: 'TNS CONNECT with (CONNECT_DATA=(COMMAND=version)) (what lsnrctl version sends); the REFUSE carries VSNNUM, or ERR=1189 when remote version queries are off.',
  }),
  probe({
    id: 'smb2-negotiate',
    protocol: 'smb',
    send: SMB2_NEGOTIATE,
    ports: [445],
    readMax: 1024,
    replies: [r.SMB2_NEGOTIATE_REPLY],
    note: 'SMB2 NEGOTIATE (dialects 2.0.2, 2.1), the first message of every SMB2 client; the response names the dialect the server picked. No session is set up.',
  }),
  probe({
    id: 'rdp-negotiation',
    protocol: 'rdp',
    send: RDP_NEG_REQ,
    ports: [3389],
    readMax: 64,
    replies: [r.RDP_CONFIRM],
    note: 'X.224 Connection Request with RDP_NEG_REQ (TLS | CredSSP); the 19-byte Connection Confirm names the selected security.',
  }),
  probe({
    id: 'epmd-names',
    protocol: 'epmd',
    send: hex('00 01 6e'),
    ports: [4369],
    readMax: 4096,
    replies: [r.EPMD_NAMES_REPLY],
    note: 'NAMES_REQ lists the registered Erlang nodes and their distribution ports (e.g. rabbit at 25672).',
  }),
  probe({
    id: 'dns-version-bind',
    protocol: 'dns',
    send: DNS_VERSION_BIND,
    ports: [53],
    readMax: 1024,
    replies: [r.DNS_REPLY],
    note: 'version.bind TXT CH over TCP (nmap DNSVersionBindReqTCP); any response with our id proves DNS, REFUSED is common.',
  }),
  probe({
    id: 'socks5-greeting',
    protocol: 'socks',
    send: hex('05 01 00'),
    ports: [1080, 9050, 9150],
    readMax: 16,
    replies: [r.SOCKS5_METHOD_REPLY],
    note: 'SOCKS5 greeting offering no authentication; the 2-byte method reply proves SOCKS5. No CONNECT is sent.',
  }),
  probe({
    id: 'git-upload-pack-root',
    protocol: 'git',
    send: ascii('0025git-upload-pack /\0host=localhost\0'),
    ports: [9418],
    readMax: 1024,
    replies: [r.GIT_REPLY],
    note: 'An upload-pack request for "/": git daemon answers ERR access denied or repository not exported (or advertises refs when / is a repository); nothing is fetched.',
  }),
  probe({
    id: 'http-get-native-ports',
    protocol: 'http',
    send: GET_REQUEST,
    ports: [9000, 9300],
    readMax: 4096,
    replies: [r.GET_ANSWERS],
    note: 'GET / on ports where non-HTTP servers answer HTTP distinctively (ClickHouse native 9000, Elasticsearch transport 9300); the probe engineer sends GET elsewhere already.',
  }),
];

/** Probes that only run on their own ports: the rest of the knowledge base's probes cover the same protocols elsewhere. */
export const PORT_ONLY_PROBES: ReadonlySet<string> = new Set(['postgresql-protocol-version', 'http-get-native-ports']);

export const ACTIVE_PROBES: readonly ActiveProbe[] = [...CORE_PROBES, ...SERVICE_PROBES];

