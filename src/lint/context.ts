/**
 * What rules share: the model of the input, the Linkerd version, the cross-object relations
 * (Service -> pods, pod -> Namespace, Server -> pod port) and the protocol evidence of a port.
 * Protocol facts come from the knowledge base; every Linkerd decision from the Linkerd model. Pure.
 */
import type { LinkerdVersion } from '../linkerd/version.js';
import type { IstioVersion } from '../istio/version.js';
import { ADMISSION_WEBHOOKS_LABEL, ANNOTATIONS } from '../linkerd/annotations.js';
import { clientWaitsOnPort, getProtocol, protocolForImage, protocolForPortName, protocolsForPort, type ProtocolEntry } from '../protocols/index.js';
import type { PortConfig } from '../linkerd/model.js';
import { sameNamespace, selects, type Annotation, type Container, type ContainerPort, type Model, type Namespace, type Server, type Service, type ServicePort, type Workload } from './k8s.js';
import type { Evidence } from './types.js';
import { SEND_ONLY_STREAM, sendOnlyListenerOn } from './command-evidence.js';
import { getIn, str } from './yaml-nodes.js';

/** Namespaces the proxy injector's webhook selector excludes by default (charts/linkerd-control-plane). */
export const WEBHOOK_EXCLUDED_NAMESPACES: readonly string[] = ['kube-system', 'cert-manager'];

export interface LintOptions {
  readonly version: LinkerdVersion;
  /** Treat workloads without any inject annotation (pod or namespace) as meshed (default true: injection is often set outside the manifests). */
  readonly assumeMeshed: boolean;
  /** linkerd-cni instead of proxy-init. */
  readonly cni: boolean;
  /** `lint --mesh istio`: the Istio release the istio-* rules model (they do nothing without it). */
  readonly istio?: IstioVersion;
}

/** A pod port and what is known about the protocol it serves. */
export interface PortProtocol {
  readonly protocol: ProtocolEntry;
  readonly evidence: readonly Evidence[];
  /** Set when the evidence itself says whether clients wait (a --send-only listener), overriding the knowledge base. */
  readonly clientWaits?: boolean;
}

/** A (workload, port number) pair with everything that points at it. */
export interface PodPort {
  readonly workload: Workload;
  readonly port: number;
  readonly container: Container | null;
  readonly declared: ContainerPort | null;
  /** Service ports (with their Service) whose target resolves to this pod port. */
  readonly serviceRefs: ReadonlyArray<{ service: Service; port: ServicePort }>;
}

function identityKey(x: Workload | Service): string {
  return `${x.obj.kind ?? ''}\u0000${x.obj.namespace ?? ''}\u0000${x.obj.name ?? ''}`;
}

export class LintContext {
  readonly model: Model;
  readonly options: LintOptions;
  private readonly selected = new Map<Service, Workload[]>();
  private readonly selectedBy = new Map<Workload, Service[]>();
  private readonly portsCache = new Map<Workload, PodPort[]>();
  private readonly namesCache = new Map<Workload, Record<string, number>>();

  constructor(model: Model, options: LintOptions) {
    this.model = model;
    this.options = options;
    // Index pod labels by "namespace\0key=value" so selector matching is not services x workloads.
    const byLabel = new Map<string, Workload[]>();
    for (const w of model.workloads) {
      for (const [k, v] of Object.entries(w.labels)) {
        const key = `${w.obj.namespace ?? ''}\u0000${k}=${v}`;
        const list = byLabel.get(key);
        if (list) list.push(w);
        else byLabel.set(key, [w]);
      }
    }
    for (const s of model.services) {
      const sel = s.selector;
      const first = sel === null ? undefined : Object.entries(sel)[0];
      const candidates = first === undefined ? [] : (byLabel.get(`${s.obj.namespace ?? ''}\u0000${first[0]}=${first[1]}`) ?? []);
      const ws = sel === null ? [] : candidates.filter((w) => sameNamespace(w.obj, s.obj) && selects(sel, w.labels));
      this.selected.set(s, ws);
      for (const w of ws) {
        const list = this.selectedBy.get(w);
        if (list) list.push(s);
        else this.selectedBy.set(w, [s]);
      }
    }
  }

  private byIdentity: Map<string, Array<Workload | Service>> | undefined;

  /**
   * The objects of the input with the same kind, namespace and name as `o` (itself included): copies of
   * one cluster object (the same manifest in two files), which --fix must edit alike.
   */
  copiesOf<T extends Workload | Service>(o: T): readonly T[] {
    if (this.byIdentity === undefined) {
      this.byIdentity = new Map();
      for (const x of [...this.model.workloads, ...this.model.services]) {
        const k = identityKey(x);
        const list = this.byIdentity.get(k);
        if (list) list.push(x);
        else this.byIdentity.set(k, [x]);
      }
    }
    return (this.byIdentity.get(identityKey(o)) ?? [o]) as T[];
  }

  get version(): LinkerdVersion {
    return this.options.version;
  }

  namespaceOf(w: { obj: { namespace: string | null } }): Namespace | undefined {
    const ns = w.obj.namespace;
    if (ns === null) return undefined;
    return this.model.namespaces.find((n) => n.obj.name === ns);
  }

  /** Pod annotation, else Namespace annotation (the injector copies it onto new pods). */
  effectiveAnnotation(w: Workload, key: string): { value: string; on: 'pod' | 'namespace'; annotation: Annotation } | undefined {
    const own = w.annotations.get(key);
    if (own) return { value: own.value, on: 'pod', annotation: own };
    const ns = this.namespaceOf(w)?.annotations.get(key);
    return ns ? { value: ns.value, on: 'namespace', annotation: ns } : undefined;
  }

  isMeshed(w: Workload): boolean {
    // The injector refuses hostNetwork pods and never sees namespaces its webhook excludes (linkerd-spec 4.3, 6).
    if (w.hostNetwork) return false;
    if (w.obj.namespace !== null && WEBHOOK_EXCLUDED_NAMESPACES.includes(w.obj.namespace)) return false;
    const ns = this.namespaceOf(w);
    if (ns && str(getIn(ns.obj.node, ['metadata', 'labels', ADMISSION_WEBHOOKS_LABEL])) === 'disabled') return false;
    const v = this.effectiveAnnotation(w, ANNOTATIONS.inject)?.value;
    if (v === undefined) return this.options.assumeMeshed;
    return v === 'enabled' || v === 'ingress';
  }

  workloadsOf(s: Service): readonly Workload[] {
    return this.selected.get(s) ?? [];
  }

  servicesOf(w: Workload): Service[] {
    return this.selectedBy.get(w) ?? [];
  }

  /** The pod port a Service port reaches on `w` (named targetPorts through the serving containers), or null. */
  resolveTarget(sp: ServicePort, w: Workload): number | null {
    const t = sp.targetPort ?? sp.port;
    if (typeof t === 'number') return t;
    if (t === null) return null;
    for (const c of w.servingContainers) {
      for (const p of c.ports) if (p.name === t && p.protocol === sp.protocol && p.containerPort !== null) return p.containerPort;
    }
    return null;
  }

  containerPortNames(w: Workload): Record<string, number> {
    const cached = this.namesCache.get(w);
    if (cached) return cached;
    const out: Record<string, number> = {};
    this.namesCache.set(w, out);
    for (const c of w.allContainers) for (const p of c.ports) if (p.name !== null && p.containerPort !== null && out[p.name] === undefined) out[p.name] = p.containerPort;
    return out;
  }

  /** Every TCP pod port of a workload: declared container ports plus undeclared Service targets. */
  podPorts(w: Workload): PodPort[] {
    const cached = this.portsCache.get(w);
    if (cached) return cached;
    const computed = this.computePodPorts(w);
    this.portsCache.set(w, computed);
    return computed;
  }

  private computePodPorts(w: Workload): PodPort[] {
    const byPort = new Map<number, PodPort>();
    for (const c of w.servingContainers) {
      for (const p of c.ports) {
        if (p.containerPort === null || p.protocol !== 'TCP' || byPort.has(p.containerPort)) continue;
        byPort.set(p.containerPort, { workload: w, port: p.containerPort, container: c, declared: p, serviceRefs: [] });
      }
    }
    for (const s of this.servicesOf(w)) {
      for (const sp of s.ports) {
        if (sp.protocol !== 'TCP') continue;
        const target = this.resolveTarget(sp, w);
        if (target === null) continue;
        const cur = byPort.get(target) ?? { workload: w, port: target, container: w.servingContainers.length === 1 ? w.servingContainers[0]! : null, declared: null, serviceRefs: [] };
        byPort.set(target, { ...cur, serviceRefs: [...cur.serviceRefs, { service: s, port: sp }] });
      }
    }
    return [...byPort.values()].sort((a, b) => a.port - b.port);
  }

  /** The protocol a pod port serves, strongest evidence first: appProtocol, port name, image, port number. */
  protocolOf(pp: PodPort): PortProtocol | undefined {
    const candidates: Array<{ e: Evidence; p: ProtocolEntry }> = [];
    const add = (source: Evidence['source'], value: string, p: ProtocolEntry | undefined) => {
      if (p && p.id !== 'unknown') candidates.push({ e: { source, value, protocol: p.id }, p });
    };
    for (const r of pp.serviceRefs) if (r.port.appProtocol !== null) add('app-protocol', r.port.appProtocol, protocolForPortName(r.port.appProtocol));
    // What the container runs on the port beats what its name or image suggest.
    const listener = pp.container ? sendOnlyListenerOn(pp.container.script, pp.port) : undefined;
    if (listener !== undefined && candidates.length === 0) {
      return { protocol: SEND_ONLY_STREAM, evidence: [{ source: 'command', value: listener, protocol: SEND_ONLY_STREAM.id }], clientWaits: true };
    }
    if (pp.declared?.name) add('port-name', pp.declared.name, protocolForPortName(pp.declared.name));
    for (const r of pp.serviceRefs) if (r.port.name !== null) add('port-name', r.port.name, protocolForPortName(r.port.name));
    const image = pp.container?.image;
    if (image) {
      const p = protocolForImage(image);
      const onlyPort = (pp.container?.ports.length ?? 0) <= 1;
      if (p && (p.ports.includes(pp.port) || p.tlsPorts.includes(pp.port) || onlyPort)) add('image', image, p);
    }
    const byNumber = protocolsForPort(pp.port)[0];
    add('port-number', String(pp.port), byNumber);
    const first = candidates[0];
    if (!first) return undefined;
    const seen = new Set<string>();
    const evidence = candidates.filter((c) => c.p.id === first.p.id && !seen.has(`${c.e.source}|${c.e.value}`) && seen.add(`${c.e.source}|${c.e.value}`)).map((c) => c.e);
    return { protocol: first.p, evidence };
  }

  /** True when clients of this port wait for the server's greeting (implicit-TLS ports excepted: TLS clients speak first). */
  isServerFirst(pp: PodPort, proto: PortProtocol): boolean {
    if (proto.clientWaits !== undefined) return proto.clientWaits;
    return clientWaitsOnPort(getProtocol(proto.protocol.id) ?? proto.protocol, pp.port);
  }

  /** The Server (oldest by name as a stand-in for creation time) that selects this pod port. */
  serverFor(w: Workload, port: number): Server | undefined {
    const names = this.containerPortNames(w);
    return this.model.servers
      .filter((s) => sameNamespace(s.obj, w.obj) && s.matchLabels !== null && (Object.keys(s.matchLabels).length === 0 || selects(s.matchLabels, w.labels)))
      .filter((s) => s.port === port || (typeof s.port === 'string' && names[s.port] === port))
      .sort((a, b) => (a.obj.name ?? '').localeCompare(b.obj.name ?? ''))[0];
  }

  /** The raw annotation values of one pod port, for the Linkerd model. */
  portConfig(pp: PodPort, via?: { service: Service; port: ServicePort }): PortConfig {
    const w = pp.workload;
    const ns = this.namespaceOf(w);
    const server = this.serverFor(w, pp.port);
    const servicePortNames: Record<string, number> = {};
    if (via) for (const p of via.service.ports) if (p.name !== null && p.port !== null) servicePortNames[p.name] = p.port;
    const cfg: Record<string, unknown> = {
      podOpaquePorts: w.annotations.get(ANNOTATIONS.opaquePorts)?.value,
      namespaceOpaquePorts: ns?.annotations.get(ANNOTATIONS.opaquePorts)?.value,
      serviceOpaquePorts: via?.service.annotations.get(ANNOTATIONS.opaquePorts)?.value,
      podSkipInboundPorts: w.annotations.get(ANNOTATIONS.skipInboundPorts)?.value,
      namespaceSkipInboundPorts: ns?.annotations.get(ANNOTATIONS.skipInboundPorts)?.value,
      appProtocol: via?.port.appProtocol ?? undefined,
      serverProxyProtocol: server ? (server.proxyProtocol ?? 'unknown') : undefined,
      serverName: server?.obj.name ?? undefined,
      serviceTargetPort: via ? (via.port.targetPort ?? undefined) : undefined,
      containerPortNames: this.containerPortNames(w),
      containerPorts: this.podPorts(w).filter((p) => p.declared !== null).map((p) => p.port),
      servicePortNames: via ? servicePortNames : undefined,
      servicePorts: via
        ? via.service.ports.flatMap((p) => (p.port === null ? [] : [{ port: p.port, ...(p.targetPort !== null && p.targetPort !== undefined ? { targetPort: p.targetPort } : {}) }]))
        : undefined,
      podDeclaresPort: pp.declared !== null,
      cni: this.options.cni,
    };
    for (const k of Object.keys(cfg)) if (cfg[k] === undefined) delete cfg[k];
    return cfg as PortConfig;
  }
}
