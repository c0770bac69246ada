/**
 * `probe --mesh istio` end to end against real daemons on loopback: a greeting server (exim, MariaDB
 * on a port that is not 3306) hangs under Istio, client-first servers (nginx, Redis, PostgreSQL) and
 * SSH work. Missing binaries are skipped loudly, or fail with PROTOCHECK_REAL_SERVERS=require.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { realServersRequired, startRealServers, type RealServerName, type RealServers } from '../helpers/real-servers.js';
import { runCli, type RunResult } from '../helpers/golden.js';

const NAMES: readonly RealServerName[] = ['exim', 'mariadb', 'nginx-http', 'redis', 'postgresql', 'openssh'];
let servers: RealServers;
const ports = new Map<RealServerName, number>();
let sidecar: RunResult;
let external: RunResult;
let text: RunResult;

before(async () => {
  servers = await startRealServers(NAMES);
  for (const n of NAMES) {
    const s = servers.get(n);
    if ('port' in s) ports.set(n, s.port);
    else if (realServersRequired()) assert.fail(`real server ${n}: ${s.missing} (PROTOCHECK_REAL_SERVERS=require)`);
    else process.stderr.write(`SKIPPED: real server ${n}: ${s.missing}\n`);
  }
  const targets = [...ports.values()].map((p) => `127.0.0.1:${p}`);
  if (targets.length === 0) return;
  sidecar = runCli(['probe', ...targets, '--mesh', 'istio', '--json', '--wait', '3s']);
  external = runCli(['probe', ...targets.slice(0, 1), '--mesh', 'istio', '--server', 'external', '--json', '--wait', '3s']);
  text = runCli(['probe', ...targets, '--mesh', 'istio', '--wait', '3s']);
});

after(async () => {
  await servers?.stop();
});

interface Row { port: number; state: string; protocol: string | null; linkerd: unknown; mesh: { outcome: string; delayMs: number; istioProtocol: string; outcomes: { noSidecarClients: { outcome: string } | null }; suggestions: Array<{ target: string; key: string; value: string }> } }

function row(r: RunResult, name: RealServerName, t: { skip: (m: string) => void }): Row | null {
  const port = ports.get(name);
  if (port === undefined) {
    t.skip(`${name} missing`);
    return null;
  }
  const doc = JSON.parse(r.stdout) as { mesh: string; results: Row[] };
  assert.equal(doc.mesh, 'istio');
  return doc.results.find((x) => x.port === port) ?? assert.fail(`${name}: no result`);
}

/** Sidecar-client outcome, and the no-sidecar-client one under PERMISSIVE (the same for each of these). */
const EXPECT: Readonly<Record<string, readonly RealServerName[]>> = {
  hangs: ['exim', 'mariadb'],
  works: ['nginx-http', 'redis', 'postgresql', 'openssh'],
};

for (const [outcome, names] of Object.entries(EXPECT)) for (const name of names) {
  const noSidecar = outcome;
  test(`probe --mesh istio: ${name} ${outcome} (no sidecar: ${noSidecar})`, (t) => {
    const r = row(sidecar, name, t);
    if (r === null) return;
    assert.equal(r.state, 'open');
    assert.equal(r.linkerd, null, 'no Linkerd verdict under --mesh istio');
    assert.equal(r.mesh.istioProtocol, 'auto', 'a Service port with no name on a random port is sniffed');
    assert.equal(r.mesh.outcome, outcome);
    assert.equal(r.mesh.delayMs, 0);
    assert.equal(r.mesh.outcomes.noSidecarClients?.outcome, noSidecar);
    if (outcome === 'hangs') assert.deepEqual(r.mesh.suggestions.slice(0, 1).map((s) => [s.target, s.key, s.value]), [['service', 'spec.ports[].appProtocol', 'tcp']]);
    else assert.deepEqual(r.mesh.suggestions, []);
  });
}

test('probe --mesh istio exits 1 when a port hangs; the text says "hangs", never a 10 s delay', (t) => {
  if (ports.size === 0) return t.skip('no real servers');
  assert.equal(sidecar.code, 1);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /hangs/);
  assert.doesNotMatch(text.stdout, /10 ?s/);
  assert.match(text.stdout, /fix: service: spec\.ports\[\]\.appProtocol: tcp \(Istio 1\.6\+\)/);
});

test('probe --mesh istio --server external: a greeting server behind a ServiceEntry with no protocol hangs; fix is protocol TCP', (t) => {
  const r = row(external, 'exim', t);
  if (r === null) return;
  assert.equal(r.mesh.outcome, 'hangs');
  assert.equal(r.mesh.outcomes.noSidecarClients, null);
  assert.deepEqual(r.mesh.suggestions.map((s) => [s.target, s.value]), [['service-entry', 'TCP'], ['pod-template', String(r.port)]]);
});
