/**
 * The proxy's DNS-name check for SNI values: linkerd/linkerd2-proxy:linkerd/dns/name/src/name.rs
 * `is_valid_dns_id` @release/v2.366.0 (webpki's rules plus `_`). Total <= 253 bytes; labels of 1-63
 * bytes of [A-Za-z0-9_-], not starting or ending with `-`; one trailing dot allowed; the last label
 * must not be all digits. Anything else (including every byte >= 0x80, so non-UTF-8 too) is invalid.
 */
export function isValidDnsName(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start > 253 || end <= start) return false;
  let labelLength = 0;
  let allNumeric = false;
  let endsWithHyphen = false;
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    if (b === 0x2d) {
      if (labelLength === 0) return false;
      allNumeric = false;
      endsWithHyphen = true;
      if (++labelLength > 63) return false;
    } else if (b >= 0x30 && b <= 0x39) {
      if (labelLength === 0) allNumeric = true;
      endsWithHyphen = false;
      if (++labelLength > 63) return false;
    } else if ((b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f) {
      allNumeric = false;
      endsWithHyphen = false;
      if (++labelLength > 63) return false;
    } else if (b === 0x2e) {
      if (endsWithHyphen || labelLength === 0) return false;
      labelLength = 0;
    } else return false;
  }
  return !endsWithHyphen && !allNumeric;
}

/** ASCII lower-casing of a valid name (`to_ascii_lowercase`); the trailing dot, if any, is kept. */
export function lowerAscii(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    s += String.fromCharCode(b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
  }
  return s;
}
