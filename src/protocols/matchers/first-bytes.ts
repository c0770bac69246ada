/** First-byte hints for the matcher engine (Matcher.first). */

/** Every byte from `from` to `to` inclusive, as a latin-1 string. */
export function byteRange(from: number, to: number): string {
  let s = '';
  for (let c = from; c <= to; c++) s += String.fromCharCode(c);
  return s;
}

export const UPPER = byteRange(0x41, 0x5a);
export const LOWER = byteRange(0x61, 0x7a);
