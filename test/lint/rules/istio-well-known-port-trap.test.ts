import { test } from 'node:test';
import { expectFindings, y } from '../helpers.js';

const ID = 'istio-well-known-port-trap';
const I = { istio: 'latest' };

test('istio-well-known-port-trap: vector 12, Service port 8306 -> targetPort 3306 (MariaDB) is sniffed', () => {
  const text = y('apiVersion: v1', 'kind: Service', 'metadata: {name: db}', 'spec:', '  ports:', '  - name: db', '    port: 8306', '    targetPort: 3306');
  expectFindings(ID, text, [{ line: 8, column: 5, port: 8306, messageId: 'targetWellKnown', data: { port: 8306, target: 3306, version: 'Istio 1.30 (latest)' } }], I);
  expectFindings(ID, text, [], { istio: '1.2' });
  expectFindings(ID, text, []);
});

test('istio-well-known-port-trap: a named targetPort resolved through the selected pods', () => {
  // A Service and the pod it selects, whose container names port 25 "smtp".
  const service = y('apiVersion: v1', 'kind: Service', 'metadata: {name: mail}', 'spec:', '  selector: {app: mail}', '  ports:', '  - {name: relay, port: 2525, targetPort: smtp}');
  const pod = y('apiVersion: v1', 'kind: Pod', 'metadata: {name: mail, labels: {app: mail}}', 'spec: {containers: [{name: exim, image: example/exim4, ports: [{name: smtp, containerPort: 25}]}]}');
  const text = `${service}---\n${pod}`;
  expectFindings(ID, text, [{ line: 7, column: 31, messageId: 'targetWellKnown', data: { port: 2525, target: 25 } }], I);
});

test('istio-well-known-port-trap: silent when the Service port is well-known (vector 13), or the port is declared', () => {
  expectFindings(ID, y('apiVersion: v1', 'kind: Service', 'metadata: {name: db}', 'spec:', '  ports:', '  - {name: sql, port: 3306, targetPort: 13306}'), [], I);
  expectFindings(ID, y('apiVersion: v1', 'kind: Service', 'metadata: {name: db}', 'spec:', '  ports:', '  - {name: tcp-db, port: 8306, targetPort: 3306}'), [], I);
  expectFindings(ID, y('apiVersion: v1', 'kind: Service', 'metadata: {name: db}', 'spec:', '  ports:', '  - {name: db, port: 27017}'), [], I);
});
