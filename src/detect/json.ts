/** The JSON contract of `protocheck detect --json` (docs/commands/detect.md): the mapping and its JSON Schema. */
import type { DetectResult } from './detect.js';
import { sniOf } from './tls-client-hello.js';
import { INBOUND_WORDS, OUTBOUND_WORDS } from './words.js';
import { HTTPARSE_GRAMMARS } from './httparse-grammars.js';
import { HTTP_VERDICTS, PROXY_DETECTORS } from './http-detect.js';
import { FAMILIES } from '../linkerd/version.js';
import { PROTOCOL_IDS } from '../protocols/index.js';

export function detectJson(d: DetectResult): unknown {
  return {
    length: d.length,
    reads: { given: d.reads.given, used: d.reads.used, needsMore: d.reads.needsMore, closed: d.reads.closed },
    http: d.http,
    tls: {
      state: d.tls.state,
      sni: sniOf(d.tls),
      alpn: d.tls.alpn,
      recordVersion: d.tls.recordVersion,
      helloVersion: d.tls.helloVersion,
      supportedVersions: d.tls.supportedVersions,
    },
    protocol: d.protocol,
    identification: d.identification,
    linkerd: {
      version: d.linkerd.version,
      family: d.linkerd.family,
      detector: d.linkerd.detector,
      inbound: d.linkerd.inbound,
      outbound: d.linkerd.outbound,
      inboundKey: d.linkerd.inboundKey,
      outboundKey: d.linkerd.outboundKey,
      httparse: d.linkerd.httparse,
      httpExamined: d.linkerd.httpExamined,
      http1: d.linkerd.http1,
      tlsStuck: d.tls.state === 'incomplete' && d.tls.stuck,
    },
  };
}

const u16 = { type: 'integer', minimum: 0, maximum: 65535 } as const;

export const DETECT_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'protocheck detect --json',
  type: 'object',
  additionalProperties: false,
  required: ['length', 'reads', 'http', 'tls', 'protocol', 'identification', 'linkerd'],
  properties: {
    length: { type: 'integer', minimum: 0 },
    reads: {
      type: 'object',
      additionalProperties: false,
      required: ['given', 'used', 'needsMore', 'closed'],
      properties: {
        given: { type: 'integer', minimum: 0 },
        used: { type: 'integer', minimum: 0 },
        needsMore: { type: 'boolean' },
        closed: { type: 'boolean' },
      },
    },
    http: { enum: [...HTTP_VERDICTS] },
    tls: {
      type: 'object',
      additionalProperties: false,
      required: ['state', 'sni', 'alpn', 'recordVersion', 'helloVersion', 'supportedVersions'],
      properties: {
        state: { enum: ['sni', 'no-sni', 'not-tls', 'incomplete'] },
        sni: { type: ['string', 'null'] },
        alpn: { type: 'array', items: { type: 'string' } },
        recordVersion: { anyOf: [u16, { type: 'null' }] },
        helloVersion: { anyOf: [u16, { type: 'null' }] },
        supportedVersions: { type: 'array', items: u16 },
      },
      if: { properties: { state: { const: 'sni' } } },
      then: { properties: { sni: { type: 'string', minLength: 1 } } },
      else: { properties: { sni: { type: 'null' } } },
    },
    protocol: { anyOf: [{ enum: [...PROTOCOL_IDS] }, { type: 'null' }] },
    identification: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['protocol', 'product', 'version', 'signature', 'hard'],
          properties: {
            protocol: { enum: [...PROTOCOL_IDS] },
            product: { type: ['string', 'null'] },
            version: { type: ['string', 'null'] },
            signature: { type: 'string' },
            hard: { type: 'boolean' },
            info: { type: 'string' },
          },
          additionalProperties: false,
        },
      ],
    },
    linkerd: {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'family', 'detector', 'inbound', 'outbound', 'inboundKey', 'outboundKey', 'httparse', 'httpExamined', 'http1', 'tlsStuck'],
      properties: {
        version: { type: 'string' },
        family: { enum: [...FAMILIES] },
        detector: { enum: [...PROXY_DETECTORS] },
        inbound: { type: 'string', minLength: 1 },
        outbound: { type: 'string', minLength: 1 },
        inboundKey: { enum: Object.keys(INBOUND_WORDS) },
        outboundKey: { enum: Object.keys(OUTBOUND_WORDS) },
        httparse: { enum: Object.keys(HTTPARSE_GRAMMARS) },
        httpExamined: { type: 'integer', minimum: 0 },
        http1: { enum: ['complete', 'partial', 'too-many-headers', 'partial-in-method', 'invalid', null] },
        tlsStuck: { type: 'boolean' },
      },
    },
  },
} as const;
