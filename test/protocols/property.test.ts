/** Property tests: no matcher or probe throws on arbitrary bytes, and results are always well formed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ACTIVE_PROBES, BANNER_MATCHERS, CLIENT_MATCHERS, PROTOCOL_IDS, REPLY_MATCHERS, identifyBanner, identifyClientBytes, identifyReply, type Identification,
} from '../../src/protocols/index.js';
import { BANNER_SAMPLES, CLIENT_SAMPLES, REPLY_SAMPLES } from './samples.js';

const MATCHERS = [...CLIENT_MATCHERS, ...BANNER_MATCHERS, ...REPLY_MATCHERS];
const PRINTABLE = /^[\x20-\x7e]*$/;

function wellFormed(id: Identification | null): boolean {
  if (id === null) return true;
  return (
    (PROTOCOL_IDS as readonly string[]).includes(id.protocol) &&
    typeof id.hard === 'boolean' &&
    id.signature.length > 0 &&
    (id.product === null || PRINTABLE.test(id.product)) &&
    (id.version === null || PRINTABLE.test(id.version)) &&
    (id.info === undefined || PRINTABLE.test(id.info))
  );
}

/** Arbitrary bytes, and corpus samples with random bytes spliced in (to reach deep parser paths). */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(fc.constantFrom(...[...CLIENT_SAMPLES, ...BANNER_SAMPLES, ...REPLY_SAMPLES].map((s) => s.bytes)), fc.nat(), fc.uint8Array({ maxLength: 40 })).map(([b, at, junk]) => {
    const cut = b.length === 0 ? 0 : at % b.length;
    const out = new Uint8Array(cut + junk.length);
    out.set(b.subarray(0, cut));
    out.set(junk, cut);
    return out;
  }),
);

test('no matcher throws on arbitrary bytes (called directly, not through the engine guard)', () => {
  fc.assert(
    fc.property(bytes, (b) => {
      for (const m of MATCHERS) m.test(b);
      return true;
    }),
    { numRuns: 3000 },
  );
});

test('identify functions and probe matchers return well-formed identifications on arbitrary bytes', () => {
  fc.assert(
    fc.property(bytes, (b) => {
      if (!wellFormed(identifyClientBytes(b)) || !wellFormed(identifyBanner(b)) || !wellFormed(identifyReply(b))) return false;
      return ACTIVE_PROBES.every((p) => wellFormed(p.match(b)));
    }),
    { numRuns: 2000 },
  );
});

test('escape sequences in a banner never reach product, version or info', () => {
  const evil = new TextEncoder().encode('220 mail\x1b[2J.example.com ESMTP Exim 4.9\x1b]0;pwn\x07 ready\r\n');
  const id = identifyBanner(evil);
  assert.ok(id);
  assert.ok(wellFormed(id));
  assert.ok(!(id.info ?? '').includes('\x1b'));
});
