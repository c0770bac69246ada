/**
 * IPv4 / IPv6 / TCP decoding of one frame into a TCP segment, or the reason it is not one.
 * IPv4 options are skipped by IHL; fragments are not reassembled (counted). IPv6 extension headers
 * (hop-by-hop, routing, destination options, fragment, AH, mobility, HIP, shim6) are walked.
 * Sources: RFC 791 section 3.1, RFC 8200 sections 4 and 4.5, RFC 4302 section 2.2, RFC 9293 section 3.1.
 */
import { ipStart } from './link-layer.js';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

export interface TcpSegment {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  /** Captured payload bytes (a view, valid during the callback). */
  readonly payload: Uint8Array;
  /** Payload length on the wire, from the IP length fields (>= payload.length when the snaplen cut it). */
  readonly wireLength: number;
}

export type SegmentSkip = 'unsupported-link-type' | 'non-ip' | 'non-tcp' | 'fragment' | 'malformed';

const PROTO_TCP = 6;
/** IPv6 extension headers with the generic (next header, length in 8-octet units - 1) layout. */
const V6_GENERIC_EXT = new Set([0, 43, 60, 135, 139, 140]);
const V6_FRAGMENT = 44;
const V6_AH = 51;

export function decodeSegment(linkType: number, d: Uint8Array): TcpSegment | SegmentSkip {
  const ip = ipStart(linkType, d);
  if (typeof ip !== 'number') return ip;
  const version = (d[ip] as number) >> 4;
  let src: string;
  let dst: string;
  let l4: number;
  let l4End: number;
  if (version === 4) {
    if (d.length < ip + 20) return 'malformed';
    const ihl = ((d[ip] as number) & 0x0f) * 4;
    if (ihl < 20) return 'malformed';
    const total = ((d[ip + 2] as number) << 8) | (d[ip + 3] as number);
    const frag = (((d[ip + 6] as number) & 0x3f) << 8) | (d[ip + 7] as number); // MF bit and offset
    if (frag !== 0) return 'fragment';
    if (d[ip + 9] !== PROTO_TCP) return 'non-tcp';
    src = `${d[ip + 12]}.${d[ip + 13]}.${d[ip + 14]}.${d[ip + 15]}`;
    dst = `${d[ip + 16]}.${d[ip + 17]}.${d[ip + 18]}.${d[ip + 19]}`;
    l4 = ip + ihl;
    // A zero total length is what segmentation offload leaves in captures: trust the captured length.
    l4End = total === 0 ? d.length : ip + total;
  } else if (version === 6) {
    if (d.length < ip + 40) return 'malformed';
    const payloadLen = ((d[ip + 4] as number) << 8) | (d[ip + 5] as number);
    let next = d[ip + 6] as number;
    src = ipv6(d, ip + 8);
    dst = ipv6(d, ip + 24);
    l4 = ip + 40;
    l4End = payloadLen === 0 ? d.length : l4 + payloadLen; // 0 = jumbogram or offload
    for (let guard = 0; next !== PROTO_TCP; guard++) {
      if (guard > 16 || d.length < l4 + 8) return next === 59 || !isV6Ext(next) ? 'non-tcp' : 'malformed';
      if (V6_GENERIC_EXT.has(next)) {
        const len = ((d[l4 + 1] as number) + 1) * 8;
        next = d[l4] as number;
        l4 += len;
      } else if (next === V6_FRAGMENT) {
        const offsetAndM = (((d[l4 + 2] as number) << 8) | (d[l4 + 3] as number)) & 0xfff9;
        if (offsetAndM !== 0) return 'fragment'; // an atomic fragment (offset 0, M 0) is a whole packet
        next = d[l4] as number;
        l4 += 8;
      } else if (next === V6_AH) {
        const len = ((d[l4 + 1] as number) + 2) * 4;
        next = d[l4] as number;
        l4 += len;
      } else {
        return 'non-tcp'; // ESP (50), ICMPv6, UDP, no next header (59), ...
      }
    }
  } else {
    return 'non-ip';
  }
  if (d.length < l4 + 20) return 'malformed';
  const dataOffset = ((d[l4 + 12] as number) >> 4) * 4;
  if (dataOffset < 20 || d.length < l4 + dataOffset || l4End < l4 + dataOffset) return 'malformed';
  const start = l4 + dataOffset;
  const capturedEnd = Math.min(d.length, l4End);
  return {
    src,
    dst,
    sport: ((d[l4] as number) << 8) | (d[l4 + 1] as number),
    dport: ((d[l4 + 2] as number) << 8) | (d[l4 + 3] as number),
    seq: be32(d, l4 + 4),
    ack: be32(d, l4 + 8),
    flags: d[l4 + 13] as number,
    payload: d.subarray(start, capturedEnd),
    wireLength: l4End - start,
  };
}

function isV6Ext(next: number): boolean {
  return V6_GENERIC_EXT.has(next) || next === V6_FRAGMENT || next === V6_AH;
}

function be32(d: Uint8Array, at: number): number {
  return (((d[at] as number) << 24) | ((d[at + 1] as number) << 16) | ((d[at + 2] as number) << 8) | (d[at + 3] as number)) >>> 0;
}

/** RFC 5952 text form: lower-case hex, longest run (>= 2) of zero groups as `::`. */
export function ipv6(d: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((d[at + 2 * i] as number) << 8) | (d[at + 2 * i + 1] as number));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
