/** The knowledge base's client probes (ACTIVE_PROBES) that apply to a port, run as raw exchanges. */
import { ACTIVE_PROBES, type ActiveProbe } from '../protocols/index.js';
import { PORT_ONLY_PROBES } from '../protocols/probes/index.js';
import { PROBE_READ_CAP_BYTES } from './constants.js';
import { exchange } from './exchange.js';
import { probeRecord } from './probe-record.js';
import type { ProbeContext } from './probe-context.js';
import type { ProbeRecord } from './types.js';

/**
 * Pure: the knowledge-base probes to run on `port`: the ones for this port number first, then the
 * `any` ones, then every other safe probe in knowledge-base order (how common the protocol is), so
 * a silent server is named on any port (DNS, MQTT, SOCKS, ZooKeeper, LDAP, git, epmd, Erlang...).
 * Probes in PORT_ONLY_PROBES run on their own ports only.
 */
export function kbProbesFor(port: number, probes: readonly ActiveProbe[] = ACTIVE_PROBES): ActiveProbe[] {
  const specific = probes.filter((p) => p.ports !== 'any' && p.ports.includes(port));
  const any = probes.filter((p) => p.ports === 'any');
  const rest = probes.filter((p) => p.ports !== 'any' && !p.ports.includes(port) && !PORT_ONLY_PROBES.has(p.id));
  return [...specific, ...any, ...rest];
}

/** Pure: kbProbesFor split into this port's own and the `any` probes (`first`) and the rest (`rest`, by commonness). */
export function splitKbProbes(port: number, probes: readonly ActiveProbe[] = ACTIVE_PROBES): { first: ActiveProbe[]; rest: ActiveProbe[] } {
  const all = kbProbesFor(port, probes);
  const first = all.filter((p) => p.ports === 'any' || p.ports.includes(port));
  return { first, rest: all.filter((p) => !first.includes(p)) };
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
