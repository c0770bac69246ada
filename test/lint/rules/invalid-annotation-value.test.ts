import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, y } from '../helpers.js';
import { goBool, goDuration } from '../../../src/lint/rules/invalid-annotation-value.js';

const pod = (key: string, value: string) => y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations:', `    ${key}: "${value}"`, 'spec: {containers: []}');

test('invalid-annotation-value: linkerd.io/inject "true" means not injected, with the value meant', () => {
  const [f] = expectFindings('invalid-annotation-value', pod('linkerd.io/inject', 'true'), [{ line: 6, column: 5, messageId: 'injectValueMeant', data: { key: 'linkerd.io/inject', value: 'true', meant: 'enabled' } }]);
  assert.equal(f?.suggestions[0]?.value, 'enabled');
});

test('invalid-annotation-value: booleans and durations the injector cannot parse', () => {
  expectFindings('invalid-annotation-value', pod('config.linkerd.io/proxy-disable-outbound-protocol-detect-timeout', 'yes'), [{ line: 6, column: 5, messageId: 'notBoolean', data: { key: 'config.linkerd.io/proxy-disable-outbound-protocol-detect-timeout', value: 'yes' } }]);
  expectFindings('invalid-annotation-value', pod('config.linkerd.io/proxy-outbound-connect-timeout', '5'), [{ line: 6, column: 5, messageId: 'notDuration', data: { key: 'config.linkerd.io/proxy-outbound-connect-timeout', value: '5' } }]);
});

test('invalid-annotation-value: the detect-timeout annotations do not exist before 2.14.4', () => {
  const text = pod('config.linkerd.io/proxy-disable-outbound-protocol-detect-timeout', 'true');
  expectFindings('invalid-annotation-value', text, []);
  expectFindings('invalid-annotation-value', text, [], { linkerd: '2.14.4' });
  expectFindings('invalid-annotation-value', text, [], { linkerd: 'edge-24.1.1' });
  expectFindings('invalid-annotation-value', text, [{ line: 6, column: 5, messageId: 'detectTimeoutTooEarly', message: /exists from Linkerd 2\.14\.4/ }], { linkerd: '2.14.3' });
});

test('invalid-annotation-value: valid values pass', () => {
  for (const v of ['enabled', 'ingress', 'disabled']) expectFindings('invalid-annotation-value', pod('linkerd.io/inject', v), []);
  expectFindings('invalid-annotation-value', pod('config.linkerd.io/proxy-inbound-connect-timeout', '100ms'), []);
});

test('Go ParseBool and ParseDuration grammars', () => {
  for (const v of ['1', 't', 'TRUE', 'False', '0']) assert.ok(goBool(v), v);
  for (const v of ['yes', 'on', 'tRUE', '']) assert.ok(!goBool(v), v);
  for (const v of ['0', '100ms', '1.5s', '2m30s', '1h', '-1s', '.5s', '3\u00b5s']) assert.ok(goDuration(v), v);
  for (const v of ['5', '1 s', 's', '1d', '', '1.s.5']) assert.ok(!goDuration(v), v);
});

test('invalid-annotation-value: a mapping value (unquoted placeholder) is not a string', () => {
  const text = y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  annotations:', '    linkerd.io/inject: {{args.enabled}}', 'spec: {containers: []}');
  expectFindings('invalid-annotation-value', text, [{ line: 6, column: 5, messageId: 'notString' }]);
});
