import { test } from 'node:test';
import assert from 'node:assert/strict';
import { H2C_PROBE_BYTES, matchH2cReply } from '../../src/probe/h2c-probe.js';

test('the h2c probe is the 24-byte preface plus an empty SETTINGS frame', () => {
  assert.equal(H2C_PROBE_BYTES.length, 33);
  assert.equal(Buffer.from(H2C_PROBE_BYTES.subarray(0, 14)).toString('latin1'), 'PRI * HTTP/2.0');
  assert.deepEqual([...H2C_PROBE_BYTES.subarray(24)], [0, 0, 0, 4, 0, 0, 0, 0, 0]);
});

test('replies: server SETTINGS is h2c, an HTTP/1 status line is HTTP/1, anything else nothing', () => {
  assert.equal(matchH2cReply(new Uint8Array([0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100]))?.protocol, 'http2');
  assert.equal(matchH2cReply(new Uint8Array([0, 0, 8, 7, 0, 0, 0, 0, 0]))?.signature, 'h2c-goaway');
  assert.equal(matchH2cReply(new Uint8Array(Buffer.from('HTTP/1.1 400 Bad Request\r\n')))?.version, 'HTTP/1.1');
  assert.equal(matchH2cReply(new Uint8Array(Buffer.from('-ERR unknown command\r\n'))), null);
  assert.equal(matchH2cReply(new Uint8Array([0, 0])), null);
});
