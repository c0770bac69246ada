/** The contract between the capture reader and one file format's decoder (pcap, pcapng). */

/** A record/block longer than this is treated as corruption, not buffered (keeps memory bounded). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Receives one frame: positional arguments, so the hot path builds a single object per frame. */
export type PacketSink = (offset: number, timeMs: number | null, linkType: number, data: Uint8Array, origLen: number) => void;

export interface DecodeStep {
  /** Position after the last whole unit consumed. */
  readonly pos: number;
  /** Set when the bytes at `pos` cannot be a valid unit: reading stops there. */
  readonly corrupt?: string;
}

export interface FormatDecoder {
  /**
   * Decodes every whole unit in buf[pos..end). `base` is the file offset of buf[0].
   * Never reads past `end`; an incomplete unit is left for the next call.
   */
  decode(buf: Uint8Array, pos: number, base: number, emit: PacketSink): DecodeStep;
  /**
   * Bytes the unit starting at buf[pos] needs in total, from its header (or the smallest header
   * size when even that is incomplete). Lets the reader join a record split across chunks without
   * copying the whole next chunk.
   */
  needed(buf: Uint8Array, pos: number): number;
  /** Explains an incomplete unit left at the end of the input (for the truncation note). */
  describeIncomplete(buf: Uint8Array, pos: number): string;
}

export function u16(b: Uint8Array, at: number, le: boolean): number {
  return le ? (b[at] as number) | ((b[at + 1] as number) << 8) : ((b[at] as number) << 8) | (b[at + 1] as number);
}

export function u32(b: Uint8Array, at: number, le: boolean): number {
  const x0 = b[at] as number;
  const x1 = b[at + 1] as number;
  const x2 = b[at + 2] as number;
  const x3 = b[at + 3] as number;
  return le ? (x0 | (x1 << 8) | (x2 << 16) | (x3 << 24)) >>> 0 : ((x0 << 24) | (x1 << 16) | (x2 << 8) | x3) >>> 0;
}
