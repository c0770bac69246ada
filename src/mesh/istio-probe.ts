/**
 * `probe --mesh istio`: per open target, what Istio does with a Service port of that number and no
 * name or appProtocol (the IST0118 case) — `mesh.outcome` for a client with a sidecar and
 * `mesh.outcomes.noSidecarClients` for one without, under PERMISSIVE mTLS — plus the fixes
 * (src/istio). With `--server external` the port is a ServiceEntry port with no protocol.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { getProtocol, clientWaitsOnPort } from '../protocols/index.js';
import {
  noSidecarClientOutcome, serviceEntryPortProtocol, servicePortProtocol, sidecarClientOutcome, suggestIstio,
  type IstioSuggestion, type IstioVersion, type OutcomeResult,
} from '../istio/index.js';
import type { TargetResult } from '../probe/types.js';
import { escapeText } from '../term/escape.js';
import { istioDetect, type IstioDetectResult } from './istio-detect.js';

export interface IstioProbeVerdict {
  readonly name: 'istio';
  readonly istio: string;
  /** The Istio protocol of the modelled port (`auto` = sniffed). */
  readonly istioProtocol: string;
  readonly clientWaitsForGreeting: boolean | null;
  /** true when clientWaitsForGreeting was assumed from an unidentified greeting. */
  readonly assumed: boolean;
  readonly outcome: OutcomeResult['outcome'];
  readonly delayMs: number;
  readonly why: string;
  readonly outcomes: { readonly sidecarClients: OutcomeResult; readonly noSidecarClients: OutcomeResult | null };
  readonly suggestions: readonly IstioSuggestion[];
  /** `--send`: what the inspectors decide for the user's bytes. */
  readonly send: IstioDetectResult | null;
}

export interface IstioProbeContext {
  readonly version: IstioVersion;
  readonly external: boolean;
  readonly send?: Uint8Array;
}

/** The verdict for one target; null unless the port is open. */
export function istioProbeVerdict(r: TargetResult, ctx: IstioProbeContext): IstioProbeVerdict | null {
  if (r.state !== 'open') return null;
  const v = ctx.version;
  const entry = r.protocol === null ? undefined : getProtocol(r.protocol);
  let waits: boolean | null = entry === undefined ? null : clientWaitsOnPort(entry, r.port);
  let assumed = false;
  if (waits === null && r.firstSpeaker === 'server') {
    waits = true;
    assumed = true;
  } else if (waits === null && r.firstSpeaker === 'client') waits = false;
  const resolution = ctx.external ? serviceEntryPortProtocol(v, undefined) : servicePortProtocol(v, { port: r.port });
  const sidecarClients = sidecarClientOutcome(v, { resolution, clientWaits: waits, backendIsHttp: r.protocol === 'http' || r.protocol === 'http2' });
  const noSidecarClients = ctx.external ? null : noSidecarClientOutcome(v, { resolution, clientWaits: waits, mode: 'PERMISSIVE', serverInjected: true });
  const fixes = waits === null ? [] : suggestIstio({ version: v, ports: [{ port: r.port, protocol: r.protocol, clientWaits: waits }], external: ctx.external }).suggestions;
  return {
    name: 'istio',
    istio: v.label,
    istioProtocol: resolution.protocol,
    clientWaitsForGreeting: waits,
    assumed,
    outcome: sidecarClients.outcome,
    delayMs: sidecarClients.delayMs,
    why: assumed ? `${sidecarClients.why} (the server greeted in a protocol not identified: its clients are assumed to wait)` : sidecarClients.why,
    outcomes: { sidecarClients, noSidecarClients },
    suggestions: fixes,
    send: ctx.send === undefined ? null : istioDetect(ctx.send, v),
  };
}

/** true when some client kind hangs, waits for a timeout, or fails on the port. */
export function needsChange(m: IstioProbeVerdict): boolean {
  const bad = (o: OutcomeResult | null) => o !== null && (o.outcome === 'hangs' || o.outcome === 'fails' || o.delayMs > 0);
  return bad(m.outcomes.sidecarClients) || bad(m.outcomes.noSidecarClients);
}

/** The probe JSON with `linkerd` null, Linkerd `suggestions` empty, and `mesh` added per result. */
export function renderIstioProbeJson(results: readonly TargetResult[], verdicts: ReadonlyArray<IstioProbeVerdict | null>): string {
  const out = results.map((r, i) => ({ ...r, linkerd: null, suggestions: [], mesh: verdicts[i] ?? null }));
  return JSON.stringify({ mesh: 'istio', results: out }, null, 2) + '\n';
}

function durationWord(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

function istioCell(m: IstioProbeVerdict | null, c: ChalkInstance): string {
  if (m === null) return '-';
  const side = m.outcome === 'works-as-tcp' && m.delayMs > 0 ? `works as TCP after ${durationWord(m.delayMs)}` : m.outcome;
  const other = m.outcomes.noSidecarClients;
  const text = other === null || other.outcome === m.outcome ? side : `${side}; without sidecar: ${other.outcome}`;
  return needsChange(m) ? c.red(text) : c.green(text);
}

export function renderIstioProbeText(results: readonly TargetResult[], verdicts: ReadonlyArray<IstioProbeVerdict | null>, c: ChalkInstance): string {
  const table = new Table({
    head: ['TARGET', 'STATE', 'FIRST', 'PROTOCOL', 'ISTIO'],
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
  });
  results.forEach((r, i) => {
    const proto = r.protocol === null ? '-' : [r.protocol, r.product === null ? null : escapeText(r.product)].filter((x) => x !== null).join(' ');
    table.push([r.target, r.state, r.firstSpeaker ?? '-', proto, istioCell(verdicts[i] ?? null, c)]);
  });
  const header = verdicts.find((m) => m !== null)?.istio;
  let out = header === undefined ? '' : `${header}, Service port with no name or appProtocol, server mTLS PERMISSIVE\n`;
  out += table.toString().split('\n').map((l) => l.replace(/^ /, '').trimEnd()).join('\n') + '\n';
  const details: string[] = [];
  results.forEach((r, i) => {
    const m = verdicts[i] ?? null;
    if (m === null) return;
    const lines: string[] = [];
    if (r.banner !== null) lines.push(`banner: ${r.banner.text.length > 48 ? `${r.banner.text.slice(0, 48)}...` : r.banner.text}`);
    if (needsChange(m)) {
      lines.push(`clients with a sidecar: ${m.outcome}${m.delayMs > 0 ? ` after ${durationWord(m.delayMs)}` : ''}: ${m.why}`);
      const n = m.outcomes.noSidecarClients;
      if (n !== null) lines.push(`clients without a sidecar: ${n.outcome}${n.delayMs > 0 ? ` after ${durationWord(n.delayMs)}` : ''}: ${n.why}`);
      for (const s of m.suggestions) {
        const what = s.key === 'spec.portLevelMtls' ? `PeerAuthentication spec.portLevelMtls.${s.port}.mode: ${s.value}` : `${s.target}: ${s.key}: ${s.value}`;
        lines.push(c.bold(`${s.primary ? 'fix' : 'or'}: ${what}`) + ` (Istio ${s.since}+)`);
      }
      if (m.suggestions.length > 0) lines.push(`(protocheck suggest ${r.port}${r.protocol === null ? '' : `/${r.protocol}`} --mesh istio for details)`);
    }
    if (m.send !== null) lines.push(`your client bytes (--send): outbound ${m.send.outbound}; inbound ${m.send.inbound}`);
    if (lines.length > 0) details.push(`${c.bold(r.target)}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  });
  if (details.length > 0) out += `\n${details.join('\n')}\n`;
  return out;
}
