/**
 * The `--json` output validated against the schema documented in docs/commands/probe.md, on a run
 * that covers a server-first port, a TLS port, an HTTP port, a silent port and a refused one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { Ajv } from 'ajv';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { startDemoServers, type DemoServers } from '../../src/probe/demo-servers.js';
import { SUGGEST_JSON_SCHEMA } from '../../src/report/suggest-json.js';

const nullable = (schema: object): object => ({ anyOf: [schema, { type: 'null' }] });
const shown = { type: 'object', required: ['text', 'hex', 'length'], additionalProperties: false, properties: { text: { type: 'string', pattern: '^[\\x20-\\x7e]*$' }, hex: { type: 'string', pattern: '^([0-9a-f]{2})*$' }, length: { type: 'integer' } } };
const clientBytes = {
  type: 'object',
  required: ['http', 'tls', 'sni', 'protocol', 'inbound', 'outbound'],
  properties: { http: { enum: ['http1', 'h2', 'not-http', 'timeout'] }, tls: { enum: ['sni', 'no-sni', 'not-tls', 'incomplete'] }, sni: nullable({ type: 'string' }), protocol: nullable({ type: 'string' }), inbound: { type: 'string' }, outbound: { type: 'string' } },
};
const identification = { type: 'object', required: ['protocol', 'product', 'version', 'signature', 'hard'] };
export const PROBE_JSON_SCHEMA = {
  type: 'object',
  required: ['results', 'fixes', 'summary'],
  additionalProperties: false,
  properties: {
    fixes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['host', 'ports', 'suggestions'],
        additionalProperties: false,
        properties: { host: { type: 'string' }, ports: { type: 'array', items: { type: 'integer' } }, suggestions: { type: 'array', items: SUGGEST_JSON_SCHEMA.items } },
      },
    },
    summary: {
      type: 'object',
      required: ['ports', 'open', 'serverFirst', 'unidentified', 'needChange', 'closed'],
      additionalProperties: false,
      properties: Object.fromEntries(['ports', 'open', 'serverFirst', 'unidentified', 'needChange', 'closed'].map((k) => [k, { type: 'integer', minimum: 0 }])),
    },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['target', 'host', 'address', 'port', 'state', 'firstSpeaker', 'firstByteMs', 'protocol', 'version', 'product', 'signature', 'candidates', 'banner', 'tls', 'http', 'passive', 'probes', 'send', 'linkerd', 'suggestions', 'notes', 'error'],
        additionalProperties: false,
        properties: {
          target: { type: 'string' },
          host: { type: 'string' },
          address: nullable({ type: 'string' }),
          port: { type: 'integer', minimum: 1, maximum: 65535 },
          state: { enum: ['open', 'refused', 'timeout', 'unreachable', 'reset', 'error'] },
          firstSpeaker: { enum: ['server', 'client', null] },
          firstByteMs: nullable({ type: 'integer', minimum: 0 }),
          protocol: nullable({ type: 'string' }),
          version: nullable({ type: 'string' }),
          product: nullable({ type: 'string' }),
          signature: nullable({ type: 'string' }),
          candidates: { type: 'array', items: { type: 'string' } },
          banner: nullable(shown),
          tls: nullable({
            type: 'object',
            required: ['version', 'alpn', 'subject', 'sans', 'notAfter', 'alpnRejected', 'innerProtocol', 'innerFirstSpeaker', 'innerBanner'],
            properties: { sans: { type: 'array', items: { type: 'string' } }, innerFirstSpeaker: { enum: ['server', 'client', null] }, innerBanner: nullable(shown) },
          }),
          http: nullable({ type: 'object', required: ['status', 'server'], properties: { status: { type: 'integer' } } }),
          passive: { type: 'object', required: ['outcome', 'atMs', 'connectMs'], properties: { outcome: { enum: ['banner', 'silent', 'closed', 'reset', 'not-connected'] } } },
          probes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'sent', 'received', 'outcome', 'identification', 'firstByteMs', 'detail', 'linkerd'],
              properties: {
                id: { type: 'string' },
                sent: shown,
                received: nullable(shown),
                outcome: { enum: ['identified', 'no-match', 'no-reply', 'closed', 'reset', 'refused', 'error', 'cancelled'] },
                identification: nullable(identification),
                linkerd: clientBytes,
              },
            },
          },
          send: nullable(clientBytes),
          linkerd: nullable({
            type: 'object',
            required: ['covered', 'outcome', 'action', 'delaySeconds', 'explanation', 'server', 'inClusterNetworks'],
            properties: {
              covered: { type: 'boolean' },
              server: { enum: ['meshed', 'unmeshed', 'external'] },
              inClusterNetworks: { type: ['boolean', 'null'] },
              outcome: { type: 'object', required: ['meshedClient', 'unmeshedClient'] },
              action: { enum: ['none', 'opaque', 'skip-outbound', 'skip-inbound', 'declare-protocol'] },
              explanation: { type: 'array', items: { type: 'string' } },
            },
          }),
          // Exactly the items of `suggest --format json`.
          suggestions: { type: 'array', items: SUGGEST_JSON_SCHEMA.items },
          notes: { type: 'array', items: { type: 'string' } },
          error: nullable({ type: 'string' }),
        },
      },
    },
  },
};

let demo: DemoServers;
let refusedPort = 0;
before(async () => {
  demo = await startDemoServers();
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  refusedPort = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
});
after(() => demo.stop());

test('--json output matches the documented schema', async () => {
  const io = memoryIo();
  const targets = [...demo.servers.map((s) => `127.0.0.1:${s.port}`), `127.0.0.1:${refusedPort}`];
  const code = await main([...targets, '--json', '--wait', '800ms', '--send', '160301'], io);
  assert.equal(code, 1);
  const json: unknown = JSON.parse(io.out());
  const validate = new Ajv({ allErrors: true, strict: false }).compile(PROBE_JSON_SCHEMA);
  assert.ok(validate(json), JSON.stringify(validate.errors, null, 2));
  const results = (json as { results: Array<{ state: string; protocol: string | null; suggestions: unknown[] }> }).results;
  assert.ok((results[0]?.suggestions.length ?? 0) > 0, 'the greeting server gets suggestions');
  assert.deepEqual(results.map((r) => r.state), ['open', 'open', 'open', 'open', 'refused']);
  assert.deepEqual(results.map((r) => r.protocol), ['smtp', 'http', 'tls', 'unknown', null]);
});
