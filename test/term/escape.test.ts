import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeBytes, escapeControls, escapeText } from '../../src/term/escape.js';

// Anything a terminal would act on: C0 controls, DEL, C1 controls (CSI 0x9b), bidi overrides.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/u;

test('escapeBytes keeps printable ASCII and escapes everything else', () => {
  assert.equal(escapeBytes(Buffer.from('220 mail ESMTP\r\n\x1b[2J\\')), '220 mail ESMTP\\r\\n\\x1b[2J\\\\');
  assert.equal(escapeBytes(Buffer.from([0xff, 0x00, 0x09])), '\\xff\\x00\\t');
  assert.equal(escapeBytes(Buffer.from('abcdef'), 3), 'abc... (+3 bytes)');
});

test('escapeText and escapeControls leave no terminal control in the output', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      assert.doesNotMatch(escapeText(s), UNSAFE);
      assert.doesNotMatch(escapeControls(s), UNSAFE);
    }),
  );
  assert.equal(escapeText('a\u202eb'), 'a\\u202eb');
});

test('escapeControls is idempotent (already-escaped messages are not escaped twice)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const once = escapeControls(s);
      assert.equal(escapeControls(once), once);
    }),
  );
  assert.equal(escapeControls('unknown escape "\\q"'), 'unknown escape "\\q"');
  assert.equal(escapeControls('cannot read /x\x1b[31m'), 'cannot read /x\\x1b[31m');
});
