/**
 * Table tests on the second set of real-server captures (fixtures/record-servers.sh): greetings,
 * replies to the knowledge base's own probes, real clients' first bytes, and which servers stay
 * silent (so the entries' first-speaker facts are the recorded ones).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIVE_PROBES, getProtocol, identifyBanner, identifyClientBytes, identifyReply, protocolsForPort, type Identification } from '../../src/protocols/index.js';
import { fixture, type Sample } from './samples.js';
import { GREETED_CLIENTS, OTHER_REPLIES, PROBE_REPLIES, REAL_CLIENTS, SERVER_BANNERS, SILENT_SERVERS } from './samples-servers.js';

function check(sample: Sample, got: Identification | null): void {
  assert.ok(got, `${sample.name}: no identification`);
  assert.equal(got.protocol, sample.protocol, `${sample.name}: protocol`);
  assert.equal(got.signature, sample.signature, `${sample.name}: signature`);
  assert.equal(got.hard, sample.hard ?? true, `${sample.name}: hard`);
  if (sample.product !== undefined) assert.equal(got.product, sample.product, `${sample.name}: product`);
  if (sample.version !== undefined) assert.equal(got.version, sample.version, `${sample.name}: version`);
  if (sample.info !== undefined) assert.ok((got.info ?? '').includes(sample.info), `${sample.name}: info ${JSON.stringify(got.info)} lacks ${sample.info}`);
}

for (const s of SERVER_BANNERS) {
  test(`real greeting: ${s.name} (${s.source})`, () => {
    check(s, identifyBanner(s.bytes));
    // The greeting's protocol is a server-first one whose clients wait for it (IRC: client-first,
    // its clients register without waiting for the notices).
    const entry = getProtocol(s.protocol);
    assert.equal(entry?.firstSpeaker, s.clientFirst ? 'client' : 'server', s.protocol);
    assert.equal(entry?.clientWaitsForGreeting, !s.clientFirst, s.protocol);
  });
}

for (const s of PROBE_REPLIES) {
  test(`real reply to probe ${s.probe}: ${s.name} (${s.source})`, () => {
    const probe = ACTIVE_PROBES.find((p) => p.id === s.probe);
    assert.ok(probe, `no active probe ${s.probe}`);
    assert.equal(probe.protocol, s.protocol, `${s.probe} protocol`);
    assert.ok(s.bytes.length <= probe.readMax || probe.match(s.bytes.subarray(0, probe.readMax)) !== null, `${s.name}: not identified within readMax ${probe.readMax}`);
    check(s, probe.match(s.bytes));
    check(s, identifyReply(s.bytes));
  });
}

for (const s of OTHER_REPLIES) test(`real reply: ${s.name} (${s.source})`, () => check(s, identifyReply(s.bytes)));

for (const s of REAL_CLIENTS) {
  test(`real client first bytes: ${s.name} (${s.source})`, () => {
    check(s, identifyClientBytes(s.bytes));
    assert.equal(getProtocol(s.protocol)?.firstSpeaker, 'client', s.protocol);
  });
}

test('servers that wrote nothing on connect are client-first entries, and nothing is identified in their silence', () => {
  for (const [name, id] of SILENT_SERVERS) {
    assert.equal(fixture(name).length, 0, name);
    assert.equal(getProtocol(id)?.firstSpeaker, 'client', `${name}: ${id}`);
    assert.equal(getProtocol(id)?.clientWaitsForGreeting, false, `${name}: ${id}`);
  }
});

test('IRC: ngIRCd is silent before registration by default, so the CAP LS probe runs on the IRC ports', () => {
  const irc = getProtocol('irc');
  assert.ok(irc);
  const probe = ACTIVE_PROBES.find((p) => p.id === 'irc-cap-ls');
  assert.ok(probe);
  assert.deepEqual(probe.ports, irc.ports);
  for (const port of irc.ports) assert.ok(protocolsForPort(port).some((e) => e.id === 'irc'), String(port));
  assert.equal(new TextDecoder().decode(probe.send), 'CAP LS 302\r\n');
  // The entry no longer claims that most servers write notices before registration.
  assert.doesNotMatch(irc.note, /most servers also write NOTICE/);
  // A server without CAP answers 421 with its prefix: still IRC.
  assert.equal(probe.match(new TextEncoder().encode(':irc.example.net 421 * CAP :Unknown command\r\n'))?.protocol, 'irc');
  // A CAP line without a server prefix, or an unfinished line, is not.
  assert.equal(probe.match(new TextEncoder().encode('CAP * LS :sasl\r\n')), null);
  assert.equal(probe.match(new TextEncoder().encode(':irc.example.net CAP * LS :multi')), null);
});

test('the OOPS and FEAT captures are FTP even without a port hint, and on an FTP port', () => {
  for (const name of ['vsftpd-oops-greeting.bin', 'vsftpd-greeting.bin']) {
    assert.equal(identifyBanner(fixture(name))?.protocol, 'ftp', name);
    assert.equal(identifyBanner(fixture(name), { port: 21 })?.protocol, 'ftp', name);
  }
});

test('Pure-FTPd: the first of its six 220- lines is FTP but not a finished greeting; the whole capture is', () => {
  const b = fixture('pureftpd-greeting.bin');
  const first = b.subarray(0, b.indexOf(0x0a) + 1);
  assert.match(identifyBanner(first)?.info ?? '', /not finished/);
  assert.doesNotMatch(identifyBanner(b)?.info ?? '', /not finished/);
  assert.equal(new TextDecoder().decode(b).split('\r\n').filter((l) => l.startsWith('220')).length, 6);
});

for (const s of GREETED_CLIENTS) {
  test(`real client waits for the greeting: ${s.name} (${s.source})`, () => {
    // Nothing before the greeting (2.5 s), then its first command: the entry's clientWaitsForGreeting.
    assert.equal(fixture(s.before).length, 0, s.before);
    assert.equal(identifyBanner(fixture(s.greeting))?.protocol, s.protocol, s.greeting);
    check(s, identifyClientBytes(s.bytes));
    assert.equal(getProtocol(s.protocol)?.firstSpeaker, 'server', s.protocol);
    assert.equal(getProtocol(s.protocol)?.clientWaitsForGreeting, true, s.protocol);
  });
}
