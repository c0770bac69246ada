/**
 * Ports that must bypass the proxy entirely (skip, not opaque): knowledge as data (docs/detection.md).
 */
export interface SkipRequiredPort {
  readonly port: number;
  readonly name: string;
  /** Both directions: the peers are the same pods (skip-inbound and skip-outbound on the pod template). */
  readonly bothDirections: boolean;
  readonly note: string;
  readonly source: string;
}

export const SKIP_REQUIRED_PORTS: readonly SkipRequiredPort[] = [
  {
    port: 4567,
    name: 'Galera replication',
    bothDirections: true,
    note: 'Galera peers on 4567 timed out even with the port marked opaque; 4567/4568 became default skip ports in 2.11 (proxy-init only, not linkerd-cni)',
    source: 'linkerd/linkerd2#5384; linkerd/linkerd2:charts/linkerd2/values.yaml@stable-2.11.0',
  },
  {
    port: 4568,
    name: 'Galera incremental state transfer',
    bothDirections: true,
    note: 'default skip port since 2.11 for the same reason as 4567',
    source: 'linkerd/linkerd2#5384; linkerd/linkerd2:charts/linkerd2/values.yaml@stable-2.11.0',
  },
];

export function skipRequired(port: number): SkipRequiredPort | undefined {
  return SKIP_REQUIRED_PORTS.find((p) => p.port === port);
}
