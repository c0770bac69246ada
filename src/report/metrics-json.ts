/** JSON report of `protocheck metrics` (schema: docs/commands/metrics.md): exactly `{ ports: [...] }`. Pure. */
import type { MetricsGroup } from '../metrics/analyze.js';
import type { Suggestion } from '../linkerd/model.js';
import { suggestionJson } from './suggestion-json.js';

export interface MetricsPortReport {
  readonly group: MetricsGroup;
  readonly atRisk: boolean;
  readonly protocol: string | null;
  readonly suggestions: readonly Suggestion[];
  readonly hints: readonly string[];
  readonly needsAction: boolean;
}

export function renderMetricsJson(reports: readonly MetricsPortReport[]): string {
  const ports = reports.map((r) => ({
    direction: r.group.direction,
    service: r.group.service,
    port: r.group.port,
    detectTimeouts: r.group.detectTimeouts,
    slowDetections: r.group.slowDetections,
    tlsDetectTimeouts: r.group.tlsDetectTimeouts,
    atRisk: r.atRisk,
    suggestions: r.suggestions.map(suggestionJson),
  }));
  return JSON.stringify({ ports }, null, 2) + '\n';
}
