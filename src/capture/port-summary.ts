/**
 * Per server port: how many flows, who spoke first (with counts when flows disagree), the protocol,
 * and the Linkerd model's prediction and suggestions for that port.
 *
 * The scenario given to the model, unless options say otherwise: the observed server is an in-cluster
 * meshed workload reached through a ClusterIP Service on the same port, the client is meshed, and
 * nothing is annotated yet (a capture shows traffic, not configuration). The model's knowledge-base
 * view of "does the client wait for the greeting" is overridden by what the flows showed. The
 * assessment itself is the one the probe uses (src/linkerd/assess.ts): suggestions cover meshed and
 * unmeshed clients, `client` only picks which prediction is primary (and the exit code).
 */
import type { Experience, Prediction, Scenario, Suggestion } from '../linkerd/model.js';
import { assessPort, type AssessOptions } from '../linkerd/assess.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import type { ProtocolId } from '../protocols/index.js';
import type { FlowSpeaker, FlowVerdict, ProtocolBasis } from './flow-verdict.js';
import { DEFAULT_CLUSTER_NETWORKS, inNetworks, isLoopback, parseCidrList, type Cidr } from '../linkerd/cluster-networks.js';

export interface PortScenarioOptions {
  readonly version: LinkerdVersion;
  readonly client: Scenario['client'];
  readonly server: Scenario['server'];
  /** clusterNetworks of the cluster (default: the Helm default). */
  readonly clusterNetworks?: readonly Cidr[];
  /** What the user says is configured already (same meaning as the probe's options). */
  readonly opaquePorts?: string;
  readonly skipInboundPorts?: string;
  readonly skipOutboundPorts?: string;
  /** `--egress-network` (external destinations, 2.17+): its opaque-ports is `opaquePorts`. */
  readonly egressNetwork?: AssessOptions['egressNetwork'];
  /** Names the objects suggestions apply to (as in the probe). */
  readonly workload?: { readonly kind: string; readonly name: string };
  readonly service?: string;
  readonly namespace?: string;
}

export interface SpeakerCounts {
  readonly client: number;
  readonly server: number;
  readonly none: number;
}

export interface PortSummary {
  readonly port: number;
  readonly flows: number;
  /** The most common first speaker among flows where someone spoke ('none' only when nobody did). */
  readonly firstSpeaker: FlowSpeaker;
  readonly firstSpeakerCounts: SpeakerCounts;
  /** True when flows disagree on the first speaker. */
  readonly disagree: boolean;
  /** What the flows showed (null: no evidence). */
  readonly clientWaitsForGreeting: boolean | null;
  readonly protocol: ProtocolId | null;
  readonly protocolBasis: ProtocolBasis | null;
  /** Server addresses of this port's flows outside clusterNetworks (so not in-cluster pods); loopback is not counted. */
  readonly outsideClusterNetworks: readonly string[];
  /** The prediction for the client in the options (meshed by default). */
  readonly prediction: Prediction;
  /** The same port from a meshed and from an unmeshed client (as the probe reports it). */
  readonly outcome: { readonly meshedClient: Experience; readonly unmeshedClient: Experience };
  /** For meshed and unmeshed clients. */
  readonly suggestions: readonly Suggestion[];
  /** The model says the port needs a change (exit code 1). */
  readonly needsAction: boolean;
}

const DEFAULT_NETS = parseCidrList(DEFAULT_CLUSTER_NETWORKS);

const BASIS_RANK: Readonly<Record<ProtocolBasis, number>> = { banner: 3, 'client-bytes': 2, port: 1 };

export function summarizePorts(flows: readonly FlowVerdict[], options: PortScenarioOptions): PortSummary[] {
  const byPort = new Map<number, FlowVerdict[]>();
  for (const f of flows) {
    const list = byPort.get(f.serverPort);
    if (list === undefined) byPort.set(f.serverPort, [f]);
    else list.push(f);
  }
  return [...byPort.entries()].sort((a, b) => a[0] - b[0]).map(([port, list]) => summarizePort(port, list, options));
}

function summarizePort(port: number, flows: readonly FlowVerdict[], o: PortScenarioOptions): PortSummary {
  const counts = { client: 0, server: 0, none: 0 };
  for (const f of flows) counts[f.firstSpeaker]++;
  const firstSpeaker: FlowSpeaker = counts.server === 0 && counts.client === 0 ? 'none' : counts.server >= counts.client ? 'server' : 'client';
  const disagree = counts.client > 0 && counts.server > 0;
  const spoke = flows.filter((f) => f.firstSpeaker === firstSpeaker);
  let waits: boolean | null = null;
  if (firstSpeaker === 'client') waits = false;
  else if (firstSpeaker === 'server') waits = spoke.some((f) => f.clientWaitedForGreeting === true);

  // The best-supported protocol: strongest basis first, then the most flows.
  const tally = new Map<ProtocolId, { n: number; rank: number }>();
  for (const f of flows) {
    if (f.protocol === null || f.protocolBasis === null) continue;
    const t = tally.get(f.protocol) ?? { n: 0, rank: 0 };
    tally.set(f.protocol, { n: t.n + 1, rank: Math.max(t.rank, BASIS_RANK[f.protocolBasis]) });
  }
  let protocol: ProtocolId | null = null;
  let best = { n: 0, rank: 0 };
  for (const [id, t] of tally) {
    if (t.rank > best.rank || (t.rank === best.rank && t.n > best.n)) {
      protocol = id;
      best = t;
    }
  }
  const protocolBasis = protocol === null ? null : ((Object.keys(BASIS_RANK) as ProtocolBasis[]).find((b) => BASIS_RANK[b] === best.rank) ?? null);

  const nets = o.clusterNetworks ?? DEFAULT_NETS;
  const outside = [...new Set(flows.map((f) => f.serverAddr))].filter((a) => !isLoopback(a) && !inNetworks(a, nets)).sort();
  // A protocol guessed from the port number alone is not given to the model when the flows showed
  // who speaks first: the observation is better evidence than the port's usual protocol.
  const modelProtocol = protocolBasis === 'port' && waits !== null ? null : protocol;
  const { clusterNetworks: _nets, client, ...rest } = o;
  const a = assessPort(
    { port, protocol: modelProtocol, ...(waits === null ? {} : { clientWaitsForGreeting: waits }) },
    // For an external destination the model needs to know whether it is inside clusterNetworks.
    { ...rest, primaryClient: client, ...(o.server === 'external' ? { inClusterNetworks: outside.length === 0 } : {}) },
  );
  const prediction = a.primary;
  const outcome = a.outcome;
  const suggestions = a.suggestions;
  return {
    port,
    flows: flows.length,
    firstSpeaker,
    firstSpeakerCounts: counts,
    disagree,
    clientWaitsForGreeting: waits,
    protocol,
    protocolBasis,
    outsideClusterNetworks: outside,
    prediction,
    outcome,
    suggestions,
    needsAction: !prediction.covered,
  };
}
