/**
 * Link layers: where the IP header starts in a frame. LINKTYPE values from
 * https://www.tcpdump.org/linktypes.html (and libpcap pcap/dlt.h for the raw-IP aliases 12 and 14).
 */

export const LINKTYPE = {
  NULL: 0, // BSD loopback: 4-byte address family in the capturing host's byte order
  ETHERNET: 1,
  RAW_12: 12, // DLT_RAW on most BSDs (and LINKTYPE_RAW's old alias in some files)
  RAW_14: 14, // DLT_RAW on OpenBSD
  RAW: 101,
  LOOP: 108, // OpenBSD loopback: address family in network byte order
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
/** 802.1Q, 802.1ad (QinQ outer tag) and the pre-standard 0x9100 QinQ tag. */
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
/** AF_INET6 on Linux (10), NetBSD/OpenBSD (24), FreeBSD (28), macOS (30). AF_INET is 2 everywhere. */
const AF_INET6 = new Set([10, 24, 28, 30]);

export type LinkResult = number | 'unsupported-link-type' | 'non-ip' | 'malformed';

/** Offset of the IP header in `d`, or why there is none. */
export function ipStart(linkType: number, d: Uint8Array): LinkResult {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return afterEthertype(d, 12);
    case LINKTYPE.LINUX_SLL:
      return afterEthertype(d, 14);
    case LINKTYPE.LINUX_SLL2:
      // protocol type (2), reserved (2), interface index (4), ARPHRD (2), packet type, addr length, addr (8)
      if (d.length < 20) return 'malformed';
      return etherIp(((d[0] as number) << 8) | (d[1] as number), 20, d);
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_12:
    case LINKTYPE.RAW_14:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return d.length >= 1 ? 0 : 'malformed';
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (d.length < 4) return 'malformed';
      const be = (((d[0] as number) << 24) | ((d[1] as number) << 16) | ((d[2] as number) << 8) | (d[3] as number)) >>> 0;
      const le = (((d[3] as number) << 24) | ((d[2] as number) << 16) | ((d[1] as number) << 8) | (d[0] as number)) >>> 0;
      // NULL uses the host's byte order, which the file does not record: the family is a small number either way.
      const family = linkType === LINKTYPE.LOOP || be <= 0xffff ? be : le;
      return family === 2 || AF_INET6.has(family) ? 4 : 'non-ip';
    }
    default:
      return 'unsupported-link-type';
  }
}

/** Ethernet-style: the ethertype at `at`, possibly behind VLAN tags (4 bytes each). */
function afterEthertype(d: Uint8Array, at: number): LinkResult {
  for (let tags = 0; tags < 4; tags++) {
    if (d.length < at + 2) return 'malformed';
    const type = ((d[at] as number) << 8) | (d[at + 1] as number);
    if (!VLAN_TAGS.has(type)) return etherIp(type, at + 2, d);
    at += 4; // TCI (2) then the inner ethertype
  }
  return 'malformed';
}

function etherIp(type: number, start: number, d: Uint8Array): LinkResult {
  if (type !== ETHERTYPE_IPV4 && type !== ETHERTYPE_IPV6) return 'non-ip';
  return d.length > start ? start : 'malformed';
}
