/**
 * `detect(input, version)`: what the Linkerd proxy decides for what a client sends first, on each
 * side, plus what the bytes are (knowledge base). Pure.
 */
import type { Family, LinkerdVersion } from '../linkerd/version.js';
import { concat } from '../protocols/bytes.js';
import { identifyBanner, identifyClientBytes, type Identification, type ProtocolId } from '../protocols/index.js';
import { httpPlan, detectReads, HTTP_VERDICTS, HTTP_H1, HTTP_H2, HTTP_NOT_HTTP, HTTP_TIMEOUT, type HttpVerdict, type ProxyDetector } from './http-detect.js';
import { H1_COMPLETE, H1_PARTIAL, H1_PARTIAL_IN_METHOD, H1_TOO_MANY_HEADERS } from './http1-request.js';
import { parseClientHello, type ClientHelloInfo } from './tls-client-hello.js';
import { httparseFor, type HttparseVersion } from './httparse-grammars.js';
import { INBOUND_WORDS, OUTBOUND_WORDS, words, type InboundKey, type OutboundKey } from './words.js';

/** What the HTTP/1 parser said, for explanations. */
export type Http1Detail = 'complete' | 'partial' | 'too-many-headers' | 'partial-in-method' | 'invalid' | null;

/**
 * What the client sends before it waits for the server (or closes): the reads the proxy would see,
 * in order (none empty), and whether the client then closes the connection (end of stream).
 */
export interface FirstWrite {
  readonly reads: readonly Uint8Array[];
  readonly closed: boolean;
}

export interface DetectResult {
  /** Bytes in all the reads (the input). */
  readonly length: number;
  readonly reads: {
    readonly given: number;
    /** Reads the HTTP detector consumed before deciding. */
    readonly used: number;
    /** The detector would read again to decide (read-until-newline proxies only). */
    readonly needsMore: boolean;
    /** The client closed after its reads. */
    readonly closed: boolean;
  };
  readonly http: HttpVerdict;
  /** The ClientHello step over all the reads: the server name only with `sni`, `stuck` only with `incomplete`. */
  readonly tls: ClientHelloInfo;
  readonly protocol: ProtocolId | null;
  readonly identification: Identification | null;
  /** Which matcher family identified the bytes. */
  readonly identifiedAs: 'client-bytes' | 'server-banner' | 'detector' | null;
  readonly linkerd: {
    readonly version: string;
    readonly family: Family;
    /** The proxy's HTTP detector generation (http-detect.ts). */
    readonly detector: ProxyDetector;
    readonly inbound: string;
    readonly outbound: string;
    readonly inboundKey: InboundKey;
    readonly outboundKey: OutboundKey;
    /** Bytes the HTTP check looked at. */
    readonly httpExamined: number;
    readonly http1: Http1Detail;
    readonly httparse: HttparseVersion;
  };
}

/** A Linkerd identity name: <sa>.<ns>.serviceaccount.identity.<control-plane ns>.<trust domain>. */
function isMeshIdentity(sni: string): boolean {
  return sni.includes('.serviceaccount.identity.');
}

const DETAIL: Record<number, Http1Detail> = {
  0: 'invalid',
  [H1_COMPLETE]: 'complete',
  [H1_PARTIAL]: 'partial',
  [H1_TOO_MANY_HEADERS]: 'too-many-headers',
  [H1_PARTIAL_IN_METHOD]: 'partial-in-method',
};

function identify(bytes: Uint8Array, http: number, tls: ClientHelloInfo, detail: Http1Detail): { id: Identification | null; as: DetectResult['identifiedAs']; protocol: ProtocolId | null } {
  if (bytes.length === 0) return { id: null, as: null, protocol: null };
  const client = identifyClientBytes(bytes);
  if (client !== null) return { id: client, as: 'client-bytes', protocol: client.protocol };
  // The detector's own verdicts name TLS and HTTP when the knowledge base does not.
  if (tls.state === 'sni' || (tls.state === 'no-sni' && tls.helloVersion !== null)) return { id: null, as: 'detector', protocol: 'tls' };
  if (http === HTTP_H2) return { id: null, as: 'detector', protocol: 'http2' };
  if (http === HTTP_H1 && detail !== 'partial-in-method') return { id: null, as: 'detector', protocol: 'http' };
  const banner = identifyBanner(bytes);
  if (banner !== null) return { id: banner, as: 'server-banner', protocol: banner.protocol };
  return { id: null, as: null, protocol: null };
}

/** The release named before generation-specific words: `2.9`, or the edge for the newline proxies. */
function wordsLabel(version: LinkerdVersion, detector: ProxyDetector): string | null {
  if (detector === 'v2.100') return version.family === '2.8' ? '2.8' : '2.9';
  if (detector === 'v2.125' || detector === 'v2.127') return version.input.trim().toLowerCase();
  return null;
}

/** One first read after which the client waits, or a first write of several reads (and maybe a close). */
export function detect(input: Uint8Array | FirstWrite, version: LinkerdVersion): DetectResult {
  const given: FirstWrite = input instanceof Uint8Array ? { reads: input.length === 0 ? [] : [input], closed: false } : input;
  const reads = given.reads.filter((r) => r.length > 0);
  const closed = given.closed;
  const bytes = reads.length === 0 ? new Uint8Array(0) : (reads.length === 1 ? (reads[0] as Uint8Array) : concat(...reads));
  const plan = httpPlan(version);
  const p = plan.params;
  const outcome = detectReads(reads, closed, plan);
  const httpCode = outcome.code;
  const detail: Http1Detail = outcome.http1 === null ? null : (DETAIL[outcome.http1] ?? null);
  const tls = parseClientHello(bytes);
  const falsePositive = httpCode === HTTP_H1 && detail === 'partial-in-method';
  const empty = bytes.length === 0;

  const outboundKey: OutboundKey =
    empty && closed ? 'closed-empty'
    : outcome.needsMore ? 'needs-more'
    : httpCode === HTTP_TIMEOUT ? 'timeout'
    : httpCode === HTTP_H2 ? 'h2'
    : httpCode === HTTP_NOT_HTTP ? 'not-http'
    : falsePositive ? 'http1-false-positive' : 'http1';

  let inboundKey: InboundKey;
  if (empty && closed) inboundKey = 'closed-empty';
  else if (tls.state === 'sni') inboundKey = isMeshIdentity(tls.sni) ? 'tls-sni-identity' : 'tls-sni';
  else if (tls.state === 'incomplete') inboundKey = empty ? 'tls-wait-empty' : closed ? 'tls-closed' : tls.stuck ? 'tls-stuck' : 'tls-wait';
  else if (outcome.needsMore) inboundKey = 'plain-needs-more';
  else if (httpCode === HTTP_H2) inboundKey = 'plain-h2';
  else if (httpCode === HTTP_H1) inboundKey = falsePositive ? 'plain-http1-false-positive' : 'plain-http1';
  else inboundKey = tls.state === 'no-sni' ? 'no-sni-not-http' : 'plain-not-http';

  const label = wordsLabel(version, p.detector);
  const who = identify(bytes, httpCode, tls, detail);
  return {
    length: bytes.length,
    reads: { given: reads.length, used: outcome.used, needsMore: outcome.needsMore, closed },
    http: HTTP_VERDICTS[httpCode] as HttpVerdict,
    tls,
    protocol: who.protocol,
    identification: who.id,
    identifiedAs: who.as,
    linkerd: {
      version: version.label,
      family: version.family,
      detector: p.detector,
      inbound: words(INBOUND_WORDS[inboundKey], p.detector, label, p.inboundTimeoutS, tls.state === 'sni' ? tls.sni : null),
      outbound: words(OUTBOUND_WORDS[outboundKey], p.detector, label, p.outboundTimeoutS),
      inboundKey,
      outboundKey,
      httpExamined: outcome.examined,
      http1: detail,
      httparse: httparseFor(version),
    },
  };
}
