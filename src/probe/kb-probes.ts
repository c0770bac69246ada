/** The knowledge base's client probes (ACTIVE_PROBES) that apply to a port, run as raw exchanges. */
import { ACTIVE_PROBES, type ActiveProbe } from '../protocols/index.js';
import { PROBE_READ_CAP_BYTES } from './constants.js';
import { exchange } from './exchange.js';
import { probeRecord } from './probe-record.js';
import type { ProbeContext } from './probe-context.js';
import type { ProbeRecord } from './types.js';

/** Pure: the knowledge-base probes to run on `port` (port-specific ones first, then the `any` ones). */
export function kbProbesFor(port: number, probes: readonly ActiveProbe[] = ACTIVE_PROBES): ActiveProbe[] {
  const specific = probes.filter((p) => p.ports !== 'any' && p.ports.includes(port));
  const any = probes.filter((p) => p.ports === 'any');
  return [...specific, ...any];
}

/** Pure: the knowledge-base probes kbProbesFor(port) did not include (the second wave for unidentified responders). */
export function remainingKbProbes(port: number, probes: readonly ActiveProbe[] = ACTIVE_PROBES): ActiveProbe[] {
  const first = new Set(kbProbesFor(port, probes).map((p) => p.id));
  return probes.filter((p) => !first.has(p.id));
}

export async function runKbProbe(ctx: ProbeContext, probe: ActiveProbe): Promise<ProbeRecord> {
  const cap = Math.min(Math.max(probe.readMax, 1), PROBE_READ_CAP_BYTES);
  const t = await exchange(ctx, probe.send, cap, (b) => {
    try {
      return probe.match(b) !== null;
    } catch {
      return false; // reported by probeRecord
    }
  });
  return probeRecord(ctx, probe.id, probe.send, t, (b) => probe.match(b));
}
