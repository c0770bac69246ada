import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unifiedDiff } from '../../src/lint/diff.js';

test('unifiedDiff: one changed line with 3 lines of context', () => {
  const a = 'a\nb\nc\nd\ne\nf\ng\nh\n';
  const b = 'a\nb\nc\nd\nE\nf\ng\nh\n';
  assert.equal(unifiedDiff(a, b, 'a/x', 'b/x'), '--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
});

test('unifiedDiff: an insertion, two distant hunks, and no output for equal texts', () => {
  assert.equal(unifiedDiff('x\n', 'x\ny\n', 'a', 'b'), '--- a\n+++ b\n@@ -1,1 +1,2 @@\n x\n+y\n');
  const a = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n') + '\n';
  const b = a.replace('l1\n', 'L1\n').replace('l18\n', 'L18\n');
  const d = unifiedDiff(a, b, 'a', 'b');
  assert.equal((d.match(/^@@/gm) ?? []).length, 2);
  assert.match(d, /@@ -1,5 \+1,5 @@\n l0\n-l1\n\+L1\n l2\n l3\n l4\n/);
  assert.equal(unifiedDiff(a, a, 'a', 'b'), '');
});

test('unifiedDiff output applies: replaying it on the old text gives the new text', () => {
  const a = 'k: 1\nm:\n  n: 2\n  o: 3\nz: 9\n';
  const b = 'k: 1\nm:\n  n: 2\n  p: "x"\n  o: 3\nz: 9\n';
  const d = unifiedDiff(a, b, 'a', 'b');
  const lines = d.split('\n').slice(2).filter((l) => l !== '' && !l.startsWith('@@'));
  assert.equal(lines.filter((l) => !l.startsWith('-')).map((l) => l.slice(1)).join('\n') + '\n', b);
});
