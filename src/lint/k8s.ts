/**
 * The Kubernetes object model the rules read: pod templates (every workload kind), containers
 * (regular, init, native sidecars), ports, Services, Namespaces, Linkerd Servers and EgressNetworks.
 * Each field keeps its yaml node so findings point at the exact entry. Pure.
 */
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { K8sObject } from './parse.js';
import type { ObjectRef } from './types.js';
import { asSeqItems, deref, get, getIn, num, pairOf, str, stringEntries, stringMap, type YNode } from './yaml-nodes.js';

/** Where each workload kind keeps its pod template, from the object root (docs/linkerd-model.md). */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Rollout: ['spec', 'template'],
  PodTemplate: ['template'],
  DeploymentConfig: ['spec', 'template'],
};

/** Containers a mesh adds itself; their ports are not the application's. */
export const MESH_CONTAINERS: ReadonlySet<string> = new Set(['linkerd-proxy', 'linkerd-init', 'linkerd-network-validator', 'istio-proxy', 'istio-init']);

export interface Annotation {
  readonly key: string;
  readonly value: string;
  readonly pair: Pair<unknown, unknown>;
  /** Path from the document root to the value (for --fix). */
  readonly path: readonly (string | number)[];
  /** The value is a YAML number, boolean, mapping or sequence, which Kubernetes rejects in annotations (strings only). */
  readonly notString: boolean;
}

export interface ContainerPort {
  readonly containerPort: number | null;
  readonly name: string | null;
  readonly protocol: string;
  readonly node: Node;
}

export interface Container {
  readonly name: string;
  readonly image: string | null;
  readonly role: 'container' | 'init' | 'sidecar';
  readonly ports: readonly ContainerPort[];
  /** `command` and `args` joined by newlines (a `bash -c` script is one of them), for command-line evidence. */
  readonly script: string;
}

export interface Workload {
  readonly obj: K8sObject;
  /** Path from the document root to the pod template map (metadata + spec). */
  readonly templatePath: readonly (string | number)[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: ReadonlyMap<string, Annotation>;
  /** Containers and native sidecars that serve traffic (regular init containers and mesh containers excluded). */
  readonly servingContainers: readonly Container[];
  readonly allContainers: readonly Container[];
  readonly hostNetwork: boolean;
  /** Argo Rollouts whose `spec.workloadRef` names this object: their pods run this template. */
  readonly rollouts: readonly K8sObject[];
}

export interface ServicePort {
  readonly name: string | null;
  readonly port: number | null;
  /** Number, name, or null when unset (defaults to `port`). */
  readonly targetPort: number | string | null;
  readonly protocol: string;
  readonly appProtocol: string | null;
  readonly node: Node;
  readonly appProtocolPair: Pair<unknown, unknown> | undefined;
}

export interface Service {
  readonly obj: K8sObject;
  readonly annotations: ReadonlyMap<string, Annotation>;
  /** null = no selector (endpoints managed elsewhere). */
  readonly selector: Readonly<Record<string, string>> | null;
  readonly headless: boolean;
  readonly type: string;
  readonly ports: readonly ServicePort[];
}

export interface Namespace {
  readonly obj: K8sObject;
  readonly annotations: ReadonlyMap<string, Annotation>;
}

export interface Server {
  readonly obj: K8sObject;
  readonly matchLabels: Readonly<Record<string, string>> | null;
  /** Number or container port name. */
  readonly port: number | string | null;
  readonly portNode: YNode;
  readonly proxyProtocol: string | null;
  readonly proxyProtocolPair: Pair<unknown, unknown> | undefined;
}

export interface EgressNetwork {
  readonly obj: K8sObject;
  readonly annotations: ReadonlyMap<string, Annotation>;
}

export interface Model {
  readonly objects: readonly K8sObject[];
  /** Objects whose ownerReferences name another object of the input (a ReplicaSet of a Deployment, its Pods). */
  readonly owned: ReadonlySet<K8sObject>;
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
  readonly namespaces: readonly Namespace[];
  readonly servers: readonly Server[];
  readonly egressNetworks: readonly EgressNetwork[];
  /** Things the user should know that are not findings (a Rollout's workloadRef not in the input). */
  readonly notes: readonly string[];
}

/** The kinds an Argo Rollout's `spec.workloadRef` may name (argo-rollouts workload-ref docs). */
export const WORKLOAD_REF_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'PodTemplate'];

interface WorkloadRef {
  readonly rollout: K8sObject;
  readonly kind: string;
  readonly name: string;
}

/** A Rollout without its own template that points at another object's (`spec.workloadRef`). */
function workloadRefOf(obj: K8sObject): WorkloadRef | undefined {
  if (obj.kind !== 'Rollout' || !(obj.apiVersion ?? '').startsWith('argoproj.io/')) return undefined;
  if (isMap(getIn(obj.node, ['spec', 'template']))) return undefined;
  const ref = getIn(obj.node, ['spec', 'workloadRef']);
  if (!isMap(ref)) return undefined;
  return { rollout: obj, kind: str(get(ref, 'kind')) ?? '', name: str(get(ref, 'name')) ?? '' };
}

function describeObj(o: K8sObject): string {
  return `${o.kind ?? '?'}/${o.namespace ? o.namespace + '/' : ''}${o.name ?? ''}`;
}

export function refOf(obj: K8sObject): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.namespace, name: obj.name };
}

export function annotationsAt(obj: K8sObject, metadataPath: readonly (string | number)[]): Map<string, Annotation> {
  const out = new Map<string, Annotation>();
  const meta = getIn(obj.node, metadataPath.map(String));
  for (const e of stringEntries(get(meta, 'annotations'))) {
    const v = deref(e.pair.value);
    const notString = isScalar(v) ? typeof v.value === 'number' || typeof v.value === 'boolean' : v !== null && v !== undefined;
    out.set(e.key, { key: e.key, value: e.value, pair: e.pair, path: [...obj.path, ...metadataPath, 'annotations', e.key], notString });
  }
  return out;
}

function containersOf(spec: YNode): Container[] {
  const read = (node: YNode, role: 'container' | 'init'): Container[] =>
    asSeqItems(node)
      .filter(isMap)
      .map((c): Container => {
        const restart = str(get(c, 'restartPolicy'));
        return {
          name: str(get(c, 'name')) ?? '',
          image: str(get(c, 'image')) ?? null,
          role: role === 'init' && restart === 'Always' ? 'sidecar' : role,
          script: [...asSeqItems(get(c, 'command')), ...asSeqItems(get(c, 'args'))].map((n) => str(n) ?? '').join('\n'),
          ports: asSeqItems(get(c, 'ports'))
            .filter(isMap)
            .map((p) => ({
              containerPort: num(get(p, 'containerPort')) ?? null,
              name: str(get(p, 'name')) ?? null,
              protocol: (str(get(p, 'protocol')) ?? 'TCP').toUpperCase(),
              node: p as Node,
            })),
        };
      });
  return [...read(get(spec, 'containers'), 'container'), ...read(get(spec, 'initContainers'), 'init')];
}

function workloadOf(obj: K8sObject): Workload | undefined {
  if (obj.kind === null) return undefined;
  const path = POD_TEMPLATE_PATHS[obj.kind];
  if (path === undefined) return undefined;
  const template = path.length === 0 ? obj.node : getIn(obj.node, path);
  if (!isMap(template)) return undefined; // e.g. an Argo Rollout with workloadRef
  const spec = get(template, 'spec');
  if (!isMap(spec)) return undefined;
  const all = containersOf(spec);
  return {
    obj,
    templatePath: [...obj.path, ...path],
    labels: stringMap(getIn(template, ['metadata', 'labels'])),
    annotations: annotationsAt(obj, [...path, 'metadata']),
    allContainers: all,
    servingContainers: all.filter((c) => c.role !== 'init' && !MESH_CONTAINERS.has(c.name)),
    hostNetwork: str(get(spec, 'hostNetwork')) === 'true',
    rollouts: [],
  };
}

function serviceOf(obj: K8sObject): Service {
  const spec = get(obj.node, 'spec');
  const sel = get(spec, 'selector');
  const ports = asSeqItems(get(spec, 'ports'))
    .filter(isMap)
    .map((p): ServicePort => {
      const tp = get(p, 'targetPort');
      return {
        name: str(get(p, 'name')) ?? null,
        port: num(get(p, 'port')) ?? null,
        targetPort: num(tp) ?? str(tp) ?? null,
        protocol: (str(get(p, 'protocol')) ?? 'TCP').toUpperCase(),
        appProtocol: str(get(p, 'appProtocol')) ?? null,
        node: p as Node,
        appProtocolPair: pairOf(p, 'appProtocol'),
      };
    });
  return {
    obj,
    annotations: annotationsAt(obj, ['metadata']),
    selector: isMap(sel) ? stringMap(sel) : null,
    headless: str(get(spec, 'clusterIP')) === 'None',
    type: str(get(spec, 'type')) ?? 'ClusterIP',
    ports,
  };
}

function serverOf(obj: K8sObject): Server {
  const spec = get(obj.node, 'spec');
  const portNode = get(spec, 'port');
  const ml = getIn(spec, ['podSelector', 'matchLabels']);
  return {
    obj,
    matchLabels: isMap(ml) ? stringMap(ml) : isMap(get(spec, 'podSelector')) ? {} : null,
    port: num(portNode) ?? str(portNode) ?? null,
    portNode,
    proxyProtocol: str(get(spec, 'proxyProtocol')) ?? null,
    proxyProtocolPair: pairOf(spec, 'proxyProtocol'),
  };
}

export function buildModel(objects: readonly K8sObject[]): Model {
  const workloads: Workload[] = [];
  const services: Service[] = [];
  const namespaces: Namespace[] = [];
  const servers: Server[] = [];
  const egressNetworks: EgressNetwork[] = [];
  const refs: WorkloadRef[] = [];
  for (const obj of objects) {
    const group = (obj.apiVersion ?? '').split('/')[0] ?? '';
    if (obj.kind === 'Service' && (obj.apiVersion === 'v1' || obj.apiVersion === null)) services.push(serviceOf(obj));
    else if (obj.kind === 'Namespace') namespaces.push({ obj, annotations: annotationsAt(obj, ['metadata']) });
    else if (obj.kind === 'Server' && group === 'policy.linkerd.io') servers.push(serverOf(obj));
    else if (obj.kind === 'EgressNetwork' && group === 'policy.linkerd.io') egressNetworks.push({ obj, annotations: annotationsAt(obj, ['metadata']) });
    else {
      const w = workloadOf(obj);
      if (w) workloads.push(w);
      else {
        const ref = workloadRefOf(obj);
        if (ref) refs.push(ref);
      }
    }
  }
  // A Rollout with workloadRef runs the referenced template: that template is linted once, as the
  // referenced object's (where the fix goes), and the Rollout is named on it.
  const notes: string[] = [];
  const byTemplate = new Map<K8sObject, K8sObject[]>();
  for (const r of refs) {
    const target = workloads.find((w) => w.obj.kind === r.kind && w.obj.name === r.name && sameNamespace(w.obj, r.rollout));
    if (!WORKLOAD_REF_KINDS.includes(r.kind)) notes.push(`${describeObj(r.rollout)} has a workloadRef to kind "${r.kind}", which Argo Rollouts does not support (${WORKLOAD_REF_KINDS.join(', ')}); its pods are not linted`);
    else if (target === undefined) notes.push(`${describeObj(r.rollout)} takes its pod template from ${r.kind}/${r.rollout.namespace ? r.rollout.namespace + '/' : ''}${r.name} (workloadRef), which is not in the input; add it to lint the Rollout's pods`);
    else byTemplate.set(target.obj, [...(byTemplate.get(target.obj) ?? []), r.rollout]);
  }
  const resolved = workloads.map((w) => (byTemplate.has(w.obj) ? { ...w, rollouts: byTemplate.get(w.obj) ?? [] } : w));
  const owned = ownedObjects(objects);
  return { objects, owned, workloads: resolved.filter((w) => !owned.has(w.obj)), services, namespaces, servers, egressNetworks, notes };
}

/** `kubectl get all -o yaml` lists a Deployment, its ReplicaSets and their Pods: only the owner is linted. */
function ownedObjects(objects: readonly K8sObject[]): Set<K8sObject> {
  const present = new Set(objects.map((o) => `${o.namespace ?? ''}/${o.kind ?? ''}/${o.name ?? ''}`));
  const out = new Set<K8sObject>();
  for (const o of objects) {
    for (const ref of asSeqItems(getIn(o.node, ['metadata', 'ownerReferences']))) {
      const key = `${o.namespace ?? ''}/${str(get(ref, 'kind')) ?? ''}/${str(get(ref, 'name')) ?? ''}`;
      if (present.has(key)) out.add(o);
    }
  }
  return out;
}

/** Equality-map selector match (Services, and Server matchLabels). An empty selector matches nothing for Services. */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

export function sameNamespace(a: K8sObject, b: K8sObject): boolean {
  return (a.namespace ?? '') === (b.namespace ?? '');
}

export type { YAMLMap };
