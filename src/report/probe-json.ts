/**
 * JSON report of a probe run: `{ "results": [...], "fixes": [...], "summary": {...} }` (schema:
 * docs/commands/probe.md). Pure; never colored. Suggestions are written in exactly the shape of
 * `protocheck suggest --format json` (every key present). Written one result at a time
 * (probeJsonChunks), so a 65,535-port sweep never builds one huge string.
 */
import { suggestionJson } from './suggestion-json.js';
import type { HostFix } from '../probe/mesh.js';
import type { TargetResult } from '../probe/types.js';

export interface ProbeJsonSummary {
  readonly ports: number;
  readonly open: number;
  readonly serverFirst: number;
  readonly unidentified: number;
  readonly needChange: number;
  readonly closed: number;
}

export function probeJsonSummary(results: readonly TargetResult[]): ProbeJsonSummary {
  let open = 0;
  let serverFirst = 0;
  let unidentified = 0;
  let needChange = 0;
  let closed = 0;
  for (const r of results) {
    if (r.state === 'refused') closed++;
    if (r.state !== 'open') continue;
    open++;
    if (r.firstSpeaker === 'server') serverFirst++;
    if (r.protocol === null || r.protocol === 'unknown') unidentified++;
    if (r.linkerd.action !== 'none' || !r.linkerd.covered) needChange++;
  }
  return { ports: results.length, open, serverFirst, unidentified, needChange, closed };
}

const indent = (json: string, by: string): string => json.replace(/\n/g, `\n${by}`);

/** The report as chunks, in order; their concatenation is the whole document. */
export function* probeJsonChunks(results: readonly TargetResult[], fixes: readonly HostFix[] = []): Generator<string> {
  yield '{\n  "results": [';
  for (let i = 0; i < results.length; i++) {
    const r = results[i] as TargetResult;
    yield `${i === 0 ? '\n' : ',\n'}    ${indent(JSON.stringify({ ...r, suggestions: r.suggestions.map(suggestionJson) }, null, 2), '    ')}`;
  }
  yield results.length === 0 ? '],\n' : '\n  ],\n';
  const f = fixes.map((x) => ({ host: x.host, ports: x.ports, suggestions: x.suggestions.map(suggestionJson) }));
  yield `  "fixes": ${indent(JSON.stringify(f, null, 2), '  ')},\n`;
  yield `  "summary": ${indent(JSON.stringify(probeJsonSummary(results), null, 2), '  ')}\n}\n`;
}

export function renderProbeJson(results: readonly TargetResult[], fixes: readonly HostFix[] = []): string {
  return [...probeJsonChunks(results, fixes)].join('');
}
