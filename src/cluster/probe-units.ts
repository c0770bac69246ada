/**
 * `--probe` and `--shard I/N`: the unit of work is a unique endpoint `address:port` (several Services
 * may point at one), each unit belongs to shard FNV-1a(unit) mod N — stable whatever else the dump
 * holds, so shard pods that each read the cluster a moment apart still split the same way — and the
 * probe engine (src/probe, its public runProbe) probes this shard's units.
 */
import { UsageError } from '../errors.js';
import { runProbe } from '../probe/run-probe.js';
import { parseTargets } from '../probe/targets.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import { LINKERD_DETECT_TIMEOUT_MS, LINKERD_TIMEOUT_TOLERANCE_MS } from '../probe/constants.js';
import type { TargetResult } from '../probe/types.js';
import { unitKey } from './finalize.js';
import type { PortBasis, UnitResult } from './types.js';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** `--shard I/N` (0 <= I < N <= 10000). */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || count > 10_000 || index >= count) {
    throw new UsageError(`--shard: "${text}" is not I/N with 0 <= I < N <= 10000`, { hint: 'e.g. --shard 0/4 ... --shard 3/4; in an Indexed Job: --shard $(JOB_COMPLETION_INDEX)/N' });
  }
  return { index, count };
}

/** 32-bit FNV-1a of the unit text. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function shardOf(unit: string, count: number): number {
  return count <= 1 ? 0 : fnv1a(unit) % count;
}

/** The ready endpoints' unique `address:port` units this shard probes, sorted. */
export function unitsFor(bases: readonly PortBasis[], shard: Shard | null): string[] {
  const out = new Set<string>();
  for (const b of bases) {
    for (const e of b.endpoints) {
      if (!e.ready) continue;
      const u = unitKey(e.address, e.port);
      if (shard === null || shardOf(u, shard.count) === shard.index) out.add(u);
    }
  }
  return [...out].sort();
}

export interface ProbeUnitsOptions {
  readonly waitMs: number;
  readonly connectTimeoutMs: number;
  readonly concurrency: number;
  readonly active: boolean;
  readonly version: LinkerdVersion;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Probes the units with the probe engine; what was seen per unit. */
export async function probeUnits(units: readonly string[], o: ProbeUnitsOptions): Promise<Map<string, UnitResult>> {
  const out = new Map<string, UnitResult>();
  if (units.length === 0) return out;
  const results = await runProbe(parseTargets(units), {
    waitMs: o.waitMs,
    connectTimeoutMs: o.connectTimeoutMs,
    concurrency: o.concurrency,
    active: o.active,
    version: o.version,
    ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
  });
  results.forEach((r, i) => out.set(units[i] as string, unitResult(r)));
  return out;
}

/**
 * What the audit keeps of one endpoint's probe. A passive connection closed or reset without a byte
 * at about 10 s is the proxy's detection timeout (src/probe/constants.ts): the pod's inbound proxy
 * detects on that port and closes silent unmeshed clients (docs/commands/cluster.md).
 */
export function unitResult(r: TargetResult): UnitResult {
  const p = r.passive;
  const proxyTimeout = (p.outcome === 'closed' || p.outcome === 'reset') && p.atMs !== null && Math.abs(p.atMs - LINKERD_DETECT_TIMEOUT_MS) <= LINKERD_TIMEOUT_TOLERANCE_MS;
  return {
    state: r.state,
    firstSpeaker: r.state === 'open' ? r.firstSpeaker : null,
    protocol: r.state === 'open' ? r.protocol : null,
    ...(proxyTimeout ? { proxyTimeout: true as const } : {}),
  };
}
