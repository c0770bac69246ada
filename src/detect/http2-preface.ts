/**
 * The HTTP/2 client connection preface (RFC 9113 3.4) and how much of it each proxy compares.
 * 2.10+ (linkerd/http/detect/src/lib.rs): only the first 14 bytes, `PRI * HTTP/2.0`, which is also
 * the size of the smallest HTTP/1 request (`GET / HTTP/1.1`). 2.9 and earlier
 * (linkerd/proxy/http/src/version.rs@release/v2.124.2): the full 24 bytes.
 */
export const H2_PREFACE: Uint8Array = new Uint8Array([
  0x50, 0x52, 0x49, 0x20, 0x2a, 0x20, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x32, 0x2e, 0x30, // PRI * HTTP/2.0
  0x0d, 0x0a, 0x0d, 0x0a, 0x53, 0x4d, 0x0d, 0x0a, 0x0d, 0x0a, // \r\n\r\nSM\r\n\r\n
]);

/** True when bytes[0, n) (n <= available) start with the first `compare` bytes of the preface. */
export function hasH2Preface(bytes: Uint8Array, available: number, compare: number): boolean {
  if (available < compare) return false;
  for (let i = 0; i < compare; i++) if (bytes[i] !== H2_PREFACE[i]) return false;
  return true;
}
