/** HTTP detection as table tests (the rules in docs/detection.md, "HTTP detection" and "Which httparse each release ran"), per release where they differ. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectHttp, type HttpVerdict } from '../../src/detect/http-detect.js';
import { httparseFor } from '../../src/detect/httparse-grammars.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { text, hex, bytes } from './hello-builder.js';

const LATEST = parseLinkerdVersion('latest');
const V29 = parseLinkerdVersion('2.9');

/** [#, first read, current (2.10+ rules with httparse 1.10.1), 2.9 (httparse 1.3.4, no minimum)] */
const VECTORS: Array<[string, Uint8Array, HttpVerdict, HttpVerdict]> = [
  ['1', text('GET / HTTP/1.1\r\n'), 'http1', 'http1'],
  ['2', text('GET / HTTP/1.1'), 'http1', 'http1'],
  ['3', text('GET / HTTP/1.'), 'not-http', 'http1'],
  ['4', text('GET /'), 'not-http', 'http1'],
  ['5', text('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 'h2', 'h2'],
  ['6', text('PRI * HTTP/2.0'), 'h2', 'not-http'],
  ['7', text('PRI * HTTP/2.'), 'not-http', 'not-http'],
  ['8', text('PRI * HTTP/1.1\r\n'), 'http1', 'http1'],
  ['9', text('POST /foo HTTP'), 'http1', 'http1'],
  ['10', text('GET /foo/bar/bar/blah HTTP/1.1\r\nHost: foob.example.com\r\n\r\n'), 'http1', 'http1'],
  ['11', text('GET / HTTP/1.0\r\n\r\n'), 'http1', 'http1'],
  ['12', text('foo.bar.blah\r\nbobo'), 'not-http', 'not-http'],
  ['13', text('garbage garbage garbage garbage garbage garbage'), 'not-http', 'not-http'],
  ['14', text('GET / HTTP/2.0\r\n\r\n'), 'not-http', 'not-http'],
  ['15', text('GET / HTTP/1.2\r\n'), 'not-http', 'not-http'],
  ['16', text('get / http/1.1\r\n'), 'not-http', 'not-http'],
  ['17', text('get / HTTP/1.1\r\n'), 'http1', 'http1'],
  ['18', text('FOO / HTTP/1.1\r\n'), 'http1', 'http1'],
  ['19', text('\r\n\r\nGET / HTTP/1.1\r\n'), 'http1', 'http1'],
  ['20', text('GET  / HTTP/1.1\r\n'), 'not-http', 'not-http'],
  ['21', text('GET\t/ HTTP/1.1\r\n'), 'not-http', 'not-http'],
  ['22', text('GET /a b HTTP/1.1\r\n'), 'not-http', 'not-http'],
  ['23', text('GET / HTTP/1.1\nHost: x\n\n'), 'http1', 'http1'],
  ['24', text('GET / HTTP/1.1\r'), 'http1', 'http1'],
  ['25', text('GET / HTTP/1.1X'), 'not-http', 'not-http'],
  ['26', text('GET / HTTP/1.1\r\nbad header\r\n\r\n'), 'not-http', 'http1'],
  ['27', text('GET / HTTP/1.1\r\nHost : a\r\n'), 'not-http', 'http1'],
  ['28', text('GET / HTTP/1.1\r\nHost: a\x01b\r\n'), 'not-http', 'http1'],
  ['29', text('GET / HTTP/1.1\r\nHo'), 'http1', 'http1'],
  ['30a', text('GET http://example.com/ HTTP/1.1\r\n'), 'http1', 'http1'],
  ['30b', text('CONNECT example.com:443 HTTP/1.1\r\n'), 'http1', 'http1'],
  ['30c', text('OPTIONS * HTTP/1.0\r\n'), 'http1', 'http1'],
  ['31', Uint8Array.from(Buffer.from('GET /café HTTP/1.1\r\n', 'utf8')), 'http1', 'not-http'],
  ['32', bytes(text('GET /caf'), [0xff], text(' HTTP/1.1\r\n')), 'not-http', 'not-http'],
  ['33a', text('AAAAAAAAAAAAAAAA'), 'http1', 'http1'],
  ['33b', text('12345678901234'), 'http1', 'http1'],
  ['33c', text('abcdefghijklmn'), 'http1', 'http1'],
  ['34', text('AAAAAAAAAAAAA'), 'not-http', 'http1'],
  ['35', text('PROXY TCP4 10.0.0.1 10.0.0.2 1234 80\r\nGET / HTTP/1.1\r\n'), 'not-http', 'not-http'],
  ['36', text('*1\r\n$4\r\nPING\r\n'), 'not-http', 'not-http'],
  ['37', text('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n'), 'not-http', 'not-http'],
  ['38', text('PING\r\n'), 'not-http', 'not-http'],
  ['39', text('get foo\r\n'), 'not-http', 'not-http'],
  ['40', text('set mykey 0 0 5\r\nhello\r\n'), 'not-http', 'not-http'],
  ['41', text('SSH-2.0-OpenSSH_9.6\r\n'), 'not-http', 'not-http'],
  ['42', text('EHLO client.example.com\r\n'), 'not-http', 'not-http'],
  ['43', text('CONNECT {"verbose":false}\r\n'), 'not-http', 'not-http'],
  ['44', text('CONNECT\naccept-version:1.2\nhost:x\n\n\x00'), 'not-http', 'not-http'],
  // 2.9's method class is any visible ASCII, so a JSON document without spaces is a partial method there.
  ['45', text('{"jsonrpc":"2.0","id":1}'), 'not-http', 'http1'],
  ['46', hex('16 03 01 00 cd 01 00 00 c9 03 03 52 34 ab 01 02 03'), 'not-http', 'not-http'],
  ['47', hex('00 00 00 08 04 d2 16 2f'), 'not-http', 'not-http'],
  ['48', hex('00 00 00 2a 00 03 00 00 75 73 65 72 00 70 6f 73 74 67 72 65 73 00 00 00 00 00 00 00 00'), 'not-http', 'not-http'],
  ['49', hex('10 10 00 04 4d 51 54 54 04 02 00 3c 00 04 74 65 73 74'), 'not-http', 'not-http'],
  ['50', bytes(text('AMQP'), [0, 0, 9, 1]), 'not-http', 'not-http'],
  ['51a', hex('00 00 00 1f 00 12 00 03 00 00 00 01 00 09 6b 61 66 6b 61'), 'not-http', 'not-http'],
  ['51b', hex('3a 00 00 00 01 00 00 00 00 00 00 00 d4 07 00 00'), 'not-http', 'not-http'],
  ['51c', hex('04 00 00 00 01 00 00 00 16 00 01 00 0b 43 51 4c'), 'not-http', 'not-http'],
  ['51d', hex('80 01 00 01 00 00 00 04 70 69 6e 67 00 00 00 00'), 'not-http', 'not-http'],
  ['51e', hex('81 85 37 fa 21 3d 7f 9f 4d 51 58 00 00 00 00 00'), 'not-http', 'not-http'],
  ['52', text('POST /pkg.Svc/Method HTTP/1.1\r\ncontent-type: application/grpc-web\r\n\r\n'), 'http1', 'http1'],
  ['53', new Uint8Array(0), 'timeout', 'timeout'],
];

for (const [id, input, current, old] of VECTORS) {
  test(`7.1 #${id}: current ${current}, 2.9 ${old}`, () => {
    assert.equal(detectHttp(input, LATEST), current);
    assert.equal(detectHttp(input, V29), old);
  });
}

test('the 2.10-2.17 families share the 14-byte rules: short reads are not HTTP', () => {
  for (const v of ['2.10', '2.11', '2.12', '2.14', '2.17', 'edge-24.1.1']) {
    assert.equal(detectHttp(text('GET / HTTP/1.'), parseLinkerdVersion(v)), 'not-http', v);
    assert.equal(detectHttp(text('PRI * HTTP/2.0'), parseLinkerdVersion(v)), 'h2', v);
  }
});

/** Differences between httparse versions, each checked on both sides of the release where it changed. */
const GRAMMAR_CASES: Array<{ what: string; input: Uint8Array; expect: Record<string, HttpVerdict> }> = [
  {
    what: '1.3.4 checks only "HTTP/1." with exactly 8 bytes left; 1.3.5 fixed next_8',
    input: text('GET /x HTTP/1.9'),
    expect: { '2.9.5': 'http1', '2.10': 'not-http', latest: 'not-http' },
  },
  {
    what: '1.3.x rejects `"` in the target; 1.3.6+ accepts it',
    input: text('GET /"q" HTTP/1.1\r\n'),
    expect: { '2.9': 'not-http', '2.10.2': 'not-http', '2.11.0': 'http1', '2.14': 'http1', latest: 'http1' },
  },
  {
    what: 'an empty target is accepted before httparse 1.7.0 (2.11.2)',
    input: text('GET  HTTP/1.1\r\n\r\n'),
    expect: { '2.9': 'http1', '2.10': 'http1', '2.11.1': 'http1', '2.11.2': 'not-http', latest: 'not-http' },
  },
  {
    what: 'a leading space is an empty method before 1.7.0',
    input: text(' / HTTP/1.1\r\n\r\n'),
    expect: { '2.9': 'http1', '2.11.0': 'http1', '2.11.2': 'not-http', '2.17': 'not-http', latest: 'not-http' },
  },
  {
    what: '1.7.0-1.9.x take a leading space as the first method byte; 1.10.0 rejects it',
    input: text('  / HTTP/1.1\r\n\r\n'),
    expect: { '2.11.1': 'not-http', '2.11.2': 'http1', '2.12': 'http1', '2.17': 'http1', 'edge-25.2.1': 'not-http', latest: 'not-http' },
  },
  {
    what: 'TooManyHeaders after the first header-name byte before 1.8.0 (2.12.1)',
    input: text('GET / HTTP/1.1\r\nHost : a\r\n'),
    expect: { '2.9': 'http1', '2.10': 'http1', '2.12.0': 'http1', '2.12.1': 'not-http', '2.14': 'not-http', latest: 'not-http' },
  },
  {
    what: 'raw UTF-8 in the target from 1.10.0 (2.18, edge-25.2.1)',
    input: Uint8Array.from(Buffer.from('GET /café HTTP/1.1\r\n', 'utf8')),
    expect: { '2.17': 'not-http', 'edge-25.1.1': 'not-http', 'edge-25.2.1': 'http1', '2.18': 'http1' },
  },
  {
    what: 'the method is any visible ASCII before 1.10.0, tchar from 1.10.0',
    input: text('{"jsonrpc":"2.0","id":1}'),
    expect: { '2.10': 'http1', '2.17': 'http1', '2.18': 'not-http' },
  },
  {
    what: 'httparse 1.9.0-1.9.3 (edge-24.6.2 only) fail a read that ends right where the target starts',
    input: text('VERYLONGMETHOD '),
    expect: { 'edge-24.6.1': 'http1', 'edge-24.6.2': 'not-http', 'edge-24.6.3': 'http1', latest: 'http1' },
  },
];

for (const c of GRAMMAR_CASES) {
  test(`httparse per release: ${c.what}`, () => {
    for (const [v, expected] of Object.entries(c.expect)) {
      const version = parseLinkerdVersion(v);
      assert.equal(detectHttp(c.input, version), expected, `${v} (httparse ${httparseFor(version)})`);
    }
  });
}

test('httparse version per release follows the Cargo.lock table', () => {
  const cases: Array<[string, string]> = [
    ['2.8', '1.3.4'], ['2.9.3', '1.3.4'], ['2.10', '1.3.5'], ['2.11.1', '1.5.1'], ['2.11.5', '1.7.0'], ['2.12.0', '1.7.1'],
    ['2.12.1', '1.8.0'], ['2.13', '1.8.0'], ['2.15', '1.8.0'], ['2.16', '1.9.4'], ['2.17', '1.9.5'], ['2.18', '1.10.1'], ['latest', '1.10.1'],
    ['edge-21.2.2', '1.3.4'], ['edge-21.2.3', '1.3.5'], ['edge-22.9.1', '1.8.0'], ['edge-25.3.1', '1.10.1'],
  ];
  for (const [v, h] of cases) assert.equal(httparseFor(parseLinkerdVersion(v)), h, v);
});

test('bytes after the read capacity are never examined (1024 from 2.10, 8192 before)', () => {
  const long = (n: number) => bytes(text('GET /'), new Uint8Array(n).fill(0x61), text(' HTTP/2.0\r\n'));
  assert.equal(detectHttp(long(1100), LATEST), 'http1'); // cut inside the target: partial
  assert.equal(detectHttp(long(1100), V29), 'not-http'); // 2.9 sees the bad version
  assert.equal(detectHttp(long(8200), V29), 'http1');
  assert.equal(detectHttp(long(1000), LATEST), 'not-http');
});

test('invalid UTF-8 in the target is an error only once the terminating space is read', () => {
  assert.equal(detectHttp(bytes(text('GET /caf'), [0xff], text('xxxxxxxx')), LATEST), 'http1');
  assert.equal(detectHttp(bytes(text('GET /caf'), [0xff], text('xxxxxxxx ')), LATEST), 'not-http');
  assert.equal(detectHttp(bytes(text('GET /'), [0xe2, 0x82, 0xac], text(' HTTP/1.1\r\n')), LATEST), 'http1'); // €
  assert.equal(detectHttp(bytes(text('GET /'), [0xc0, 0xaf], text(' HTTP/1.1\r\n')), LATEST), 'not-http'); // overlong
  assert.equal(detectHttp(bytes(text('GET /'), [0xed, 0xa0, 0x80], text(' HTTP/1.1\r\n')), LATEST), 'not-http'); // surrogate
});

test('every prefix of GET / HTTP/1.1: not HTTP below 14 bytes, HTTP/1 from 14 on (proxy unit test)', () => {
  const full = text('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  for (let n = 1; n <= full.length; n++) {
    assert.equal(detectHttp(full.subarray(0, n), LATEST), n < 14 ? 'not-http' : 'http1', `prefix ${n}`);
    assert.equal(detectHttp(full.subarray(0, n), V29), 'http1', `2.9 prefix ${n}`);
  }
});

test('POST is not mistaken for the HTTP/2 preface, and every preface prefix from 14 bytes is h2', () => {
  const post = text('POST /upload HTTP/1.1\r\nContent-Length: 0\r\n\r\n');
  for (let n = 1; n <= post.length; n++) assert.equal(detectHttp(post.subarray(0, n), LATEST), n < 14 ? 'not-http' : 'http1', `POST prefix ${n}`);
  const pri = text('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00');
  for (let n = 1; n <= pri.length; n++) {
    assert.equal(detectHttp(pri.subarray(0, n), LATEST), n < 14 ? 'not-http' : 'h2', `PRI prefix ${n}`);
    assert.equal(detectHttp(pri.subarray(0, n), V29), n < 24 ? (n <= 11 ? 'http1' : 'not-http') : 'h2', `2.9 PRI prefix ${n}`);
  }
});
