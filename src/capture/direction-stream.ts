/**
 * One direction of a TCP connection, reassembled only as far as protocheck needs: the first read
 * (what a socket read would return at the moment the first in-order byte arrives: that segment plus
 * any out-of-order segments it makes contiguous) and a short contiguous prefix after it.
 * Retransmissions are dropped, out-of-order segments wait (bounded), overlaps keep the bytes received
 * first. Sequence numbers are compared modulo 2^32 (RFC 9293 section 3.4).
 */

/** Bytes kept of the contiguous prefix: enough for any ClientHello record (5 + 2^14) and Linkerd's 8 KiB first read (<= 2.9). */
export const PREFIX_MAX = 5 + 16 * 1024;
/** Out-of-order bytes buffered per direction before giving up on them. */
export const PENDING_MAX = 64 * 1024;

interface Pending {
  readonly off: number;
  readonly bytes: Uint8Array;
  /** True when the snaplen cut this segment: bytes after `bytes` are unknown. */
  readonly cut: boolean;
}

export class DirectionStream {
  /** Offset (from ISN + 1) of the next byte the prefix expects. */
  private nextOff = 0;
  private chunks: Uint8Array[] = [];
  private length = 0;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private open = true;
  /** Frame and time of the first segment carrying payload (in order or not). */
  firstPayloadFrame: number | null = null;
  firstPayloadTime: number | null = null;
  /** The first read; null until the first in-order byte has arrived. */
  firstRead: Uint8Array | null = null;
  firstReadFrame: number | null = null;
  /** ACK number carried by the segment that completed the first read (what this side had received then). */
  firstReadAck: number | null = null;
  /** True when the snaplen cut bytes inside the prefix (what follows the cut is unknown). */
  cut = false;
  /** True when out-of-order bytes were dropped for lack of buffer. */
  overflowed = false;

  readonly isn: number;

  constructor(isn: number) {
    this.isn = isn;
  }

  /** Offset from ISN + 1 of a sequence number, near the expected offset (wrap-safe). */
  offsetOf(seq: number): number {
    return this.nextOff + ((seq - ((this.isn + 1 + this.nextOff) >>> 0)) | 0);
  }

  get prefixOpen(): boolean {
    return this.open;
  }

  /** The contiguous bytes collected so far. */
  prefix(): Uint8Array {
    if (this.chunks.length !== 1) {
      const all = new Uint8Array(this.length);
      let at = 0;
      for (const c of this.chunks) {
        all.set(c, at);
        at += c.length;
      }
      this.chunks = [all];
    }
    return this.chunks[0] ?? new Uint8Array(0);
  }

  /** Stops collecting and frees the buffers (the first read is kept). */
  close(): void {
    this.open = false;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Frees everything (after the flow has been classified). */
  release(): void {
    this.close();
    this.chunks = [];
    this.length = 0;
    this.firstRead = null;
  }

  accept(seq: number, payload: Uint8Array, wireLength: number, ack: number, frame: number, time: number | null): void {
    if (wireLength === 0) return;
    if (this.firstPayloadFrame === null) {
      this.firstPayloadFrame = frame;
      this.firstPayloadTime = time;
    }
    if (!this.open) return;
    const off = this.offsetOf(seq);
    const end = off + wireLength;
    if (end <= this.nextOff) return; // retransmission of bytes already in the prefix
    const cut = payload.length < wireLength;
    if (off > this.nextOff) {
      if (this.pendingBytes + payload.length > PENDING_MAX) {
        this.overflowed = true;
        return;
      }
      this.pending.push({ off, bytes: payload.slice(), cut });
      this.pendingBytes += payload.length;
      return;
    }
    this.append(payload.subarray(this.nextOff - off), cut, end);
    this.drain();
    if (this.firstRead === null) {
      this.firstRead = this.prefix().slice(0, PREFIX_MAX);
      this.firstReadFrame = frame;
      this.firstReadAck = ack;
    }
  }

  private append(bytes: Uint8Array, cut: boolean, end: number): void {
    const room = PREFIX_MAX - this.length;
    const take = bytes.length > room ? bytes.subarray(0, room) : bytes;
    if (take.length > 0) {
      this.chunks.push(take.slice());
      this.length += take.length;
    }
    this.nextOff = end;
    if (cut) this.cut = true;
    if (cut || this.length >= PREFIX_MAX) this.close();
  }

  /** Moves pending segments that have become contiguous into the prefix, lowest offset first. */
  private drain(): void {
    if (this.pending.length === 0 || !this.open) return;
    this.pending.sort((a, b) => a.off - b.off);
    while (this.open && this.pending.length > 0) {
      const p = this.pending[0] as Pending;
      if (p.off > this.nextOff) break;
      this.pending.shift();
      this.pendingBytes -= p.bytes.length;
      const end = p.off + p.bytes.length;
      if (end > this.nextOff || (p.cut && end >= this.nextOff)) {
        this.append(p.bytes.subarray(Math.max(0, this.nextOff - p.off)), p.cut, Math.max(end, this.nextOff));
      }
    }
  }
}
