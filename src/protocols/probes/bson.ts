/** A bounded BSON reader for probe replies: top-level string, int32, int64 (as number), double and bool fields. */
import { i32le, latin1, indexOfByte, u8 } from '../bytes.js';

export type BsonValue = string | number | boolean;

/** Reads the top-level scalar fields of the document at `at`; nested documents are skipped. */
export function readBsonScalars(b: Uint8Array, at: number): Map<string, BsonValue> | null {
  const size = i32le(b, at);
  if (size === undefined || size < 5 || at + size > b.length) return null;
  const end = at + size - 1;
  const out = new Map<string, BsonValue>();
  let i = at + 4;
  for (let guard = 0; i < end && guard < 512; guard++) {
    const type = u8(b, i);
    if (type === undefined) return null;
    const nul = indexOfByte(b, 0x00, i + 1, end);
    if (nul === -1) return null;
    const key = latin1(b, i + 1, nul);
    i = nul + 1;
    switch (type) {
      case 0x01: {
        if (i + 8 > end) return null;
        out.set(key, new DataView(b.buffer, b.byteOffset + i, 8).getFloat64(0, true));
        i += 8;
        break;
      }
      case 0x02: {
        const l = i32le(b, i);
        if (l === undefined || l < 1 || i + 4 + l > end + 1) return null;
        out.set(key, latin1(b, i + 4, i + 4 + l - 1));
        i += 4 + l;
        break;
      }
      case 0x03:
      case 0x04: {
        const l = i32le(b, i);
        if (l === undefined || l < 5 || i + l > end + 1) return null;
        i += l;
        break;
      }
      case 0x07:
        i += 12;
        break;
      case 0x08:
        out.set(key, b[i] === 1);
        i += 1;
        break;
      case 0x09:
      case 0x11:
      case 0x12: {
        if (i + 8 > end) return null;
        out.set(key, Number(new DataView(b.buffer, b.byteOffset + i, 8).getBigInt64(0, true)));
        i += 8;
        break;
      }
      case 0x10: {
        const v = i32le(b, i);
        if (v === undefined) return null;
        out.set(key, v);
        i += 4;
        break;
      }
      case 0x0a:
        break;
      default:
        return out;
    }
  }
  return out;
}
