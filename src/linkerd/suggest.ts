/**
 * Exact recommendations (docs/linkerd-model.md#suggestions order): Service appProtocol (2.18+), Service and pod
 * opaque-ports or Server proxyProtocol, EgressNetwork opaque-ports (2.17+) or client skip-outbound for
 * external destinations, skip ports only where required. Every value is complete and keeps what the
 * object still needs (existing entries, or the defaults an annotation would replace). Pure.
 */
import { has, type LinkerdVersion } from './version.js';
import { defaultsFor } from './defaults.js';
import { mergePortList, subtractPortList } from './port-list.js';
import { ANNOTATIONS, clientIgnoresOpaque, clientSkipView, injectorPodValue, injectorServiceValue, podPortView, servicePortView } from './effective.js';
import { predict } from './predict.js';
import { skipRequired } from './skip-required.js';
import type { ProtocolId } from '../protocols/index.js';
import type { Prediction, Suggestion, SuggestionRule, SuggestionTarget, SuggestInput } from './model.js';

/** The linkerd.io docs folder for a version: 2.10 ... 2.19 have their own, newer ones use 2-edge. */
export function docsVersion(v: LinkerdVersion): string {
  if (v.minor >= 20) return '2-edge';
  if (v.minor < 10) return '2.10';
  return `2.${v.minor}`;
}

/** linkerd.io pages per topic (linkerd/website:linkerd.io/content/<version>/...). */
export const DOCS = {
  protocolDetection: (v: LinkerdVersion) => `https://linkerd.io/${docsVersion(v)}/features/protocol-detection/`,
  proxyConfiguration: (v: LinkerdVersion) => `https://linkerd.io/${docsVersion(v)}/reference/proxy-configuration/`,
  authorizationPolicy: (v: LinkerdVersion) => `https://linkerd.io/${docsVersion(v)}/reference/authorization-policy/`,
  egressNetwork: (v: LinkerdVersion) => `https://linkerd.io/${docsVersion(v)}/reference/egress-network/`,
  upgrading210: () => 'https://linkerd.io/2.10/tasks/upgrading-2.10-ports-and-protocols/',
} as const;

export interface PortRequest {
  readonly port: number;
  readonly protocol: ProtocolId | null;
  readonly servicePort?: number;
  readonly clientWaitsForGreeting?: boolean;
}

interface Pending {
  target: SuggestionTarget;
  key: string;
  rule: SuggestionRule;
  /** Existing value (null = not set). */
  current: string | null;
  /** What an annotation would replace when not set (defaults); null = nothing. */
  baseline: string | null;
  /** The baseline is exactly what the injector wrote at admission (container/Service ports known). */
  baselineFromInjector?: boolean;
  ports: number[];
  /** For appProtocol / Server: a fixed value. */
  fixed?: string;
  reasons: string[];
  docs: string;
  object?: Suggestion['object'];
  port?: number;
  alternative?: boolean;
  allowNames: boolean;
  names?: Readonly<Record<string, number>>;
}

function objectRef(kind: string, name: string | undefined, namespace: string | undefined): Suggestion['object'] | undefined {
  if (name === undefined) return undefined;
  return namespace === undefined ? { kind, name } : { kind, name, namespace };
}

const WORKLOAD_KINDS: Readonly<Record<string, string>> = {
  deploy: 'Deployment',
  deployment: 'Deployment',
  deployments: 'Deployment',
  sts: 'StatefulSet',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  ds: 'DaemonSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  rs: 'ReplicaSet',
  replicaset: 'ReplicaSet',
  job: 'Job',
  jobs: 'Job',
  cj: 'CronJob',
  cronjob: 'CronJob',
  cronjobs: 'CronJob',
  po: 'Pod',
  pod: 'Pod',
  pods: 'Pod',
  rollout: 'Rollout',
  rollouts: 'Rollout',
};

/** `deploy`, `Deployment`, `sts`, ... to the Kubernetes kind, or undefined. */
export function workloadKind(kind: string): string | undefined {
  return WORKLOAD_KINDS[kind.toLowerCase()];
}

/** Suggestions for one port. */
export function suggest(input: SuggestInput): Suggestion[] {
  const req: PortRequest = {
    port: input.port,
    protocol: input.protocol,
    ...(input.servicePort !== undefined ? { servicePort: input.servicePort } : {}),
    ...(input.clientWaitsForGreeting !== undefined ? { clientWaitsForGreeting: input.clientWaitsForGreeting } : {}),
  };
  return suggestPorts(input, [req]);
}

/** Suggestions for several ports of the same workload/Service: values for the same key are merged into one. */
export function suggestPorts(input: SuggestInput, ports: readonly PortRequest[]): Suggestion[] {
  return suggestWithPredictions(input, ports).suggestions;
}

export interface SuggestResult {
  readonly suggestions: Suggestion[];
  readonly predictions: ReadonlyArray<{ readonly request: PortRequest; readonly client: 'meshed' | 'unmeshed'; readonly prediction: Prediction }>;
}

/** Like suggestPorts, also returning each port's prediction (for explanations). */
export function suggestWithPredictions(input: SuggestInput, ports: readonly PortRequest[], options: { clients?: ReadonlyArray<'meshed' | 'unmeshed'> } = {}): SuggestResult {
  const v = input.version;
  const c = input.config;
  const d = defaultsFor(v, { cni: c.cni ?? false });
  const installOpaque = c.installOpaquePorts ?? d.opaquePorts;
  const pending = new Map<string, Pending>();
  const kind = input.workload ? (workloadKind(input.workload.kind) ?? input.workload.kind) : undefined;
  const workloadObj = input.workload && kind ? objectRef(kind, input.workload.name, input.namespace) : undefined;
  const serviceObj = objectRef('Service', input.service, input.namespace);
  // Without a workload, a Namespace annotation — unless the pod has its own value, which would win over it, or
  // the objects predate the injector (a Namespace value is copied only onto objects created later).
  const targetFor = (own: string | undefined): { target: SuggestionTarget; object: Suggestion['object'] | undefined } =>
    input.workload === undefined && input.namespace !== undefined && own === undefined && !c.createdBeforeInjector
      ? { target: 'namespace', object: objectRef('Namespace', input.namespace, undefined) }
      : { target: 'pod-template', object: workloadObj };
  const opaqueTarget = targetFor(c.podOpaquePorts);
  const skipInTarget = targetFor(c.podSkipInboundPorts);
  const skipOutTarget = targetFor(c.clientSkipOutboundPorts);
  const clientObj = input.server === 'external' || input.via === 'external' ? workloadObj : undefined;

  const add = (key: string, p: Omit<Pending, 'ports' | 'reasons'> & { port?: number }, port: number, reason: string) => {
    const k = `${p.target}|${p.key}|${p.port ?? ''}|${p.alternative ? 'alt' : ''}`;
    const existing = pending.get(k);
    if (existing) {
      if (!existing.ports.includes(port)) existing.ports.push(port);
      if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
      return;
    }
    pending.set(k, { ...p, key, ports: [port], reasons: [reason] });
  };

  const opaquePod = (port: number, reason: string) => {
    const ns = opaqueTarget.target === 'namespace';
    const why = ns ? `${reason} (a Namespace annotation is copied onto pods and Services created later without their own)` : reason;
    const current = ns ? (c.namespaceOpaquePorts ?? null) : (c.podOpaquePorts ?? (c.createdBeforeInjector ? null : (c.namespaceOpaquePorts ?? null)));
    add(ANNOTATIONS.opaquePorts, {
      target: opaqueTarget.target,
      key: ANNOTATIONS.opaquePorts,
      rule: ns ? 'namespace-opaque-ports' : 'pod-opaque-ports',
      current,
      baseline: ns || !has(v, 'injectorWritesOpaquePorts') || c.createdBeforeInjector ? installOpaque : (injectorPodValue(installOpaque, c.containerPorts) ?? (c.containerPorts ? '' : installOpaque)),
      baselineFromInjector: !ns && has(v, 'injectorWritesOpaquePorts') && !c.createdBeforeInjector && c.containerPorts !== undefined,
      docs: DOCS.protocolDetection(v),
      ...(opaqueTarget.object ? { object: opaqueTarget.object } : {}),
      allowNames: false,
      ...(c.containerPortNames ? { names: c.containerPortNames } : {}),
    }, port, why);
  };

  /** The skip-inbound value on the object the suggestion targets (not the CNI config list it is appended to). */
  const ownSkipInbound = (): string | null => (skipInTarget.target === 'namespace' ? (c.namespaceSkipInboundPorts ?? null) : (c.podSkipInboundPorts ?? c.namespaceSkipInboundPorts ?? null));

  const predictions: Array<{ request: PortRequest; client: 'meshed' | 'unmeshed'; prediction: Prediction }> = [];
  const clients = options.clients ?? [input.client];
  const cases = clients.flatMap((client) => ports.map((req) => ({ client, req })));
  for (const { client, req } of cases) {
    const scenario = {
      ...input,
      client,
      port: req.port,
      protocol: req.protocol,
      ...(req.servicePort !== undefined ? { servicePort: req.servicePort } : { servicePort: req.port }),
      // SERVICEPORT:PODPORT: the Service port targets the pod port, which is what the injector matches against
      // the default list when it writes the Service's opaque-ports (docs/linkerd-model.md#what-the-injector-writes-on-a-pod).
      ...(req.servicePort !== undefined && req.servicePort !== req.port && input.config.serviceTargetPort === undefined ? { config: { ...input.config, serviceTargetPort: req.port } } : {}),
      ...(req.clientWaitsForGreeting !== undefined ? { clientWaitsForGreeting: req.clientWaitsForGreeting } : {}),
    };
    if (req.clientWaitsForGreeting === undefined) delete (scenario as { clientWaitsForGreeting?: boolean }).clientWaitsForGreeting;
    const p = predict(scenario);
    predictions.push({ request: req, client, prediction: p });
    if (p.covered) continue;
    const port = req.port;
    const servicePort = scenario.servicePort ?? port;
    const proto = req.protocol ?? `port ${port}`;
    const external = input.server === 'external' || input.via === 'external';
    const sr = skipRequired(port);

    if (p.action === 'skip-inbound' && sr && !external) {
      // Skip both directions on the pod template: these peers are the same pods.
      const why = `${sr.name} must bypass the proxy (${sr.note})`;
      add(ANNOTATIONS.skipInboundPorts, {
        target: skipInTarget.target, key: ANNOTATIONS.skipInboundPorts, rule: 'pod-skip-inbound',
        current: ownSkipInbound(),
        baseline: c.cni ? '' : (c.installSkipInboundPorts ?? d.skipInboundPorts),
        docs: DOCS.proxyConfiguration(v), ...(skipInTarget.object ? { object: skipInTarget.object } : {}), allowNames: false,
      }, port, why);
      if (sr.bothDirections) {
        const own = c.clientSkipOutboundPorts ?? c.clientNamespaceSkipOutboundPorts;
        add(ANNOTATIONS.skipOutboundPorts, {
          target: skipOutTarget.target, key: ANNOTATIONS.skipOutboundPorts, rule: 'pod-skip-outbound',
          current: own ?? null,
          baseline: c.cni ? (c.cniSkipOutboundPorts ?? '') : (c.installSkipOutboundPorts ?? d.skipOutboundPorts),
          docs: DOCS.proxyConfiguration(v), ...(skipOutTarget.object ? { object: skipOutTarget.object } : {}), allowNames: false,
        }, port, why);
      }
      continue;
    }

    if (!d.opaqueSupported) {
      // 2.9 and earlier: no opaque ports; skip on the server pod and on meshed clients.
      const why = `${proto} on ${port}: Linkerd ${v.family === '2.8' ? '2.8' : '2.9'} has no opaque ports and fails connections whose detection times out`;
      if (input.server === 'meshed' && !external) {
        add(ANNOTATIONS.skipInboundPorts, {
          target: skipInTarget.target, key: ANNOTATIONS.skipInboundPorts, rule: 'pod-skip-inbound',
          current: ownSkipInbound(),
          baseline: c.cni ? '' : (c.installSkipInboundPorts ?? d.skipInboundPorts),
          docs: DOCS.upgrading210(), ...(skipInTarget.object ? { object: skipInTarget.object } : {}), allowNames: false,
        }, port, why);
      }
      if (client === 'meshed') clientSkip(port, why, false);
      continue;
    }

    if (external) {
      const en = c.egressNetworkOpaquePorts;
      // EgressNetworks cover destinations outside clusterNetworks (inside, the default list applies instead).
      if (has(v, 'egressNetwork') && en !== undefined && !input.inClusterNetworks) {
        add(ANNOTATIONS.opaquePorts, {
          target: 'egress-network', key: ANNOTATIONS.opaquePorts, rule: 'egress-network-opaque-ports',
          current: en, baseline: installOpaque, docs: DOCS.egressNetwork(v), allowNames: false,
          ...(c.egressNetworkName ? { object: objectRef('EgressNetwork', c.egressNetworkName, c.egressNetworkNamespace ?? input.namespace) } : {}),
        }, port, `${proto} on ${port} is server-first; the EgressNetwork's opaque-ports stops the client proxy from detecting`);
        clientSkip(port, `alternative: bypass the client proxy for ${port} entirely (no mTLS or metrics to this destination anyway)`, true);
      } else {
        const why = input.inClusterNetworks
          ? `${proto} on ${port} is server-first and not in the default opaque list: the client proxy detects for 10 s`
          : `${proto} on ${port} is off-cluster (outside clusterNetworks): the client proxy detects for 10 s and the default opaque ports do not apply${has(v, 'egressNetwork') ? '; an EgressNetwork with opaque-ports is the other fix' : ''}`;
        clientSkip(port, why, false);
      }
      continue;
    }

    let pv = podPortView(v, port, c);
    const sv = servicePortView(v, servicePort, c);
    if (v.family === '2.10' && pv.skipped && client === 'meshed' && (sr !== undefined || c.cni || !(pv.skipInbound.source === 'pod' || pv.skipInbound.source === 'namespace'))) {
      // The skip is wanted (Galera), or not in an annotation we can change (linkerd-cni appends to its own list and
      // treats an empty annotation as unset): the clients must bypass their proxy too.
      clientSkip(port, `Linkerd 2.10 client proxies still start mTLS to a skip-inbound port (linkerd/linkerd2#5995): skip ${port} on the clients as well`, false);
      continue;
    }
    if (v.family === '2.10' && pv.skipped && client === 'meshed' && pv.skipInbound.value !== null && (pv.skipInbound.source === 'pod' || pv.skipInbound.source === 'namespace')) {
      // 2.10 clients still start mTLS to a skip-inbound port (#5995): take it out and make it opaque instead.
      add(ANNOTATIONS.skipInboundPorts, {
        target: skipInTarget.target, key: ANNOTATIONS.skipInboundPorts, rule: 'pod-skip-inbound', current: ownSkipInbound(), baseline: null,
        fixed: subtractPortList(pv.skipInbound.value, [port]), docs: DOCS.proxyConfiguration(v), ...(skipInTarget.object ? { object: skipInTarget.object } : {}), allowNames: false,
      }, port, `Linkerd 2.10 client proxies still start mTLS to a skip-inbound port, which the app cannot read (linkerd/linkerd2#5995): remove ${port} from skip-inbound-ports and make it opaque instead`);
      pv = podPortView(v, port, { ...c, podSkipInboundPorts: subtractPortList(pv.skipInbound.value, [port]) });
    }
    if (client === 'meshed' && clientIgnoresOpaque(v) && p.client === 'detect') {
      clientSkip(port, `Linkerd 2.13.0-2.13.2 client proxies detect even on opaque ports (linkerd/linkerd2#10745): skip ${port} on the clients, or upgrade to 2.13.3 or later`, false);
    }
    const declaredHttp = p.action === 'declare-protocol';
    // 1. Service appProtocol (2.18+, meshed clients through the Service).
    // On 2.13.0-2.13.2 a port the Service already makes opaque still reads as 'detect' (the client ignores it):
    // the client skip above is the fix, and rewriting the Service's value would change nothing.
    const serviceAlreadyOpaque = clientIgnoresOpaque(v) && (sv.profileOpaque || sv.policy === 'opaque');
    if (input.via === 'service' && client === 'meshed' && sv.client !== 'opaque' && !serviceAlreadyOpaque) {
      if (has(v, 'appProtocol')) {
        add('spec.ports[].appProtocol', {
          target: 'service', key: 'spec.ports[].appProtocol', rule: 'service-app-protocol', current: c.appProtocol ?? null, baseline: null,
          fixed: 'linkerd.io/opaque', docs: DOCS.protocolDetection(v), ...(serviceObj ? { object: serviceObj } : {}), port: servicePort, allowNames: false,
        }, servicePort, declaredHttp
          ? `appProtocol "${c.appProtocol ?? ''}" declares HTTP but ${proto} is not HTTP: declare it opaque`
          : `${proto} is server-first: meshed clients of the Service stop detecting (Linkerd 2.18+ honours appProtocol)`);
      } else {
        add(ANNOTATIONS.opaquePorts, {
          target: 'service', key: ANNOTATIONS.opaquePorts, rule: 'service-opaque-ports',
          current: c.serviceOpaquePorts ?? (c.createdBeforeInjector ? null : (c.namespaceOpaquePorts ?? null)),
          baseline: !has(v, 'injectorWritesOpaquePorts') || c.createdBeforeInjector ? installOpaque : (injectorServiceValue(installOpaque, c.servicePorts) ?? (c.servicePorts ? '' : installOpaque)),
          baselineFromInjector: has(v, 'injectorWritesOpaquePorts') && !c.createdBeforeInjector && c.servicePorts !== undefined,
          docs: DOCS.protocolDetection(v), ...(serviceObj ? { object: serviceObj } : {}), allowNames: false,
          ...(c.servicePortNames ? { names: c.servicePortNames } : {}),
        }, servicePort, `${proto} is server-first: meshed clients of the Service stop detecting on ${servicePort}`);
      }
    }
    // 2. Pod side: Server proxyProtocol when a Server selects the port (it wins), else the pod annotation.
    const podNeeded =
      (input.server === 'meshed' && pv.inbound !== 'opaque' && pv.inbound !== 'skip') ||
      (!pv.clientOpaque && (input.via === 'pod-ip' || (input.server === 'meshed' && !has(v, 'transportHeaderAlways'))));
    if (podNeeded) {
      const serverOverrides = pv.server !== null && pv.server !== 'opaque' && has(v, 'serverResource');
      if (serverOverrides) {
        add('spec.proxyProtocol', {
          target: 'server', key: 'spec.proxyProtocol', rule: 'server-proxy-protocol', current: c.serverProxyProtocol ?? 'unknown', baseline: null,
          fixed: 'opaque', docs: DOCS.authorizationPolicy(v), ...(c.serverName ? { object: objectRef('Server', c.serverName, input.namespace) } : {}), port, allowNames: false,
        }, port, `the Server selecting port ${port} says ${pv.server}, and a Server overrides the pod's opaque-ports annotation`);
      }
      // Before 2.12 an opaque Server does not reach pod-IP clients (the destination controller reads only the annotation).
      const annotationStillNeeded = serverOverrides && !has(v, 'serverOpaqueForClients') && input.via === 'pod-ip' && !pv.clientOpaque;
      if ((!serverOverrides || annotationStillNeeded) && (input.server === 'meshed' || input.via === 'pod-ip')) {
        const why = annotationStillNeeded
          ? `${proto} is server-first: before Linkerd 2.12 clients that use the pod IP read only the pod annotation, not the Server`
          : has(v, 'transportHeaderAlways')
            ? `${proto} is server-first: the pod annotation covers unmeshed clients (else closed after 10 s) and clients that use the pod IP`
            : `${proto} is server-first: the pod annotation stops server-side detection and lets meshed clients use the opaque transport`;
        opaquePod(port, why);
      }
    }
  }

  function clientSkip(port: number, why: string, alternative: boolean): void {
    const skip = clientSkipView(v, port, c);
    add(ANNOTATIONS.skipOutboundPorts, {
      target: 'client-pod', key: ANNOTATIONS.skipOutboundPorts, rule: 'client-skip-outbound',
      current: c.clientSkipOutboundPorts ?? c.clientNamespaceSkipOutboundPorts ?? null,
      baseline: skip.list.source === 'install-default' || skip.list.source === 'cni-config' ? skip.list.value : null,
      docs: d.opaqueSupported ? DOCS.proxyConfiguration(v) : DOCS.upgrading210(), ...(alternative ? { alternative: true } : {}), allowNames: false,
      // With an external destination the named workload is the client; otherwise the client pod is unknown.
      ...(clientObj ? { object: clientObj } : {}),
    }, port, why);
  }

  const out: Suggestion[] = [];
  const ORDER: readonly SuggestionRule[] = ['service-app-protocol', 'service-opaque-ports', 'server-proxy-protocol', 'pod-opaque-ports', 'namespace-opaque-ports', 'egress-network-opaque-ports', 'client-skip-outbound', 'pod-skip-inbound', 'pod-skip-outbound'];
  const sorted = [...pending.values()].sort((a, b) => ORDER.indexOf(a.rule) - ORDER.indexOf(b.rule) || Number(a.alternative ?? false) - Number(b.alternative ?? false));
  for (const p of sorted) {
    let value: string;
    let notes: readonly string[] = [];
    const reasons = [...p.reasons];
    if (p.fixed !== undefined) value = p.fixed;
    else {
      const base = p.current ?? p.baseline;
      const merged = mergePortList(base, p.ports, { allowNames: p.allowNames, ...(p.names ? { names: p.names } : {}) });
      // Unchanged only counts when the object carries the value; a baseline (defaults) still has to be written.
      if (merged.unchanged && p.current !== null) continue;
      value = merged.value;
      notes = merged.notes;
      if (p.current === null && p.baseline) {
        reasons.push(
          p.baselineFromInjector
            ? `keeps the default opaque ports the injector wrote at admission (${p.baseline})`
            : p.key === ANNOTATIONS.opaquePorts
            ? `keeps the default opaque ports (${p.baseline}) that apply now: a ${p.key} annotation replaces them`
            : `keeps the default ${p.key.split('/').pop() ?? ''} (${p.baseline}) that apply now: an annotation replaces them`,
        );
      }
      else if (p.current !== null && p.current.trim() !== '') reasons.push(`keeps the existing entries of "${p.current}"`);
      else if (p.current !== null) reasons.push('replaces the empty value (which lists no ports)');
    }
    out.push({
      target: p.target,
      key: p.key,
      value,
      reason: reasons.join('; '),
      docs: p.docs,
      ...(p.object ? { object: p.object } : {}),
      rule: p.rule,
      current: p.current,
      ...(p.port !== undefined ? { port: p.port } : {}),
      ...(p.alternative ? { alternative: true } : {}),
      ...(notes.length > 0 ? { notes } : {}),
    });
  }
  return { suggestions: out, predictions };
}
