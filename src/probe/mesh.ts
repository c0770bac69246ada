/**
 * Pure adapter from a probe verdict to the Linkerd model (src/linkerd/model.ts): the port is taken to
 * be a meshed workload reached through its Service, once from a meshed and once from an unmeshed
 * client; what the probe saw about who speaks first overrides the knowledge base.
 */
import { predict, type Prediction, type Scenario, type Suggestion } from '../linkerd/model.js';
import { suggestWithPredictions } from '../linkerd/suggest.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import type { ProtocolId } from '../protocols/index.js';
import type { MeshVerdict, Speaker } from './types.js';

export interface MeshOptions {
  readonly version: LinkerdVersion;
  /** Lists the user says are configured (undefined: not set, the version's defaults apply). */
  readonly opaquePorts?: string;
  readonly skipInboundPorts?: string;
  readonly skipOutboundPorts?: string;
  readonly workload?: { readonly kind: string; readonly name: string };
  readonly service?: string;
  readonly namespace?: string;
}

export interface MeshInput {
  readonly port: number;
  readonly protocol: ProtocolId | null;
  readonly firstSpeaker: Speaker | null;
}

function scenario(input: MeshInput, o: MeshOptions, client: 'meshed' | 'unmeshed'): Scenario {
  // A banner we saw ourselves is stronger than the knowledge base, except for protocols it knows
  // (SSH: both sides send at once, so the client does not wait).
  const known = input.protocol !== null && input.protocol !== 'unknown';
  const waits = input.firstSpeaker === 'client' ? false : input.firstSpeaker === 'server' && !known ? true : undefined;
  return {
    version: o.version,
    port: input.port,
    protocol: input.protocol,
    ...(waits === undefined ? {} : { clientWaitsForGreeting: waits }),
    client,
    server: 'meshed',
    via: 'service',
    config: {
      ...(o.opaquePorts === undefined ? {} : { podOpaquePorts: o.opaquePorts, serviceOpaquePorts: o.opaquePorts }),
      ...(o.skipInboundPorts === undefined ? {} : { podSkipInboundPorts: o.skipInboundPorts }),
      ...(o.skipOutboundPorts === undefined ? {} : { clientSkipOutboundPorts: o.skipOutboundPorts }),
    },
  };
}

export function meshVerdict(input: MeshInput, o: MeshOptions): { linkerd: MeshVerdict; suggestions: Suggestion[] } {
  const meshedScenario = scenario(input, o, 'meshed');
  const meshed: Prediction = predict(meshedScenario);
  const unmeshed: Prediction = predict(scenario(input, o, 'unmeshed'));
  const action = meshed.action !== 'none' ? meshed.action : unmeshed.action;
  const linkerd: MeshVerdict = {
    covered: meshed.covered && unmeshed.covered,
    outcome: { meshedClient: meshed.experience, unmeshedClient: unmeshed.experience },
    action,
    delaySeconds: Math.max(meshed.delaySeconds, unmeshed.delaySeconds),
    explanation: [...new Set([...meshed.explanation, ...unmeshed.explanation])],
  };
  if (action === 'none') return { linkerd, suggestions: [] };
  // Suggestions for both kinds of client: on 2.18+ a Service that is covered for meshed clients can
  // still leave unmeshed clients disconnected after 10 s, and only the pod annotation fixes that.
  const { suggestions } = suggestWithPredictions(
    {
      ...meshedScenario,
      ...(o.workload === undefined ? {} : { workload: o.workload }),
      ...(o.service === undefined ? {} : { service: o.service }),
      ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
    },
    [{ port: input.port, protocol: input.protocol, ...(meshedScenario.clientWaitsForGreeting === undefined ? {} : { clientWaitsForGreeting: meshedScenario.clientWaitsForGreeting }) }],
    { clients: ['meshed', 'unmeshed'] },
  );
  return { linkerd, suggestions };
}
