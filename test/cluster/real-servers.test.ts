/**
 * `protocheck cluster --probe` against the real daemons on loopback (MariaDB, Exim, nginx, OpenSSH,
 * Redis, memcached, PostgreSQL), reached through a realistic dump (test/cluster/scenario.ts); sharded
 * over 3 and merged, the output equals one unsharded run. Missing binaries are skipped loudly, or fail
 * with PROTOCHECK_REAL_SERVERS=require.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realServersRequired, startRealServers, type RealServerName, type RealServers } from '../helpers/real-servers.js';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { scenarioDump, type ScenarioPorts } from './scenario.js';
import type { ClusterJson, ServicePortJson } from '../../src/cluster/types.js';

const NEEDED: readonly RealServerName[] = ['mariadb', 'exim', 'nginx-http', 'openssh', 'redis', 'memcached', 'postgresql'];
let servers: RealServers | undefined;
let dir = '';
let missing: string | null = null;
let unsharded: ClusterJson | undefined;
let unshardedText = '';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: dir });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

before(async () => {
  servers = await startRealServers(NEEDED);
  const port = (n: RealServerName): number => {
    const s = servers!.get(n);
    if ('missing' in s) {
      missing ??= `${n}: ${s.missing}`;
      return 1;
    }
    return s.port;
  };
  const ports: ScenarioPorts = { mariadb: port('mariadb'), exim: port('exim'), nginx: port('nginx-http'), openssh: port('openssh'), redis: port('redis'), memcached: port('memcached'), postgresql: port('postgresql') };
  dir = mkdtempSync(join(tmpdir(), 'protocheck-cluster-'));
  writeFileSync(join(dir, 'dump.json'), scenarioDump(ports));
  if (missing !== null) return;
  const r = await run(['cluster', '--from', 'dump.json', '--probe', '--wait', '4s', '--json']);
  assert.equal(r.code, 1, r.err);
  unsharded = JSON.parse(r.out) as ClusterJson;
  unshardedText = (await run(['cluster', '--from', 'dump.json', '--probe', '--wait', '4s'])).out;
});

after(async () => {
  await servers?.stop();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function needServers(t: { skip: (m: string) => void }): ClusterJson | null {
  if (missing !== null) {
    if (realServersRequired()) assert.fail(`real server ${missing} (PROTOCHECK_REAL_SERVERS=require)`);
    process.stderr.write(`SKIPPED: real server ${missing}\n`);
    t.skip(missing);
    return null;
  }
  return unsharded ?? assert.fail('no unsharded run');
}

function port(doc: ClusterJson, ns: string, name: string): ServicePortJson {
  return doc.services.find((s) => s.namespace === ns && s.name === name) ?? assert.fail(`${ns}/${name} not in the output`);
}

test('MariaDB behind a named targetPort: server first, mysql, meshed stall, the lint finding on the StatefulSet', (t) => {
  const doc = needServers(t);
  if (doc === null) return;
  const e = port(doc, 'shop', 'mariadb');
  assert.equal(e.port, 3306);
  assert.equal(e.targetPort, 'mysql');
  assert.equal(e.meshed, true);
  assert.deepEqual(e.observed, { endpoints: 1, probed: 1, firstSpeaker: 'server', protocol: 'mysql', proxyTimeouts: 0 });
  assert.equal(e.protocol, 'mysql');
  assert.deepEqual(e.outcomes, { meshedClients: 'stall-10s', unmeshedClients: 'closed-10s' });
  const f = e.findings.find((x) => x.rule === 'server-first-port-not-opaque');
  assert.deepEqual(f?.object, { kind: 'StatefulSet', namespace: 'shop', name: 'mariadb' });
  assert.ok(e.suggestions.some((s) => s['key'] === 'config.linkerd.io/opaque-ports'));
});

test('Exim behind a neutral port name: only the probe names SMTP, and the port is server-first-port-not-opaque', (t) => {
  const doc = needServers(t);
  if (doc === null) return;
  const e = port(doc, 'shop', 'mailer');
  assert.deepEqual(e.observed, { endpoints: 1, probed: 1, firstSpeaker: 'server', protocol: 'smtp', proxyTimeouts: 0 });
  assert.equal(e.protocol, 'smtp');
  assert.notEqual(e.outcomes.meshedClients, 'works');
  const f = e.findings.find((x) => x.rule === 'server-first-port-not-opaque');
  assert.ok(f, JSON.stringify(e.findings));
  assert.equal(f.severity, 'error');
  assert.equal(f['observed'], true);
});

test('nginx: client first, http, nothing to change', (t) => {
  const doc = needServers(t);
  if (doc === null) return;
  const e = port(doc, 'shop', 'web');
  assert.deepEqual(e.observed, { endpoints: 2, probed: 2, firstSpeaker: 'client', protocol: 'http', proxyTimeouts: 0 });
  assert.deepEqual(e.outcomes, { meshedClients: 'works', unmeshedClients: 'works' });
  assert.deepEqual(e.findings, []);
});

test('OpenSSH greets first but its clients send at once: no finding (as lint and probe)', (t) => {
  const doc = needServers(t);
  if (doc === null) return;
  const e = port(doc, 'ops', 'bastion');
  assert.equal(e.meshed, false);
  assert.deepEqual(e.observed, { endpoints: 1, probed: 1, firstSpeaker: 'server', protocol: 'ssh', proxyTimeouts: 0 });
  assert.equal(e.findings.filter((f) => f.rule === 'server-first-port-not-opaque').length, 0);
  assert.deepEqual(e.outcomes, { meshedClients: 'works', unmeshedClients: 'works' });
});

test('Redis, memcached, PostgreSQL: client first and named by the active probes; a not-ready endpoint is counted but not probed', (t) => {
  const doc = needServers(t);
  if (doc === null) return;
  assert.deepEqual(port(doc, 'cache', 'redis').observed, { endpoints: 1, probed: 1, firstSpeaker: 'client', protocol: 'redis', proxyTimeouts: 0 });
  assert.deepEqual(port(doc, 'cache', 'memcached').observed, { endpoints: 1, probed: 1, firstSpeaker: 'client', protocol: 'memcached', proxyTimeouts: 0 });
  const pg = port(doc, 'cache', 'pg');
  assert.deepEqual(pg.observed, { endpoints: 2, probed: 1, firstSpeaker: 'client', protocol: 'postgresql', proxyTimeouts: 0 });
  assert.equal(pg.meshed, true);
});

test('a Service whose endpoints disagree (Exim meshed, nginx not): meshed and firstSpeaker are mixed', (t) => {
  const doc = needServers(t);
  if (doc === null) return;
  const e = port(doc, 'mixed', 'relay');
  assert.equal(e.meshed, 'mixed');
  assert.equal(e.observed?.firstSpeaker, 'mixed');
  assert.equal(e.observed?.probed, 2);
  assert.equal(e.observed?.protocol, null);
});

test('three shards merged equal one unsharded run (JSON and text); each shard lists every Service port', async (t) => {
  const doc = needServers(t);
  if (doc === null) return;
  const files: string[] = [];
  let observedSum = 0;
  for (let i = 0; i < 3; i++) {
    const r = await run(['cluster', '--from', 'dump.json', '--probe', '--wait', '4s', '--shard', `${i}/3`, '--format', 'jsonl']);
    assert.ok(r.code === 0 || r.code === 1, r.err);
    writeFileSync(join(dir, `shard-${i}.jsonl`), r.out);
    files.push(`shard-${i}.jsonl`);
    const j = await run(['cluster', '--from', 'dump.json', '--probe', '--wait', '4s', '--shard', `${i}/3`, '--json']);
    const part = JSON.parse(j.out) as ClusterJson;
    assert.deepEqual(part.shard, { index: i, count: 3 });
    assert.equal(part.services.length, doc.services.length);
    observedSum += part.services.reduce((n, s) => n + (s.observed?.probed ?? 0), 0);
  }
  assert.equal(observedSum, doc.services.reduce((n, s) => n + (s.observed?.probed ?? 0), 0), 'each endpoint probed by exactly one shard');
  const merged = await run(['cluster', 'merge', ...files.reverse(), '--json']);
  assert.equal(merged.code, 1, merged.err);
  assert.equal(merged.out, JSON.stringify(doc, null, 2) + '\n');
  assert.equal((JSON.parse(merged.out) as ClusterJson).shard, null);
  const text = await run(['cluster', 'merge', ...files]);
  assert.equal(text.out, unshardedText);
});
