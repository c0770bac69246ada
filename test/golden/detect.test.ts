/** Golden CLI tests for `protocheck detect` (text, JSON and input errors, with exit codes). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { golden } from '../helpers/golden.js';

const CASES: Array<{ name: string; args: string[]; input?: string; code: number }> = [
  { name: 'text-http1', args: ['detect', '--text', 'GET / HTTP/1.1\\r\\nHost: web\\r\\n\\r\\n'], code: 0 },
  { name: 'hex-empty', args: ['detect', '--hex', ''], code: 0 },
  { name: 'hex-empty-2.9', args: ['detect', '--hex', '', '--linkerd', '2.9'], code: 0 },
  { name: 'text-short-get', args: ['detect', '--text', 'GET /'], code: 0 },
  { name: 'text-short-get-2.9', args: ['detect', '--text', 'GET /', '--linkerd', '2.9'], code: 0 },
  { name: 'text-false-positive', args: ['detect', '--text', 'AAAAAAAAAAAAAAAA', '--linkerd', '2.14'], code: 0 },
  { name: 'json-h2', args: ['detect', '--text', 'PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n', '--json'], code: 0 },
  { name: 'json-hex-partial-hello', args: ['detect', '--hex', '16 03 01 00 cd 01', '--json'], code: 0 },
  { name: 'file-curl-json', args: ['detect', 'test/detect/fixtures/curl-sni-alpn.bin', '--json'], code: 0 },
  { name: 'file-tls10', args: ['detect', 'test/detect/fixtures/openssl-tls10-sni.bin'], code: 0 },
  { name: 'stdin-smtp', args: ['detect', '-', '--linkerd', 'edge-25.3.2'], input: 'EHLO client.example.com\r\n', code: 0 },
  { name: 'file-empty', args: ['detect', 'test/detect/fixtures/empty.bin', '--json'], code: 0 },
  { name: 'stdin-empty', args: ['detect', '-'], input: '', code: 0 },
  // The same two reads under the three detectors: one read of 8 bytes (edge-21.2.1: fewer than 14,
  // not HTTP; 2.9: no minimum, HTTP/1) or reads until the newline (edge-21.1.1: HTTP/1 on read 2).
  { name: 'two-reads-edge-21.2.1', args: ['detect', '--text', 'GET / HT', '--text', 'TP/1.1\\r\\n', '--linkerd', 'edge-21.2.1'], code: 0 },
  { name: 'two-reads-edge-21.1.1', args: ['detect', '--text', 'GET / HT', '--text', 'TP/1.1\\r\\n', '--linkerd', 'edge-21.1.1'], code: 0 },
  { name: 'two-reads-2.9', args: ['detect', '--text', 'GET / HT', '--text', 'TP/1.1\\r\\n', '--linkerd', '2.9'], code: 0 },
  { name: 'needs-more-edge-21.1.1', args: ['detect', '--text', 'GET / HT', '--linkerd', 'edge-21.1.1', '--json'], code: 0 },
  { name: 'eof-empty-2.18', args: ['detect', '--hex', '', '--eof', '--linkerd', '2.18'], code: 0 },
  { name: 'eof-empty-2.14-json', args: ['detect', '--hex', '', '--eof', '--linkerd', '2.14', '--json'], code: 0 },
  { name: 'eof-partial-hello', args: ['detect', '--hex', '16 03 01 00 cd 01', '--eof'], code: 0 },
  { name: 'error-empty-read', args: ['detect', '--hex', '47', '--hex', ''], code: 2 },
  { name: 'error-directory', args: ['detect', 'test/detect/fixtures'], code: 2 },
  { name: 'help', args: ['detect', '--help'], code: 0 },
  { name: 'error-odd-hex', args: ['detect', '--hex', '160'], code: 2 },
  { name: 'error-not-hex', args: ['detect', '--hex', '16 zz'], code: 2 },
  { name: 'error-missing-file', args: ['detect', 'no-such-file.bin'], code: 2 },
  { name: 'error-no-input', args: ['detect'], code: 2 },
  { name: 'error-two-inputs', args: ['detect', '--hex', '00', '--text', 'x'], code: 2 },
  { name: 'error-bad-escape', args: ['detect', '--text', 'GET \\q'], code: 2 },
  { name: 'error-bad-version', args: ['detect', '--text', 'x', '--linkerd', '3.0'], code: 2 },
];

for (const c of CASES) {
  test(`golden detect/${c.name}`, async () => {
    const r = await golden(`detect/${c.name}`, c.args, c.input === undefined ? {} : { input: c.input });
    assert.equal(r.code, c.code);
    if (c.code === 2) {
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one-line error');
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
}
