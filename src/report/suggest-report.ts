/** The data `protocheck suggest` renders (built by commands/suggest-run.ts). */
import type { LinkerdVersion } from '../linkerd/version.js';
import type { Prediction, Suggestion } from '../linkerd/model.js';
import type { ProtocolId } from '../protocols/index.js';

export interface PortSummary {
  readonly port: number;
  /** The Service port, when it differs from the pod port (SERVICEPORT:PODPORT). */
  readonly servicePort?: number;
  readonly protocol: ProtocolId | null;
  readonly protocolName: string | null;
  /** Where the protocol came from: the PORT/PROTOCOL argument, the knowledge base's protocol for the port, or none. */
  readonly protocolSource: 'argument' | 'knowledge-base' | 'unknown';
  readonly clientWaitsForGreeting: boolean | null;
  /** The port is one of the protocol's implicit-TLS ports: the client opens with a TLS ClientHello. */
  readonly implicitTls?: boolean;
  readonly outcomes?: ReadonlyArray<{ readonly client: 'meshed' | 'unmeshed'; readonly prediction: Prediction }>;
}

export interface SuggestReport {
  readonly version: LinkerdVersion;
  readonly ports: readonly PortSummary[];
  readonly suggestions: readonly Suggestion[];
  readonly warnings: readonly string[];
  readonly context: {
    readonly workload?: { readonly kind: string; readonly name: string };
    readonly service?: string;
    readonly namespace?: string;
    readonly external: boolean;
    /** --container-ports / --service-ports were given (baselines are then exact). */
    readonly containerPortsKnown?: boolean;
    readonly servicePortsKnown?: boolean;
  };
}

/** "Deployment db (namespace prod)", or a description when the object is not named. */
export function describeTarget(s: Suggestion): string {
  const ns = s.object?.namespace !== undefined ? ` (namespace ${s.object.namespace})` : '';
  switch (s.target) {
    case 'pod-template':
      return s.object ? `${s.object.kind} ${s.object.name}${ns}, pod template` : 'the workload\'s pod template (spec.template.metadata.annotations)';
    case 'client-pod':
      return s.object ? `${s.object.kind} ${s.object.name}${ns}, pod template (the client)` : 'the pod template of every client workload';
    case 'service':
      return s.object ? `Service ${s.object.name}${ns}` : 'the Service in front of the workload';
    case 'namespace':
      return s.object ? `Namespace ${s.object.name}` : 'the Namespace';
    case 'server':
      return s.object ? `Server ${s.object.name}${ns}` : 'the Server that selects this port';
    case 'egress-network':
      return s.object ? `EgressNetwork ${s.object.name}${ns}` : 'the EgressNetwork that matches the destination';
  }
}

export function describeChange(s: Suggestion): string {
  if (s.key === 'spec.ports[].appProtocol') return `set appProtocol: ${s.value} on port ${s.port ?? ''}`;
  if (s.key === 'spec.proxyProtocol') return `set spec.proxyProtocol: ${s.value}`;
  return `set ${s.key}: "${s.value}"`;
}
