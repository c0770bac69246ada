/**
 * A byte cursor with briansmith/untrusted 0.9 semantics, which the proxy's ClientHello parser is
 * written against: reading past the end of the current window is EndOfInput, and a nested
 * length-prefixed window must be consumed exactly (`read_all`), otherwise EndOfInput as well.
 * One module-level instance is reset per parse, so a parse allocates nothing; not re-entrant.
 */
export const EOI = -1;
export const NONE = 0;
export const SOME = 1;
/** untrusted::EndOfInput, Ok(None), Ok(Some(_)). */
export type ReadStatus = typeof EOI | typeof NONE | typeof SOME;

export const cur = {
  bytes: new Uint8Array(0) as Uint8Array,
  pos: 0,
};

export function reset(bytes: Uint8Array): void {
  cur.bytes = bytes;
  cur.pos = 0;
}

/** read_byte within [pos, end): the byte, or -1 at end of input. */
export function readByte(end: number): number {
  if (cur.pos >= end) return -1;
  return cur.bytes[cur.pos++] as number;
}

/** read_u16 (big-endian): the value, or -1 at end of input. */
export function readU16(end: number): number {
  if (cur.pos + 2 > end) return -1;
  const b = cur.bytes;
  const v = ((b[cur.pos] as number) << 8) | (b[cur.pos + 1] as number);
  cur.pos += 2;
  return v;
}

/** skip(n): false at end of input. */
export function skip(n: number, end: number): boolean {
  if (cur.pos + n > end) return false;
  cur.pos += n;
  return true;
}
