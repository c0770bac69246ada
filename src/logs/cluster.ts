/**
 * `--cluster FILE`: a `kubectl get pods,services,endpointslices -A -o json` dump, indexed so an
 * address from a log line becomes a Service (ClusterIP) or a pod, and a pod becomes the workload and
 * the Services in front of it. Only the fields protocheck reads are kept. Pure (the caller reads the file).
 */
import { InputError } from '../errors.js';

export interface ClusterPort {
  readonly port: number;
  readonly name: string | null;
  readonly appProtocol: string | null;
  /** Service ports only: the targetPort (number or container port name). */
  readonly targetPort: number | string | null;
}

export interface ClusterPod {
  readonly namespace: string;
  readonly name: string;
  readonly ips: readonly string[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly containerPorts: readonly ClusterPort[];
  readonly images: readonly string[];
  /** A linkerd-proxy container is in the spec (the pod is meshed). */
  readonly meshed: boolean;
  /** The owning workload (`Deployment/web` from a ReplicaSet with a pod-template-hash), if any. */
  readonly workload: { readonly kind: string; readonly name: string } | null;
}

export interface ClusterService {
  readonly namespace: string;
  readonly name: string;
  readonly ips: readonly string[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly ports: readonly ClusterPort[];
}

export interface ClusterIndex {
  readonly pods: readonly ClusterPod[];
  readonly services: readonly ClusterService[];
  podByIp(ip: string): ClusterPod | undefined;
  serviceByIp(ip: string): ClusterService | undefined;
  /** A pod by name; undefined when no pod or several namespaces have that name. */
  podByName(name: string): ClusterPod | undefined;
  /** The Services whose EndpointSlices list the pod. */
  servicesOf(pod: ClusterPod): ClusterService[];
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

function port(v: unknown, key: string): ClusterPort | null {
  const o = obj(v);
  const n = o[key];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) return null;
  const t = o['targetPort'];
  return {
    port: n,
    name: str(o['name']),
    appProtocol: str(o['appProtocol']),
    targetPort: typeof t === 'number' || typeof t === 'string' ? t : null,
  };
}

function workloadOf(meta: Obj): ClusterPod['workload'] {
  const owner = obj(arr(meta['ownerReferences'])[0]);
  const kind = str(owner['kind']);
  const name = str(owner['name']);
  if (kind === null || name === null) return null;
  if (kind === 'ReplicaSet') {
    const hash = strings(meta['labels'])['pod-template-hash'];
    if (hash !== undefined && name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: name.slice(0, -hash.length - 1) };
  }
  return { kind, name };
}

/** Parses the dump; throws InputError when it is not a Kubernetes List (or a single object). */
export function parseClusterDump(text: string, shown: string): ClusterIndex {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    throw new InputError(`--cluster: ${shown} is not JSON`, { hint: 'kubectl get pods,services,endpointslices -A -o json > cluster.json' });
  }
  const r = obj(root);
  const items = Array.isArray(r['items']) ? r['items'] : typeof r['kind'] === 'string' ? [r] : null;
  if (items === null) throw new InputError(`--cluster: ${shown} is not a Kubernetes object list`, { hint: 'kubectl get pods,services,endpointslices -A -o json > cluster.json' });
  const pods: ClusterPod[] = [];
  const services: ClusterService[] = [];
  const slices: Array<{ namespace: string; service: string; ips: string[]; pods: string[] }> = [];
  for (const item of items) {
    const o = obj(item);
    const meta = obj(o['metadata']);
    const namespace = str(meta['namespace']) ?? 'default';
    const name = str(meta['name']);
    if (name === null) continue;
    const kind = o['kind'];
    if (kind === 'Pod') {
      const spec = obj(o['spec']);
      const status = obj(o['status']);
      const containers = [...arr(spec['containers']), ...arr(spec['initContainers'])].map(obj);
      const ips = arr(status['podIPs']).map((x) => str(obj(x)['ip'])).filter((x): x is string => x !== null);
      const podIP = str(status['podIP']);
      if (podIP !== null && !ips.includes(podIP)) ips.unshift(podIP);
      pods.push({
        namespace, name, ips, annotations: strings(meta['annotations']),
        containerPorts: arr(spec['containers']).flatMap((c) => arr(obj(c)['ports']).map((p) => port(p, 'containerPort')).filter((p): p is ClusterPort => p !== null)),
        images: containers.map((c) => str(c['image'])).filter((x): x is string => x !== null),
        meshed: containers.some((c) => c['name'] === 'linkerd-proxy'),
        workload: workloadOf(meta),
      });
    } else if (kind === 'Service') {
      const spec = obj(o['spec']);
      const ips = arr(spec['clusterIPs']).map(str).filter((x): x is string => x !== null && x !== 'None');
      const ip = str(spec['clusterIP']);
      if (ip !== null && ip !== 'None' && !ips.includes(ip)) ips.unshift(ip);
      services.push({ namespace, name, ips, annotations: strings(meta['annotations']), ports: arr(spec['ports']).map((p) => port(p, 'port')).filter((p): p is ClusterPort => p !== null) });
    } else if (kind === 'EndpointSlice') {
      const service = strings(meta['labels'])['kubernetes.io/service-name'];
      if (service === undefined) continue;
      const eps = arr(o['endpoints']).map(obj);
      slices.push({
        namespace, service,
        ips: eps.flatMap((e) => arr(e['addresses']).map(str).filter((x): x is string => x !== null)),
        pods: eps.map((e) => obj(e['targetRef'])).filter((t) => t['kind'] === 'Pod').map((t) => str(t['name'])).filter((x): x is string => x !== null),
      });
    }
  }
  const podIps = new Map<string, ClusterPod>();
  for (const p of pods) for (const ip of p.ips) podIps.set(ip, p);
  const svcIps = new Map<string, ClusterService>();
  for (const s of services) for (const ip of s.ips) svcIps.set(ip, s);
  const byName = new Map<string, ClusterPod[]>();
  for (const p of pods) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  return {
    pods,
    services,
    podByIp: (ip) => podIps.get(ip),
    serviceByIp: (ip) => svcIps.get(ip),
    podByName: (name) => {
      const found = byName.get(name) ?? [];
      return found.length === 1 ? found[0] : undefined;
    },
    servicesOf: (pod) => {
      const names = new Set(
        slices.filter((s) => s.namespace === pod.namespace && (s.pods.includes(pod.name) || s.ips.some((ip) => pod.ips.includes(ip)))).map((s) => s.service),
      );
      return services.filter((s) => s.namespace === pod.namespace && names.has(s.name));
    },
  };
}
