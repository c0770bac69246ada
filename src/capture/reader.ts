/**
 * Streaming capture reader: push chunks of any size, get frames through a callback. Sniffs the
 * format from the first 4 bytes, keeps at most one partial record between chunks (bounded by
 * MAX_RECORD_BYTES), and never throws on bad input: reading stops with a ReadEnd saying where and why.
 */
import type { FormatDecoder, PacketSink } from './decoder.js';
import { PcapDecoder, pcapMagic } from './pcap.js';
import { PcapngDecoder, isPcapng } from './pcapng.js';
import type { CaptureFormat, CapturedPacket, ReadEnd } from './types.js';

export class CaptureReader {
  private decoder: (FormatDecoder & { readonly format: CaptureFormat }) | null = null;
  private pending: Uint8Array | null = null;
  /** File offset of pending[0] (or of the next chunk when nothing is pending). */
  private base = 0;
  private frames = 0;
  private stopped: ReadEnd | null = null;
  private readonly sink: PacketSink;

  constructor(onPacket: (packet: CapturedPacket) => void) {
    this.sink = (p) => {
      this.frames++;
      onPacket({ ...p, frame: this.frames });
    };
  }

  get format(): CaptureFormat | null {
    return this.decoder?.format ?? null;
  }

  get framesRead(): number {
    return this.frames;
  }

  /** Feeds the next bytes of the file. Returns false once reading has stopped (further chunks are ignored). */
  push(chunk: Uint8Array): boolean {
    if (this.stopped !== null) return false;
    if (chunk.length === 0) return true;
    let buf: Uint8Array;
    if (this.pending === null) buf = chunk;
    else {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending, 0);
      buf.set(chunk, this.pending.length);
    }
    if (this.decoder === null) {
      if (buf.length < 4) {
        this.pending = buf.slice();
        return true;
      }
      const magic = pcapMagic(buf);
      if (magic !== null) this.decoder = new PcapDecoder(magic);
      else if (isPcapng(buf)) this.decoder = new PcapngDecoder();
      else {
        this.stopped = { kind: 'not-a-capture', offset: 0, reason: 'not a pcap or pcapng file (unknown magic number)' };
        return false;
      }
    }
    const step = this.decoder.decode(buf, 0, this.base, this.sink);
    if (step.corrupt !== undefined) {
      this.stopped = { kind: 'corrupt', offset: this.base + step.pos, reason: step.corrupt };
      this.pending = null;
      return false;
    }
    this.base += step.pos;
    // Copy the partial record: the caller may reuse its chunk buffer.
    this.pending = step.pos < buf.length ? buf.slice(step.pos) : null;
    return true;
  }

  /** Ends the input and says how reading ended. */
  finish(): ReadEnd {
    if (this.stopped !== null) return this.stopped;
    if (this.decoder === null) {
      const have = this.pending?.length ?? 0;
      this.stopped = have === 0
        ? { kind: 'not-a-capture', offset: 0, reason: 'the input is empty' }
        : { kind: 'not-a-capture', offset: 0, reason: `the input is only ${have} bytes long` };
    } else if (this.pending !== null) {
      this.stopped = { kind: 'truncated', offset: this.base, reason: this.decoder.describeIncomplete(this.pending, 0) };
    } else {
      this.stopped = { kind: 'complete' };
    }
    this.pending = null;
    return this.stopped;
  }
}
