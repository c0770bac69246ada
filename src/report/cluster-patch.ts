/**
 * `protocheck cluster --format patch`: the fixes of every Service port that needs a change, as the
 * `kubectl` commands `suggest --format patch` prints (same quoting), each object's change once.
 */
import type { Suggestion } from '../linkerd/model.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import { renderSuggestPatch } from './suggest-patch.js';
import { escapeText } from '../term/escape.js';
import type { ServicePortJson } from '../cluster/types.js';

export function renderClusterPatch(entries: readonly ServicePortJson[], version: LinkerdVersion): string {
  const out: string[] = ['#!/bin/sh', '# protocheck cluster --format patch: review, then run (set -e stops at the first failure).', 'set -e'];
  const seen = new Set<string>();
  let any = false;
  for (const e of entries) {
    const fresh = e.suggestions.filter((s) => {
      const key = JSON.stringify([s['target'], s['key'], s['value'], s['object'], s['port']]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length === 0) continue;
    any = true;
    const suggestions = fresh.map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null)) as unknown as Suggestion);
    out.push('', `# ${escapeText(e.namespace)}/${escapeText(e.name)} port ${e.port} (meshed clients: ${e.outcomes.meshedClients}, unmeshed clients: ${e.outcomes.unmeshedClients})`);
    out.push(renderSuggestPatch({ version, ports: [], suggestions, warnings: [], context: { external: false } }).trimEnd());
  }
  if (!any) out.push('', '# nothing to change');
  return out.join('\n') + '\n';
}
