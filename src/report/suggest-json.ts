/** `suggest --format json`: a list of suggestions (schema below and in docs/commands/suggest.md). */
import type { SuggestReport } from './suggest-report.js';
import { suggestionJson } from './suggestion-json.js';

const STR = { type: 'string' } as const;

/** JSON Schema (draft-07) of `protocheck suggest --format json`. */
export const SUGGEST_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'protocheck suggest --format json',
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['target', 'key', 'value', 'reason', 'docs', 'object', 'rule', 'current', 'port', 'alternative', 'notes'],
    properties: {
      target: { enum: ['pod-template', 'service', 'namespace', 'server', 'egress-network', 'client-pod'] },
      key: { anyOf: [{ enum: ['spec.ports[].appProtocol', 'spec.proxyProtocol'] }, { type: 'string', pattern: '^config\\.linkerd\\.io/(opaque-ports|skip-inbound-ports|skip-outbound-ports)$' }] },
      value: { type: 'string', pattern: '^[^\\s]*$' },
      reason: { type: 'string', minLength: 1 },
      docs: { type: 'string', pattern: '^https://linkerd\\.io/' },
      object: {
        anyOf: [
          { type: 'null' },
          { type: 'object', additionalProperties: false, required: ['kind', 'name'], properties: { kind: STR, name: STR, namespace: STR } },
        ],
      },
      rule: {
        enum: ['service-app-protocol', 'service-opaque-ports', 'server-proxy-protocol', 'pod-opaque-ports', 'namespace-opaque-ports', 'egress-network-opaque-ports', 'client-skip-outbound', 'pod-skip-inbound', 'pod-skip-outbound', null],
      },
      current: { type: ['string', 'null'] },
      port: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 1, maximum: 65535 }] },
      alternative: { type: 'boolean' },
      notes: { type: 'array', items: STR },
    },
  },
} as const;

export function renderSuggestJson(report: SuggestReport): string {
  const list = report.suggestions.map(suggestionJson);
  return JSON.stringify(list, null, 2) + '\n';
}
