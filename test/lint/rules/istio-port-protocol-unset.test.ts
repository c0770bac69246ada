import { test } from 'node:test';
import { expectFindings, y } from '../helpers.js';

const ID = 'istio-port-protocol-unset';
const I = { istio: 'latest' };
const svc = (port: string, meta = 'metadata: {name: s}', type = '') =>
  y('apiVersion: v1', 'kind: Service', meta, 'spec:', ...(type === '' ? [] : [`  type: ${type}`]), '  ports:', `  - ${port}`);

test('istio-port-protocol-unset: a name with no protocol prefix (web on 8000) and an unnamed port', () => {
  expectFindings(ID, svc('{name: web, port: 8000}'), [{ line: 6, column: 5, port: 8000, messageId: 'unset', data: { source: 'name', value: 'web', version: 'Istio 1.30 (latest)' } }], I);
  expectFindings(ID, svc('{port: 8000}'), [{ line: 6, column: 5, messageId: 'unnamed', data: { port: 8000 } }], I);
  // Vector 14: only "-" separates the prefix.
  expectFindings(ID, svc('{name: http_api, port: 8080}'), [{ line: 6, column: 5, messageId: 'unset', data: { value: 'http_api' } }], I);
});

test('istio-port-protocol-unset: appProtocol replaces the name (tcp-db with appProtocol postgresql is unset)', () => {
  expectFindings(ID, svc('{name: tcp-db, appProtocol: postgresql, port: 5432}'), [{ line: 6, column: 5, messageId: 'unset', data: { source: 'appProtocol', value: 'postgresql' } }], I);
  expectFindings(ID, svc('{name: tcp-db, appProtocol: postgresql, port: 5432}'), [], { istio: '1.5' });
});

test('istio-port-protocol-unset: per release, kubernetes.io/wss is unset before 1.24 (vector 7) and HTTPS from 1.24 (vector 6)', () => {
  const wss = svc('{name: web, appProtocol: kubernetes.io/wss, port: 8443}');
  expectFindings(ID, wss, [{ line: 6, column: 5, messageId: 'unset', data: { value: 'kubernetes.io/wss', version: 'Istio 1.22.0' } }], { istio: '1.22' });
  expectFindings(ID, wss, [], I);
});

test('istio-port-protocol-unset: silent on well-known ports, valid prefixes, ExternalName, control-plane and gateway-managed Services, and without --mesh istio', () => {
  expectFindings(ID, svc('{name: web, port: 53}'), [], I);
  expectFindings(ID, svc('{name: HTTP2-api, port: 9000}'), [], I);
  expectFindings(ID, svc('{name: web, port: 8000}', 'metadata: {name: s}', 'ExternalName'), [], I);
  expectFindings(ID, svc('{name: web, port: 8000}', 'metadata: {name: istiod, labels: {istio: pilot}}'), [], I);
  expectFindings(ID, svc('{name: web, port: 8000}', 'metadata: {name: gw, labels: {gateway.istio.io/managed: istio.io-gateway-controller}}'), [], I);
  expectFindings(ID, svc('{name: web, port: 8000}'), []);
});
