import { test } from 'node:test';
import { expectFindings, y } from '../helpers.js';

const ID = 'istio-protocol-mismatch';
const I = { istio: 'latest' };
const pair = (port: string, image: string, containerPort: number) => y(
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: s}',
  'spec:',
  '  selector: {app: a}',
  '  ports:',
  `  - ${port}`,
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: a, labels: {app: a}}',
  `spec: {containers: [{name: c, image: ${image}, ports: [{containerPort: ${containerPort}}]}]}`,
);

test('istio-protocol-mismatch: vector 15, an http- name on vsftpd port 21 (the HTTP connection manager waits: hangs)', () => {
  expectFindings(ID, pair('{name: http-ftp, port: 21}', 'fauria/vsftpd', 21), [{ line: 7, column: 6, port: 21, messageId: 'httpOnServerFirst', data: { declared: 'HTTP', source: 'name', value: 'http-ftp', protocol: 'FTP' } }], I);
});

test('istio-protocol-mismatch: appProtocol http on PostgreSQL (client-first binary) cannot be parsed', () => {
  expectFindings(ID, pair('{name: db, appProtocol: http, port: 5432}', 'postgres:16', 5432), [{ line: 7, column: 16, messageId: 'httpOnBinary', data: { declared: 'HTTP', source: 'appProtocol', protocol: 'PostgreSQL' } }], I);
});

test('istio-protocol-mismatch: mongo on Redis turns on mongo_proxy (on by default)', () => {
  expectFindings(ID, pair('{name: mongo-cache, port: 6379}', 'redis:7', 6379), [{ line: 7, column: 6, messageId: 'filterOnOther', data: { declared: 'Mongo', filter: 'mongo_proxy', protocol: 'Redis (RESP)' } }], I);
});

test('istio-protocol-mismatch: mysql on PostgreSQL only where mysql_proxy is on (1.1), not on a default latest install', () => {
  const text = pair('{name: mysql, port: 5432}', 'postgres:16', 5432);
  expectFindings(ID, text, [], I);
  expectFindings(ID, text, [{ line: 7, column: 6, messageId: 'filterOnOther', data: { filter: 'mysql_proxy', version: 'Istio 1.1.0' } }], { istio: '1.1' });
});

test('istio-protocol-mismatch: names matching their backend are silent (mongo on MongoDB, mysql on MySQL, http on nginx, redis on Redis)', () => {
  expectFindings(ID, pair('{name: mongo, port: 27017}', 'mongo:7', 27017), [], I);
  expectFindings(ID, pair('{name: mysql, port: 3306}', 'mysql:8', 3306), [], I);
  expectFindings(ID, pair('{name: http-web, port: 80}', 'nginx:1.27', 80), [], I);
  expectFindings(ID, pair('{name: redis, port: 6379}', 'redis:7', 6379), [], I);
  expectFindings(ID, pair('{name: http-ftp, port: 21}', 'fauria/vsftpd', 21), []);
});
