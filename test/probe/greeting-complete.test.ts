import { test } from 'node:test';
import assert from 'node:assert/strict';
import { greetingComplete } from '../../src/probe/greeting-complete.js';

const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

test('SMTP/FTP multi-line replies are complete only at the final line', () => {
  assert.equal(greetingComplete(b('220-mail.example ESMTP\r\n')), false);
  assert.equal(greetingComplete(b('220-mail.example ESMTP\r\n220 ready\r\n')), true);
  assert.equal(greetingComplete(b('220 mail.example ESMTP')), false);
  assert.equal(greetingComplete(b('220 mail.example ESMTP\r\n')), true);
});

test('single-line text greetings end at the first newline', () => {
  assert.equal(greetingComplete(b('SSH-2.0-OpenSSH_9.2p1 Debian\r\n')), true);
  assert.equal(greetingComplete(b('SSH-2.0-OpenSSH_9.2p1')), false);
  assert.equal(greetingComplete(b('* OK IMAP ready\r\n')), true);
});

test('MySQL greeting: complete when the declared packet length has arrived', () => {
  const body = Buffer.concat([Buffer.from([0x0a]), Buffer.from('10.11.6-MariaDB\0', 'latin1'), Buffer.alloc(40, 1)]);
  const packet = Buffer.concat([Buffer.from([body.length & 0xff, body.length >> 8, 0, 0]), body]);
  for (let i = 5; i < packet.length; i++) assert.equal(greetingComplete(new Uint8Array(packet.subarray(0, i))), false, `prefix ${i}`);
  assert.equal(greetingComplete(new Uint8Array(packet)), true);
});

test('unknown binary greetings wait for the idle gap', () => {
  assert.equal(greetingComplete(new Uint8Array([0x00, 0x01, 0x02])), false);
  assert.equal(greetingComplete(new Uint8Array([])), false);
});
