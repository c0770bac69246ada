/**
 * `protocheck capture` throughput and memory: writes a ~500 MB pcap in a temp dir (many concurrent
 * flows, 1448-byte data segments with delayed ACKs, server-first and client-first, IPv4 and IPv6),
 * then runs the capture command on it in a child process and reports MB/s and the child's peak RSS
 * (process.resourceUsage().maxRSS). The same on the first 10% of the file shows memory stays flat;
 * a 100 MB pcapng (enhanced packet blocks) gives the pcapng throughput. The whole file piped into
 * `capture -` (main() with the real Io) shows standard input is streamed too.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACK, FIN, PSH, SYN, pcapHeader, pcapRecord, pcapngSection, tcpPacket, frame } from '../../test/capture/helpers/synth.js';

const TARGET_BYTES = 500 * 1024 * 1024;
const CONCURRENT = 64;
const MSS = 1448;
const CHILD_ENV = 'PROTOCHECK_BENCH_CAPTURE_CHILD';

interface FlowGen {
  packets: Generator<Uint8Array>;
}

/** One connection's packets (IP layer): handshake, first bytes, a bulk reply of `segments` MSS-sized segments, FIN. */
function* flowPackets(i: number, segments: number): Generator<Uint8Array> {
  const v6 = i % 4 === 0;
  const client = v6 ? `fd00::${(i % 200) + 1}` : `10.1.${(i >> 8) & 255}.${i & 255}`;
  const server = v6 ? 'fd00::ffff' : '10.2.0.1';
  const serverFirst = i % 3 === 0;
  const sport = serverFirst ? 3306 : 8080;
  const cport = 10000 + (i % 50000);
  let c = (i * 7919) >>> 0;
  let s = (i * 104729) >>> 0;
  const C = (flags: number, payload?: Uint8Array) => tcpPacket({ src: client, dst: server, sport: cport, dport: sport, seq: c, ack: s, flags, ...(payload ? { payload } : {}) });
  const S = (flags: number, payload?: Uint8Array) => tcpPacket({ src: server, dst: client, sport, dport: cport, seq: s, ack: c, flags, ...(payload ? { payload } : {}) });
  yield C(SYN);
  c = (c + 1) >>> 0;
  yield S(SYN | ACK);
  s = (s + 1) >>> 0;
  yield C(ACK);
  const greet = new TextEncoder().encode(serverFirst ? 'J\0\0\0\x0a5.5.5-10.11.6-MariaDB\0' : 'GET /big HTTP/1.1\r\nHost: bench\r\n\r\n');
  if (serverFirst) {
    yield S(PSH | ACK, greet);
    s = (s + greet.length) >>> 0;
  } else {
    yield C(PSH | ACK, greet);
    c = (c + greet.length) >>> 0;
  }
  const body = new Uint8Array(MSS).fill(0x61);
  for (let k = 0; k < segments; k++) {
    yield S(ACK, body);
    s = (s + MSS) >>> 0;
    if (k % 2 === 1) yield C(ACK);
  }
  yield C(FIN | ACK);
  c = (c + 1) >>> 0;
  yield S(FIN | ACK);
  s = (s + 1) >>> 0;
  yield C(ACK);
}

/** One enhanced packet block (pcapng, little-endian, interface 0, microsecond timestamps). */
function epb(timeMs: number, data: Uint8Array): Uint8Array {
  const padded = (data.length + 3) & ~3;
  const total = 32 + padded;
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  const ticks = Math.round(timeMs * 1000);
  v.setUint32(0, 6, true);
  v.setUint32(4, total, true);
  v.setUint32(12, Math.floor(ticks / 4294967296), true);
  v.setUint32(16, ticks >>> 0, true);
  v.setUint32(20, data.length, true);
  v.setUint32(24, data.length, true);
  b.set(data, 28);
  v.setUint32(total - 4, total, true);
  return b;
}

function writeCapture(path: string, format: 'pcap' | 'pcapng' = 'pcap', targetBytes = TARGET_BYTES): number {
  const fd = openSync(path, 'w');
  let written = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  const flush = () => {
    const buf = Buffer.concat(batch);
    writeSync(fd, buf);
    written += buf.length;
    batch = [];
    batchBytes = 0;
  };
  const put = (b: Uint8Array) => {
    batch.push(b);
    batchBytes += b.length;
    if (batchBytes >= 8 << 20) flush();
  };
  put(format === 'pcap' ? pcapHeader({ linkType: 1 }) : pcapngSection([{ linkType: 1 }], []));
  let next = 0;
  const live: FlowGen[] = [];
  let t = 1_700_000_000_000;
  while (written + batchBytes < targetBytes) {
    while (live.length < CONCURRENT) live.push({ packets: flowPackets(next++, 100 + (next % 7) * 60) });
    for (let j = 0; j < live.length; j++) {
      const g = live[j] as FlowGen;
      const n = g.packets.next();
      if (n.done) {
        live.splice(j--, 1);
        continue;
      }
      t += 0.01;
      put(format === 'pcap' ? pcapRecord(t, frame(1, n.value)) : epb(t, frame(1, n.value)));
    }
  }
  flush();
  closeSync(fd);
  return next;
}

/** In the child: run the capture command on the file (JSON to a discarding Io) and print figures. */
async function child(path: string, limit: number): Promise<void> {
  const { CaptureAnalyzer } = await import('../../src/capture/analyze.js');
  const { summarizePorts } = await import('../../src/capture/port-summary.js');
  const { renderCaptureJson } = await import('../../src/report/capture-json.js');
  const { parseLinkerdVersion } = await import('../../src/linkerd/version.js');
  const { open } = await import('node:fs/promises');
  const version = parseLinkerdVersion('latest');
  const t0 = process.hrtime.bigint();
  const an = new CaptureAnalyzer({ version });
  const fh = await open(path, 'r');
  const buf = new Uint8Array(1 << 20);
  let total = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, limit - total), null);
    if (bytesRead === 0) break;
    total += bytesRead;
    an.push(buf.subarray(0, bytesRead));
  }
  await fh.close();
  const a = an.finish();
  const ports = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed' });
  const json = renderCaptureJson(a, ports, { file: path, linkerd: version.label, client: 'meshed', server: 'meshed' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(JSON.stringify({ ms, bytes: total, flows: a.flows.length, ports: ports.length, json: json.length, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}

/** `capture - --json` through main() with the real Io, stdin piped in: streamed, so memory stays flat. */
async function stdinChild(): Promise<void> {
  const { main } = await import('../../src/main.js');
  const { realIo } = await import('../../src/io.js');
  const io = realIo();
  let out = 0;
  const counted = { ...io, stdout: { write: (t: string) => void (out += t.length), isTTY: false } };
  const t0 = process.hrtime.bigint();
  const code = await main(['capture', '-', '--json'], counted);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stderr.write(JSON.stringify({ ms, code, json: out, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}

function runStdinChild(path: string): { ms: number; maxRssKb: number } {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync('sh', ['-c', 'cat "$1" | "$2" "$3"', 'sh', path, process.execPath, self], { env: { ...process.env, [CHILD_ENV]: 'stdin' }, encoding: 'utf8', maxBuffer: 1 << 20 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  if (r.status !== 0) throw new Error(`bench capture stdin child failed: ${r.stderr}`);
  return JSON.parse(last) as { ms: number; maxRssKb: number };
}

interface ChildResult {
  readonly ms: number;
  readonly bytes: number;
  readonly flows: number;
  readonly maxRssKb: number;
}

function runChild(path: string, limit: number): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [self], { env: { ...process.env, [CHILD_ENV]: JSON.stringify({ path, limit }) }, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench capture child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

export async function run(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-bench-capture-'));
  try {
    const path = join(dir, 'bench.pcap');
    const flowsWritten = writeCapture(path);
    const size = statSync(path).size;
    const full = runChild(path, Infinity);
    const tenth = runChild(path, Math.floor(size / 10));
    const piped = runStdinChild(path);
    const mb = size / (1024 * 1024);
    rmSync(path);
    const ngPath = join(dir, 'bench.pcapng');
    writeCapture(ngPath, 'pcapng', TARGET_BYTES / 5);
    const ngMb = statSync(ngPath).size / (1024 * 1024);
    const ng = runChild(ngPath, Infinity);
    return [
      `capture-file-size: ${mb.toFixed(0)} MB`,
      `capture-flows: ${full.flows} flows (of ${flowsWritten} written)`,
      `capture-throughput: ${(mb / (full.ms / 1000)).toFixed(0)} MB/s`,
      `capture-peak-rss: ${(full.maxRssKb / 1024).toFixed(0)} MB`,
      `capture-peak-rss-first-10pct: ${(tenth.maxRssKb / 1024).toFixed(0)} MB`,
      `capture-stdin-throughput: ${(mb / (piped.ms / 1000)).toFixed(0)} MB/s (capture - --json, the file piped in through cat)`,
      `capture-stdin-peak-rss: ${(piped.maxRssKb / 1024).toFixed(0)} MB`,
      `capture-throughput-pcapng-100mb: ${(ngMb / (ng.ms / 1000)).toFixed(0)} MB/s`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childArgs = process.env[CHILD_ENV];
if (childArgs === 'stdin') {
  await stdinChild();
} else if (childArgs !== undefined) {
  const { path, limit } = JSON.parse(childArgs) as { path: string; limit: number | null };
  await child(path, limit ?? Infinity);
}
