/** JSON report of a probe run: `{ "results": [...] }` (schema: docs/commands/probe.md). Pure; never colored. */
import type { TargetResult } from '../probe/types.js';

export interface ProbeJson {
  readonly results: readonly TargetResult[];
}

export function renderProbeJson(results: readonly TargetResult[]): string {
  return JSON.stringify({ results } satisfies ProbeJson, null, 2) + '\n';
}
