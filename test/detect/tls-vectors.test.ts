/** The inbound TLS/SNI step as table tests (the rules in docs/detection.md, "The inbound TLS step"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseClientHello, tlsState, isStuckIncomplete, sniOf, type TlsState } from '../../src/detect/tls-client-hello.js';
import { isValidDnsName } from '../../src/detect/dns-name.js';
import { buildHello, sniExt, sniBody, alpnExt, supportedVersionsExt, encodeExtensions, bytes, text, hex } from './hello-builder.js';
import { REPO_ROOT } from '../helpers/golden.js';

const fixture = (name: string): Uint8Array => Uint8Array.from(readFileSync(join(REPO_ROOT, 'test', 'detect', 'fixtures', name)));
const T1 = fixture('openssl-tls12-sni.bin'); // a real 208-byte hello for example.com, record version 03 01 (like the proxy's 210-byte test file)
const CURL = fixture('curl-sni-alpn.bin'); // 517 bytes, like the proxy's curl test file

function expectState(input: Uint8Array, state: TlsState, sni: string | null = null): void {
  const h = parseClientHello(input);
  assert.equal(h.state, state);
  assert.equal(sniOf(h), sni);
  assert.equal(tlsState(input), state);
}

test('a complete hello for example.com => SNI example.com', () => expectState(T1, 'sni', 'example.com'));

test('every shorter prefix of T1 (incl. 1, 2 and 5 bytes) is incomplete', () => {
  for (let n = 0; n < T1.length; n++) expectState(T1.subarray(0, n), 'incomplete');
});

test('curl\'s 517-byte hello => SNI; its first 512 bytes (the peek size) => incomplete', () => {
  assert.equal(CURL.length, 517);
  expectState(CURL, 'sni', 'curl.example.test');
  expectState(CURL.subarray(0, 512), 'incomplete');
});

test('SNI equal to a mesh identity is still an SNI verdict (the proxy then terminates mTLS)', () => {
  const name = 'web.emojivoto.serviceaccount.identity.linkerd.cluster.local';
  expectState(buildHello({ extensions: [sniExt(name)] }), 'sni', name);
});

test('GET / HTTP/1.1 is not TLS immediately', () => expectState(text('GET / HTTP/1.1\r\n'), 'not-tls'));

test('record version 03 03 is TLS; 03 02 and 03 00 are not', () => {
  expectState(buildHello({ recordVersion: 0x0303 }), 'sni', 'example.com');
  expectState(buildHello({ recordVersion: 0x0302 }), 'not-tls');
  expectState(buildHello({ recordVersion: 0x0300 }), 'not-tls');
  expectState(buildHello({ recordVersion: 0x0403 }), 'not-tls');
  const t1 = Uint8Array.from(T1);
  t1[2] = 0x03;
  expectState(t1, 'sni', 'example.com');
  t1[2] = 0x02;
  expectState(t1, 'not-tls');
});

test('an alert record is not TLS', () => expectState(hex('15 03 03 00 02 02 28'), 'not-tls'));

test('record length 8193 is not TLS; 8192 with a short body is incomplete', () => {
  expectState(hex('16 03 01 20 01'), 'not-tls');
  expectState(hex('16 03 01 20 00 01'), 'incomplete');
});

test('a complete hello without a server_name extension => no SNI', () => {
  expectState(buildHello({ extensions: [alpnExt(['h2']), supportedVersionsExt([0x0304, 0x0303])] }), 'no-sni');
  expectState(buildHello({ extensions: [] }), 'no-sni');
  expectState(fixture('openssl-tls12-nosni.bin'), 'no-sni');
});

test('IP literals and all-numeric last labels are not valid names => no SNI', () => {
  for (const name of ['10.0.0.1', 'a.1', '1.2.3.4', '::1', 'example.com:80', '*.example.com', 'a..b', '-a.com', 'a-.com', 'caf\u00e9.com']) {
    expectState(buildHello({ extensions: [sniExt(Uint8Array.from(Buffer.from(name, 'utf8')))] }), 'no-sni');
  }
  expectState(buildHello({ extensions: [sniExt(hex('61 ff 62'))] }), 'no-sni'); // not UTF-8
});

test('names are lower-cased, nothing else is changed', () => {
  expectState(buildHello({ extensions: [sniExt('Example.COM')] }), 'sni', 'example.com');
  expectState(fixture('openssl-tls12-upper-sni-alpn.bin'), 'sni', 'mixed.example.org');
});

test('a TLS 1.0/1.1 ClientHello never becomes definite', () => {
  for (const v of [0x0301, 0x0302]) {
    const h = buildHello({ helloVersion: v });
    expectState(h, 'incomplete');
    assert.equal(isStuckIncomplete(h), true);
  }
  const legacy = fixture('openssl-tls10-sni.bin');
  expectState(legacy, 'incomplete');
  assert.equal(isStuckIncomplete(legacy), true);
});

test('handshake type 2 (or a 24-bit length >= 2^16) with more bytes after it stays incomplete', () => {
  expectState(buildHello({ handshakeType: 2 }), 'incomplete');
  const big = Uint8Array.from(buildHello());
  big[6] = 1;
  expectState(big, 'incomplete');
});

test('a name_type other than host_name, or two names, stay incomplete', () => {
  expectState(buildHello({ extensions: [{ type: 0, body: sniBody([{ type: 1, name: 'example.com' }]) }] }), 'incomplete');
  expectState(buildHello({ extensions: [{ type: 0, body: sniBody([{ name: 'a.example.com' }, { name: 'b.example.com' }]) }] }), 'incomplete');
});

test('one extra byte inside the record after the hello stays incomplete', () => {
  const h = buildHello({ trailingInRecord: Uint8Array.from([0]) });
  expectState(h, 'incomplete');
  assert.equal(isStuckIncomplete(h), true);
  expectState(buildHello({ trailingInHello: Uint8Array.from([0]) }), 'incomplete');
});

test('bytes after the first record are ignored', () => {
  expectState(bytes(T1, hex('17 03 03 00 05 01 02 03 04 05')), 'sni', 'example.com');
  expectState(bytes(T1, text('GET / HTTP/1.1\r\n')), 'sni', 'example.com');
});

test('nothing sent => incomplete (the proxy waits, then closes)', () => expectState(new Uint8Array(0), 'incomplete'));

test('a rejected field that is the last byte of its block is definite', () => {
  expectState(hex('16 03 01 00 01 02'), 'no-sni');
  expectState(hex('16 03 01 00 02 01 01'), 'no-sni');
  expectState(hex('16 03 01 00 06 01 00 00 02 03 01'), 'no-sni');
  // ... but incomplete while more bytes follow inside the block
  expectState(hex('16 03 01 00 02 02 00'), 'incomplete');
  expectState(hex('16 03 01 00 03 01 01 00'), 'incomplete');
});

test('after the first server_name extension the rest is ignored, even garbage; the first of two wins', () => {
  const sni = encodeExtensions([sniExt('first.example.com')]);
  expectState(buildHello({ rawExtensions: bytes(sni, hex('00 10 ff ff 01')) }), 'sni', 'first.example.com');
  expectState(buildHello({ extensions: [alpnExt(['h2']), sniExt('first.example.com'), sniExt('second.example.com')] }), 'sni', 'first.example.com');
});

test('a non-SNI extension longer than 8192 is not skipped; its body is read as more extensions', () => {
  const sni = encodeExtensions([sniExt('hidden.example.com')]);
  // type 0x0015 (padding) claiming 8193 bytes, then what the walk reads as the next extension.
  expectState(buildHello({ rawExtensions: bytes(hex('00 15 20 01'), sni) }), 'sni', 'hidden.example.com');
});

test('cipher_suites longer than 8192 => incomplete when bytes follow', () => {
  // A hello whose cipher_suites length field says 0x2001: the parser stops reading there.
  const body = bytes(hex('03 03'), new Uint8Array(32), [0], hex('20 01'), hex('00 2f 01 00'));
  const handshake = bytes([1, 0, 0, body.length], body);
  expectState(bytes(hex('16 03 01'), [0, handshake.length], handshake), 'incomplete');
});

test('structures that are empty or missing stay incomplete; an empty host_name is no SNI; a trailing dot is kept', () => {
  expectState(buildHello({ extensions: null }), 'incomplete'); // no extensions field at all
  expectState(hex('16 03 01 00 00'), 'incomplete'); // empty record
  expectState(buildHello({ extensions: [{ type: 0, body: new Uint8Array(0) }] }), 'incomplete'); // empty SNI extension
  expectState(buildHello({ extensions: [{ type: 0, body: hex('00 00') }] }), 'incomplete'); // empty server_name_list
  expectState(buildHello({ extensions: [sniExt('')] }), 'no-sni'); // zero-length host_name
  expectState(buildHello({ extensions: [sniExt('Example.COM.')] }), 'sni', 'example.com.');
});

test('the proxy\'s DNS-name cases (linkerd/dns/name/src/name.rs test_parse)', () => {
  const cases: Array<[string, boolean]> = [
    ['', false], ['.', false], ['..', false], ['...', false], ['*', false], ['a', true], ['a.', true], ['d.c.b.a', true], ['d.c.b.a.', true],
    [' d.c.b.a.', false], ['d.c.b.a-', false], ['*.a.', false], ['.a.', false], ['a1', true], ['_m.foo.bar', true], ['m.foo.bar_', true],
    ['example.com:80', false], ['1', false], ['1.a', true], ['a.1', false], ['1.2.3.4', false], ['::1', false], ['xn--poema-9qae5a.com.br', true],
    ['1.', false], [`${'a'.repeat(63)}.com`, true], [`${'a'.repeat(64)}.com`, false], [`${'a.'.repeat(126)}a`, true], [`${'a.'.repeat(126)}ab`, false],
  ];
  for (const [name, ok] of cases) {
    const b = Uint8Array.from(Buffer.from(name, 'latin1'));
    assert.equal(isValidDnsName(b, 0, b.length), ok, JSON.stringify(name));
  }
});

test('ALPN and versions are extracted for display, even after the SNI extension', () => {
  const h = parseClientHello(buildHello({ recordVersion: 0x0301, extensions: [sniExt('x.example'), alpnExt(['h2', 'http/1.1']), supportedVersionsExt([0x0304, 0x0303])] }));
  assert.deepEqual(h.alpn, ['h2', 'http/1.1']);
  assert.deepEqual(h.supportedVersions, [0x0304, 0x0303]);
  assert.equal(h.recordVersion, 0x0301);
  assert.equal(h.helloVersion, 0x0303);
  const none = parseClientHello(text('GET / HTTP/1.1\r\n'));
  assert.equal(none.recordVersion, null);
  assert.equal(none.helloVersion, null);
  assert.deepEqual(none.alpn, []);
  const openssl = parseClientHello(fixture('openssl-tls13-sni-alpn.bin'));
  assert.deepEqual(openssl.alpn, ['h2', 'http/1.1']);
  assert.ok(openssl.supportedVersions.includes(0x0304));
});
