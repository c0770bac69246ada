/**
 * One port, assessed the same way for every command that observes traffic (probe, capture): the
 * scenario built from what was observed (port, protocol, whether the client waits for the greeting)
 * and what the user says (server kind, configured lists, EgressNetwork, object names), predicted for
 * a meshed and an unmeshed client, and suggestions that cover both kinds of client (so a port that
 * fails only for unmeshed clients still gets its fix). Pure.
 */
import { UsageError } from '../errors.js';
import { predict } from './predict.js';
import { suggestWithPredictions } from './suggest.js';
import type { LinkerdVersion } from './version.js';
import type { ProtocolId } from '../protocols/index.js';
import type { Action, Experience, PortConfig, Prediction, Scenario, SuggestInput, Suggestion } from './model.js';

export type ClientKind = 'meshed' | 'unmeshed';

export interface AssessOptions {
  readonly version: LinkerdVersion;
  /** Where the port lives: a meshed workload behind a ClusterIP Service, an unmeshed one, or outside the cluster. */
  readonly server: Scenario['server'];
  /** Which client's prediction is primary (capture's --client; default meshed). */
  readonly primaryClient?: ClientKind;
  /** External destinations only: whether the address is inside clusterNetworks (default false). */
  readonly inClusterNetworks?: boolean;
  /** Lists the user says are configured (undefined: not set, the version's defaults apply). */
  readonly opaquePorts?: string;
  readonly skipInboundPorts?: string;
  readonly skipOutboundPorts?: string;
  /** External destinations, 2.17+: an EgressNetwork matches the destination; its opaque-ports is `opaquePorts` (unset when undefined). */
  readonly egressNetwork?: { readonly name: string; readonly namespace?: string };
  /** For in-cluster servers the workload serving the port; for external ones the client workload. */
  readonly workload?: { readonly kind: string; readonly name: string };
  readonly service?: string;
  readonly namespace?: string;
}

/** What was observed about the port. */
export interface PortEvidence {
  readonly port: number;
  readonly protocol: ProtocolId | null;
  /** Observed: does the client wait for the server's greeting? (undefined: the knowledge base decides) */
  readonly clientWaitsForGreeting?: boolean;
}

export interface PortAssessment {
  /** The scenario of the primary client (without object names). */
  readonly scenario: Scenario;
  readonly meshed: Prediction;
  readonly unmeshed: Prediction;
  /** The primary client's prediction. */
  readonly primary: Prediction;
  readonly outcome: { readonly meshedClient: Experience; readonly unmeshedClient: Experience };
  /** Covered for both kinds of client. */
  readonly covered: boolean;
  /** The primary client's action, else the other's. */
  readonly action: Action;
  readonly delaySeconds: number;
  /** Both predictions' explanations, the primary's first, each once. */
  readonly explanation: readonly string[];
  /** Suggestions for meshed and unmeshed clients (empty when both are covered). */
  readonly suggestions: readonly Suggestion[];
}

/** The PortConfig the user's statements amount to. */
export function assessConfig(o: AssessOptions): PortConfig {
  const external = o.server === 'external';
  return {
    ...(o.opaquePorts === undefined || external ? {} : { podOpaquePorts: o.opaquePorts, serviceOpaquePorts: o.opaquePorts }),
    ...(o.skipInboundPorts === undefined || external ? {} : { podSkipInboundPorts: o.skipInboundPorts }),
    ...(o.skipOutboundPorts === undefined ? {} : { clientSkipOutboundPorts: o.skipOutboundPorts }),
    ...(o.egressNetwork === undefined || !external
      ? {}
      : {
          egressNetworkOpaquePorts: o.opaquePorts ?? null,
          egressNetworkName: o.egressNetwork.name,
          ...(o.egressNetwork.namespace === undefined ? {} : { egressNetworkNamespace: o.egressNetwork.namespace }),
        }),
  };
}

export function assessPort(evidence: PortEvidence, o: AssessOptions): PortAssessment {
  const primaryClient = o.primaryClient ?? 'meshed';
  const external = o.server === 'external';
  const scenario: Scenario = {
    version: o.version,
    port: evidence.port,
    protocol: evidence.protocol,
    ...(evidence.clientWaitsForGreeting === undefined ? {} : { clientWaitsForGreeting: evidence.clientWaitsForGreeting }),
    client: primaryClient,
    server: o.server,
    via: external ? 'external' : 'service',
    ...(external ? { inClusterNetworks: o.inClusterNetworks ?? false } : {}),
    config: assessConfig(o),
  };
  const meshed = predict({ ...scenario, client: 'meshed' });
  const unmeshed = predict({ ...scenario, client: 'unmeshed' });
  const [primary, other] = primaryClient === 'meshed' ? [meshed, unmeshed] : [unmeshed, meshed];
  const covered = meshed.covered && unmeshed.covered;
  let suggestions: readonly Suggestion[] = [];
  if (!covered) {
    const input: SuggestInput = {
      ...scenario,
      ...(o.workload === undefined ? {} : { workload: o.workload }),
      ...(o.service === undefined ? {} : { service: o.service }),
      ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
    };
    const request = {
      port: evidence.port,
      protocol: evidence.protocol,
      ...(evidence.clientWaitsForGreeting === undefined ? {} : { clientWaitsForGreeting: evidence.clientWaitsForGreeting }),
    };
    suggestions = suggestWithPredictions(input, [request], { clients: ['meshed', 'unmeshed'] }).suggestions;
  }
  return {
    scenario,
    meshed,
    unmeshed,
    primary,
    outcome: { meshedClient: meshed.experience, unmeshedClient: unmeshed.experience },
    covered,
    action: primary.action !== 'none' ? primary.action : other.action,
    delaySeconds: Math.max(meshed.delaySeconds, unmeshed.delaySeconds),
    explanation: [...new Set([...primary.explanation, ...other.explanation])],
    suggestions,
  };
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `--egress-network NAME` or `NAMESPACE/NAME`; throws UsageError otherwise. */
export function parseEgressNetwork(text: string): { name: string; namespace?: string } {
  const parts = text.split('/');
  const [a = '', b] = parts;
  const ref = b === undefined ? { name: a } : { namespace: a, name: b };
  if (parts.length > 2 || ref.name.length > 253 || !DNS_SUBDOMAIN.test(ref.name) || (ref.namespace !== undefined && !DNS_LABEL.test(ref.namespace))) {
    throw new UsageError(`--egress-network: "${text}" is not NAME or NAMESPACE/NAME`);
  }
  return ref;
}
