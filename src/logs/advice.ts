/**
 * What each group of log events means and what to change: the protocol from the cluster dump (port
 * names, appProtocol, images) or the knowledge base (a port that names one protocol only), the
 * objects from the dump, and the fixes from the Linkerd model (suggestPorts) for the release the
 * lines come from. Pure.
 */
import { getProtocol, protocolForImage, protocolForPortName, protocolsForPort, type ProtocolId } from '../protocols/index.js';
import { ANNOTATIONS, DOCS, mergePortList, podPortView, servicePortView, suggestPorts } from '../linkerd/model.js';
import type { PortConfig, Scenario, Suggestion, SuggestInput } from '../linkerd/model.js';
import { atLeast, type LinkerdVersion } from '../linkerd/version.js';
import { DEFAULT_CLUSTER_NETWORKS, inNetworks, parseCidrList } from '../linkerd/cluster-networks.js';
import type { ClusterIndex, ClusterPod, ClusterService } from './cluster.js';
import type { EventGroup } from './analyze.js';
import type { LogEventKind } from './classify.js';

export type ProtocolBasis = 'cluster' | 'image' | 'port';

export interface PortAdvice {
  readonly direction: EventGroup['direction'];
  readonly port: number;
  readonly server: string | null;
  /** `ns/name` of the Service the events concern, when the dump tells it. */
  readonly service: string | null;
  /** `Kind/name -n ns` of the pod or workload the events concern, when known. */
  readonly object: string | null;
  readonly events: EventGroup['events'];
  readonly protocol: ProtocolId | null;
  readonly protocolBasis: ProtocolBasis | null;
  readonly meaning: readonly string[];
  readonly suggestions: readonly Suggestion[];
  /** Fixes in words where the model has no exact value (e.g. which pod to look at). */
  readonly hints: readonly string[];
  readonly needsAction: boolean;
  readonly pods: readonly string[];
}

const HTTP_IDS: ReadonlySet<string> = new Set(['http', 'http2']);
const NETWORKS = parseCidrList(DEFAULT_CLUSTER_NETWORKS);


interface Resolved {
  service?: ClusterService;
  servicePort?: ClusterService['ports'][number];
  pod?: ClusterPod;
  /** The pod port the connection reaches (targetPort resolved). */
  podPort: number;
  via: Scenario['via'];
  server: Scenario['server'];
  external: boolean;
}

function backingPods(cluster: ClusterIndex, svc: ClusterService): ClusterPod[] {
  return cluster.pods.filter((p) => p.namespace === svc.namespace && cluster.servicesOf(p).some((s) => s.name === svc.name));
}

function resolve(g: EventGroup, cluster: ClusterIndex | undefined): Resolved {
  const generic: Resolved = { podPort: g.port, via: 'service', server: 'meshed', external: false };
  if (g.external === true) return { podPort: g.port, via: 'external', server: 'external', external: true };
  if (g.service !== undefined && (cluster === undefined || g.server === null)) {
    const named = g.service;
    const svc = cluster?.services.find((s) => s.namespace === named.namespace && s.name === named.name);
    if (svc === undefined) return { ...generic, service: { namespace: named.namespace, name: named.name, ips: [], annotations: {}, ports: [] } };
    const sp = svc.ports.find((p) => p.port === g.port);
    return { ...generic, service: svc, ...(sp ? { servicePort: sp } : {}) };
  }
  if (g.direction === 'outbound') {
    if (g.server !== null && !inNetworks(g.server, NETWORKS) && (cluster === undefined || (cluster.serviceByIp(g.server) === undefined && cluster.podByIp(g.server) === undefined))) {
      return { podPort: g.port, via: 'external', server: 'external', external: true };
    }
    if (cluster === undefined || g.server === null) return generic;
    const svc = cluster.serviceByIp(g.server);
    if (svc !== undefined) {
      const sp = svc.ports.find((p) => p.port === g.port);
      const pods = backingPods(cluster, svc);
      const pod = pods[0];
      let podPort = g.port;
      if (sp !== undefined && typeof sp.targetPort === 'number') podPort = sp.targetPort;
      else if (sp !== undefined && typeof sp.targetPort === 'string' && pod !== undefined) podPort = pod.containerPorts.find((c) => c.name === sp.targetPort)?.port ?? g.port;
      return { service: svc, ...(sp ? { servicePort: sp } : {}), ...(pod ? { pod } : {}), podPort, via: 'service', server: pod === undefined || pod.meshed ? 'meshed' : 'unmeshed', external: false };
    }
    const pod = cluster.podByIp(g.server);
    if (pod !== undefined) return { pod, podPort: g.port, via: 'pod-ip', server: pod.meshed ? 'meshed' : 'unmeshed', external: false };
    return generic;
  }
  // Inbound: the pod that logged (--prefix) or the server address's pod.
  if (cluster === undefined) return generic;
  const pod = (g.server !== null ? cluster.podByIp(g.server) : undefined) ?? g.pods.map((n) => cluster.podByName(n)).find((p) => p !== undefined);
  if (pod === undefined) return generic;
  const cport = pod.containerPorts.find((c) => c.port === g.port);
  for (const svc of cluster.servicesOf(pod)) {
    const sp = svc.ports.find((p) => p.targetPort === g.port || (p.targetPort === null && p.port === g.port) || (cport?.name != null && p.targetPort === cport.name));
    if (sp !== undefined) return { service: svc, servicePort: sp, pod, podPort: g.port, via: 'service', server: 'meshed', external: false };
  }
  return { pod, podPort: g.port, via: 'service', server: 'meshed', external: false };
}

function protocolOf(r: Resolved, port: number): { id: ProtocolId; basis: ProtocolBasis } | null {
  for (const name of [r.servicePort?.appProtocol, r.servicePort?.name, r.pod?.containerPorts.find((c) => c.port === r.podPort)?.name]) {
    if (name === null || name === undefined) continue;
    const p = protocolForPortName(name);
    if (p !== undefined) return { id: p.id, basis: 'cluster' };
  }
  const byImage = (r.pod?.images ?? []).map((i) => protocolForImage(i)).filter((p) => p !== undefined);
  if (byImage.length === 1 && byImage[0] !== undefined) return { id: byImage[0].id, basis: 'image' };
  const byPort = protocolsForPort(r.podPort === port ? port : r.podPort);
  if (byPort.length === 1 && byPort[0] !== undefined) return { id: byPort[0].id, basis: 'port' };
  return null;
}

function config(r: Resolved): PortConfig {
  const pod = r.pod;
  const svc = r.service;
  const c: Record<string, unknown> = {};
  if (pod !== undefined) {
    const opaque = pod.annotations[ANNOTATIONS.opaquePorts];
    if (opaque !== undefined) c['podOpaquePorts'] = opaque;
    const skip = pod.annotations[ANNOTATIONS.skipInboundPorts];
    if (skip !== undefined) c['podSkipInboundPorts'] = skip;
    c['containerPorts'] = pod.containerPorts.map((p) => p.port);
    c['containerPortNames'] = Object.fromEntries(pod.containerPorts.filter((p) => p.name !== null).map((p) => [p.name, p.port]));
  }
  if (svc !== undefined) {
    const opaque = svc.annotations[ANNOTATIONS.opaquePorts];
    if (opaque !== undefined) c['serviceOpaquePorts'] = opaque;
    if (svc.ports.length > 0) c['servicePorts'] = svc.ports.map((p) => (p.targetPort === null ? { port: p.port } : { port: p.port, targetPort: p.targetPort }));
    c['servicePortNames'] = Object.fromEntries(svc.ports.filter((p) => p.name !== null).map((p) => [p.name, p.port]));
    if (r.servicePort?.appProtocol != null) c['appProtocol'] = r.servicePort.appProtocol;
    if (r.servicePort?.targetPort != null) c['serviceTargetPort'] = r.servicePort.targetPort;
  }
  return c as PortConfig;
}

/** The model's fixes for both kinds of client, each (target, key, object, port) once. */
function modelFixes(input: SuggestInput, request: Parameters<typeof suggestPorts>[1][number], clients: ReadonlyArray<'meshed' | 'unmeshed'>): Suggestion[] {
  const seen = new Map<string, Suggestion>();
  for (const client of clients) {
    for (const s of suggestPorts({ ...input, client }, [request])) {
      const key = `${s.target}|${s.key}|${s.object?.kind ?? ''}/${s.object?.name ?? ''}|${s.port ?? ''}`;
      if (!seen.has(key)) seen.set(key, s);
    }
  }
  return [...seen.values()];
}

function objectText(r: Resolved): string | null {
  const p = r.pod;
  if (p === undefined) return null;
  return p.workload !== null ? `${p.workload.kind}/${p.workload.name} -n ${p.namespace}` : `Pod/${p.name} -n ${p.namespace}`;
}

/** Linkerd 2.10-2.11: the gateway error still meant "HTTP with no target name" (see meaningFor). */
function v11(v: LinkerdVersion): boolean {
  return v.minor <= 11;
}

function meaningFor(kind: LogEventKind, port: number, protocol: ProtocolId | null, version: LinkerdVersion): string {
  const entry = protocol === null ? undefined : getProtocol(protocol);
  const proto = entry?.name ?? `port ${port}`;
  const serverFirst = entry?.clientWaitsForGreeting === true;
  const closes = !atLeast(version, '2.10');
  switch (kind) {
    case 'outbound-detect-timeout':
      return serverFirst
        ? `the client proxy waited 10 s for the application's first bytes: ${proto} is server-first (its client waits for the server's greeting), so every new connection stalls${closes ? ' and is then closed' : ' 10 s before it is forwarded as opaque TCP'}`
        : entry !== undefined
          ? `the client proxy waited 10 s for the application's first bytes: ${proto} clients speak first, so these are connections opened and left idle (a connection pool) or a starved client${closes ? '; this release closes them' : ''}`
          : `the client proxy waited 10 s for the application's first bytes: a server-first protocol on port ${port}, or connections opened and left idle (a connection pool)${closes ? '; this release closes them' : ''}`;
    case 'inbound-detect-timeout':
      return `the server-side proxy waited 10 s for the client's first bytes on port ${port}: ${serverFirst ? `${proto} is server-first and its clients reach the port without a client proxy that marks it opaque (unmeshed, or skipping the proxy)` : 'an unmeshed client of a server-first protocol, or idle client connections'}${closes ? '; this release closes them' : '; the connection then continues as opaque TCP (HTTP/1 when a Server declares it)'}`;
    case 'inbound-tls-detect-timeout':
      return `the server-side proxy closed connections on port ${port} on which nothing (no TLS ClientHello) arrived within 10 s: ${serverFirst ? `unmeshed ${proto} clients waiting for the server's greeting` : 'unmeshed clients of a server-first protocol, or idle pooled connections'}; the client saw the connection closed`;
    case 'gateway-target-missing':
      // linkerd/app/inbound/src/direct.rs: up to release/v2.161.x the error meant a transport header with a
      // protocol but no name (the client detected HTTP yet used the opaque transport); from release/v2.185.0
      // (2.12) the same text is returned when a direct connection negotiated no transport header (ALPN),
      // the condition release/v2.286.0 renamed "direct connections require transport header negotiation".
      return v11(version)
        ? `a client proxy sent HTTP over the opaque transport to this pod's port 4143 without a target name: the pod marks the port opaque but the Service does not, so the client proxy detects HTTP and still uses the opaque transport (linkerd/linkerd2#6178); clients see 502 / broken pipe`
        : `a connection reached this pod's opaque-transport port 4143 without negotiating the transport header (ALPN), and the proxy refused it: a client that connects to 4143 itself (not through its own proxy's opaque transport), or a client proxy that does not negotiate the header; the client address names it`;
  }
}

export interface AdviseOptions {
  readonly version: LinkerdVersion;
  readonly cluster?: ClusterIndex;
}

export function advise(groups: readonly EventGroup[], o: AdviseOptions): PortAdvice[] {
  const v = o.version;
  const out: PortAdvice[] = [];
  for (const g of groups) {
    const r = resolve(g, o.cluster);
    const protocol = protocolOf(r, g.port);
    const kinds = Object.keys(g.events) as LogEventKind[];
    const meaning = kinds.map((k) => meaningFor(k, r.podPort, protocol?.id ?? null, v));
    let suggestions: Suggestion[] = [];
    const hints: string[] = [];
    const service = r.service === undefined ? null : `${r.service.namespace}/${r.service.name}`;
    if (kinds.includes('gateway-target-missing')) {
      if (v11(v)) {
        const gw = o.cluster === undefined ? null : gatewayMismatch(r, o.cluster, v);
        if (gw !== null) suggestions.push(...gw.suggestions);
        if (gw === null || gw.suggestions.length === 0) {
          hints.push(`make the pod's ${ANNOTATIONS.opaquePorts} and its Services' agree; \`linkerd check --proxy\` checks "opaque ports are properly annotated"${o.cluster === undefined ? '; --cluster names the ports that disagree' : ''}`);
        }
      } else {
        const clients = o.cluster === undefined ? [] : g.clients.map((ip) => o.cluster?.podByIp(ip)).filter((p) => p !== undefined);
        const named = [...new Set(clients.map((p) => `${p.meshed ? 'meshed' : 'unmeshed'} Pod/${p.name} -n ${p.namespace}`))];
        hints.push(
          named.length > 0
            ? `the clients: ${named.slice(0, 3).join(', ')}${named.length > 3 ? ', ...' : ''}; an unmeshed client must use the Service port, not 4143; a meshed one should run a proxy of the same release (\`linkerd check --proxy\`)`
            : `find the client by its address (the event's client): an unmeshed client must use the Service port, not 4143; a meshed one should run a proxy of the same release (\`linkerd check --proxy\`)${o.cluster === undefined && g.clients.length > 0 ? '; --cluster names it' : ''}`,
        );
      }
    }
    const timeoutKinds = kinds.filter((k) => k !== 'gateway-target-missing');
    const entry = protocol === null ? undefined : getProtocol(protocol.id);
    // A protocol whose clients speak first: the model would (rightly) call the port covered; the
    // events are idle or starved connections, and opaque is a trade-off, not a fix to assert.
    const httpIdle = protocol !== null && entry !== undefined && (HTTP_IDS.has(protocol.id) || !entry.clientWaitsForGreeting);
    // No single protocol, but every one the knowledge base lists for the port has the client speak first (443: tls, http).
    const candidates = protocol === null ? protocolsForPort(r.podPort) : [];
    const allClientFirst = candidates.length > 1 && candidates.every((c) => !c.clientWaitsForGreeting || (c.tlsPorts.includes(r.podPort) && !c.ports.includes(r.podPort)));
    if (timeoutKinds.length > 0 && allClientFirst) {
      hints.push(`every protocol the knowledge base lists for port ${r.podPort} (${candidates.map((c) => c.id).join(', ')}) has the client speak first: these are connections opened and left idle (a pool) or a starved client, so nothing is suggested; if the 10 s stalls matter, \`protocheck probe\` the destination to learn its protocol`);
    } else if (timeoutKinds.length > 0 && httpIdle) {
      hints.push(
        HTTP_IDS.has(protocol.id)
          ? `${protocol.id} clients speak first: these are connections opened and left idle; marking the port opaque would turn off HTTP features, so nothing is suggested`
          : `${entry.name} clients speak first: these are connections opened and left idle (a pool) or a starved client, so nothing is suggested; if the 10 s stalls matter, mark port ${r.podPort} opaque (${ANNOTATIONS.opaquePorts} on the pod${atLeast(v, '2.18') ? ', appProtocol: linkerd.io/opaque on the Service port' : ' and the Service'})`,
      );
    } else if (timeoutKinds.length > 0) {
      const input: SuggestInput = {
        version: v,
        port: r.podPort,
        ...(r.servicePort !== undefined ? { servicePort: r.servicePort.port } : g.direction === 'outbound' && r.via === 'service' ? { servicePort: g.port } : {}),
        protocol: protocol?.id ?? null,
        clientWaitsForGreeting: true,
        client: 'meshed',
        server: r.server,
        via: r.via,
        ...(r.external ? { inClusterNetworks: false } : {}),
        config: config(r),
        ...(r.pod?.workload ? { workload: r.pod.workload } : r.pod ? { workload: { kind: 'Pod', name: r.pod.name } } : {}),
        ...(r.service ? { service: r.service.name } : {}),
        ...(r.pod ? { namespace: r.pod.namespace } : r.service ? { namespace: r.service.namespace } : {}),
      };
      const request = { port: r.podPort, protocol: protocol?.id ?? null, clientWaitsForGreeting: true, ...(input.servicePort !== undefined ? { servicePort: input.servicePort } : {}) };
      // Outbound lines come from a meshed client; an inbound timeout may come from either kind of client.
      const fixes = modelFixes(input, request, g.direction === 'outbound' ? ['meshed'] : ['meshed', 'unmeshed']);
      suggestions.push(...fixes);
      if (fixes.length === 0) {
        hints.push(o.cluster !== undefined
          ? `the configuration in the cluster dump already covers port ${r.podPort}: the events may predate that change (restart the client pods so they pick it up) or come from clients it does not cover`
          : `the model has no change for port ${r.podPort} on this release; check the clients' skip-outbound-ports and the port's opaque-ports`);
      }
    }
    suggestions = dedupe(suggestions);
    out.push({
      direction: g.direction, port: g.port, server: g.server, service, object: objectText(r), events: g.events,
      protocol: protocol?.id ?? null, protocolBasis: protocol?.basis ?? null, meaning, suggestions, hints,
      needsAction: suggestions.length > 0 || kinds.includes('gateway-target-missing') || (!httpIdle && !allClientFirst && timeoutKinds.length > 0 && hints.length > 0),
      pods: g.pods,
    });
  }
  return out.sort((a, b) => Number(b.needsAction) - Number(a.needsAction) || total(b.events) - total(a.events) || a.port - b.port);
}

function total(e: EventGroup['events']): number {
  return Object.values(e).reduce((s, n) => s + (n ?? 0), 0);
}

function dedupe(list: Suggestion[]): Suggestion[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const k = `${s.target}|${s.key}|${s.value}|${s.object?.name ?? ''}|${s.port ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * gateway-target-missing with a dump: the Service ports whose pod port the pod marks opaque for
 * clients while the Service does not (linkerd check --proxy's "opaque ports are properly annotated").
 */
function gatewayMismatch(r: Resolved, cluster: ClusterIndex, v: LinkerdVersion): { suggestions: Suggestion[] } | null {
  const pod = r.pod;
  if (pod === undefined) return null;
  const out: Suggestion[] = [];
  for (const svc of cluster.servicesOf(pod)) {
    const rr: Resolved = { service: svc, pod, podPort: 0, via: 'service', server: 'meshed', external: false };
    const cfg = config(rr);
    const mismatched: number[] = [];
    for (const sp of svc.ports) {
      const target = typeof sp.targetPort === 'number' ? sp.targetPort : typeof sp.targetPort === 'string' ? pod.containerPorts.find((c) => c.name === sp.targetPort)?.port : sp.port;
      if (target === undefined) continue;
      const podView = podPortView(v, target, cfg);
      const svcView = servicePortView(v, sp.port, { ...cfg, ...(sp.appProtocol !== null ? { appProtocol: sp.appProtocol } : {}) });
      if (podView.clientOpaque && svcView.client !== 'opaque') mismatched.push(sp.port);
    }
    if (mismatched.length === 0) continue;
    const object = { kind: 'Service', name: svc.name, namespace: svc.namespace };
    const reason = `the pod marks ${mismatched.length === 1 ? 'this port' : 'these ports'} opaque but the Service does not: client proxies detect and still send to the pod's opaque-transport port, which rejects them`;
    if (atLeast(v, '2.18')) {
      for (const port of mismatched) {
        out.push({ target: 'service', key: 'spec.ports[].appProtocol', value: 'linkerd.io/opaque', reason, docs: DOCS.protocolDetection(v), object, rule: 'service-app-protocol', current: svc.ports.find((p) => p.port === port)?.appProtocol ?? null, port });
      }
    } else {
      const current = svc.annotations[ANNOTATIONS.opaquePorts] ?? null;
      const merged = mergePortList(current, mismatched);
      out.push({ target: 'service', key: ANNOTATIONS.opaquePorts, value: merged.value, reason, docs: DOCS.protocolDetection(v), object, rule: 'service-opaque-ports', current, ...(merged.notes.length > 0 ? { notes: merged.notes } : {}) });
    }
  }
  return { suggestions: out };
}
