/** The text of a finding as every lint report shows it: the rule's message, then who runs the pods. Pure. */
import type { Finding } from '../lint/types.js';

export function findingText(f: Finding): string {
  if (f.runsUnder === null) return f.message;
  return `${f.message} (the pods run under ${f.runsUnder}, whose workloadRef names this ${f.object?.kind ?? 'object'})`;
}
