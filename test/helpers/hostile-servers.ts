/**
 * In-process hostile servers on 127.0.0.1 port 0, for the probe's bounds tests: a banner trickled one
 * byte at a time, an endless flood, a reset right after accept, a close right after accept, ANSI
 * escape sequences in a banner, a TLS server that never finishes the handshake, a late greeter and
 * a silent one. `stop()` destroys every accepted socket and closes the listeners.
 *
 * Run as a program (`node dist/test/helpers/hostile-servers.js`) it starts them, prints
 * `{"name": port, ...}` on one stdout line and stops when its stdin closes: golden CLI tests use
 * that, because they run the CLI with spawnSync, which would block in-process servers.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export const HOSTILE_NAMES = ['trickle', 'flood', 'reset', 'close', 'ansi', 'tls-stall', 'late', 'silent'] as const;
export type HostileName = (typeof HOSTILE_NAMES)[number];

export interface HostileOptions {
  /** Interval between trickled bytes (the default is the one byte a second). */
  readonly trickleMs?: number;
  /** Delay before the late greeter speaks. */
  readonly lateMs?: number;
}

export interface HostileServers {
  readonly ports: Readonly<Record<HostileName, number>>;
  /** Bytes the flood server has written so far (to show the probe stopped reading). */
  floodWritten(): number;
  stop(): Promise<void>;
}

export const TRICKLE_BANNER = '220 slow.example ESMTP trickle\r\n';
/** Clears the screen, retitles the terminal (OSC 0) and rings the bell, then a plausible greeting. */
export const ANSI_BANNER = '\x1b[2J\x1b]0;owned\x07\x1b[31m220 evil.example ESMTP\x1b[0m\r\n';
export const LATE_BANNER = '220 late.example ESMTP late\r\n';
/** A TLS record header announcing a ServerHello that never comes. */
const PARTIAL_SERVER_HELLO = Buffer.from([0x16, 0x03, 0x03, 0x00, 0x7a, 0x02]);

export async function startHostileServers(o: HostileOptions = {}): Promise<HostileServers> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let flooded = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  const behaviours: Record<HostileName, (s: Socket) => void> = {
    trickle: (s) => {
      let i = 0;
      const t = setInterval(() => {
        if (i >= TRICKLE_BANNER.length || s.destroyed) {
          clearInterval(t);
          timers.delete(t);
          return;
        }
        s.write(TRICKLE_BANNER[i++] as string);
      }, o.trickleMs ?? 1_000);
      timers.add(t);
      s.write(TRICKLE_BANNER[i++] as string);
    },
    flood: (s) => {
      const pump = (): void => {
        while (!s.destroyed && s.write(chunk)) flooded += chunk.length;
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    },
    reset: (s) => s.resetAndDestroy(),
    close: (s) => s.end(),
    ansi: (s) => s.write(ANSI_BANNER),
    'tls-stall': (s) => s.once('data', () => s.write(PARTIAL_SERVER_HELLO)),
    late: (s) => {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!s.destroyed) s.write(LATE_BANNER);
      }, o.lateMs ?? 300);
      timers.add(t);
    },
    silent: () => {},
  };
  const servers: Server[] = [];
  const ports = {} as Record<HostileName, number>;
  await Promise.all(
    HOSTILE_NAMES.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const server = createServer((s) => {
            sockets.add(s);
            s.on('error', () => {});
            s.on('close', () => sockets.delete(s));
            behaviours[name](s);
          });
          servers.push(server);
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const a = server.address();
            ports[name] = typeof a === 'object' && a !== null ? a.port : 0;
            resolve();
          });
        }),
    ),
  );
  return {
    ports,
    floodWritten: () => flooded,
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((srv) => new Promise<void>((r) => srv.close(() => r()))));
    },
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const h = await startHostileServers({ trickleMs: Number(process.env['TRICKLE_MS'] ?? 1_000) });
  process.stdout.write(JSON.stringify(h.ports) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => void h.stop());
  process.stdin.on('close', () => void h.stop());
}
