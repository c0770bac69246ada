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

export async function run(): Promise<string[]> {
  const lines: string[] = [];
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
