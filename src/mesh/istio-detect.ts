/**
 * `detect --mesh istio`: what Envoy's inspectors in an Istio sidecar decide for the client's first
 * bytes (src/istio/inspectors.ts), and what that means for a port whose protocol is unset (sniffed),
 * outbound in the client's sidecar and inbound in a PERMISSIVE server's sidecar.
 */
import type { ChalkInstance } from 'chalk';
import { featuresOf, inspectHttp, inspectTls, type HttpInspection, type IstioVersion, type TlsInspection } from '../istio/index.js';
import { escapeText } from '../term/escape.js';

export interface IstioDetectResult {
  readonly mesh: 'istio';
  readonly istio: string;
  readonly length: number;
  readonly http: { readonly legacy: HttpInspection; readonly balsa: HttpInspection };
  readonly tls: TlsInspection;
  /** The client's sidecar, Service port with no protocol (sniffed). */
  readonly outbound: string;
  /** A PERMISSIVE server's sidecar, for a client without a sidecar. */
  readonly inbound: string;
}

function waitWords(v: IstioVersion): string {
  const t = featuresOf(v).detectionTimeoutMs;
  if (!featuresOf(v).sniffOutbound) return 'waits';
  return t === 0 ? 'waits with no timeout: the connection hangs until the client sends more' : `waits up to ${t >= 1000 ? `${t / 1000} s` : `${t} ms`}, then continues as plain TCP`;
}

function httpMeaning(d: HttpInspection['decision'], v: IstioVersion): string {
  switch (d) {
    case 'wait': return waitWords(v);
    case 'http/1.1': case 'http/1.0': return `HTTP (${d.toUpperCase()}): the HTTP filter chain`;
    case 'h2c': return 'HTTP/2 (h2c): the HTTP filter chain';
    case 'not-http': return 'not HTTP: the TCP filter chain (tcp_proxy connects upstream)';
    case 'close': return '64 KiB without a decision: the connection is closed';
  }
}

function sniffSentence(http: IstioDetectResult['http'], v: IstioVersion): string {
  const a = httpMeaning(http.legacy.decision, v);
  const b = httpMeaning(http.balsa.decision, v);
  return a === b ? a : `${a} (legacy HTTP parser); ${b} (Balsa parser, Envoy 1.39+ default)`;
}

export function istioDetect(bytes: Uint8Array, v: IstioVersion): IstioDetectResult {
  const f = featuresOf(v);
  const http = { legacy: inspectHttp(bytes, 'legacy'), balsa: inspectHttp(bytes, 'balsa') };
  const tls = inspectTls(bytes);
  const outbound = f.sniffOutbound ? sniffSentence(http, v) : 'no sniffing in this release: the port is plain TCP';
  let inbound: string;
  if (tls.decision === 'wait') inbound = `the TLS inspector (PERMISSIVE) ${waitWords(v)}`;
  else if (tls.decision === 'tls') inbound = `TLS${tls.alpn.some((a) => a.startsWith('istio')) ? ' from a sidecar (istio ALPN)' : ''}: the TLS filter chain`;
  else inbound = f.sniffInbound ? `plaintext; then sniffed: ${sniffSentence(http, v)}` : 'plaintext: the plain TCP chain (no inbound sniffing before 1.5)';
  return { mesh: 'istio', istio: v.label, length: bytes.length, http, tls, outbound, inbound };
}

export function renderIstioDetectText(r: IstioDetectResult, shownBytes: string, source: string, c: ChalkInstance): string {
  const lines: string[] = [];
  lines.push(`${c.bold('First read')}   ${r.length} byte${r.length === 1 ? '' : 's'} from ${source}: ${shownBytes}`);
  lines.push(`${c.bold('Istio')}        ${r.istio}`);
  lines.push('');
  if (r.http.legacy.decision === r.http.balsa.decision) lines.push(`${c.bold('HTTP inspector')} ${r.http.legacy.decision}: ${r.http.legacy.reason}`);
  else {
    lines.push(`${c.bold('HTTP inspector')} legacy parser: ${r.http.legacy.decision}: ${r.http.legacy.reason}`);
    lines.push(`               Balsa parser: ${r.http.balsa.decision}: ${r.http.balsa.reason}`);
  }
  const sni = r.tls.sni === null ? '' : ` (SNI ${escapeText(r.tls.sni)})`;
  lines.push(`${c.bold('TLS inspector')}  ${r.tls.decision}${sni}: ${r.tls.reason}`);
  lines.push('');
  lines.push(`${c.bold('Outbound')}     ${c.cyan('client sidecar, Service port protocol unset:')} ${r.outbound}`);
  lines.push(`${c.bold('Inbound')}      ${c.cyan('PERMISSIVE server sidecar, client without a sidecar:')} ${r.inbound}`);
  return lines.join('\n') + '\n';
}
