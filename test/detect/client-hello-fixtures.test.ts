/**
 * Every-prefix walks over real ClientHellos recorded from openssl s_client, curl and node's tls
 * (scripts/record-client-hellos.mjs), as the proxy's check_all_prefixes: below the full record
 * `incomplete`, from the full record on the same verdict for every longer input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseClientHello, sniOf } from '../../src/detect/tls-client-hello.js';
import { detectHttp } from '../../src/detect/http-detect.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { bytes, text } from './hello-builder.js';
import { REPO_ROOT } from '../helpers/golden.js';

interface Recording {
  readonly file: string;
  readonly sni: string | null;
  readonly stuck: boolean;
  readonly length: number;
  readonly client: string;
}

const DIR = join(REPO_ROOT, 'test', 'detect', 'fixtures');
const RECORDINGS = JSON.parse(readFileSync(join(DIR, 'client-hellos.json'), 'utf8')) as Recording[];

test('the recordings cover openssl (TLS 1.2, 1.3, with and without SNI, ALPN), curl and node', () => {
  const clients = new Set(RECORDINGS.map((r) => r.client.split(' ')[0]));
  for (const c of ['openssl', 'curl', 'node']) assert.ok(clients.has(c), c);
  assert.ok(RECORDINGS.some((r) => r.sni === null && r.client.startsWith('openssl')));
  assert.ok(RECORDINGS.length >= 8);
});

for (const rec of RECORDINGS) {
  test(`every prefix of ${rec.file} (${rec.length} bytes)`, () => {
    const hello = Uint8Array.from(readFileSync(join(DIR, rec.file)));
    assert.equal(hello.length, rec.length);
    assert.equal(hello.length, 5 + ((hello[3] as number) << 8 | (hello[4] as number)), 'one whole record');
    for (let n = 0; n < hello.length; n++) {
      const h = parseClientHello(hello.subarray(0, n));
      assert.equal(h.state, 'incomplete', `prefix ${n}`);
      assert.equal(sniOf(h), null);
    }
    const final = rec.stuck ? 'incomplete' : rec.sni === null ? 'no-sni' : 'sni';
    // From the full record on, whatever follows does not change the verdict.
    const tails = [new Uint8Array(0), Uint8Array.from([0x17]), Uint8Array.from([0x17, 0x03, 0x03, 0x00, 0x01, 0xaa]), text('GET / HTTP/1.1\r\n'), hello];
    for (const tail of tails) {
      const h = parseClientHello(bytes(hello, tail));
      assert.equal(h.state, final, `with ${tail.length} more bytes`);
      assert.equal(sniOf(h), rec.sni === null || rec.stuck ? null : rec.sni);
      assert.equal(h.state === 'incomplete' && h.stuck, rec.stuck === true);
    }
    // Outbound (client proxy) never takes a ClientHello for HTTP.
    for (const v of ['latest', '2.9', '2.14']) assert.equal(detectHttp(hello, parseLinkerdVersion(v)), 'not-http', v);
  });
}
