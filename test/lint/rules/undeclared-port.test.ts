import { test } from 'node:test';
import { expectFindings, y } from '../helpers.js';

const text = (target: string) =>
  y('apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec:', '  selector: {app: a}', '  ports:', `  - {port: 80, targetPort: ${target}}`, '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: a}', 'spec:', '  template:', '    metadata: {labels: {app: a}}', '    spec:', '      containers:', '      - name: a', '        image: nginx', '        ports: [{name: web, containerPort: 8080}]');

test('undeclared-port: a numeric targetPort no container declares', () => {
  expectFindings('undeclared-port', text('9090'), [{ line: 7, column: 5, port: 9090, messageId: 'numberNotDeclared', data: { target: 9090, workload: 'Deployment/a' } }]);
});

test('undeclared-port: a named targetPort no container declares', () => {
  expectFindings('undeclared-port', text('metrics'), [{ line: 7, column: 5, port: 'metrics', messageId: 'nameNotDeclared', data: { target: 'metrics', workload: 'Deployment/a' } }]);
});

test('undeclared-port: declared ports and names pass; Services selecting nothing are not judged', () => {
  expectFindings('undeclared-port', text('8080'), []);
  expectFindings('undeclared-port', text('web'), []);
  expectFindings('undeclared-port', y('apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec: {selector: {app: zzz}, ports: [{port: 1}]}'), []);
});
