/**
 * One Suggestion as every `--json` output writes it (suggest, probe, capture, lint): the same keys
 * in the same order, optional fields as null/false/[] so consumers need not test for presence.
 */
import type { Suggestion } from '../linkerd/model.js';

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
