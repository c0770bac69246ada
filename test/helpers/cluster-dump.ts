/**
 * Builds cluster dumps as `kubectl get ... -A -o json` prints them: a List of Namespaces, Deployments,
 * their ReplicaSets and Pods (ownerReferences, status with podIP and Ready condition, the proxy
 * injector's annotations, labels and containers on meshed pods), Services and their EndpointSlices
 * (conditions, targetRef). Used by the cluster tests and the cluster bench.
 */
import { createHash } from 'node:crypto';

type J = Record<string, unknown>;

let uidCounter = 0;
function uid(seed: string): string {
  const h = createHash('sha256').update(`${seed}/${uidCounter++}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
const TS = '2026-11-20T09:14:03Z';

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly ports: ReadonlyArray<{ readonly containerPort: number; readonly name?: string }>;
  readonly command?: readonly string[];
}

export interface AppSpec {
  readonly namespace: string;
  readonly name: string;
  readonly kind?: 'Deployment' | 'StatefulSet';
  readonly containers: readonly ContainerSpec[];
  /** Labels besides app: NAME. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the pod template (what the user wrote). */
  readonly templateAnnotations?: Readonly<Record<string, string>>;
  /** Injected pods run this proxy version (`stable-2.14.10`, `edge-25.3.2`); null = not meshed. Per replica when an array. */
  readonly proxy: string | null | ReadonlyArray<string | null>;
  /** Opaque ports the injector wrote on the pods (the default list filtered to declared ports). */
  readonly injectedOpaque?: string;
  readonly replicas: number;
  /** IP per replica (tests: 127.0.0.1). */
  readonly ip: (replica: number) => string;
  /** Replicas whose Ready condition is False. */
  readonly notReady?: readonly number[];
}

export interface ServiceSpec {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly port: number; readonly targetPort: number | string; readonly appProtocol?: string }>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly headless?: boolean;
}

export interface BuiltPod {
  readonly obj: J;
  readonly name: string;
  readonly namespace: string;
  readonly ip: string;
  readonly ready: boolean;
  readonly labels: Record<string, string>;
  /** Resolved container port per port name. */
  readonly portNames: Record<string, number>;
}

export function namespace(name: string, annotations: Record<string, string> = {}, labels: Record<string, string> = {}): J {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: uid(name), resourceVersion: '1204', creationTimestamp: TS, labels: { 'kubernetes.io/metadata.name': name, ...labels }, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function hash(seed: string, n: number): string {
  return createHash('sha1').update(seed).digest('hex').replace(/[^a-z0-9]/g, '').slice(0, n).replace(/^[0-9]/, 'b');
}

/** A Deployment (or StatefulSet), its ReplicaSet and its Pods. */
export function app(a: AppSpec): { objects: J[]; pods: BuiltPod[] } {
  const kind = a.kind ?? 'Deployment';
  const labels = { app: a.name, ...(a.labels ?? {}) };
  const podTemplate = {
    metadata: { labels, ...(a.templateAnnotations ? { annotations: { ...a.templateAnnotations } } : {}) },
    spec: {
      containers: a.containers.map((c) => ({ name: c.name, image: c.image, ...(c.command ? { command: c.command } : {}), ports: c.ports.map((p) => ({ containerPort: p.containerPort, ...(p.name ? { name: p.name } : {}), protocol: 'TCP' })), resources: {}, terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' })),
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
    },
  };
  const wUid = uid(a.name);
  const workload: J = {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: a.name, namespace: a.namespace, uid: wUid, generation: 1, creationTimestamp: TS, labels, annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: { replicas: a.replicas, selector: { matchLabels: labels }, template: podTemplate, ...(kind === 'StatefulSet' ? { serviceName: a.name } : { strategy: { type: 'RollingUpdate' } }) },
    status: { replicas: a.replicas, readyReplicas: a.replicas - (a.notReady?.length ?? 0), observedGeneration: 1 },
  };
  const objects: J[] = [workload];
  const templateHash = hash(`${a.namespace}/${a.name}`, 10);
  let owner: { apiVersion: string; kind: string; name: string; uid: string; controller: boolean; blockOwnerDeletion: boolean } = { apiVersion: 'apps/v1', kind, name: a.name, uid: wUid, controller: true, blockOwnerDeletion: true };
  if (kind === 'Deployment') {
    const rsName = `${a.name}-${templateHash}`;
    const rsUid = uid(rsName);
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: rsName, namespace: a.namespace, uid: rsUid, creationTimestamp: TS, labels: { ...labels, 'pod-template-hash': templateHash }, ownerReferences: [owner] },
      spec: { replicas: a.replicas, selector: { matchLabels: { ...labels, 'pod-template-hash': templateHash } }, template: podTemplate },
      status: { replicas: a.replicas },
    });
    owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rsUid, controller: true, blockOwnerDeletion: true };
  }
  const pods: BuiltPod[] = [];
  for (let i = 0; i < a.replicas; i++) {
    const proxy = Array.isArray(a.proxy) ? ((a.proxy as ReadonlyArray<string | null>)[i] ?? null) : (a.proxy as string | null);
    const name = kind === 'StatefulSet' ? `${a.name}-${i}` : `${a.name}-${templateHash}-${hash(`${a.name}${i}`, 5)}`;
    const podLabels: Record<string, string> = { ...labels, ...(kind === 'Deployment' ? { 'pod-template-hash': templateHash } : { 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) }) };
    const annotations: Record<string, string> = { ...(a.templateAnnotations ?? {}) };
    const containers: J[] = (podTemplate.spec.containers as J[]).map((c) => ({ ...c }));
    const initContainers: J[] = [];
    if (proxy !== null) {
      Object.assign(annotations, {
        'linkerd.io/created-by': `linkerd/proxy-injector ${proxy}`,
        'linkerd.io/proxy-version': proxy,
        'linkerd.io/trust-root-sha256': 'a2c0ab4bda6e2e0b3bc0bbd15b0d0d4c0f1bd7d6b0cfdc3a33e4ff0d8c52c8f1',
        'linkerd.io/identity-mode': 'default',
        ...(a.injectedOpaque !== undefined && annotations['config.linkerd.io/opaque-ports'] === undefined ? { 'config.linkerd.io/opaque-ports': a.injectedOpaque } : {}),
      });
      Object.assign(podLabels, { 'linkerd.io/control-plane-ns': 'linkerd', [`linkerd.io/proxy-${kind.toLowerCase()}`]: a.name, 'linkerd.io/workload-ns': a.namespace });
      initContainers.push({ name: 'linkerd-init', image: 'cr.l5d.io/linkerd/proxy-init:v2.2.3', args: ['--incoming-proxy-port', '4143', '--outgoing-proxy-port', '4140', '--proxy-uid', '2102', '--inbound-ports-to-ignore', '4190,4191,4567,4568', '--outbound-ports-to-ignore', '4567,4568'] });
      containers.unshift({
        name: 'linkerd-proxy',
        image: `cr.l5d.io/linkerd/proxy:${proxy}`,
        env: [{ name: 'LINKERD2_PROXY_LOG', value: 'warn,linkerd=info' }, { name: 'LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION', value: '25,587,3306,4444,5432,6379,9300,11211' }],
        ports: [{ containerPort: 4143, name: 'linkerd-proxy', protocol: 'TCP' }, { containerPort: 4191, name: 'linkerd-admin', protocol: 'TCP' }],
      });
    }
    const ip = a.ip(i);
    const ready = !(a.notReady ?? []).includes(i);
    const obj: J = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: a.namespace, uid: uid(name), creationTimestamp: TS, labels: podLabels, ...(Object.keys(annotations).length ? { annotations } : {}), ownerReferences: [owner] },
      spec: { containers, ...(initContainers.length ? { initContainers } : {}), nodeName: `node-${i % 3}`, restartPolicy: 'Always', serviceAccountName: 'default' },
      status: {
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        hostIP: '10.0.0.1',
        conditions: [
          { type: 'Initialized', status: 'True', lastTransitionTime: TS },
          { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: TS },
          { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: TS },
          { type: 'PodScheduled', status: 'True', lastTransitionTime: TS },
        ],
        containerStatuses: containers.map((c) => ({ name: c['name'], ready, restartCount: 0, image: c['image'], started: true, state: { running: { startedAt: TS } } })),
      },
    };
    objects.push(obj);
    const portNames: Record<string, number> = {};
    for (const c of a.containers) for (const p of c.ports) if (p.name) portNames[p.name] = p.containerPort;
    pods.push({ obj, name, namespace: a.namespace, ip, ready, labels: podLabels, portNames });
  }
  return { objects, pods };
}

/** A Service and the EndpointSlice the control plane would write for it from `pods`. */
export function service(s: ServiceSpec, pods: readonly BuiltPod[]): J[] {
  const svc: J = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace: s.namespace, uid: uid(s.name), creationTimestamp: TS, ...(s.annotations ? { annotations: { ...s.annotations } } : {}) },
    spec: {
      selector: s.selector,
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: p.targetPort, protocol: 'TCP', ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })),
      type: 'ClusterIP',
      clusterIP: s.headless ? 'None' : '10.96.0.10',
      clusterIPs: [s.headless ? 'None' : '10.96.0.10'],
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
  const selected = pods.filter((p) => p.namespace === s.namespace && Object.entries(s.selector).every(([k, v]) => p.labels[k] === v));
  // The EndpointSlice controller resolves each port per pod (a named targetPort may differ per pod);
  // one slice per distinct resolution, as it does.
  const groups = new Map<string, { ports: J[]; pods: BuiltPod[] }>();
  type Group = { ports: J[]; pods: BuiltPod[] };
  for (const p of selected) {
    const ports = s.ports.map((sp) => ({ ...(sp.name ? { name: sp.name } : { name: '' }), port: typeof sp.targetPort === 'number' ? sp.targetPort : (p.portNames[sp.targetPort] ?? 0), protocol: 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) }));
    const key = JSON.stringify(ports);
    const g: Group = groups.get(key) ?? { ports, pods: [] };
    g.pods.push(p);
    groups.set(key, g);
  }
  const slices = [...groups.values()].map((g, i) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    addressType: 'IPv4',
    metadata: {
      name: `${s.name}-${hash(`${s.name}${i}`, 5)}`,
      namespace: s.namespace,
      generateName: `${s.name}-`,
      uid: uid(`${s.name}-slice`),
      creationTimestamp: TS,
      labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': s.name },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: s.name, uid: 'x', controller: true, blockOwnerDeletion: true }],
    },
    ports: g.ports,
    endpoints: g.pods.map((p) => ({ addresses: [p.ip], conditions: { ready: p.ready, serving: p.ready, terminating: false }, nodeName: 'node-0', targetRef: { kind: 'Pod', name: p.name, namespace: p.namespace, uid: 'x' } })),
  }));
  return [svc, ...slices];
}

export function list(items: readonly unknown[]): string {
  return JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4) + '\n';
}
