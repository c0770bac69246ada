/**
 * The Istio configuration that fixes a server-first port (docs/istio.md "Fixes"), per release:
 * a TCP protocol on the Service port (appProtocol from 1.6, else a `tcp-` name), a ServiceEntry
 * `protocol: TCP` for external destinations, the client's excludeOutboundPorts only as the
 * alternative that bypasses the sidecar, and for clients without a sidecar of a PERMISSIVE server a
 * port-level PeerAuthentication DISABLE or the server's excludeInboundPorts. Never
 * protocolDetectionTimeout (istio/api mesh/v1alpha1/config.proto: "not recommended nor safe"). Pure.
 */
import { getProtocol } from '../protocols/index.js';
import { clientWaitsOnPort } from '../protocols/index.js';
import { EXCLUDE_INBOUND_PORTS, EXCLUDE_OUTBOUND_PORTS, parseIstioPortList } from './annotations.js';
import { noSidecarClientOutcome, sidecarClientOutcome, type MtlsMode, type OutcomeResult } from './outcome.js';
import { serviceEntryPortProtocol, servicePortProtocol, type Resolution } from './protocol.js';
import { featuresOf, type IstioVersion } from './version.js';

export interface IstioPortRequest {
  /** The pod (container) port. */
  readonly port: number;
  /** The Service port when it differs (the well-known-port rule keys on it). */
  readonly servicePort?: number;
  /** Knowledge-base protocol id; null = unknown. */
  readonly protocol: string | null;
  /** Overrides the knowledge base's answer (e.g. a probe saw an unidentified greeting). */
  readonly clientWaits?: boolean;
  /** The Service port's current name / appProtocol, when known. */
  readonly name?: string;
  readonly appProtocol?: string;
}

export interface IstioSuggestInput {
  readonly version: IstioVersion;
  readonly ports: readonly IstioPortRequest[];
  /** The destination is outside the cluster (a ServiceEntry, or the client's capture). */
  readonly external?: boolean;
  /** Which clients to consider: sidecar clients, clients without a sidecar, or both (default). */
  readonly client?: 'sidecar' | 'no-sidecar';
  /** The server's PeerAuthentication mode (default PERMISSIVE, Istio's default). */
  readonly mtls?: MtlsMode;
  /** The client (with --external) or server pod's current exclude list. */
  readonly existingExcludeOutbound?: string;
  readonly existingExcludeInbound?: string;
}

export type IstioTarget = 'service' | 'service-entry' | 'pod-template' | 'peer-authentication';

export interface IstioSuggestion {
  readonly target: IstioTarget;
  /** Where the value goes: `spec.ports[].appProtocol`, `spec.ports[].name`, `spec.ports[].protocol`, `spec.portLevelMtls` (keyed by `port`), or an annotation name. */
  readonly key: string;
  readonly value: string;
  readonly port: number;
  /** The first Istio release where this fix works, e.g. "1.6". */
  readonly since: string;
  /** false for an alternative to the suggestion before it. */
  readonly primary: boolean;
  readonly reason: string;
}

export interface IstioPortVerdict {
  readonly port: number;
  readonly servicePort: number;
  readonly protocol: string | null;
  readonly clientWaits: boolean | null;
  readonly resolution: Resolution;
  readonly sidecarClients: OutcomeResult;
  readonly noSidecarClients: OutcomeResult | null;
}

export interface IstioSuggestResult {
  readonly verdicts: readonly IstioPortVerdict[];
  readonly suggestions: readonly IstioSuggestion[];
  readonly warnings: readonly string[];
}

function waits(protocol: string | null, port: number): boolean | null {
  if (protocol === null) return null;
  const entry = getProtocol(protocol);
  return entry === undefined ? null : clientWaitsOnPort(entry, port);
}

function appendPorts(existing: string | undefined, add: readonly number[]): { value: string; warning: string | null } {
  const list = existing === undefined ? undefined : parseIstioPortList(existing);
  if (list !== undefined && !list.ok) return { value: add.join(','), warning: `the existing list "${existing ?? ''}" is invalid (${list.reason}: "${list.item.trim()}"); it is replaced` };
  const have = list?.ok === true ? [...list.ports] : [];
  for (const p of add) if (!have.includes(p)) have.push(p);
  return { value: have.join(','), warning: null };
}

export function suggestIstio(input: IstioSuggestInput): IstioSuggestResult {
  const v = input.version;
  const f = featuresOf(v);
  const mode = input.mtls ?? 'PERMISSIVE';
  const verdicts: IstioPortVerdict[] = [];
  const suggestions: IstioSuggestion[] = [];
  const warnings: string[] = [];
  const bypassOutbound: number[] = [];
  const bypassInbound: number[] = [];
  for (const req of input.ports) {
    const servicePort = req.servicePort ?? req.port;
    const clientWaits = req.clientWaits ?? waits(req.protocol, req.port);
    const resolution = input.external === true
      ? serviceEntryPortProtocol(v, undefined)
      : servicePortProtocol(v, { port: servicePort, name: req.name, appProtocol: req.appProtocol });
    const sidecarClients = sidecarClientOutcome(v, { resolution, clientWaits, backendIsHttp: req.protocol === 'http' || req.protocol === 'http2' });
    const noSidecarClients = input.external === true ? null : noSidecarClientOutcome(v, { resolution, clientWaits, mode, serverInjected: true });
    verdicts.push({ port: req.port, servicePort, protocol: req.protocol, clientWaits, resolution, sidecarClients, noSidecarClients });
    if (clientWaits === null) {
      warnings.push(`port ${req.port}: protocol unknown, so whether its clients wait for a greeting is unknown; give PORT/PROTOCOL`);
      continue;
    }
    const sidecarBroken = input.client !== 'no-sidecar' && (sidecarClients.outcome === 'hangs' || (sidecarClients.outcome === 'works-as-tcp' && sidecarClients.delayMs > 0));
    const noSidecarBroken = input.client !== 'sidecar' && noSidecarClients !== null && clientWaits && (noSidecarClients.outcome === 'hangs' || noSidecarClients.delayMs > 0);
    // Clients without a sidecar of a port sniffed inbound also need the port declared TCP.
    if (sidecarBroken || (noSidecarBroken && resolution.cls !== 'tcp')) {
      if (input.external === true) {
        suggestions.push({ target: 'service-entry', key: 'spec.ports[].protocol', value: 'TCP', port: servicePort, since: '1.3', primary: true, reason: 'a ServiceEntry port with no protocol is sniffed (no well-known-port default for ServiceEntries); TCP makes the client sidecar connect at once' });
        bypassOutbound.push(servicePort);
      } else if (f.appProtocol) {
        suggestions.push({ target: 'service', key: 'spec.ports[].appProtocol', value: 'tcp', port: servicePort, since: '1.6', primary: true, reason: 'appProtocol replaces the port name; tcp makes the client sidecar use tcp_proxy, which connects at once' });
        suggestions.push({ target: 'service', key: 'spec.ports[].name', value: `tcp-${req.protocol ?? 'port'}`, port: servicePort, since: '1.0', primary: false, reason: 'or name the port with a tcp- prefix (only when appProtocol is not set: appProtocol wins over the name)' });
      } else {
        suggestions.push({ target: 'service', key: 'spec.ports[].name', value: `tcp-${req.protocol ?? 'port'}`, port: servicePort, since: '1.0', primary: true, reason: 'this release predates appProtocol (1.6): a tcp- name prefix declares TCP' });
      }
    }
    if (noSidecarBroken) {
      if (mode === 'STRICT') warnings.push(`port ${req.port}: under STRICT mTLS clients without a sidecar cannot use the port at all; only bypassing inbound capture serves them`);
      if (mode === 'PERMISSIVE') {
        suggestions.push({ target: 'peer-authentication', key: 'spec.portLevelMtls', value: 'DISABLE', port: req.port, since: '1.5', primary: true, reason: 'PERMISSIVE puts the TLS inspector on the port, which waits for bytes a server-first client never sends; DISABLE on this port (with the port declared TCP) removes it; traffic to the port is then not mutual TLS, from any client' });
      }
      bypassInbound.push(req.port);
    }
  }
  if (bypassOutbound.length > 0) {
    const { value, warning } = appendPorts(input.existingExcludeOutbound, bypassOutbound);
    if (warning !== null) warnings.push(warning);
    suggestions.push({ target: 'pod-template', key: EXCLUDE_OUTBOUND_PORTS, value, port: bypassOutbound[0] ?? 0, since: '1.0', primary: false, reason: 'or, on the client pods, bypass the sidecar for these ports: no mTLS, telemetry or policy for them, to any destination' });
  }
  if (bypassInbound.length > 0) {
    const { value, warning } = appendPorts(input.existingExcludeInbound, bypassInbound);
    if (warning !== null) warnings.push(warning);
    suggestions.push({ target: 'pod-template', key: EXCLUDE_INBOUND_PORTS, value, port: bypassInbound[0] ?? 0, since: '1.0', primary: mode !== 'PERMISSIVE', reason: 'or, on the server pods, bypass the sidecar for inbound traffic to these ports: no mTLS or policy for them' });
  }
  return { verdicts, suggestions, warnings };
}
