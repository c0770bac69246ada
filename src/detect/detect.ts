/**
 * `detect(bytes, version)`: what the Linkerd proxy decides for a first read, on each side, plus what
 * the bytes are (knowledge base). Pure.
 */
import type { Family, LinkerdVersion } from '../linkerd/version.js';
import { identifyBanner, identifyClientBytes, type Identification, type ProtocolId } from '../protocols/index.js';
import { httpPlan, detectHttpCode, explainHttp, HTTP_VERDICTS, HTTP_H1, HTTP_H2, HTTP_NOT_HTTP, HTTP_TIMEOUT, type HttpVerdict, type HttpPlan } from './http-detect.js';
import { H1_COMPLETE, H1_PARTIAL, H1_PARTIAL_IN_METHOD, H1_TOO_MANY_HEADERS } from './http1-request.js';
import { parseClientHello, isStuckIncomplete, tlsStateCode, type ClientHelloInfo, type TlsState } from './tls-client-hello.js';
import { httparseFor, type HttparseVersion } from './httparse-grammars.js';
import { INBOUND_WORDS, OUTBOUND_WORDS, words, type InboundKey, type OutboundKey } from './words.js';

/** What the HTTP/1 parser said, for explanations. */
export type Http1Detail = 'complete' | 'partial' | 'too-many-headers' | 'partial-in-method' | 'invalid' | null;

export interface DetectResult {
  /** Bytes in the first read (the input). */
  readonly length: number;
  readonly http: HttpVerdict;
  /** The ClientHello step; `sni` is null unless `state` is `sni`. */
  readonly tls: { readonly state: TlsState; readonly sni: string | null; readonly alpn: readonly string[] };
  /** The same step with the hello's versions (record, legacy, supported_versions). */
  readonly hello: ClientHelloInfo;
  readonly protocol: ProtocolId | null;
  readonly identification: Identification | null;
  /** Which matcher family identified the bytes. */
  readonly identifiedAs: 'client-bytes' | 'server-banner' | 'detector' | null;
  readonly linkerd: {
    readonly version: string;
    readonly family: Family;
    readonly inbound: string;
    readonly outbound: string;
    readonly inboundKey: InboundKey;
    readonly outboundKey: OutboundKey;
    /** Bytes the HTTP check looked at (1024 from 2.10, 8192 before). */
    readonly httpExamined: number;
    readonly http1: Http1Detail;
    readonly httparse: HttparseVersion;
    /** The first TLS record is all there but can never satisfy the parser. */
    readonly tlsStuck: boolean;
  };
}

/**
 * The allocation-free core used by the bench and bulk callers: HTTP verdict code * 4 + TLS state code
 * (codes in http-detect.ts and tls-client-hello.ts).
 */
export function classifyCode(bytes: Uint8Array, plan: HttpPlan): number {
  return detectHttpCode(bytes, plan) * 4 + tlsStateCode(bytes);
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

export function detect(bytes: Uint8Array, version: LinkerdVersion): DetectResult {
  const plan = httpPlan(version);
  const httpCode = detectHttpCode(bytes, plan);
  const explained = explainHttp(bytes, plan);
  const detail: Http1Detail = explained.http1 === null ? null : (DETAIL[explained.http1] ?? null);
  const tls = parseClientHello(bytes);
  const stuck = isStuckIncomplete(bytes);
  const falsePositive = httpCode === HTTP_H1 && detail === 'partial-in-method';

  const outboundKey: OutboundKey =
    httpCode === HTTP_TIMEOUT ? 'timeout'
    : httpCode === HTTP_H2 ? 'h2'
    : httpCode === HTTP_NOT_HTTP ? 'not-http'
    : falsePositive ? 'http1-false-positive' : 'http1';

  let inboundKey: InboundKey;
  if (tls.state === 'sni') inboundKey = tls.sni !== null && isMeshIdentity(tls.sni) ? 'tls-sni-identity' : 'tls-sni';
  else if (tls.state === 'incomplete') inboundKey = bytes.length === 0 ? 'tls-wait-empty' : stuck ? 'tls-stuck' : 'tls-wait';
  else if (httpCode === HTTP_H2) inboundKey = 'plain-h2';
  else if (httpCode === HTTP_H1) inboundKey = falsePositive ? 'plain-http1-false-positive' : 'plain-http1';
  else inboundKey = tls.state === 'no-sni' ? 'no-sni-not-http' : 'plain-not-http';

  const who = identify(bytes, httpCode, tls, detail);
  return {
    length: bytes.length,
    http: HTTP_VERDICTS[httpCode] as HttpVerdict,
    tls: { state: tls.state, sni: tls.sni, alpn: tls.alpn },
    hello: tls,
    protocol: who.protocol,
    identification: who.id,
    identifiedAs: who.as,
    linkerd: {
      version: version.label,
      family: version.family,
      inbound: words(INBOUND_WORDS[inboundKey], version.family, tls.sni),
      outbound: words(OUTBOUND_WORDS[outboundKey], version.family),
      inboundKey,
      outboundKey,
      httpExamined: explained.examined,
      http1: detail,
      httparse: httparseFor(version),
      tlsStuck: stuck,
    },
  };
}
