/**
 * The protocol Istio gives a Kubernetes Service port or a ServiceEntry port (docs/istio.md
 * "Protocol selection"). Written from istio/istio pkg/config/kube/conversion.go (ConvertProtocol),
 * pkg/config/protocol/instance.go (Parse, classes) and
 * pilot/pkg/serviceregistry/serviceentry/conversion.go (convertPort) at the release tags cited. Pure.
 */
import { featuresOf, type IstioVersion } from './version.js';

/** Istio's protocol instances, plus `auto` for UnsupportedProtocol (sniffed). */
export type IstioProtocol =
  | 'TCP' | 'UDP' | 'GRPC' | 'GRPC-Web' | 'HTTP' | 'HTTP_PROXY' | 'HTTP2' | 'HTTPS' | 'TLS'
  | 'Mongo' | 'Redis' | 'MySQL' | 'Thrift' | 'auto';

/** How the listener treats a protocol: an HTTP connection manager, tcp_proxy, not proxied, or sniffed. */
export type ProtocolClass = 'http' | 'tcp' | 'udp' | 'auto';

const WORD_TO_PROTOCOL: Readonly<Record<string, IstioProtocol>> = {
  tcp: 'TCP', udp: 'UDP', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', http: 'HTTP', http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2', https: 'HTTPS', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL', thrift: 'Thrift',
};

/** protocol.Parse: the whole word, case-insensitive; unknown (including empty) => `auto`. */
export function parseProtocolWord(v: IstioVersion, word: string): IstioProtocol {
  const lower = word.toLowerCase();
  if (!featuresOf(v).protocolWords.has(lower)) return 'auto';
  return WORD_TO_PROTOCOL[lower] ?? 'auto';
}

/** HTTP-class and TCP-class per pkg/config/protocol/instance.go IsHTTP / IsTCP (Thrift is TCP-class: instance.go@1.10.0). */
export function protocolClass(p: IstioProtocol): ProtocolClass {
  switch (p) {
    case 'HTTP': case 'HTTP2': case 'HTTP_PROXY': case 'GRPC': case 'GRPC-Web':
      return 'http';
    case 'TCP': case 'HTTPS': case 'TLS': case 'Mongo': case 'Redis': case 'MySQL': case 'Thrift':
      return 'tcp';
    case 'UDP':
      return 'udp';
    case 'auto':
      return 'auto';
  }
}

/** The well-known ports that default to TCP (pkg/config/kube/conversion.go wellKnownPorts: SMTP, DNS, MySQL, MongoDB). */
export const WELL_KNOWN_TCP_PORTS: readonly number[] = [25, 53, 3306, 27017];

export interface ServicePortInput {
  /** The Service `port` (never the targetPort: ConvertProtocol is given the Service port). */
  readonly port: number;
  readonly name?: string | undefined;
  /** `TCP` (default), `UDP`, `SCTP`. */
  readonly protocol?: string | undefined;
  /** undefined = absent; a string (even empty) = set. */
  readonly appProtocol?: string | undefined;
}

/** Why a port got its protocol. */
export type Reason =
  | 'udp'
  | 'k8s-app-protocol'
  | 'grpc-web-prefix'
  | 'prefix'
  | 'well-known-port'
  | 'no-sniffing'
  | 'unsupported';

export interface Resolution {
  readonly protocol: IstioProtocol;
  readonly cls: ProtocolClass;
  readonly reason: Reason;
  /** The string Istio read: appProtocol when set (1.6+), else the port name. */
  readonly source: 'appProtocol' | 'name' | 'protocol';
  readonly candidate: string;
  /** The part before the first `-` that protocol.Parse saw. */
  readonly prefix: string;
  /** appProtocol was set but this release ignores it (before 1.6). */
  readonly appProtocolIgnored: boolean;
}

function resolution(protocol: IstioProtocol, rest: Omit<Resolution, 'protocol' | 'cls'>): Resolution {
  return { protocol, cls: protocolClass(protocol), ...rest };
}

/** ConvertProtocol for a Service port in release `v`. */
export function servicePortProtocol(v: IstioVersion, input: ServicePortInput): Resolution {
  const f = featuresOf(v);
  const name = input.name ?? '';
  const appSet = input.appProtocol !== undefined;
  const useApp = appSet && f.appProtocol;
  const candidate = useApp ? (input.appProtocol ?? '') : name;
  const base = { source: useApp ? 'appProtocol' : 'name', candidate, prefix: candidate, appProtocolIgnored: appSet && !f.appProtocol } as const;
  if ((input.protocol ?? 'TCP').toUpperCase() === 'UDP') return resolution('UDP', { ...base, reason: 'udp' });
  if (useApp) {
    // Exact, case-sensitive values, checked before anything else (conversion.go@1.19.0 / @1.24.0).
    if (f.k8sH2c && candidate === 'kubernetes.io/h2c') return resolution('HTTP2', { ...base, reason: 'k8s-app-protocol' });
    if (f.k8sWs && candidate === 'kubernetes.io/ws') return resolution('HTTP', { ...base, reason: 'k8s-app-protocol' });
    if (f.k8sWs && candidate === 'kubernetes.io/wss') return resolution('HTTPS', { ...base, reason: 'k8s-app-protocol' });
  }
  // grpc-web contains a dash, so it is matched as a case-insensitive prefix first (1.1+).
  if (v.minor >= 1 && candidate.length >= 8 && candidate.slice(0, 8).toLowerCase() === 'grpc-web') {
    return resolution('GRPC-Web', { ...base, prefix: candidate.slice(0, 8), reason: 'grpc-web-prefix' });
  }
  const dash = candidate.indexOf('-');
  const prefix = dash >= 0 ? candidate.slice(0, dash) : candidate;
  const parsed = parseProtocolWord(v, prefix);
  const withPrefix = { ...base, prefix };
  if (!f.sniffOutbound) {
    // Before 1.3: UDP and unsupported words give TCP (pilot/pkg/serviceregistry/kube/conversion.go@1.2.0).
    if (parsed === 'auto' || parsed === 'UDP') return resolution('TCP', { ...withPrefix, reason: 'no-sniffing' });
    return resolution(parsed, { ...withPrefix, reason: 'prefix' });
  }
  if (parsed !== 'auto') return resolution(parsed, { ...withPrefix, reason: 'prefix' });
  if (f.wellKnownTcp && WELL_KNOWN_TCP_PORTS.includes(input.port)) return resolution('TCP', { ...withPrefix, reason: 'well-known-port' });
  return resolution('auto', { ...withPrefix, reason: 'unsupported' });
}

/**
 * A ServiceEntry port: only its `protocol` field, parsed whole (no prefix rule, no well-known-port
 * default, the name unused). Empty = sniffed. Before 1.3 nothing was sniffed.
 */
export function serviceEntryPortProtocol(v: IstioVersion, protocol: string | undefined): Resolution {
  const candidate = protocol ?? '';
  const parsed = parseProtocolWord(v, candidate);
  const base = { source: 'protocol', candidate, prefix: candidate, appProtocolIgnored: false } as const;
  if (parsed === 'auto' && !featuresOf(v).sniffOutbound) return resolution('TCP', { ...base, reason: 'no-sniffing' });
  return resolution(parsed, { ...base, reason: parsed === 'auto' ? 'unsupported' : 'prefix' });
}

/** A ServiceEntry protocol value that validation rejects (pkg/config/validation/validation.go ValidateProtocol). */
export function serviceEntryProtocolInvalid(v: IstioVersion, protocol: string | undefined): boolean {
  return protocol !== undefined && protocol !== '' && parseProtocolWord(v, protocol) === 'auto';
}

export type EnvoyFilter = 'mongo_proxy' | 'mysql_proxy' | 'redis_proxy';

/** The protocol filter a declared protocol puts in front of (or instead of) tcp_proxy, with the release's default pilot environment. */
export function protocolFilter(v: IstioVersion, p: IstioProtocol): EnvoyFilter | null {
  const f = featuresOf(v);
  if (p === 'Mongo' && f.mongoFilterDefault) return 'mongo_proxy';
  if (p === 'MySQL' && f.mysqlFilterDefault) return 'mysql_proxy';
  if (p === 'Redis' && f.redisFilterDefault) return 'redis_proxy';
  return null;
}

/** Which knowledge-base protocol a filter decodes (for "does the filter match the backend"). */
export const FILTER_PROTOCOL: Readonly<Record<EnvoyFilter, string>> = {
  mongo_proxy: 'mongodb',
  mysql_proxy: 'mysql',
  redis_proxy: 'redis',
};
