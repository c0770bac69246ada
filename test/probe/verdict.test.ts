/** decide() is pure: evidence in, verdict out. Table cases for each passive outcome and the evidence order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type Evidence } from '../../src/probe/verdict.js';
import type { ReadResult } from '../../src/probe/socket.js';
import type { ProbeRecord } from '../../src/probe/types.js';
import type { Identification } from '../../src/protocols/index.js';

const target = { label: '127.0.0.1:4222', host: '127.0.0.1', port: 4222 };
const none: Omit<Evidence, 'passive'> = { target, address: '127.0.0.1', resolveError: null, tls: null, http: null, others: [], activeNote: null };

function read(over: Partial<ReadResult>): Evidence['passive'] {
  return { connected: true, connectMs: 1, read: { bytes: new Uint8Array(), firstByteMs: null, end: 'wait', endMs: 6_000, ...over } };
}

function rec(id: string, identification: Identification | null): ProbeRecord {
  const base = { id, sent: { text: '', hex: '', length: 0 }, detail: null, linkerd: { http: 'not-http', tls: 'not-tls', sni: null, protocol: null, inbound: '', outbound: '' } } as const;
  if (identification === null) return { ...base, received: null, outcome: 'no-reply', identification: null, firstByteMs: null };
  return { ...base, received: { text: 'x', hex: '78', length: 1 }, outcome: 'identified', identification, firstByteMs: 1 };
}

test('unsolicited bytes: server first, banner escaped, named from the knowledge base', () => {
  const bytes = new Uint8Array(Buffer.from('INFO {"server_id":"x","version":"2.10.4"}\r\n'));
  const v = decide({ ...none, passive: read({ bytes, firstByteMs: 3, end: 'complete', endMs: 4 }) });
  assert.equal(v.state, 'open');
  assert.equal(v.firstSpeaker, 'server');
  assert.equal(v.firstByteMs, 3);
  assert.equal(v.banner?.text, 'INFO {"server_id":"x","version":"2.10.4"}\\r\\n');
  assert.equal(v.passive.outcome, 'banner');
  assert.equal(v.identification?.protocol, 'nats');
});

test('an unidentified banner is still server first, protocol unknown', () => {
  const v = decide({ ...none, passive: read({ bytes: new Uint8Array([0xde, 0xad]), firstByteMs: 3, end: 'idle', endMs: 200 }) });
  assert.equal(v.firstSpeaker, 'server');
  assert.equal(v.identification?.protocol, 'unknown');
});

test('bytes at about 10 s are reported as matching the Linkerd detect timeout', () => {
  const bytes = new Uint8Array(Buffer.from('220 mail ESMTP\r\n'));
  const late = decide({ ...none, passive: read({ bytes, firstByteMs: 10_030, end: 'complete', endMs: 10_031 }) });
  assert.ok(late.notes.some((n) => n.includes("Linkerd proxy's 10 s protocol-detection timeout")), late.notes.join('|'));
  const early = decide({ ...none, passive: read({ bytes, firstByteMs: 2_000, end: 'complete', endMs: 2_001 }) });
  assert.ok(!early.notes.some((n) => n.includes('10 s')));
});

test('a close at about 10 s is reported as matching the Linkerd detect timeout', () => {
  const v = decide({ ...none, passive: read({ end: 'closed', endMs: 9_950 }) });
  assert.equal(v.passive.outcome, 'closed');
  assert.equal(v.firstSpeaker, null);
  assert.ok(v.notes.some((n) => n.startsWith('closed at 9.95s matches')), v.notes.join('|'));
});

test('silence: client first; the strongest active identification names it (TLS > HTTP > h2c > knowledge base)', () => {
  const redis: Identification = { protocol: 'redis', product: 'Redis', version: '7.0', signature: 'redis-info', hard: true };
  const h2: Identification = { protocol: 'http2', product: null, version: 'h2c', signature: 'h2c-settings', hard: true };
  const only = decide({ ...none, passive: read({ end: 'aborted', endMs: 5 }), others: [rec('redis-info', redis)] });
  assert.equal(only.firstSpeaker, 'client');
  assert.equal(only.identification?.protocol, 'redis');
  const withH2c = decide({ ...none, passive: read({ end: 'aborted', endMs: 5 }), others: [rec('h2c', h2), rec('redis-info', redis)] });
  assert.equal(withH2c.identification?.protocol, 'http2');
  const silent = decide({ ...none, passive: read({ end: 'wait', endMs: 6_000 }), others: [rec('redis-info', null)] });
  assert.equal(silent.identification?.protocol, 'unknown');
  assert.ok(silent.notes.some((n) => n.startsWith('silent for 6.00s')));
});

test('connect failures keep their state and message; a name that does not resolve is an error', () => {
  const refused = decide({ ...none, passive: { connected: false, failure: { state: 'refused', code: 'ECONNREFUSED', message: '127.0.0.1:4222: connection refused' }, atMs: 1 } });
  assert.equal(refused.state, 'refused');
  assert.equal(refused.firstSpeaker, null);
  assert.equal(refused.error, '127.0.0.1:4222: connection refused');
  const dns = decide({ ...none, address: null, resolveError: 'nope.invalid: name not found (ENOTFOUND)', passive: null });
  assert.equal(dns.state, 'error');
  assert.match(dns.error ?? '', /ENOTFOUND/);
});
