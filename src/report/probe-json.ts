/**
 * JSON report of a probe run: `{ "results": [...] }` (schema: docs/commands/probe.md). Pure; never colored.
 * Suggestions are written in exactly the shape of `protocheck suggest --format json` (every key present).
 */
import { suggestionJson } from './suggestion-json.js';
import type { TargetResult } from '../probe/types.js';

export function renderProbeJson(results: readonly TargetResult[]): string {
  const out = results.map((r) => ({ ...r, suggestions: r.suggestions.map(suggestionJson) }));
  return JSON.stringify({ results: out }, null, 2) + '\n';
}
