/** BER (X.690) definite lengths, shared by the LDAP request and response matchers. */
import { u8 } from './bytes.js';

/** BER length at `at`: short form or long form 81/82/83/84. */
export function berLength(b: Uint8Array, at: number): { len: number; bytes: number } | null {
  const first = u8(b, at);
  if (first === undefined) return null;
  if (first < 0x80) return { len: first, bytes: 1 };
  const n = first & 0x7f;
  if (n < 1 || n > 4) return null;
  let len = 0;
  for (let i = 1; i <= n; i++) {
    const c = u8(b, at + i);
    if (c === undefined) return null;
    len = len * 256 + c;
  }
  return { len, bytes: 1 + n };
}
