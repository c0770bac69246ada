/** The command in-process: random stdin never escapes as an internal error (only InputError or a report). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { pcapHeader } from './helpers/synth.js';

test('random bytes on stdin: exit 0, 1 or 2, never an internal error', async () => {
  await fc.assert(
    fc.asyncProperty(fc.boolean(), fc.uint8Array({ maxLength: 2048 }), async (withHeader, body) => {
      const stdin = withHeader ? Buffer.concat([pcapHeader({ linkType: 1 }), body]) : Buffer.from(body);
      const io = memoryIo({ stdin });
      const code = await main(['capture', '-', ...(withHeader ? ['--json'] : [])], io);
      assert.ok(code === 0 || code === 1 || code === 2, `exit ${code}`);
      assert.doesNotMatch(io.err(), /internal error/);
      if (withHeader && code !== 2) JSON.parse(io.out());
    }),
    { numRuns: 200 },
  );
});
