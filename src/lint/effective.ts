/**
 * Local adapter over the Linkerd model: which ports a pod or a Service port has opaque or skipped,
 * resolving explicit lists, names, namespace annotations and install defaults. Every list is read
 * with the model's `parsePortList` (per consumer) and `defaultsFor`; this file only decides which
 * annotation applies to which object (linkerd-spec 4.1 precedence, 4.3 injector copies).
 */
import { defaultsFor, mergePortList, readingIncludes, type Consumer, type PodPortView, type ServicePortView, type Suggestion } from '../linkerd/model.js';
import { injectorPodValue, injectorPortWalk, injectorServiceValue } from '../linkerd/effective.js';
import { has } from '../linkerd/version.js';
import { cachedParsePortList as parsePortList, cachedPodPortView as podPortView, cachedServicePortView as servicePortView } from './model-cache.js';
import { ANNOTATIONS } from '../linkerd/annotations.js';
import type { LintContext, PodPort } from './context.js';
import type { Service, ServicePort, Workload } from './k8s.js';
import type { FixEdit } from './types.js';

export function listHas(raw: string, consumer: Consumer, port: number, names: Readonly<Record<string, number>> = {}): boolean {
  return readingIncludes(parsePortList(raw).readings[consumer], port, names);
}

/** The server-side view of a pod port, from the Linkerd model. */
export function podView(ctx: LintContext, pp: PodPort): PodPortView {
  return podPortView(ctx.version, pp.port, ctx.portConfig(pp));
}

/** Is this pod port opaque on the inbound side (pod annotation, namespace, injector default, or an opaque Server)? */
export function podPortOpaque(ctx: LintContext, pp: PodPort): { opaque: boolean; skipped: boolean; source: string } {
  const v = podView(ctx, pp);
  return { opaque: v.inbound === 'opaque', skipped: v.skipped, source: v.server === 'opaque' ? 'server' : v.opaque.source };
}

/** Is this Service port opaque for meshed clients dialling the ClusterIP? */
export function servicePortOpaque(ctx: LintContext, pp: PodPort, ref: { service: Service; port: ServicePort }): { opaque: boolean; source: string; view: ServicePortView } {
  const v = servicePortView(ctx.version, ref.port.port ?? pp.port, ctx.portConfig(pp, ref));
  const source = v.appProtocol?.honoured && v.appProtocol.path === 'opaque' ? 'app-protocol' : v.opaque.source;
  return { opaque: v.client === 'opaque', source, view: v };
}

function installOpaque(ctx: LintContext): string {
  return defaultsFor(ctx.version, { cni: ctx.options.cni }).opaquePorts;
}

/**
 * The opaque-ports value a pod has after admission: its own or its namespace's annotation, else what the
 * injector writes (2.11+: the install default items equal to a declared containerPort, linkerd-spec 4.3;
 * before 2.11 nothing). Decided by the Linkerd model's `injectorPodValue`.
 */
/** The pod's container ports as the injector of this release walks them (init containers, repeats: the model's injectorPortWalk). */
export function injectorWalk(ctx: LintContext, w: Workload): number[] {
  const ports = (role: (r: string) => boolean) =>
    w.allContainers.filter((c) => role(c.role)).map((c) => c.ports.flatMap((p) => (p.containerPort === null ? [] : [p.containerPort])));
  return injectorPortWalk(ctx.version, ports((r) => r !== 'container'), ports((r) => r === 'container'));
}

export function podOpaqueCurrent(ctx: LintContext, w: Workload): string | null {
  const eff = ctx.effectiveAnnotation(w, ANNOTATIONS.opaquePorts);
  if (eff) return eff.value;
  if (!has(ctx.version, 'injectorWritesOpaquePorts')) return null;
  return injectorPodValue(installOpaque(ctx), injectorWalk(ctx, w)) ?? null;
}

/**
 * The pod opaque-ports value after adding `ports` (merged by the Linkerd model). Without a value after
 * admission, an explicit list replaces the install default, so the list kept is what the injector
 * would have written (2.11+) or, before 2.11 (the proxy reads the install default itself), the whole
 * install default: the same baseline as the model's `suggest`.
 */
export function podOpaqueWith(ctx: LintContext, w: Workload, ports: readonly number[]): string {
  const current = podOpaqueCurrent(ctx, w) ?? (has(ctx.version, 'injectorWritesOpaquePorts') ? null : installOpaque(ctx));
  return mergePortList(current, ports, { names: ctx.containerPortNames(w) }).value;
}

/**
 * The Service opaque-ports value after adding `ports`: its own or its namespace's annotation, else what
 * the injector writes on the Service (2.11+, `injectorServiceValue`: a default item matching a port
 * without targetPort or a numeric targetPort; a named targetPort is not resolved, linkerd-spec 4.3),
 * else (before 2.11) the whole install default.
 */
export function serviceOpaqueWith(ctx: LintContext, s: Service, ports: readonly number[]): string {
  const own = s.annotations.get(ANNOTATIONS.opaquePorts) ?? ctx.namespaceOf(s)?.annotations.get(ANNOTATIONS.opaquePorts);
  const names: Record<string, number> = {};
  for (const p of s.ports) if (p.name !== null && p.port !== null) names[p.name] = p.port;
  let current: string | null = own?.value ?? null;
  if (!own) {
    if (!has(ctx.version, 'injectorWritesOpaquePorts')) current = installOpaque(ctx);
    else {
      const servicePorts = s.ports.flatMap((p) => (p.port === null ? [] : [{ port: p.port, ...(p.targetPort !== null && p.targetPort !== undefined ? { targetPort: p.targetPort } : {}) }]));
      current = injectorServiceValue(installOpaque(ctx), servicePorts) ?? null;
    }
  }
  return mergePortList(current, ports, { names }).value;
}

/** Appends ports to a list (merged by the Linkerd model: no spaces, ranges kept). */
export function appendPorts(raw: string, ports: readonly number[], names: Readonly<Record<string, number>> = {}): string {
  return mergePortList(raw, ports, { names }).value;
}

/** Turns suggestions that set an annotation on an object of the input into edits. */
export function fixesFor(ctx: LintContext, suggestions: readonly Suggestion[], w: Workload | undefined, s: Service | undefined): FixEdit[] {
  const out: FixEdit[] = [];
  for (const sg of suggestions) {
    if (!sg.key.includes('/') || sg.key.startsWith('spec.') || (sg as { alternative?: boolean }).alternative === true) continue;
    // A suggestion with `remove: true` (invalid-port-list on a list with no port in it) deletes the key.
    const rm = (sg as { remove?: boolean }).remove === true ? { remove: true } : {};
    if (sg.target === 'pod-template' && w && (!sg.object || sg.object.name === w.obj.name)) {
      // Every copy of the workload (the same object given twice) gets the same edit.
      for (const c of ctx.copiesOf(w)) out.push({ file: c.obj.file, doc: c.obj.doc.index, path: [...c.templatePath, 'metadata', 'annotations', sg.key], value: sg.value, ...rm });
    } else if (sg.target === 'service') {
      // Every copy of the named Service (the same object given twice, in two files or one) gets the same
      // edit, so identical documents are fixed identically and a second run finds nothing fixable.
      const named = sg.object ? ctx.model.services.find((x) => x.obj.name === sg.object?.name && (x.obj.namespace ?? null) === (sg.object?.namespace ?? x.obj.namespace ?? null)) ?? s : s;
      for (const svc of named ? ctx.copiesOf(named) : []) out.push({ file: svc.obj.file, doc: svc.obj.doc.index, path: [...svc.obj.path, 'metadata', 'annotations', sg.key], value: sg.value, ...rm });
    } else if (sg.target === 'namespace') {
      const name = sg.object?.name ?? w?.obj.namespace ?? s?.obj.namespace;
      for (const ns of ctx.model.namespaces.filter((n) => n.obj.name === name)) out.push({ file: ns.obj.file, doc: ns.obj.doc.index, path: [...ns.obj.path, 'metadata', 'annotations', sg.key], value: sg.value, ...rm });
    }
  }
  return out;
}

/** A suggestion to set an annotation on a workload's pod template. */
export function podSuggestion(w: Workload, key: string, value: string, reason: string, docs: string): Suggestion {
  return { target: 'pod-template', key, value, reason, docs, object: { kind: w.obj.kind ?? 'Pod', name: w.obj.name ?? '', ...(w.obj.namespace !== null ? { namespace: w.obj.namespace } : {}) } };
}

export function serviceSuggestion(s: Service, key: string, value: string, reason: string, docs: string): Suggestion {
  return { target: 'service', key, value, reason, docs, object: { kind: 'Service', name: s.obj.name ?? '', ...(s.obj.namespace !== null ? { namespace: s.obj.namespace } : {}) } };
}

export function ruleDocs(id: string): string {
  return `docs/rules/${id}.md`;
}
