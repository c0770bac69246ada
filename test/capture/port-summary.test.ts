/** Per-port aggregation: first speaker with counts, protocol by strongest evidence, observed greeting-wait overriding the knowledge base; JSON shape of the issue. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { analyzeBytes } from '../../src/capture/analyze.js';
import { summarizePorts } from '../../src/capture/port-summary.js';
import { renderCaptureJson } from '../../src/report/capture-json.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { conversation, pcap, type IpPacket } from './helpers/synth.js';

const version = parseLinkerdVersion('latest');
const C = '10.0.0.1';
const S = '10.0.0.2';

function flows(n: number, sport: number, say: Parameters<typeof conversation>[0]['say'], base = 0): IpPacket[] {
  const out: IpPacket[] = [];
  for (let i = 0; i < n; i++) out.push(...conversation({ client: C, server: S, cport: 41000 + base + i, sport, startMs: 1_700_000_000_000 + (base + i) * 10, say }));
  return out;
}

test('flows that disagree: the majority first speaker, with counts', () => {
  const a = analyzeBytes(pcap([...flows(3, 9999, [{ from: 'server', bytes: 'hello\r\n' }]), ...flows(1, 9999, [{ from: 'client', bytes: 'hi\r\n' }], 10)], { linkType: 101 }), { version });
  const [p] = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed' });
  assert.ok(p);
  assert.equal(p.flows, 4);
  assert.equal(p.firstSpeaker, 'server');
  assert.deepEqual(p.firstSpeakerCounts, { client: 1, server: 3, none: 0 });
  assert.equal(p.disagree, true);
});

test('an unknown server-first protocol on an unknown port still needs action: the observed wait overrides the knowledge base', () => {
  const a = analyzeBytes(pcap(flows(2, 9999, [{ from: 'server', bytes: '\x01\x02weird greeting' }, { from: 'client', bytes: 'ok' }]), { linkType: 101 }), { version });
  const [p] = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed' });
  assert.ok(p);
  assert.equal(p.clientWaitsForGreeting, true);
  assert.equal(p.needsAction, true);
  assert.notEqual(p.prediction.experience, 'works');
});

test('client-first traffic on a well-known server-first port is judged on what the flows showed', () => {
  const a = analyzeBytes(pcap(flows(1, 4222, [{ from: 'client', bytes: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' }]), { linkType: 101 }), { version });
  const [p] = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed' });
  assert.equal(p?.protocol, 'http');
  assert.equal(p?.protocolBasis, 'client-bytes');
  assert.equal(p?.clientWaitsForGreeting, false);
  assert.equal(p?.needsAction, false);
});

test('--opaque-ports covering the port: covered, exit-code 0 material', () => {
  const a = analyzeBytes(pcap(flows(1, 4222, [{ from: 'server', bytes: 'INFO {"server_id":"x"}\r\n' }, { from: 'client', bytes: 'CONNECT {}\r\n' }]), { linkType: 101 }), { version });
  const [open] = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed' });
  const [fixed] = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed', opaquePorts: '4222' });
  assert.equal(open?.needsAction, true);
  assert.equal(fixed?.needsAction, false);
});

test('JSON has the issue schema: flows, ports, skipped with the listed keys', () => {
  const a = analyzeBytes(pcap([...flows(1, 4222, [{ from: 'server', bytes: 'INFO {}\r\n' }]), ...flows(1, 80, [{ from: 'client', bytes: 'GET / HTTP/1.1\r\n\r\n' }], 5)], { linkType: 1 }), { version });
  const ports = summarizePorts(a.flows, { version, client: 'meshed', server: 'meshed' });
  const json = JSON.parse(renderCaptureJson(a, ports, { file: 'x.pcap', linkerd: version.label, client: 'meshed', server: 'meshed' })) as unknown;
  const schema = {
    type: 'object',
    required: ['flows', 'ports', 'skipped'],
    properties: {
      flows: {
        type: 'array',
        items: {
          type: 'object',
          required: ['client', 'server', 'firstSpeaker', 'gapMs', 'protocol', 'http', 'tls'],
          properties: {
            client: { type: 'string' },
            server: { type: 'string' },
            firstSpeaker: { enum: ['client', 'server', 'none'] },
            gapMs: { type: ['number', 'null'] },
            protocol: { type: ['string', 'null'] },
            http: { enum: ['http1', 'h2', 'not-http', 'timeout'] },
            tls: { type: 'object', required: ['state', 'sni', 'alpn'] },
          },
        },
      },
      ports: {
        type: 'array',
        items: {
          type: 'object',
          required: ['port', 'flows', 'firstSpeaker', 'protocol', 'linkerd', 'suggestions'],
          properties: { port: { type: 'integer' }, flows: { type: 'integer' }, linkerd: { type: 'object', required: ['covered', 'action', 'outcome'] }, suggestions: { type: 'array' } },
        },
      },
      skipped: { type: 'object', additionalProperties: { type: 'integer' } },
    },
  };
  const ajv = new Ajv.default({ allErrors: true });
  const ok = ajv.validate(schema, json);
  assert.ok(ok, JSON.stringify(ajv.errors));
  const j = json as { ports: { port: number }[]; flows: { firstSpeaker: string }[] };
  assert.deepEqual(j.ports.map((p) => p.port), [80, 4222]);
  assert.deepEqual(j.flows.map((f) => f.firstSpeaker), ['server', 'client']);
});
