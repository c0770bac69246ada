/** The probe command's input handling and exit codes, and the default-command wiring, in process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { buildMeshOptions, exitCodeFor, parseHex, parsePortSet, parseWorkload } from '../../src/commands/probe-run.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import type { ProbeFlags } from '../../src/commands/probe.js';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { InputError, UsageError } from '../../src/errors.js';
import type { TargetResult } from '../../src/probe/types.js';

test('--send hex, --force-active ports, --workload', () => {
  assert.deepEqual([...parseHex('16 03 01', '--send')], [0x16, 3, 1]);
  assert.throws(() => parseHex('xyz', '--send'), InputError);
  assert.throws(() => parseHex('123', '--send'), InputError);
  assert.deepEqual([...parsePortSet('9100,9102-9103', '--force-active')], [9100, 9102, 9103]);
  assert.throws(() => parsePortSet('91x', '--force-active'), UsageError);
  assert.deepEqual(parseWorkload('deploy/nats'), { kind: 'Deployment', name: 'nats' });
  assert.deepEqual(parseWorkload('sts/mysql-0'), { kind: 'StatefulSet', name: 'mysql-0' });
  assert.throws(() => parseWorkload('nats'), UsageError);
});

function result(state: TargetResult['state'], action: 'none' | 'opaque' | null): TargetResult {
  const common = {
    target: 'h:1', host: 'h', address: '127.0.0.1', port: 1, firstByteMs: null, protocol: null, version: null, product: null, signature: null, candidates: [],
    banner: null, tls: null, http: null, passive: { outcome: 'silent', atMs: 0, connectMs: 0 }, probes: [], send: null, suggestions: [], notes: [],
  } as const;
  if (state === 'open') {
    const a = action ?? 'none';
    return { ...common, state, firstSpeaker: null, linkerd: { server: 'meshed', inClusterNetworks: false, covered: a === 'none', outcome: { meshedClient: 'works', unmeshedClient: 'works' }, delaySeconds: 0, action: a, explanation: [] }, error: null };
  }
  return { ...common, state, firstSpeaker: null, linkerd: null, error: `h:1: ${state}` };
}

test('exit codes: 0 all fine, 1 one needs a change, 2 nothing reachable', () => {
  assert.equal(exitCodeFor([result('open', 'none'), result('refused', null)]), 0);
  assert.equal(exitCodeFor([result('open', 'none'), result('open', 'opaque')]), 1);
  assert.equal(exitCodeFor([result('refused', null), result('timeout', null)]), 2);
});

test('malformed targets fail before any connection, one line, exit 2', async () => {
  const io = memoryIo();
  assert.equal(await main(['127.0.0.1:1', 'db'], io), 2);
  assert.equal(io.out(), '');
  assert.match(io.err(), /^protocheck: bad target "db": missing ":port"\n/);
  const bad = memoryIo();
  assert.equal(await main(['probe', '127.0.0.1:1', '--wait', 'soon'], bad), 2);
  assert.match(bad.err(), /--wait: "soon" is not a duration/);
  const none = memoryIo();
  assert.equal(await main(['probe'], none), 2);
  assert.match(none.err(), /no targets/);
});

test('the default command probes, reads targets from stdin, and prints JSON with every listed field', async () => {
  const server = createServer((s) => s.end('220 hi ESMTP\r\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const io = memoryIo({ stdin: `# targets\n127.0.0.1:${port}\n` });
    const code = await main(['-', '--json', '--wait', '500ms'], io);
    const json = JSON.parse(io.out()) as { results: Array<Record<string, unknown>> };
    assert.equal(json.results.length, 1);
    const r = json.results[0] as Record<string, unknown>;
    for (const key of ['target', 'host', 'address', 'port', 'state', 'firstSpeaker', 'firstByteMs', 'protocol', 'version', 'banner', 'tls', 'probes', 'linkerd', 'suggestions']) {
      assert.ok(key in r, `missing ${key}`);
    }
    assert.equal(r['state'], 'open');
    assert.equal(r['firstSpeaker'], 'server');
    assert.deepEqual(Object.keys(r['linkerd'] as object).slice(0, 3), ['covered', 'outcome', 'action']);
    assert.equal(code, 1, 'a server-first port on a non-default port needs a change');
    assert.equal(io.err(), '', 'no progress on a non-TTY stderr');
  } finally {
    server.close();
  }
});

test('--targets-file and --send @FILE are read; unreadable files are a one-line input error', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-probe-'));
  const server = createServer((s) => s.end('SSH-2.0-OpenSSH_9.2p1\r\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    writeFileSync(join(dir, 'targets'), `127.0.0.1:${port} # ssh\n`);
    writeFileSync(join(dir, 'hello.bin'), Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const io = memoryIo({ cwd: dir });
    assert.equal(await main(['--targets-file', 'targets', '--send', '@hello.bin', '--json', '--wait', '1s'], io), 0);
    const r = (JSON.parse(io.out()) as { results: TargetResult[] }).results[0];
    assert.equal(r?.protocol, 'ssh');
    assert.equal(r?.send?.http, 'http1');
    const missing = memoryIo({ cwd: dir });
    assert.equal(await main(['--targets-file', 'nope'], missing), 2);
    assert.match(missing.err(), /^protocheck: --targets-file: cannot read nope: no such file\n/);
    const endless = memoryIo({ cwd: dir });
    assert.equal(await main(['--targets-file', '/dev/zero'], endless), 2, 'an endless file is refused, not read into memory');
    assert.match(endless.err(), /is larger than/);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('progress: on a TTY stderr only, after the first second, and cleared at the end', async () => {
  const { progressReporter } = await import('../../src/commands/probe-run.js');
  const tty = memoryIo({ tty: true });
  const p = progressReporter(tty, 6_000);
  p.update(1, 3);
  await new Promise((r) => setTimeout(r, 1_100));
  p.stop();
  assert.match(tty.err(), /\r\x1b\[Kwaiting up to 6 s for greetings: 1\/3 known/);
  assert.ok(tty.err().endsWith('\r\x1b[K'));
  assert.equal(tty.out(), '', 'never on stdout');
  const pipe = memoryIo({ tty: false });
  const q = progressReporter(pipe, 6_000);
  await new Promise((r) => setTimeout(r, 1_100));
  q.stop();
  assert.equal(pipe.err(), '');
});

test('--server, --cluster-networks, --egress-network: checked before any connection', async () => {
  const base: ProbeFlags = { wait: '1s', connectTimeout: '1s', concurrency: '8', active: false, linkerd: parseLinkerdVersion('latest'), server: 'meshed' };
  const ext = buildMeshOptions({ ...base, server: 'external', clusterNetworks: '127.0.0.0/8', egressNetwork: 'egress/internet', opaquePorts: '3306', workload: 'deploy/app' });
  assert.equal(ext.server, 'external');
  assert.deepEqual(ext.clusterNetworks?.map((n) => n.text), ['127.0.0.0/8']);
  assert.deepEqual(ext.egressNetwork, { namespace: 'egress', name: 'internet' });
  assert.deepEqual(ext.workload, { kind: 'Deployment', name: 'app' });
  const bad: Array<[Partial<ProbeFlags>, RegExp]> = [
    [{ egressNetwork: 'internet' }, /--egress-network applies to --server external/],
    [{ server: 'external', opaquePorts: '3306' }, /--opaque-ports: with --server external/],
    [{ server: 'external', skipInboundPorts: '3306' }, /--skip-inbound-ports: with --server external/],
    [{ clusterNetworks: '10.0.0.0/33' }, /--cluster-networks: "10\.0\.0\.0\/33"/],
    [{ server: 'external', egressNetwork: 'a/b/c' }, /--egress-network: "a\/b\/c"/],
  ];
  for (const [flags, message] of bad) assert.throws(() => buildMeshOptions({ ...base, ...flags }), (e: unknown) => e instanceof UsageError && message.test(e.message));
  const io = memoryIo();
  assert.equal(await main(['127.0.0.1:1', '--server', 'elsewhere'], io), 2);
  assert.match(io.err(), /--server/);
});
