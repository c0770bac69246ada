// Repeated input problems give one warning per kind, with a count (issue: 100,000 commas printed the same
// warning 100,000 times).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/golden.js';
import { portListWarnings } from '../../src/commands/suggest-run.js';

test('portListWarnings: one line per kind with the items that share it', () => {
  assert.deepEqual(portListWarnings('--existing-opaque', ',,,,x,y,0'), [
    '--existing-opaque: empty item: skipped with a warning by the Go controllers and proxy-init/CNI, ignored by the policy controller, and makes linkerd check fail (4 items like this: items 1, 2, 3, 4)',
    '--existing-opaque: "x" is a port name: the injector and destination controller resolve it, but the policy controller ignores the whole list (so inbound detection still runs), proxy-init/CNI drop it, and linkerd check fails (2 items like this: items 5, 6)',
    '--existing-opaque: port 0 is invalid for the policy controller, which then ignores the whole list; other consumers accept it but it matches nothing',
  ]);
  assert.deepEqual(portListWarnings('--existing-skip-inbound', '4222,25'), []);
});

test('suggest --existing-opaque with 100,000 commas: two warnings (empty items, the trailing comma), each with its count', () => {
  const commas = ','.repeat(100_000);
  const r = runCli(['suggest', '4222/nats', '--existing-opaque', commas]);
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('protocheck: warning:'));
  assert.equal(warnings.length, 2);
  assert.match(warnings[0]!, /^protocheck: warning: --existing-opaque: empty item: .* \(100000 items like this: items 1, 2, 3, 4, 5 and 99995 more\)$/);
  assert.match(warnings[1]!, /^protocheck: warning: --existing-opaque: trailing comma: /);
});
