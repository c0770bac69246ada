/**
 * `protocheck logs` throughput on one core: lines per second of the LogAnalyzer (split, filter, parse,
 * classify, group) over a typical `kubectl logs --prefix --timestamps` of linkerd-proxy containers at the
 * default level: request failures, fail-fast notices, closed connections, warnings, and 15% detection
 * events (shapes from test/logs/fixtures.ts). Goal: >= 500,000 lines/s on one core, so the figure is
 * lines per CPU second of this process (wall time on a shared machine includes waiting for a core).
 * Then the whole command on a temp file of the same lines in a child process
 * (`logs-cli-lines-per-second`, wall time, start-up included).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogAnalyzer } from '../../src/logs/analyze.js';
import { BUILT, plain } from '../../test/logs/fixtures.js';

const BIN = fileURLToPath(new URL('../../../bin/protocheck', import.meta.url));

export function typicalLog(lines: number): Buffer {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const pod = `[pod/web-6d5b9c-${(i % 7).toString(36)}x2k/linkerd-proxy] `;
    const ts = `2025-02-03T04:${String(Math.floor(i / 60000) % 60).padStart(2, '0')}:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}000000Z `;
    const up = `[${String(1000 + (i % 90000)).padStart(6)}.${String(i % 999999).padStart(6, '0')}s]`;
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const r = i % 20;
    let line: string;
    if (r < 8) line = `${up}  INFO ThreadId(01) outbound:proxy{addr=10.0.3.18:80}:rescue{client.addr=${ip}:43486}: linkerd_app_core::errors::respond: HTTP/1.1 request failed error=logical service 10.0.3.18:80: service in fail-fast error.sources=[service in fail-fast]`;
    else if (r < 12) line = `${up}  INFO ThreadId(01) outbound:proxy{addr=10.0.3.18:80}:service{ns=shop name=web port=80}: linkerd_proxy_balance_queue::worker: Unavailable; entering failfast timeout=3.0`;
    else if (r < 14) line = `${up}  INFO ThreadId(01) outbound: linkerd_app_core::serve: Connection closed error=read header from client timeout client.addr=${ip}:52084 server.addr=10.101.127.29:80`;
    else if (r < 15) line = `${up}  WARN ThreadId(01) inbound:server{port=8080}:rescue{client.addr=${ip}:54968}: linkerd_app_inbound::http::server: Unexpected error error=connection closed before message completed`;
    else if (r < 16) line = `${up}  INFO ThreadId(01) linkerd_app_inbound::policy::api: policy updated port=8080`;
    else if (r < 17) line = `${up} DEBUG ThreadId(01) outbound:proxy{addr=10.0.3.18:80}: linkerd_proxy_http::client: method=GET uri=http://web/ version=HTTP/1.1`;
    else line = plain(BUILT[15 + (i % 3)]!, up.slice(1, -2));
    out.push(pod + ts + line);
  }
  return Buffer.from(out.join('\n') + '\n');
}

export async function run(): Promise<string[]> {
  const LINES = 200_000;
  const log = typicalLog(LINES);
  const CHUNK = 1 << 20;
  const once = (): number => {
    const a = new LogAnalyzer();
    a.begin('bench');
    for (let at = 0; at < log.length; at += CHUNK) a.push(log.subarray(at, at + CHUNK));
    return a.finish().lines;
  };
  once(); // warm up
  let lines = 0;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < 3e9) {
    lines += once();
    elapsed = Number(process.hrtime.bigint() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  // On a shared machine wall time includes waiting for a core: the CPU time this process used
  // (user + system, all its threads) is what one core needs for these lines.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const inProcess = lines / cpuSeconds;
  const wall = lines / (elapsed / 1e9);

  const dir = mkdtempSync(join(tmpdir(), 'protocheck-bench-logs-'));
  const file = join(dir, 'proxy.log');
  const copies = 3;
  writeFileSync(file, Buffer.concat(Array.from({ length: copies }, () => log)));
  const c0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, 'logs', file, '--json'], { stdio: ['ignore', 'ignore', 'ignore'] });
  const cli = Number(process.hrtime.bigint() - c0) / 1e9;
  rmSync(dir, { recursive: true, force: true });
  const out = [
    `logs-lines-per-second: ${Math.round(inProcess)} lines/s (per CPU second; ${Math.round(wall)} per wall second on this machine now)`,
    `logs-mb-per-second: ${((log.length * (lines / LINES)) / cpuSeconds / 1e6).toFixed(1)} MB/s (per CPU second)`,
  ];
  if (r.status === 1) out.push(`logs-cli-lines-per-second: ${Math.round((LINES * copies) / cli)} lines/s (${LINES * copies} lines, --json, start-up included)`);
  else out.push(`logs-cli-lines-per-second: failed (exit ${String(r.status)})`);
  return out;
}
