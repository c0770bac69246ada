/**
 * A counting semaphore for sockets: `--concurrency N` means never more than N probe sockets open at
 * once, whatever the number of targets. Waiters are served first come, first served (urgent ones first).
 */
export interface Limiter {
  /**
   * Runs `fn` holding one slot; the slot is released when `fn` settles, even if it throws.
   * `urgent` waiters are served before the others: the probe makes every target's passive connection
   * urgent, so all passive waits start as early as the budget allows and a sweep stays near one wait
   * window; the active probes share the sockets left over, first come, first served.
   */
  run<T>(fn: () => Promise<T>, urgent?: boolean): Promise<T>;
  /** Slots in use now (for tests and the bench). */
  readonly active: number;
  /** Highest number of slots ever in use at once. */
  readonly peak: number;
}

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`limiter size must be a positive integer, got ${max}`);
  let active = 0;
  let peak = 0;
  const queue: Array<() => void> = [];
  const urgentQueue: Array<() => void> = [];
  const release = (): void => {
    active--;
    const next = urgentQueue.shift() ?? queue.shift();
    if (next !== undefined) next();
  };
  const acquire = (urgent: boolean): Promise<void> =>
    new Promise((resolve) => {
      const start = (): void => {
        active++;
        if (active > peak) peak = active;
        resolve();
      };
      if (active < max) start();
      else (urgent ? urgentQueue : queue).push(start);
    });
  return {
    async run<T>(fn: () => Promise<T>, urgent = false): Promise<T> {
      await acquire(urgent);
      try {
        return await fn();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get peak() {
      return peak;
    },
  };
}
