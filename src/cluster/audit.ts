/**
 * The static audit of a cluster dump: for every TCP port of every Service, the endpoints behind it
 * (EndpointSlice ports matched to Service ports by name, endpoints to pods by targetRef; without any
 * EndpointSlice, the Service selector), whether those pods are meshed, the Linkerd version each runs,
 * the protocol the objects reveal (knowledge base: appProtocol, port names, image, number), the
 * model's input per kind of pod, and the lint findings on the objects. Never matches by IP address.
 * Pure: the dump is already read into an Inventory.
 */
import { ANNOTATIONS } from '../linkerd/annotations.js';
import { parseLinkerdVersion, type LinkerdVersion } from '../linkerd/version.js';
import type { PortConfig } from '../linkerd/model.js';
import { protocolForImage, protocolForPortName, protocolsForPort } from '../protocols/index.js';
import { lintNamespaces } from './lint-adapter.js';
import type { Inventory, PodFact, PodTemplateFact, ServiceFact, ServicePortFact, SliceFact } from './inventory.js';
import type { EndpointBasis, FindingJson, Meshed, PortBasis, VariantBasis } from './types.js';

export interface AuditOptions {
  /** `--linkerd` when given: every pod is modelled with it. */
  readonly linkerd: LinkerdVersion | null;
  /** For pods whose version nothing says (unmeshed pods, unreadable tags): --linkerd or latest. */
  readonly fallback: LinkerdVersion;
}

export interface StaticAudit {
  readonly bases: PortBasis[];
  /** Lint findings on objects behind no Service port (a Namespace, a Server, a workload no Service selects). */
  readonly other: FindingJson[];
  readonly notes: string[];
}

const A_OPAQUE = ANNOTATIONS.opaquePorts;
const A_SKIP_IN = ANNOTATIONS.skipInboundPorts;

function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

export function auditStatic(inv: Inventory, o: AuditOptions): StaticAudit {
  inv.finish();
  const notes: string[] = [];
  // Versions: parsed once per distinct text; a tag that names no release is reported, not guessed.
  const parsed = new Map<string, LinkerdVersion | null>();
  const versionOf = (t: PodTemplateFact): LinkerdVersion | null => {
    if (o.linkerd !== null) return o.linkerd;
    const text = t.proxyVersion;
    if (!t.meshed || text === null) return null;
    if (!parsed.has(text)) {
      let v: LinkerdVersion | null = null;
      try {
        v = parseLinkerdVersion(text);
      } catch {
        notes.push(`proxy version "${text}" names no Linkerd release protocheck knows: those pods are modelled as ${o.fallback.input} (give --linkerd to choose)`);
      }
      parsed.set(text, v);
    }
    return parsed.get(text) ?? null;
  };

  // Per namespace: the most common version among its meshed pods, whether any pod is meshed, CNI.
  const nsStats = new Map<string, { versions: Map<string, { v: LinkerdVersion; n: number }>; meshed: boolean; cni: boolean }>();
  const all = new Map<string, { v: LinkerdVersion; n: number }>();
  const podsByNs = new Map<string, PodFact[]>();
  for (const p of inv.pods.values()) {
    let st = nsStats.get(p.namespace);
    if (!st) nsStats.set(p.namespace, (st = { versions: new Map(), meshed: false, cni: false }));
    const list = podsByNs.get(p.namespace);
    if (list) list.push(p);
    else podsByNs.set(p.namespace, [p]);
    if (!p.template.meshed) continue;
    st.meshed = true;
    st.cni ||= p.template.cni;
    const v = versionOf(p.template);
    if (v === null) continue;
    for (const m of [st.versions, all]) {
      const cur = m.get(v.input);
      if (cur) cur.n++;
      else m.set(v.input, { v, n: 1 });
    }
  }
  const commonest = (m: Map<string, { v: LinkerdVersion; n: number }> | undefined): LinkerdVersion | undefined =>
    m === undefined ? undefined : [...m.values()].sort((a, b) => b.n - a.n || a.v.input.localeCompare(b.v.input))[0]?.v;
  const clusterVersion = o.linkerd ?? commonest(all) ?? o.fallback;
  const lint = lintNamespaces(inv, (ns) => {
    const st = nsStats.get(ns);
    return { version: o.linkerd ?? commonest(st?.versions) ?? clusterVersion, assumeMeshed: st?.meshed ?? false, cni: st?.cni ?? false };
  });

  const slicesOf = new Map<string, SliceFact[]>();
  for (const s of inv.slices) {
    const key = `${s.namespace}/${s.service}`;
    const list = slicesOf.get(key);
    if (list) list.push(s);
    else slicesOf.set(key, [s]);
  }

  const attached = new Set<FindingJson>();
  const bases: PortBasis[] = [];
  const services = [...inv.services].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  for (const svc of services) {
    const slices = slicesOf.get(`${svc.namespace}/${svc.name}`);
    const nsFindings = lint.get(svc.namespace) ?? [];
    for (const sp of svc.ports) {
      if (sp.protocol !== 'TCP') continue; // the proxy handles TCP only
      const endpoints = slices !== undefined ? endpointsFromSlices(slices, sp) : endpointsFromSelector(svc, sp, podsByNs.get(svc.namespace) ?? []);
      const pods = uniquePods(endpoints, inv);
      const readyPods = uniquePods(endpoints.filter((e) => e.ready), inv);
      const meshed: Meshed = readyPods.length === 0 ? false : readyPods.every((p) => p.template.meshed) ? true : readyPods.some((p) => p.template.meshed) ? 'mixed' : false;
      const podPort = typeof sp.targetPort === 'number' ? sp.targetPort : (endpoints[0]?.port ?? resolveNamed(sp.targetPort, pods[0]));
      const protocol = podPort === null ? null : staticProtocol(sp, podPort, pods[0]);
      const variants: VariantBasis[] = [];
      const seen = new Set<string>();
      for (const p of pods.length > 0 ? pods : [null]) {
        const v = p === null ? null : versionOf(p.template);
        const variant: VariantBasis = {
          version: (v ?? clusterVersion).input,
          // A port with no ready endpoint counts as not meshed.
          server: meshed !== false && p?.template.meshed === true ? 'meshed' : 'unmeshed',
          config: portConfig(inv, svc, sp, podPort, p),
          workload: p === null ? null : (({ kind, name }) => ({ kind, name }))(inv.topOwner(p)),
        };
        const key = JSON.stringify(variant);
        if (seen.has(key)) continue;
        seen.add(key);
        variants.push(variant);
      }
      const owners = new Set(pods.map((p) => { const t = inv.topOwner(p); return `${t.kind}/${t.name}`; }));
      const findings = nsFindings.filter((f) => {
        const ob = f.object;
        if (ob === null) return false;
        let hit = false;
        if (ob.kind === 'Service' && ob.name === svc.name) hit = f.port === null || f.port === sp.port || f.port === sp.name || f.port === podPort;
        else if (owners.has(`${ob.kind}/${ob.name}`) || (ob.kind === 'Pod' && pods.some((p) => p.name === ob.name))) hit = f.port === null || f.port === podPort || (typeof sp.targetPort === 'string' && f.port === sp.targetPort);
        if (hit) attached.add(f);
        return hit;
      });
      bases.push({ namespace: svc.namespace, name: svc.name, port: sp.port, targetPort: sp.targetPort, podPort, headless: svc.headless, protocol, meshed, endpoints, variants, findings });
    }
  }
  const other = [...lint.values()].flat().filter((f) => !attached.has(f));
  return { bases, other, notes };
}

function endpointsFromSlices(slices: readonly SliceFact[], sp: ServicePortFact): EndpointBasis[] {
  const out: EndpointBasis[] = [];
  const seen = new Set<string>();
  for (const s of slices) {
    // EndpointSlice ports carry the Service port's name (and the resolved target port number).
    const port = s.ports.find((p) => p.name === sp.name && p.protocol === sp.protocol);
    if (port === undefined) continue;
    for (const e of s.endpoints) {
      const key = `${e.address}|${port.port}|${e.pod ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ address: e.address, port: port.port, ready: e.ready, pod: e.pod });
    }
  }
  return out.sort((a, b) => a.address.localeCompare(b.address) || a.port - b.port || (a.pod ?? '').localeCompare(b.pod ?? ''));
}

/** No EndpointSlice in the dump (not readable, or none yet): the pods the selector picks, at their own IP. */
function endpointsFromSelector(svc: ServiceFact, sp: ServicePortFact, nsPods: readonly PodFact[]): EndpointBasis[] {
  if (svc.selector === null) return [];
  const sel = svc.selector;
  const out: EndpointBasis[] = [];
  for (const p of nsPods) {
    if (!selects(sel, p.labels)) continue;
    const port = typeof sp.targetPort === 'number' ? sp.targetPort : resolveNamed(sp.targetPort, p);
    const address = p.ips[0];
    if (port === null || address === undefined) continue;
    out.push({ address, port, ready: p.ready, pod: `${p.namespace}/${p.name}` });
  }
  return out.sort((a, b) => a.address.localeCompare(b.address) || a.port - b.port || (a.pod ?? '').localeCompare(b.pod ?? ''));
}

function uniquePods(endpoints: readonly EndpointBasis[], inv: Inventory): PodFact[] {
  const out = new Map<string, PodFact>();
  for (const e of endpoints) {
    if (e.pod === null || out.has(e.pod)) continue;
    const p = inv.pods.get(e.pod);
    if (p) out.set(e.pod, p);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function resolveNamed(name: string, pod: PodFact | undefined): number | null {
  if (!pod) return null;
  for (const c of pod.template.containers) for (const p of c.ports) if (p.name === name && p.protocol === 'TCP') return p.containerPort;
  return null;
}

/** Strongest evidence first, as the lint rules read it: appProtocol, port names, the serving image, the port number. */
export function staticProtocol(sp: ServicePortFact, podPort: number, pod: PodFact | undefined): string | null {
  const named = (text: string | null | undefined): string | null => {
    if (text === null || text === undefined) return null;
    const p = protocolForPortName(text);
    return p && p.id !== 'unknown' ? p.id : null;
  };
  const container = pod?.template.containers.find((c) => c.ports.some((p) => p.containerPort === podPort)) ?? (pod?.template.containers.length === 1 ? pod.template.containers[0] : undefined);
  const declared = container?.ports.find((p) => p.containerPort === podPort);
  let image: string | null = null;
  if (container?.image) {
    const p = protocolForImage(container.image);
    if (p && p.id !== 'unknown' && (p.ports.includes(podPort) || p.tlsPorts.includes(podPort) || container.ports.length <= 1)) image = p.id;
  }
  const byNumber = protocolsForPort(podPort)[0];
  return named(sp.appProtocol) ?? named(declared?.name) ?? named(sp.name) ?? image ?? (byNumber && byNumber.id !== 'unknown' ? byNumber.id : null);
}

/** The raw annotation values of one pod port as the pod really has them (the injector's included). */
function portConfig(inv: Inventory, svc: ServiceFact, sp: ServicePortFact, podPort: number | null, pod: PodFact | null): PortConfig {
  const ns = inv.namespaces.get(svc.namespace);
  const t = pod?.template;
  const names: Record<string, number> = {};
  const declared: number[] = [];
  for (const c of t?.containers ?? []) {
    for (const p of c.ports) {
      if (p.name !== null && names[p.name] === undefined) names[p.name] = p.containerPort;
      if (p.protocol === 'TCP' && !declared.includes(p.containerPort)) declared.push(p.containerPort);
    }
  }
  const server = pod === null || podPort === null ? undefined : inv.serverFacts
    .filter((s) => s.namespace === pod.namespace && s.matchLabels !== null && (Object.keys(s.matchLabels).length === 0 || selects(s.matchLabels, pod.labels)))
    .filter((s) => s.port === podPort || (typeof s.port === 'string' && names[s.port] === podPort))
    .sort((a, b) => a.name.localeCompare(b.name))[0];
  const servicePortNames: Record<string, number> = {};
  for (const p of svc.ports) if (p.name !== null) servicePortNames[p.name] = p.port;
  const cfg: Record<string, unknown> = {
    podOpaquePorts: t?.annotations[A_OPAQUE],
    namespaceOpaquePorts: ns?.annotations[A_OPAQUE],
    serviceOpaquePorts: svc.annotations[A_OPAQUE],
    podSkipInboundPorts: t?.annotations[A_SKIP_IN],
    namespaceSkipInboundPorts: ns?.annotations[A_SKIP_IN],
    appProtocol: sp.appProtocol ?? undefined,
    serverProxyProtocol: server ? (server.proxyProtocol ?? 'unknown') : undefined,
    serverName: server?.name,
    serviceTargetPort: sp.targetPort,
    containerPortNames: t ? names : undefined,
    containerPorts: t ? declared.sort((a, b) => a - b) : undefined,
    servicePortNames,
    servicePorts: svc.ports.map((p) => ({ port: p.port, targetPort: p.targetPort })),
    podDeclaresPort: t && podPort !== null ? declared.includes(podPort) : undefined,
    cni: t?.cni ?? false,
  };
  for (const k of Object.keys(cfg)) if (cfg[k] === undefined) delete cfg[k];
  return cfg as PortConfig;
}
