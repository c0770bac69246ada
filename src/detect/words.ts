/**
 * What the Linkerd proxy does with what the client sends first, in plain words, as data keyed by
 * verdict and proxy detector generation (http-detect.ts). Each entry has a default (the v2.131 and
 * later detector) and optional per-generation wording, which the caller prefixes with the release
 * (`2.9: `, `edge-21.1.1: `); `{sni}` is replaced by the server name, `{s}` by the timeout in seconds.
 * Facts and sources: docs/detection.md ("HTTP detection", "The inbound TLS step", "What the proxy
 * then does").
 */
import type { ProxyDetector } from './http-detect.js';

export type OutboundKey = 'http1' | 'http1-false-positive' | 'h2' | 'not-http' | 'timeout' | 'needs-more' | 'closed-empty';
export type InboundKey =
  | 'tls-wait-empty'
  | 'tls-wait'
  | 'tls-stuck'
  | 'tls-closed'
  | 'tls-sni'
  | 'tls-sni-identity'
  | 'plain-http1'
  | 'plain-http1-false-positive'
  | 'plain-h2'
  | 'plain-not-http'
  | 'plain-needs-more'
  | 'no-sni-not-http'
  | 'closed-empty';

export interface Words {
  readonly default: string;
  readonly detectors?: Partial<Record<ProxyDetector, string>>;
  readonly note: string;
}

const FAILED = 'detection timed out after {s} s and the connection failed';
/** The same wording for every detector before v2.131 (their timeouts failed the connection). */
const FAILING = (text: string): Partial<Record<ProxyDetector, string>> => ({ 'v2.100': text, 'v2.125': text, 'v2.127': text });

/** Client side: the client proxy's Detect on a port that is not opaque for it. */
export const OUTBOUND_WORDS: Readonly<Record<OutboundKey, Words>> = {
  http1: { default: 'HTTP/1: routed, metrics per request', note: 'outbound: HTTP detected, HTTP stack' },
  'http1-false-positive': {
    default: 'taken for HTTP/1 (the bytes are one unbroken token, which the parser accepts as a partial method); the proxy\'s HTTP/1 server will then reject them',
    note: 'httparse Partial inside the method',
  },
  h2: { default: 'HTTP/2: routed, metrics per request', note: 'preface matched' },
  'not-http': { default: 'opaque TCP immediately (no HTTP routing or per-request metrics)', note: 'not HTTP: forwarded as TCP' },
  timeout: {
    default: 'nothing to read: waits for the 10 s detect timeout, then opaque TCP (a client waiting for the server to speak first stalls 10 s)',
    detectors: FAILING(FAILED),
    note: 'v2.131 on: timeout => unknown protocol (opaque); before: the timeout failed the connection (3 s outbound to v2.124, 5 s at v2.125, 10 s v2.127-v2.130)',
  },
  'needs-more': {
    default: 'waits for more bytes (a newline) before deciding; if the client sends no more, the detect timeout ends the connection',
    detectors: FAILING('no newline yet: the proxy reads again; if the client sends no more, ' + FAILED),
    note: 'read-until-newline detector (v2.125.0-v2.130.1) only',
  },
  'closed-empty': {
    default: 'the client closed without sending: the empty read counts as not HTTP, handled as opaque TCP (the connection ends at once)',
    detectors: {
      'v2.100': 'the client closed without sending: the empty read passes httparse as a partial request, so the connection goes to the HTTP/1 server, which sees the close',
      'v2.286': 'the client closed without sending: error "socket closed before protocol detection", the connection is dropped',
    },
    note: 'v2.100: httparse on an empty prefix is Partial; v2.125-v2.285: a read of 0 bytes is Ok(None); v2.286 on: an error (linkerd2-proxy #3721)',
  },
};

/** Server side: the pod's proxy on a non-opaque port (TLS step, then HTTP detection), e.g. from an unmeshed client. */
export const INBOUND_WORDS: Readonly<Record<InboundKey, Words>> = {
  'tls-wait-empty': {
    default: 'nothing to read: TLS detection waits, and the connection is closed after 10 s (fail-closed)',
    detectors: FAILING(FAILED),
    note: 'the ClientHello peek blocks until a byte arrives; fail-closed',
  },
  'tls-wait': {
    default: 'inbound waits for the rest of the ClientHello; closed after 10 s if the client sends no more',
    detectors: FAILING('inbound waits for the rest of the ClientHello; ' + FAILED),
    note: 'the whole first record is needed',
  },
  'tls-stuck': {
    default: 'inbound waits for bytes that can never complete this ClientHello (Linkerd reads only TLS 1.2+ hellos with one host name and nothing after the hello); closed after 10 s',
    detectors: FAILING('this ClientHello can never complete; ' + FAILED),
    note: 'complete record the parser can never accept',
  },
  'tls-closed': {
    default: 'the client closed before the ClientHello was complete: no TLS, plaintext path, not HTTP, forwarded as opaque TCP',
    note: 'end of stream during the ClientHello reads => no TLS, the bytes are replayed',
  },
  'tls-sni': {
    default: 'TLS for {sni}, not this proxy\'s identity: passed through to the app as opaque TCP',
    detectors: { 'v2.100': 'TLS for {sni}, not this proxy\'s identity: handled as plaintext; not HTTP, so forwarded as opaque TCP' },
    note: 'passthrough (HTTP detection sees TLS bytes: not HTTP); v2.124 and earlier only matched their own identity (linkerd/proxy/transport/src/tls/conditional_accept.rs @release/v2.118.0)',
  },
  'tls-sni-identity': {
    default: 'mTLS from a meshed client ({sni}): terminated by the proxy, then HTTP detection on the decrypted stream',
    note: 'the name is this proxy\'s identity',
  },
  'plain-http1': { default: 'plaintext HTTP/1: served by the inbound HTTP stack, metrics and authorization per request', note: 'inbound Detect: HTTP/1' },
  'plain-http1-false-positive': {
    default: 'plaintext, taken for HTTP/1 (one unbroken token); the proxy\'s HTTP/1 server will then reject the bytes',
    note: 'httparse Partial inside the method',
  },
  'plain-h2': { default: 'plaintext HTTP/2: served by the inbound HTTP stack, metrics and authorization per request', note: 'inbound Detect: HTTP/2' },
  'plain-not-http': { default: 'plaintext, not HTTP: opaque TCP immediately', note: 'inbound Detect: not HTTP' },
  'plain-needs-more': {
    default: 'plaintext; HTTP detection waits for more bytes (a newline) before deciding',
    detectors: FAILING('plaintext; HTTP detection waits for a newline: if the client sends no more, ' + FAILED),
    note: 'read-until-newline detector (v2.125.0-v2.130.1) only',
  },
  'no-sni-not-http': { default: 'TLS without a usable server name: plaintext path, not HTTP, so opaque TCP immediately', note: '"no SNI" => plaintext path' },
  'closed-empty': {
    default: 'the client closed without sending: no TLS, then the empty read counts as not HTTP (opaque TCP, ends at once)',
    detectors: {
      'v2.100': 'the client closed without sending: no TLS, then the empty read passes httparse as a partial request (HTTP/1 server, which sees the close)',
      'v2.286': 'the client closed without sending: no TLS, then error "socket closed before protocol detection", the connection is dropped',
    },
    note: 'as outbound closed-empty, after the TLS step ends with no TLS at end of stream',
  },
};

/**
 * The words for one generation. `label` prefixes generation-specific wording (e.g. `2.9`); `seconds`
 * fills `{s}`.
 */
export function words(entry: Words, detector: ProxyDetector, label: string | null, seconds: number, sni: string | null = null): string {
  const specific = entry.detectors?.[detector];
  let text = specific === undefined ? entry.default : label === null ? specific : `${label}: ${specific}`;
  text = text.split('{s}').join(String(seconds));
  return sni === null ? text : text.split('{sni}').join(sni);
}
