/**
 * One target: the passive connection, and (once it is up, after a short delay) the active probes on
 * their own connections, all at once. Every socket goes through the run's limiter.
 */
import { lookup } from 'node:dns/promises';
import { setMaxListeners } from 'node:events';
import { ACTIVE_GRACE_MS, ACTIVE_START_DELAY_MS, PRINTER_PORTS, REST_PROBES_PER_TARGET, REST_PROBE_WAIT_MS } from './constants.js';
import { passiveProbe, type PassiveResult } from './passive.js';
import { probeTls, type TlsProbeResult } from './tls-probe.js';
import { probeHttp, type HttpProbeResult } from './http-probe.js';
import { probeH2c } from './h2c-probe.js';
import { runKbProbe, splitKbProbes } from './kb-probes.js';
import { confirmGreeting } from './confirm-greeting.js';
import { decide, type Evidence, type Verdict } from './verdict.js';
import { errorCode } from './net-error.js';
import type { Limiter } from './limiter.js';
import { STOP_VERDICT, STOP_WINDOW, type ProbeContext } from './probe-context.js';
import type { Clock } from './socket.js';
import type { Target } from './targets.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import { getProtocol, identifyBanner, type ActiveProbe } from '../protocols/index.js';
import type { ProbeRecord } from './types.js';

export type Resolver = (host: string) => Promise<string>;

export const systemResolver: Resolver = async (host) => (await lookup(host)).address;

export interface TargetOptions {
  readonly waitMs: number;
  readonly connectTimeoutMs: number;
  readonly active: boolean;
  /** Ports the user named with --force-active (printer ports get client bytes only then). */
  readonly forceActive: ReadonlySet<number>;
  readonly sni?: string;
  readonly version: LinkerdVersion;
  readonly limiter: Limiter;
  readonly clock: Clock;
  readonly resolve: Resolver;
  /** Knowledge-base probes to consider (default: ACTIVE_PROBES). */
  readonly kbProbes?: readonly ActiveProbe[];
  readonly activeDelayMs?: number;
}

export interface TargetEvidence {
  readonly verdict: Verdict;
  readonly address: string | null;
}

/** Whether a probe's identification names a protocol whose server speaks first (then it must not end the passive wait). */
function speaksFirst(rec: ProbeRecord): boolean {
  const id = rec.identification?.protocol;
  return id !== undefined && id !== 'tls' && getProtocol(id)?.firstSpeaker === 'server';
}

function isPrinterPort(port: number): boolean {
  return port >= PRINTER_PORTS.start && port <= PRINTER_PORTS.end;
}

/** A promise that resolves after `ms`, or as soon as `signal` aborts; its timer never outlives it. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

export async function probeTarget(target: Target, o: TargetOptions): Promise<TargetEvidence> {
  let address: string;
  try {
    address = await o.resolve(target.host);
  } catch (error) {
    const code = errorCode(error);
    const why = code === 'ENOTFOUND' ? 'name not found' : code === 'EAI_AGAIN' ? 'name lookup timed out' : code;
    const verdict = decide({ target, address: null, resolveError: `${target.host}: ${why} (${code})`, passive: null, tls: null, http: null, others: [], activeNote: null });
    return { verdict, address: null };
  }

  const endWait = new AbortController(); // ends the passive wait early
  const stopActive = new AbortController(); // cancels active probes that are no longer needed
  const firstByte = new AbortController(); // fires at the first unsolicited server byte
  // Every probe listens on these (a few dozen with the knowledge base's probes) and removes its
  // listener when it settles; raised only for a port that accepted (closed ports are most of a sweep).
  let listenersRaised = false;
  const raiseListeners = (): void => {
    if (!listenersRaised) setMaxListeners(0, endWait.signal, stopActive.signal, firstByte.signal);
    listenersRaised = true;
  };
  let connected!: () => void;
  const isConnected = new Promise<void>((resolve) => (connected = resolve));

  // The passive socket is served before any active probe (urgent): every target's passive wait starts
  // as early as the budget allows, so a sweep stays near one window; active probes use what is left.
  const passive: Promise<PassiveResult> = o.limiter
    .run(() =>
      passiveProbe({
        address,
        port: target.port,
        label: target.label,
        connectTimeoutMs: o.connectTimeoutMs,
        waitMs: o.waitMs,
        signal: endWait.signal,
        onConnected: () => {
          raiseListeners();
          connected();
        },
        onFirstByte: () => firstByte.abort(),
        clock: o.clock,
      }),
      true,
    )
    .then((r) => {
      connected(); // a failed connect releases the active phase too (it then does nothing)
      // A banner decides the verdict; a full silent window means probes that have not answered by now
      // will not change it (a TLS probe already inside TLS finishes its own inner wait).
      if (!r.connected || r.read.bytes.length > 0) stopActive.abort(STOP_VERDICT);
      else if (r.read.end === 'wait') stopActive.abort(STOP_WINDOW);
      return r;
    });

  let activeNote: string | null = null;
  /** Active probes whose turn for a socket came only after the window ended (--concurrency too small). */
  let starved = 0;
  let tls: TlsProbeResult | null = null;
  let http: HttpProbeResult | null = null;
  let others: ProbeRecord[] = [];
  const printer = isPrinterPort(target.port) && !o.forceActive.has(target.port);
  if (!o.active) activeNote = null;
  else if (printer) activeNote = `no client bytes sent: ${PRINTER_PORTS.start}-${PRINTER_PORTS.end} are printer ports (use --force-active ${target.port})`;
  else {
    await isConnected;
    // A refused connect (stopActive is aborted by then) or a banner ends the wait at once: a closed
    // port must not hold its slot.
    if (!stopActive.signal.aborted) await delay(o.activeDelayMs ?? ACTIVE_START_DELAY_MS, AbortSignal.any([firstByte.signal, stopActive.signal]));
    if (stopActive.signal.aborted || firstByte.signal.aborted) {
      if (firstByte.signal.aborted) activeNote = 'the server spoke first, so no client bytes were sent';
    } else {
      const ctx: ProbeContext = {
        address,
        host: target.host,
        port: target.port,
        label: target.label,
        connectTimeoutMs: o.connectTimeoutMs,
        waitMs: o.waitMs,
        stop: stopActive.signal,
        slot: (fn) =>
          o.limiter.run(() => {
            if (stopActive.signal.aborted && stopActive.signal.reason === STOP_WINDOW) starved++;
            return fn();
          }),
        version: o.version,
        clock: o.clock,
      };
      // A positive client-first identification ends the passive wait, and (after a short grace for
      // probes about to answer) cancels the probes still waiting.
      let graceTimer: NodeJS.Timeout | undefined;
      // Every safe probe of the knowledge base runs at once (kbProbesFor orders them: this port's
      // own first, then by how common the protocol is), each on its own socket from the limiter.
      const seen = (rec: ProbeRecord): void => {
        if (rec.outcome === 'identified' && !speaksFirst(rec)) {
          endWait.abort();
          if (graceTimer === undefined) graceTimer = setTimeout(() => stopActive.abort(STOP_VERDICT), ACTIVE_GRACE_MS);
        } else if (rec.outcome === 'identified') {
          // A server-first greeting seen on a probe's own connection (a late greeter answered it
          // before our passive connection got its banner): the passive wait decides, keep waiting.
        }
      };
      const record = (r: ProbeRecord): ProbeRecord => {
        seen(r);
        return r;
      };
      const { first, rest } = splitKbProbes(target.port, o.kbProbes);
      // The rest of the knowledge base (probes for other ports) runs through a small per-target pool,
      // each with a short wait: on a silent port they name DNS, MQTT, SOCKS, ... on any port, and the
      // socket budget stays a dozen per target, not one per probe.
      const restCtx: ProbeContext = { ...ctx, waitMs: Math.min(o.waitMs, REST_PROBE_WAIT_MS) };
      const restRecords: ProbeRecord[] = new Array<ProbeRecord>(rest.length);
      let nextRest = 0;
      const restWorker = async (): Promise<void> => {
        while (nextRest < rest.length && !stopActive.signal.aborted) {
          const i = nextRest++;
          restRecords[i] = record(await runKbProbe(restCtx, rest[i] as ActiveProbe));
        }
      };
      try {
        [tls, http, others] = await Promise.all([
          probeTls(ctx, o.sni).then((r) => (record(r.record), r)),
          probeHttp(ctx).then((r) => (record(r.record), r)),
          Promise.all([probeH2c(ctx).then(record), ...first.map((p) => runKbProbe(ctx, p).then(record))]),
          Promise.all(Array.from({ length: Math.min(REST_PROBES_PER_TARGET, rest.length) }, restWorker)),
        ]).then(([a, b, c]) => [a, b, [...c, ...restRecords.filter((r) => r !== undefined)]] as const);
      } finally {
        clearTimeout(graceTimer);
      }
      if (starved > 0) activeNote = `${starved} active ${starved === 1 ? 'probe' : 'probes'} got no socket before the wait window ended (other targets' passive connections held them): raise --concurrency to run ${starved === 1 ? 'it' : 'them'}`;
    }
  }
  const passiveResult = await passive;
  // A greeting several protocols share is confirmed on a separate connection (never on a printer
  // port, never with --no-active); without a confirmation it stays unknown with its candidates.
  let confirm: ProbeRecord | null = null;
  if (passiveResult.connected && passiveResult.read.bytes.length > 0 && o.active && !printer) {
    const id = identifyBanner(passiveResult.read.bytes);
    if (id !== null && !id.hard) {
      const never = new AbortController().signal;
      confirm = await confirmGreeting(
        { address, host: target.host, port: target.port, label: target.label, connectTimeoutMs: o.connectTimeoutMs, waitMs: o.waitMs, stop: never, slot: (fn) => o.limiter.run(fn), version: o.version, clock: o.clock },
        id.candidates ?? [id.protocol],
      );
    }
  }
  const evidence: Evidence = { target, address, resolveError: null, passive: passiveResult, tls, http, others, confirm, activeNote };
  return { verdict: decide(evidence), address };
}
