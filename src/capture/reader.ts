/**
 * Streaming capture reader: push chunks of any size, get frames through a callback. Sniffs the
 * format from the first 4 bytes, keeps at most one partial record between chunks (bounded by
 * MAX_RECORD_BYTES; only that record's bytes are copied when it is completed from the next chunk),
 * and never throws on bad input: reading stops with a ReadEnd saying where and why.
 */
import type { FormatDecoder, PacketSink } from './decoder.js';
import { PcapDecoder, pcapMagic } from './pcap.js';
import { PcapngDecoder, isPcapng } from './pcapng.js';
import type { CaptureFormat, CapturedPacket, ReadEnd } from './types.js';

const MAGIC_BYTES = 4;

export class CaptureReader {
  private decoder: (FormatDecoder & { readonly format: CaptureFormat }) | null = null;
  /** A partial unit carried over between chunks (a copy: callers may reuse their buffers). */
  private pending: Uint8Array | null = null;
  /** Bytes of input received so far; `pending` is always the last pending.length of them. */
  private received = 0;
  private frames = 0;
  private stopped: ReadEnd | null = null;
  private readonly sink: PacketSink;

  constructor(onPacket: (packet: CapturedPacket) => void) {
    this.sink = (offset, timeMs, linkType, data, origLen) => {
      this.frames++;
      onPacket({ frame: this.frames, offset, timeMs, linkType, data, origLen });
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
    let used = 0;
    // First complete the unit left over from the previous chunk, copying only its bytes.
    while (this.pending !== null && used < chunk.length) {
      const p: Uint8Array = this.pending;
      const need = Math.max(this.decoder === null ? MAGIC_BYTES : this.decoder.needed(p, 0), p.length + 1);
      const take = Math.min(need - p.length, chunk.length - used);
      const joined = new Uint8Array(p.length + take);
      joined.set(p, 0);
      joined.set(chunk.subarray(used, used + take), p.length);
      const at = this.received - p.length;
      used += take;
      this.received += take;
      const rest = this.decode(joined, at);
      if (rest === null) return false;
      this.pending = rest.length > 0 ? rest : null;
    }
    if (used >= chunk.length) return true;
    const at = this.received;
    this.received += chunk.length - used;
    const rest = this.decode(chunk.subarray(used), at);
    if (rest === null) return false;
    this.pending = rest.length > 0 ? rest.slice() : null;
    return true;
  }

  /** Decodes what `buf` (at file offset `at`) holds; returns the undecoded tail, or null once stopped. */
  private decode(buf: Uint8Array, at: number): Uint8Array | null {
    if (this.decoder === null) {
      if (buf.length < MAGIC_BYTES) return buf;
      const magic = pcapMagic(buf);
      if (magic !== null) this.decoder = new PcapDecoder(magic);
      else if (isPcapng(buf)) this.decoder = new PcapngDecoder();
      else {
        this.stopped = { kind: 'not-a-capture', offset: 0, reason: 'not a pcap or pcapng file (unknown magic number)' };
        return null;
      }
    }
    const step = this.decoder.decode(buf, 0, at, this.sink);
    if (step.corrupt !== undefined) {
      this.stopped = { kind: 'corrupt', offset: at + step.pos, reason: step.corrupt };
      this.pending = null;
      return null;
    }
    return buf.subarray(step.pos);
  }

  /** Ends the input and says how reading ended. */
  finish(): ReadEnd {
    if (this.stopped !== null) return this.stopped;
    const p = this.pending;
    if (this.decoder === null) {
      const have = p?.length ?? 0;
      this.stopped = have === 0
        ? { kind: 'not-a-capture', offset: 0, reason: 'the input is empty' }
        : { kind: 'not-a-capture', offset: 0, reason: `the input is only ${have} bytes long` };
    } else if (p !== null) {
      this.stopped = { kind: 'truncated', offset: this.received - p.length, reason: this.decoder.describeIncomplete(p, 0) };
    } else {
      this.stopped = { kind: 'complete' };
    }
    this.pending = null;
    return this.stopped;
  }
}
