/**
 * JSON report of a probe run: `{ "results": [...] }` (schema: docs/commands/probe.md). Pure; never colored.
 * Suggestions are written in exactly the shape of `protocheck suggest --format json` (every key present).
 */
import type { Suggestion } from '../linkerd/model.js';
import type { TargetResult } from '../probe/types.js';

/** One suggestion as `suggest --format json` writes it (src/report/suggest-json.ts). */
export function suggestionJson(s: Suggestion): Record<string, unknown> {
  return {
    target: s.target,
    key: s.key,
    value: s.value,
    reason: s.reason,
    docs: s.docs,
    object: s.object ?? null,
    rule: s.rule ?? null,
    current: s.current ?? null,
    port: s.port ?? null,
    alternative: s.alternative ?? false,
    notes: s.notes ?? [],
  };
}

export function renderProbeJson(results: readonly TargetResult[]): string {
  const out = results.map((r) => ({ ...r, suggestions: r.suggestions.map(suggestionJson) }));
  return JSON.stringify({ results: out }, null, 2) + '\n';
}
