/**
 * `protocheck cluster` without a network: the streaming dump reader, matching by reference (never by
 * IP), versions per pod, shards, the kubectl invocation through a stand-in kubectl on PATH, merge
 * errors, and goldens of the text, JSON and patch outputs of a realistic dump.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonItemSplitter } from '../../src/cluster/json-stream.js';
import { Inventory } from '../../src/cluster/inventory.js';
import { readDump } from '../../src/cluster/dump.js';
import { auditStatic } from '../../src/cluster/audit.js';
import { unitsFor, shardOf, parseShard } from '../../src/cluster/probe-units.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { InputError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { goldenProcess as golden, runCli, REPO_ROOT } from '../helpers/golden.js';
import { freePort } from '../helpers/real-servers.js';
import { app, list, namespace, service, type BuiltPod } from '../helpers/cluster-dump.js';
import type { ClusterJson } from '../../src/cluster/types.js';

const F = 'test/golden/cluster/fixtures';
const LATEST = parseLinkerdVersion('latest');

function split(text: string, chunk: number): unknown[] {
  const out: unknown[] = [];
  const s = new JsonItemSplitter('t', (o) => out.push(o));
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += chunk) s.push(buf.subarray(i, i + chunk));
  s.end();
  return out;
}

test('the JSON splitter yields a List\'s items at any chunk size, strings with braces and escapes included', async () => {
  const items = [{ kind: 'Pod', metadata: { name: 'a{[', annotations: { x: '"}]\\' } } }, { kind: 'Service', spec: { ports: [{ port: 1 }, { port: 2 }] } }, { kind: 'X', n: [[], {}, 'ü€'] }];
  const text = JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { items: 'not-this' } }, null, 2);
  for (const size of [1, 2, 3, 7, 64, 100_000]) assert.deepEqual(split(text, size), items, `chunk ${size}`);
  // Concatenated dumps, a single object, a bare array.
  assert.deepEqual(split(`${JSON.stringify({ kind: 'List', items: [items[0]] })}\n${JSON.stringify(items[1])}\n[${JSON.stringify(items[2])}]`, 5), items);
  assert.throws(() => split(text.slice(0, text.length - 3), 10), (e: unknown) => e instanceof InputError && /ends in the middle/.test(e.message));
  assert.throws(() => split('{"items": [}', 4), InputError);
});

test('YAML dumps (several documents, Lists) read the same objects as JSON', async () => {
  const a = new Inventory();
  const b = new Inventory();
  const n1 = await readDump([readFileSync(join(REPO_ROOT, F, 'cluster.json'))], 'json', a);
  const n2 = await readDump([readFileSync(join(REPO_ROOT, F, 'cluster.yaml'))], 'yaml', b);
  assert.equal(n1, n2);
  assert.deepEqual([...a.pods.keys()], [...b.pods.keys()]);
  assert.deepEqual(auditStatic(a, { linkerd: null, fallback: LATEST }).bases, auditStatic(b, { linkerd: null, fallback: LATEST }).bases);
});

/** Two workloads on one address (host network, or the same loopback in tests): matched by targetRef, never by IP. */
function sharedAddressDump(withSlices: boolean): string {
  const pods: BuiltPod[] = [];
  const objects: unknown[] = [namespace('apps')];
  for (const [name, proxy, port] of [['meshed-api', 'edge-25.3.2', 8080], ['plain-api', null, 8081]] as const) {
    const r = app({ namespace: 'apps', name, proxy, replicas: 1, ip: () => '127.0.0.1', containers: [{ name: 'api', image: 'example/api:1', ports: [{ containerPort: port, name: 'http' }] }] });
    objects.push(...r.objects);
    pods.push(...r.pods);
  }
  // Two ports whose EndpointSlice ports are listed in the other order: matched by name.
  for (const name of ['meshed-api', 'plain-api']) {
    const objs = service({ namespace: 'apps', name, selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'admin', port: 9000, targetPort: 9901 }] }, pods) as Array<Record<string, unknown>>;
    for (const o of objs) if (o['kind'] === 'EndpointSlice') (o['ports'] as unknown[]).reverse();
    objects.push(...objs.filter((o) => withSlices || o['kind'] !== 'EndpointSlice'));
  }
  return list(objects);
}

test('endpoints are matched to Service ports by name and to pods by targetRef, never by the (shared) address', async () => {
  const inv = new Inventory();
  await readDump([sharedAddressDump(true)], 'dump', inv);
  const { bases } = auditStatic(inv, { linkerd: null, fallback: LATEST });
  const by = (name: string, port: number) => bases.find((b) => b.name === name && b.port === port) ?? assert.fail(`${name}:${port}`);
  assert.equal(by('meshed-api', 80).meshed, true);
  assert.equal(by('plain-api', 80).meshed, false);
  assert.deepEqual(by('meshed-api', 80).endpoints.map((e) => [e.address, e.port, e.pod?.split('/')[1]?.split('-').slice(0, 2).join('-')]), [['127.0.0.1', 8080, 'meshed-api']]);
  assert.deepEqual(by('plain-api', 80).endpoints.map((e) => e.port), [8081]);
  assert.deepEqual(by('meshed-api', 9000).endpoints.map((e) => e.port), [9901]);
  assert.equal(by('meshed-api', 80).podPort, 8080);
  assert.equal(by('meshed-api', 80).variants[0]?.version, 'edge-25.3.2');
  assert.deepEqual(by('meshed-api', 80).variants[0]?.workload, { kind: 'Deployment', name: 'meshed-api' });
});

test('without EndpointSlices the Service selector finds the pods (a note says so)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-cluster-'));
  try {
    writeFileSync(join(dir, 'dump.json'), sharedAddressDump(false));
    const io = memoryIo({ cwd: dir });
    assert.equal(await main(['cluster', '--from', 'dump.json', '--json'], io), 0);
    assert.equal(io.err(), 'protocheck: note: no EndpointSlice was read: endpoints come from the Service selectors and pod IPs\n');
    const doc = JSON.parse(io.out()) as ClusterJson;
    assert.deepEqual(doc.services.map((s) => [s.name, s.port, s.meshed]), [['meshed-api', 80, true], ['meshed-api', 9000, true], ['plain-api', 80, false], ['plain-api', 9000, false]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the version per pod: the proxy-version annotation, else the proxy image tag; --linkerd overrides both', async () => {
  const r = app({ namespace: 'a', name: 'db', proxy: 'stable-2.11.0', replicas: 2, ip: (i) => `10.0.0.${i + 1}`, containers: [{ name: 'db', image: 'mysql:8', ports: [{ containerPort: 3306 }] }] });
  // The second pod lost its annotation: its proxy image says edge-25.3.2.
  const second = r.pods[1]!.obj as { metadata: { annotations: Record<string, string> }; spec: { containers: Array<{ name: string; image: string }> } };
  delete second.metadata.annotations['linkerd.io/proxy-version'];
  second.spec.containers.find((c) => c.name === 'linkerd-proxy')!.image = 'cr.l5d.io/linkerd/proxy:edge-25.3.2';
  const dump = list([namespace('a'), ...r.objects, ...service({ namespace: 'a', name: 'db', selector: { app: 'db' }, ports: [{ name: 'mysql', port: 3306, targetPort: 3306 }] }, r.pods)]);
  const versions = async (linkerd: string | null): Promise<string[]> => {
    const inv = new Inventory();
    await readDump([dump], 'd', inv);
    return auditStatic(inv, { linkerd: linkerd === null ? null : parseLinkerdVersion(linkerd), fallback: LATEST }).bases[0]!.variants.map((v) => v.version).sort();
  };
  assert.deepEqual(await versions(null), ['edge-25.3.2', 'stable-2.11.0']);
  assert.deepEqual(await versions('2.14'), ['2.14']);
});

test('shards: every ready address:port in exactly one shard, the same shard whatever else the dump holds', async () => {
  const inv = new Inventory();
  await readDump([readFileSync(join(REPO_ROOT, F, 'cluster.json'))], 'd', inv);
  const { bases } = auditStatic(inv, { linkerd: null, fallback: LATEST });
  const all = unitsFor(bases, null);
  assert.ok(all.length >= 8);
  const parts = [0, 1, 2, 3].map((index) => unitsFor(bases, { index, count: 4 }));
  assert.deepEqual(parts.flat().sort(), all);
  assert.equal(new Set(parts.flat()).size, all.length);
  for (const u of all) assert.equal(shardOf(u, 4), parts.findIndex((p) => p.includes(u)));
  assert.equal(shardOf('10.244.1.10:3306', 4), shardOf('10.244.1.10:3306', 4));
  assert.deepEqual(parseShard('3/4'), { index: 3, count: 4 });
  for (const bad of ['4/4', '1', '-1/2', '0/0', 'a/b']) assert.throws(() => parseShard(bad), /--shard/);
});

test('golden: text, json and patch of a realistic dump (injected annotations, owner references, EndpointSlices, status)', async () => {
  const t = await golden('cluster/text', ['cluster', '--from', `${F}/cluster.json`]);
  assert.equal(t.code, 1);
  const j = await golden('cluster/json', ['cluster', '--from', `${F}/cluster.json`, '--json']);
  assert.equal(j.code, 1);
  const doc = JSON.parse(j.stdout) as ClusterJson;
  assert.deepEqual(Object.keys(doc), ['services', 'shard']);
  assert.equal(doc.shard, null);
  for (const s of doc.services) {
    assert.deepEqual(Object.keys(s), ['namespace', 'name', 'port', 'targetPort', 'protocol', 'meshed', 'outcomes', 'observed', 'findings', 'suggestions']);
    assert.deepEqual(Object.keys(s.outcomes), ['meshedClients', 'unmeshedClients']);
    assert.equal(s.observed, null);
    for (const f of s.findings) for (const k of ['rule', 'severity', 'message', 'object', 'port']) assert.ok(k in f, k);
  }
  const nats = doc.services.find((s) => s.name === 'nats' && s.port === 4222)!;
  assert.equal(nats.meshed, 'mixed');
  assert.equal(nats.protocol, 'nats');
  assert.equal(nats.findings[0]?.rule, 'server-first-port-not-opaque');
  assert.deepEqual(nats.findings[0]?.object, { kind: 'StatefulSet', namespace: 'messaging', name: 'nats' });
  assert.equal(nats.findings[0]?.port, 4222);
  const maria = doc.services.find((s) => s.name === 'mariadb')!;
  assert.deepEqual([maria.meshed, maria.protocol, maria.outcomes.meshedClients, maria.outcomes.unmeshedClients, maria.findings.length], [true, 'mysql', 'works', 'works', 0]);
  const p = await golden('cluster/patch', ['cluster', '--from', `${F}/cluster.json`, '--format', 'patch']);
  assert.equal(p.code, 1);
  assert.match(p.stdout, /^kubectl annotate service nats -n messaging --overwrite config\.linkerd\.io\/opaque-ports=4222$/m);
  // YAML input gives the same answer.
  assert.equal(runCli(['cluster', '--from', `${F}/cluster.yaml`, '--json']).stdout, j.stdout);
});

test('usage and input errors are one line, exit 2', async () => {
  await golden('cluster/errors-shard-without-probe', ['cluster', '--from', `${F}/cluster.json`, '--shard', '0/2']);
  const cases: Array<[string[], RegExp]> = [
    [['cluster', '--from', `${F}/cluster.json`, '--probe', '--shard', '2/2'], /^protocheck: --shard: "2\/2" is not I\/N/],
    [['cluster', '--from', 'nope.json'], /^protocheck: cannot read nope\.json: no such file\n$/],
    [['cluster', '--from', `${F}/cluster.json`, '-A'], /not with --from/],
    [['cluster', '--from', 'README.md'], /^protocheck: README\.md: not YAML or JSON|^protocheck: note: the input holds no Kubernetes object/],
  ];
  for (const [args, re] of cases) {
    const r = runCli(args);
    assert.match(r.stderr, re, args.join(' '));
    assert.ok(r.code === 2 || (r.code === 0 && /no Kubernetes object/.test(r.stderr)), `${args.join(' ')}: ${r.code}`);
  }
});

test('cluster merge: a missing or repeated shard is an input error; one file holding every shard works', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-merge-'));
  try {
    // Loopback endpoints on ports nothing listens on (refused at once): the probe only ever dials 127.0.0.1.
    const pods: BuiltPod[] = [];
    const objects: unknown[] = [namespace('apps')];
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    ports.forEach((port, i) => {
      const r = app({ namespace: 'apps', name: `svc-${i}`, proxy: i % 2 === 0 ? 'edge-25.3.2' : null, replicas: 1, ip: () => '127.0.0.1', containers: [{ name: 'app', image: 'example/app:1', ports: [{ containerPort: port, name: 'main' }] }] });
      objects.push(...r.objects);
      pods.push(...r.pods);
    });
    ports.forEach((_p, i) => objects.push(...service({ namespace: 'apps', name: `svc-${i}`, selector: { app: `svc-${i}` }, ports: [{ name: 'main', port: 4222, targetPort: 'main' }] }, pods)));
    writeFileSync(join(dir, 'dump.json'), list(objects));
    for (const i of [0, 1, 2]) {
      const r = runCli(['cluster', '--from', join(dir, 'dump.json'), '--probe', '--wait', '200ms', '--shard', `${i}/3`, '--format', 'jsonl'], { timeoutMs: 60_000 });
      writeFileSync(join(dir, `s${i}.jsonl`), r.stdout);
      assert.match(r.stdout.split('\n')[0] ?? '', /^\{"protocheckCluster":1,"probe":true,"shard":\{"index":\d,"count":3\}/);
    }
    const missing = runCli(['cluster', 'merge', join(dir, 's0.jsonl'), join(dir, 's2.jsonl')]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'protocheck: shard 1/3 missing: every shard must be given once\n');
    const twice = runCli(['cluster', 'merge', join(dir, 's0.jsonl'), join(dir, 's1.jsonl'), join(dir, 's1.jsonl'), join(dir, 's2.jsonl')]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /^protocheck: shard 1\/3 given twice/);
    const notJsonl = runCli(['cluster', 'merge', join(REPO_ROOT, F, 'cluster.json')]);
    assert.equal(notJsonl.code, 2);
    assert.match(notJsonl.stderr, /not a line of protocheck cluster --format jsonl output/);
    // One file holding every shard (kubectl logs of the whole Job, stderr notes interleaved) works too.
    writeFileSync(join(dir, 'all.jsonl'), [2, 0, 1].map((i) => `protocheck: note: a shard's stderr line\n${readFileSync(join(dir, `s${i}.jsonl`), 'utf8')}`).join(''));
    const all = runCli(['cluster', 'merge', join(dir, 'all.jsonl'), '--json']);
    assert.match(all.stderr, /all\.jsonl: 3 lines that are not JSON skipped/);
    const split3 = runCli(['cluster', 'merge', join(dir, 's0.jsonl'), join(dir, 's1.jsonl'), join(dir, 's2.jsonl'), '--json']);
    assert.equal(all.stdout, split3.stdout);
    assert.equal((JSON.parse(all.stdout) as ClusterJson).shard, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function withFakeKubectl(fn: (dir: string, env: Record<string, string>) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-kubectl-'));
  try {
    copyFileSync(join(REPO_ROOT, 'test/cluster/fake-kubectl.mjs'), join(dir, 'kubectl'));
    chmodSync(join(dir, 'kubectl'), 0o755);
    fn(dir, { PATH: `${dir}:${process.env['PATH'] ?? ''}`, FAKE_KUBECTL_LOG: join(dir, 'calls.log'), FAKE_KUBECTL_DUMP: join(REPO_ROOT, F, 'cluster.json') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const KINDS = 'namespaces,pods,services,endpointslices,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,servers.policy.linkerd.io,networkpolicies';

test('kubectl from PATH: one get of every kind with --context and -A passed; the same answer as --from', async () => {
  withFakeKubectl((dir, env) => {
    const r = runCli(['cluster', '--context', 'kind-audit', '-A', '--json'], { env });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    const calls = readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
    assert.deepEqual(calls, [['get', KINDS, '-o', 'json', '--context', 'kind-audit', '-A']]);
    assert.equal(r.stdout, runCli(['cluster', '--from', `${F}/cluster.json`, '--json']).stdout);
    runCli(['cluster', '-n', 'shop', '--json'], { env });
    const last = readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n').pop() ?? '';
    assert.deepEqual(JSON.parse(last), ['get', KINDS, '-o', 'json', '-n', 'shop']);
  });
});

test('kubectl: a missing CRD and a forbidden kind are one line each, and what could be read is audited', async () => {
  withFakeKubectl((dir, env) => {
    const r = runCli(['cluster', '-A'], { env: { ...env, FAKE_KUBECTL_MISSING: 'servers.policy.linkerd.io', FAKE_KUBECTL_FORBIDDEN: 'endpointslices' } });
    assert.equal(
      r.stderr,
      'protocheck: note: endpointslices: forbidden (the account may not list it): audited without it\n' +
        'protocheck: note: servers.policy.linkerd.io: not a resource type of this cluster (CRD not installed?): audited without it\n' +
        'protocheck: note: no EndpointSlice was read: endpoints come from the Service selectors and pod IPs\n',
    );
    assert.equal(r.code, 1);
    assert.match(r.stdout, /nats/);
    const calls = readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n');
    assert.equal(calls.length, 13, 'the whole get, then each kind on its own');
  });
});

test('kubectl: not on PATH, or nothing readable, is one line and exit 2', async () => {
  const r = runCli(['cluster', '-A'], { env: { PATH: '/nonexistent' } });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'protocheck: kubectl not found on PATH\n  hint: install kubectl, or read a dump: protocheck cluster --from dump.json (made with kubectl get ... -A -o json > dump.json)\n');
  withFakeKubectl((_dir, env) => {
    const all = KINDS;
    const f = runCli(['cluster'], { env: { ...env, FAKE_KUBECTL_FORBIDDEN: all } });
    assert.equal(f.code, 2);
    assert.match(f.stderr, /^protocheck: kubectl could not read the cluster: Error from server \(Forbidden\): namespaces is forbidden/);
  });
});

test('deploy/: the manifests pass protocheck lint; the Job is Indexed, unmeshed, and shards by its completion index', async () => {
  const r = runCli(['lint', 'deploy/']);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /^No findings in 2 files/);
  const job = readFileSync(join(REPO_ROOT, 'deploy/job.yaml'), 'utf8');
  const completions = /completions: (\d+)/.exec(job)?.[1];
  assert.equal(/parallelism: (\d+)/.exec(job)?.[1], completions);
  assert.ok(job.includes(`- $(JOB_COMPLETION_INDEX)/${completions ?? ''}`), 'the --shard count is the completions');
  assert.match(job, /completionMode: Indexed/);
  assert.match(job, /linkerd\.io\/inject: disabled/);
  const rbac = readFileSync(join(REPO_ROOT, 'deploy/rbac.yaml'), 'utf8');
  assert.doesNotMatch(rbac, /verbs: \[[^\]]*"(create|update|patch|delete|watch)"/);
  for (const kind of ['namespaces', 'pods', 'services', 'endpointslices', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs', 'servers', 'networkpolicies']) assert.match(rbac, new RegExp(`"${kind}"`), kind);
});

test('golden: cluster --help and cluster merge --help carry examples and exit codes', async () => {
  const h = await golden('cluster/help', ['cluster', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Examples:/);
  assert.match(h.stdout, /Exit codes: 0 /);
  const m = await golden('cluster/merge-help', ['cluster', 'merge', '--help']);
  assert.equal(m.code, 0);
  assert.match(m.stdout, /Exit codes: 0 /);
});

test('finalize: silence from a meshed endpoint does not make a server-first protocol client-first; from an unmeshed one it does', async () => {
  const { finalize } = await import('../../src/cluster/finalize.js');
  const basis = (meshed: boolean): import('../../src/cluster/types.js').PortBasis => ({
    namespace: 'm', name: 'nats', port: 4222, targetPort: 4222, podPort: 4222, headless: false, protocol: 'nats', meshed,
    endpoints: [{ address: '127.0.0.1', port: 4222, ready: true, pod: 'm/nats-0' }],
    variants: [{ version: 'stable-2.14.10', server: meshed ? 'meshed' : 'unmeshed', config: { containerPorts: [4222], podDeclaresPort: true }, workload: { kind: 'StatefulSet', name: 'nats' } }],
    findings: [],
  });
  const silent = new Map([['127.0.0.1:4222', { state: 'open', firstSpeaker: 'client' as const, protocol: null }]]);
  const meshed = finalize(basis(true), silent);
  assert.equal(meshed.observed?.firstSpeaker, 'client');
  assert.equal(meshed.outcomes.meshedClients, finalize(basis(true), null).outcomes.meshedClients);
  assert.notEqual(meshed.outcomes.meshedClients, 'works');
  const plain = finalize(basis(false), silent);
  assert.deepEqual(plain.outcomes, { meshedClients: 'works', unmeshedClients: 'works' });
  // A greeting the probe saw on a port the knowledge base knows nothing about: server-first-port-not-opaque, observed.
  const greeted = finalize({ ...basis(true), protocol: null, name: 'custom' }, new Map([['127.0.0.1:4222', { state: 'open', firstSpeaker: 'server' as const, protocol: null }]]));
  const f = greeted.findings.find((x) => x.rule === 'server-first-port-not-opaque');
  assert.equal(f?.['messageId'], 'observedServerFirst');
  assert.deepEqual(f?.object, { kind: 'Service', namespace: 'm', name: 'custom' });
  assert.equal(f?.port, 4222);
});

test('--probe: a silent connection closed at about 10 s is counted as the proxy detection timeout, never as a speaker', async () => {
  const { unitResult } = await import('../../src/cluster/probe-units.js');
  const { finalize } = await import('../../src/cluster/finalize.js');
  const { renderClusterText } = await import('../../src/report/cluster-text.js');
  const { Chalk } = await import('chalk');
  type TR = import('../../src/probe/types.js').TargetResult;
  // Only the fields unitResult reads; the rest of a TargetResult does not matter here.
  const result = (outcome: string, atMs: number | null, firstSpeaker: 'client' | 'server' | null = null) =>
    ({ state: 'open', firstSpeaker, protocol: firstSpeaker === null ? null : 'unknown', passive: { outcome, atMs, connectMs: 1 } }) as unknown as TR;
  assert.deepEqual(unitResult(result('closed', 10_020)), { state: 'open', firstSpeaker: null, protocol: null, proxyTimeout: true });
  assert.equal(unitResult(result('reset', 9_400)).proxyTimeout, true);
  assert.equal(unitResult(result('closed', 9_200)).proxyTimeout, undefined); // outside 10 s ± 0.7 s
  assert.equal(unitResult(result('closed', 2_000)).proxyTimeout, undefined);
  assert.equal(unitResult(result('silent', 12_000, 'client')).proxyTimeout, undefined);
  const basis: import('../../src/cluster/types.js').PortBasis = {
    namespace: 'm', name: 'db', port: 3306, targetPort: 3306, podPort: 3306, headless: false, protocol: null, meshed: true,
    endpoints: [{ address: '10.0.0.1', port: 3306, ready: true, pod: 'm/db-0' }, { address: '10.0.0.2', port: 3306, ready: true, pod: 'm/db-1' }],
    variants: [{ version: 'stable-2.14.10', server: 'meshed', config: { containerPorts: [3306], podDeclaresPort: true }, workload: { kind: 'StatefulSet', name: 'db' } }],
    findings: [],
  };
  const results = new Map([
    ['10.0.0.1:3306', unitResult(result('closed', 10_050))],
    ['10.0.0.2:3306', unitResult(result('closed', 10_010))],
  ]);
  const e = finalize(basis, results);
  assert.deepEqual(e.observed, { endpoints: 2, probed: 2, firstSpeaker: 'unknown', protocol: null, proxyTimeouts: 2 });
  assert.ok(!e.findings.some((f) => f.rule === 'server-first-port-not-opaque'));
  const text = renderClusterText([e], { chalk: new Chalk({ level: 0 }), shard: null, other: [] });
  assert.match(text, /unknown 2\/2, closed at 10 s \(detecting proxy\)/);
  const one = finalize(basis, new Map([...results].slice(0, 1)));
  assert.equal(one.observed?.proxyTimeouts, 1);
});
