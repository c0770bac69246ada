/**
 * Text report of a probe run: one table row per target, then per port that needs action its notes and
 * suggestions. Pure `(results, opts) => string`; color only through the chalk instance passed in.
 * Every server-derived string is already escaped by the probe (banner.text, escapeText on headers).
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { TargetResult } from '../probe/types.js';
import { escapeText } from '../term/escape.js';

export interface ProbeTextOptions {
  readonly chalk: ChalkInstance;
  /** A line printed before the table (e.g. the demo's chosen --wait). */
  readonly header?: string;
}

const BANNER_CHARS = 48;

function ms(v: number | null): string {
  if (v === null) return '-';
  return v < 1_000 ? `${v}ms` : `${(v / 1_000).toFixed(2)}s`;
}

function protocolCell(r: TargetResult): string {
  if (r.protocol === null) return '-';
  const parts: string[] = [r.protocol];
  if (r.product !== null) parts.push(escapeText(r.product));
  if (r.version !== null && r.version !== r.product) parts.push(escapeText(r.version));
  if (r.tls !== null) {
    const inner = r.tls.innerProtocol ?? (r.tls.innerFirstSpeaker === 'client' ? 'client-first' : null);
    if (inner !== null) parts.push(`(inner ${inner}${r.tls.innerFirstSpeaker === 'server' ? ', server first' : ''})`);
  }
  return parts.join(' ');
}

function stateCell(r: TargetResult, c: ChalkInstance): string {
  if (r.state === 'open') return c.green('open');
  if (r.state === 'refused' || r.state === 'timeout') return c.yellow(r.state);
  return c.red(r.state);
}

function speakerCell(r: TargetResult, c: ChalkInstance): string {
  if (r.firstSpeaker === 'server') return c.bold('server');
  if (r.firstSpeaker === 'client') return 'client';
  return r.passive.outcome === 'closed' ? 'closed' : '-';
}

function linkerdCell(r: TargetResult, c: ChalkInstance): string {
  const l = r.linkerd;
  if (l === null) return '-';
  const { meshedClient, unmeshedClient } = l.outcome;
  const outcome = meshedClient === unmeshedClient ? meshedClient : `${meshedClient} meshed, ${unmeshedClient} unmeshed`;
  if (l.action === 'none') return c.green(l.covered ? `ok (${outcome})` : outcome);
  return c.red(`${outcome}: needs ${l.action}`);
}

export function renderProbeText(results: readonly TargetResult[], o: ProbeTextOptions): string {
  const c = o.chalk;
  const table = new Table({
    head: ['TARGET', 'STATE', 'FIRST', 'PROTOCOL', 'TTFB', 'LINKERD'],
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
  });
  for (const r of results) {
    table.push([r.target, stateCell(r, c), speakerCell(r, c), protocolCell(r), ms(r.firstByteMs), linkerdCell(r, c)]);
  }
  let out = o.header === undefined ? '' : `${o.header}\n`;
  out += table.toString().split('\n').map((l) => l.replace(/^ /, '').trimEnd()).join('\n') + '\n';
  const details: string[] = [];
  for (const r of results) {
    const lines: string[] = [];
    if (r.banner !== null) lines.push(`banner: ${truncate(r.banner.text)}`);
    if (r.tls !== null) {
      const t = r.tls;
      lines.push(`tls: ${t.version ?? '?'}${t.alpn === null ? '' : `, ALPN ${t.alpn}`}${t.alpnRejected ? ' (ALPN rejected, retried without)' : ''}; subject ${escapeText(t.subject ?? '-')}; SANs ${t.sans.length === 0 ? '-' : escapeText(t.sans.join(', '))}; expires ${t.notAfter ?? '-'}`);
      if (t.innerBanner !== null) lines.push(`inside TLS: ${truncate(t.innerBanner.text)}`);
    }
    if (r.http !== null) lines.push(`http: ${r.http.status}${r.http.server === null ? '' : ` ${r.http.server}`}`);
    if (r.firstSpeaker === 'client') {
      for (const p of r.probes) {
        if (p.outcome !== 'identified' || p.id === 'tls' || p.id === 'http' || p.identification?.protocol !== r.protocol) continue;
        lines.push(`probe ${p.id}: sent ${p.sent.length} bytes, got ${p.received === null ? 'nothing' : truncate(p.received.text)}`);
      }
    }
    if (r.error !== null && r.state !== 'open') lines.push(`error: ${escapeText(r.error)}`);
    for (const n of r.notes) lines.push(`note: ${n}`);
    if (r.send !== null) lines.push(`your client bytes (--send): ${r.send.http}, TLS ${r.send.tls}${r.send.sni === null ? '' : ` (SNI ${escapeText(r.send.sni)})`}${r.send.protocol === null ? '' : `, ${r.send.protocol}`}`);
    if (r.linkerd !== null && r.linkerd.action !== 'none') {
      for (const e of r.linkerd.explanation) lines.push(`why: ${e}`);
      for (const s of r.suggestions) {
        const on = s.object === undefined ? s.target : `${s.object.kind}/${s.object.name}${s.object.namespace === undefined ? '' : ` -n ${s.object.namespace}`}`;
        lines.push(c.bold(`${s.alternative === true ? 'or: ' : 'fix: '}${on}: ${s.key}: "${s.value}"`) + ` (${s.reason})`);
      }
      if (r.suggestions.length === 0) lines.push(`fix: ${r.linkerd.action} for port ${r.port} (protocheck suggest ${r.port}${r.protocol === null ? '' : `/${r.protocol}`} for details)`);
    }
    if (lines.length > 0) details.push(`${c.bold(r.target)}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  if (details.length > 0) out += `\n${details.join('\n')}\n`;
  return out;
}

function truncate(text: string): string {
  return text.length <= BANNER_CHARS ? text : `${text.slice(0, BANNER_CHARS)}...`;
}
