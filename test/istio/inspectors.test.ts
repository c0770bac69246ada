import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectHttp, inspectTls } from '../../src/istio/index.js';

const b = (s: string) => new TextEncoder().encode(s);
const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));

test('http_inspector decisions for first bytes (legacy parser)', () => {
  const cases: Array<[Uint8Array, string]> = [
    [b(''), 'wait'],
    [b('GET / HTTP/1.1\r\n'), 'http/1.1'],
    [b('GET / HTTP/1.1'), 'wait'], // no newline: waits (no minimum length, no single-read decision)
    [b('POST /x HTTP/1.0\r\nHost: a\r\n'), 'http/1.0'],
    [b('GET /\r\n'), 'http/1.0'],
    [b('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 'h2c'],
    [b('PRI * HTTP/2.0\r\n'), 'wait'],
    [b('PRI * HTTP/1.1\r\n'), 'not-http'], // diverges from the preface, and PRI is no method
    [b('\r\nGET / HTTP/1.1\r\n'), 'not-http'],
    [hex('160301'), 'not-http'], // TLS ClientHello: 0x16 cannot start a method
    [b('SSH-2.0-OpenSSH_9.6\r\n'), 'not-http'],
    [b('get / HTTP/1.1\r\n'), 'not-http'],
    [b('GE'), 'wait'],
    [b('GET / HTTP/1.x\r\n'), 'not-http'],
    [b('GET / FTP/1.1\r\n'), 'not-http'],
    [hex('0000000804d2162f'), 'not-http'], // PostgreSQL SSLRequest
  ];
  for (const [bytes, want] of cases) assert.equal(inspectHttp(bytes).decision, want, JSON.stringify(new TextDecoder().decode(bytes)));
});

test('http_inspector with Balsa waits for the line end where the legacy parser fails early', () => {
  assert.equal(inspectHttp(hex('160301'), 'balsa').decision, 'wait');
  assert.equal(inspectHttp(b('SSH-2.0-OpenSSH_9.6\r\n'), 'balsa').decision, 'not-http');
  assert.equal(inspectHttp(b('GET / HTTP/1.1\r\n'), 'balsa').decision, 'http/1.1');
  assert.equal(inspectHttp(b('FOO / HTTP/1.1\r\n'), 'balsa').decision, 'http/1.1', 'custom methods accepted');
  assert.equal(inspectHttp(b('FOO / HTTP/1.1\r\n'), 'legacy').decision, 'not-http');
  assert.equal(inspectHttp(new Uint8Array(64 * 1024).fill(0x41), 'balsa').decision, 'close');
});

test('tls_inspector decisions', () => {
  assert.equal(inspectTls(hex('1603')).decision, 'wait', 'fewer than 5 header bytes');
  assert.equal(inspectTls(b('GET / HTTP/1.1\r\n')).decision, 'not-tls');
  assert.equal(inspectTls(hex('1702030010')).decision, 'not-tls', 'application data record');
  assert.equal(inspectTls(hex('1601010010')).decision, 'not-tls', 'version major 1');
  assert.equal(inspectTls(hex('160301002a01')).decision, 'wait', 'record incomplete');
  // A minimal ClientHello with SNI "a.b" (TLS 1.2 record, no other extensions).
  const sniExt = '0000' + '0008' + '0006' + '00' + '0003' + '612e62';
  const body = '0303' + '00'.repeat(32) + '00' + '0002' + '1301' + '01' + '00' + (sniExt.length / 2).toString(16).padStart(4, '0') + sniExt;
  const hs = '01' + (body.length / 2).toString(16).padStart(6, '0') + body;
  const rec = '160301' + (hs.length / 2).toString(16).padStart(4, '0') + hs;
  const r = inspectTls(hex(rec));
  assert.deepEqual([r.decision, r.sni], ['tls', 'a.b']);
  assert.equal(inspectTls(hex(rec.slice(0, rec.length - 2))).decision, 'wait');
});
