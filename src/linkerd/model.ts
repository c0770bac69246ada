/**
 * The Linkerd model (public API used by probe, lint, capture and suggest): port lists per consumer,
 * defaults per version, the effective configuration of a pod port / Service port, the predicted path
 * and experience of a connection, and exact suggestions. Ground truth: docs/linkerd-model.md
 * 2.4-2.7, 3, 4, 5, 9. Implementation lives in the sibling files; this module is the contract.
 */
import type { LinkerdVersion } from './version.js';
import type { ProtocolId } from '../protocols/index.js';
import type { ParsedPortList } from './port-list.js';

export {
  CONSUMERS,
  NAME_RESOLVING,
  ACCEPTS_PORT_ZERO,
  parsePortList,
  readingIncludes,
  portListIncludes,
  formatPortList,
  mergePortList,
  subtractPortList,
  looksLikePortName,
} from './port-list.js';
export type { Consumer, PortRange, PortListProblem, PortListProblemCode, ConsumerReading, ParsedPortList, MergedPortList } from './port-list.js';
export { defaultsFor } from './defaults.js';
export type { Defaults } from './defaults.js';
export { interpretAppProtocol, interpretServerProtocol, podPortView, servicePortView, clientSkipView, ANNOTATIONS } from './effective.js';
export { predict } from './predict.js';
export { suggest, suggestPorts, DOCS } from './suggest.js';
export { assessPort, assessConfig, parseEgressNetwork } from './assess.js';

/** How one side (client proxy or server proxy) handles the connection. */
export type SidePath = 'not-meshed' | 'skip' | 'opaque' | 'http1' | 'http2' | 'grpc' | 'tls' | 'detect';
/** What the user experiences. */
export type Experience = 'works' | 'stall-10s' | 'stall-20s' | 'closed-10s' | 'failed-1s' | 'failed-3s' | 'broken';
export type Action = 'none' | 'opaque' | 'skip-outbound' | 'skip-inbound' | 'declare-protocol';

/** Raw annotation values as written (undefined = not set). */
export interface PortConfig {
  /** `config.linkerd.io/opaque-ports` on the server's pod template (undefined = not set by the user). */
  readonly podOpaquePorts?: string;
  readonly namespaceOpaquePorts?: string;
  /** On the Service (undefined = not set by the user: the injector may have written one at CREATE). */
  readonly serviceOpaquePorts?: string;
  readonly podSkipInboundPorts?: string;
  readonly namespaceSkipInboundPorts?: string;
  /** `skip-outbound-ports` on the client pod template. */
  readonly clientSkipOutboundPorts?: string;
  /** `skip-outbound-ports` on the client's namespace. */
  readonly clientNamespaceSkipOutboundPorts?: string;
  /** `appProtocol` of the Service port. */
  readonly appProtocol?: string;
  /** proxyProtocol of the Server that selects this pod port, if any ('unknown' when unset on it). */
  readonly serverProxyProtocol?: string;
  /** Name of that Server (for suggestions). */
  readonly serverName?: string;
  /** EgressNetwork matching an external destination: its opaque-ports annotation (null = EgressNetwork without it; undefined = no EgressNetwork). */
  readonly egressNetworkOpaquePorts?: string | null;
  /** Name (and namespace, default the input's) of that EgressNetwork, for suggestions. */
  readonly egressNetworkName?: string;
  readonly egressNetworkNamespace?: string;
  /** Container port names of the pod (for named entries). */
  readonly containerPortNames?: Readonly<Record<string, number>>;
  /** Service port names (for Service annotations). */
  readonly servicePortNames?: Readonly<Record<string, number>>;
  /** Every containerPort the pod declares (lets suggestions keep exactly what the injector wrote; unknown = keep the whole default list). */
  readonly containerPorts?: readonly number[];
  /** The Service's ports (lets suggestions keep exactly what the injector wrote on the Service). */
  readonly servicePorts?: ReadonlyArray<{ readonly port: number; readonly targetPort?: number | string }>;
  /** Whether a container declares this port as containerPort (the injector only annotates declared ports). Default: from containerPorts, else true. */
  readonly podDeclaresPort?: boolean;
  /** The Service port's targetPort (number or name; undefined = same as the port). */
  readonly serviceTargetPort?: number | string;
  /** linkerd-cni instead of proxy-init. */
  readonly cni?: boolean;
  /** Skip lists of the linkerd-cni config (CNI mode; default ""). */
  readonly cniSkipInboundPorts?: string;
  readonly cniSkipOutboundPorts?: string;
  /** Custom install values (Helm proxy.opaquePorts / proxyInit.ignore*Ports); default: the version's. */
  readonly installOpaquePorts?: string;
  readonly installSkipInboundPorts?: string;
  readonly installSkipOutboundPorts?: string;
  /** The object existed before the injector watched it, so nothing was written at admission. Default false. */
  readonly createdBeforeInjector?: boolean;
  /** Helm proxy.outboundTransportMode (2.18+; default transport-header). */
  readonly outboundTransportMode?: 'transport-header' | 'transparent';
}

export interface Scenario {
  readonly version: LinkerdVersion;
  /** Destination port on the pod (or the external host). */
  readonly port: number;
  /** Service port, when reached through a ClusterIP Service (defaults to `port`). */
  readonly servicePort?: number;
  readonly protocol: ProtocolId | null;
  /** Overrides the knowledge base (e.g. probe saw a banner): does the client wait for the server's greeting? */
  readonly clientWaitsForGreeting?: boolean;
  readonly client: 'meshed' | 'unmeshed';
  readonly server: 'meshed' | 'unmeshed' | 'external';
  readonly via: 'service' | 'pod-ip' | 'external';
  /** For external destinations: inside clusterNetworks or not. */
  readonly inClusterNetworks?: boolean;
  readonly config: PortConfig;
}

/** How the meshed client reaches the server proxy. */
export type Transport = 'none' | 'plain' | 'mtls' | 'mtls-4143';

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
  readonly transport: Transport;
  /** Whether the protocol's client waits for a greeting (null: unknown protocol, assumed not). */
  readonly clientWaitsForGreeting: boolean | null;
}

/** Where a configuration list came from. */
export type ListSource = 'pod' | 'namespace' | 'injector' | 'service' | 'install-default' | 'cni-config' | 'none';

/** One effective list: the value the consumers read, where it came from, and how each reads it. */
export interface EffectiveList {
  readonly key: string;
  readonly source: ListSource;
  /** The value on the object after admission (null = no annotation: controllers use the install default). */
  readonly value: string | null;
  readonly parsed: ParsedPortList | null;
}

/** appProtocol as the policy controller reads it (2.18+). */
export interface AppProtocolReading {
  readonly value: string;
  /** False before 2.18 (ignored). */
  readonly honoured: boolean;
  readonly path: 'http1' | 'http2' | 'opaque';
  /** False when the value is not one Linkerd names (then it silently means opaque). */
  readonly known: boolean;
  readonly note: string;
}

export type ServerProtocol = 'unknown' | 'HTTP/1' | 'HTTP/2' | 'gRPC' | 'opaque' | 'TLS';

/** The effective configuration of one pod port (server side). */
export interface PodPortView {
  readonly port: number;
  readonly opaque: EffectiveList;
  readonly skipInbound: EffectiveList;
  /** Skipped by iptables (proxy-init or CNI reading, plus 4190/4191). */
  readonly skipped: boolean;
  /** Inbound proxy: opaque per the policy controller (2.11+) or the proxy env (2.10). */
  readonly inboundOpaque: boolean;
  /** Clients resolving the pod IP treat the port as opaque (destination controller: annotation OR opaque Server). */
  readonly clientOpaque: boolean;
  /** The Server that selects the port, if any. */
  readonly server: ServerProtocol | null;
  /** The inbound path for a connection that arrives on the port itself. */
  readonly inbound: SidePath;
  readonly notes: readonly string[];
}

/** The effective configuration of one Service port (client side, ClusterIP traffic). */
export interface ServicePortView {
  readonly port: number;
  readonly opaque: EffectiveList;
  /** Destination controller profile `opaque_protocol`. */
  readonly profileOpaque: boolean;
  /** Policy controller outbound protocol (2.13+; null before). */
  readonly policy: SidePath | null;
  readonly appProtocol: AppProtocolReading | null;
  /** What a meshed client proxy does with it. */
  readonly client: SidePath;
  readonly notes: readonly string[];
}

export type SuggestionTarget = 'pod-template' | 'service' | 'namespace' | 'server' | 'egress-network' | 'client-pod';

/** Which rule of docs/linkerd-model.md#suggestions produced a suggestion (in that order). */
export type SuggestionRule =
  | 'service-app-protocol'
  | 'service-opaque-ports'
  | 'pod-opaque-ports'
  | 'namespace-opaque-ports'
  | 'server-proxy-protocol'
  | 'egress-network-opaque-ports'
  | 'client-skip-outbound'
  | 'pod-skip-inbound'
  | 'pod-skip-outbound';

export interface Suggestion {
  readonly target: SuggestionTarget;
  /** Annotation key, or a field path for non-annotations: `spec.ports[].appProtocol`, `spec.proxyProtocol`. */
  readonly key: string;
  /** The full new value, to be applied as is. */
  readonly value: string;
  readonly reason: string;
  readonly docs: string;
  /** The object it applies to, when known. */
  readonly object?: { readonly kind: string; readonly name: string; readonly namespace?: string };
  readonly rule?: SuggestionRule;
  /** The value it replaces (null = not set). */
  readonly current?: string | null;
  /** For Service-port fields and Servers: the port concerned. */
  readonly port?: number;
  /** True for an alternative to the suggestion before it (apply one of them). */
  readonly alternative?: boolean;
  /** Rewrites of the existing value (dropped names, spaces, ...). */
  readonly notes?: readonly string[];
}

export interface SuggestInput extends Scenario {
  readonly workload?: { readonly kind: string; readonly name: string };
  readonly service?: string;
  readonly namespace?: string;
}
