// Capture in bounded memory: tracked flows are capped, half-open ones evicted first and counted (not
// classified), others evicted oldest first and classified on what was seen; Ctrl-C on a stream prints
// the report of what was read and exits 130; --port is validated like probe's port lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { analyzeBytes } from '../../src/capture/analyze.js';
import { parsePorts } from '../../src/commands/capture-run.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { REPO_ROOT, runCli } from '../helpers/golden.js';
import { conversation, pcap, SYN, tcpPacket, type IpPacket } from './helpers/synth.js';

const V = parseLinkerdVersion('latest');
const syn = (i: number, t: number): IpPacket => ({ timeMs: t, bytes: tcpPacket({ src: `10.9.${i >> 8}.${i & 255}`, dst: '10.0.0.2', sport: 20000 + i, dport: 3306, seq: i * 1000, ack: 0, flags: SYN }) });
const T0 = 1_700_000_000_000;

test('a SYN flood beyond --max-tracked-flows: the oldest half-open flows are evicted and counted; a real flow is still classified', () => {
  const flood = Array.from({ length: 50 }, (_, i) => syn(i, T0 + i));
  const real = conversation({ client: '10.1.0.1', server: '10.0.0.3', cport: 40000, sport: 25, startMs: T0 + 100, say: [{ from: 'server', bytes: '220 mail ESMTP\r\n' }, { from: 'client', bytes: 'EHLO x\r\n' }] });
  const a = analyzeBytes(pcap([...flood, ...real]), { version: V, maxTracked: 10 });
  assert.equal(a.skipped.evictedHalfOpen, 41);
  assert.equal(a.skipped.evictedIdle, 0);
  assert.equal(a.flows.length, 10);
  assert.deepEqual(a.flows.filter((f) => f.serverPort === 25).map((f) => f.firstSpeaker), ['server']);
  // The nine newest SYNs are still tracked at the end.
  assert.deepEqual(a.flows.filter((f) => f.serverPort === 3306).map((f) => f.client), [41, 42, 43, 44, 45, 46, 47, 48, 49].map((i) => `10.9.0.${i}:${20000 + i}`));
});

test('flows that are not half-open are evicted oldest first when the bound is reached, and classified on what was seen', () => {
  // Established, the client spoke, the server has not answered yet: not half-open, not decided.
  const open = (i: number) => conversation({ client: '10.1.0.1', server: '10.0.0.3', cport: 41000 + i, sport: 8080, startMs: T0 + i * 10, close: false, say: [{ from: 'client', bytes: 'GET / HTTP/1.1\r\n\r\n' }] });
  const a = analyzeBytes(pcap([0, 1, 2, 3, 4].flatMap(open)), { version: V, maxTracked: 3 });
  assert.equal(a.skipped.evictedIdle, 2);
  assert.equal(a.skipped.evictedHalfOpen, 0);
  assert.deepEqual(a.flows.map((f) => [f.client, f.firstSpeaker]), [0, 1, 2, 3, 4].map((i) => [`10.1.0.1:${41000 + i}`, 'client']));
});

test('the text report counts evictions in its skipped line; --max-tracked-flows is validated', () => {
  const flood = Array.from({ length: 30 }, (_, i) => syn(i, T0 + i));
  const r = runCli(['capture', '-', '--max-tracked-flows', '20'], { input: pcap(flood) });
  assert.match(r.stdout, /skipped: 10 half-open flows evicted at the tracked-flow bound \(--max-tracked-flows, not classified\)/);
  const bad = runCli(['capture', '-', '--max-tracked-flows', '0'], { input: pcap(flood) });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-tracked-flows: "0" is not a whole number of at least 1/);
});

test('--port reads lists and ranges like probe; empty items, backward ranges and non-ports are usage errors, escaped', () => {
  assert.deepEqual(parsePorts(['3306,4222', '25', '8000-8002']), [3306, 4222, 25, 8000, 8001, 8002]);
  assert.throws(() => parsePorts(['3306,,25']), /--port: empty item in "3306,,25"/);
  assert.throws(() => parsePorts(['9-3']), /--port: range "9-3" runs backwards/);
  assert.throws(() => parsePorts(['0']), /--port: "0" is not a port number \(1-65535\)/);
  assert.throws(() => parsePorts(['70000']), /--port: "70000" is not a port number \(1-65535\)/);
  assert.throws(() => parsePorts(['x\u001b[2J']), (e: unknown) => e instanceof Error && e.message === '--port: "x\\x1b[2J" is not a port number (1-65535)');
});

test('Ctrl-C during capture - prints the report of what was read and exits 130', { skip: process.platform === 'win32' }, async () => {
  const bytes = pcap(conversation({ client: '10.1.0.1', server: '10.0.0.3', cport: 40000, sport: 25, say: [{ from: 'server', bytes: '220 mail ESMTP\r\n' }, { from: 'client', bytes: 'EHLO x\r\n' }] }));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'protocheck'), 'capture', '-'], { env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // The stream stays open (a live tcpdump): the process waits for more until interrupted.
  child.stdin.write(bytes);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
    // Give it time to start and read what was written, then interrupt.
    setTimeout(() => child.kill('SIGINT'), 3000);
  });
  assert.equal(code, 130);
  assert.match(stdout, /25/);
  assert.match(stdout, /server/i);
  assert.equal(stderr, 'protocheck: stdin: interrupted: the report covers the 10 frames read until then\n');
});
