/**
 * CONTRACT STUB (owned by the Linkerd-model work): port lists per consumer, defaults per version,
 * the predicted path and experience of a connection, and exact suggestions. Probe, lint and capture
 * import these names; the owner may add fields and exports but must not remove or rename these.
 */
import type { LinkerdVersion } from './version.js';
import type { ProtocolId } from '../protocols/index.js';

/** Each Linkerd component that reads port lists, with its own parser (linkerd-spec 4.2). */
export const CONSUMERS = ['injector', 'destination-pod', 'destination-service', 'policy-controller', 'proxy-init', 'cni', 'linkerd-check'] as const;
export type Consumer = (typeof CONSUMERS)[number];

export interface PortRange {
  readonly start: number;
  readonly end: number;
}

export interface PortListProblem {
  /** Which consumers read this item differently from what the user meant. */
  readonly consumers: readonly Consumer[];
  /** The offending item as written ('' for an empty item). */
  readonly item: string;
  readonly index: number;
  readonly code: 'space' | 'name' | 'port-zero' | 'out-of-range' | 'reversed-range' | 'empty-item' | 'garbage';
  readonly message: string;
}

export interface ConsumerReading {
  readonly ports: readonly PortRange[];
  /** Named ports kept by consumers that resolve names. */
  readonly names: readonly string[];
  /** True when this consumer throws the whole list away (policy controller on one bad entry). */
  readonly emptied: boolean;
}

export interface ParsedPortList {
  readonly raw: string;
  readonly readings: Readonly<Record<Consumer, ConsumerReading>>;
  readonly problems: readonly PortListProblem[];
}

export function parsePortList(raw: string): ParsedPortList {
  const ports: PortRange[] = [];
  for (const item of raw.split(',')) {
    const n = Number(item.trim());
    if (Number.isInteger(n) && n > 0 && n < 65536) ports.push({ start: n, end: n });
  }
  const reading: ConsumerReading = { ports, names: [], emptied: false };
  const readings = Object.fromEntries(CONSUMERS.map((c) => [c, reading])) as Record<Consumer, ConsumerReading>;
  return { raw, readings, problems: [] };
}

export interface Defaults {
  readonly opaquePorts: string;
  readonly skipInboundPorts: string;
  readonly skipOutboundPorts: string;
}

export function defaultsFor(_version: LinkerdVersion): Defaults {
  return { opaquePorts: '25,587,3306,4444,5432,6379,9300,11211', skipInboundPorts: '4567,4568', skipOutboundPorts: '4567,4568' };
}

/** How one side (client proxy or server proxy) handles the connection. */
export type SidePath = 'not-meshed' | 'skip' | 'opaque' | 'http1' | 'http2' | 'grpc' | 'tls' | 'detect';
/** What the user experiences. */
export type Experience = 'works' | 'stall-10s' | 'stall-20s' | 'closed-10s' | 'failed-1s' | 'failed-3s' | 'broken';
export type Action = 'none' | 'opaque' | 'skip-outbound' | 'skip-inbound' | 'declare-protocol';

/** Raw annotation values as written (undefined = not set). */
export interface PortConfig {
  readonly podOpaquePorts?: string;
  readonly namespaceOpaquePorts?: string;
  readonly serviceOpaquePorts?: string;
  readonly podSkipInboundPorts?: string;
  readonly namespaceSkipInboundPorts?: string;
  readonly clientSkipOutboundPorts?: string;
  readonly appProtocol?: string;
  /** proxyProtocol of the Server that selects this pod port, if any ('unknown' when unset on it). */
  readonly serverProxyProtocol?: string;
  /** EgressNetwork matching an external destination: its opaque-ports annotation (null = none set). */
  readonly egressNetworkOpaquePorts?: string | null;
  /** Container port names of the pod (for named entries). */
  readonly containerPortNames?: Readonly<Record<string, number>>;
  /** Service port names (for Service annotations). */
  readonly servicePortNames?: Readonly<Record<string, number>>;
  /** Whether a container declares this port as containerPort (the injector only annotates declared ports). */
  readonly podDeclaresPort?: boolean;
  /** linkerd-cni instead of proxy-init. */
  readonly cni?: boolean;
}

export interface Scenario {
  readonly version: LinkerdVersion;
  /** Destination port on the pod (or the external host). */
  readonly port: number;
  /** Service port, when reached through a ClusterIP Service (defaults to `port`). */
  readonly servicePort?: number;
  readonly protocol: ProtocolId | null;
  readonly client: 'meshed' | 'unmeshed';
  readonly server: 'meshed' | 'unmeshed' | 'external';
  readonly via: 'service' | 'pod-ip' | 'external';
  /** For external destinations: inside clusterNetworks or not. */
  readonly inClusterNetworks?: boolean;
  readonly config: PortConfig;
}

export interface Prediction {
  readonly client: SidePath;
  readonly server: SidePath;
  readonly experience: Experience;
  /** Expected added delay in seconds (0 when none). */
  readonly delaySeconds: number;
  /** True when the configuration already handles this port correctly. */
  readonly covered: boolean;
  readonly action: Action;
  readonly explanation: readonly string[];
}

export function predict(s: Scenario): Prediction {
  return { client: 'detect', server: 'detect', experience: 'works', delaySeconds: 0, covered: true, action: 'none', explanation: [`stub for port ${s.port}`] };
}

export type SuggestionTarget = 'pod-template' | 'service' | 'namespace' | 'server' | 'egress-network' | 'client-pod';

export interface Suggestion {
  readonly target: SuggestionTarget;
  readonly key: string;
  /** The full new value, to be applied as is. */
  readonly value: string;
  readonly reason: string;
  readonly docs: string;
  /** The object it applies to, when known. */
  readonly object?: { readonly kind: string; readonly name: string; readonly namespace?: string };
}

export interface SuggestInput extends Scenario {
  readonly workload?: { readonly kind: string; readonly name: string };
  readonly service?: string;
  readonly namespace?: string;
}

export function suggest(_input: SuggestInput): Suggestion[] {
  return [];
}
