/** `protocheck detect` input reading: bounded, so an endless file or pipe cannot exhaust memory. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../../src/io.js';
import { MAX_DETECT_INPUT, runDetect } from '../../src/commands/detect-run.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';

const options = { linkerd: parseLinkerdVersion('latest'), json: true } as const;
const length = (out: string) => (JSON.parse(out) as { length: number }).length;

test('stdin longer than MAX_DETECT_INPUT: the first MAX bytes are used, with one warning (any chunk size)', async () => {
  for (const chunk of [1000, 65_536, MAX_DETECT_INPUT + 7]) {
    const io = memoryIo({ stdin: Buffer.alloc(MAX_DETECT_INPUT + 5000, 0x41), stdinChunkBytes: chunk });
    assert.equal(await runDetect('-', options, io), 0);
    assert.equal(length(io.out()), MAX_DETECT_INPUT);
    assert.match(io.err(), /^protocheck: warning: the input is longer than 1048576 bytes; using the first 1048576/);
    assert.equal(io.err().split('\n').filter((l) => l !== '').length, 1);
  }
});

test('input of exactly MAX_DETECT_INPUT bytes, or less, is used whole and silently (file and stdin)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-detect-'));
  for (const n of [0, 1, 8197, MAX_DETECT_INPUT]) {
    const file = join(dir, `in-${n}.bin`);
    writeFileSync(file, Buffer.alloc(n, 0x16));
    const fromFile = memoryIo({ cwd: dir });
    await runDetect(file, options, fromFile);
    assert.equal(length(fromFile.out()), n);
    assert.equal(fromFile.err(), '');
    const fromStdin = memoryIo({ stdin: Buffer.alloc(n, 0x16), stdinChunkBytes: 4096 });
    await runDetect('-', options, fromStdin);
    assert.equal(length(fromStdin.out()), n);
    assert.equal(fromStdin.err(), '');
  }
  const big = join(dir, 'big.bin');
  writeFileSync(big, Buffer.alloc(MAX_DETECT_INPUT + 1));
  const io = memoryIo({ cwd: dir });
  await runDetect(big, options, io);
  assert.equal(length(io.out()), MAX_DETECT_INPUT);
  assert.match(io.err(), /longer than 1048576 bytes/);
});

test('the verdict on the bounded input equals the verdict on the whole input (the proxy examines at most 8197 bytes)', async () => {
  const hello = Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n'), Buffer.alloc(MAX_DETECT_INPUT * 2, 0x61)]);
  const io = memoryIo({ stdin: hello });
  await runDetect('-', options, io);
  const d = JSON.parse(io.out()) as { http: string; linkerd: { outboundKey: string; httpExamined: number } };
  assert.deepEqual([d.http, d.linkerd.outboundKey, d.linkerd.httpExamined], ['http1', 'http1', 1024]);
});
