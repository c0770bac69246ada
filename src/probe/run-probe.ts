/** Probes every target concurrently (never more sockets than `concurrency` open at once) and adds Linkerd's verdict. */
import { createLimiter, type Limiter } from './limiter.js';
import { probeTarget, systemResolver, type Resolver, type TargetOptions } from './probe-target.js';
import { meshVerdict, type MeshOptions } from './mesh.js';
import { clientVerdict } from './client-verdict.js';
import { monotonic, type Clock } from './socket.js';
import type { Target } from './targets.js';
import type { TargetResult } from './types.js';
import type { ActiveProbe } from '../protocols/index.js';

export interface RunProbeOptions extends MeshOptions {
  readonly waitMs: number;
  readonly connectTimeoutMs: number;
  readonly concurrency: number;
  readonly active: boolean;
  readonly forceActive?: ReadonlySet<number>;
  readonly sni?: string;
  /** `--send`: the user's own client bytes, run through the detector. */
  readonly send?: Uint8Array;
  readonly clock?: Clock;
  readonly resolve?: Resolver;
  readonly kbProbes?: readonly ActiveProbe[];
  readonly activeDelayMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** false: no Linkerd verdict (`--mesh istio` adds its own, src/mesh/istio-probe.ts). Default true. */
  readonly linkerdVerdict?: boolean;
  /** Injected by tests and the bench to read the peak number of sockets; default: a new one of size `concurrency`. */
  readonly limiter?: Limiter;
}

export async function runProbe(targets: readonly Target[], o: RunProbeOptions): Promise<TargetResult[]> {
  const limiter = o.limiter ?? createLimiter(o.concurrency);
  const targetOptions: TargetOptions = {
    waitMs: o.waitMs,
    connectTimeoutMs: o.connectTimeoutMs,
    active: o.active,
    forceActive: o.forceActive ?? new Set(),
    version: o.version,
    limiter,
    clock: o.clock ?? monotonic,
    resolve: o.resolve ?? systemResolver,
    ...(o.sni === undefined ? {} : { sni: o.sni }),
    ...(o.kbProbes === undefined ? {} : { kbProbes: o.kbProbes }),
    ...(o.activeDelayMs === undefined ? {} : { activeDelayMs: o.activeDelayMs }),
  };
  const send = o.send === undefined ? null : clientVerdict(o.send, o.version);
  let done = 0;
  return Promise.all(
    targets.map(async (target): Promise<TargetResult> => {
      const { verdict: v, address } = await probeTarget(target, targetOptions);
      done++;
      o.onProgress?.(done, targets.length);
      const open = v.state === 'open';
      const id = v.identification;
      const mesh = open && o.linkerdVerdict !== false ? meshVerdict({ port: target.port, protocol: id?.protocol ?? null, firstSpeaker: v.firstSpeaker, address }, o) : null;
      return {
        target: target.label,
        host: target.host,
        address,
        port: target.port,
        state: v.state,
        firstSpeaker: v.firstSpeaker,
        firstByteMs: v.firstByteMs === null ? null : Math.round(v.firstByteMs),
        protocol: id?.protocol ?? null,
        version: id?.version ?? null,
        product: id?.product ?? null,
        signature: id?.signature ?? null,
        banner: v.banner,
        tls: v.tls,
        http: v.http,
        passive: {
          outcome: v.passive.outcome,
          atMs: v.passive.atMs === null ? null : Math.round(v.passive.atMs),
          connectMs: v.passive.connectMs === null ? null : Math.round(v.passive.connectMs),
        },
        probes: v.probes.map((p) => ({ ...p, firstByteMs: p.firstByteMs === null ? null : Math.round(p.firstByteMs) })),
        send,
        linkerd: mesh?.linkerd ?? null,
        suggestions: mesh?.suggestions ?? [],
        notes: mesh === null || mesh.notes.length === 0 ? v.notes : [...v.notes, ...mesh.notes],
        error: v.error,
      };
    }),
  );
}
