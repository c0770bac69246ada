/**
 * Probe speed (`npm run bench`):
 * - a sweep over many loopback listeners of both kinds (half greet at once, half stay silent), as
 *   wall time divided by the wait window (goal: at most 1.15 for 500 ports), passive only at the
 *   default concurrency, with the active probes at the default concurrency, and with the active
 *   probes at a concurrency that fits the fd limit;
 * - time to verdict for a server-first port divided by that server's own time to first byte.
 * The listeners run in a child process (this file with `--serve`), so neither process needs more
 * file descriptors than a default `ulimit -n` of 1024 allows for the passive sweep.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runProbe } from '../../src/probe/run-probe.js';
import { createLimiter } from '../../src/probe/limiter.js';
import { parseTargets } from '../../src/probe/targets.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { DEFAULT_CONCURRENCY } from '../../src/probe/constants.js';

const SELF = fileURLToPath(import.meta.url);
const PER_KIND = 250;
/** Long enough that per-port overheads would show, short enough for a bench run. */
const SWEEP_WAIT_MS = 3_000;
const GREETING = '220 bench.protocheck.test ESMTP\r\n';
/** The server-first port's own greet delay. */
const GREET_DELAY_MS = 400;
/** Sockets per silent port with active probes: passive + TLS + HTTP + h2c + the `any` knowledge-base probes (about 2), with margin. */
const ACTIVE_SOCKETS_PER_SILENT_PORT = 8;

function fdLimit(): number {
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return r.status === 0 && Number.isFinite(n) ? n : r.stdout.trim() === 'unlimited' ? 1_000_000 : 1_024;
}

async function serve(perKind: number): Promise<void> {
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  const ports: { greet: number[]; silent: number[] } = { greet: [], silent: [] };
  for (const kind of ['greet', 'silent'] as const) {
    for (let i = 0; i < perKind; i++) {
      const server = createServer((s) => {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
        s.resume();
        if (kind === 'greet') s.write(GREETING);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
      ports[kind].push((server.address() as { port: number }).port);
    }
  }
  process.stdout.write(JSON.stringify(ports) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
  });
}

async function withListenerChild<T>(fn: (ports: { greet: number[]; silent: number[] }) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [SELF, '--serve', String(PER_KIND)], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      rl.once('line', (l) => {
        rl.close();
        resolve(l);
      });
      child.once('exit', (c) => reject(new Error(`bench listeners exited ${c}`)));
    });
    return await fn(JSON.parse(line) as { greet: number[]; silent: number[] });
  } finally {
    child.stdin.end();
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
  }
}

async function sweep(ports: { greet: number[]; silent: number[] }, active: boolean, concurrency: number): Promise<{ ratio: number; ms: number; peak: number; ok: boolean }> {
  // Interleave the kinds, as a real range scan would meet them.
  const specs: string[] = [];
  for (let i = 0; i < PER_KIND; i++) specs.push(`127.0.0.1:${ports.greet[i]}`, `127.0.0.1:${ports.silent[i]}`);
  const limiter = createLimiter(concurrency);
  const t0 = performance.now();
  const results = await runProbe(parseTargets(specs), { waitMs: SWEEP_WAIT_MS, connectTimeoutMs: 3_000, concurrency, active, version: parseLinkerdVersion('latest'), limiter });
  const ms = performance.now() - t0;
  const servers = results.filter((r) => r.firstSpeaker === 'server').length;
  const clients = results.filter((r) => r.firstSpeaker === 'client').length;
  return { ratio: ms / SWEEP_WAIT_MS, ms, peak: limiter.peak, ok: servers === PER_KIND && clients === PER_KIND };
}

async function timeToVerdict(): Promise<{ verdictMs: number; ttfbMs: number }> {
  const server = createServer((s) => {
    s.on('error', () => {});
    setTimeout(() => s.end(GREETING), GREET_DELAY_MS);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    // The server's own time to first byte, seen by a bare client.
    const ttfbMs = await new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const s = connect({ host: '127.0.0.1', port });
      s.once('data', () => {
        resolve(performance.now() - t0);
        s.destroy();
      });
      s.once('error', reject);
    });
    const t0 = performance.now();
    const [r] = await runProbe(parseTargets([`127.0.0.1:${port}`]), { waitMs: 6_000, connectTimeoutMs: 3_000, concurrency: DEFAULT_CONCURRENCY, active: true, version: parseLinkerdVersion('latest') });
    const verdictMs = performance.now() - t0;
    if (r?.firstSpeaker !== 'server') throw new Error('bench: the greeting server was not found server-first');
    return { verdictMs, ttfbMs };
  } finally {
    server.close();
  }
}

/**
 * The harness: server-first greeters (one greets after HARNESS_SLOWEST_MS, the slowest) and
 * client-first servers that answer their protocol's probe as the real daemons do (Redis INFO,
 * memcached version, gearman version, spamd PING, an echo service), on random loopback ports.
 */
const HARNESS_SLOWEST_MS = 1_000;
const HARNESS: ReadonlyArray<{ name: string; greet?: string; delayMs?: number; answer?: (req: string) => string | null }> = [
  { name: 'smtp-slow', greet: '220 mx.bench.test ESMTP Exim 4.96\r\n', delayMs: HARNESS_SLOWEST_MS },
  { name: 'ssh', greet: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' },
  { name: 'imap', greet: '* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.\r\n', delayMs: 200 },
  { name: 'pop3', greet: '+OK Dovecot ready.\r\n' },
  { name: 'mpd', greet: 'OK MPD 0.23.5\n' },
  { name: 'vnc', greet: 'RFB 003.008\n' },
  { name: 'redis', answer: (q) => (q.startsWith('*2\r\n$4\r\nINFO') ? '$40\r\n# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n' : q.startsWith('*') ? '-ERR unknown command\r\n' : null) },
  { name: 'memcached', answer: (q) => (q === 'version\r\n' ? 'VERSION 1.6.18\r\n' : null) },
  { name: 'gearman', answer: (q) => (q === 'version\n' ? 'OK 1.1.20\n' : null) },
  { name: 'spamd', answer: (q) => (q.startsWith('PING SPAMC/') ? 'SPAMD/1.5 0 PONG\r\n' : null) },
  { name: 'echo', answer: (q) => q },
];

async function serveHarness(): Promise<void> {
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  const ports: Record<string, number> = {};
  for (const h of HARNESS) {
    const server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
      if (h.greet !== undefined) {
        const t = setTimeout(() => s.destroyed || s.write(h.greet as string), h.delayMs ?? 0);
        s.on('close', () => clearTimeout(t));
        s.resume();
      }
      if (h.answer !== undefined) s.on('data', (d) => {
        const a = (h.answer as (q: string) => string | null)(d.toString('latin1'));
        if (a !== null) s.write(Buffer.from(a, 'latin1'));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    ports[h.name] = (server.address() as { port: number }).port;
  }
  process.stdout.write(JSON.stringify(ports) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
  });
}

async function withChild<T>(mode: string, fn: (ports: Record<string, number>) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [SELF, mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      rl.once('line', (l) => (rl.close(), resolve(l)));
      child.once('exit', (c) => reject(new Error(`bench ${mode} exited ${c}`)));
    });
    return await fn(JSON.parse(line) as Record<string, number>);
  } finally {
    child.stdin.end();
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
  }
}

/** The harness swept with the default settings (6 s window, active probes): wall time against the slowest greeting. */
export async function harnessSweep(): Promise<string[]> {
  return withChild('--serve-harness', async (ports) => {
    const names = Object.keys(ports);
    const t0 = performance.now();
    const results = await runProbe(parseTargets(names.map((n) => `127.0.0.1:${ports[n]}`)), { waitMs: 6_000, connectTimeoutMs: 3_000, concurrency: DEFAULT_CONCURRENCY, active: true, version: parseLinkerdVersion('latest') });
    const ms = performance.now() - t0;
    const unnamed = names.filter((_, i) => { const p = results[i]?.protocol; return p === null || p === undefined || p === 'unknown'; });
    return [
      `probe-harness-sweep-default: ${ms.toFixed(0)} ms (${names.length} ports: ${HARNESS.filter((h) => h.greet).length} greeters, the slowest after ${HARNESS_SLOWEST_MS} ms, ${HARNESS.filter((h) => h.answer).length} client-first; default --wait 6s)${unnamed.length === 0 ? '' : ` UNNAMED: ${unnamed.join(', ')}`}`,
      `probe-harness-sweep-default-ratio: ${(ms / HARNESS_SLOWEST_MS).toFixed(3)} x the slowest greeting (${(ms - HARNESS_SLOWEST_MS).toFixed(0)} ms after it; goal: within 500 ms)`,
    ];
  });
}

/** 30 immediate greeters: the TTFB reported in one batch against a lone raw socket's. */
export async function ttfbBatch(): Promise<string[]> {
  return withChild('--serve-greeters', async (ports) => {
    const list = Object.values(ports);
    const lone: number[] = [];
    for (const port of list.slice(0, 10)) {
      lone.push(await new Promise<number>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port });
        let t0 = 0;
        s.once('connect', () => (t0 = performance.now()));
        s.once('data', () => (resolve(performance.now() - t0), s.destroy()));
        s.once('error', reject);
      }));
    }
    const results = await runProbe(parseTargets(list.map((p) => `127.0.0.1:${p}`)), { waitMs: 6_000, connectTimeoutMs: 3_000, concurrency: DEFAULT_CONCURRENCY, active: true, version: parseLinkerdVersion('latest') });
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const batch = results.map((r) => r.firstByteMs ?? Number.NaN).filter((x) => !Number.isNaN(x));
    const loneMs = median(lone);
    const batchMs = median(batch);
    const worst = Math.max(...batch);
    return [
      `probe-ttfb-batch-ratio: ${(batchMs / Math.max(loneMs, 0.001)).toFixed(2)} x (median reported ${batchMs.toFixed(1)} ms in a ${list.length}-port batch, lone raw socket ${loneMs.toFixed(2)} ms; worst ${worst.toFixed(0)} ms; goal: within 1.2 x + 5 ms)`,
    ];
  });
}

async function serveGreeters(n: number): Promise<void> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const ports: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
      s.resume();
      s.write(GREETING);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    ports[`g${i}`] = (server.address() as { port: number }).port;
  }
  process.stdout.write(JSON.stringify(ports) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
  });
}

/** `protocheck 127.0.0.1:1-65535` (text and --json, as the CLI) against `nmap -sT -p-` in the same run: wall and peak RSS. */
function fullRange(): string[] {
  const timeBin = '/usr/bin/time';
  const nmap = spawnSync('sh', ['-c', 'command -v nmap'], { encoding: 'utf8' }).stdout.trim();
  if (nmap === '') return ['probe-full-range-ratio: skipped (nmap not installed)'];
  const measure = (cmd: string[]): { s: number; kb: number } => {
    const t0 = performance.now();
    const r = spawnSync(timeBin, ['-f', '%M', ...cmd], { encoding: 'utf8', maxBuffer: 512 << 20 });
    const s = (performance.now() - t0) / 1_000;
    const kb = Number(/(\d+)\s*$/.exec(r.stderr ?? '')?.[1] ?? Number.NaN);
    return { s, kb };
  };
  const bin = fileURLToPath(new URL('../../../bin/protocheck', import.meta.url));
  const n = measure([nmap, '-sT', '-p-', '-n', '127.0.0.1']);
  const text = measure([process.execPath, bin, '127.0.0.1:1-65535']);
  const json = measure([process.execPath, bin, '127.0.0.1:1-65535', '--json']);
  const goal = 6 + 2 * n.s;
  return [
    `probe-full-range-ratio: ${(text.s / n.s).toFixed(2)} x nmap (text ${text.s.toFixed(1)} s, nmap -sT -p- ${n.s.toFixed(1)} s; goal: within the 6 s window + 2 x nmap = ${goal.toFixed(1)} s)`,
    `probe-full-range-json-ratio: ${(json.s / n.s).toFixed(2)} x nmap (--json ${json.s.toFixed(1)} s)`,
    `probe-full-range-peak-rss: text ${(text.kb / 1024).toFixed(0)} MB, json ${(json.kb / 1024).toFixed(0)} MB, nmap ${(n.kb / 1024).toFixed(0)} MB (goal: under 300 MB)`,
  ];
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  lines.push(...(await harnessSweep()), ...(await ttfbBatch()), ...fullRange());
  const limit = fdLimit();
  await withListenerChild(async (ports) => {
    const passive = await sweep(ports, false, DEFAULT_CONCURRENCY);
    lines.push(
      `probe-sweep-500-passive-ratio: ${passive.ratio.toFixed(3)} x wait (${SWEEP_WAIT_MS} ms window, ${PER_KIND} greeting + ${PER_KIND} silent, --no-active, concurrency ${DEFAULT_CONCURRENCY})${passive.ok ? '' : ' WRONG VERDICTS'}`,
      `probe-sweep-500-passive-wall: ${passive.ms.toFixed(0)} ms`,
      `probe-sweep-500-passive-peak-sockets: ${passive.peak} sockets`,
    );
    // Active probes on at the default --concurrency: the passive sockets go first, so the sweep stays
    // near one window; the active probes use the sockets left over.
    const activeDefault = await sweep(ports, true, DEFAULT_CONCURRENCY);
    lines.push(
      `probe-sweep-500-active-default-concurrency-ratio: ${activeDefault.ratio.toFixed(3)} x wait (active probes on, concurrency ${DEFAULT_CONCURRENCY})${activeDefault.ok ? '' : ' WRONG VERDICTS'}`,
      `probe-sweep-500-active-default-concurrency-peak-sockets: ${activeDefault.peak} sockets`,
    );
    const needed = PER_KIND * ACTIVE_SOCKETS_PER_SILENT_PORT + PER_KIND;
    // The child holds the listeners and the accepted sockets; this process needs one fd per socket.
    if (limit >= needed + 200) {
      const active = await sweep(ports, true, needed);
      lines.push(
        `probe-sweep-500-active-ratio: ${active.ratio.toFixed(3)} x wait (active probes on, concurrency ${needed})${active.ok ? '' : ' WRONG VERDICTS'}`,
        `probe-sweep-500-active-peak-sockets: ${active.peak} sockets`,
      );
    } else {
      lines.push(`probe-sweep-500-active-ratio: skipped (ulimit -n ${limit} < ${needed + 200} needed)`);
    }
  });
  const v = await timeToVerdict();
  lines.push(
    `probe-verdict-vs-ttfb: ${(v.verdictMs / v.ttfbMs).toFixed(3)} x (verdict ${v.verdictMs.toFixed(0)} ms, server's own first byte ${v.ttfbMs.toFixed(0)} ms)`,
  );
  return lines;
}

if (process.argv[2] === '--serve' && process.argv[1] === SELF) {
  await serve(Number(process.argv[3] ?? PER_KIND));
}
if (process.argv[2] === '--serve-harness' && process.argv[1] === SELF) await serveHarness();
if (process.argv[2] === '--serve-greeters' && process.argv[1] === SELF) await serveGreeters(30);
