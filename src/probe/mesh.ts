/**
 * Pure adapter from a probe verdict to the shared port assessment (src/linkerd/assess.ts): by default
 * the port is a meshed workload reached through its Service (`--server meshed`); `unmeshed` and
 * `external` (a destination outside the cluster: RDS, SES, ...) change the server side. For external
 * destinations, whether the address the probe connected to is inside clusterNetworks decides between
 * the default opaque list and the Detect fallback (docs/linkerd-model.md, Prediction). What the probe saw about who
 * speaks first overrides the knowledge base.
 */
import { assessConfig, assessPort, type AssessOptions } from '../linkerd/assess.js';
import { suggestWithPredictions } from '../linkerd/suggest.js';
import { DEFAULT_CLUSTER_NETWORKS, inNetworks, isLoopback, parseCidrList, type Cidr } from '../linkerd/cluster-networks.js';
import type { SuggestInput, Suggestion } from '../linkerd/model.js';
import type { ProtocolId } from '../protocols/index.js';
import type { MeshVerdict, OpenTarget, Speaker } from './types.js';

export type ServerKind = AssessOptions['server'];

export interface MeshOptions extends Omit<AssessOptions, 'server' | 'primaryClient' | 'inClusterNetworks'> {
  /** Default meshed. */
  readonly server?: ServerKind;
  /** clusterNetworks of the cluster (default: the Helm default). */
  readonly clusterNetworks?: readonly Cidr[];
}

export interface MeshInput {
  readonly port: number;
  readonly protocol: ProtocolId | null;
  readonly firstSpeaker: Speaker | null;
  /** The address the probe connected to (null: none). */
  readonly address?: string | null;
}

const DEFAULT_NETS = parseCidrList(DEFAULT_CLUSTER_NETWORKS);

/** Whether the connected address is inside clusterNetworks (null without an address). */
export function addressInClusterNetworks(address: string | null | undefined, nets: readonly Cidr[] = DEFAULT_NETS): boolean | null {
  if (address === null || address === undefined) return null;
  return inNetworks(address, nets);
}

export function meshVerdict(input: MeshInput, o: MeshOptions): { linkerd: MeshVerdict; suggestions: Suggestion[]; notes: string[] } {
  const server = o.server ?? 'meshed';
  const nets = o.clusterNetworks ?? DEFAULT_NETS;
  // A banner we saw ourselves is stronger than the knowledge base, except for protocols it knows
  // (SSH: both sides send at once, so the client does not wait).
  const waits = observedWaits(input.protocol, input.firstSpeaker);
  const inside = addressInClusterNetworks(input.address, nets);
  const { clusterNetworks: _nets, server: _server, ...rest } = o;
  const a = assessPort(
    { port: input.port, protocol: input.protocol, ...(waits === undefined ? {} : { clientWaitsForGreeting: waits }) },
    { ...rest, server, ...(server === 'external' ? { inClusterNetworks: inside === true } : {}) },
  );
  const linkerd: MeshVerdict = {
    covered: a.covered,
    outcome: a.outcome,
    action: a.action,
    delaySeconds: a.delaySeconds,
    explanation: a.explanation,
    server,
    inClusterNetworks: inside,
  };
  const notes: string[] = [];
  const address = input.address;
  if (address !== null && address !== undefined) {
    const list = nets.map((n) => n.text).join(',');
    if (server === 'external') {
      notes.push(
        inside === true
          ? `${address} is inside clusterNetworks (${list}): the client proxy applies the default opaque ports to it`
          : `${address} is outside clusterNetworks (${list})${isLoopback(address) ? ' (loopback)' : ''}: the client proxy treats it as off-cluster (Detect fallback; default opaque ports do not apply)`,
      );
    } else if (inside === false && !isLoopback(address)) {
      notes.push(`${address} is outside clusterNetworks (${list}), so not an in-cluster workload; if it is off-cluster, rerun with --server external`);
    }
  }
  // Suggestions only when the verdict asks for an action (as the table says).
  return { linkerd, suggestions: a.action === 'none' ? [] : [...a.suggestions], notes };
}

/** The fixes of every port of one host that needs a change, merged: one value per key covers them all. */
export interface HostFix {
  readonly host: string;
  readonly ports: readonly number[];
  readonly suggestions: readonly Suggestion[];
}

/** Whether the observed first speaker overrides the knowledge base (as meshVerdict decides). */
function observedWaits(protocol: ProtocolId | null, firstSpeaker: Speaker | null): boolean | undefined {
  const known = protocol !== null && protocol !== 'unknown';
  return firstSpeaker === 'client' ? false : firstSpeaker === 'server' && !known ? true : undefined;
}

/**
 * Pure: per host, the suggestions for all its ports that need a change, computed together so that
 * values for the same key (a pod template's opaque-ports) are merged into one that covers every
 * port. A host with one such port keeps that port's own suggestions.
 */
export function mergeFixes(results: readonly OpenTarget[], o: MeshOptions): HostFix[] {
  const byHost = new Map<string, OpenTarget[]>();
  for (const r of results) {
    if (r.linkerd.action === 'none' && r.linkerd.covered) continue;
    if (r.suggestions.length === 0) continue;
    const list = byHost.get(r.host) ?? [];
    list.push(r);
    byHost.set(r.host, list);
  }
  const server = o.server ?? 'meshed';
  const out: HostFix[] = [];
  for (const [host, list] of byHost) {
    if (list.length === 1) {
      const only = list[0] as OpenTarget;
      out.push({ host, ports: [only.port], suggestions: only.suggestions });
      continue;
    }
    const first = list[0] as OpenTarget;
    const protocolOf = (r: OpenTarget): ProtocolId | null => (r.protocol === 'unknown' ? null : r.protocol);
    const external = server === 'external';
    const { clusterNetworks: _n, server: _s, ...rest } = o;
    const options = { ...rest, server, ...(external ? { inClusterNetworks: first.linkerd.inClusterNetworks === true } : {}) };
    const input: SuggestInput = {
      version: o.version,
      port: first.port,
      protocol: protocolOf(first),
      client: 'meshed',
      server,
      via: external ? 'external' : 'service',
      ...(external ? { inClusterNetworks: first.linkerd.inClusterNetworks === true } : {}),
      config: assessConfig(options),
      ...(o.workload === undefined ? {} : { workload: o.workload }),
      ...(o.service === undefined ? {} : { service: o.service }),
      ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
    };
    const requests = list.map((r) => {
      const waits = observedWaits(protocolOf(r), r.firstSpeaker);
      return { port: r.port, protocol: protocolOf(r), ...(waits === undefined ? {} : { clientWaitsForGreeting: waits }) };
    });
    out.push({ host, ports: list.map((r) => r.port), suggestions: suggestWithPredictions(input, requests, { clients: ['meshed', 'unmeshed'] }).suggestions });
  }
  return out;
}
