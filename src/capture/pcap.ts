/**
 * Classic libpcap files: 24-byte global header, then 16-byte record headers and frames.
 * Both byte orders, microsecond (a1b2c3d4) and nanosecond (a1b23c4d) magic.
 * Source: draft-ietf-opsawg-pcap (sections 4 and 5), libpcap sf-pcap.c.
 */
import { MAX_RECORD_BYTES, u16, u32, type DecodeStep, type FormatDecoder, type PacketSink } from './decoder.js';
import type { CaptureFormat } from './types.js';

const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

export interface PcapMagic {
  readonly littleEndian: boolean;
  readonly nanoseconds: boolean;
}

/** Recognises the four pcap magic numbers from the first 4 bytes. */
export function pcapMagic(b: Uint8Array): PcapMagic | null {
  if (b.length < 4) return null;
  const be = u32(b, 0, false);
  if (be === 0xa1b2c3d4) return { littleEndian: false, nanoseconds: false };
  if (be === 0xd4c3b2a1) return { littleEndian: true, nanoseconds: false };
  if (be === 0xa1b23c4d) return { littleEndian: false, nanoseconds: true };
  if (be === 0x4d3cb2a1) return { littleEndian: true, nanoseconds: true };
  return null;
}

export class PcapDecoder implements FormatDecoder {
  readonly format: CaptureFormat;
  private readonly le: boolean;
  private readonly fracPerMs: number;
  private linkType = -1;
  private headerDone = false;

  constructor(magic: PcapMagic) {
    this.le = magic.littleEndian;
    this.fracPerMs = magic.nanoseconds ? 1e6 : 1e3;
    this.format = magic.nanoseconds ? 'pcap-ns' : 'pcap';
  }

  decode(buf: Uint8Array, pos: number, base: number, emit: PacketSink): DecodeStep {
    const end = buf.length;
    if (!this.headerDone) {
      if (end - pos < GLOBAL_HEADER) return { pos };
      const major = u16(buf, pos + 4, this.le);
      if (major !== 2) return { pos, corrupt: `unsupported pcap version ${major}.${u16(buf, pos + 6, this.le)}` };
      // The link-type field's lower 16 bits are the LINKTYPE; the upper bits carry FCS information.
      this.linkType = u32(buf, pos + 20, this.le) & 0xffff;
      this.headerDone = true;
      pos += GLOBAL_HEADER;
    }
    const le = this.le;
    while (end - pos >= RECORD_HEADER) {
      const capLen = u32(buf, pos + 8, le);
      if (capLen > MAX_RECORD_BYTES) return { pos, corrupt: `record claims ${capLen} captured bytes` };
      if (end - pos - RECORD_HEADER < capLen) break;
      const sec = u32(buf, pos, le);
      const frac = u32(buf, pos + 4, le);
      const origLen = u32(buf, pos + 12, le);
      const start = pos + RECORD_HEADER;
      emit(base + pos, sec * 1000 + frac / this.fracPerMs, this.linkType, buf.subarray(start, start + capLen), Math.max(origLen, capLen));
      pos = start + capLen;
    }
    return { pos };
  }

  needed(buf: Uint8Array, pos: number): number {
    const have = buf.length - pos;
    if (!this.headerDone) return GLOBAL_HEADER;
    if (have < RECORD_HEADER) return RECORD_HEADER;
    return RECORD_HEADER + Math.min(u32(buf, pos + 8, this.le), MAX_RECORD_BYTES + 1);
  }

  describeIncomplete(buf: Uint8Array, pos: number): string {
    const have = buf.length - pos;
    if (!this.headerDone) return `the file ends inside the pcap header (${have} of ${GLOBAL_HEADER} bytes)`;
    if (have < RECORD_HEADER) return `the file ends inside a record header (${have} of ${RECORD_HEADER} bytes)`;
    return `the file ends inside a packet (${have - RECORD_HEADER} of ${u32(buf, pos + 8, this.le)} bytes)`;
  }
}
