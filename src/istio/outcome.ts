/**
 * What a client experiences on an Istio port (docs/istio.md "Outcomes"): the client's sidecar
 * (outbound) and, for clients without a sidecar, the server's sidecar under its PeerAuthentication
 * mode (inbound). Pure.
 *
 * Sources: listener_filters_timeout = MeshConfig protocolDetectionTimeout with
 * continue_on_listener_filters_timeout true (istio/istio pilot/pkg/networking/core/listener.go and
 * listener_inbound.go@1.30.0; v1alpha3/listener.go@1.3.0); PERMISSIVE and STRICT filter chains
 * match on transport protocol `tls`, which puts the TLS inspector on the port
 * (pilot/pkg/networking/core/filterchain_options.go@1.30.0, listener_inbound.go populateListenerFilters).
 */
import { featuresOf, type IstioVersion } from './version.js';
import type { Resolution } from './protocol.js';

/**
 * works: the connection behaves as without the mesh; hangs: nothing ends the wait (no timeout);
 * works-as-tcp: proxied as plain TCP (after `delayMs` when a detection timeout had to expire first);
 * fails: refused or reset; unknown: the model cannot say (protocol unknown, UDP-declared port).
 */
export type MeshOutcome = 'works' | 'hangs' | 'works-as-tcp' | 'fails' | 'unknown';

export interface OutcomeResult {
  readonly outcome: MeshOutcome;
  /** Milliseconds the client waits before traffic flows (a detection timeout expiring); 0 when none. */
  readonly delayMs: number;
  /** One sentence on why, for text output. */
  readonly why: string;
}

export interface SidecarClientInput {
  readonly resolution: Resolution;
  /** true: clients wait for the server's greeting; false: they send first; null: unknown protocol. */
  readonly clientWaits: boolean | null;
  /** The backend really speaks HTTP (for HTTP-class declared ports). */
  readonly backendIsHttp?: boolean;
  /** The port is in the client pod's traffic.sidecar.istio.io/excludeOutboundPorts. */
  readonly excludedOutbound?: boolean;
}

function timeoutWord(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A client with an Istio sidecar connecting to the port (outbound listener of the client's sidecar). */
export function sidecarClientOutcome(v: IstioVersion, input: SidecarClientInput): OutcomeResult {
  const f = featuresOf(v);
  const r = input.resolution;
  if (input.excludedOutbound === true) return { outcome: 'works', delayMs: 0, why: 'the port is excluded from outbound capture: the sidecar is not on the path' };
  if (r.cls === 'udp') return { outcome: 'unknown', delayMs: 0, why: 'the port is declared UDP: Istio builds no TCP listener for it (not modelled)' };
  if (r.cls === 'tcp') return { outcome: 'works-as-tcp', delayMs: 0, why: `declared ${r.protocol}: tcp_proxy connects upstream at once and the greeting flows` };
  if (input.clientWaits === null) return { outcome: 'unknown', delayMs: 0, why: 'the protocol is unknown, so whether its clients wait for a greeting is unknown' };
  if (r.cls === 'http') {
    if (input.clientWaits) return { outcome: 'hangs', delayMs: 0, why: `declared ${r.protocol}: the HTTP connection manager opens no upstream before a request, and the client waits for a greeting` };
    return input.backendIsHttp === false
      ? { outcome: 'fails', delayMs: 0, why: `declared ${r.protocol} but the client does not speak HTTP: the HTTP connection manager rejects its bytes` }
      : { outcome: 'works', delayMs: 0, why: `declared ${r.protocol}` };
  }
  // auto: sniffed by http_inspector on the outbound listener.
  if (!input.clientWaits) return { outcome: 'works', delayMs: 0, why: 'sniffed: the client speaks first, so the inspector decides at once' };
  const t = f.detectionTimeoutMs;
  if (t === 0) return { outcome: 'hangs', delayMs: 0, why: 'sniffed: the inspector waits for client bytes with no timeout (Istio 1.8+), and the client waits for the greeting' };
  return { outcome: 'works-as-tcp', delayMs: t, why: `sniffed: the inspector waits ${timeoutWord(t)} (protocolDetectionTimeout of this release), then proxies as plain TCP` };
}

export type MtlsMode = 'PERMISSIVE' | 'STRICT' | 'DISABLE';

export interface NoSidecarClientInput {
  readonly resolution: Resolution;
  readonly clientWaits: boolean | null;
  readonly mode: MtlsMode;
  /** The server pod has an Istio sidecar (else nothing intercepts inbound). */
  readonly serverInjected: boolean;
  /** The port is in the server pod's traffic.sidecar.istio.io/excludeInboundPorts. */
  readonly excludedInbound?: boolean;
}

/**
 * A client without a sidecar (outside the mesh, or excluded) connecting to an injected server
 * (inbound listener of the server's sidecar).
 */
export function noSidecarClientOutcome(v: IstioVersion, input: NoSidecarClientInput): OutcomeResult {
  const f = featuresOf(v);
  const r = input.resolution;
  if (!input.serverInjected) return { outcome: 'works', delayMs: 0, why: 'the server has no sidecar' };
  if (input.excludedInbound === true) return { outcome: 'works', delayMs: 0, why: 'the port is excluded from inbound capture on the server' };
  if (r.cls === 'udp') return { outcome: 'unknown', delayMs: 0, why: 'the port is declared UDP (not modelled)' };
  if (input.clientWaits === null) return { outcome: 'unknown', delayMs: 0, why: 'the protocol is unknown' };
  const t = f.sniffOutbound ? f.detectionTimeoutMs : -1;
  const waitOutcome = (where: string): OutcomeResult => {
    if (t === 0) return { outcome: 'hangs', delayMs: 0, why: `${where} waits for client bytes with no timeout (Istio 1.8+), and the client waits for the greeting` };
    if (t > 0) return { outcome: 'works-as-tcp', delayMs: t, why: `${where} waits ${timeoutWord(t)} (protocolDetectionTimeout), then continues as plaintext TCP` };
    // Before 1.3 Istio set no listener_filters_timeout: Envoy's own default (15 s, then close) applied. [derived]
    return { outcome: 'fails', delayMs: 15000, why: `${where} waits Envoy's default 15 s listener-filter timeout, then closes the connection` };
  };
  if (input.mode === 'STRICT') {
    if (input.clientWaits) return waitOutcome('STRICT mTLS: the TLS inspector');
    return { outcome: 'fails', delayMs: 0, why: 'STRICT mTLS: a plaintext client is refused' };
  }
  if (input.mode === 'PERMISSIVE') {
    if (input.clientWaits) return waitOutcome(`PERMISSIVE mTLS puts the TLS inspector on every inbound port${r.cls === 'tcp' ? `, even one declared ${r.protocol}` : ''}; it`);
    return { outcome: r.cls === 'tcp' ? 'works-as-tcp' : 'works', delayMs: 0, why: 'the client speaks first, so the inspectors decide at once' };
  }
  // DISABLE: plaintext chains only; an auto port is sniffed inbound from 1.5.
  if (r.cls === 'tcp' || (r.cls === 'auto' && !f.sniffInbound)) return { outcome: 'works-as-tcp', delayMs: 0, why: 'mTLS disabled for the port and the port is TCP inbound: no inspector waits' };
  if (input.clientWaits) return r.cls === 'http'
    ? { outcome: 'hangs', delayMs: 0, why: `declared ${r.protocol}: the HTTP connection manager waits for a request` }
    : waitOutcome('mTLS disabled but the port is sniffed inbound (Istio 1.5+): the HTTP inspector');
  return { outcome: 'works', delayMs: 0, why: 'the client speaks first' };
}

/**
 * Ambient mode: ztunnel carries the connection at L4 and does not sniff, so a server-first port
 * works through ztunnel alone; a waypoint proxy applies the sidecar rules to the Service port
 * (sidecarClientOutcome). Waypoint behaviour per release is not modelled (docs/istio.md).
 */
export function ztunnelOnlyOutcome(): OutcomeResult {
  return { outcome: 'works', delayMs: 0, why: 'ambient ztunnel proxies at L4 without sniffing' };
}
