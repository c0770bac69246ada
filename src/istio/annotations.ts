/**
 * The traffic.sidecar.istio.io/* port annotations and how the injector parses them (docs/istio.md
 * "Capture annotations"). Facts from istio/istio pkg/kube/inject/validate.go@1.30.0 (parsePorts,
 * ValidateIncludeInboundPorts) and istio/api annotation/annotations.yaml. Pure.
 */

export const ISTIO_TRAFFIC_PREFIX = 'traffic.sidecar.istio.io/';

export const EXCLUDE_INBOUND_PORTS = 'traffic.sidecar.istio.io/excludeInboundPorts';
export const EXCLUDE_OUTBOUND_PORTS = 'traffic.sidecar.istio.io/excludeOutboundPorts';
export const INCLUDE_INBOUND_PORTS = 'traffic.sidecar.istio.io/includeInboundPorts';
export const INCLUDE_OUTBOUND_PORTS = 'traffic.sidecar.istio.io/includeOutboundPorts';

/** Port-list annotations (pod template). includeInboundPorts alone accepts `*` (its default). */
export const ISTIO_PORT_ANNOTATIONS: readonly string[] = [EXCLUDE_INBOUND_PORTS, EXCLUDE_OUTBOUND_PORTS, INCLUDE_INBOUND_PORTS, INCLUDE_OUTBOUND_PORTS];

/** Ports the injector always adds to excludeInboundPorts (Envoy's Prometheus and health ports; plus the status port). */
export const INJECTOR_EXCLUDED_INBOUND: readonly number[] = [15090, 15021];

export type IstioPortList =
  | { readonly ok: true; readonly wildcard: boolean; readonly ports: readonly number[] }
  | { readonly ok: false; readonly item: string; readonly index: number; readonly reason: string };

/**
 * Parses a port list as the injector validates it: the whole value trimmed; empty = no ports; else
 * split on `,`, each item trimmed and read as a decimal number 0-65535. No ranges, no names, no empty
 * items (so `80,` is invalid); `*` only where `allowWildcard` (includeInboundPorts).
 */
export function parseIstioPortList(value: string, allowWildcard = false): IstioPortList {
  const whole = value.trim();
  if (allowWildcard && value === '*') return { ok: true, wildcard: true, ports: [] };
  if (whole === '') return { ok: true, wildcard: false, ports: [] };
  const ports: number[] = [];
  const items = whole.split(',');
  for (let index = 0; index < items.length; index++) {
    const raw = items[index] ?? '';
    const item = raw.trim();
    let reason: string | null = null;
    if (item === '') reason = 'empty item';
    else if (/^\d+-\d+$/.test(item)) reason = 'port ranges are not supported';
    else if (!/^\d+$/.test(item)) reason = 'not a port number';
    else if (Number(item) > 65535) reason = 'out of range (0-65535)';
    if (reason !== null) return { ok: false, item: raw, index, reason };
    ports.push(Number(item));
  }
  return { ok: true, wildcard: false, ports };
}

/** True when `port` is in the (valid) list. */
export function portListHas(list: IstioPortList, port: number): boolean {
  return list.ok && (list.wildcard || list.ports.includes(port));
}
