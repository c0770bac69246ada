/**
 * `capture-syn-flood-3m`: 3,000,000 SYNs without payload or answer (distinct source ports and
 * addresses, a SYN flood) written as a pcap in a temp dir, then `protocheck capture FILE --json` in a
 * child process; reports the child's peak RSS and time. Goal (issue 12): under 300 MB, since tracked
 * flows are capped (--max-tracked-flows, half-open evicted first) and evicted flows are only counted.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYN, pcapHeader, pcapRecord, tcpPacket, frame } from '../../test/capture/helpers/synth.js';

const SYNS = 3_000_000;
const CHILD_ENV = 'PROTOCHECK_BENCH_SYN_FLOOD_CHILD';

function writeFlood(path: string): number {
  const fd = openSync(path, 'w');
  let batch: Uint8Array[] = [pcapHeader({ linkType: 1 })];
  let bytes = 0;
  for (let i = 0; i < SYNS; i++) {
    const src = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const pkt = tcpPacket({ src, dst: '10.200.0.1', sport: 1024 + (i % 60000), dport: 3306, seq: (i * 2654435761) >>> 0, ack: 0, flags: SYN });
    batch.push(pcapRecord(1_700_000_000_000 + i / 10, frame(1, pkt)));
    if (batch.length >= 65_536) {
      const buf = Buffer.concat(batch);
      writeSync(fd, buf);
      bytes += buf.length;
      batch = [];
    }
  }
  const buf = Buffer.concat(batch);
  writeSync(fd, buf);
  bytes += buf.length;
  closeSync(fd);
  return bytes;
}

async function child(path: string): Promise<void> {
  const { main } = await import('../../src/main.js');
  const { memoryIo } = await import('../../src/io.js');
  const io = memoryIo();
  const t0 = performance.now();
  const code = await main(['capture', path, '--json'], io);
  const ms = performance.now() - t0;
  const skipped = (JSON.parse(io.out()) as { skipped: { evictedHalfOpen: number } }).skipped;
  process.stdout.write(JSON.stringify({ ms, code, evicted: skipped.evictedHalfOpen, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}

export async function run(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-bench-synflood-'));
  try {
    const path = join(dir, 'flood.pcap');
    writeFlood(path);
    const size = statSync(path).size;
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, [self], { env: { ...process.env, [CHILD_ENV]: path }, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`capture-syn-flood child failed: ${r.stderr}`);
    const res = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ms: number; evicted: number; maxRssKb: number };
    return [
      `capture-syn-flood-3m-peak-rss: ${(res.maxRssKb / 1024).toFixed(0)} MB (goal < 300 MB; ${SYNS} SYNs, ${(size / 1e6).toFixed(0)} MB pcap, ${res.evicted} half-open flows evicted)`,
      `capture-syn-flood-3m-time: ${(res.ms / 1000).toFixed(1)} s`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childPath = process.env[CHILD_ENV];
if (childPath !== undefined) await child(childPath);
