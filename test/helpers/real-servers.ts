/**
 * Starts real daemons from the Debian packages on free high loopback ports, each with its own
 * temporary config and data directory, waits until each accepts connections, and stops exactly what
 * it started (its process group, then its temp dir). A missing binary is reported, not hidden:
 * `missing` carries the reason, and with PROTOCHECK_REAL_SERVERS=require the suite must fail on it.
 *
 * Servers: MariaDB, PostgreSQL, Redis, memcached, OpenSSH, Exim (with and without a 2 s greet delay)
 * and nginx (HTTP/1.1, h2c with prior knowledge, TLS with ALPN h2).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readlinkSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REAL_SERVER_NAMES = ['mariadb', 'postgresql', 'redis', 'memcached', 'openssh', 'exim', 'exim-delay', 'nginx-http', 'nginx-h2c', 'nginx-tls'] as const;
export type RealServerName = (typeof REAL_SERVER_NAMES)[number];

export type RealServer = { readonly name: RealServerName; readonly port: number } | { readonly name: RealServerName; readonly missing: string };

export interface RealServers {
  get(name: RealServerName): RealServer;
  /** The temporary directories in use (removed by stop()). */
  dirs(): readonly string[];
  /** Process group ids of what was started. */
  pids(): readonly number[];
  /** Idempotent. */
  stop(): Promise<void>;
}

/** Starting MariaDB (install-db) is the slowest step; nothing should take longer than this. */
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 100;
/** SIGTERM, then SIGKILL after this long. */
const STOP_GRACE_MS = 5_000;
/** The greet delay of the delayed SMTP server (the issue: a 2 s greet delay must still come out server-first). */
export const EXIM_GREET_DELAY_S = 2;
const START_ATTEMPTS = 3;

export function realServersRequired(): boolean {
  return process.env['PROTOCHECK_REAL_SERVERS'] === 'require';
}

const IS_ROOT = process.getuid?.() === 0;

function which(bin: string): string | null {
  if (bin.startsWith('/')) return existsSync(bin) ? bin : null;
  for (const dir of (process.env['PATH'] ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    if (dir !== '' && existsSync(join(dir, bin))) return join(dir, bin);
  }
  return null;
}

function postgresBin(name: string): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return which(name);
  const versions = readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', name))) return join(base, v, 'bin', name);
  return which(name);
}

function uidOf(user: string): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return null;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Ports this process has handed out: a port is never given twice (nginx merges two `listen`s on one port). */
const handedOut = new Set<number>();

/**
 * A loopback port that was free a moment ago and that this process has not handed out before. Another
 * process may still take it before the daemon binds: startRealServers retries a daemon that exits early.
 */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = await bindZero();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free loopback port after 100 tries');
}

function bindZero(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(1_000, () => done(false));
  });
}

interface Started {
  readonly child: ChildProcess;
  readonly dir: string;
  readonly log: string;
}

/** A daemon that exited before accepting: most often its port was taken in between (retried). */
class ExitedEarly extends Error {}

async function waitReady(name: string, started: Started, ports: readonly number[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new ExitedEarly(`${name} exited (${started.child.exitCode ?? started.child.signalCode}) before accepting connections:\n${tail(started.log)}`);
    }
    const ok = await Promise.all(ports.map(accepts));
    if (ok.every(Boolean)) {
      // Another test process may have put its daemon on the same port (freePort() cannot reserve it):
      // the listener must be this daemon's, or this one is about to fail to bind.
      const foreign = ports.filter((p) => listenerOwnedBy(p, started.child.pid) === false);
      if (foreign.length === 0) return;
      throw new ExitedEarly(`${name}: port ${foreign.join(', ')} is held by another process`);
    }
    if (Date.now() > deadline) throw new Error(`${name} did not accept connections within ${READY_TIMEOUT_MS}ms:\n${tail(started.log)}`);
    await new Promise((r) => setTimeout(r, READY_POLL_MS));
  }
}

/**
 * Whether the loopback listener on `port` is a socket that process `pid` holds (Linux /proc), or null
 * when that cannot be told (no /proc, no permission): then the caller trusts the connect.
 */
function listenerOwnedBy(port: number, pid: number | undefined): boolean | null {
  if (pid === undefined) return null;
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  try {
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!existsSync(table)) continue;
      for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = row.trim().split(/\s+/);
        // local_address is ADDR:PORT in hex; state 0A is LISTEN; the inode is the 10th column.
        if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A' && f[9] !== undefined) inodes.add(f[9]);
      }
    }
    if (inodes.size === 0) return null;
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`, 'utf8'));
      if (m !== null && inodes.has(m[1] as string)) return true;
    }
    return false;
  } catch {
    return null;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Spawns in its own process group (detached) so stop() can signal everything it forked. */
function launch(dir: string, cmd: string, args: readonly string[], opts: { user?: { uid: number; gid: number } } = {}): Started {
  const log = join(dir, 'server.log');
  const fd = openSync(log, 'a');
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    cwd: dir,
    ...(opts.user === undefined ? {} : { uid: opts.user.uid, gid: opts.user.gid }),
  });
  closeSync(fd);
  child.on('error', () => {});
  return { child, dir, log };
}

async function stopStarted(s: Started): Promise<void> {
  const pid = s.child.pid;
  if (pid !== undefined && s.child.exitCode === null && s.child.signalCode === null) {
    const exited = new Promise<void>((r) => s.child.once('exit', () => r()));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
  rmSync(s.dir, { recursive: true, force: true });
}

type Starter = (dir: string) => Promise<{ started: Started; ports: Partial<Record<RealServerName, number>> } | { missing: string }>;

function opensslCert(dir: string): { cert: string; key: string } | null {
  const openssl = which('openssl');
  if (openssl === null) return null;
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = spawnSync(openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=nginx.protocheck.test', '-addext', 'subjectAltName=DNS:nginx.protocheck.test,DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return r.status === 0 ? { cert, key } : null;
}

const STARTERS: Record<'mariadb' | 'postgresql' | 'redis' | 'memcached' | 'openssh' | 'exim' | 'exim-delay' | 'nginx', Starter> = {
  async mariadb(dir) {
    const installDb = which('mariadb-install-db');
    const daemon = which('mariadbd');
    if (installDb === null || daemon === null) return { missing: 'mariadb-server (mariadb-install-db, mariadbd) not installed' };
    const data = join(dir, 'data');
    const user = IS_ROOT ? ['--user=root'] : [];
    const init = spawnSync(installDb, ['--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db'], { cwd: dir, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr.slice(-500)}`);
    const port = await freePort();
    const started = launch(dir, daemon, ['--no-defaults', `--datadir=${data}`, `--socket=${join(dir, 'mysqld.sock')}`, `--port=${port}`, '--bind-address=127.0.0.1', `--pid-file=${join(dir, 'mysqld.pid')}`, '--skip-log-bin', ...user]);
    return { started, ports: { mariadb: port } };
  },
  async postgresql(dir) {
    const initdb = postgresBin('initdb');
    const postgres = postgresBin('postgres');
    if (initdb === null || postgres === null) return { missing: 'postgresql (initdb, postgres) not installed' };
    // postgres refuses to run as root: run it as the postgres user with a data dir it owns.
    const user = IS_ROOT ? uidOf('postgres') : null;
    if (IS_ROOT && user === null) return { missing: 'postgresql installed but there is no postgres user to run it as' };
    if (user !== null) {
      chownSync(dir, user.uid, user.gid);
      chmodSync(dir, 0o700);
    }
    const data = join(dir, 'data');
    const init = spawnSync(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], { cwd: dir, encoding: 'utf8', ...(user === null ? {} : { uid: user.uid, gid: user.gid }) });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr.slice(-500)}`);
    const port = await freePort();
    const started = launch(dir, postgres, ['-D', data, '-k', dir, '-p', String(port), '-h', '127.0.0.1', '-c', 'fsync=off'], user === null ? {} : { user });
    return { started, ports: { postgresql: port } };
  },
  async redis(dir) {
    const bin = which('redis-server');
    if (bin === null) return { missing: 'redis-server not installed' };
    const port = await freePort();
    return { started: launch(dir, bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir]), ports: { redis: port } };
  },
  async memcached(dir) {
    const bin = which('memcached');
    if (bin === null) return { missing: 'memcached not installed' };
    const port = await freePort();
    return { started: launch(dir, bin, ['-p', String(port), '-l', '127.0.0.1', '-U', '0', ...(IS_ROOT ? ['-u', 'root'] : [])]), ports: { memcached: port } };
  },
  async openssh(dir) {
    const sshd = which('/usr/sbin/sshd');
    const keygen = which('ssh-keygen');
    if (sshd === null || keygen === null) return { missing: 'openssh-server (sshd, ssh-keygen) not installed' };
    const key = join(dir, 'host_ed25519');
    const kg = spawnSync(keygen, ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    if (kg.status !== 0) throw new Error('ssh-keygen failed');
    const port = await freePort();
    const cfg = join(dir, 'sshd_config');
    writeFileSync(cfg, [`Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${key}`, `PidFile ${join(dir, 'sshd.pid')}`, 'UsePAM no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', ''].join('\n'));
    // sshd insists on its privilege-separation directory (the package normally creates it at boot).
    if (IS_ROOT && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
    return { started: launch(dir, sshd, ['-D', '-e', '-f', cfg]), ports: { openssh: port } };
  },
  exim: (dir) => startExim(dir, 0),
  'exim-delay': (dir) => startExim(dir, EXIM_GREET_DELAY_S),
  async nginx(dir) {
    const bin = which('nginx');
    if (bin === null) return { missing: 'nginx not installed' };
    const tls = opensslCert(dir);
    if (tls === null) return { missing: 'openssl not installed (needed for the nginx TLS certificate)' };
    const [http, h2c, https] = [await freePort(), await freePort(), await freePort()];
    const conf = join(dir, 'nginx.conf');
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, t)};`).join('\n');
    writeFileSync(
      conf,
      `${IS_ROOT ? 'user root;\n' : ''}daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
${temp}
  server { listen 127.0.0.1:${http}; location / { return 200 "plain http/1.1\\n"; } }
  server { listen 127.0.0.1:${h2c} http2; location / { return 200 "h2c\\n"; } }
  server {
    listen 127.0.0.1:${https} ssl http2;
    ssl_certificate ${tls.cert};
    ssl_certificate_key ${tls.key};
    location / { return 200 "tls\\n"; }
  }
}
`,
    );
    return { started: launch(dir, bin, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')]), ports: { 'nginx-http': http, 'nginx-h2c': h2c, 'nginx-tls': https } };
  },
};

async function startExim(dir: string, delayS: number): ReturnType<Starter> {
  const bin = which('exim') ?? which('exim4');
  if (bin === null) return { missing: 'exim4-daemon-light (exim) not installed' };
  const eximUser = IS_ROOT ? uidOf('Debian-exim') : null;
  const spool = join(dir, 'spool');
  const logs = join(dir, 'log');
  mkdirSync(spool);
  mkdirSync(logs);
  const port = await freePort();
  const conf = join(dir, 'exim.conf');
  writeFileSync(
    conf,
    [
      'primary_hostname = smtp.protocheck.test',
      'local_interfaces = 127.0.0.1',
      `spool_directory = ${spool}`,
      `log_file_path = ${logs}/%slog`,
      `pid_file_path = ${join(dir, 'exim.pid')}`,
      'tls_advertise_hosts =',
      'smtp_banner = $smtp_active_hostname ESMTP Exim $version_number',
      ...(delayS > 0 ? ['acl_smtp_connect = acl_connect', 'begin acl', 'acl_connect:', `  accept delay = ${delayS}s`] : []),
      '',
    ].join('\n'),
  );
  // Exim accepts -C from root only for a file owned by root and not writable by others; it then runs as its own user.
  chmodSync(conf, 0o644);
  if (eximUser !== null) {
    // Exim writes its spool and logs as its own user, and must be able to reach them.
    for (const d of [dir, spool, logs]) chownSync(d, eximUser.uid, eximUser.gid);
    chmodSync(dir, 0o755);
  }
  return { started: launch(dir, bin, ['-bdf', '-oX', String(port), '-C', conf]), ports: { [delayS > 0 ? 'exim-delay' : 'exim']: port } };
}

const GROUP_OF: Record<RealServerName, keyof typeof STARTERS> = {
  mariadb: 'mariadb',
  postgresql: 'postgresql',
  redis: 'redis',
  memcached: 'memcached',
  openssh: 'openssh',
  exim: 'exim',
  'exim-delay': 'exim-delay',
  'nginx-http': 'nginx',
  'nginx-h2c': 'nginx',
  'nginx-tls': 'nginx',
};

/** Starts the named servers concurrently. A server that is installed but fails to start throws (a real failure). */
export async function startRealServers(names: readonly RealServerName[] = REAL_SERVER_NAMES): Promise<RealServers> {
  const groups = [...new Set(names.map((n) => GROUP_OF[n]))];
  const started: Started[] = [];
  const found = new Map<RealServerName, RealServer>();
  const results = await Promise.allSettled(
    groups.map(async (group) => {
      // A daemon that exits before accepting is started again on new ports (at most START_ATTEMPTS
      // times): between freePort() and its bind, another test process may have taken the port.
      for (let attempt = 1; ; attempt++) {
        const dir = mkdtempSync(join(tmpdir(), `protocheck-${group}-`));
        let r: Awaited<ReturnType<Starter>>;
        try {
          r = await STARTERS[group](dir);
        } catch (error) {
          rmSync(dir, { recursive: true, force: true });
          throw error;
        }
        if ('missing' in r) {
          rmSync(dir, { recursive: true, force: true });
          for (const n of names) if (GROUP_OF[n] === group) found.set(n, { name: n, missing: r.missing });
          return;
        }
        started.push(r.started);
        try {
          await waitReady(group, r.started, Object.values(r.ports));
        } catch (error) {
          if (!(error instanceof ExitedEarly) || attempt >= START_ATTEMPTS) throw error;
          started.splice(started.indexOf(r.started), 1);
          await stopStarted(r.started);
          continue;
        }
        for (const [n, port] of Object.entries(r.ports)) found.set(n as RealServerName, { name: n as RealServerName, port });
        return;
      }
    }),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const stop = async (): Promise<void> => {
    await Promise.all(started.map(stopStarted));
  };
  if (failures.length > 0) {
    await stop();
    throw new Error(failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason))).join('\n'));
  }
  return {
    get: (name) => found.get(name) ?? { name, missing: 'not started' },
    dirs: () => started.map((s) => s.dir),
    pids: () => started.flatMap((s) => (s.child.pid === undefined ? [] : [s.child.pid])),
    stop,
  };
}
