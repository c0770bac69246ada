/**
 * `capture --mesh istio`: per server port of a capture, what Istio does with a Service port of that
 * number and no name or appProtocol (or, with --server external, a ServiceEntry port with no
 * protocol), from what the flows showed: who spoke first, whether clients waited for the greeting,
 * and what Envoy's inspectors decide for the clients' first bytes (src/istio).
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { FlowVerdict } from '../capture/flow-verdict.js';
import type { PortSummary } from '../capture/port-summary.js';
import {
  inspectHttp, inspectTls, noSidecarClientOutcome, serviceEntryPortProtocol, servicePortProtocol, sidecarClientOutcome, suggestIstio,
  type HttpDecision, type IstioSuggestion, type IstioVersion, type OutcomeResult, type TlsDecision,
} from '../istio/index.js';

export interface IstioCapturePort {
  readonly port: number;
  readonly flows: number;
  readonly firstSpeaker: string;
  readonly protocol: string | null;
  readonly clientWaitsForGreeting: boolean | null;
  readonly istioProtocol: string;
  readonly outcome: OutcomeResult['outcome'];
  readonly delayMs: number;
  readonly outcomes: { readonly sidecarClients: OutcomeResult; readonly noSidecarClients: OutcomeResult | null };
  /** Inspector decisions on the first client bytes of the port's first client-first flow (null: no client spoke first). */
  readonly inspectors: { readonly httpLegacy: HttpDecision; readonly httpBalsa: HttpDecision; readonly tls: TlsDecision; readonly previewOnly: boolean } | null;
  readonly suggestions: readonly IstioSuggestion[];
  readonly needsChange: boolean;
}

export function istioCapturePorts(summaries: readonly PortSummary[], flows: readonly FlowVerdict[], v: IstioVersion, external: boolean): IstioCapturePort[] {
  return summaries.map((s) => {
    const resolution = external ? serviceEntryPortProtocol(v, undefined) : servicePortProtocol(v, { port: s.port });
    const waits = s.clientWaitsForGreeting;
    const sidecarClients = sidecarClientOutcome(v, { resolution, clientWaits: waits, backendIsHttp: s.protocol === 'http' || s.protocol === 'http2' });
    const noSidecarClients = external ? null : noSidecarClientOutcome(v, { resolution, clientWaits: waits, mode: 'PERMISSIVE', serverInjected: true });
    const first = flows.find((f) => f.serverPort === s.port && f.firstSpeaker === 'client');
    const inspectors = first === undefined ? null : {
      httpLegacy: inspectHttp(first.clientPreview, 'legacy').decision,
      httpBalsa: inspectHttp(first.clientPreview, 'balsa').decision,
      tls: inspectTls(first.clientPreview).decision,
      // Decisions on a cut preview may say "wait" where the whole first read decides.
      previewOnly: first.clientPreview.length < first.clientFirstLength,
    };
    const bad = (o: OutcomeResult | null) => o !== null && (o.outcome === 'hangs' || o.outcome === 'fails' || o.delayMs > 0);
    const suggestions = waits === null ? [] : suggestIstio({ version: v, ports: [{ port: s.port, protocol: s.protocol, clientWaits: waits }], external }).suggestions;
    return {
      port: s.port, flows: s.flows, firstSpeaker: s.firstSpeaker, protocol: s.protocol, clientWaitsForGreeting: waits,
      istioProtocol: resolution.protocol, outcome: sidecarClients.outcome, delayMs: sidecarClients.delayMs,
      outcomes: { sidecarClients, noSidecarClients }, inspectors, suggestions,
      needsChange: bad(sidecarClients) || bad(noSidecarClients),
    };
  });
}

export function renderIstioCaptureJson(ports: readonly IstioCapturePort[], meta: { file: string; istio: string; server: string }): string {
  return JSON.stringify({ mesh: 'istio', file: meta.file, istio: meta.istio, server: meta.server, ports }, null, 2) + '\n';
}

export function renderIstioCaptureText(ports: readonly IstioCapturePort[], meta: { file: string; istio: string; external: boolean }, c: ChalkInstance): string {
  const table = new Table({
    head: ['PORT', 'FLOWS', 'FIRST', 'PROTOCOL', 'ISTIO PROTOCOL', 'SIDECAR CLIENTS', 'NO SIDECAR'],
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
  });
  const word = (o: OutcomeResult | null) => (o === null ? '-' : `${o.outcome}${o.delayMs > 0 ? ` after ${o.delayMs >= 1000 ? `${o.delayMs / 1000} s` : `${o.delayMs} ms`}` : ''}`);
  for (const p of ports) {
    const side = word(p.outcomes.sidecarClients);
    table.push([String(p.port), String(p.flows), p.firstSpeaker, p.protocol ?? '-', p.istioProtocol === 'auto' ? 'unset (sniffed)' : p.istioProtocol, p.needsChange ? c.red(side) : c.green(side), word(p.outcomes.noSidecarClients)]);
  }
  let out = `${meta.file}: ${meta.istio}, ${meta.external ? 'ServiceEntry ports with no protocol' : 'Service ports with no name or appProtocol, server mTLS PERMISSIVE'}\n`;
  out += table.toString().split('\n').map((l) => l.replace(/^ /, '').trimEnd()).join('\n') + '\n';
  const details: string[] = [];
  for (const p of ports) {
    if (!p.needsChange) continue;
    const lines = [`why: ${p.outcomes.sidecarClients.why}`];
    if (p.outcomes.noSidecarClients !== null) lines.push(`without a sidecar: ${p.outcomes.noSidecarClients.why}`);
    for (const s of p.suggestions) lines.push(c.bold(`${s.primary ? 'fix' : 'or'}: ${s.target}: ${s.key}${s.key === 'spec.portLevelMtls' ? `.${s.port}.mode` : ''}: ${s.value}`) + ` (Istio ${s.since}+)`);
    details.push(`${c.bold(`port ${p.port}`)}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  if (details.length > 0) out += `\n${details.join('\n')}\n`;
  return out;
}
