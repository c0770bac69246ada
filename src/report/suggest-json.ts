/** `suggest --format json`: a list of suggestions (schema in docs/commands/suggest.md). */
import type { SuggestReport } from './suggest-report.js';

export function renderSuggestJson(report: SuggestReport): string {
  const list = report.suggestions.map((s) => ({
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
  }));
  return JSON.stringify(list, null, 2) + '\n';
}
