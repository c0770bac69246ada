/**
 * Golden CLI tests for `protocheck [probe]` and `protocheck demo`: one case per server behaviour.
 * golden() runs the CLI in-process; the hostile servers run in a child process so that what the CLI
 * sees is a real peer on loopback. Ports, durations and the column padding they change are normalized.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { golden } from '../helpers/golden.js';
import type { HostileName } from '../helpers/hostile-servers.js';

const HOSTILE = fileURLToPath(new URL('../helpers/hostile-servers.js', import.meta.url));
let child: ChildProcess;
let ports: Record<HostileName, number>;
let refusedPort = 0;

before(async () => {
  child = spawn(process.execPath, [HOSTILE], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, TRICKLE_MS: '1000' } });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`hostile servers exited ${code}`)));
  });
  ports = JSON.parse(line) as Record<HostileName, number>;
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  refusedPort = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
});

after(() => {
  child.stdin?.end();
  if (child.exitCode === null) child.kill('SIGTERM');
});

/** Replaces every listed port with a name, then durations, then re-pads columns (durations change widths). */
function normalizer(named: Record<string, number>): (s: string) => string {
  return (s) => {
    let out = s;
    for (const [name, port] of Object.entries(named)) out = out.split(String(port)).join(`<${name}>`);
    return out
      .replace(/\b\d+(?:\.\d+)?(ms|s)\b/g, '<t>')
      .replace(/"(firstByteMs|atMs|connectMs)": \d+/g, '"$1": "<t>"')
      .replace(/ {2,}/g, '  ');
  };
}

test('golden: a malformed target is one line and exit 2', async () => {
  const r = await golden('probe/bad-target', ['db.example:80', 'db']);
  assert.equal(r.code, 2);
});

test('golden: an IPv6 address without brackets gets a hint', async () => {
  const r = await golden('probe/ipv6-no-brackets', ['::1:80']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\[::1\]:80/);
});

test('golden: a refused port (nothing reachable: exit 2)', async () => {
  const r = await golden('probe/refused', [`127.0.0.1:${refusedPort}`], { normalize: normalizer({ refused: refusedPort }) });
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^1 closed port not shown \(--show-closed lists them\)$/m);
  assert.match(r.stderr, /127\.0\.0\.1:<refused> refused|refused/);
});

test('golden: ANSI escapes in a banner are shown escaped', async () => {
  const r = await golden('probe/ansi-banner', [`127.0.0.1:${ports.ansi}`, '--wait', '1s'], { normalize: normalizer({ ansi: ports.ansi }) });
  assert.ok(!r.stdout.includes('\x1b'));
  assert.match(r.stdout, /\\x1b\[2J/);
  assert.equal(r.code, 1);
});

test('golden: a trickled banner, a close and a reset after accept', async () => {
  const named = { trickle: ports.trickle, close: ports.close, reset: ports.reset };
  const r = await golden('probe/trickle-close-reset', Object.values(named).map((p) => `127.0.0.1:${p}`).concat(['--wait', '1s']), { normalize: normalizer(named) });
  assert.match(r.stdout, /reset/);
  assert.equal(r.code, 1);
});

test('golden: a silent port waits the window; --no-active', async () => {
  const r = await golden('probe/silent-no-active', [`127.0.0.1:${ports.silent}`, '--wait', '300ms', '--no-active'], { normalize: normalizer({ silent: ports.silent }) });
  assert.match(r.stdout, /client/);
});

// --no-active: Node's ClientHello is random per run, so the probes array would never compare equal.
test('golden: --json on a late greeter, with --send bytes and a concrete workload', async () => {
  const r = await golden(
    'probe/late-json',
    [`127.0.0.1:${ports.late}`, '--wait', '2s', '--json', '--no-active', '--send', '474554202f20485454502f312e310d0a', '--workload', 'deploy/mail', '-n', 'prod'],
    { normalize: normalizer({ late: ports.late }) },
  );
  const json = JSON.parse(r.stdout) as { results: Array<{ firstSpeaker: string; send: { http: string } }> };
  assert.equal(json.results[0]?.firstSpeaker, 'server');
  assert.equal(json.results[0]?.send.http, 'http1');
});

test('golden: --server external on a loopback greeter: outside the default clusterNetworks, the fix is on the client pod', async () => {
  const r = await golden(
    'probe/external-loopback',
    [`127.0.0.1:${ports.late}`, '--wait', '2s', '--no-active', '--server', 'external', '--workload', 'deploy/app', '-n', 'prod'],
    { normalize: normalizer({ late: ports.late }) },
  );
  assert.match(r.stdout, /127\.0\.0\.1 is outside clusterNetworks .*loopback/);
  assert.ok(r.stdout.includes(`fix: Deployment/app -n prod: config.linkerd.io/skip-outbound-ports: "4567,4568,${ports.late}"`), r.stdout);
  assert.equal(r.code, 1);
});

test('golden: --server external with --cluster-networks 127.0.0.0/8: inside, the default opaque list applies (the port is not in it)', async () => {
  const r = await golden(
    'probe/external-cluster-networks',
    [`127.0.0.1:${ports.late}`, '--wait', '2s', '--no-active', '--server', 'external', '--cluster-networks', '127.0.0.0/8', '--json'],
    { normalize: normalizer({ late: ports.late }) },
  );
  const json = JSON.parse(r.stdout) as { results: Array<{ linkerd: { server: string; inClusterNetworks: boolean; explanation: string[] }; notes: string[] }> };
  const l = json.results[0]?.linkerd;
  assert.equal(l?.server, 'external');
  assert.equal(l?.inClusterNetworks, true);
  assert.ok(l?.explanation.some((e) => /inside clusterNetworks/.test(e)));
  assert.ok(json.results[0]?.notes.some((n) => /127\.0\.0\.1 is inside clusterNetworks \(127\.0\.0\.0\/8\)/.test(n)));
});

test('golden: --egress-network needs --server external (usage error, exit 2)', async () => {
  const r = await golden('probe/egress-network-not-external', ['127.0.0.1:1', '--egress-network', 'internet']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length >= 1, true);
});

test('golden: probe --help', async () => {
  const r = await golden('probe/help', ['probe', '--help']);
  assert.equal(r.code, 0);
});

test('golden: demo', async () => {
  const r = await golden('probe/demo', ['demo'], {
    normalize: (s) =>
      s
        .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
        // Ephemeral ports (Linux 32768-60999), not the well-known ones in the default lists.
        .replace(/\b(?:3[2-9]\d{3}|[45]\d{4}|60\d{3})\b/g, '<port>')
        .replace(/\b\d+(?:\.\d+)?(ms|s)\b/g, '<t>')
        .replace(/ {2,}/g, '  '),
  });
  assert.equal(r.code, 0, 'the demo exits 0 when its four servers came out as designed');
  assert.match(r.stderr, /all four servers came out as designed/);
});

test('golden: a sweep shows the answer first: closed ports hidden and counted, one merged fix per host, a summary line', async () => {
  const named = { late: ports.late, ansi: ports.ansi, refused: refusedPort };
  const r = await golden('probe/sweep-merged-fixes', Object.values(named).map((p) => `127.0.0.1:${p}`).concat(['--wait', '2s', '--no-active', '--workload', 'deploy/mail', '-n', 'prod']), {
    // The merged value lists the ports in numeric order, which the random ports decide: one order for the golden.
    normalize: (t) => normalizer(named)(t).replace('<late>,<ansi>', '<ansi>,<late>'),
  });
  assert.match(r.stdout, /^1 closed port not shown \(--show-closed lists them\)$/m);
  assert.ok(!/^127\.0\.0\.1:\d+ +refused/m.test(r.stdout), 'the refused port is not a table row');
  // Both greeters' ports in one pod-template value, printed once under the host.
  assert.match(r.stdout, /^127\.0\.0\.1 \(ports \d+, \d+: one value covers them all\)$/m);
  const values = r.stdout.match(/config\.linkerd\.io\/opaque-ports: "[^"]*"/g) ?? [];
  assert.equal(values.length, 1, r.stdout);
  assert.ok(values[0]?.includes(String(ports.late)) && values[0].includes(String(ports.ansi)));
  assert.match(r.stdout, /\n3 ports: 2 open, 2 server first, \d unidentified, 2 need a change, 1 closed\n$/);
  assert.equal(r.code, 1);
});

test('golden: --show-closed lists the refused port; -v gives the full reasoning', async () => {
  const named = { late: ports.late, refused: refusedPort };
  const r = await golden('probe/show-closed-verbose', Object.values(named).map((p) => `127.0.0.1:${p}`).concat(['--wait', '2s', '--no-active', '--show-closed', '-v']), { normalize: normalizer(named) });
  assert.match(r.stdout, new RegExp(`^127\\.0\\.0\\.1:${refusedPort} +refused`, 'm'));
  assert.match(r.stdout, /^ {2}why: /m);
  assert.ok(!r.stdout.includes('not shown'));
});
