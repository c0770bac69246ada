/**
 * Bounds-checked reads over a byte buffer for the matchers: every read outside the buffer yields
 * undefined (or false) instead of throwing, so no input can make a matcher throw.
 */

export function u8(b: Uint8Array, i: number): number | undefined {
  return i >= 0 && i < b.length ? b[i] : undefined;
}

export function u16be(b: Uint8Array, i: number): number | undefined {
  if (i < 0 || i + 2 > b.length) return undefined;
  return ((b[i] as number) << 8) | (b[i + 1] as number);
}

export function u16le(b: Uint8Array, i: number): number | undefined {
  if (i < 0 || i + 2 > b.length) return undefined;
  return (b[i] as number) | ((b[i + 1] as number) << 8);
}

export function u24le(b: Uint8Array, i: number): number | undefined {
  if (i < 0 || i + 3 > b.length) return undefined;
  return (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16);
}

export function u24be(b: Uint8Array, i: number): number | undefined {
  if (i < 0 || i + 3 > b.length) return undefined;
  return ((b[i] as number) << 16) | ((b[i + 1] as number) << 8) | (b[i + 2] as number);
}

export function u32be(b: Uint8Array, i: number): number | undefined {
  if (i < 0 || i + 4 > b.length) return undefined;
  return (((b[i] as number) << 24) >>> 0) + (((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number));
}

export function i32be(b: Uint8Array, i: number): number | undefined {
  const v = u32be(b, i);
  return v === undefined ? undefined : v | 0;
}

export function u32le(b: Uint8Array, i: number): number | undefined {
  if (i < 0 || i + 4 > b.length) return undefined;
  return (((b[i + 3] as number) << 24) >>> 0) + (((b[i + 2] as number) << 16) | ((b[i + 1] as number) << 8) | (b[i] as number));
}

export function i32le(b: Uint8Array, i: number): number | undefined {
  const v = u32le(b, i);
  return v === undefined ? undefined : v | 0;
}

/** True when `b` holds exactly `expected` at offset `at`. */
export function bytesAt(b: Uint8Array, at: number, expected: readonly number[]): boolean {
  if (at < 0 || at + expected.length > b.length) return false;
  for (let i = 0; i < expected.length; i++) if (b[at + i] !== expected[i]) return false;
  return true;
}

/** True when `b` starts with the ASCII text `s`. */
export function startsWithAscii(b: Uint8Array, s: string, at = 0): boolean {
  if (at < 0 || at + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** True when the first min(b.length, s.length) bytes equal the start of `s` (b is a prefix of s, or s of b). */
export function prefixOfAscii(b: Uint8Array, s: string): boolean {
  const n = Math.min(b.length, s.length);
  for (let i = 0; i < n; i++) if (b[i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Latin-1 text of b[from, to) (each byte one char), for anchored regexes. */
export function latin1(b: Uint8Array, from = 0, to = b.length): string {
  const end = Math.min(to, b.length);
  let s = '';
  for (let i = Math.max(0, from); i < end; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

/** Index of the first `value` at or after `from` (before `limit`), or -1. */
export function indexOfByte(b: Uint8Array, value: number, from = 0, limit = b.length): number {
  const end = Math.min(limit, b.length);
  for (let i = Math.max(0, from); i < end; i++) if (b[i] === value) return i;
  return -1;
}

export function isPrintableAscii(c: number): boolean {
  return c >= 0x20 && c < 0x7f;
}

/** True when every byte of b[from, to) is printable ASCII (and the range is non-empty and inside b). */
export function allPrintable(b: Uint8Array, from: number, to: number): boolean {
  if (from < 0 || to > b.length || from >= to) return false;
  for (let i = from; i < to; i++) if (!isPrintableAscii(b[i] as number)) return false;
  return true;
}

/** The first line (without CR/LF) of `b` as latin-1, up to `max` bytes, and whether it ended in LF. */
export function firstLine(b: Uint8Array, max = 1024): { text: string; complete: boolean } {
  const lf = indexOfByte(b, 0x0a, 0, max);
  const end = lf === -1 ? Math.min(b.length, max) : lf;
  let text = latin1(b, 0, end);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  return { text, complete: lf !== -1 };
}

/**
 * Keeps server-supplied text safe to store and print, bounded to `max` source characters: the one
 * rule for server text in every output (docs/commands/probe.md, "Server text"): printable ASCII as
 * is, a backslash as `\\`, CR/LF/TAB as `\r` `\n` `\t`, every other byte as `\xNN`.
 */
const PRINTABLE = /^[\x20-\x5b\x5d-\x7e]*$/;

export function clean(text: string, max = 120): string {
  if (text.length <= max && PRINTABLE.test(text)) return text.trim();
  let out = '';
  for (const ch of text.trim().slice(0, max)) {
    const c = ch.charCodeAt(0);
    if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else out += '\\x' + (c & 0xff).toString(16).padStart(2, '0');
  }
  return out;
}

/** Text a matcher already cleaned (printable ASCII) is only bounded; anything else is cleaned (never escaped twice). */
export function bounded(text: string, max: number): string {
  return /^[\x20-\x7e]*$/.test(text) ? text.trim().slice(0, max) : clean(text, max);
}

/** Decodes a hex string with optional spaces (for data tables and tests). */
export function hex(text: string): Uint8Array {
  const s = text.replace(/\s+/g, '');
  if (s.length % 2 !== 0 || /[^0-9a-fA-F]/.test(s)) throw new Error(`bad hex: ${text}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
