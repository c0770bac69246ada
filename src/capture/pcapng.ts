/**
 * pcapng: blocks of `type, total length, body, total length`. Handled: section header (either byte
 * order, several sections), interface description (link type, if_tsresol, if_tsoffset per interface),
 * enhanced, simple and obsolete packet blocks. Every other block type is skipped by its length.
 * Source: draft-ietf-opsawg-pcapng (sections 3, 4.1-4.4), Wireshark wiretap/pcapng.c.
 */
import { MAX_RECORD_BYTES, u16, u32, type DecodeStep, type FormatDecoder, type PacketSink } from './decoder.js';

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const OPB = 0x00000002; // obsolete packet block (pcapng 1.0)
const SPB = 0x00000003;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;
const TWO_32 = 4294967296;

interface Interface {
  readonly linkType: number;
  readonly snapLen: number;
  /** Timestamp ticks per second (if_tsresol; default 10^6). */
  readonly ticksPerSecond: number;
  /** if_tsoffset, in seconds. */
  readonly offsetSeconds: number;
}

/** True when the first 4 bytes are a section header block's type. */
export function isPcapng(b: Uint8Array): boolean {
  return b.length >= 4 && u32(b, 0, false) === SHB;
}

export class PcapngDecoder implements FormatDecoder {
  readonly format = 'pcapng' as const;
  private le = true;
  private inSection = false;
  private interfaces: Interface[] = [];

  decode(buf: Uint8Array, pos: number, base: number, emit: PacketSink): DecodeStep {
    const end = buf.length;
    while (end - pos >= 12) {
      const type = u32(buf, pos, this.le);
      if (type === SHB) {
        // The byte-order magic decides how this section (including this block's lengths) is read.
        const magicBe = u32(buf, pos + 8, false);
        if (magicBe === BYTE_ORDER_MAGIC) this.le = false;
        else if (u32(buf, pos + 8, true) === BYTE_ORDER_MAGIC) this.le = true;
        else return { pos, corrupt: 'section header block without a valid byte-order magic' };
        this.inSection = true;
        this.interfaces = [];
      } else if (!this.inSection) {
        return { pos, corrupt: 'pcapng data before any section header block' };
      }
      const le = this.le;
      const total = u32(buf, pos + 4, le);
      if (total < 12 || total % 4 !== 0 || total > MAX_RECORD_BYTES) {
        return { pos, corrupt: `block of type 0x${type.toString(16)} has an invalid length ${total}` };
      }
      if (end - pos < total) break;
      if (u32(buf, pos + total - 4, le) !== total) {
        return { pos, corrupt: `block of type 0x${type.toString(16)}: trailing length does not match ${total}` };
      }
      const bodyEnd = pos + total - 4;
      const problem = this.block(type, buf, pos, bodyEnd, base, emit);
      if (problem !== null) return { pos, corrupt: problem };
      pos += total;
    }
    return { pos };
  }

  /** Handles one whole block; returns a corruption reason or null. */
  private block(type: number, buf: Uint8Array, pos: number, bodyEnd: number, base: number, emit: PacketSink): string | null {
    const le = this.le;
    const body = pos + 8;
    switch (type) {
      case SHB: {
        if (bodyEnd - body < 16) return 'section header block too short';
        const major = u16(buf, body + 4, le);
        if (major !== 1) return `unsupported pcapng version ${major}`;
        return null;
      }
      case IDB: {
        if (bodyEnd - body < 8) return 'interface description block too short';
        this.interfaces.push(this.parseInterface(buf, body, bodyEnd));
        return null;
      }
      case EPB:
      case OPB: {
        if (bodyEnd - body < 20) return 'packet block too short';
        const ifId = type === EPB ? u32(buf, body, le) : u16(buf, body, le);
        const hi = u32(buf, body + 4, le);
        const lo = u32(buf, body + 8, le);
        const capLen = u32(buf, body + 12, le);
        const origLen = u32(buf, body + 16, le);
        const start = body + 20;
        if (capLen > bodyEnd - start) return `packet block claims ${capLen} captured bytes in a ${bodyEnd - start}-byte body`;
        const iface = this.interfaces[ifId];
        emit(
          base + pos,
          iface === undefined ? null : ((hi * TWO_32 + lo) / iface.ticksPerSecond + iface.offsetSeconds) * 1000,
          iface === undefined ? -1 : iface.linkType,
          buf.subarray(start, start + capLen),
          Math.max(origLen, capLen),
        );
        return null;
      }
      case SPB: {
        if (bodyEnd - body < 4) return 'simple packet block too short';
        const origLen = u32(buf, body, le);
        const iface = this.interfaces[0];
        const snap = iface === undefined || iface.snapLen === 0 ? Infinity : iface.snapLen;
        const capLen = Math.min(origLen, bodyEnd - body - 4, snap);
        emit(base + pos, null, iface === undefined ? -1 : iface.linkType, buf.subarray(body + 4, body + 4 + capLen), Math.max(origLen, capLen));
        return null;
      }
      default:
        return null; // name resolution, interface statistics, custom, decryption secrets, ...: not needed
    }
  }

  private parseInterface(buf: Uint8Array, body: number, bodyEnd: number): Interface {
    const le = this.le;
    const linkType = u16(buf, body, le);
    const snapLen = u32(buf, body + 4, le);
    let ticksPerSecond = 1e6;
    let offsetSeconds = 0;
    let at = body + 8;
    while (bodyEnd - at >= 4) {
      const code = u16(buf, at, le);
      const len = u16(buf, at + 2, le);
      const value = at + 4;
      if (code === OPT_END || value + len > bodyEnd) break;
      if (code === IF_TSRESOL && len >= 1) {
        const r = buf[value] as number;
        // High bit clear: 10^-r seconds; set: 2^-(r & 0x7f).
        ticksPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      } else if (code === IF_TSOFFSET && len >= 8) {
        const hi = u32(buf, value + (le ? 4 : 0), le) | 0; // signed 64-bit seconds
        const lo = u32(buf, value + (le ? 0 : 4), le);
        offsetSeconds = hi * TWO_32 + lo;
      }
      at = value + len + ((4 - (len % 4)) % 4);
    }
    return { linkType, snapLen, ticksPerSecond, offsetSeconds };
  }

  needed(buf: Uint8Array, pos: number): number {
    if (buf.length - pos < 12) return 12;
    // A section header's own length is in the byte order its magic (bytes 8-11) announces.
    const le = u32(buf, pos, this.le) === SHB ? u32(buf, pos + 8, false) !== BYTE_ORDER_MAGIC : this.le;
    const total = u32(buf, pos + 4, le);
    return Math.min(Math.max(total, 12), MAX_RECORD_BYTES + 4);
  }

  describeIncomplete(buf: Uint8Array, pos: number): string {
    const have = buf.length - pos;
    if (have < 12) return `the file ends inside a block header (${have} bytes)`;
    return `the file ends inside a block of type 0x${u32(buf, pos, this.le).toString(16)} (${have} of ${u32(buf, pos + 4, this.le)} bytes)`;
  }
}
