/**
 * Text report of `protocheck capture`: a table per server port, the ports that need action with the
 * model's reasons and fixes, a table of flows, what was skipped, and where reading stopped.
 * Pure; color only through the chalk instance passed in; capture bytes escaped before output.
 */
import { BARE_CHARS } from './table.js';
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { CaptureAnalysis } from '../capture/analyze.js';
import { MAX_STARTLESS } from '../capture/analyze.js';
import { endpointText, type FlowVerdict } from '../capture/flow-verdict.js';
import type { PortSummary } from '../capture/port-summary.js';
import type { SkippedCounts } from '../capture/types.js';
import { escapeBytes, escapeText } from '../term/escape.js';

export interface CaptureTextOptions {
  readonly chalk: ChalkInstance;
  readonly file: string;
  readonly linkerd: string;
  /** Most flows listed in the flow table (the JSON lists all). */
  readonly maxFlows: number;
  /** The --server scenario (the outside-clusterNetworks hint is shown unless it is `external`). */
  readonly server: string;
}

/** Bytes of the first speaker's first read shown in the flow table. */
const PREVIEW_BYTES = 24;


function table(head: string[], rows: string[][]): string {
  const t = new Table({ head, style: { head: [], border: [] }, chars: { ...BARE_CHARS } });
  for (const r of rows) t.push(r);
  return t.toString().split('\n').map((l) => l.replace(/^ /, '').trimEnd()).join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ms(v: number | null): string {
  if (v === null) return '-';
  return v < 1_000 ? `${v}ms` : `${(v / 1_000).toFixed(2)}s`;
}

function speakerCell(p: PortSummary, c: ChalkInstance): string {
  const n = p.firstSpeakerCounts;
  const main = p.firstSpeaker === 'server' ? c.bold('server') : p.firstSpeaker;
  if (!p.disagree && (n.none === 0 || n.none === p.flows)) return main;
  const total = p.flows;
  const count = p.firstSpeaker === 'none' ? n.none : n[p.firstSpeaker];
  return `${main} (${count} of ${total})`;
}

function protocolCell(protocol: string | null, basis: string | null): string {
  if (protocol === null) return '-';
  return basis === 'port' ? `${protocol}? (port)` : protocol;
}

function linkerdCell(p: PortSummary, c: ChalkInstance): string {
  const { meshedClient, unmeshedClient } = p.outcome;
  const outcome = meshedClient === unmeshedClient ? meshedClient : `${meshedClient} meshed, ${unmeshedClient} unmeshed`;
  if (!p.needsAction) return c.green(`ok (${outcome})`);
  return c.red(`${outcome}: needs ${p.prediction.action}`);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)] as number;
}

function portRows(ports: readonly PortSummary[], flows: readonly FlowVerdict[], c: ChalkInstance): string[][] {
  return ports.map((p) => {
    const gaps = flows.filter((f) => f.serverPort === p.port && f.firstSpeaker === p.firstSpeaker && f.gapMs !== null).map((f) => f.gapMs as number);
    return [String(p.port), String(p.flows), speakerCell(p, c), protocolCell(p.protocol, p.protocolBasis), ms(median(gaps)), linkerdCell(p, c)];
  });
}

function flowRows(flows: readonly FlowVerdict[]): string[][] {
  return flows.map((f) => {
    const server = f.firstSpeaker === 'server';
    const bytes = server ? f.serverPreview : f.clientPreview;
    const total = server ? f.serverFirstLength : f.clientFirstLength;
    // With nothing to read, the proxy's TLS step just waits: no TLS verdict to show.
    const tls = f.proxyFirstRead === 0 ? '-' : f.tls.state === 'sni' ? `sni ${escapeText(f.tls.sni ?? '')}` : f.tls.state;
    return [
      String(f.frame),
      `${f.client} > ${f.server}`,
      f.firstSpeaker,
      ms(f.gapMs),
      protocolCell(f.protocol, f.protocolBasis),
      f.http,
      tls,
      bytes.length === 0 ? '-' : `${server ? 'S: ' : 'C: '}${escapeBytes(bytes.subarray(0, PREVIEW_BYTES))}${total > PREVIEW_BYTES ? ` ...(${total} B)` : ''}`,
    ];
  });
}

function skippedLine(s: SkippedCounts): string | null {
  const parts: string[] = [];
  const add = (n: number, one: string, many: string) => {
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
  };
  add(s.nonTcp, 'non-TCP packet', 'non-TCP packets');
  add(s.nonIp, 'non-IP frame', 'non-IP frames');
  add(s.fragments, 'IP fragment', 'IP fragments');
  add(s.unsupportedLinkType, 'frame of an unsupported link type', 'frames of an unsupported link type');
  add(s.malformed, 'malformed or cut frame', 'malformed or cut frames');
  const segs = plural(s.segmentsWithoutHandshake, 'segment');
  add(s.flowsWithoutHandshake, `flow whose handshake is not in the capture (${segs}, not classified)`, `flows whose handshake is not in the capture (${segs}, not classified)`);
  add(s.filteredFlows, 'flow to other ports (--port)', 'flows to other ports (--port)');
  return parts.length === 0 ? null : `skipped: ${parts.join(', ')}`;
}

export function renderCaptureText(a: CaptureAnalysis, ports: readonly PortSummary[], o: CaptureTextOptions): string {
  const c = o.chalk;
  let out = `${o.file}: ${a.format ?? '?'}, ${plural(a.frames, 'frame')}, ${plural(a.flows.length, 'TCP flow')}; ${o.linkerd}\n`;
  if (ports.length === 0) {
    out += a.skipped.filteredFlows > 0 ? '\nno TCP flow to the ports given with --port\n' : '\nno TCP flow with its handshake in the capture\n';
  } else {
    out += '\n' + table(['PORT', 'FLOWS', 'FIRST', 'PROTOCOL', 'GAP', 'LINKERD'], portRows(ports, a.flows, c));
  }
  const details: string[] = [];
  for (const p of ports) {
    if (!p.needsAction) continue;
    const lines = p.prediction.explanation.map((e) => `why: ${e}`);
    for (const s of p.suggestions) {
      const on = s.object === undefined ? s.target : `${s.object.kind}/${s.object.name}${s.object.namespace === undefined ? '' : ` -n ${s.object.namespace}`}`;
      lines.push(c.bold(`${s.alternative === true ? 'or: ' : 'fix: '}${on}: ${s.key}: "${s.value}"`) + ` (${s.reason})`);
    }
    if (p.suggestions.length === 0) lines.push(`fix: ${p.prediction.action} for port ${p.port} (protocheck suggest ${p.port}${p.protocol === null ? '' : `/${p.protocol}`})`);
    details.push(`${c.bold(`port ${p.port}`)}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  if (details.length > 0) out += `\n${details.join('\n')}\n`;
  if (o.server !== 'external') {
    for (const p of ports) {
      if (p.outsideClusterNetworks.length === 0) continue;
      const list = p.outsideClusterNetworks.slice(0, 3).join(', ') + (p.outsideClusterNetworks.length > 3 ? ', ...' : '');
      out += `note: port ${p.port}: ${list} ${p.outsideClusterNetworks.length === 1 ? 'is' : 'are'} outside clusterNetworks, so not an in-cluster workload; if it is off-cluster, rerun with --server external\n`;
    }
  }
  if (a.flows.length > 0 && o.maxFlows > 0) {
    const shown = a.flows.slice(0, o.maxFlows);
    out += '\n' + table(['FRAME', 'FLOW', 'FIRST', 'GAP', 'PROTOCOL', 'HTTP', 'TLS', 'FIRST BYTES'], flowRows(shown));
    if (a.flows.length > shown.length) out += `... ${a.flows.length - shown.length} more flows (--json lists them all)\n`;
    const noted = a.flows.filter((f) => f.notes.length > 0).slice(0, o.maxFlows);
    for (const f of noted) out += `note: frame ${f.frame} ${f.client} > ${f.server}: ${f.notes.join('; ')}\n`;
  }
  if (a.startless.length > 0 && o.maxFlows > 0) {
    const shown = a.startless.slice(0, o.maxFlows);
    out += '\nflows whose start was not captured (client and first speaker unknown)\n';
    out += table(['FRAME', 'ENDPOINTS', 'PORTS', 'FIRST', 'SEGMENTS'], shown.map((f) => [String(f.frame), `${endpointText(f.first)} - ${endpointText(f.second)}`, `${f.first.port}, ${f.second.port}`, '?', String(f.segments)]));
    const more = a.startlessTotal - shown.length;
    if (more > 0) out += `... ${more} more (--json lists up to ${MAX_STARTLESS})\n`;
  }
  const skipped = skippedLine(a.skipped);
  if (skipped !== null) out += `\n${skipped}\n`;
  return out;
}

/** The one-line note when reading did not reach a clean end (printed on stderr). */
export function captureEndNote(a: CaptureAnalysis): string | null {
  const e = a.end;
  if (e.kind === 'complete') return null;
  return `reading stopped at byte ${e.offset} (${e.kind}): ${e.reason}; ${a.frames} frames before it are reported`;
}
