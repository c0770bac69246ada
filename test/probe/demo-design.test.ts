import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asDesigned } from '../../src/commands/demo-run.js';
import type { TargetResult } from '../../src/probe/types.js';

const base = { state: 'open', firstSpeaker: 'client', protocol: 'http', banner: null, tls: null, linkerd: { covered: true, action: 'none' } } as unknown as TargetResult;

test('the demo accepts only results that match each embedded server', () => {
  assert.equal(asDesigned('http', base), true);
  assert.equal(asDesigned('http', { ...base, protocol: 'unknown' } as TargetResult), false);
  assert.equal(asDesigned('greets-first', { ...base, firstSpeaker: 'server', linkerd: { covered: false, action: 'opaque' } } as unknown as TargetResult), true);
  assert.equal(asDesigned('greets-first', base), false, 'a greeting server judged client-first is a failure');
  assert.equal(asDesigned('silent', { ...base, protocol: 'unknown' } as TargetResult), true);
  assert.equal(asDesigned('silent', { ...base, state: 'refused' } as TargetResult), false);
  assert.equal(asDesigned('tls-alpn', { ...base, protocol: 'tls', tls: {} } as unknown as TargetResult), true);
  assert.equal(asDesigned('nope', base), false);
  assert.equal(asDesigned('http', undefined), false);
});
