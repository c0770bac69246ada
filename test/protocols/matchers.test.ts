/** Table tests of every matcher on real captures and docs/protocols.md bytes, plus the negative cross-check. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BANNER_MATCHERS, CLIENT_MATCHERS, REPLY_MATCHERS, identifyBanner, identifyClientBytes, identifyReply, type Identification, type Matcher } from '../../src/protocols/index.js';
import { ascii } from '../../src/protocols/bytes.js';
import { AFTER_GREETING_SAMPLES, BANNER_SAMPLES, CLIENT_SAMPLES, EMPTY_CAPTURES, REPLY_SAMPLES, SPEAKING_CLIENT_CAPTURES, WAITING_CLIENT_CAPTURES, fixture, type Sample } from './samples.js';
import { getProtocol } from '../../src/protocols/index.js';

function check(sample: Sample, got: Identification | null): void {
  assert.ok(got, `${sample.name}: no identification`);
  assert.equal(got.protocol, sample.protocol, `${sample.name}: protocol`);
  assert.equal(got.signature, sample.signature, `${sample.name}: signature`);
  assert.equal(got.hard, sample.hard ?? true, `${sample.name}: hard`);
  if (sample.product !== undefined) assert.equal(got.product, sample.product, `${sample.name}: product`);
  if (sample.version !== undefined) assert.equal(got.version, sample.version, `${sample.name}: version`);
  if (sample.info !== undefined) assert.ok((got.info ?? '').includes(sample.info), `${sample.name}: info ${JSON.stringify(got.info)} lacks ${sample.info}`);
}

for (const s of CLIENT_SAMPLES) test(`client bytes: ${s.name} (${s.source})`, () => check(s, identifyClientBytes(s.bytes)));
for (const s of AFTER_GREETING_SAMPLES) test(`client bytes after a greeting: ${s.name} (${s.source})`, () => check(s, identifyClientBytes(s.bytes)));
for (const s of BANNER_SAMPLES) test(`banner: ${s.name} (${s.source})`, () => check(s, identifyBanner(s.bytes)));
for (const s of REPLY_SAMPLES) test(`reply: ${s.name} (${s.source})`, () => check(s, identifyReply(s.bytes)));

test('a bare 220 greeting is FTP when it comes from an FTP port, soft SMTP otherwise', () => {
  const bare = ascii('220 Welcome\r\n');
  assert.equal(identifyBanner(bare, { port: 21 })?.protocol, 'ftp');
  assert.equal(identifyBanner(bare, { port: 25 })?.protocol, 'smtp');
  assert.equal(identifyBanner(bare)?.hard, false);
  // A greeting that names its product is not overridden by the port.
  assert.equal(identifyBanner(ascii('220 mail.example.com ESMTP Postfix\r\n'), { port: 21 })?.protocol, 'smtp');
});

test('real clients that sent nothing before the greeting are exactly the entries marked clientWaitsForGreeting', () => {
  for (const [name, id] of WAITING_CLIENT_CAPTURES) {
    assert.equal(fixture(name).length, 0, name);
    assert.equal(getProtocol(id)?.clientWaitsForGreeting, true, id);
  }
  for (const [name, id] of SPEAKING_CLIENT_CAPTURES) {
    assert.equal(identifyClientBytes(fixture(name))?.protocol, id, name);
    assert.equal(getProtocol(id)?.firstSpeaker, 'server', id);
    assert.equal(getProtocol(id)?.clientWaitsForGreeting, false, id);
  }
});

test('memcached and PostgreSQL close silently on GET; nothing is identified in empty input', () => {
  for (const name of EMPTY_CAPTURES) assert.equal(fixture(name).length, 0, name);
  assert.equal(identifyClientBytes(new Uint8Array(0)), null);
  assert.equal(identifyBanner(new Uint8Array(0)), null);
  assert.equal(identifyReply(new Uint8Array(0)), null);
});

test('incomplete greetings are not identified before their completion rule fires', () => {
  assert.equal(identifyBanner(ascii('SSH-2.0-OpenSSH_9.2')), null);
  assert.equal(identifyBanner(ascii('* OK Dovecot ready.')), null);
  assert.equal(identifyBanner(ascii('+OK Dovecot')), null);
  assert.equal(identifyBanner(ascii('220 mail.example.com ESMTP')), null);
  assert.equal(identifyBanner(ascii('RFB 003.00')), null);
  assert.equal(identifyBanner(fixture('mariadb-greeting.bin').subarray(0, 8)), null);
});

test('binary junk and plain text are not identified', () => {
  for (const bytes of [ascii('hello world\r\n'), Uint8Array.of(0, 0, 0, 0), Uint8Array.of(0xde, 0xad, 0xbe, 0xef), ascii('\r\n'), ascii('GET')]) {
    assert.equal(identifyClientBytes(bytes), null, JSON.stringify([...bytes]));
    assert.equal(identifyBanner(bytes), null, JSON.stringify([...bytes]));
  }
});

/**
 * Known overlaps where a matcher of another protocol also accepts a sample: the table order
 * (docs/protocols.md) resolves them, and the sample tests above prove the right one wins.
 */
const ALLOWED_OVERLAPS: ReadonlyArray<[sample: string, matcher: string, why: string]> = [
  ['nginx plain GET on its TLS port (captured)', 'http-response', 'it is an HTTP response; the GET-answer matcher runs first and names the real service'],
  ['MongoDB HTTP answer', 'http-response', 'it is an HTTP response; the GET-answer matcher runs first and names the real service'],
  ['ClickHouse HTTP answer', 'http-response', 'it is an HTTP response; the GET-answer matcher runs first and names the real service'],
  ['bare 220 greeting', 'smtp-ftp-reply', 'same matcher decides SMTP vs FTP'],
  ['RFB viewer version', 'vnc-rfb-version', 'the same 12 bytes are sent by both sides'],
  ['VNC RFB 3.8', 'vnc-rfb-client-version', 'the same 12 bytes are sent by both sides'],
  ['Apple Remote Desktop', 'vnc-rfb-client-version', 'the same 12 bytes are sent by both sides'],
  ['ssh client (captured)', 'ssh-ident', 'client and server identification lines share the format'],
  ['OpenSSH 9.2 banner (captured)', 'ssh-client-ident', 'client and server identification lines share the format'],
  ['dropbear banner', 'ssh-client-ident', 'client and server identification lines share the format'],
  ['rsync client (captured)', 'rsync-greeting', 'both sides write @RSYNCD:'],
  ['rsyncd 3.x greeting (captured)', 'rsync-client-greeting', 'both sides write @RSYNCD:'],
  ['rsync 3.1 greeting', 'rsync-client-greeting', 'both sides write @RSYNCD:'],
  ['Telnet netkit', 'telnet-client-iac', 'both sides negotiate with IAC'],
  ['Telnet BusyBox', 'telnet-client-iac', 'both sides negotiate with IAC'],
  ['BSD telnet client negotiation', 'telnet-iac', 'both sides negotiate with IAC'],
  ['dictd banner', 'smtp-ftp-reply', 'a 220 line is shared: only a soft candidate list there, and dict-banner runs first'],
];

test('no matcher fires on another protocol\'s bytes (negative cross-check over the whole corpus)', () => {
  const all: Matcher[] = [...CLIENT_MATCHERS, ...BANNER_MATCHERS, ...REPLY_MATCHERS];
  const samples = [...CLIENT_SAMPLES, ...AFTER_GREETING_SAMPLES, ...BANNER_SAMPLES, ...REPLY_SAMPLES];
  const offenders: string[] = [];
  for (const s of samples) {
    for (const m of all) {
      if (m.protocol === s.protocol || m.id === s.signature) continue;
      const d = m.test(s.bytes);
      if (d === null || (d.protocol ?? m.protocol) === s.protocol) continue;
      if (ALLOWED_OVERLAPS.some(([name, id]) => name === s.name && id === m.id)) continue;
      offenders.push(`${m.id} fires on "${s.name}"`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('every prefix of a client sample is either unidentified or identified as the same protocol', () => {
  const wrong: string[] = [];
  for (const s of [...CLIENT_SAMPLES, ...AFTER_GREETING_SAMPLES]) {
    for (let n = 1; n <= s.bytes.length; n++) {
      const got = identifyClientBytes(s.bytes.subarray(0, n));
      if (got !== null && got.protocol !== s.protocol) wrong.push(`${s.name}[0..${n}] => ${got.protocol} (${got.signature})`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('every prefix of a banner sample is either unidentified or identified as the same protocol', () => {
  const wrong: string[] = [];
  for (const s of BANNER_SAMPLES) {
    for (let n = 1; n <= s.bytes.length; n++) {
      const got = identifyBanner(s.bytes.subarray(0, n));
      if (got !== null && got.protocol !== s.protocol) wrong.push(`${s.name}[0..${n}] => ${got.protocol} (${got.signature})`);
    }
  }
  assert.deepEqual(wrong, []);
});
