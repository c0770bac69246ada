/**
 * A Duplex over a socket that records the first bytes written through it, so the probe can show (and
 * run the detector on) the exact ClientHello Node's TLS stack sends. Reads and writes pass through.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

export interface Tap {
  readonly stream: Duplex;
  /** The first `cap` bytes written so far. */
  written(): Uint8Array;
}

export function tapSocket(socket: Socket, cap: number): Tap {
  const sent: Buffer[] = [];
  let size = 0;
  const stream = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      if (size < cap) {
        const kept = chunk.subarray(0, cap - size);
        sent.push(Buffer.from(kept));
        size += kept.length;
      }
      socket.write(chunk, (err) => cb(err ?? null));
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy();
      cb(err);
    },
  });
  socket.on('data', (d: Buffer) => {
    if (!stream.push(d)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('error', (e) => stream.destroy(e));
  socket.on('close', () => {
    if (!stream.destroyed) stream.destroy();
  });
  return { stream, written: () => new Uint8Array(Buffer.concat(sent, size)) };
}
