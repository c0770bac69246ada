import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { golden, runMain } from '../helpers/golden.js';
import { shQuote } from '../../src/report/suggest-patch.js';
import Ajv from 'ajv';
import { SUGGEST_JSON_SCHEMA } from '../../src/report/suggest-json.js';

const validateJson = new Ajv.default({ allErrors: true, strict: false }).compile(SUGGEST_JSON_SCHEMA);

const NATS = ['suggest', '4222/nats', '--workload', 'deploy/nats', '--service', 'nats', '-n', 'prod'];

test('golden: suggest text (latest, both client kinds)', async () => {
  const r = await golden('suggest/text-nats-latest', NATS);
  assert.equal(r.code, 1);
});

test('golden: suggest text on 2.14 with an existing value and the knowledge base choosing the protocol', async () => {
  const r = await golden('suggest/text-mysql-2.14-existing', ['suggest', '3306', '--workload', 'deploy/db', '--service', 'db', '-n', 'shop', '--linkerd', '2.14', '--existing-opaque', '8080']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /knowledge base/);
  assert.match(r.stdout, /"3306,8080"/);
});

test('golden: nothing to change exits 0 (SSH, rsync and a default-opaque port)', async () => {
  const r = await golden('suggest/text-nothing', ['suggest', '22/ssh', '873/rsync', '3306/mysql']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Nothing to change/);
});

test('golden: suggest yaml parses as YAML; annotation values are strings', async () => {
  const r = await golden('suggest/yaml-nats-latest', [...NATS, '--format', 'yaml']);
  assert.equal(r.code, 1);
  const docs = parseAllDocuments(r.stdout);
  assert.ok(Array.isArray(docs) && docs.length === 2);
  for (const d of docs) assert.deepEqual(d.errors, []);
  const [svc, deploy] = docs.map((d) => d.toJS() as Record<string, any>);
  assert.equal(svc?.['kind'], 'Service');
  assert.deepEqual(svc?.['spec']?.['ports'], [{ port: 4222, appProtocol: 'linkerd.io/opaque' }]);
  const ann = deploy?.['spec']?.['template']?.['metadata']?.['annotations']?.['config.linkerd.io/opaque-ports'];
  assert.equal(typeof ann, 'string');
  assert.match(ann, /(^|,)4222(,|$)/);
});

test('golden: suggest yaml for a single port keeps the value a string ("4567")', async () => {
  const r = await golden('suggest/yaml-galera-cni', ['suggest', '4567', '--cni', '--workload', 'sts/galera', '-n', 'db', '--format', 'yaml']);
  const doc = parseAllDocuments(r.stdout);
  assert.ok(Array.isArray(doc));
  const js = doc[0]?.toJS() as Record<string, any>;
  assert.equal(js['spec']['template']['metadata']['annotations']['config.linkerd.io/skip-inbound-ports'], '4567');
  assert.equal(js['spec']['template']['metadata']['annotations']['config.linkerd.io/skip-outbound-ports'], '4567');
});

test('golden: suggest patch on 2.12 (Service and pod annotations)', async () => {
  const r = await golden('suggest/patch-2.12', ['suggest', '4222/nats', '25/smtp', '--workload', 'sts/mail', '--service', 'mail', '-n', 'prod', '--linkerd', '2.12', '--existing-opaque', '8080', '--format', 'patch']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^kubectl annotate service mail -n prod --overwrite config\.linkerd\.io\/opaque-ports=25,4222,8080$/m);
});

test('patch commands are shell-safe: a fake kubectl receives exactly the intended arguments', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-kubectl-'));
  const log = join(dir, 'args.jsonl');
  writeFileSync(join(dir, 'kubectl'), `#!/usr/bin/env node\nrequire('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`);
  chmodSync(join(dir, 'kubectl'), 0o755);
  const r = await runMain([...NATS, '--format', 'patch']);
  const sh = spawnSync('sh', ['-e'], { input: r.stdout, env: { PATH: `${dir}:${process.env['PATH'] ?? ''}` }, encoding: 'utf8' });
  assert.equal(sh.status, 0, sh.stderr);
  const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[0]?.slice(0, 6), ['patch', 'service', 'nats', '-n', 'prod', '--type']);
  assert.deepEqual(JSON.parse(calls[0]?.[8] ?? ''), { spec: { ports: [{ port: 4222, appProtocol: 'linkerd.io/opaque' }] } });
  const podPatch = JSON.parse(calls[1]?.[calls[1].length - 1] ?? '') as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
  assert.match(podPatch.spec.template.metadata.annotations['config.linkerd.io/opaque-ports'] ?? '', /4222/);
});

test('shQuote quotes what the shell would split or expand', async () => {
  assert.equal(shQuote('a=1,2'), 'a=1,2');
  assert.equal(shQuote(`{"a":"it's"}`), `'{"a":"it'\\''s"}'`);
  const out = spawnSync('sh', ['-c', `printf %s ${shQuote(`$HOME *; it's`)}`], { encoding: 'utf8' });
  assert.equal(out.stdout, `$HOME *; it's`);
});

test('golden: suggest json is a list with target, key, value, reason, docs', async () => {
  const r = await golden('suggest/json-external-2.14', ['suggest', '3306/mysql', '587', '--external', '--workload', 'deploy/api', '-n', 'shop', '--linkerd', '2.14', '--format', 'json']);
  assert.equal(r.code, 1);
  const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.ok(validateJson(list), JSON.stringify(validateJson.errors));
  assert.ok(Array.isArray(list) && list.length === 1);
  for (const s of list) for (const k of ['target', 'key', 'value', 'reason', 'docs']) assert.equal(typeof s[k], 'string', k);
  assert.equal(list[0]?.['value'], '587,3306,4567,4568');
  assert.equal(list[0]?.['target'], 'client-pod');
});

test('golden: --json is the same as --format json, and 2.9 suggests skip lists', async () => {
  const r = await golden('suggest/json-2.9', ['suggest', '4222/nats', '--linkerd', '2.9.3', '--workload', 'deploy/nats', '--json']);
  const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(list.map((s) => s['key']), ['config.linkerd.io/skip-outbound-ports', 'config.linkerd.io/skip-inbound-ports']);
});

test('golden: a Server selecting the port gets proxyProtocol opaque (it overrides the pod annotation)', async () => {
  const r = await golden('suggest/patch-server', ['suggest', '4222/nats', '--workload', 'deploy/nats', '-n', 'prod', '--server', 'nats-srv', '--client', 'unmeshed', '--existing-opaque', '4222', '--format', 'patch']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /kubectl patch server\.policy\.linkerd\.io nats-srv -n prod --type merge -p '\{"spec":\{"proxyProtocol":"opaque"\}\}'/);
  assert.doesNotMatch(r.stdout, /opaque-ports/, 'the pod annotation already says 4222 and the Server overrides it anyway');
});

test('golden: external destination with an EgressNetwork (2.17+): annotate it, client skip as the alternative', async () => {
  const r = await golden('suggest/yaml-egress', ['suggest', '4222/nats', '--external', '--egress-network', 'egress/ext', '--existing-opaque', '5672', '--workload', 'deploy/api', '-n', 'app', '--format', 'yaml']);
  const docs = parseAllDocuments(r.stdout);
  assert.ok(Array.isArray(docs));
  const [en, client] = docs.map((d) => d.toJS() as Record<string, any>);
  assert.equal(en?.['kind'], 'EgressNetwork');
  assert.equal(en?.['metadata']?.['annotations']?.['config.linkerd.io/opaque-ports'], '4222,5672');
  assert.equal(client?.['spec']?.['template']?.['metadata']?.['annotations']?.['config.linkerd.io/skip-outbound-ports'], '4222,4567,4568');
  assert.match(r.stdout, /ALTERNATIVE/);
});

test('golden: --egress-network before 2.17 is ignored with a warning', async () => {
  const r = await golden('suggest/text-egress-2.16', ['suggest', '4222/nats', '--external', '--egress-network', 'ext', '--linkerd', '2.16', '--existing-skip-outbound', '25, 587']);
  assert.match(r.stderr, /EgressNetwork resources exist from Linkerd 2\.17/);
  assert.match(r.stdout, /"25,587,4222"/);
});

test('golden: SERVICEPORT:PODPORT — the Service annotation lists the Service port, the pod annotation the pod port', async () => {
  const r = await golden('suggest/patch-service-port', ['suggest', '80:3306/mysql', '--linkerd', '2.14', '--workload', 'deploy/db', '--service', 'db', '--existing-opaque', '8080', '--format', 'patch']);
  assert.match(r.stdout, /^kubectl annotate service db --overwrite config\.linkerd\.io\/opaque-ports=80,8080$/m);
  assert.match(r.stdout, /"config\.linkerd\.io\/opaque-ports":"3306,8080"/);
});

test('golden: --container-ports / --service-ports make the kept defaults exact', async () => {
  const r = await golden('suggest/text-exact-baselines', ['suggest', '4222/nats', '--linkerd', '2.14', '--workload', 'deploy/nats', '--service', 'nats', '--container-ports', '4222,6222,5432', '--service-ports', '4222,80:5432']);
  assert.match(r.stdout, /Service nats: set config\.linkerd\.io\/opaque-ports: "80,4222"/);
  assert.match(r.stdout, /pod template: set config\.linkerd\.io\/opaque-ports: "4222,5432"/);
  assert.doesNotMatch(r.stdout, /tip:/);
  const loose = await runMain(['suggest', '4222/nats', '--linkerd', '2.14', '--workload', 'deploy/nats', '--service', 'nats']);
  assert.match(loose.stdout, /tip: --container-ports/);
  assert.match(loose.stdout, /tip: --service-ports/);
});

test('suggest --format json matches its JSON Schema across versions and options; the schema rejects a bad item', async () => {
  const runs = [
    ['4222/nats', '--workload', 'deploy/nats', '--service', 'nats', '-n', 'prod'],
    ['4222/nats', '25', '--linkerd', '2.12', '--service', 'nats', '--existing-opaque', '8080, nats'],
    ['4222/nats', '--external', '--egress-network', 'e/ext', '--workload', 'deploy/api'],
    ['4567', '--cni', '-n', 'db'],
    ['4222/nats', '--server', 's', '--client', 'unmeshed', '--linkerd', '2.11'],
    ['22/ssh'],
  ];
  for (const args of runs) {
    const r = await runMain(['suggest', ...args, '--format', 'json']);
    const list = JSON.parse(r.stdout) as unknown;
    assert.ok(validateJson(list), `${args.join(' ')}: ${JSON.stringify(validateJson.errors)}`);
  }
  const good = JSON.parse((await runMain([...NATS, '--json'])).stdout) as Array<Record<string, unknown>>;
  assert.equal(validateJson([{ ...good[0], value: '25, 587' }]), false);
  assert.equal(validateJson([{ ...good[0], key: 'config.linkerd.io/protocol-detect-timeout' }]), false);
});

const ERRORS: Array<[string, string[], RegExp]> = [
  ['bad-port', ['suggest', '99999'], /invalid port "99999"/],
  ['bad-port-text', ['suggest', 'abc/nats'], /invalid port "abc\/nats"/],
  ['bad-service-port', ['suggest', '0:3306'], /invalid port "0:3306"/],
  ['bad-container-ports', ['suggest', '4222', '--container-ports', '4222,x'], /invalid --container-ports entry "x"/],
  ['bad-protocol', ['suggest', '22/foo'], /unknown protocol "foo"/],
  ['bad-kind', ['suggest', '4222', '--workload', 'foo/bar'], /invalid workload "foo\/bar"/],
  ['bad-client', ['suggest', '4222', '--client', 'both'], /Allowed choices are meshed, unmeshed/],
  ['bad-format', ['suggest', '4222', '--format', 'xml'], /Allowed choices are text, yaml, patch, json/],
  ['bad-version', ['suggest', '4222', '--linkerd', '3.1'], /unknown Linkerd version "3.1"/],
  ['bad-namespace', ['suggest', '4222', '-n', 'Prod_1'], /invalid namespace "Prod_1"/],
  ['no-ports', ['suggest'], /missing required argument/],
  ['server-protocol-alone', ['suggest', '4222', '--server-protocol', 'opaque'], /--server-protocol needs --server NAME/],
  ['bad-server-protocol', ['suggest', '4222', '--server', 's', '--server-protocol', 'Opaque'], /Allowed choices are unknown, HTTP\/1/],
  ['egress-without-external', ['suggest', '4222', '--egress-network', 'ext'], /--egress-network applies to --external/],
];
for (const [name, args, re] of ERRORS) {
  test(`golden error: ${name} is one line on stderr (plus hint) and exit 2`, async () => {
    const r = await golden(`suggest/error-${name}`, args);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, re);
    assert.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  });
}
