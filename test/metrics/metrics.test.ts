/** `protocheck metrics`: counters per direction and port from fixtures built from the proxy's metric names and labels. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeMetrics, atRisk } from '../../src/metrics/analyze.js';
import { parseSample } from '../../src/metrics/prometheus.js';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { REPO_ROOT } from '../helpers/golden.js';

const FX = join(REPO_ROOT, 'test/metrics/fixtures');
const NEW = readFileSync(join(FX, 'v2.366.0-two-pods.prom'), 'utf8');
const OLD = readFileSync(join(FX, 'v2.268.0-no-detect-metrics.prom'), 'utf8');

test('Prometheus samples: labels by name in any order, escapes, +Inf, junk', () => {
  assert.deepEqual(parseSample('a_total{b="x\\"y",c="1\\\\2\\n"} 3'), { name: 'a_total', labels: { b: 'x"y', c: '1\\2\n' }, value: 3 });
  assert.deepEqual(parseSample('x{le="+Inf"} +Inf 1700000000'), { name: 'x', labels: { le: '+Inf' }, value: Infinity });
  for (const bad of ['{a="b"} 1', 'x{a=b} 1', 'x{a="b} 1', 'x NaNx', 'x']) assert.equal(parseSample(bad), null, bad);
});

test('per port: timeouts summed over pods, slow = +Inf - 0.1 bucket, TLS timeouts by target_addr port, at risk only for server-first ports', () => {
  const a = analyzeMetrics(NEW);
  assert.equal(a.hasDetectMetrics, true);
  const by = (dir: string, service: string | null, port: number | null) => a.groups.find((g) => g.direction === dir && g.service === service && g.port === port);
  const relay = by('outbound', 'mail/relay', 2525);
  assert.deepEqual([relay?.detectTimeouts, relay?.slowDetections, relay?.tlsDetectTimeouts], [8, 7, 0]);
  assert.equal(by('outbound', 'web/front', 80)?.slowDetections, 2);
  assert.equal(by('outbound', null, null)?.detectTimeouts, 2); // egress fallback: no Service, no port
  assert.equal(by('inbound', null, 9042)?.detectTimeouts, 3);
  assert.equal(by('inbound', null, 7000)?.tlsDetectTimeouts, 2);
  assert.equal(by('inbound', null, 8080)?.detectTimeouts ?? 0, 0);
  assert.equal(atRisk(by('outbound', 'nats/nats', 4222)!), true);
  // 3307 is no knowledge-base port of one protocol: not called server-first.
  assert.equal(atRisk(by('outbound', 'db/mysql', 3307)!), false);
  // opaq connections are not at risk.
  assert.equal(by('outbound', 'db/pg', 5432), undefined);
});

test('--json: exactly { ports: [...] } with the contract keys; exit 1', async () => {
  const io = memoryIo({ stdin: NEW });
  const code = await main(['metrics', '--json'], io);
  assert.equal(code, 1);
  const j = JSON.parse(io.out()) as { ports: Array<Record<string, unknown>> };
  assert.deepEqual(Object.keys(j), ['ports']);
  for (const p of j.ports) assert.deepEqual(Object.keys(p), ['direction', 'service', 'port', 'detectTimeouts', 'slowDetections', 'tlsDetectTimeouts', 'atRisk', 'suggestions']);
  const relay = j.ports.find((p) => p['service'] === 'mail/relay')!;
  const s = (relay['suggestions'] as Array<Record<string, unknown>>)[0]!;
  assert.deepEqual([s['key'], s['value'], s['object']], ['spec.ports[].appProtocol', 'linkerd.io/opaque', { kind: 'Service', name: 'relay', namespace: 'mail' }]);
  assert.equal(io.err(), '');
});

test('a proxy older than 2.18: one line naming the missing counters and pointing to logs; TLS timeouts still counted', async () => {
  const io = memoryIo({ stdin: OLD });
  const code = await main(['metrics', '--linkerd', '2.17'], io);
  assert.equal(code, 1);
  assert.match(io.out(), /note: no outbound_tcp_detect_http_results_total or inbound_tcp_detect_http_results_total in the input: the proxy is older than Linkerd 2\.18/);
  assert.match(io.out(), /4 connections closed because no TLS ClientHello/);
});

test('no sample at all: exit 2 with one line', async () => {
  const io = memoryIo({ stdin: '# HELP nothing\nnot a sample line {\n' });
  assert.equal(await main(['metrics'], io), 2);
  assert.equal(io.err().split('\n')[0], 'protocheck: standard input: no Prometheus sample');
});
