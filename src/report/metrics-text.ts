/**
 * Text report of `protocheck metrics`: the ports that need a change first (counters, why, fixes), then
 * a table of every port the counters name. Label values come from the input and are escaped. Pure.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { MetricsPortReport } from './metrics-json.js';
import type { Suggestion } from '../linkerd/model.js';
import { escapeControls, escapeText } from '../term/escape.js';

export interface MetricsTextOptions {
  readonly chalk: ChalkInstance;
  readonly linkerd: string;
  readonly samples: number;
  readonly notes: readonly string[];
}

const BARE = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' };

function where(r: MetricsPortReport): string {
  const g = r.group;
  const name = g.service ?? (g.serverName !== null ? `Server ${g.serverName}` : g.parentKind === 'default' ? 'egress fallback' : null);
  return `${g.direction}${name === null ? '' : ` ${escapeText(name)}`}${g.port === null ? '' : ` port ${g.port}`}`;
}

function fix(s: Suggestion, c: ChalkInstance): string {
  const on = s.object === undefined ? s.target : `${s.object.kind}/${s.object.name}${s.object.namespace === undefined ? '' : ` -n ${s.object.namespace}`}`;
  const port = s.key.startsWith('spec.') && s.port !== undefined ? ` (port ${s.port})` : '';
  // Object names and values may come from a cluster dump or metric labels: control bytes escaped.
  return c.bold(escapeControls(`${s.alternative === true ? 'or: ' : 'fix: '}${on}: ${s.key}${port}: "${s.value}"`)) + ` (${escapeControls(s.reason)})`;
}

export function renderMetricsText(reports: readonly MetricsPortReport[], o: MetricsTextOptions): string {
  const c = o.chalk;
  let out = `${o.samples} samples, ${reports.length} port${reports.length === 1 ? '' : 's'} with detection counters; ${o.linkerd}\n`;
  const blocks: string[] = [];
  for (const r of reports) {
    if (!r.needsAction) continue;
    const g = r.group;
    const lines: string[] = [];
    if (r.protocol !== null) lines.push(`protocol: ${r.protocol}? (from the port number)`);
    if (g.detectTimeouts > 0) lines.push(`why: ${g.detectTimeouts} detection${g.detectTimeouts === 1 ? '' : 's'} timed out (result="read_timeout"): each stalled 10 s waiting for the ${g.direction === 'outbound' ? "application's" : "client's"} first bytes`);
    if (g.tlsDetectTimeouts > 0) lines.push(`why: ${g.tlsDetectTimeouts} connection${g.tlsDetectTimeouts === 1 ? '' : 's'} closed because no TLS ClientHello (nor anything) arrived within 10 s (error="tls detection timeout")`);
    if (r.atRisk) lines.push(`why: ${g.detectConnections} connection${g.detectConnections === 1 ? '' : 's'} to this port went through detection (protocol="detect") and its protocol is server-first: at risk of the 10 s stall`);
    for (const s of r.suggestions) lines.push(fix(s, c));
    for (const h of r.hints) lines.push(`hint: ${escapeControls(h)}`);
    blocks.push(`${c.bold(where(r))}: ${c.red('needs a change')}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  if (blocks.length > 0) out += `\n${blocks.join('\n\n')}\n`;
  if (reports.length > 0) {
    const t = new Table({ head: ['WHERE', 'TIMEOUTS', 'SLOW', 'TLS TIMEOUTS', 'AT RISK'], style: { head: [], border: [] }, chars: BARE });
    for (const r of reports) t.push([where(r), String(r.group.detectTimeouts), String(r.group.slowDetections), String(r.group.tlsDetectTimeouts), r.atRisk ? c.red('yes') : 'no']);
    out += '\n' + t.toString().split('\n').map((l) => l.replace(/^ /, '').trimEnd()).join('\n') + '\n';
  } else {
    out += '\nno protocol-detection counter in the input\n';
  }
  for (const n of o.notes) out += `note: ${n}\n`;
  return out;
}
