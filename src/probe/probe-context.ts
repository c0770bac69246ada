/** What every active probe of one target gets: where to connect, its bounds, and the shared stop signal. */
import type { LinkerdVersion } from '../linkerd/version.js';
import type { Clock } from './socket.js';

export interface ProbeContext {
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** `host:port`, for messages. */
  readonly label: string;
  readonly connectTimeoutMs: number;
  /** How long a probe waits for a reply (the passive window). */
  readonly waitMs: number;
  /** Aborted when the verdict no longer needs this probe; the reason is STOP_VERDICT or STOP_WINDOW. */
  readonly stop: AbortSignal;
  /** Runs `fn` holding one socket slot of the run's limiter (--concurrency). */
  slot<T>(fn: () => Promise<T>): Promise<T>;
  readonly version: LinkerdVersion;
  readonly clock: Clock;
}

/** Abort reason: the verdict is known (a banner came, or another probe named the protocol). The probe is reported `cancelled`. */
export const STOP_VERDICT = 'verdict';
/** Abort reason: the wait window ended with nothing heard. A probe still waiting is reported `no-reply`. */
export const STOP_WINDOW = 'window';

/** The outcome of a probe stopped by `stop`. */
export function stoppedOutcome(stop: AbortSignal): 'cancelled' | 'no-reply' {
  return stop.reason === STOP_WINDOW ? 'no-reply' : 'cancelled';
}
