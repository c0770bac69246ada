/**
 * One Service port's answer from its basis and what the probe observed: the protocol (the observed one
 * where the probe named it), the outcomes for meshed and unmeshed clients in the Linkerd model's words,
 * the suggestions, and the findings (the lint rules' on the objects, plus `server-first-port-not-opaque`
 * when the probe saw a greeting the objects did not reveal). Pure and deterministic: `cluster merge`
 * runs the same function on the union of the shards' results, so its output equals one unsharded run.
 */
import { predict, suggest, type Prediction, type Scenario, type Suggestion } from '../linkerd/model.js';
import { parseLinkerdVersion, type LinkerdVersion } from '../linkerd/version.js';
import { clientWaitsOnPort, getProtocol } from '../protocols/index.js';
import { suggestionJson } from '../report/suggestion-json.js';
import type { FindingJson, FirstSpeaker, ObservedJson, PortBasis, ServicePortJson, UnitResult, VariantBasis } from './types.js';

export const FIRST_RULE = 'server-first-port-not-opaque';

export function unitKey(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

const versions = new Map<string, LinkerdVersion>();
function version(input: string): LinkerdVersion {
  let v = versions.get(input);
  if (!v) versions.set(input, (v = parseLinkerdVersion(input)));
  return v;
}

/** What the probe saw over a port's ready endpoints (null without --probe). */
export function observe(b: PortBasis, results: ReadonlyMap<string, UnitResult> | null): ObservedJson | null {
  if (results === null) return null;
  let probed = 0;
  let proxyTimeouts = 0;
  const speakers = new Set<'server' | 'client'>();
  const protocols = new Set<string>();
  for (const e of b.endpoints) {
    if (!e.ready) continue;
    const r = results.get(unitKey(e.address, e.port));
    if (r === undefined) continue;
    probed++;
    if (r.proxyTimeout === true) proxyTimeouts++;
    if (r.firstSpeaker !== null) speakers.add(r.firstSpeaker);
    if (r.protocol !== null && r.protocol !== 'unknown') protocols.add(r.protocol);
  }
  const firstSpeaker: FirstSpeaker = speakers.size === 0 ? 'unknown' : speakers.size > 1 ? 'mixed' : ([...speakers][0] as 'server' | 'client');
  return { endpoints: b.endpoints.length, probed, firstSpeaker, protocol: protocols.size === 1 ? ([...protocols][0] as string) : null, proxyTimeouts };
}

interface Assessed {
  readonly variant: VariantBasis;
  readonly meshed: Prediction;
  readonly unmeshed: Prediction;
  readonly scenario: Scenario;
}

function assess(b: PortBasis, v: VariantBasis, protocol: string | null, waits: boolean | undefined): Assessed {
  const port = b.podPort ?? b.port;
  const scenario: Scenario = {
    version: version(v.version),
    port,
    servicePort: b.port,
    protocol: protocol as Scenario['protocol'],
    ...(waits === undefined ? {} : { clientWaitsForGreeting: waits }),
    client: 'meshed',
    server: v.server,
    via: b.headless ? 'pod-ip' : 'service',
    config: v.config,
  };
  return { variant: v, scenario, meshed: predict(scenario), unmeshed: predict({ ...scenario, client: 'unmeshed', via: 'pod-ip' }) };
}

export function finalize(b: PortBasis, results: ReadonlyMap<string, UnitResult> | null): ServicePortJson {
  const observed = observe(b, results);
  const protocol = observed?.protocol ?? b.protocol;
  // A greeting the probe saw is stronger than the knowledge base, except for protocols it knows
  // (SSH greets first but its clients send at once): the same rule as the probe's verdict.
  const known = protocol !== null && getProtocol(protocol) !== undefined && protocol !== 'unknown';
  // Silence is only evidence when no proxy sits in front of the endpoint: a meshed pod's inbound proxy
  // holds a silent client while it waits for a TLS ClientHello (10 s) on any port that is not opaque, so
  // even a server-first application looks client-first from the probe. A greeting that got through is
  // evidence either way.
  const silenceTrusted = b.meshed === false;
  const waits = observed?.firstSpeaker === 'client' && silenceTrusted ? false : observed?.firstSpeaker === 'server' && !known ? true : undefined;
  const assessed = b.variants.map((v) => assess(b, v, protocol, waits));
  // The kind of pod that needs a change answers for the port (the first one, in pod-name order).
  const chosen = assessed.find((a) => !a.meshed.covered || !a.unmeshed.covered) ?? assessed[0];
  const findings: FindingJson[] = [...b.findings];
  let suggestions: Suggestion[] = [];
  if (chosen !== undefined && (!chosen.meshed.covered || !chosen.unmeshed.covered)) {
    const input = {
      ...chosen.scenario,
      ...(chosen.variant.workload === null ? {} : { workload: chosen.variant.workload }),
      service: b.name,
      namespace: b.namespace,
    };
    const seen = new Set<string>();
    for (const client of ['meshed', 'unmeshed'] as const) {
      if ((client === 'meshed' ? chosen.meshed : chosen.unmeshed).covered) continue;
      for (const s of suggest({ ...input, client, ...(client === 'unmeshed' ? { via: 'pod-ip' as const } : {}) })) {
        const key = JSON.stringify([s.target, s.key, s.value, s.object ?? null, s.port ?? null]);
        if (seen.has(key)) continue;
        seen.add(key);
        suggestions.push(s);
      }
    }
    // A server-first port the objects did not reveal (the probe saw the greeting): the lint rule's id.
    const serverFirst = waits === true || (observed !== null && observed.firstSpeaker === 'server' && known && clientWaitsOnPort(getProtocol(protocol as string)!, b.podPort ?? b.port));
    if (serverFirst && !findings.some((f) => f.rule === FIRST_RULE)) {
      const client = chosen.meshed.covered ? 'unmeshed' : 'meshed';
      const experience = (chosen.meshed.covered ? chosen.unmeshed : chosen.meshed).experience;
      const data = { port: b.podPort ?? b.port, service: b.name, protocol: protocol ?? 'an unnamed protocol', client, experience };
      findings.push({
        rule: FIRST_RULE,
        severity: 'error',
        message: `port ${data.port} of Service ${data.service} greets its clients first (the probe saw ${data.protocol}) and is neither opaque nor skipped: ${client} clients get ${experience}`,
        messageId: 'observedServerFirst',
        data,
        object: { kind: 'Service', namespace: b.namespace, name: b.name },
        port: b.port,
        suggestions: suggestions.map(suggestionJson),
        observed: true,
      });
    }
  } else {
    suggestions = [];
  }
  return {
    namespace: b.namespace,
    name: b.name,
    port: b.port,
    targetPort: b.targetPort,
    protocol,
    meshed: b.meshed,
    outcomes: { meshedClients: chosen?.meshed.experience ?? 'works', unmeshedClients: chosen?.unmeshed.experience ?? 'works' },
    observed,
    findings,
    suggestions: suggestions.map(suggestionJson),
  };
}

/** The port needs a change: a finding at error level, or an outcome other than works. */
export function needsChange(e: ServicePortJson): boolean {
  return e.findings.some((f) => f.severity === 'error') || e.outcomes.meshedClients !== 'works' || e.outcomes.unmeshedClients !== 'works';
}
