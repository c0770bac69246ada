/**
 * The compact facts of a cluster dump that the audit needs, taken from each object as it is read so
 * the raw objects can be dropped (a 50,000-pod dump is held as a few hundred bytes per pod): Namespaces,
 * Services, EndpointSlices, Pods (whose spec and annotations are shared by every pod of one template),
 * Linkerd Servers, and the workload objects themselves, kept as trimmed objects for the lint rules.
 * Pure: no I/O.
 */

/** Annotation keys worth keeping: the mesh's, protocheck's own, and look-alikes the lint rules flag. */
export function keepAnnotation(key: string): boolean {
  return key.includes('linkerd') || key.startsWith('protocheck.io/') || key.includes('opaque-ports') || key.includes('skip-') || key.includes('inject');
}

/** Workload kinds whose pod template is linted (src/lint reads the same kinds). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController']);

export interface ObjRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface PortFact {
  readonly name: string | null;
  readonly containerPort: number;
  readonly protocol: string;
}

export interface ContainerFact {
  readonly name: string;
  readonly image: string | null;
  readonly ports: readonly PortFact[];
}

/** What every pod of one template shares. */
export interface PodTemplateFact {
  readonly annotations: Readonly<Record<string, string>>;
  /** Containers that serve traffic (regular and native sidecars, not the mesh's own). */
  readonly containers: readonly ContainerFact[];
  readonly meshed: boolean;
  /** `linkerd.io/proxy-version`, else the proxy image tag; null when neither says. */
  readonly proxyVersion: string | null;
  /**
   * A meshed pod without a linkerd-init container (with linkerd-cni the injector adds
   * linkerd-network-validator instead: linkerd/linkerd2 charts/partials/templates/_network-validator.tpl
   * @edge-26.8.3): the CNI plugin set up its iptables.
   */
  readonly cni: boolean;
  readonly hostNetwork: boolean;
}

export interface PodFact {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ips: readonly string[];
  /** The controller ownerReference (kind/name), if any. */
  readonly owner: { readonly kind: string; readonly name: string } | null;
  readonly ready: boolean;
  readonly template: PodTemplateFact;
}

export interface ServicePortFact {
  readonly name: string | null;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: string;
  readonly appProtocol: string | null;
}

export interface ServiceFact {
  readonly namespace: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>> | null;
  readonly headless: boolean;
  readonly ports: readonly ServicePortFact[];
}

export interface EndpointFact {
  readonly address: string;
  readonly ready: boolean;
  /** targetRef of kind Pod (namespace/name), if any. */
  readonly pod: string | null;
}

export interface SliceFact {
  readonly namespace: string;
  readonly service: string;
  readonly ports: ReadonlyArray<{ readonly name: string | null; readonly port: number; readonly protocol: string }>;
  readonly endpoints: readonly EndpointFact[];
}

export interface ServerFact {
  readonly namespace: string;
  readonly name: string;
  /** null: no podSelector; {}: every pod of the namespace. */
  readonly matchLabels: Readonly<Record<string, string>> | null;
  readonly port: number | string | null;
  readonly proxyProtocol: string | null;
}

export interface NamespaceFact {
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** A trimmed object for the lint rules (metadata and the fields they read), as JSON text. */
export interface LintObject {
  readonly namespace: string;
  readonly json: string;
}

type J = Record<string, unknown>;

function obj(v: unknown): J | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as J) : undefined;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function s(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function n(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}
function strings(v: unknown, keep: (k: string) => boolean = () => true): Record<string, string> {
  const out: Record<string, string> = {};
  const o = obj(v);
  if (o) for (const [k, x] of Object.entries(o)) if (typeof x === 'string' && keep(k)) out[k] = x;
  return out;
}

/** The proxy's version from its image tag: `cr.l5d.io/linkerd/proxy:edge-25.3.2` → `edge-25.3.2`. */
export function imageTag(image: string): string | null {
  const at = image.indexOf('@');
  const ref = at === -1 ? image : image.slice(0, at);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : null;
}

/** Labels that differ on every pod of one template (they do not make a new template). */
const PER_POD_LABELS = new Set(['statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-revision-hash', 'pod-template-hash', 'batch.kubernetes.io/job-completion-index']);

export class Inventory {
  readonly namespaces = new Map<string, NamespaceFact>();
  readonly services: ServiceFact[] = [];
  readonly slices: SliceFact[] = [];
  /** By `namespace/name`. */
  readonly pods = new Map<string, PodFact>();
  readonly servers: Array<{ namespace: string; json: string }> = [];
  readonly serverFacts: ServerFact[] = [];
  /** Workload objects and bare pods for the lint rules, by namespace. */
  readonly lintObjects: LintObject[] = [];
  /** `namespace/kind/name` → owner (`kind/name`) of workload objects, to find a pod's top owner. */
  readonly owners = new Map<string, string | null>();
  /** Kinds read, with counts (for the summary line). */
  readonly counts = new Map<string, number>();
  private readonly templates = new Map<string, PodTemplateFact>();
  private readonly podLintKeys = new Set<string>();
  private readonly pendingOwned: Array<{ namespace: string; json: string; owner: string }> = [];
  private readonly pendingPods: Array<{ key: string; namespace: string; json: string; owner: string | null }> = [];

  add(raw: unknown): void {
    const o = obj(raw);
    if (!o) return;
    const kind = s(o['kind']);
    const apiVersion = s(o['apiVersion']) ?? '';
    const meta = obj(o['metadata']) ?? {};
    const name = s(meta['name']);
    if (kind === null || name === null) return;
    const namespace = s(meta['namespace']) ?? '';
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
    if (kind === 'Namespace') this.namespaces.set(name, { name, annotations: strings(meta['annotations'], keepAnnotation), labels: strings(meta['labels']) });
    else if (kind === 'Service' && group === '') this.addService(o, namespace, name, meta);
    else if (kind === 'EndpointSlice' && group === 'discovery.k8s.io') this.addSlice(o, namespace, meta);
    else if (kind === 'Pod' && group === '') this.addPod(o, namespace, name, meta);
    else if (kind === 'Server' && group === 'policy.linkerd.io') this.addServer(o, namespace, name, meta);
    else if (WORKLOAD_KINDS.has(kind) && (group === 'apps' || group === 'batch' || group === '')) this.addWorkload(o, kind, namespace, name, meta);
  }

  private addService(o: J, namespace: string, name: string, meta: J): void {
    const spec = obj(o['spec']) ?? {};
    const sel = obj(spec['selector']);
    const ports: ServicePortFact[] = [];
    for (const p of arr(spec['ports'])) {
      const po = obj(p);
      const port = n(po?.['port']);
      if (!po || port === null) continue;
      const tp = po['targetPort'];
      ports.push({ name: s(po['name']), port, targetPort: n(tp) ?? s(tp) ?? port, protocol: (s(po['protocol']) ?? 'TCP').toUpperCase(), appProtocol: s(po['appProtocol']) });
    }
    this.services.push({ namespace, name, annotations: strings(meta['annotations'], keepAnnotation), selector: sel ? strings(sel) : null, headless: spec['clusterIP'] === 'None', ports });
  }

  private addSlice(o: J, namespace: string, meta: J): void {
    const service = strings(meta['labels'])['kubernetes.io/service-name'];
    if (service === undefined) return;
    const addressType = s(o['addressType']);
    if (addressType !== null && addressType !== 'IPv4' && addressType !== 'IPv6') return; // FQDN slices name no address to probe
    const ports = arr(o['ports']).flatMap((p) => {
      const po = obj(p);
      const port = n(po?.['port']);
      return po && port !== null ? [{ name: s(po['name']) || null, port, protocol: (s(po['protocol']) ?? 'TCP').toUpperCase() }] : [];
    });
    const endpoints: EndpointFact[] = [];
    for (const e of arr(o['endpoints'])) {
      const eo = obj(e);
      const address = s(arr(eo?.['addresses'])[0]);
      if (!eo || address === null) continue;
      // A nil ready condition is an unknown state, which consumers should read as ready (discovery.k8s.io/v1 EndpointConditions).
      const ready = obj(eo['conditions'])?.['ready'] !== false;
      const ref = obj(eo['targetRef']);
      const pod = ref && ref['kind'] === 'Pod' && s(ref['name']) !== null ? `${s(ref['namespace']) ?? namespace}/${s(ref['name']) ?? ''}` : null;
      endpoints.push({ address, ready, pod });
    }
    this.slices.push({ namespace, service, ports, endpoints });
  }

  private addPod(o: J, namespace: string, name: string, meta: J): void {
    const spec = obj(o['spec']) ?? {};
    const status = obj(o['status']) ?? {};
    const annotations = strings(meta['annotations'], keepAnnotation);
    const labels = strings(meta['labels']);
    const all = [...arr(spec['containers']).map((c) => ({ c: obj(c) ?? {}, init: false })), ...arr(spec['initContainers']).map((c) => ({ c: obj(c) ?? {}, init: true }))];
    const names = all.map((x) => s(x.c['name']) ?? '');
    const proxy = all.find((x) => s(x.c['name']) === 'linkerd-proxy');
    const meshed = proxy !== undefined || annotations['linkerd.io/proxy-version'] !== undefined;
    const proxyImage = proxy ? s(proxy.c['image']) : null;
    const proxyVersion = annotations['linkerd.io/proxy-version'] || (proxyImage ? imageTag(proxyImage) : null) || null;
    const containers: ContainerFact[] = all
      .filter((x) => (!x.init || x.c['restartPolicy'] === 'Always') && !MESH_CONTAINERS.has(s(x.c['name']) ?? ''))
      .map((x) => ({
        name: s(x.c['name']) ?? '',
        image: s(x.c['image']),
        ports: arr(x.c['ports']).flatMap((p) => {
          const po = obj(p);
          const cp = n(po?.['containerPort']);
          return po && cp !== null ? [{ name: s(po['name']), containerPort: cp, protocol: (s(po['protocol']) ?? 'TCP').toUpperCase() }] : [];
        }),
      }));
    const hostNetwork = spec['hostNetwork'] === true;
    const t: PodTemplateFact = { annotations, containers, meshed, proxyVersion, cni: meshed && !names.includes('linkerd-init'), hostNetwork };
    const tkey = JSON.stringify(t);
    let template = this.templates.get(tkey);
    if (!template) {
      template = t;
      this.templates.set(tkey, t);
    }
    const ownerRef = arr(meta['ownerReferences']).map(obj).find((r) => r?.['controller'] === true) ?? obj(arr(meta['ownerReferences'])[0]);
    const owner = ownerRef && s(ownerRef['kind']) !== null && s(ownerRef['name']) !== null ? { kind: s(ownerRef['kind']) as string, name: s(ownerRef['name']) as string } : null;
    const ips = arr(status['podIPs']).map((x) => s(obj(x)?.['ip'])).filter((x): x is string => x !== null);
    if (ips.length === 0 && s(status['podIP']) !== null) ips.push(s(status['podIP']) as string);
    const ready = arr(status['conditions']).some((c) => obj(c)?.['type'] === 'Ready' && obj(c)?.['status'] === 'True');
    this.pods.set(`${namespace}/${name}`, { namespace, name, labels: internLabels(labels), ips, owner, ready, template });
    // The lint rules read a pod only when no workload object of the dump owns it (checked at the end);
    // one pod per owner and template is enough (the others are the same to the rules).
    const lintKey = `${namespace}/${owner ? `${owner.kind}/${owner.name}` : `Pod/${name}`}/${tkey}`;
    if (!this.podLintKeys.has(lintKey)) {
      this.podLintKeys.add(lintKey);
      const trimmed = { apiVersion: 'v1', kind: 'Pod', metadata: trimMeta(meta, namespace, true), spec: trimPodSpec(spec) };
      this.pendingPods.push({ key: lintKey, namespace, json: JSON.stringify(trimmed), owner: owner ? `${owner.kind}/${owner.name}` : null });
    }
  }

  private addServer(o: J, namespace: string, name: string, meta: J): void {
    this.servers.push({ namespace, json: JSON.stringify(trimServer(o, meta)) });
    const spec = obj(o['spec']) ?? {};
    const sel = obj(spec['podSelector']);
    const ml = obj(sel?.['matchLabels']);
    this.serverFacts.push({ namespace, name, matchLabels: ml ? strings(ml) : sel ? {} : null, port: n(spec['port']) ?? s(spec['port']), proxyProtocol: s(spec['proxyProtocol']) });
  }

  private addWorkload(o: J, kind: string, namespace: string, name: string, meta: J): void {
    const ownerRef = arr(meta['ownerReferences']).map(obj).find((r) => r?.['controller'] === true);
    this.owners.set(`${namespace}/${kind}/${name}`, ownerRef && s(ownerRef['kind']) && s(ownerRef['name']) ? `${s(ownerRef['kind']) ?? ''}/${s(ownerRef['name']) ?? ''}` : null);
    const spec = obj(o['spec']) ?? {};
    const path = kind === 'CronJob' ? ['jobTemplate', 'spec', 'template'] : ['template'];
    let template: J | undefined = spec;
    for (const p of path) template = obj(template?.[p]);
    const tmeta = obj(template?.['metadata']) ?? {};
    const trimmedTemplate = { metadata: trimMeta(tmeta, null, false), spec: trimPodSpec(obj(template?.['spec']) ?? {}) };
    let trimmedSpec: J = { selector: spec['selector'], template: trimmedTemplate };
    if (kind === 'CronJob') trimmedSpec = { jobTemplate: { spec: { template: trimmedTemplate } } };
    const json = JSON.stringify({ apiVersion: s(o['apiVersion']), kind, metadata: trimMeta(meta, namespace, true), spec: trimmedSpec });
    const owner = this.owners.get(`${namespace}/${kind}/${name}`) ?? null;
    // A ReplicaSet of a Deployment (a Job of a CronJob) is linted as its owner: kept only when the owner is not in the dump.
    if (owner === null) this.lintObjects.push({ namespace, json });
    else this.pendingOwned.push({ namespace, json, owner });
  }

  /** The owner chain's top (Pod → ReplicaSet → Deployment), as kind/name, when the dump has it. */
  topOwner(pod: PodFact): ObjRef {
    let cur = pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : null;
    let top: ObjRef = { kind: 'Pod', namespace: pod.namespace, name: pod.name };
    for (let i = 0; cur !== null && i < 5; i++) {
      const [kind = '', name = ''] = cur.split('/');
      top = { kind, namespace: pod.namespace, name };
      const next = this.owners.get(`${pod.namespace}/${cur}`);
      if (next === undefined) break;
      cur = next;
    }
    return top;
  }

  /** Pods no workload object of the dump owns join the lint input (bare pods, or a dump without their owners). */
  finish(): void {
    for (const w of this.pendingOwned) if (!this.owners.has(`${w.namespace}/${w.owner}`)) this.lintObjects.push({ namespace: w.namespace, json: w.json });
    this.pendingOwned.length = 0;
    for (const p of this.pendingPods) {
      if (p.owner !== null && this.owners.has(`${p.namespace}/${p.owner}`)) continue;
      this.lintObjects.push({ namespace: p.namespace, json: p.json });
    }
    this.pendingPods.length = 0;
    this.templates.clear();
  }
}

/** Containers the mesh adds itself (same list as the lint model). */
const MESH_CONTAINERS: ReadonlySet<string> = new Set(['linkerd-proxy', 'linkerd-init', 'linkerd-network-validator', 'istio-proxy', 'istio-init']);

const labelPool = new Map<string, Record<string, string>>();
/** Pods of one template share their label map (per-pod labels make their own). */
function internLabels(labels: Record<string, string>): Record<string, string> {
  const shared = Object.keys(labels).some((k) => PER_POD_LABELS.has(k));
  if (shared) return labels;
  const key = JSON.stringify(labels);
  const hit = labelPool.get(key);
  if (hit) return hit;
  if (labelPool.size > 200_000) labelPool.clear();
  labelPool.set(key, labels);
  return labels;
}

function trimMeta(meta: J, namespace: string | null, withName: boolean): J {
  const out: J = {};
  if (withName) out['name'] = meta['name'];
  if (namespace !== null) out['namespace'] = namespace;
  const labels = strings(meta['labels']);
  if (Object.keys(labels).length > 0) out['labels'] = labels;
  const annotations = strings(meta['annotations'], (k) => keepAnnotation(k) && !INJECTOR_INFO.has(k));
  if (Object.keys(annotations).length > 0) out['annotations'] = annotations;
  if (withName && meta['ownerReferences'] !== undefined) out['ownerReferences'] = arr(meta['ownerReferences']).map((r) => ({ kind: obj(r)?.['kind'], name: obj(r)?.['name'] }));
  return out;
}

/** Annotations the injector writes for information only (linkerd/linkerd2 pkg/k8s/labels.go): not the user's configuration. */
const INJECTOR_INFO: ReadonlySet<string> = new Set(['linkerd.io/created-by', 'linkerd.io/proxy-version', 'linkerd.io/trust-root-sha256', 'linkerd.io/identity-mode', 'viz.linkerd.io/tap-enabled']);

function trimContainer(c: unknown): J {
  const co = obj(c) ?? {};
  const out: J = { name: co['name'], image: co['image'] };
  for (const k of ['ports', 'command', 'args', 'restartPolicy']) if (co[k] !== undefined) out[k] = co[k];
  return out;
}

function trimPodSpec(spec: J): J {
  const out: J = { containers: arr(spec['containers']).map(trimContainer) };
  if (spec['initContainers'] !== undefined) out['initContainers'] = arr(spec['initContainers']).map(trimContainer);
  if (spec['hostNetwork'] !== undefined) out['hostNetwork'] = spec['hostNetwork'];
  return out;
}

function trimServer(o: J, meta: J): J {
  return { apiVersion: o['apiVersion'], kind: 'Server', metadata: { name: meta['name'], namespace: meta['namespace'] }, spec: o['spec'] };
}

/** The trimmed Namespace and Service objects for the lint input. */
export function namespaceLintJson(ns: NamespaceFact): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, ...(Object.keys(ns.labels).length > 0 ? { labels: ns.labels } : {}), ...(Object.keys(ns.annotations).length > 0 ? { annotations: ns.annotations } : {}) } });
}

export function serviceLintJson(svc: ServiceFact): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: svc.name, namespace: svc.namespace, ...(Object.keys(svc.annotations).length > 0 ? { annotations: svc.annotations } : {}) },
    spec: {
      ...(svc.selector === null ? {} : { selector: svc.selector }),
      ...(svc.headless ? { clusterIP: 'None' } : {}),
      ports: svc.ports.map((p) => ({ ...(p.name === null ? {} : { name: p.name }), port: p.port, targetPort: p.targetPort, protocol: p.protocol, ...(p.appProtocol === null ? {} : { appProtocol: p.appProtocol }) })),
    },
  });
}
