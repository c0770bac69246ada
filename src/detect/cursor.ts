/**
 * A byte cursor with briansmith/untrusted 0.9 semantics, which the proxy's ClientHello parser is
 * written against (docs/detection.md, "The inbound TLS step"): reading past the end of the current
 * window is EndOfInput, and a nested length-prefixed window must be consumed exactly (`read_all`),
 * otherwise EndOfInput as well. Each parse owns its cursor (no module state), so parses may
 * interleave; the cursor also carries what the walk found (where the host_name is).
 */
export const EOI = -1;
export const NONE = 0;
export const SOME = 1;
/** untrusted::EndOfInput, Ok(None), Ok(Some(_)). */
export type ReadStatus = typeof EOI | typeof NONE | typeof SOME;

export class Cursor {
  pos = 0;
  /** Where the walk found the host_name (valid after a SOME from the SNI walk). */
  nameStart = 0;
  nameEnd = 0;
  /** Set once the walk is inside the first record: a rejection there is "no SNI", not "not TLS". */
  insideRecord = false;

  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** read_byte within [pos, end): the byte, or -1 at end of input. */
  readByte(end: number): number {
    if (this.pos >= end) return -1;
    return this.bytes[this.pos++] as number;
  }

  /** read_u16 (big-endian): the value, or -1 at end of input. */
  readU16(end: number): number {
    const p = this.pos;
    if (p + 2 > end) return -1;
    const b = this.bytes;
    this.pos = p + 2;
    return ((b[p] as number) << 8) | (b[p + 1] as number);
  }

  /** skip(n): false at end of input. */
  skip(n: number, end: number): boolean {
    if (this.pos + n > end) return false;
    this.pos += n;
    return true;
  }
}
