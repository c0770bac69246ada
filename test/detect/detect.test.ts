/** detect(): both verdicts, the plain-words keys per scenario and family, and the words table itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect, detectHttp, tlsState, INBOUND_WORDS, OUTBOUND_WORDS, PROXY_DETECTORS } from '../../src/detect/index.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { buildHello, sniExt, text, hex } from './hello-builder.js';
import { REPO_ROOT } from '../helpers/golden.js';

const LATEST = parseLinkerdVersion('latest');
const V29 = parseLinkerdVersion('2.9');
const fixture = (name: string): Uint8Array => Uint8Array.from(readFileSync(join(REPO_ROOT, 'test', 'detect', 'fixtures', name)));

const SCENARIOS: Array<{ what: string; input: Uint8Array; inbound: string; outbound: string; version?: string }> = [
  { what: 'nothing sent (server speaks first)', input: new Uint8Array(0), inbound: 'tls-wait-empty', outbound: 'timeout' },
  { what: 'an HTTP/1 request', input: text('GET / HTTP/1.1\r\nHost: a\r\n\r\n'), inbound: 'plain-http1', outbound: 'http1' },
  { what: 'the HTTP/2 preface', input: text('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), inbound: 'plain-h2', outbound: 'h2' },
  { what: 'an all-token false positive', input: text('AAAAAAAAAAAAAAAA'), inbound: 'plain-http1-false-positive', outbound: 'http1-false-positive' },
  { what: 'only empty lines', input: text('\r\n\r\n\r\n\r\n\r\n\r\n\r\n'), inbound: 'plain-http1-false-positive', outbound: 'http1-false-positive' },
  { what: 'Redis RESP', input: text('*1\r\n$4\r\nPING\r\n'), inbound: 'plain-not-http', outbound: 'not-http' },
  { what: 'a short GET (T5 inbound, 2.6)', input: text('GET /'), inbound: 'plain-not-http', outbound: 'not-http' },
  { what: 'a short GET under 2.9 (no minimum)', input: text('GET /'), inbound: 'plain-http1', outbound: 'http1', version: '2.9' },
  { what: 'a partial ClientHello', input: hex('16 03 01 00 cd 01 00 00 c9 03 03'), inbound: 'tls-wait', outbound: 'not-http' },
  { what: 'a complete hello for a foreign name (T1)', input: fixture('openssl-tls12-sni.bin'), inbound: 'tls-sni', outbound: 'not-http' },
  { what: 'a hello for the mesh identity (T4)', input: buildHello({ extensions: [sniExt('web.emojivoto.serviceaccount.identity.linkerd.cluster.local')] }), inbound: 'tls-sni-identity', outbound: 'not-http' },
  { what: 'a hello without SNI (T10)', input: fixture('openssl-tls13-nosni.bin'), inbound: 'no-sni-not-http', outbound: 'not-http' },
  { what: 'a TLS 1.0 hello (T13)', input: fixture('openssl-tls10-sni.bin'), inbound: 'tls-stuck', outbound: 'not-http' },
  { what: 'an alert record (T8)', input: hex('15 03 03 00 02 02 28'), inbound: 'plain-not-http', outbound: 'not-http' },
];

for (const s of SCENARIOS) {
  test(`detect: ${s.what}`, () => {
    const d = detect(s.input, s.version === undefined ? LATEST : parseLinkerdVersion(s.version));
    assert.equal(d.linkerd.inboundKey, s.inbound);
    assert.equal(d.linkerd.outboundKey, s.outbound);
    assert.equal(d.length, s.input.length);
  });
}

test('the words say what the issue promises, per family', () => {
  assert.equal(detect(text('GET / HTTP/1.1\r\n'), LATEST).linkerd.outbound, 'HTTP/1: routed, metrics per request');
  assert.equal(detect(text('*1\r\n$4\r\nPING\r\n'), LATEST).linkerd.outbound, 'opaque TCP immediately (no HTTP routing or per-request metrics)');
  assert.equal(detect(hex('16 03 01 00 cd 01'), LATEST).linkerd.inbound, 'inbound waits for the rest of the ClientHello; closed after 10 s if the client sends no more');
  assert.equal(detect(new Uint8Array(0), V29).linkerd.inbound, '2.9: detection timed out after 1 s and the connection failed');
  assert.match(detect(new Uint8Array(0), V29).linkerd.outbound, /3 s and the connection failed/);
  assert.match(detect(new Uint8Array(0), parseLinkerdVersion('2.14')).linkerd.outbound, /10 s detect timeout, then opaque TCP/);
  const sni = detect(fixture('openssl-tls12-sni.bin'), LATEST);
  assert.match(sni.linkerd.inbound, /^TLS for example\.com, not this proxy's identity/);
  assert.match(detect(fixture('openssl-tls12-sni.bin'), V29).linkerd.inbound, /^2\.9: TLS for example\.com/);
});

test('detect fills the issue\'s JSON fields: tls.sni only with state sni, alpn, protocol', () => {
  const d = detect(fixture('curl-sni-alpn.bin'), LATEST);
  assert.equal(d.tls.state, 'sni');
  assert.equal(d.tls.state === 'sni' ? d.tls.sni : null, 'curl.example.test');
  assert.deepEqual(d.tls.alpn, ['h2', 'http/1.1']);
  assert.equal(d.tls.helloVersion, 0x0303);
  assert.equal(d.protocol, 'tls');
  assert.equal(d.linkerd.version, LATEST.label);
  const empty = detect(new Uint8Array(0), LATEST);
  assert.equal(empty.http, 'timeout');
  assert.deepEqual(empty.tls, { state: 'incomplete', stuck: false, alpn: [], recordVersion: null, helloVersion: null, supportedVersions: [] });
  assert.equal(empty.protocol, null);
  const get = detect(text('GET / HTTP/1.1\r\nHost: a\r\n\r\n'), LATEST);
  assert.equal(get.protocol, 'http');
  assert.equal(get.linkerd.http1, 'too-many-headers');
  assert.equal(detect(text('GET / HTTP/1.0\r\n\r\n'), LATEST).linkerd.http1, 'complete');
  assert.equal(detect(text('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), LATEST).protocol, 'http2');
});

test('httpExamined is capped by the read capacity of the family', () => {
  const big = new Uint8Array(9000).fill(0x41);
  assert.equal(detect(big, LATEST).linkerd.httpExamined, 1024);
  assert.equal(detect(big, V29).linkerd.httpExamined, 8192);
});

test('the verdict-only API (detectHttp, tlsState) agrees with detect() on both verdicts', () => {
  for (const version of [LATEST, V29]) {
    for (const s of SCENARIOS) {
      const d = detect(s.input, version);
      assert.equal(detectHttp(s.input, version), d.http);
      assert.equal(tlsState(s.input), d.tls.state);
    }
  }
});

test('the words table: every entry has a default and a source note, overrides only name real detectors', () => {
  for (const table of [INBOUND_WORDS, OUTBOUND_WORDS]) {
    for (const [key, w] of Object.entries(table)) {
      assert.ok(w.default.length > 10, key);
      assert.ok(w.note.length > 3, key);
      for (const f of Object.keys(w.detectors ?? {})) assert.ok((PROXY_DETECTORS as readonly string[]).includes(f), `${key}: ${f}`);
    }
  }
});
