/** Probes every target concurrently (never more sockets than `concurrency` open at once) and adds Linkerd's verdict. */
import { createLimiter, type Limiter } from './limiter.js';
import { probeTarget, systemResolver, type Resolver, type TargetOptions } from './probe-target.js';
import { meshVerdict, type MeshOptions } from './mesh.js';
import { clientVerdict } from './client-verdict.js';
import { monotonic, type Clock } from './socket.js';
import type { Target } from './targets.js';
import type { ClientBytesVerdict, ProbeRecord, TargetResult } from './types.js';
import type { Verdict } from './verdict.js';
import { escapeText } from '../term/escape.js';
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
  /** false: Linkerd's notes are left out of `notes` (`--mesh istio` reports its own verdict, src/mesh/istio-probe.ts, and drops `linkerd`). Default true. */
  readonly linkerdVerdict?: boolean;
  /** Injected by tests and the bench to read the peak number of sockets; default: a new one of size `concurrency`. */
  readonly limiter?: Limiter;
}

/** How many targets are in progress at once per socket of --concurrency (each needs at least its passive socket). */
const TARGETS_PER_SLOT = 1;

/**
 * Probes the targets through a bounded pool (never every target at once: a 65,535-port sweep keeps
 * only a few hundred in flight), resolving each host name once per run. Results keep target order.
 */
export async function runProbe(targets: readonly Target[], o: RunProbeOptions): Promise<TargetResult[]> {
  const limiter = o.limiter ?? createLimiter(o.concurrency);
  const names = new Map<string, Promise<string>>();
  const resolver = o.resolve ?? systemResolver;
  const cachedResolve: Resolver = (host) => {
    let p = names.get(host);
    if (p === undefined) {
      p = resolver(host);
      names.set(host, p);
    }
    return p;
  };
  const targetOptions: TargetOptions = {
    waitMs: o.waitMs,
    connectTimeoutMs: o.connectTimeoutMs,
    active: o.active,
    forceActive: o.forceActive ?? new Set(),
    version: o.version,
    limiter,
    clock: o.clock ?? monotonic,
    resolve: cachedResolve,
    ...(o.sni === undefined ? {} : { sni: o.sni }),
    ...(o.kbProbes === undefined ? {} : { kbProbes: o.kbProbes }),
    ...(o.activeDelayMs === undefined ? {} : { activeDelayMs: o.activeDelayMs }),
  };
  const send = o.send === undefined ? null : clientVerdict(o.send, o.version);
  const results: TargetResult[] = new Array<TargetResult>(targets.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const i = next++;
      const target = targets[i] as Target;
      const { verdict, address } = await probeTarget(target, targetOptions);
      results[i] = toResult(target, verdict, address, send, o);
      done++;
      o.onProgress?.(done, targets.length);
    }
  };
  const workers = Math.max(1, Math.min(targets.length, Math.ceil(o.concurrency * TARGETS_PER_SLOT)));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

const round = (v: number | null): number | null => (v === null ? null : Math.round(v));

function roundProbe(p: ProbeRecord): ProbeRecord {
  if (p.outcome === 'identified' || p.outcome === 'no-match') return { ...p, firstByteMs: round(p.firstByteMs) };
  return p;
}

/**
 * The reported shape, keys in the documented order: an open port gets Linkerd's verdict; a failed
 * one only its error. Written as plain literals (no spreads): a full-range sweep builds 65,535 of them.
 */
function toResult(target: Target, v: Verdict, address: string | null, send: ClientBytesVerdict | null, o: RunProbeOptions): TargetResult {
  const id = v.identification;
  // Certificate names are server text: escaped by the one rule (docs/commands/probe.md, Server text).
  const tls = v.tls === null ? null : { ...v.tls, subject: v.tls.subject === null ? null : escapeText(v.tls.subject), sans: v.tls.sans.map(escapeText) };
  const passive = { outcome: v.passive.outcome, atMs: round(v.passive.atMs), connectMs: round(v.passive.connectMs) };
  const probes = v.probes.length === 0 ? NO_PROBES : v.probes.map(roundProbe);
  if (v.state === 'open' && address !== null) {
    // An unidentified port is assessed as "port N", never as a protocol called unknown.
    const mesh = meshVerdict({ port: target.port, protocol: id === null || id.protocol === 'unknown' ? null : id.protocol, firstSpeaker: v.firstSpeaker, address }, o);
    return {
      target: target.label, host: target.host, address, port: target.port, state: 'open', firstSpeaker: v.firstSpeaker, firstByteMs: round(v.firstByteMs),
      protocol: id?.protocol ?? null, version: id?.version ?? null, product: id?.product ?? null, signature: id?.signature ?? null, candidates: v.candidates,
      banner: v.banner, tls, http: v.http, passive, probes, send,
      linkerd: mesh.linkerd, suggestions: mesh.suggestions, notes: o.linkerdVerdict === false || mesh.notes.length === 0 ? v.notes : [...v.notes, ...mesh.notes], error: v.error,
    };
  }
  return {
    target: target.label, host: target.host, address, port: target.port, state: v.state === 'open' ? 'error' : v.state, firstSpeaker: v.firstSpeaker === 'client' ? 'client' : null, firstByteMs: null,
    protocol: id?.protocol ?? null, version: id?.version ?? null, product: id?.product ?? null, signature: id?.signature ?? null, candidates: v.candidates,
    banner: null, tls, http: v.http, passive, probes, send,
    linkerd: null, suggestions: NO_SUGGESTIONS, notes: v.notes, error: v.error ?? `${target.label}: ${v.state}`,
  };
}

const NO_PROBES: readonly ProbeRecord[] = Object.freeze([]);
const NO_SUGGESTIONS: readonly never[] = Object.freeze([]);
