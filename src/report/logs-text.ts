/**
 * Text report of `protocheck logs`: the ports that need a change first (what the events mean, the
 * protocol, the fixes), then the other groups, the events without a port, the unrecognized count and
 * the notes. Every string that came from a log line is escaped (pods, addresses, sources). Pure.
 */
import type { ChalkInstance } from 'chalk';
import type { LogAnalysis, LogEvent } from '../logs/analyze.js';
import type { PortAdvice } from '../logs/advice.js';
import { LOG_EVENT_KINDS, type LogEventKind } from '../logs/classify.js';
import type { Suggestion } from '../linkerd/model.js';
import { escapeControls, escapeText } from '../term/escape.js';

export interface LogsTextOptions {
  readonly chalk: ChalkInstance;
  /** `Linkerd 2.18 and later (from the lines: 2.18 or later)`. */
  readonly linkerd: string;
  readonly sources: number;
  readonly notes: readonly string[];
  /** Events were already printed as they came (streaming): do not list them again. */
  readonly streamed: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function counts(e: Partial<Record<LogEventKind, number>>): string {
  return LOG_EVENT_KINDS.filter((k) => (e[k] ?? 0) > 0).map((k) => `${e[k]} ${k}`).join(', ');
}

/** One event as a line (streaming output and the event list). */
export function eventLine(e: LogEvent): string {
  const where = `${escapeText(e.source)}:${e.line}`;
  const pod = e.pod === null ? '' : ` ${escapeText(e.pod)}`;
  const time = e.time === null ? '' : ` ${escapeText(e.time)}`;
  const addr = [e.client === null ? null : `client ${e.client}`, e.server === null ? (e.port === null ? null : `port ${e.port}`) : `server ${e.server}`].filter((x) => x !== null).join(' ');
  return `${where}${time}${pod}: ${e.kind}${addr === '' ? '' : ` (${addr})`}`;
}

function fixLine(s: Suggestion, c: ChalkInstance): string {
  const on = s.object === undefined ? s.target : `${s.object.kind}/${s.object.name}${s.object.namespace === undefined ? '' : ` -n ${s.object.namespace}`}`;
  const port = s.key.startsWith('spec.') && s.port !== undefined ? ` (port ${s.port})` : '';
  // Object names and values may come from a cluster dump or metric labels: control bytes escaped.
  return c.bold(escapeControls(`${s.alternative === true ? 'or: ' : 'fix: '}${on}: ${s.key}${port}: "${s.value}"`)) + ` (${escapeControls(s.reason)})`;
}

function heading(p: PortAdvice, c: ChalkInstance): string {
  const where = p.server === null ? `port ${p.port}` : p.server.includes(':') ? `[${p.server}]:${p.port}` : `${p.server}:${p.port}`;
  const names = [p.service === null ? null : `Service ${escapeText(p.service)}`, p.object === null ? null : escapeText(p.object)].filter((x) => x !== null);
  const state = p.needsAction ? c.red('needs a change') : c.green('no change suggested');
  return `${c.bold(`${p.direction} ${where}`)}${names.length === 0 ? '' : ` (${names.join(', ')})`}: ${counts(p.events)}; ${state}`;
}

export function renderLogsText(a: LogAnalysis, ports: readonly PortAdvice[], o: LogsTextOptions): string {
  const c = o.chalk;
  const total = a.events.length + a.eventsNotListed;
  let out = `${plural(total, 'detection event')} in ${plural(a.lines, 'line')}${o.sources > 1 ? ` (${o.sources} inputs)` : ''}; ${o.linkerd}\n`;
  const blocks: string[] = [];
  for (const p of ports) {
    const lines: string[] = [];
    if (p.protocol !== null) lines.push(`protocol: ${p.protocol}${p.protocolBasis === 'port' ? '? (from the port number)' : p.protocolBasis === 'image' ? ' (from the image)' : ' (from the port name)'}`);
    for (const m of p.meaning) lines.push(`why: ${m}`);
    for (const s of p.suggestions) lines.push(fixLine(s, c));
    for (const h of p.hints) lines.push(`hint: ${escapeControls(h)}`);
    if (p.pods.length > 0) lines.push(`logged by: ${p.pods.slice(0, 5).map(escapeText).join(', ')}${p.pods.length > 5 ? ', ...' : ''}`);
    blocks.push(`${heading(p, c)}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  if (blocks.length > 0) out += `\n${blocks.join('\n\n')}\n`;
  const noPort = counts(a.withoutPort);
  if (noPort !== '') out += `\nwithout a port (the release does not log the address): ${noPort}\n`;
  if (!o.streamed && total > 0) {
    const shown = a.events.slice(0, 20);
    out += `\nevents:\n${shown.map((e) => `  ${eventLine(e)}`).join('\n')}\n`;
    if (total > shown.length) out += `  ... ${total - shown.length} more (--json lists them)\n`;
  }
  if (total === 0) out += '\nno protocol-detection event in the input\n';
  if (a.unrecognized > 0) out += `\nunrecognized: ${plural(a.unrecognized, 'proxy warning or error')} that ${a.unrecognized === 1 ? 'is' : 'are'} none of these kinds\n`;
  for (const n of o.notes) out += `note: ${n}\n`;
  return out;
}
