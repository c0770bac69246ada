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
  /** Aborted when the verdict no longer needs this probe (a banner came, the window ended). */
  readonly stop: AbortSignal;
  /** Runs `fn` holding one socket slot of the run's limiter (--concurrency). */
  slot<T>(fn: () => Promise<T>): Promise<T>;
  readonly version: LinkerdVersion;
  readonly clock: Clock;
}
