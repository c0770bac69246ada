/**
 * The socket layer: connect with a timeout, and read a bounded reply from a connected stream.
 * Each operation settles exactly once; settling clears every timer, removes listeners and (for reads)
 * destroys the stream. Errors are normalized (net-error.ts) with the original kept as `cause`.
 */
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { connectTimeoutFailure, normalizeNetError, type NetFailure } from './net-error.js';

export type Clock = () => number;
export const monotonic: Clock = () => performance.now();

export type ConnectOutcome =
  | { readonly ok: true; readonly socket: Socket; readonly connectMs: number }
  | { readonly ok: false; readonly failure: NetFailure; readonly atMs: number };

export interface ConnectOptions {
  readonly address: string;
  readonly port: number;
  /** Shown in error messages (`host:port`). */
  readonly label: string;
  readonly timeoutMs: number;
  readonly clock?: Clock;
}

/** Opens a TCP connection; on success the caller owns the socket (it has an error listener that records nothing). */
export function connectTcp(opts: ConnectOptions): Promise<ConnectOutcome> {
  const clock = opts.clock ?? monotonic;
  const t0 = clock();
  return new Promise((resolve) => {
    let settled = false;
    const socket = netConnect({ host: opts.address, port: opts.port, noDelay: true });
    const settle = (outcome: ConnectOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener('connect', onConnect);
      socket.removeListener('error', onError);
      if (!outcome.ok) socket.destroy();
      resolve(outcome);
    };
    const onConnect = (): void => {
      // Errors after connect are the reader's business; this keeps an unhandled 'error' from crashing us meanwhile.
      socket.on('error', ignore);
      settle({ ok: true, socket, connectMs: clock() - t0 });
    };
    const onError = (error: unknown): void => settle({ ok: false, failure: normalizeNetError(error, opts.label), atMs: clock() - t0 });
    const timer = setTimeout(() => settle({ ok: false, failure: connectTimeoutFailure(opts.label, opts.timeoutMs), atMs: clock() - t0 }), opts.timeoutMs);
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}

function ignore(): void {}

/** How a bounded read ended. */
export type ReadEnd =
  | 'complete' // the greeting-complete rule fired
  | 'idle' // quiet for idleMs after data
  | 'cap' // byte cap reached (flood)
  | 'max' // maxAfterFirstMs after the first byte (trickle)
  | 'closed' // peer sent FIN
  | 'reset' // peer reset / socket error
  | 'wait' // no byte within waitMs
  | 'aborted'; // the caller stopped waiting (e.g. an active probe identified the port)

export interface ReadResult {
  readonly bytes: Uint8Array;
  /** Time of the first byte, from the start of the read; null when none came. */
  readonly firstByteMs: number | null;
  readonly end: ReadEnd;
  /** Time the read ended, from its start. */
  readonly endMs: number;
  readonly error?: NetFailure;
}

export interface ReadOptions {
  readonly label: string;
  /** Written before reading (after the error listener is in place). */
  readonly send?: Uint8Array;
  /** How long to wait for the first byte. */
  readonly waitMs: number;
  readonly capBytes: number;
  readonly idleMs: number;
  readonly maxAfterFirstMs: number;
  /** Ends the read early once the bytes so far are a complete message. */
  readonly isComplete?: (bytes: Uint8Array) => boolean;
  /** Stops waiting for a first byte (does not cut a greeting that has started). */
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  /** Leave the stream open at the end (the caller destroys it). */
  readonly keepOpen?: boolean;
}

/** Reads a bounded reply from a connected stream; settles once, always within waitMs + maxAfterFirstMs. */
export function readBounded(stream: Duplex, opts: ReadOptions): Promise<ReadResult> {
  const clock = opts.clock ?? monotonic;
  const t0 = clock();
  return new Promise((resolve) => {
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    let firstByteMs: number | null = null;
    let idleTimer: NodeJS.Timeout | undefined;
    let maxTimer: NodeJS.Timeout | undefined;
    const settle = (end: ReadEnd, error?: NetFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(waitTimer);
      clearTimeout(idleTimer);
      clearTimeout(maxTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      stream.removeListener('close', onClose);
      stream.on('error', ignore);
      if (opts.keepOpen !== true) stream.destroy();
      const bytes = new Uint8Array(Buffer.concat(chunks, size));
      resolve({ bytes, firstByteMs, end, endMs: clock() - t0, ...(error === undefined ? {} : { error }) });
    };
    const onData = (chunk: Buffer): void => {
      if (firstByteMs === null) {
        firstByteMs = clock() - t0;
        clearTimeout(waitTimer);
        maxTimer = setTimeout(() => settle('max'), opts.maxAfterFirstMs);
      }
      const room = opts.capBytes - size;
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(Buffer.from(kept));
      size += kept.length;
      if (size >= opts.capBytes) return settle('cap');
      if (opts.isComplete?.(Buffer.concat(chunks, size)) === true) return settle('complete');
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => settle('idle'), opts.idleMs);
    };
    const onEnd = (): void => settle('closed');
    const onClose = (): void => settle(size > 0 ? 'closed' : 'reset');
    const onError = (error: unknown): void => settle('reset', normalizeNetError(error, opts.label));
    const onAbort = (): void => {
      if (firstByteMs === null) settle('aborted');
    };
    const waitTimer = setTimeout(() => settle('wait'), opts.waitMs);
    stream.on('error', onError);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onClose);
    if (opts.signal?.aborted === true) onAbort();
    else opts.signal?.addEventListener('abort', onAbort);
    if (opts.send !== undefined && opts.send.length > 0 && !settled) stream.write(opts.send);
  });
}
