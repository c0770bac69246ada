/** The command in-process: random stdin never escapes as an internal error (only InputError or a report); `capture -` streams stdin. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { main } from '../../src/main.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryIo, type Io } from '../../src/io.js';
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

const FIXTURES = fileURLToPath(new URL('../../../test/capture/fixtures/', import.meta.url));

/** An Io whose stdin can only be streamed (readStdin fails), counting the chunks handed out. */
function streamOnlyIo(stdin: Buffer, chunkBytes: number): { io: Io; out: () => string; err: () => string; chunks: () => number } {
  const mem = memoryIo({ stdin, stdinChunkBytes: chunkBytes });
  let chunks = 0;
  const io: Io = {
    ...mem,
    readStdin: () => Promise.reject(new Error('capture - must stream stdin, not read it whole')),
    stdinStream: async function* () {
      for await (const c of mem.stdinStream()) {
        chunks++;
        yield c;
      }
    },
  };
  return { io, out: mem.out, err: mem.err, chunks: () => chunks };
}

test('capture - streams stdin: every fixture in chunks of 1, 7 and 4096 bytes gives the same report as the file', async () => {
  const files = readdirSync(FIXTURES).filter((f) => /\.pcap(ng)?$/.test(f)).sort();
  assert.ok(files.length >= 10);
  for (const f of files) {
    const path = join(FIXTURES, f);
    const bytes = readFileSync(path);
    for (const format of [['--json'], []]) {
      const fileIo = memoryIo();
      const fileCode = await main(['capture', path, ...format], fileIo);
      for (const size of [1, 7, 4096]) {
        const s = streamOnlyIo(bytes, size);
        const code = await main(['capture', '-', ...format], s.io);
        assert.equal(code, fileCode, `${f} in ${size}-byte chunks: exit code`);
        const fromFile = format.length > 0 ? fileIo.out().replace(JSON.stringify(path), '"-"') : fileIo.out().split(path).join('stdin');
        assert.equal(s.out(), fromFile, `${f} in ${size}-byte chunks: same report`);
        assert.equal(s.err(), fileIo.err().split(path).join('stdin'), `${f} in ${size}-byte chunks: same stderr`);
        assert.equal(s.chunks(), Math.ceil(bytes.length / size), `${f}: read chunk by chunk`);
      }
    }
  }
});
