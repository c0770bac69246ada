/**
 * Shapes shared by the capture readers and the flow analysis. Everything here is plain data:
 * the readers and the flow table are pure (bytes in, values out); only commands/capture-run.ts does I/O.
 */

/** One captured frame as the file format gives it, before any link-layer decoding. */
export interface CapturedPacket {
  /** 1-based frame number in file order (the same numbering as Wireshark/tshark `frame.number`). */
  readonly frame: number;
  /** Byte offset of the record/block in the file. */
  readonly offset: number;
  /** Capture time in milliseconds since the epoch; null when the format has none (pcapng simple packet block). */
  readonly timeMs: number | null;
  /** LINKTYPE_* value of the interface the frame was captured on. */
  readonly linkType: number;
  /** Captured bytes. A view into the reader's buffer: valid only during the callback. */
  readonly data: Uint8Array;
  /** Length on the wire (may exceed data.length when the snaplen cut the frame). */
  readonly origLen: number;
}

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng';

/** Why reading ended. `complete` is the only clean end. */
export type ReadEnd =
  | { readonly kind: 'complete' }
  | { readonly kind: 'truncated'; readonly offset: number; readonly reason: string }
  | { readonly kind: 'corrupt'; readonly offset: number; readonly reason: string }
  | { readonly kind: 'not-a-capture'; readonly offset: 0; readonly reason: string };

/** Counters of what the analysis did not classify, by reason (JSON `skipped`). */
export interface SkippedCounts {
  /** Frames whose link type protocheck does not decode. */
  unsupportedLinkType: number;
  /** Frames that are not IPv4/IPv6 (ARP, LLDP, ...). */
  nonIp: number;
  /** IPv4/IPv6 packets that are not TCP (UDP, ICMP, ...). */
  nonTcp: number;
  /** IP fragments (not reassembled). */
  fragments: number;
  /** Frames cut by the snaplen before the end of the TCP header, or malformed headers. */
  malformed: number;
  /** TCP flows whose opening handshake (SYN or SYN-ACK) is not in the capture: not classified. */
  flowsWithoutHandshake: number;
  /** Segments of those flows. */
  segmentsWithoutHandshake: number;
  /** Flows left out by --port. */
  filteredFlows: number;
  /** Half-open flows (a SYN with no answer, no data) and handshake-less entries evicted when the tracked-flow bound was reached: not classified. */
  evictedHalfOpen: number;
  /** Other flows evicted when the bound was reached (the oldest first): classified on what was seen until then. */
  evictedIdle: number;
}

export function emptySkipped(): SkippedCounts {
  return {
    unsupportedLinkType: 0,
    nonIp: 0,
    nonTcp: 0,
    fragments: 0,
    malformed: 0,
    flowsWithoutHandshake: 0,
    segmentsWithoutHandshake: 0,
    filteredFlows: 0,
    evictedHalfOpen: 0,
    evictedIdle: 0,
  };
}
