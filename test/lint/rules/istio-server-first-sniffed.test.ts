import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, y } from '../helpers.js';

const ID = 'istio-server-first-sniffed';
const I = { istio: 'latest' };

// Vector 11: Service vnc 5901 -> 5900, a VNC server behind it.
const vnc = y(
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: desk, namespace: ops}',
  'spec:',
  '  selector: {app: desk}',
  '  ports:',
  '  - name: vnc',
  '    port: 5901',
  '    targetPort: 5900',
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: desk, namespace: ops}',
  'spec:',
  '  template:',
  '    metadata: {labels: {app: desk}}',
  '    spec: {containers: [{name: vnc, image: example/x11vnc, ports: [{containerPort: 5900}]}]}',
);

test('istio-server-first-sniffed: a VNC port named vnc hangs on latest; appProtocol tcp suggested, tcp- name as alternative', () => {
  const [f] = expectFindings(ID, vnc, [{ line: 7, column: 5, port: 5901, messageId: 'hangs', data: { kind: 'Service', port: 5901, protocol: 'VNC (RFB)', version: 'Istio 1.30 (latest)' } }], I);
  assert.deepEqual(f?.suggestions.map((s) => [s.key, s.value, s.alternative ?? false]), [['spec.ports[].appProtocol', 'tcp', false], ['spec.ports[].name', 'tcp-vnc', true]]);
  assert.deepEqual(f?.suggestions[0]?.object, { kind: 'Service', name: 'desk', namespace: 'ops' });
});

test('istio-server-first-sniffed: the same port waits 5 s on 1.7 and 100 ms on 1.5 (tcp- name only before 1.6)', () => {
  expectFindings(ID, vnc, [{ line: 7, column: 5, messageId: 'delayed', data: { delay: '5 s', version: 'Istio 1.7.0' } }], { istio: '1.7' });
  const [f] = expectFindings(ID, vnc, [{ line: 7, column: 5, messageId: 'delayed', data: { delay: '100 ms' } }], { istio: '1.5' });
  assert.deepEqual(f?.suggestions.map((s) => s.key), ['spec.ports[].name']);
});

test('istio-server-first-sniffed: nothing before 1.3 (no sniffing) and nothing without --mesh istio', () => {
  expectFindings(ID, vnc, [], { istio: '1.2' });
  expectFindings(ID, vnc, []);
});

test('istio-server-first-sniffed: vector 16, smtp name and appProtocol on 2587 -> 587 is still sniffed', () => {
  const text = y(
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: mail}',
    'spec:',
    '  selector: {app: mail}',
    '  ports:',
    '  - {name: smtp, appProtocol: smtp, port: 2587, targetPort: 587}',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: mail, labels: {app: mail}}',
    'spec: {containers: [{name: exim, image: example/exim4, ports: [{containerPort: 587}]}]}',
  );
  expectFindings(ID, text, [{ line: 7, column: 5, messageId: 'hangs', data: { protocol: 'SMTP / submission', port: 2587 } }], I);
});

test('istio-server-first-sniffed: silent when declared TCP, on a well-known Service port, or for client-first backends', () => {
  const svc = (port: string) => y('apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec:', '  ports:', `  - ${port}`);
  expectFindings(ID, svc('{name: imap, appProtocol: tcp, port: 143}'), [], I);
  expectFindings(ID, svc('{name: tcp-imap, port: 143}'), [], I);
  expectFindings(ID, svc('{name: sql, port: 3306, targetPort: 13306}'), [], I);
  expectFindings(ID, svc('{name: pg, port: 5432}'), [], I);
  expectFindings(ID, svc('{name: rsync, port: 873}'), [], I);
  // Vector 3: an IMAP port named imap on 143, with no workload in the input.
  expectFindings(ID, svc('{name: imap, port: 143}'), [{ line: 6, column: 5, messageId: 'hangs', data: { protocol: 'IMAP' } }], I);
});

test('istio-server-first-sniffed: ServiceEntry port 25 without protocol hangs (vector 20); protocol TCP is silent (vector 19)', () => {
  const se = (extra: string) => y(
    'apiVersion: networking.istio.io/v1beta1',
    'kind: ServiceEntry',
    'metadata: {name: ses}',
    'spec:',
    '  hosts: [email-smtp.eu-west-1.amazonaws.com]',
    '  ports:',
    `  - {number: 25, name: smtp${extra}}`,
  );
  const [f] = expectFindings(ID, se(''), [{ line: 7, column: 5, port: 25, messageId: 'hangs', data: { kind: 'ServiceEntry', protocol: 'SMTP / submission' } }], I);
  assert.deepEqual(f?.suggestions.map((s) => [s.key, s.value]), [['spec.ports[].protocol', 'TCP']]);
  expectFindings(ID, se(', protocol: tcp'), [], I);
});
