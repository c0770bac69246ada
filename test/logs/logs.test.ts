/** `protocheck logs`: real and format-string-built lines in every input form, noise, chunking, bounds, --cluster, the JSON contract. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine } from '../../src/logs/line.js';
import { classify, isUnrecognized } from '../../src/logs/classify.js';
import { LogAnalyzer, MAX_LINE, releaseLabel } from '../../src/logs/analyze.js';
import { advise } from '../../src/logs/advice.js';
import { parseClusterDump } from '../../src/logs/cluster.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { BUILT, NOISE, REAL, json, plain, type Built } from './fixtures.js';

function one(raw: string) {
  const line = parseLine(raw);
  assert.notEqual(line, null, `not parsed: ${raw}`);
  return { line: line!, c: classify(line!) };
}

const FORMS: ReadonlyArray<readonly [string, (b: Built) => string, { pod: string | null; time: string | null }]> = [
  ['plain', (b) => plain(b), { pod: null, time: null }],
  ['--timestamps', (b) => `2024-05-06T07:08:09.123456789Z ${plain(b)}`, { pod: null, time: '2024-05-06T07:08:09.123456789Z' }],
  ['--prefix', (b) => `[pod/billing-6d5b9c-x2k/linkerd-proxy] ${plain(b)}`, { pod: 'billing-6d5b9c-x2k', time: null }],
  ['--prefix --timestamps', (b) => `[pod/billing-6d5b9c-x2k/linkerd-proxy] 2024-05-06T07:08:09.1Z ${plain(b)}`, { pod: 'billing-6d5b9c-x2k', time: '2024-05-06T07:08:09.1Z' }],
  ['JSON', (b) => json(b), { pod: null, time: '2025-02-03T04:05:06.700001Z' }],
  ['JSON --prefix', (b) => `[pod/ledger-0/linkerd-proxy] ${json(b)}`, { pod: 'ledger-0', time: '2025-02-03T04:05:06.700001Z' }],
];

for (const b of BUILT) {
  test(`built from ${b.cite}: ${b.expect.kind} in every form`, () => {
    for (const [form, render, meta] of FORMS) {
      const { line, c } = one(render(b));
      assert.ok(c !== null, `${form}: no event`);
      assert.deepEqual(
        { kind: c.kind, direction: c.direction, client: c.client, server: c.server, port: c.port, releases: releaseLabel(c.releases) },
        b.expect,
        form,
      );
      assert.equal(line.pod, meta.pod, form);
      assert.equal(line.time, meta.time, form);
    }
  });
}

for (const r of REAL) {
  test(`real line from ${r.cite}`, () => {
    const { c } = one(r.line);
    assert.ok(c !== null);
    assert.deepEqual({ kind: c.kind, direction: c.direction, client: c.client, server: c.server, port: c.port }, r.expect);
  });
}

test('noise lines from public threads produce no event; only proxy WARN/ERROR lines count as unrecognized', () => {
  for (const n of NOISE) {
    const line = parseLine(n.line);
    assert.equal(line === null ? null : classify(line), null, n.cite);
    assert.equal(line !== null && isUnrecognized(line), n.unrecognized === true, n.cite);
  }
  for (const raw of ['', 'hello', '{"level":"WARN"}', '{not json', 'WARN something', '[   1.0s]  INFO ThreadId(01) inbound: x', '\x1b[31m ERROR ThreadId(01) \x1b]0;t\x07']) {
    const line = parseLine(raw);
    assert.equal(line === null ? null : classify(line), null, JSON.stringify(raw));
  }
});

test('the release the lines come from: one range for consistent lines, a conflict for mixed ones', () => {
  const a = new LogAnalyzer();
  a.begin('x');
  a.pushText([BUILT[13], BUILT[14]].map((b) => plain(b!)).join('\n') + '\n');
  assert.equal(releaseLabel(a.finish().releases!), '2.14.4-2.17');
  const m = new LogAnalyzer();
  m.begin('x');
  m.pushText(`${plain(BUILT[0]!)}\n${plain(BUILT[16]!)}\n`);
  const r = m.finish();
  assert.equal(r.conflict, true);
  assert.equal(r.releases, null);
});

test('any chunking gives the same events; CRLF, a last line without newline, and line numbers', () => {
  const text = [plain(BUILT[3]!), 'noise', NOISE[1]!.line, json(BUILT[16]!), plain(BUILT[11]!)].join('\r\n');
  const whole = new LogAnalyzer();
  whole.begin('f');
  whole.pushText(text);
  const expected = whole.finish();
  assert.deepEqual(expected.events.map((e) => e.line), [1, 4, 5]);
  assert.equal(expected.unrecognized, 1);
  const bytes = Buffer.from(text);
  for (const size of [1, 2, 7, 64]) {
    const a = new LogAnalyzer();
    a.begin('f');
    for (let i = 0; i < bytes.length; i += size) a.push(bytes.subarray(i, i + size));
    const got = a.finish();
    assert.deepEqual(got.events, expected.events, `chunk ${size}`);
    assert.equal(got.lines, 5);
  }
});

test('a line longer than the bound is skipped and counted, the next line still read', () => {
  const a = new LogAnalyzer();
  a.begin('f');
  a.pushText('x'.repeat(MAX_LINE + 10));
  a.pushText('y'.repeat(100) + '\n' + plain(BUILT[16]!) + '\n');
  const r = a.finish();
  assert.equal(r.longLines, 1);
  assert.equal(r.events.length, 1);
  assert.equal(r.events[0]!.line, 2);
});

const DUMP = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      kind: 'Pod',
      metadata: { name: 'relay-7c9f-abcde', namespace: 'mail', labels: { 'pod-template-hash': '7c9f' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'relay-7c9f' }] },
      spec: { containers: [{ name: 'relay', image: 'docker.io/library/postfix:3', ports: [{ containerPort: 25, name: 'smtp' }] }, { name: 'linkerd-proxy', image: 'cr.l5d.io/linkerd/proxy:edge-25.3.2' }] },
      status: { podIP: '10.7.9.30', podIPs: [{ ip: '10.7.9.30' }] },
    },
    {
      kind: 'Pod',
      metadata: { name: 'search-1', namespace: 'search', annotations: { 'config.linkerd.io/opaque-ports': '8080' }, ownerReferences: [{ kind: 'StatefulSet', name: 'search' }] },
      spec: { containers: [{ name: 'es', image: 'elasticsearch:8', ports: [{ containerPort: 8080, name: 'api' }] }, { name: 'linkerd-proxy', image: 'cr.l5d.io/linkerd/proxy:stable-2.14.10' }] },
      status: { podIP: '10.5.6.70' },
    },
    { kind: 'Pod', metadata: { name: 'legacy-job-1', namespace: 'batch' }, spec: { containers: [{ name: 'job', image: 'busybox' }] }, status: { podIP: '10.5.5.61' } },
    { kind: 'Service', metadata: { name: 'relay', namespace: 'mail' }, spec: { clusterIP: '10.99.7.3', ports: [{ name: 'mail', port: 2525, targetPort: 'smtp' }] } },
    { kind: 'Service', metadata: { name: 'search', namespace: 'search' }, spec: { clusterIP: '10.99.8.8', ports: [{ name: 'api', port: 80, targetPort: 8080 }] } },
    { kind: 'EndpointSlice', metadata: { name: 'relay-x', namespace: 'mail', labels: { 'kubernetes.io/service-name': 'relay' } }, endpoints: [{ addresses: ['10.7.9.30'], targetRef: { kind: 'Pod', name: 'relay-7c9f-abcde' } }] },
    { kind: 'EndpointSlice', metadata: { name: 'search-x', namespace: 'search', labels: { 'kubernetes.io/service-name': 'search' } }, endpoints: [{ addresses: ['10.5.6.70'] }] },
  ],
};

test('--cluster: a ClusterIP becomes the Service, its targetPort name the pod port and protocol, and the fixes name the objects', () => {
  const cluster = parseClusterDump(JSON.stringify(DUMP), 'dump');
  const a = new LogAnalyzer();
  a.begin('f');
  a.pushText(plain(BUILT[15]!) + '\n'); // outbound 10.99.7.3:2525, 2.18+
  const [p] = advise(a.finish().groups, { version: parseLinkerdVersion('2.18'), cluster });
  assert.ok(p);
  assert.equal(p.service, 'mail/relay');
  assert.equal(p.object, 'Deployment/relay -n mail');
  assert.equal(p.protocol, 'smtp');
  assert.equal(p.protocolBasis, 'cluster');
  const app = p.suggestions.find((s) => s.key === 'spec.ports[].appProtocol');
  assert.deepEqual(app?.object, { kind: 'Service', name: 'relay', namespace: 'mail' });
  assert.equal(app?.value, 'linkerd.io/opaque');
  assert.equal(app?.port, 2525);
  assert.equal(p.needsAction, true);
});

test('--cluster, Linkerd 2.10-2.11: gateway-target-missing names the Service port the pod marks opaque and the Service does not', () => {
  const cluster = parseClusterDump(JSON.stringify(DUMP), 'dump');
  const a = new LogAnalyzer();
  a.begin('f');
  a.pushText(plain(BUILT[5]!) + '\n'); // 2.10.0: accept{target.addr=10.5.6.70:4143}
  const [p] = advise(a.finish().groups, { version: parseLinkerdVersion('2.10'), cluster });
  assert.ok(p);
  assert.equal(p.object, 'StatefulSet/search -n search');
  assert.deepEqual(p.suggestions.map((s) => [s.object?.name, s.key, s.value]), [['search', 'config.linkerd.io/opaque-ports', '80']]);
  assert.match(p.meaning[0]!, /pod marks the port opaque but the Service does not/);
});

test('--cluster, Linkerd 2.12+: the same error means no transport header was negotiated; the client pod is named, no annotation is asserted', () => {
  const cluster = parseClusterDump(JSON.stringify(DUMP), 'dump');
  const a = new LogAnalyzer();
  a.begin('f');
  a.pushText(plain(BUILT[14]!) + '\n'); // 2.14.4-2.17: client 10.5.5.61, server 10.5.6.70:4143
  const [p] = advise(a.finish().groups, { version: parseLinkerdVersion('2.14.10'), cluster });
  assert.ok(p);
  assert.deepEqual(p.suggestions, []);
  assert.match(p.meaning[0]!, /without negotiating the transport header/);
  assert.match(p.hints[0]!, /the clients: unmeshed Pod\/legacy-job-1 -n batch/);
  assert.equal(p.needsAction, true);
});

test('--json prints exactly the contract: events, ports, unrecognized', async () => {
  const input = [plain(BUILT[15]!), NOISE[1]!.line, plain(BUILT[8]!)].join('\n') + '\n';
  const io = memoryIo({ stdin: input });
  const code = await main(['logs', '--json'], io);
  assert.equal(code, 1);
  const j = JSON.parse(io.out()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(j), ['events', 'ports', 'unrecognized']);
  const events = j['events'] as Array<Record<string, unknown>>;
  assert.deepEqual(Object.keys(events[0]!), ['source', 'line', 'pod', 'time', 'kind', 'direction', 'client', 'server', 'port']);
  assert.equal(events[0]!['source'], '-');
  const ports = j['ports'] as Array<Record<string, unknown>>;
  assert.deepEqual(Object.keys(ports[0]!), ['direction', 'port', 'server', 'service', 'events', 'protocol', 'suggestions']);
  assert.deepEqual(ports[0]!['events'], { 'outbound-detect-timeout': 1 });
  assert.equal(j['unrecognized'], 1);
});

test('log bytes never reach the terminal raw', async () => {
  const evil = `[pod/x\x1b]0;pwn\x07/linkerd-proxy] ${plain(BUILT[15]!)}\n`;
  const io = memoryIo({ stdin: evil });
  await main(['logs', '--stream'], io);
  assert.doesNotMatch(io.out(), /[\x00-\x08\x0b-\x1f\x7f]/);
});

test('IPv6 destinations and a metrics label with control bytes stay escaped', async () => {
  const v6 = '[  12.000001s]  INFO ThreadId(01) outbound:proxy{addr=[fd00::44]:5222}: linkerd_app_outbound::protocol: Continuing after timeout: 10s';
  const { c } = one(v6);
  assert.deepEqual([c?.server, c?.port], ['[fd00::44]:5222', 5222]);
  const io = memoryIo({ stdin: v6 + '\n' });
  await main(['logs'], io);
  assert.match(io.out(), /outbound \[fd00::44\]:5222/);
  const prom = 'outbound_tcp_detect_http_results_total{result="read_timeout",parent_group="core",parent_kind="Service",parent_namespace="m\\u001b[2J",parent_name="x\x1b]0;t\x07",parent_port="2525",parent_section_name=""} 1\n';
  const m = memoryIo({ stdin: prom });
  await main(['metrics'], m);
  assert.doesNotMatch(m.out(), /[\x00-\x08\x0b-\x1f\x7f]/);
});

test('property: arbitrary text never throws, and any chunking of real and built lines gives the same events', async () => {
  const fc = await import('fast-check');
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      const line = parseLine(s);
      if (line !== null) classify(line);
    }),
    { numRuns: 500 },
  );
  const pool = [...BUILT.map((b) => plain(b)), ...BUILT.map((b) => json(b)), ...REAL.map((r) => r.line), ...NOISE.map((n) => n.line)];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 10 }), (lines, cuts) => {
      const bytes = Buffer.from(lines.join('\n') + '\n');
      const whole = new LogAnalyzer();
      whole.begin('w');
      whole.push(bytes);
      const expected = whole.finish();
      const a = new LogAnalyzer();
      a.begin('w');
      let at = 0;
      for (let i = 0; at < bytes.length; i++) {
        const n = cuts[i % cuts.length] as number;
        a.push(bytes.subarray(at, at + n));
        at += n;
      }
      const got = a.finish();
      assert.deepEqual(got.events, expected.events);
      assert.equal(got.lines, Math.max(1, lines.length));
      assert.equal(got.unrecognized, expected.unrecognized);
    }),
    { numRuns: 200 },
  );
});

test('property: the candidate-word pre-filter drops no line that parsing every line would count', async () => {
  const fc = await import('fast-check');
  // Every line in every form, plus `Connection closed` lines with the errors the proxy logs most
  // (linkerd/app/core/src/serve.rs: any accept error), which the pre-filter skips undecoded.
  const closed = ['read header from client timeout', 'connection reset by peer (os error 104)', 'TLS detection timed out', 'a named target must be provided on gateway connections'].map(
    (e, i) => `[  ${100 + i}.000001s]  INFO ThreadId(01) inbound: linkerd_app_core::serve: Connection closed error=${e} client.addr=10.0.0.${i + 1}:4000${i} server.addr=10.0.1.9:3306`,
  );
  const pool = [...BUILT.flatMap((b) => FORMS.map(([, f]) => f(b))), ...REAL.map((r) => r.line), ...NOISE.map((n) => n.line), ...closed];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 40 }), (lines) => {
      const a = new LogAnalyzer();
      a.begin('p');
      a.push(Buffer.from(lines.join('\n') + '\n'));
      const got = a.finish();
      const kinds: Array<[number, string]> = [];
      let unrecognized = 0;
      lines.forEach((raw, i) => {
        const line = parseLine(raw);
        if (line === null) return;
        const c = classify(line);
        if (c !== null) kinds.push([i + 1, c.kind]);
        else if (isUnrecognized(line)) unrecognized++;
      });
      assert.deepEqual(got.events.map((e) => [e.line, e.kind]), kinds);
      assert.equal(got.unrecognized, unrecognized);
    }),
    { numRuns: 300 },
  );
});

test('2.8 lines (no thread id): the generic DEBUG accept failure parses and is no event; a WARN counts as unrecognized; --linkerd 2.8 says what 2.8 hides', async () => {
  // Built from linkerd/linkerd2-proxy@release/v2.100.0 (Linkerd 2.8): the uptime timer and full formatter
  // without thread ids (linkerd/app/core/src/trace.rs), the root span (linkerd/app/src/lib.rs
  // `info_span!("outbound")`), the accept span (linkerd/app/core/src/serve.rs `info_span!("accept",
  // peer.addr)`), `tracing::debug!(%error, "Accept failed")` (linkerd/app/core/src/accept_error.rs) with
  // the detection timeout's error (tower::timeout `request timed out`, `.push_timeout(detect_protocol_timeout)`
  // in linkerd/app/outbound/src/lib.rs), and `tracing::warn!("failed to set nodelay: {}", e)`
  // (linkerd/proxy/transport/src/lib.rs).
  const accept = '[   812.441190s] DEBUG outbound:accept{peer.addr=10.4.0.7:43512}: linkerd2_app_core::accept_error: Accept failed error=request timed out';
  const warn = '[   812.500001s]  WARN inbound:accept{peer.addr=10.4.0.9:51000}: linkerd2_proxy_transport: failed to set nodelay: Invalid argument (os error 22)';
  const l = parseLine(accept);
  assert.ok(l !== null);
  assert.equal(l.level, 'DEBUG');
  assert.deepEqual(l.spans.map((s) => s.name), ['outbound', 'accept']);
  assert.equal(l.spans[1]?.fields['peer.addr'], '10.4.0.7:43512');
  assert.equal(l.target, 'linkerd2_app_core::accept_error');
  assert.equal(classify(l), null);
  const w = parseLine(warn);
  assert.equal(w?.level, 'WARN');
  assert.equal(w?.target, 'linkerd2_proxy_transport');
  const a = new LogAnalyzer();
  a.begin('p');
  a.push(Buffer.from(`${accept}\n${warn}\n`));
  const r = a.finish();
  assert.equal(r.events.length, 0);
  assert.equal(r.unrecognized, 1);
  assert.equal(r.sawDebug, true);
  const m = memoryIo({ stdin: `${accept}\n` });
  const code = await main(['logs', '--linkerd', '2.8'], m);
  assert.equal(code, 0);
  assert.match(m.out() + m.err(), /Linkerd 2\.8 logs no protocol-detection timeout at the default log level/);
});
