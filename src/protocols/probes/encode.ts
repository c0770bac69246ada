/** Tiny encoders for the probe payloads (BER for LDAP, BSON for MongoDB, length prefixes). */
import { ascii, concat } from '../bytes.js';

/** BER TLV with a definite length (short or long form). */
export function ber(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat(Uint8Array.from([tag, ...len]), content);
}

export function berOctets(text: string, tag = 0x04): Uint8Array {
  return ber(tag, ascii(text));
}

function i32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, n, true);
  return b;
}

/** A BSON document of int32 and string fields. */
export function bsonDoc(fields: ReadonlyArray<readonly [string, number | string]>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [key, value] of fields) {
    if (typeof value === 'number') parts.push(Uint8Array.of(0x10), ascii(key), Uint8Array.of(0), i32le(value));
    else parts.push(Uint8Array.of(0x02), ascii(key), Uint8Array.of(0), i32le(value.length + 1), ascii(value), Uint8Array.of(0));
  }
  const body = concat(...parts, Uint8Array.of(0));
  return concat(i32le(body.length + 4), body);
}

/** MongoDB OP_MSG with one body section. */
export function opMsg(requestId: number, doc: Uint8Array): Uint8Array {
  const body = concat(i32le(0), Uint8Array.of(0), doc);
  return concat(i32le(16 + body.length), i32le(requestId), i32le(0), i32le(2013), body);
}

/** MongoDB OP_QUERY on `collection` (legacy; still accepted for hello/isMaster). */
export function opQuery(requestId: number, collection: string, doc: Uint8Array): Uint8Array {
  const body = concat(i32le(0), ascii(collection), Uint8Array.of(0), i32le(0), i32le(-1), doc);
  return concat(i32le(16 + body.length), i32le(requestId), i32le(0), i32le(2004), body);
}

export function u32beBytes(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

export function u16beBytes(n: number): Uint8Array {
  return Uint8Array.of((n >>> 8) & 0xff, n & 0xff);
}
