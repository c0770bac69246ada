/**
 * TCP flows keyed by their 4-tuple. Follows SYN / SYN-ACK / ACK, feeds each direction's
 * DirectionStream, and hands a flow to `onReady` once everything protocheck needs is known
 * (both first reads, or the connection ended, or the capture did); its buffers are dropped then.
 * A flow whose SYN and SYN-ACK are both missing is counted, never classified.
 */
import { DirectionStream } from './direction-stream.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './tcp-segment.js';
import type { SkippedCounts } from './types.js';

export interface Endpoint {
  readonly addr: string;
  readonly port: number;
}

/** What the flow table knows about one connection when it is handed over. */
export interface FlowRecord {
  readonly client: Endpoint;
  readonly server: Endpoint;
  /** Frame of the first handshake packet seen (SYN, or SYN-ACK when the SYN was not captured). */
  readonly firstFrame: number;
  readonly synSeen: boolean;
  readonly synAckSeen: boolean;
  /** Capture time (ms) when the client acknowledged the SYN-ACK; null if not seen. */
  readonly establishedTime: number | null;
  /** Capture time (ms) of the SYN-ACK; null if not seen. */
  readonly synAckTime: number | null;
  readonly refused: boolean;
  readonly c2s: DirectionStream;
  /** Null when the server's initial sequence number was never learnt. */
  readonly s2c: DirectionStream | null;
}

interface LiveFlow {
  client: Endpoint;
  server: Endpoint;
  firstFrame: number;
  synSeen: boolean;
  synAckSeen: boolean;
  clientIsn: number;
  serverIsn: number | null;
  establishedTime: number | null;
  synAckTime: number | null;
  refused: boolean;
  c2s: DirectionStream;
  s2c: DirectionStream | null;
  /** Handed to onReady already: later segments are ignored. */
  done: boolean;
  /** FIN seen from the client (1) and/or the server (2); 3 after a RST. */
  fins: number;
  closedAt: number | null;
}

/**
 * A connection whose start (SYN, SYN-ACK) is not in the capture: which side is the client, and who
 * spoke first, cannot be known. `first` sent the first captured segment.
 */
export interface StartlessFlow {
  readonly first: Endpoint;
  readonly second: Endpoint;
  /** Frame of the first captured segment. */
  readonly frame: number;
  segments: number;
}

/** A 4-tuple seen without its handshake: counted, and listed through onStartless. */
interface Orphan {
  readonly orphan: true;
  readonly record: StartlessFlow;
  fins: number;
  closedAt: number | null;
}

/**
 * How long a closed connection's entry is kept to absorb late packets (retransmitted FINs, final
 * ACKs) before it is forgotten: twice Linux's 60 s TIME_WAIT. Keeps the table to open connections.
 */
export const CLOSED_TTL_MS = 120_000;

export class FlowTable {
  private readonly flows = new Map<string, LiveFlow | Orphan>();
  /** Closed entries in closing order, for eviction. */
  private closed: { key: string; entry: LiveFlow | Orphan; at: number }[] = [];
  private closedHead = 0;

  private readonly onReady: (flow: FlowRecord) => void;
  private readonly skipped: SkippedCounts;
  private readonly onStartless: ((flow: StartlessFlow) => void) | undefined;

  constructor(onReady: (flow: FlowRecord) => void, skipped: SkippedCounts, onStartless?: (flow: StartlessFlow) => void) {
    this.onReady = onReady;
    this.skipped = skipped;
    this.onStartless = onStartless;
  }

  /** Entries currently held (open connections, recently closed ones, orphans). */
  get size(): number {
    return this.flows.size;
  }

  add(seg: TcpSegment, frame: number, time: number | null): void {
    if (time !== null) this.evict(time);
    const fwd = `${seg.src} ${seg.sport} ${seg.dst} ${seg.dport}`;
    let entry = this.flows.get(fwd);
    let fromClient = true;
    let key = fwd;
    if (entry === undefined) {
      const rev = `${seg.dst} ${seg.dport} ${seg.src} ${seg.sport}`;
      entry = this.flows.get(rev);
      if (entry !== undefined) {
        fromClient = false;
        key = rev;
      }
    }
    const syn = (seg.flags & TCP_SYN) !== 0;
    const ack = (seg.flags & TCP_ACK) !== 0;
    if (syn) {
      const live = entry !== undefined && !('orphan' in entry) ? entry : undefined;
      if (!ack) {
        // A client SYN: a retransmission of the one we follow, or a new connection (maybe reusing the tuple).
        if (live !== undefined && fromClient && seg.seq === live.clientIsn) {
          this.data(live, true, seg, frame, time);
          return;
        }
        if (live !== undefined) this.hand(live);
        if (entry !== undefined) this.flows.delete(key);
        const flow = this.open({ addr: seg.src, port: seg.sport }, { addr: seg.dst, port: seg.dport }, seg.seq, null, frame, true, false);
        this.flows.set(fwd, flow);
        this.data(flow, true, seg, frame, time);
        return;
      }
      // A SYN-ACK: for the SYN we follow, or the first packet we see of a connection whose SYN was missed.
      if (live !== undefined && !fromClient) {
        if (live.serverIsn === null) {
          live.serverIsn = seg.seq;
          live.s2c = new DirectionStream(seg.seq);
        }
        live.synAckSeen = true;
        if (live.synAckTime === null) live.synAckTime = time;
        this.data(live, false, seg, frame, time);
        return;
      }
      if (live !== undefined) return; // simultaneous open: not followed further
      if (entry !== undefined) this.flows.delete(key);
      const flow = this.open({ addr: seg.dst, port: seg.dport }, { addr: seg.src, port: seg.sport }, (seg.ack - 1) >>> 0, seg.seq, frame, false, true);
      flow.synAckTime = time;
      this.flows.set(`${seg.dst} ${seg.dport} ${seg.src} ${seg.sport}`, flow);
      this.data(flow, false, seg, frame, time);
      return;
    }
    if (entry === undefined) {
      const record: StartlessFlow = { first: { addr: seg.src, port: seg.sport }, second: { addr: seg.dst, port: seg.dport }, frame, segments: 1 };
      entry = { orphan: true, record, fins: 0, closedAt: null };
      this.flows.set(fwd, entry);
      this.onStartless?.(record);
      this.skipped.flowsWithoutHandshake++;
      this.skipped.segmentsWithoutHandshake++;
      this.noteClose(fwd, entry, seg.flags, true, time);
      return;
    }
    this.noteClose(key, entry, seg.flags, fromClient, time);
    if ('orphan' in entry) {
      this.skipped.segmentsWithoutHandshake++;
      entry.record.segments++;
      return;
    }
    if (entry.done) return;
    if ((seg.flags & TCP_RST) !== 0 && !fromClient && entry.establishedTime === null && seg.payload.length === 0) entry.refused = true;
    if (fromClient && ack) {
      if (entry.serverIsn === null) {
        // SYN-ACK not captured: the client's ACK names the server's ISN + 1.
        entry.serverIsn = (seg.ack - 1) >>> 0;
        entry.s2c = new DirectionStream(entry.serverIsn);
      }
      if (entry.establishedTime === null && seg.ack === ((entry.serverIsn + 1) >>> 0)) entry.establishedTime = time ?? Number.NaN;
    }
    this.data(entry, fromClient, seg, frame, time);
    if ((seg.flags & (TCP_FIN | TCP_RST)) !== 0) this.hand(entry);
  }

  /** Tracks FIN/RST; a connection closed both ways is queued for eviction. */
  private noteClose(key: string, entry: LiveFlow | Orphan, flags: number, fromClient: boolean, time: number | null): void {
    if ((flags & TCP_RST) !== 0) entry.fins = 3;
    else if ((flags & TCP_FIN) !== 0) entry.fins |= fromClient ? 1 : 2;
    if (entry.fins === 3 && entry.closedAt === null && time !== null) {
      entry.closedAt = time;
      this.closed.push({ key, entry, at: time });
    }
  }

  private evict(now: number): void {
    while (this.closedHead < this.closed.length) {
      const c = this.closed[this.closedHead] as { key: string; entry: LiveFlow | Orphan; at: number };
      if (now - c.at <= CLOSED_TTL_MS) break;
      this.closedHead++;
      if (this.flows.get(c.key) === c.entry) {
        if (!('orphan' in c.entry)) this.hand(c.entry);
        this.flows.delete(c.key);
      }
    }
    if (this.closedHead > 1024 && this.closedHead * 2 > this.closed.length) {
      this.closed = this.closed.slice(this.closedHead);
      this.closedHead = 0;
    }
  }

  /** Hands over every flow still open (end of capture). */
  flush(): void {
    for (const entry of this.flows.values()) if (!('orphan' in entry)) this.hand(entry);
    this.flows.clear();
  }

  private open(client: Endpoint, server: Endpoint, clientIsn: number, serverIsn: number | null, frame: number, synSeen: boolean, synAckSeen: boolean): LiveFlow {
    return {
      client,
      server,
      firstFrame: frame,
      synSeen,
      synAckSeen,
      clientIsn,
      serverIsn,
      establishedTime: null,
      synAckTime: null,
      refused: false,
      c2s: new DirectionStream(clientIsn),
      s2c: serverIsn === null ? null : new DirectionStream(serverIsn),
      done: false,
      fins: 0,
      closedAt: null,
    };
  }

  private data(flow: LiveFlow, fromClient: boolean, seg: TcpSegment, frame: number, time: number | null): void {
    if (flow.done) return;
    // Data on a SYN (TCP Fast Open) starts at ISN + 1 like any other.
    const seq = (seg.flags & TCP_SYN) !== 0 ? (seg.seq + 1) >>> 0 : seg.seq;
    const stream = fromClient ? flow.c2s : flow.s2c;
    if (stream === null) return;
    stream.accept(seq, seg.payload, seg.wireLength, seg.ack, frame, time);
    const s2c = flow.s2c;
    // The client's prefix is what it sent before the server answered (a whole ClientHello, typically).
    if (s2c !== null && s2c.firstPayloadFrame !== null && flow.c2s.firstRead !== null) flow.c2s.close();
    if (s2c !== null && s2c.firstRead !== null) s2c.close();
    if (flow.c2s.firstRead !== null && s2c !== null && s2c.firstRead !== null && !flow.c2s.prefixOpen) this.hand(flow);
  }

  private hand(flow: LiveFlow): void {
    if (flow.done) return;
    flow.done = true;
    this.onReady(flow);
    flow.c2s.release();
    flow.s2c?.release();
  }
}
