/**
 * The passive phase: connect, send nothing, and wait for unsolicited bytes. The first byte decides
 * "server speaks first"; the read then goes on briefly to complete the greeting (capped, idle gap).
 */
import { GREETING_CAP_BYTES, GREETING_IDLE_MS, GREETING_MAX_MS } from './constants.js';
import { greetingComplete } from './greeting-complete.js';
import { connectTcp, readBounded, type Clock, type ReadResult } from './socket.js';
import type { NetFailure } from './net-error.js';

export type PassiveResult =
  | { readonly connected: false; readonly failure: NetFailure; readonly atMs: number }
  | { readonly connected: true; readonly connectMs: number; readonly read: ReadResult };

export interface PassiveOptions {
  readonly address: string;
  readonly port: number;
  readonly label: string;
  readonly connectTimeoutMs: number;
  readonly waitMs: number;
  /** Ends the wait early (an active probe identified a client-first protocol). */
  readonly signal: AbortSignal;
  /** Called once the TCP connection is up (the active phase starts from here). */
  readonly onConnected: () => void;
  /** Called at the first server byte. */
  readonly onFirstByte: () => void;
  readonly clock: Clock;
  readonly capBytes?: number;
  readonly idleMs?: number;
}

export async function passiveProbe(o: PassiveOptions): Promise<PassiveResult> {
  const c = await connectTcp({ address: o.address, port: o.port, label: o.label, timeoutMs: o.connectTimeoutMs, clock: o.clock });
  if (!c.ok) return { connected: false, failure: c.failure, atMs: c.atMs };
  o.onConnected();
  let told = false;
  c.socket.once('data', () => {
    if (!told) {
      told = true;
      o.onFirstByte();
    }
  });
  const read = await readBounded(c.socket, {
    label: o.label,
    waitMs: o.waitMs,
    capBytes: o.capBytes ?? GREETING_CAP_BYTES,
    idleMs: o.idleMs ?? GREETING_IDLE_MS,
    maxAfterFirstMs: GREETING_MAX_MS,
    isComplete: greetingComplete,
    signal: o.signal,
    clock: o.clock,
  });
  return { connected: true, connectMs: c.connectMs, read };
}
