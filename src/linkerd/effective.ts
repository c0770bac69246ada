/**
 * Effective configuration of a pod port and of a Service port (docs/linkerd-model.md#version-families):
 * pod template > namespace > install default, every list replacing the default, what the injector
 * writes at admission, and how each controller reads the result. Pure.
 */
import { has, type LinkerdVersion } from './version.js';
import { defaultsFor } from './defaults.js';
import { parsePortList, readingIncludes, type ParsedPortList } from './port-list.js';
import type { AppProtocolReading, EffectiveList, ListSource, PodPortView, PortConfig, ServerProtocol, ServicePortView, SidePath } from './model.js';

import { ANNOTATIONS } from './annotations.js';
export { ANNOTATIONS };

/** Known appProtocol values (policy-controller outbound index, linkerd/linkerd2 #13660, #13721). */
const APP_PROTOCOLS: Readonly<Record<string, { path: AppProtocolReading['path']; note: string }>> = {
  http: { path: 'http1', note: 'declares HTTP/1: no detection' },
  'kubernetes.io/h2c': { path: 'http2', note: 'declares HTTP/2 cleartext (gRPC when GRPCRoutes are attached)' },
  'linkerd.io/opaque': { path: 'opaque', note: 'declares opaque TCP' },
  'linkerd.io/tcp': { path: 'opaque', note: 'declares opaque TCP' },
};

/** How Linkerd reads a Service port's appProtocol: honoured 2.18+; any unknown value means opaque. */
export function interpretAppProtocol(value: string, version: LinkerdVersion): AppProtocolReading {
  const known = APP_PROTOCOLS[value.toLowerCase()];
  const honoured = has(version, 'appProtocol');
  const path = known?.path ?? 'opaque';
  const note = !honoured
    ? `appProtocol "${value}" is ignored before Linkerd 2.18`
    : known
      ? `appProtocol "${value}" ${known.note}`
      : `appProtocol "${value}" is not a Linkerd value (http, kubernetes.io/h2c, linkerd.io/opaque, linkerd.io/tcp), so Linkerd treats the port as opaque`;
  return { value, honoured, path, known: known !== undefined, note };
}

const SERVER_PROTOCOLS: readonly ServerProtocol[] = ['unknown', 'HTTP/1', 'HTTP/2', 'gRPC', 'opaque', 'TLS'];

/** A Server's proxyProtocol (case-sensitive; unset = 'unknown'); null when the value is invalid (rejected by admission). */
export function interpretServerProtocol(value: string | undefined): ServerProtocol | null {
  if (value === undefined || value === '') return 'unknown';
  return (SERVER_PROTOCOLS as readonly string[]).includes(value) ? (value as ServerProtocol) : null;
}

function serverPath(p: ServerProtocol): SidePath {
  switch (p) {
    case 'unknown':
      return 'detect';
    case 'HTTP/1':
      return 'http1';
    case 'HTTP/2':
      return 'http2';
    case 'gRPC':
      return 'grpc';
    case 'opaque':
      return 'opaque';
    case 'TLS':
      return 'tls';
  }
}

function list(key: string, source: ListSource, value: string | null): EffectiveList {
  return { key, source, value, parsed: value === null ? null : parsePortList(value) };
}

function inDefault(defaultList: string, port: number): boolean {
  return readingIncludes(parsePortList(defaultList).readings['destination-pod'], port);
}

/** Items of the install default written literally by the injector (string equality, ranges not expanded). */
function literalDefaultItems(defaultList: string): string[] {
  return defaultList.split(','); // strings.Split, no trimming (pkg/inject/inject.go CreateOpaquePortsPatch)
}

/** Does the pod declare `port` as a containerPort? */
export function declares(c: PortConfig, port: number): boolean {
  return c.podDeclaresPort ?? (c.containerPorts ? c.containerPorts.includes(port) : true);
}

/**
 * What the injector writes at admission on a pod without the annotation (2.11+): the default items
 * equal to a containerPort, in the order the injector walks the pod and with repeats as it keeps them
 * (`injectorPortWalk`); null when nothing matches, undefined when the container ports are not known.
 */
export function injectorPodValue(installOpaque: string, containerPorts: readonly number[] | undefined): string | null | undefined {
  if (containerPorts === undefined) return undefined;
  const items = literalDefaultItems(installOpaque);
  const out = containerPorts.map(String).filter((p) => items.includes(p));
  return out.length > 0 ? out.join(',') : null;
}

/**
 * The container ports in the order the injector walks them for the opaque-ports patch
 * (linkerd/linkerd2 pkg/inject/inject.go `FilterPodOpaquePorts`): every `ports` entry of every
 * container, whatever its protocol, repeats kept; the containers only from 2.11 (@stable-2.11.0,
 * @edge-21.9.1), init containers first and then the containers from edge-25.12.2 and version-2.20.
 */
export function injectorPortWalk(version: LinkerdVersion, init: readonly (readonly number[])[], containers: readonly (readonly number[])[]): number[] {
  const walked = walksInitContainers(version) ? [...init, ...containers] : containers;
  return walked.flat();
}

function walksInitContainers(version: LinkerdVersion): boolean {
  const edge = /^\s*edge-(\d{1,2})\.(\d{1,2})\.(\d{1,3})\s*$/i.exec(version.input);
  if (edge) {
    const v = [Number(edge[1]), Number(edge[2]), Number(edge[3])];
    return v[0]! > 25 || (v[0] === 25 && (v[1]! > 12 || (v[1] === 12 && v[2]! >= 2)));
  }
  return version.minor >= 20;
}

/** The same for a Service: default items matching a port without targetPort, or a numeric targetPort (the Service port is written). */
export function injectorServiceValue(installOpaque: string, servicePorts: PortConfig['servicePorts']): string | null | undefined {
  if (servicePorts === undefined) return undefined;
  const items = literalDefaultItems(installOpaque);
  const out = servicePorts
    .filter((p) => (p.targetPort === undefined ? items.includes(String(p.port)) : typeof p.targetPort === 'number' && items.includes(String(p.targetPort))))
    .map((p) => String(p.port));
  return out.length > 0 ? out.join(',') : null;
}

/** The pod's opaque-ports annotation after admission, for this port (spec 4.1 precedence, 4.3 injector). */
function podOpaqueList(version: LinkerdVersion, port: number, c: PortConfig, installOpaque: string): EffectiveList {
  const key = ANNOTATIONS.opaquePorts;
  if (c.podOpaquePorts !== undefined) return list(key, 'pod', c.podOpaquePorts);
  if (c.createdBeforeInjector) return list(key, 'none', null);
  if (c.namespaceOpaquePorts !== undefined) return list(key, 'namespace', c.namespaceOpaquePorts);
  if (has(version, 'injectorWritesOpaquePorts') && declares(c, port) && literalDefaultItems(installOpaque).includes(String(port))) {
    return list(key, 'injector', String(port));
  }
  return list(key, 'none', null);
}

function skipList(key: string, annotation: string | undefined, namespace: string | undefined, install: string, cni: boolean, cniList: string | undefined, append: boolean): EffectiveList {
  const own = annotation ?? namespace;
  const ownSource: ListSource = annotation !== undefined ? 'pod' : 'namespace';
  if (cni) {
    // linkerd-cni getAnnotationOverride: pod, then namespace, an empty value counting as unset; skip-inbound is
    // appended to the CNI config's list, skip-outbound replaces it (cni-plugin/main.go@cni-plugin/v1.6.8).
    const cniOwn = annotation !== undefined && annotation !== '' ? annotation : namespace !== undefined && namespace !== '' ? namespace : undefined;
    const cniSource: ListSource = annotation !== undefined && annotation !== '' ? 'pod' : 'namespace';
    const base = cniList ?? '';
    if (cniOwn === undefined) return list(key, 'cni-config', base);
    if (append && base !== '') return list(key, cniSource, `${base},${cniOwn}`);
    return list(key, cniSource, cniOwn);
  }
  if (own === undefined) return list(key, 'install-default', install);
  return list(key, ownSource, own);
}

function iptablesIncludes(l: EffectiveList, port: number, cni: boolean): boolean {
  return l.parsed !== null && readingIncludes(l.parsed.readings[cni ? 'cni' : 'proxy-init'], port);
}

/** Effective configuration of a pod port on the server side. */
export function podPortView(version: LinkerdVersion, port: number, c: PortConfig): PodPortView {
  const d = defaultsFor(version, { cni: c.cni ?? false });
  const installOpaque = c.installOpaquePorts ?? d.opaquePorts;
  const notes: string[] = [];
  const cni = c.cni ?? false;
  const skipInbound = skipList(ANNOTATIONS.skipInboundPorts, c.podSkipInboundPorts, c.namespaceSkipInboundPorts, c.installSkipInboundPorts ?? d.skipInboundPorts, cni, c.cniSkipInboundPorts, true);
  const skipped = readingIncludes(parsePortList(d.alwaysSkipInbound).readings['proxy-init'], port) || iptablesIncludes(skipInbound, port, cni);
  const opaque = d.opaqueSupported ? podOpaqueList(version, port, c, installOpaque) : list(ANNOTATIONS.opaquePorts, 'none', null);
  const names = c.containerPortNames;
  const server = has(version, 'serverResource') && c.serverProxyProtocol !== undefined ? interpretServerProtocol(c.serverProxyProtocol) : null;
  if (c.serverProxyProtocol !== undefined && !has(version, 'serverResource')) notes.push('Server resources exist from Linkerd 2.11; ignored');
  if (c.serverProxyProtocol !== undefined && has(version, 'serverResource') && server === null) notes.push(`Server proxyProtocol "${c.serverProxyProtocol}" is not valid (unknown, HTTP/1, HTTP/2, gRPC, opaque, TLS; case-sensitive)`);

  let inboundOpaque = false;
  let clientOpaque = false;
  if (!d.opaqueSupported) {
    inboundOpaque = inDefault(d.builtinNoDetectPorts || '', port) && d.builtinNoDetectPorts !== '';
    clientOpaque = inboundOpaque;
  } else {
    const parsed: ParsedPortList | null = opaque.parsed;
    // Destination controller (pod-IP clients, opaque-transport hints): annotation, or the default list when none.
    clientOpaque = parsed === null ? inDefault(installOpaque, port) : readingIncludes(parsed.readings['destination-pod'], port, names);
    if (server === 'opaque' && has(version, 'serverOpaqueForClients')) clientOpaque = true;
    if (has(version, 'policyController')) {
      // Policy controller: the pod annotation only (no default), no names, one bad entry empties it.
      inboundOpaque = parsed !== null && readingIncludes(parsed.readings['policy-controller'], port);
      if (parsed?.readings['policy-controller'].emptied) notes.push(`the policy controller cannot read opaque-ports "${parsed.raw}" and ignores all of it`);
      if (parsed === null && inDefault(installOpaque, port)) {
        notes.push(`port ${port} is a default opaque port but the pod has no opaque-ports annotation${declares(c, port) ? '' : ' (the port is not declared as a containerPort, so the injector did not write one)'}: clients treat it as opaque, the inbound policy detects`);
      }
    } else {
      // 2.10: the proxy env LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION, from the injector's reading.
      inboundOpaque = parsed === null ? inDefault(installOpaque, port) : readingIncludes(parsed.readings.injector, port, names);
    }
  }
  let inbound: SidePath;
  if (skipped) inbound = 'skip';
  else if (server !== null) {
    inbound = serverPath(server);
    if (server !== 'opaque' && inboundOpaque) notes.push(`the Server (proxyProtocol ${server}) overrides the pod's opaque-ports annotation for port ${port}`);
  } else inbound = inboundOpaque ? 'opaque' : 'detect';
  return { port, opaque, skipInbound, skipped, inboundOpaque, clientOpaque, server, inbound, notes };
}

/** The Service's opaque-ports annotation after admission, for this port. */
function serviceOpaqueList(version: LinkerdVersion, servicePort: number, c: PortConfig, installOpaque: string): EffectiveList {
  const key = ANNOTATIONS.opaquePorts;
  if (c.serviceOpaquePorts !== undefined) return list(key, 'service', c.serviceOpaquePorts);
  if (c.createdBeforeInjector) return list(key, 'none', null);
  if (c.namespaceOpaquePorts !== undefined) return list(key, 'namespace', c.namespaceOpaquePorts);
  if (has(version, 'injectorWritesOpaquePorts')) {
    const items = literalDefaultItems(installOpaque);
    const t = c.serviceTargetPort;
    const matches = t === undefined ? items.includes(String(servicePort)) : typeof t === 'number' && items.includes(String(t));
    if (matches) return list(key, 'injector', String(servicePort));
  }
  return list(key, 'none', null);
}

/** Stable 2.13.0-2.13.2: client proxies detect even on opaque ports (linkerd/linkerd2#10745; proxy v2.200.0 in 2.13.3 fixed it). */
export function clientIgnoresOpaque(version: LinkerdVersion): boolean {
  return version.channel === 'stable' && version.minor === 13 && version.patch < 3;
}

/** Effective configuration of a Service port as a meshed client's proxy sees it (ClusterIP traffic). */
export function servicePortView(version: LinkerdVersion, servicePort: number, c: PortConfig): ServicePortView {
  const d = defaultsFor(version, { cni: c.cni ?? false });
  const installOpaque = c.installOpaquePorts ?? d.opaquePorts;
  const notes: string[] = [];
  const appProtocol = c.appProtocol === undefined ? null : interpretAppProtocol(c.appProtocol, version);
  if (appProtocol) notes.push(appProtocol.note);
  if (!d.opaqueSupported) {
    const builtin = d.builtinNoDetectPorts !== '' && inDefault(d.builtinNoDetectPorts, servicePort);
    return { port: servicePort, opaque: list(ANNOTATIONS.opaquePorts, 'none', null), profileOpaque: builtin, policy: null, appProtocol, client: builtin ? 'opaque' : 'detect', notes };
  }
  const opaque = serviceOpaqueList(version, servicePort, c, installOpaque);
  const parsed = opaque.parsed;
  const profileOpaque = parsed === null ? inDefault(installOpaque, servicePort) : readingIncludes(parsed.readings['destination-service'], servicePort, c.servicePortNames);
  let policy: SidePath | null = null;
  if (has(version, 'outboundPolicy')) {
    if (appProtocol?.honoured) policy = appProtocol.path;
    else {
      const policyOpaque = parsed === null ? inDefault(installOpaque, servicePort) : readingIncludes(parsed.readings['policy-controller'], servicePort);
      if (parsed?.readings['policy-controller'].emptied) notes.push(`the policy controller cannot read the Service's opaque-ports "${parsed.raw}" and ignores all of it (and the default list)`);
      policy = policyOpaque ? 'opaque' : 'detect';
    }
  }
  let client: SidePath = profileOpaque || policy === 'opaque' ? 'opaque' : (policy ?? 'detect');
  if (appProtocol?.honoured && profileOpaque && appProtocol.path !== 'opaque') notes.push(`appProtocol "${appProtocol.value}" has no effect: port ${servicePort} is opaque in the Service's opaque-ports (or the default list), which wins`);
  if (clientIgnoresOpaque(version) && client === 'opaque') {
    client = 'detect';
    notes.push('Linkerd 2.13.0-2.13.2 client proxies detect even on opaque ports (linkerd/linkerd2#10745, fixed in 2.13.3)');
  }
  return { port: servicePort, opaque, profileOpaque, policy, appProtocol, client, notes };
}

/** The client pod's outbound skip list and whether `port` is skipped. */
export function clientSkipView(version: LinkerdVersion, port: number, c: PortConfig): { readonly list: EffectiveList; readonly skipped: boolean } {
  const d = defaultsFor(version, { cni: c.cni ?? false });
  const cni = c.cni ?? false;
  const l = skipList(ANNOTATIONS.skipOutboundPorts, c.clientSkipOutboundPorts, c.clientNamespaceSkipOutboundPorts, c.installSkipOutboundPorts ?? d.skipOutboundPorts, cni, c.cniSkipOutboundPorts, false);
  return { list: l, skipped: iptablesIncludes(l, port, cni) };
}
