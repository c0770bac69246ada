/** Evidence lookups: port numbers, port names / appProtocol values, container images. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientWaitsOnPort, getProtocol, isImplicitTlsPort, parseImageRef, protocolForImage, protocolForPortName, protocolsForPort } from '../../src/protocols/index.js';

const ids = (port: number) => protocolsForPort(port).map((p) => p.id);

test('protocolsForPort: most likely first, implicit-TLS ports after plain ones', () => {
  assert.deepEqual(ids(3306), ['mysql']);
  assert.deepEqual(ids(5432), ['postgresql']);
  assert.deepEqual(ids(25), ['smtp']);
  assert.deepEqual(ids(4222), ['nats']);
  assert.deepEqual(ids(443), ['tls', 'http']);
  assert.deepEqual(ids(993), ['imap']);
  assert.deepEqual(ids(853), ['tls', 'dns']);
  assert.deepEqual(ids(11211), ['memcached']);
  assert.deepEqual(ids(9300), ['elasticsearch']);
  assert.deepEqual(ids(12345), []);
  assert.deepEqual(ids(33060), [], 'MySQL X Protocol is client-first, not listed under mysql');
  assert.deepEqual(ids(4000), [], 'TiDB 4000 is weak evidence (otherPorts)');
  assert.deepEqual(ids(1025), [], 'MailHog 1025 is weak evidence (otherPorts)');
  assert.deepEqual(getProtocol('mysql')?.otherPorts, [6033, 4000, 4006, 4008]);
});

test('on implicit-TLS ports the client speaks first, so nobody waits for a greeting', () => {
  const smtp = getProtocol('smtp');
  assert.ok(smtp);
  assert.equal(isImplicitTlsPort(smtp, 465), true);
  assert.equal(clientWaitsOnPort(smtp, 465), false);
  assert.equal(clientWaitsOnPort(smtp, 25), true);
  assert.equal(clientWaitsOnPort(smtp, 587), true);
  const imap = getProtocol('imap');
  assert.ok(imap);
  assert.equal(clientWaitsOnPort(imap, 993), false);
  assert.equal(clientWaitsOnPort(imap, 143), true);
  const ssh = getProtocol('ssh');
  assert.ok(ssh);
  assert.equal(clientWaitsOnPort(ssh, 22), false);
});

const NAME_CASES: ReadonlyArray<[string, string | undefined]> = [
  ['mysql', 'mysql'],
  ['MySQL', 'mysql'],
  ['tcp-mysql', 'mysql'],
  ['tcp_mysql', 'mysql'],
  ['mysql-primary', 'mysql'],
  ['mariadb', 'mysql'],
  ['postgres', 'postgresql'],
  ['tcp-postgres', 'postgresql'],
  ['smtp', 'smtp'],
  ['submission', 'smtp'],
  ['smtps', 'tls'],
  ['imaps', 'tls'],
  ['nats', 'nats'],
  ['leafnodes', 'nats'],
  ['redis', 'redis'],
  ['redis-tls', 'redis'],
  ['tls-redis', 'tls'],
  ['http', 'http'],
  ['http-metrics', 'http'],
  ['grpc', 'http2'],
  ['grpc-web', 'http'],
  ['kubernetes.io/h2c', 'http2'],
  ['kubernetes.io/ws', 'http'],
  ['https', 'tls'],
  ['dns-tcp', 'dns'],
  ['ms-sql-s', 'mssql'],
  ['client', undefined],
  ['tcp-client', undefined],
  ['cluster', undefined],
  ['metrics', undefined],
  ['tcp', undefined],
  ['udp-dns', undefined],
  ['primary-mysql', undefined],
  ['linkerd.io/opaque', undefined],
  ['', undefined],
];

test('protocolForPortName: whole names, a tcp- prefix, then the first word; ambiguous words never', () => {
  for (const [name, want] of NAME_CASES) assert.equal(protocolForPortName(name)?.id, want, name);
});

const IMAGE_CASES: ReadonlyArray<[string, string | undefined]> = [
  ['mysql', 'mysql'],
  ['mysql:8.0', 'mysql'],
  ['docker.io/library/mysql:8.4@sha256:0123456789abcdef', 'mysql'],
  ['docker.io/bitnami/mysql:8.0', 'mysql'],
  ['bitnami/mariadb-galera:11.4', 'mysql'],
  ['percona:8.0', 'mysql'],
  ['mysql/mysql-router:8.0', 'mysql'],
  ['postgres:16-alpine', 'postgresql'],
  ['bitnami/postgresql:16', 'postgresql'],
  ['postgis/postgis:16-3.4', 'postgresql'],
  ['ghcr.io/cloudnative-pg/postgresql:16.2', 'postgresql'],
  ['redis:7', 'redis'],
  ['valkey/valkey:8', 'redis'],
  ['bitnami/redis-cluster:7.2', 'redis'],
  ['bitnami/valkey-cluster:8.0', 'redis'],
  ['bitnami/mongodb-sharded:7.0', 'mongodb'],
  ['bitnami/percona-mysql:8.0', 'mysql'],
  ['bitnami/rabbitmq:3.13', 'amqp'],
  ['bitnami/kafka:3.7', 'kafka'],
  ['bitnami/openldap:2.6', 'ldap'],
  ['bitnami/etcd:3.5', 'http2'],
  ['memcached:1.6-alpine', 'memcached'],
  ['nats:2.10-alpine', 'nats'],
  ['rabbitmq:3-management', 'amqp'],
  ['mongo:7', 'mongodb'],
  ['docker.elastic.co/elasticsearch/elasticsearch:8.15.0', 'elasticsearch'],
  ['opensearchproject/opensearch:2', 'elasticsearch'],
  ['zookeeper:3.9', 'zookeeper'],
  ['confluentinc/cp-kafka:7.6.0', 'kafka'],
  ['apache/kafka:3.7.0', 'kafka'],
  ['cassandra:5', 'cassandra'],
  ['clickhouse/clickhouse-server:24.3', 'clickhouse'],
  ['boky/postfix', 'smtp'],
  ['ghcr.io/mailu/postfix:2024.06', 'smtp'],
  ['ghcr.io/docker-mailserver/docker-mailserver:14', 'smtp'],
  ['dovecot/dovecot:2.3', 'imap'],
  ['fauria/vsftpd', 'ftp'],
  ['mcr.microsoft.com/mssql/server:2022-latest', 'mssql'],
  ['localhost:5000/team/mysql:dev', 'mysql'],
  ['bitnami/redis-exporter:1.58', undefined],
  ['nginx:1.27', 'http'],
  ['busybox', undefined],
  ['registry.example.com/app/server:1', undefined],
  ['', undefined],
];

test('protocolForImage: registries, tags, digests, bitnami and vendor paths; no substring guesses', () => {
  for (const [image, want] of IMAGE_CASES) assert.equal(protocolForImage(image)?.id, want, image);
});

test('parseImageRef splits registry, path, tag', () => {
  assert.deepEqual(parseImageRef('docker.io/bitnami/mysql:8.0@sha256:ab'), { registry: 'docker.io', path: 'bitnami/mysql', name: 'mysql', tag: '8.0' });
  assert.deepEqual(parseImageRef('localhost:5000/mysql'), { registry: 'localhost:5000', path: 'mysql', name: 'mysql', tag: null });
  assert.deepEqual(parseImageRef('redis'), { registry: null, path: 'redis', name: 'redis', tag: null });
});
