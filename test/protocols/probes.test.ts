/** Active probes decide from real and spec replies, and refuse other servers' replies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIVE_PROBES, type ActiveProbe } from '../../src/protocols/index.js';
import { REPLY_SAMPLES, BANNER_SAMPLES, fixture } from './samples.js';

function probe(id: string): ActiveProbe {
  const p = ACTIVE_PROBES.find((x) => x.id === id);
  assert.ok(p, id);
  return p;
}

const CASES: ReadonlyArray<[probe: string, reply: string, protocol: string, version: string | null]> = [
  ['redis-info', 'redis-info-reply.bin', 'redis', '7.0.15'],
  ['redis-info', 'redis-info-noauth-reply.bin', 'redis', null],
  ['memcached-version', 'memcached-version-reply.bin', 'memcached', '1.6.18'],
  ['postgresql-sslrequest', 'postgresql-sslrequest-reply.bin', 'postgresql', null],
  ['postgresql-protocol-version', 'postgresql-protocol-0.0-reply.bin', 'postgresql', '17 or earlier (protocol 3.0)'],
  ['git-upload-pack-root', 'git-daemon-root-reply.bin', 'git', null],
];

for (const [id, file, protocol, version] of CASES) {
  test(`${id} identifies the captured reply ${file}`, () => {
    const got = probe(id).match(fixture(file));
    assert.equal(got?.protocol, protocol);
    assert.equal(got?.version ?? null, version);
    assert.equal(got?.hard, true);
  });
}

const SPEC_CASES: ReadonlyArray<[probe: string, sample: string]> = [
  ['amqp-header', 'AMQP Connection.Start'],
  ['mongodb-buildinfo', 'MongoDB buildInfo reply'],
  ['mqtt-connect', 'MQTT CONNACK accepted'],
  ['zookeeper-srvr', 'ZooKeeper srvr'],
  ['zookeeper-srvr', 'ZooKeeper whitelist refusal'],
  ['ldap-rootdse', 'LDAP root DSE entry'],
  ['kafka-api-versions', 'Kafka ApiVersions reply'],
  ['cassandra-options', 'Cassandra SUPPORTED'],
  ['mssql-prelogin', 'SQL Server PRELOGIN reply'],
  ['beanstalkd-stats', 'beanstalkd stats'],
  ['stomp-connect', 'STOMP CONNECTED'],
  ['xmpp-stream', 'XMPP server stream'],
  ['rdp-negotiation', 'RDP Connection Confirm (CredSSP)'],
  ['oracle-tns-version', 'Oracle TNS REFUSE with VSNNUM'],
  ['smb2-negotiate', 'SMB2 NEGOTIATE response'],
  ['epmd-names', 'epmd NAMES reply'],
  ['dns-version-bind', 'DNS version.bind reply'],
  ['socks5-greeting', 'SOCKS5 method reply'],
  ['irc-cap-ls', 'ngIRCd CAP LS reply (captured)'],
  ['http-get-native-ports', 'ClickHouse HTTP answer'],
  ['http-get-native-ports', 'Elasticsearch transport HTTP answer'],
  ['java-rmi-jrmi', 'RMI ProtocolAck'],
  ['ident-query', 'ident NO-USER'],
  ['spamd-ping', 'spamd PONG'],
  ['clamd-version', 'clamd VERSION'],
  ['zabbix-agent-version', 'Zabbix agent.version'],
  ['nut-ver', 'upsd VER'],
  ['gearman-version', 'gearmand version'],
  ['onc-rpc-null', 'rpcbind NULL reply'],
  ['tor-protocolinfo', 'Tor PROTOCOLINFO'],
  ['x11-setup', 'X11 refusal'],
  ['rtsp-options', 'RTSP OPTIONS reply'],
  ['gopher-root', 'Gopher root menu'],
  ['erlang-dist-send-name', 'Erlang node status ok'],
];

for (const [id, name] of SPEC_CASES) {
  test(`${id} identifies "${name}"`, () => {
    const sample = REPLY_SAMPLES.find((s) => s.name === name);
    assert.ok(sample, name);
    const got = probe(id).match(sample.bytes);
    assert.equal(got?.protocol, sample.protocol);
    assert.equal(got?.signature, sample.signature);
  });
}

test('every probe has at least one reply test above', () => {
  const covered = new Set([...CASES.map((c) => c[0]), ...SPEC_CASES.map((c) => c[0])]);
  assert.deepEqual(ACTIVE_PROBES.map((p) => p.id).filter((id) => !covered.has(id)), []);
});

test('no probe accepts the reply of another protocol or a server-first greeting', () => {
  const wrong: string[] = [];
  for (const p of ACTIVE_PROBES) {
    for (const s of [...REPLY_SAMPLES, ...BANNER_SAMPLES]) {
      if (s.protocol === p.protocol) continue;
      const got = p.match(s.bytes);
      if (got !== null && got.protocol === p.protocol && p.id !== 'http-get-native-ports') wrong.push(`${p.id} accepts "${s.name}"`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('probe replies that are empty or cut short are not identified', () => {
  for (const p of ACTIVE_PROBES) {
    assert.equal(p.match(new Uint8Array(0)), null, p.id);
  }
  assert.equal(probe('redis-info').match(fixture('redis-info-reply.bin').subarray(0, 3)), null);
  assert.equal(probe('memcached-version').match(fixture('memcached-version-reply.bin').subarray(0, 10)), null);
});
