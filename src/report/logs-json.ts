/**
 * JSON report of `protocheck logs` (schema: docs/commands/logs.md): exactly `events`, `ports` and
 * `unrecognized`. Pure; never colored; strings from the log are JSON-escaped by JSON.stringify.
 */
import type { LogAnalysis } from '../logs/analyze.js';
import type { PortAdvice } from '../logs/advice.js';
import { LOG_EVENT_KINDS } from '../logs/classify.js';
import { suggestionJson } from './suggestion-json.js';

export function logsJson(a: LogAnalysis, ports: readonly PortAdvice[]): Record<string, unknown> {
  return {
    events: a.events.map((e) => ({
      source: e.source, line: e.line, pod: e.pod, time: e.time, kind: e.kind, direction: e.direction, client: e.client, server: e.server, port: e.port,
    })),
    ports: ports.map((p) => ({
      direction: p.direction,
      port: p.port,
      server: p.server,
      service: p.service,
      // Kinds in the contract's order, only those seen.
      events: Object.fromEntries(LOG_EVENT_KINDS.filter((k) => p.events[k] !== undefined).map((k) => [k, p.events[k]])),
      protocol: p.protocol,
      suggestions: p.suggestions.map(suggestionJson),
    })),
    unrecognized: a.unrecognized,
  };
}

export function renderLogsJson(a: LogAnalysis, ports: readonly PortAdvice[]): string {
  return JSON.stringify(logsJson(a, ports), null, 2) + '\n';
}
