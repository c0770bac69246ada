/**
 * One flow's verdict: who spoke first, the gap after the handshake, what the Linkerd proxy's first
 * read would have contained, the shared detector's verdict on it, and the protocol.
 *
 * The proxy's first read (docs/detection.md: one read, decided at once from 2.10) is taken as:
 * - client spoke first: the client's first read as a socket would return it (first in-order segment
 *   plus out-of-order segments it made contiguous);
 * - server spoke first and the client's first data acknowledged the greeting (it waited for it):
 *   nothing, because behind a detecting proxy the greeting never comes (empty read = timeout);
 * - server spoke first but the client sent without having received the greeting (SSH, rsync):
 *   the client's first read, as in the first case;
 * - nobody sent anything: nothing.
 */
import { detect, detectHttp, parseClientHello, sniOf, type ClientHelloInfo, type HttpVerdict, type TlsState } from '../detect/index.js';
import { identifyBanner, identifyClientBytes, protocolsForPort, type Identification, type ProtocolId } from '../protocols/index.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import type { Endpoint, FlowRecord } from './flow-table.js';

export type FlowSpeaker = 'client' | 'server' | 'none';
/** Where the protocol came from: the server's greeting, the client's first bytes, or only the port number. */
export type ProtocolBasis = 'banner' | 'client-bytes' | 'port';

export interface FlowVerdict {
  readonly client: string;
  readonly server: string;
  readonly serverAddr: string;
  readonly serverPort: number;
  /** Frame number of the flow's first handshake packet. */
  readonly frame: number;
  readonly firstSpeaker: FlowSpeaker;
  /** Milliseconds from handshake completion (client's ACK, else the SYN-ACK) to the first payload; null when unknown. */
  readonly gapMs: number | null;
  /** Server spoke first: did the client's first data acknowledge the greeting (null otherwise). */
  readonly clientWaitedForGreeting: boolean | null;
  /** Length of what the proxy's first read would have returned (see the module comment). */
  readonly proxyFirstRead: number;
  readonly protocol: ProtocolId | null;
  readonly protocolBasis: ProtocolBasis | null;
  readonly identification: Identification | null;
  readonly http: HttpVerdict;
  readonly tls: { readonly state: TlsState; readonly sni: string | null; readonly alpn: readonly string[] };
  /** The detector's words for what the proxies do with that first read. */
  readonly proxy: { readonly outbound: string; readonly inbound: string };
  /** First bytes of each direction (at most PREVIEW_BYTES), for display; escaped before printing. */
  readonly clientPreview: Uint8Array;
  readonly serverPreview: Uint8Array;
  /** Lengths of each direction's first read (the previews may be shorter). */
  readonly clientFirstLength: number;
  readonly serverFirstLength: number;
  readonly notes: readonly string[];
}

export const PREVIEW_BYTES = 48;

export function endpointText(e: Endpoint): string {
  return e.addr.includes(':') ? `[${e.addr}]:${e.port}` : `${e.addr}:${e.port}`;
}

const EMPTY = new Uint8Array(0);

export function flowVerdict(flow: FlowRecord, version: LinkerdVersion): FlowVerdict {
  const c = flow.c2s;
  const s = flow.s2c;
  const cFrame = c.firstPayloadFrame;
  const sFrame = s?.firstPayloadFrame ?? null;
  const firstSpeaker: FlowSpeaker =
    cFrame === null && sFrame === null ? 'none' : sFrame === null || (cFrame !== null && cFrame < sFrame) ? 'client' : 'server';
  const speakerTime = firstSpeaker === 'client' ? c.firstPayloadTime : firstSpeaker === 'server' ? (s?.firstPayloadTime ?? null) : null;
  // Handshake completion: the client's ACK of the SYN-ACK, or the SYN-ACK itself when that ACK is not in the capture.
  const est = flow.establishedTime ?? flow.synAckTime;
  const gapMs = speakerTime === null || est === null || Number.isNaN(est) ? null : Math.max(0, Math.round((speakerTime - est) * 1000) / 1000);

  const clientFirst = c.firstRead ?? EMPTY;
  const serverFirst = s?.firstRead ?? EMPTY;
  let clientWaited: boolean | null = null;
  if (firstSpeaker === 'server' && s !== null) {
    const ack = c.firstReadAck;
    clientWaited = ack === null ? true : ((ack - ((s.isn + 1) >>> 0)) | 0) > 0;
  }
  const proxyBytes = firstSpeaker === 'client' || clientWaited === false ? clientFirst : EMPTY;
  const d = detect(proxyBytes, version);
  let tls: ClientHelloInfo = d.tls;
  const prefix = c.prefix();
  if (tls.state === 'incomplete' && prefix.length > proxyBytes.length && proxyBytes.length > 0) {
    // The inbound TLS step keeps reading until the ClientHello record is complete (docs/detection.md, "The inbound TLS step").
    tls = parseClientHello(prefix);
  }

  let identification: Identification | null = null;
  let basis: ProtocolBasis | null = null;
  if (firstSpeaker === 'server') {
    identification = identifyBanner(serverFirst);
    if (identification !== null) basis = 'banner';
  }
  if (identification === null && clientFirst.length > 0) {
    identification = d.identification ?? identifyClientBytes(clientFirst);
    if (identification !== null) basis = 'client-bytes';
  }
  let protocol: ProtocolId | null = identification?.protocol ?? null;
  if (protocol === null && proxyBytes.length > 0) {
    protocol = d.protocol ?? (d.http === 'http1' ? 'http' : d.http === 'h2' ? 'http2' : tls.state === 'sni' || tls.state === 'no-sni' ? 'tls' : null);
    if (protocol !== null) basis = 'client-bytes';
  }
  if (protocol === null) {
    const byPort = protocolsForPort(flow.server.port)[0];
    if (byPort !== undefined) {
      protocol = byPort.id;
      basis = 'port';
    }
  }

  const notes: string[] = [];
  if (proxyBytes.length > 0 && prefix.length > proxyBytes.length) {
    const whole = detectHttp(prefix, version);
    if (whole !== d.http) notes.push(`the proxy decides on the first read (${proxyBytes.length} bytes): ${d.http}; all ${prefix.length} bytes the client sent before the server answered would be ${whole}`);
  }
  if (!flow.synSeen) notes.push('SYN not captured (flow followed from the SYN-ACK)');
  if (flow.refused) notes.push('refused (RST in answer to the SYN)');
  if (c.cut || s?.cut) notes.push('the snaplen cut a first payload: verdicts use the captured bytes only');
  if (c.overflowed || s?.overflowed) notes.push('out-of-order segments exceeded the reassembly buffer');
  if (s === null && cFrame !== null) notes.push("server's initial sequence number unknown: its data was not followed");

  return {
    client: endpointText(flow.client),
    server: endpointText(flow.server),
    serverAddr: flow.server.addr,
    serverPort: flow.server.port,
    frame: flow.firstFrame,
    firstSpeaker,
    gapMs,
    clientWaitedForGreeting: clientWaited,
    proxyFirstRead: proxyBytes.length,
    protocol,
    protocolBasis: protocol === null ? null : basis,
    identification,
    http: d.http,
    tls: { state: tls.state, sni: sniOf(tls), alpn: [...tls.alpn] },
    proxy: { outbound: d.linkerd.outbound, inbound: d.linkerd.inbound },
    clientPreview: Uint8Array.from(clientFirst.subarray(0, PREVIEW_BYTES)),
    serverPreview: Uint8Array.from(serverFirst.subarray(0, PREVIEW_BYTES)),
    clientFirstLength: clientFirst.length,
    serverFirstLength: serverFirst.length,
    notes,
  };
}
