/** One raw request/reply on its own connection (h2c and knowledge-base probes), holding one limiter slot. */
import { GREETING_IDLE_MS, GREETING_MAX_MS } from './constants.js';
import { connectTcp, readBounded, type ReadResult } from './socket.js';
import type { ProbeContext } from './probe-context.js';
import type { NetFailure } from './net-error.js';

export type ExchangeResult =
  | { readonly connected: false; readonly failure: NetFailure }
  | { readonly connected: true; readonly read: ReadResult };

export function exchange(ctx: ProbeContext, send: Uint8Array, capBytes: number, isComplete?: (b: Uint8Array) => boolean): Promise<ExchangeResult> {
  return ctx.slot(async () => {
    if (ctx.stop.aborted) return { connected: false, failure: { state: 'error', code: 'PC_CANCELLED', message: `${ctx.label}: cancelled` } };
    const c = await connectTcp({ address: ctx.address, port: ctx.port, label: ctx.label, timeoutMs: ctx.connectTimeoutMs, clock: ctx.clock });
    if (!c.ok) return { connected: false, failure: c.failure };
    const read = await readBounded(c.socket, {
      label: ctx.label,
      send,
      waitMs: ctx.waitMs,
      capBytes,
      idleMs: GREETING_IDLE_MS,
      maxAfterFirstMs: GREETING_MAX_MS,
      signal: ctx.stop,
      clock: ctx.clock,
      ...(isComplete === undefined ? {} : { isComplete }),
    });
    return { connected: true, read };
  });
}
