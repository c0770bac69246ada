/**
 * The shapes of `protocheck cluster`: the `--json` contract (docs/commands/cluster.md) and the basis
 * each Service port is finalized from (static facts plus what the probe observed), which shard outputs
 * carry so that `cluster merge` recomputes exactly what one unsharded run prints.
 */
import type { Experience, PortConfig } from '../linkerd/model.js';

export type Meshed = true | false | 'mixed';
export type FirstSpeaker = 'server' | 'client' | 'mixed' | 'unknown';

export interface ObjectJson {
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
}

/** A lint finding about a live object (the lint rule's id, severity and message; no file position). */
export interface FindingJson {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly object: ObjectJson | null;
  readonly port: number | string | null;
  readonly suggestions: readonly Record<string, unknown>[];
  readonly [extra: string]: unknown;
}

export interface ObservedJson {
  readonly endpoints: number;
  readonly probed: number;
  readonly firstSpeaker: FirstSpeaker;
  readonly protocol: string | null;
  /** Probed endpoints that closed the silent connection at about the proxy's 10 s detection timeout. */
  readonly proxyTimeouts: number;
}

export interface ServicePortJson {
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: string | null;
  readonly meshed: Meshed;
  readonly outcomes: { readonly meshedClients: Experience; readonly unmeshedClients: Experience };
  readonly observed: ObservedJson | null;
  readonly findings: readonly FindingJson[];
  readonly suggestions: readonly Record<string, unknown>[];
}

export interface ClusterJson {
  readonly services: readonly ServicePortJson[];
  readonly shard: null | { readonly index: number; readonly count: number };
}

/** One endpoint of a Service port: where it is and which pod it is (by targetRef, else by selector). */
export interface EndpointBasis {
  readonly address: string;
  readonly port: number;
  readonly ready: boolean;
  readonly pod: string | null;
}

/** One kind of pod behind a port (pods of one template share it): the model's input for it. */
export interface VariantBasis {
  /** Linkerd version input (as parseLinkerdVersion reads it). */
  readonly version: string;
  readonly server: 'meshed' | 'unmeshed';
  readonly config: PortConfig;
  /** The object to change (the pods' top owner), for suggestions. */
  readonly workload: { readonly kind: string; readonly name: string } | null;
}

export interface PortBasis {
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
  readonly targetPort: number | string;
  /** The pod port the Service port reaches (null: a named targetPort no pod resolves). */
  readonly podPort: number | null;
  readonly headless: boolean;
  /** From the objects alone (appProtocol, names, image, number). */
  readonly protocol: string | null;
  readonly meshed: Meshed;
  readonly endpoints: readonly EndpointBasis[];
  readonly variants: readonly VariantBasis[];
  /** Lint findings on the objects of this port (static). */
  readonly findings: readonly FindingJson[];
}

/** What the probe saw at one `address:port`. */
export interface UnitResult {
  readonly state: string;
  readonly firstSpeaker: 'server' | 'client' | null;
  readonly protocol: string | null;
  /**
   * The endpoint closed (or reset) the silent passive connection without a byte at about 10 s: what a
   * Linkerd proxy detecting on that port does to an unmeshed client. Absent when not (and in shard files
   * written before it existed).
   */
  readonly proxyTimeout?: true;
}

/** A shard's output line (--format jsonl): one Service port's basis with the results of the units this shard probed. */
export interface ShardLine {
  readonly basis: PortBasis;
  readonly results: Readonly<Record<string, UnitResult>>;
}

export interface ShardHeader {
  readonly protocheckCluster: 1;
  readonly probe: boolean;
  readonly shard: null | { readonly index: number; readonly count: number };
  /** --linkerd when given (versions then do not come from the pods). */
  readonly linkerd: string | null;
  readonly notes: readonly string[];
  /** Lint findings on objects behind no Service port (text output). */
  readonly other: readonly FindingJson[];
}
