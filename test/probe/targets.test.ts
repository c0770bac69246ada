import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTargetSpec, parseTargets, splitTargetLines } from '../../src/probe/targets.js';
import { UsageError } from '../../src/errors.js';

test('target forms expand to one target per port', () => {
  assert.deepEqual(parseTargetSpec('db:3306'), [{ label: 'db:3306', host: 'db', port: 3306 }]);
  assert.deepEqual(parseTargetSpec('[::1]:25'), [{ label: '[::1]:25', host: '::1', port: 25 }]);
  assert.deepEqual(parseTargetSpec('10.0.0.1:80-82').map((t) => t.port), [80, 81, 82]);
  assert.deepEqual(parseTargetSpec('h.example.com:25,587,8000-8001').map((t) => t.label), ['h.example.com:25', 'h.example.com:587', 'h.example.com:8000', 'h.example.com:8001']);
  assert.deepEqual(parseTargetSpec('[fe80::1]:1,2').map((t) => t.label), ['[fe80::1]:1', '[fe80::1]:2']);
});

test('duplicates are dropped, order kept', () => {
  assert.deepEqual(parseTargets(['a:1', 'a:1-2', 'b:1']).map((t) => t.label), ['a:1', 'a:2', 'b:1']);
});

const BAD: ReadonlyArray<[string, RegExp]> = [
  ['db', /missing ":port"/],
  ['db:', /no port/],
  ['db:0', /outside 1-65535/],
  ['db:65536', /outside 1-65535/],
  ['db:http', /not a port number/],
  ['db:20-10', /runs backwards/],
  ['db:1,,2', /empty item/],
  ['::1:80', /IPv6 address needs brackets/],
  ['[::1:80', /missing "]"/],
  ['[::1]80', /missing ":port"/],
  ['[nothost]:80', /not an IPv6 address/],
  ['bad host:80', /not a host name/],
  ['-x:80', /not a host name/],
  ['', /empty target/],
];

test('every malformed target is a UsageError naming it', () => {
  for (const [spec, why] of BAD) {
    assert.throws(
      () => parseTargetSpec(spec),
      (e: unknown) => e instanceof UsageError && why.test(e.message) && e.message.includes(`"${spec.trim()}"`),
      spec,
    );
  }
});

test('parseTargets rejects the first bad spec before returning anything', () => {
  assert.throws(() => parseTargets(['ok:1', 'bad']), /bad target "bad"/);
});

test('property: parsing arbitrary text either yields valid targets or a UsageError', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (s) => {
      try {
        const ts = parseTargetSpec(s);
        return ts.length > 0 && ts.every((t) => t.port >= 1 && t.port <= 65_535 && t.host !== '');
      } catch (e) {
        return e instanceof UsageError;
      }
    }),
  );
});

test('target lines: blanks and comments are ignored', () => {
  assert.deepEqual(splitTargetLines('a:1\r\n\n  # note\nb:2 # trailing\n'), ['a:1', 'b:2']);
});
