/** Properties: no input makes the capture pipeline throw; cutting a capture anywhere reports what was before the cut; chunking never changes the result. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeBytes, CaptureAnalyzer } from '../../src/capture/analyze.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { conversation, pcap, pcapHeader, pcapngSection } from './helpers/synth.js';

const version = parseLinkerdVersion('latest');
const KINDS = new Set(['complete', 'truncated', 'corrupt', 'not-a-capture']);

const sample = pcap(
  [
    ...conversation({ client: '10.0.0.1', server: '10.0.0.2', cport: 40000, sport: 3306, say: [{ from: 'server', bytes: 'J\0\0\0\x0a5.5.5-10.11.6-MariaDB\0' }, { from: 'client', bytes: 'login' }] }),
    ...conversation({ client: 'fd00::1', server: 'fd00::2', cport: 40001, sport: 80, say: [{ from: 'client', bytes: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' }, { from: 'server', bytes: 'HTTP/1.1 200 OK\r\n\r\n' }] }),
  ],
  { linkType: 1 },
);
const real = readFileSync(fileURLToPath(new URL('../../../test/capture/fixtures/mixed.pcapng', import.meta.url)));

function check(bytes: Uint8Array): void {
  const a = analyzeBytes(bytes, { version });
  assert.ok(KINDS.has(a.end.kind));
  assert.ok(a.frames >= 0 && a.flows.length <= a.frames);
}

test('random bytes never make the reader throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (b) => check(b)), { numRuns: 500 });
});

test('random bytes behind a valid pcap header (every link type) never throw', () => {
  const linkTypes = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 999];
  fc.assert(
    fc.property(fc.constantFrom(...linkTypes), fc.boolean(), fc.uint8Array({ maxLength: 4096 }), (lt, le, body) => {
      check(Buffer.concat([pcapHeader({ linkType: lt, littleEndian: le }), body]));
    }),
    { numRuns: 500 },
  );
});

test('random frames inside valid pcap records and pcapng blocks never throw', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 200 }), { maxLength: 30 }), fc.constantFrom(1, 101, 113, 276, 0), (frames, lt) => {
      check(pcapngSection([{ linkType: lt }, { linkType: 101, tsresol: 9 }], frames.map((d, i) => ({ iface: i % 2, timeMs: 1e12 + i, data: d }))));
      const file = Buffer.concat([pcapHeader({ linkType: lt }), ...frames.map((d) => {
        const h = Buffer.alloc(16);
        h.writeUInt32LE(d.length, 8);
        h.writeUInt32LE(d.length, 12);
        return Buffer.concat([h, d]);
      })]);
      check(file);
    }),
    { numRuns: 300 },
  );
});

test('flipping random bytes of a real capture never throws', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(real.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), (edits) => {
      const b = Uint8Array.from(real);
      for (const [at, v] of edits) b[at] = v;
      check(b);
    }),
    { numRuns: 500 },
  );
});

test('a capture cut at any byte: never throws, reads every whole record before the cut, and says it was truncated', () => {
  // Record boundaries of the sample: 24-byte header, then 16 + frame length each.
  const boundaries: number[] = [24];
  for (let at = 24; at < sample.length; ) {
    at += 16 + sample.readUInt32LE(at + 8);
    boundaries.push(at);
  }
  for (let cut = 0; cut <= sample.length; cut++) {
    const a = analyzeBytes(sample.subarray(0, cut), { version });
    const whole = boundaries.filter((b) => b <= cut).length - 1;
    assert.equal(a.frames, Math.max(0, whole), `cut at ${cut}`);
    const expected = cut === 0 || cut < 4 ? 'not-a-capture' : boundaries.includes(cut) ? 'complete' : 'truncated';
    assert.equal(a.end.kind, expected, `cut at ${cut}`);
  }
});

test('any chunking of a capture gives the same analysis', () => {
  const whole = analyzeBytes(real, { version });
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 40 }), (sizes) => {
      const an = new CaptureAnalyzer({ version });
      let at = 0;
      for (let i = 0; at < real.length; i++) {
        const n = sizes[i % sizes.length] as number;
        an.push(real.subarray(at, at + n));
        at += n;
      }
      assert.deepEqual(an.finish(), whole);
    }),
    { numRuns: 100 },
  );
});

