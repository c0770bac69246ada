/** fast-check properties: the detector never throws and stays in its unions; generated hellos give their name back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectHttp, HTTP_VERDICTS } from '../../src/detect/http-detect.js';
import { parseClientHello, sniOf, TLS_STATES } from '../../src/detect/tls-client-hello.js';
import { detect } from '../../src/detect/detect.js';
import { INBOUND_WORDS, OUTBOUND_WORDS } from '../../src/detect/words.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { buildHello, sniExt, alpnExt, bytes } from './hello-builder.js';

const VERSIONS = ['latest', '2.9', '2.9.3', '2.10', '2.11.0', '2.12.0', '2.14', '2.16', 'edge-24.6.2', '2.8'].map(parseLinkerdVersion);

/** Byte strings biased towards the shapes the parsers branch on. */
const interesting = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ maxLength: 2000 }),
  fc.tuple(fc.constantFrom('GET ', 'POST ', 'PRI * HTTP/2.0', ' ', '\r\n', 'get / HTTP/1.1\r\n'), fc.uint8Array({ maxLength: 40 })).map(([p, t]) => bytes(Uint8Array.from(Buffer.from(p, 'latin1')), t)),
  fc.tuple(fc.constantFrom<number[]>([0x16, 0x03, 0x01], [0x16, 0x03, 0x03], [0x16, 0x03, 0x01, 0x00]), fc.uint8Array({ maxLength: 300 })).map(([p, t]) => bytes(p, t)),
  fc.tuple(fc.integer({ min: 0, max: 400 }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, junk]) => {
    const h = Uint8Array.from(buildHello({ extensions: [alpnExt(['h2']), sniExt('a.example.com')] }));
    h.set(junk.subarray(0, Math.max(0, h.length - (at % h.length))), at % h.length);
    return h;
  }),
);

test('no byte string makes detectHttp, parseClientHello or detect throw; results stay in their unions', () => {
  fc.assert(
    fc.property(interesting, fc.constantFrom(...VERSIONS), (input, version) => {
      const http = detectHttp(input, version);
      assert.ok(HTTP_VERDICTS.includes(http));
      const hello = parseClientHello(input);
      assert.ok(TLS_STATES.includes(hello.state));
      assert.equal(sniOf(hello) === null, hello.state !== 'sni');
      const d = detect(input, version);
      assert.equal(d.http, http);
      assert.equal(d.tls.state, hello.state);
      assert.equal(d.length, input.length);
      assert.ok(d.linkerd.inboundKey in INBOUND_WORDS && d.linkerd.outboundKey in OUTBOUND_WORDS);
      assert.ok(d.linkerd.inbound.length > 0 && d.linkerd.outbound.length > 0);
      if (input.length === 0) assert.equal(http, 'timeout');
      else assert.notEqual(http, 'timeout');
    }),
    { numRuns: 3000 },
  );
});

const label = fc.stringMatching(/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,20}[A-Za-z0-9_])?$/);
const lastLabel = label.filter((l) => !/^[0-9]+$/.test(l));
const dnsName = fc
  .tuple(fc.array(label, { maxLength: 4 }), lastLabel, fc.boolean())
  .map(([labels, last, dot]) => [...labels, last].join('.') + (dot ? '.' : ''))
  .filter((n) => n.length <= 253);

test('a valid ClientHello with a valid random DNS name yields that name lower-cased', () => {
  fc.assert(
    fc.property(dnsName, fc.constantFrom(0x0301, 0x0303), fc.uint8Array({ maxLength: 32 }), fc.boolean(), (name, recordVersion, sessionId, alpnFirst) => {
      const exts = alpnFirst ? [alpnExt(['h2']), sniExt(name)] : [sniExt(name), alpnExt(['h2'])];
      const hello = buildHello({ recordVersion, sessionId, extensions: exts });
      const h = parseClientHello(hello);
      assert.equal(h.state, 'sni');
      assert.equal(h.sni, name.toLowerCase());
      assert.deepEqual(h.alpn, ['h2']);
      // and every strict prefix is incomplete
      const cut = Math.floor(hello.length / 2);
      assert.equal(parseClientHello(hello.subarray(0, cut)).state, 'incomplete');
    }),
    { numRuns: 1000 },
  );
});
