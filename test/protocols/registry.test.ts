/** The knowledge base's data is complete and consistent: ids, ports, names, notes, sources, matcher and probe tables. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIVE_PROBES, BANNER_MATCHERS, CLIENT_MATCHERS, PROTOCOLS, PROTOCOL_IDS, REPLY_MATCHERS, getProtocol, identifyClientBytes,
} from '../../src/protocols/index.js';
import { PRINTER_PORTS } from '../../src/protocols/probes/index.js';

test('every id in PROTOCOL_IDS has exactly one entry, in PROTOCOL_IDS order, and vice versa', () => {
  assert.deepEqual(PROTOCOLS.map((p) => p.id), [...PROTOCOL_IDS]);
  for (const id of PROTOCOL_IDS) assert.equal(getProtocol(id)?.id, id);
  assert.equal(getProtocol('nope'), undefined);
});

test('ports are valid, unique within an entry, and plain and TLS ports do not overlap', () => {
  for (const p of PROTOCOLS) {
    for (const port of [...p.ports, ...p.tlsPorts, ...(p.otherPorts ?? [])]) assert.ok(Number.isInteger(port) && port >= 1 && port <= 65535, `${p.id}: ${port}`);
    assert.equal(new Set(p.ports).size, p.ports.length, `${p.id}: duplicate port`);
    assert.equal(new Set(p.tlsPorts).size, p.tlsPorts.length, `${p.id}: duplicate TLS port`);
    for (const port of p.tlsPorts) assert.ok(!p.ports.includes(port), `${p.id}: ${port} is both plain and TLS`);
    for (const port of p.otherPorts ?? []) assert.ok(!p.ports.includes(port) && !p.tlsPorts.includes(port), `${p.id}: ${port} listed twice`);
  }
});

test('every entry has a name, a note and a source', () => {
  for (const p of PROTOCOLS) {
    assert.ok(p.name.length > 1, p.id);
    assert.ok(p.note.length > 20 && p.note.endsWith('.'), `${p.id}: note`);
    assert.ok(p.source.length > 5, `${p.id}: source`);
  }
});

test('port names and images are lower-case and belong to one protocol only', () => {
  const names = new Map<string, string>();
  const images = new Map<string, string>();
  for (const p of PROTOCOLS) {
    for (const n of p.portNames) {
      assert.equal(n, n.toLowerCase(), n);
      assert.ok(!names.has(n), `port name ${n} in ${names.get(n)} and ${p.id}`);
      names.set(n, p.id);
    }
    for (const i of p.images) {
      assert.equal(i, i.toLowerCase(), i);
      assert.ok(!images.has(i), `image ${i} in ${images.get(i)} and ${p.id}`);
      images.set(i, p.id);
    }
  }
});

test('exactly the protocols whose clients wait for the greeting say so (issue 2; docs/protocols.md)', () => {
  const waiting = PROTOCOLS.filter((p) => p.clientWaitsForGreeting).map((p) => p.id).sort();
  assert.deepEqual(waiting, [
    'asterisk-ami', 'dict', 'freeswitch-esl', 'ftp', 'imap', 'lmtp', 'managesieve', 'mpd', 'munin', 'mysql', 'nats', 'nbd', 'nntp', 'pop3', 'smtp', 'svn', 'tarantool', 'telnet', 'varnish-cli', 'vnc',
  ]);
  for (const p of PROTOCOLS) if (p.clientWaitsForGreeting) assert.equal(p.firstSpeaker, 'server', p.id);
  // Both sides speak at once: the server speaks first, the client does not wait.
  for (const id of ['ssh', 'rsync'] as const) {
    assert.equal(getProtocol(id)?.firstSpeaker, 'server');
    assert.equal(getProtocol(id)?.clientWaitsForGreeting, false);
  }
});

test('matcher and probe ids are unique; each names a known protocol and has a note and source', () => {
  const ids = new Set<string>();
  for (const m of [...BANNER_MATCHERS, ...CLIENT_MATCHERS, ...REPLY_MATCHERS]) {
    assert.ok(!ids.has(m.id), `duplicate matcher id ${m.id}`);
    ids.add(m.id);
    assert.ok((PROTOCOL_IDS as readonly string[]).includes(m.protocol), m.id);
    assert.ok(m.note.length > 10 && m.source.length > 3, m.id);
    assert.match(m.id, /^[a-z0-9]+(?:-[a-z0-9.]+)*$/, m.id);
  }
  const probeIds = new Set<string>();
  for (const p of ACTIVE_PROBES) {
    assert.ok(!probeIds.has(p.id), `duplicate probe id ${p.id}`);
    probeIds.add(p.id);
    assert.ok((PROTOCOL_IDS as readonly string[]).includes(p.protocol), p.id);
    assert.ok(p.note.length > 20, p.id);
    assert.ok(p.readMax > 0 && p.readMax <= 16384, p.id);
    assert.ok(p.send.length > 0 && p.send.length <= 512, p.id);
  }
});

test('probes never target printer ports, and only the two cheapest run on any port', () => {
  for (const p of ACTIVE_PROBES) {
    if (p.ports === 'any') continue;
    assert.ok(p.ports.length > 0, p.id);
    for (const port of p.ports) {
      assert.ok(Number.isInteger(port) && port >= 1 && port <= 65535, `${p.id}: ${port}`);
      assert.ok(!PRINTER_PORTS.includes(port), `${p.id}: printer port ${port}`);
    }
  }
  assert.deepEqual(ACTIVE_PROBES.filter((p) => p.ports === 'any').map((p) => p.id).sort(), ['postgresql-sslrequest', 'redis-info']);
});

test("each probe's bytes are identified as its own protocol by the first-bytes matchers (what a proxy would see)", () => {
  for (const p of ACTIVE_PROBES) {
    if (p.id === 'http-get-native-ports') {
      assert.equal(identifyClientBytes(p.send)?.protocol, 'http');
      continue;
    }
    if (p.id === 'postgresql-protocol-version') continue; // protocol 0.0 is deliberately invalid
    if (p.id === 'gopher-root') continue; // an empty selector line is every line protocol's empty line
    if (p.id === 'beanstalkd-stats') {
      // `stats` is both a memcached and a beanstalkd command: only a soft memcached match.
      assert.equal(identifyClientBytes(p.send)?.hard, false);
      continue;
    }
    assert.equal(identifyClientBytes(p.send)?.protocol, p.protocol, p.id);
  }
});
