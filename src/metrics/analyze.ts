/**
 * `protocheck metrics`: the proxy's protocol-detection counters per direction and Service/server port.
 * Names and labels from linkerd/linkerd2-proxy at release/v2.286.0 (Linkerd 2.18, the first proxy with
 * them) to release/v2.366.0: `{outbound,inbound}_tcp_detect_http_results_total{result=...}` and
 * `..._duration_seconds_bucket{le="0.001"|"0.1"|"+Inf"}` (linkerd/http/detect/src/metrics.rs), outbound
 * labelled by `parent_*` (linkerd/app/outbound/src/metrics.rs prom_encode_service_labels), inbound by
 * `srv_*` (linkerd/app/core/src/metrics.rs ServerLabel); `inbound_tcp_errors_total{error="tls detection
 * timeout",target_addr}` (linkerd/app/inbound/src/metrics/error.rs, older than 2.18 too); and
 * `outbound_tcp_protocol_connections_total{protocol="detect"}` (linkerd/app/outbound/src/protocol/metrics.rs).
 * Pure.
 */
import { parseSample } from './prometheus.js';
import { getProtocol, protocolsForPort } from '../protocols/index.js';
import type { EventGroup } from '../logs/analyze.js';

export interface MetricsGroup {
  readonly direction: 'outbound' | 'inbound';
  /** `ns/name` where the labels give both (outbound parents); null for inbound servers and the egress fallback. */
  readonly service: string | null;
  readonly port: number | null;
  readonly parentKind: string | null;
  readonly serverName: string | null;
  detectTimeouts: number;
  slowDetections: number;
  tlsDetectTimeouts: number;
  detectConnections: number;
  /** `+Inf` and `0.1` bucket sums (slow = +Inf - 0.1). */
  inf: number;
  fast: number;
}

export interface MetricsAnalysis {
  readonly groups: readonly MetricsGroup[];
  readonly samples: number;
  /** Detection metric families seen (outbound/inbound results). */
  readonly hasDetectMetrics: boolean;
  readonly hasTcpErrors: boolean;
}

const OUT_RESULTS = 'outbound_tcp_detect_http_results_total';
const IN_RESULTS = 'inbound_tcp_detect_http_results_total';
const OUT_BUCKET = 'outbound_tcp_detect_http_duration_seconds_bucket';
const IN_BUCKET = 'inbound_tcp_detect_http_duration_seconds_bucket';
const TCP_ERRORS = 'inbound_tcp_errors_total';
const PROTOCOL_CONNS = 'outbound_tcp_protocol_connections_total';

function portOf(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : null;
}

export function analyzeMetrics(text: string): MetricsAnalysis {
  const groups = new Map<string, MetricsGroup>();
  let samples = 0;
  let hasDetectMetrics = false;
  let hasTcpErrors = false;
  const group = (key: string, make: () => MetricsGroup): MetricsGroup => {
    let g = groups.get(key);
    if (g === undefined) {
      g = make();
      groups.set(key, g);
    }
    return g;
  };
  const blank = { detectTimeouts: 0, slowDetections: 0, tlsDetectTimeouts: 0, detectConnections: 0, inf: 0, fast: 0 };
  const outbound = (l: Readonly<Record<string, string>>): MetricsGroup => {
    const kind = l['parent_kind'] ?? '';
    const ns = l['parent_namespace'] ?? '';
    const name = l['parent_name'] ?? '';
    const port = portOf(l['parent_port']);
    return group(`o|${kind}|${ns}|${name}|${port ?? ''}`, () => ({
      direction: 'outbound', service: ns !== '' && name !== '' ? `${ns}/${name}` : null, port, parentKind: kind === '' ? null : kind, serverName: null, ...blank,
    }));
  };
  const inbound = (port: number | null, srv: string | null): MetricsGroup =>
    group(`i|${port ?? ''}`, () => ({ direction: 'inbound', service: null, port, parentKind: null, serverName: srv, ...blank }));
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const s = parseSample(line);
    if (s === null) continue;
    samples++;
    const l = s.labels;
    switch (s.name) {
      case OUT_RESULTS:
        hasDetectMetrics = true;
        if (l['result'] === 'read_timeout') outbound(l).detectTimeouts += s.value;
        else outbound(l);
        break;
      case IN_RESULTS:
        hasDetectMetrics = true;
        if (l['result'] === 'read_timeout') inbound(portOf(l['srv_port']), l['srv_name'] ?? null).detectTimeouts += s.value;
        break;
      case OUT_BUCKET:
      case IN_BUCKET: {
        const g = s.name === OUT_BUCKET ? outbound(l) : inbound(portOf(l['srv_port']), l['srv_name'] ?? null);
        if (l['le'] === '+Inf') g.inf += s.value;
        else if (l['le'] === '0.1') g.fast += s.value;
        break;
      }
      case TCP_ERRORS: {
        hasTcpErrors = true;
        if (l['error'] !== 'tls detection timeout') break;
        const addr = l['target_addr'] ?? '';
        const port = portOf(addr.slice(addr.lastIndexOf(':') + 1));
        inbound(port, null).tlsDetectTimeouts += s.value;
        break;
      }
      case PROTOCOL_CONNS:
        if (l['protocol'] === 'detect') outbound(l).detectConnections += s.value;
        break;
      default:
        break;
    }
  }
  for (const g of groups.values()) g.slowDetections = Math.max(0, g.inf - g.fast);
  return { groups: [...groups.values()], samples, hasDetectMetrics, hasTcpErrors };
}

/** A port whose protocol (the knowledge base, one protocol for the port) is server-first. */
export function serverFirstPort(port: number | null): boolean {
  if (port === null) return false;
  const found = protocolsForPort(port);
  if (found.length !== 1 || found[0] === undefined) return false;
  const entry = getProtocol(found[0].id);
  return entry !== undefined && entry.clientWaitsForGreeting && !entry.tlsPorts.includes(port);
}

export function atRisk(g: MetricsGroup): boolean {
  return g.direction === 'outbound' && g.detectConnections > 0 && serverFirstPort(g.port);
}

/** The group as log events, so the logs advice (protocol, model fixes) applies unchanged. */
export function asEventGroup(g: MetricsGroup): EventGroup | null {
  if (g.port === null) return null;
  const events: EventGroup['events'] = {};
  if (g.detectTimeouts > 0 || atRisk(g)) events[g.direction === 'outbound' ? 'outbound-detect-timeout' : 'inbound-detect-timeout'] = g.detectTimeouts;
  if (g.tlsDetectTimeouts > 0) events['inbound-tls-detect-timeout'] = g.tlsDetectTimeouts;
  if (Object.keys(events).length === 0) return null;
  const [namespace, name] = (g.service ?? '').split('/');
  const external = g.parentKind === 'EgressNetwork' || g.parentKind === 'default' && g.service === null;
  return {
    direction: g.direction, port: g.port, server: null, events, pods: [], clients: [], first: { source: '', line: 0 },
    ...(g.parentKind === 'Service' && namespace && name ? { service: { namespace, name } } : {}),
    ...(external ? { external: true } : {}),
  };
}
