/**
 * Text report of a probe run, answer first: one table row per shown target (closed ports hidden and
 * counted unless --show-closed), then per port a compact detail (what a meshed and an unmeshed client
 * experience; the banner or candidates of an unidentified port), then the fixes merged per host, and
 * one summary line. `verbose` adds the full reasoning (why:, probes, notes). Pure and linear in the
 * number of rows: column widths are measured in one pass and every row is padded once.
 * Every server-derived string is already escaped by the probe (banner.text, clean/escapeText).
 */
import type { ChalkInstance } from 'chalk';
import type { Experience } from '../linkerd/model.js';
import type { HostFix } from '../probe/mesh.js';
import type { OpenTarget, TargetResult } from '../probe/types.js';
import { escapeText } from '../term/escape.js';

export interface ProbeTextOptions {
  readonly chalk: ChalkInstance;
  /** A line printed before the table (e.g. the demo's chosen --wait). */
  readonly header?: string;
  /** List refused ports in the table too (default: counted in one line). */
  readonly showClosed?: boolean;
  /** The full reasoning per port (why:, every probe, every note). */
  readonly verbose?: boolean;
  /** Fixes merged per host (probe-run computes them with the Linkerd model); default: each port's own. */
  readonly fixes?: readonly HostFix[];
}

const BANNER_CHARS = 48;

function ms(v: number | null): string {
  if (v === null) return '-';
  return v < 1_000 ? `${v}ms` : `${(v / 1_000).toFixed(2)}s`;
}

function protocolCell(r: TargetResult): string {
  if (r.protocol === null) return '-';
  if (r.protocol === 'unknown' && r.candidates.length > 0) return `unknown (${r.candidates.join('/')}?)`;
  const parts: string[] = [r.protocol];
  if (r.product !== null) parts.push(escapeText(r.product));
  if (r.version !== null && r.version !== r.product) parts.push(escapeText(r.version));
  if (r.tls !== null) {
    const inner = r.tls.innerProtocol ?? (r.tls.innerFirstSpeaker === 'client' ? 'client-first' : null);
    if (inner !== null) parts.push(`(inner ${inner}${r.tls.innerFirstSpeaker === 'server' ? ', server first' : ''})`);
  }
  return parts.join(' ');
}

type Paint = (c: ChalkInstance, s: string) => string;
const plain: Paint = (_c, s) => s;

function stateCell(r: TargetResult): [string, Paint] {
  if (r.state === 'open') return ['open', (c, s) => c.green(s)];
  if (r.state === 'refused' || r.state === 'timeout') return [r.state, (c, s) => c.yellow(s)];
  return [r.state, (c, s) => c.red(s)];
}

function speakerCell(r: TargetResult): [string, Paint] {
  if (r.firstSpeaker === 'server') return ['server', (c, s) => c.bold(s)];
  if (r.firstSpeaker === 'client') return ['client', plain];
  return [r.passive.outcome === 'closed' ? 'closed' : '-', plain];
}

function linkerdCell(r: TargetResult): [string, Paint] {
  const l = r.linkerd;
  if (l === null) return ['-', plain];
  const { meshedClient, unmeshedClient } = l.outcome;
  const outcome = meshedClient === unmeshedClient ? meshedClient : `${meshedClient} meshed, ${unmeshedClient} unmeshed`;
  if (l.action === 'none') return [l.covered ? `ok (${outcome})` : outcome, (c, s) => c.green(s)];
  return [`${outcome}: needs ${l.action}`, (c, s) => c.red(s)];
}

const EXPERIENCE: Readonly<Record<Experience, string>> = {
  works: 'works',
  'stall-10s': 'waits 10 s for the proxy to give up detecting, then works',
  'stall-20s': 'waits 20 s (both proxies detect), then works',
  'closed-10s': 'is closed by the proxy after 10 s',
  'failed-1s': 'fails after 1 s (the proxy gives up detecting)',
  'failed-3s': 'fails after 3 s (the proxy gives up detecting)',
  broken: 'does not work',
};

function needsChange(r: TargetResult): r is OpenTarget {
  return r.state === 'open' && (r.linkerd.action !== 'none' || !r.linkerd.covered);
}

/** Pads every row's cells to the column widths (measured on plain text), then colors: one pass each. */
function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<[string, Paint]>>, c: ChalkInstance): string {
  const widths = head.map((h) => h.length);
  for (const row of rows) row.forEach(([text], i) => (widths[i] = Math.max(widths[i] ?? 0, text.length)));
  const last = head.length - 1;
  const line = (cells: ReadonlyArray<[string, Paint]>): string =>
    cells.map(([text, paint], i) => paint(c, i === last ? text : text.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const out: string[] = [line(head.map((h) => [h, plain]))];
  for (const row of rows) out.push(line(row));
  return out.join('\n') + '\n';
}

function fixLine(s: HostFix['suggestions'][number], c: ChalkInstance): string {
  const on = s.object === undefined ? s.target : `${s.object.kind}/${s.object.name}${s.object.namespace === undefined ? '' : ` -n ${s.object.namespace}`}`;
  const port = s.port === undefined ? '' : ` port ${s.port}`;
  return c.bold(`${s.alternative === true ? 'or: ' : 'fix: '}${on}${port}: ${s.key}: "${s.value}"`) + ` (${s.reason})`;
}

/** The detail lines of one target: compact by default, the full reasoning with verbose. */
function detail(r: TargetResult, o: ProbeTextOptions, ownFixes: boolean): string[] {
  const c = o.chalk;
  const lines: string[] = [];
  const v = o.verbose === true;
  if (r.state === 'open' && (needsChange(r) || v)) {
    const { meshedClient, unmeshedClient } = r.linkerd.outcome;
    lines.push(`meshed client: ${EXPERIENCE[meshedClient]}`, `unmeshed client: ${EXPERIENCE[unmeshedClient]}`);
  }
  if (r.banner !== null && (v || r.protocol === 'unknown' || needsChange(r))) lines.push(`banner: ${truncate(r.banner.text)}`);
  if (r.candidates.length > 0) lines.push(`could be: ${r.candidates.join(', ')} (the greeting is shared; no follow-up confirmed one)`);
  if (v) {
    if (r.tls !== null) {
      const t = r.tls;
      lines.push(`tls: ${t.version ?? '?'}${t.alpn === null ? '' : `, ALPN ${t.alpn}`}${t.alpnRejected ? ' (ALPN rejected, retried without)' : ''}; subject ${t.subject ?? '-'}; SANs ${t.sans.length === 0 ? '-' : t.sans.join(', ')}; expires ${t.notAfter ?? '-'}`);
      if (t.innerBanner !== null) lines.push(`inside TLS: ${truncate(t.innerBanner.text)}`);
    }
    if (r.http !== null) lines.push(`http: ${r.http.status}${r.http.server === null ? '' : ` ${r.http.server}`}`);
    for (const p of r.probes) {
      if (p.outcome !== 'identified' || p.id === 'tls' || p.id === 'http') continue;
      lines.push(`probe ${p.id}: sent ${p.sent.length} bytes, got ${p.received === null ? 'nothing' : truncate(p.received.text)}`);
    }
    for (const n of r.notes) lines.push(`note: ${n}`);
    if (r.linkerd !== null && r.linkerd.action !== 'none') for (const e of r.linkerd.explanation) lines.push(`why: ${e}`);
  } else {
    // Where the address stands against clusterNetworks decides an external port's fix: always said.
    for (const n of r.notes) if (n.includes('clusterNetworks')) lines.push(`note: ${n}`);
    if (r.state === 'open' && r.firstSpeaker === null && r.passive.outcome === 'closed') lines.push(...r.notes.slice(0, 1).map((n) => `note: ${n}`));
  }
  if (r.error !== null && r.state !== 'open') lines.push(`error: ${escapeText(r.error)}`);
  if (r.send !== null) lines.push(`your client bytes (--send): ${r.send.http}, TLS ${r.send.tls}${r.send.sni === null ? '' : ` (SNI ${escapeText(r.send.sni)})`}${r.send.protocol === null ? '' : `, ${r.send.protocol}`}`);
  if (ownFixes && r.state === 'open' && r.linkerd.action !== 'none') {
    for (const s of r.suggestions) lines.push(fixLine(s, c));
    if (r.suggestions.length === 0) lines.push(`fix: ${r.linkerd.action} for port ${r.port} (protocheck suggest ${r.port}${r.protocol === null || r.protocol === 'unknown' ? '' : `/${r.protocol}`} for details)`);
  }
  return lines;
}

/** One line: how many ports, how many open, how many server first, how many need a change. */
export function probeSummary(results: readonly TargetResult[]): string {
  let open = 0;
  let server = 0;
  let change = 0;
  let closed = 0;
  let unknown = 0;
  for (const r of results) {
    if (r.state === 'refused') closed++;
    if (r.state !== 'open') continue;
    open++;
    if (r.firstSpeaker === 'server') server++;
    if (r.protocol === 'unknown' || r.protocol === null) unknown++;
    if (needsChange(r)) change++;
  }
  const other = results.length - open - closed;
  const parts = [`${results.length} ${results.length === 1 ? 'port' : 'ports'}: ${open} open`, `${server} server first`, `${unknown} unidentified`, `${change} ${change === 1 ? 'needs' : 'need'} a change`];
  if (closed > 0) parts.push(`${closed} closed`);
  if (other > 0) parts.push(`${other} failed (reset, timed out or unreachable)`);
  return parts.join(', ');
}

export function renderProbeText(results: readonly TargetResult[], o: ProbeTextOptions): string {
  const c = o.chalk;
  const shown = o.showClosed === true ? results : results.filter((r) => r.state !== 'refused');
  const hidden = results.length - shown.length;
  const parts: string[] = [];
  if (o.header !== undefined) parts.push(`${o.header}\n`);
  if (shown.length > 0) {
    const rows = shown.map((r): Array<[string, Paint]> => [[r.target, plain], stateCell(r), speakerCell(r), [protocolCell(r), plain], [ms(r.firstByteMs), plain], linkerdCell(r)]);
    parts.push(table(['TARGET', 'STATE', 'FIRST', 'PROTOCOL', 'TTFB', 'LINKERD'], rows, c));
  }
  if (hidden > 0) parts.push(`${hidden} closed ${hidden === 1 ? 'port' : 'ports'} not shown (--show-closed lists them)\n`);
  const fixes = o.fixes;
  const merged = new Set<string>();
  if (fixes !== undefined) for (const f of fixes) if (f.ports.length > 1) for (const p of f.ports) merged.add(`${f.host}\n${p}`);
  const details: string[] = [];
  for (const r of shown) {
    const lines = detail(r, o, !merged.has(`${r.host}\n${r.port}`));
    if (lines.length > 0) details.push(`${c.bold(r.target)}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  if (details.length > 0) parts.push(`\n${details.join('\n')}\n`);
  const shared = fixes?.filter((f) => f.ports.length > 1) ?? [];
  if (shared.length > 0) {
    const lines: string[] = [];
    for (const f of shared) {
      lines.push(`${c.bold(f.host)} (ports ${f.ports.join(', ')}: one value covers them all)`);
      for (const s of f.suggestions) lines.push(`  ${fixLine(s, c)}`);
    }
    parts.push(`\n${lines.join('\n')}\n`);
  }
  parts.push(`\n${probeSummary(results)}\n`);
  return parts.join('');
}

function truncate(text: string): string {
  return text.length <= BANNER_CHARS ? text : `${text.slice(0, BANNER_CHARS)}...`;
}
