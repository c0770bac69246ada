/**
 * What the istio-* rules share (docs/istio.md): each Service port and ServiceEntry port with the
 * protocol Istio gives it, and the evidence of what the backend serves. Not a rule (not in the registry).
 */
import { getProtocol, protocolForPortName, protocolsForPort, clientWaitsOnPort, type ProtocolEntry } from '../../protocols/index.js';
import { servicePortProtocol, serviceEntryPortProtocol, type IstioVersion, type Resolution } from '../../istio/index.js';
import type { LintContext, PodPort, PortProtocol } from '../context.js';
import type { Service, ServicePort, Workload } from '../k8s.js';
import type { K8sObject } from '../parse.js';
import type { Evidence } from '../types.js';
import { asSeqItems, getIn, num, pairOf, str, type YNode } from '../yaml-nodes.js';

export interface Backend {
  readonly workload: Workload | null;
  readonly pp: PodPort | null;
  readonly protocol: ProtocolEntry;
  readonly evidence: readonly Evidence[];
  readonly clientWaits: boolean;
}

export interface IstioServicePort {
  readonly service: Service;
  readonly sp: ServicePort;
  readonly port: number;
  readonly resolution: Resolution;
}

/** The Service ports (TCP, with a port number) and what Istio makes of each. */
export function istioServicePorts(ctx: LintContext, v: IstioVersion): IstioServicePort[] {
  const out: IstioServicePort[] = [];
  for (const s of ctx.model.services) {
    if (s.type === 'ExternalName') continue;
    for (const sp of s.ports) {
      if (sp.port === null || sp.protocol !== 'TCP') continue;
      const resolution = servicePortProtocol(v, { port: sp.port, ...(sp.name === null ? {} : { name: sp.name }), protocol: sp.protocol, ...(sp.appProtocol === null ? {} : { appProtocol: sp.appProtocol }) });
      out.push({ service: s, sp, port: sp.port, resolution });
    }
  }
  return out;
}

function waitsOn(p: ProtocolEntry, port: number): boolean {
  return clientWaitsOnPort(getProtocol(p.id) ?? p, port);
}

/**
 * What the workloads behind a Service port serve. `ownNames`: whether the Service port's own name and
 * appProtocol count as evidence (not when the rule is about them contradicting the backend).
 */
export function backendsOf(ctx: LintContext, x: IstioServicePort, ownNames: boolean): Backend[] {
  const out: Backend[] = [];
  for (const w of ctx.workloadsOf(x.service)) {
    const target = ctx.resolveTarget(x.sp, w);
    const pp0 = ctx.podPorts(w).find((p) => p.port === target);
    if (!pp0) continue;
    const pp: PodPort = ownNames ? pp0 : { ...pp0, serviceRefs: pp0.serviceRefs.map((r) => (r.port === x.sp ? { ...r, port: { ...r.port, name: null, appProtocol: null } } : r)) };
    const proto: PortProtocol | undefined = ctx.protocolOf(pp);
    if (!proto) continue;
    out.push({ workload: w, pp, protocol: proto.protocol, evidence: proto.evidence, clientWaits: ctx.isServerFirst(pp, proto) });
  }
  if (out.length > 0 || ctx.workloadsOf(x.service).length > 0) return out;
  // No workload in the input: the Service port itself (appProtocol, name, numeric targetPort, port).
  const cands: Array<{ e: Evidence; p: ProtocolEntry | undefined }> = [];
  if (ownNames && x.sp.appProtocol !== null) cands.push({ e: { source: 'app-protocol', value: x.sp.appProtocol, protocol: '' }, p: protocolForPortName(x.sp.appProtocol) });
  if (ownNames && x.sp.name !== null) cands.push({ e: { source: 'port-name', value: x.sp.name, protocol: '' }, p: protocolForPortName(x.sp.name) });
  const target = typeof x.sp.targetPort === 'number' ? x.sp.targetPort : x.port;
  cands.push({ e: { source: 'port-number', value: String(target), protocol: '' }, p: protocolsForPort(target)[0] });
  const first = cands.find((c) => c.p !== undefined && c.p.id !== 'unknown');
  if (!first?.p) return [];
  return [{ workload: null, pp: null, protocol: first.p, evidence: [{ ...first.e, protocol: first.p.id }], clientWaits: waitsOn(first.p, target) }];
}

export function evidenceText(evidence: readonly Evidence[]): string {
  return evidence.map((e) => `${e.source} ${e.value}`).join(', ');
}

export interface ServiceEntryPort {
  readonly obj: K8sObject;
  readonly node: YNode;
  readonly number: number;
  readonly name: string | null;
  readonly protocol: string | undefined;
  readonly resolution: Resolution;
  /** The protocol key/value pair when set (for positions). */
  readonly protocolPair: unknown;
}

/** The ports of every networking.istio.io ServiceEntry in the input. */
export function serviceEntryPorts(ctx: LintContext, v: IstioVersion): ServiceEntryPort[] {
  const out: ServiceEntryPort[] = [];
  for (const obj of ctx.model.objects) {
    if (obj.kind !== 'ServiceEntry' || !(obj.apiVersion ?? '').startsWith('networking.istio.io/')) continue;
    for (const item of asSeqItems(getIn(obj.node, ['spec', 'ports']))) {
      const number = num(getIn(item, ['number']));
      if (number === undefined) continue;
      const protocol = str(getIn(item, ['protocol']));
      out.push({ obj, node: item, number, name: str(getIn(item, ['name'])) ?? null, protocol, resolution: serviceEntryPortProtocol(v, protocol), protocolPair: pairOf(item, 'protocol') });
    }
  }
  return out;
}

/** Evidence of a ServiceEntry port's protocol: its name, then its number. */
export function serviceEntryBackend(p: ServiceEntryPort): Backend | null {
  const byName = p.name === null ? undefined : protocolForPortName(p.name);
  const entry = byName ?? protocolsForPort(p.number)[0];
  if (!entry || entry.id === 'unknown') return null;
  const e: Evidence = byName ? { source: 'port-name', value: p.name ?? '', protocol: entry.id } : { source: 'port-number', value: String(p.number), protocol: entry.id };
  return { workload: null, pp: null, protocol: entry, evidence: [e], clientWaits: waitsOn(entry, p.number) };
}

export function objectRef(obj: K8sObject): { kind: string; name: string; namespace?: string } {
  return { kind: obj.kind ?? '', name: obj.name ?? '', ...(obj.namespace !== null ? { namespace: obj.namespace } : {}) };
}
