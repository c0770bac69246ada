/**
 * What the Linkerd proxy does with a first read, in plain words, as data keyed by verdict and family.
 * Each entry has a default and optional per-family wording; `{sni}` is replaced by the server name.
 * Sources: linkerd-spec 2.1.2 (history, timeouts), 2.2 (TLS step, fail-closed), 2.4 (inbound),
 * 2.5 (outbound), 2.7 (latencies).
 */
import type { Family } from '../linkerd/version.js';

export type OutboundKey = 'http1' | 'http1-false-positive' | 'h2' | 'not-http' | 'timeout';
export type InboundKey =
  | 'tls-wait-empty'
  | 'tls-wait'
  | 'tls-stuck'
  | 'tls-sni'
  | 'tls-sni-identity'
  | 'plain-http1'
  | 'plain-http1-false-positive'
  | 'plain-h2'
  | 'plain-not-http'
  | 'no-sni-not-http';

export interface Words {
  readonly default: string;
  readonly families?: Partial<Record<Family, string>>;
  readonly note: string;
}

/** The same wording for 2.8 and 2.9 (proxy v2.100-v2.124: 1 s inbound / 3 s outbound detect_protocol_timeout, linkerd/app/src/env.rs), prefixed with the release. */
const PRE_210 = (text: string): Partial<Record<Family, string>> => ({ '2.8': `2.8: ${text}`, '2.9.0': `2.9: ${text}`, '2.9.3': `2.9: ${text}` });

/** Client side: the client proxy's Detect on a port that is not opaque for it. */
export const OUTBOUND_WORDS: Readonly<Record<OutboundKey, Words>> = {
  http1: { default: 'HTTP/1: routed, metrics per request', note: 'spec 2.5 step 3' },
  'http1-false-positive': {
    default: 'taken for HTTP/1 (the bytes are one unbroken token, which the parser accepts as a partial method); the proxy\'s HTTP/1 server will then reject them',
    note: 'spec 2.1.1 "all-token false positive"',
  },
  h2: { default: 'HTTP/2: routed, metrics per request', note: 'spec 2.1 step 5' },
  'not-http': { default: 'opaque TCP immediately (no HTTP routing or per-request metrics)', note: 'spec 2.1 step 7, 2.6' },
  timeout: {
    default: 'nothing to read: waits for the 10 s detect timeout, then opaque TCP (a client waiting for the server to speak first stalls 10 s)',
    families: PRE_210('detection timed out after 3 s and the connection failed'),
    note: 'spec 2.3 (fail-open, 10 s) and 2.1.2 (<= 2.9: dispatch timeout 3 s outbound, connection failed)',
  },
};

/** Server side: the pod's proxy on a non-opaque port (TLS step, then HTTP detection), e.g. from an unmeshed client. */
export const INBOUND_WORDS: Readonly<Record<InboundKey, Words>> = {
  'tls-wait-empty': {
    default: 'nothing to read: TLS detection waits, and the connection is closed after 10 s (fail-closed)',
    families: PRE_210('detection timed out after 1 s and the connection failed'),
    note: 'spec 2.2 step 4, 2.7; <= 2.9 from 2.1.2 (1 s inbound)',
  },
  'tls-wait': {
    default: 'inbound waits for the rest of the ClientHello; closed after 10 s if the client sends no more',
    families: PRE_210('inbound waits for the rest of the ClientHello; detection timed out after 1 s and the connection failed'),
    note: 'spec 2.2 (whole first record needed), 2.6',
  },
  'tls-stuck': {
    default: 'inbound waits for bytes that can never complete this ClientHello (Linkerd reads only TLS 1.2+ hellos with one host name and nothing after the hello); closed after 10 s',
    families: PRE_210('this ClientHello can never complete; detection timed out after 1 s and the connection failed'),
    note: 'spec 2.2 "incomplete forever", errata 10.1',
  },
  'tls-sni': {
    default: 'TLS for {sni}, not this proxy\'s identity: passed through to the app as opaque TCP',
    families: PRE_210('TLS for {sni}, not this proxy\'s identity: handled as plaintext; not HTTP, so forwarded as opaque TCP'),
    note: 'spec 2.2 outcome mapping (passthru; HTTP detection sees TLS bytes: not HTTP); 2.9 only matched its own identity (linkerd/proxy/transport/src/tls/conditional_accept.rs match_client_hello @release/v2.118.0)',
  },
  'tls-sni-identity': {
    default: 'mTLS from a meshed client ({sni}): terminated by the proxy, then HTTP detection on the decrypted stream',
    note: 'spec 2.2 outcome mapping; T4',
  },
  'plain-http1': { default: 'plaintext HTTP/1: served by the inbound HTTP stack, metrics and authorization per request', note: 'spec 2.4 step 6' },
  'plain-http1-false-positive': {
    default: 'plaintext, taken for HTTP/1 (one unbroken token); the proxy\'s HTTP/1 server will then reject the bytes',
    note: 'spec 2.1.1',
  },
  'plain-h2': { default: 'plaintext HTTP/2: served by the inbound HTTP stack, metrics and authorization per request', note: 'spec 2.4 step 6' },
  'plain-not-http': { default: 'plaintext, not HTTP: opaque TCP immediately', note: 'spec 2.4 step 6' },
  'no-sni-not-http': { default: 'TLS without a usable server name: plaintext path, not HTTP, so opaque TCP immediately', note: 'spec 2.2 ("no SNI" => plaintext path), T10, T11' },
};

export function words(entry: Words, family: Family, sni: string | null = null): string {
  const text = entry.families?.[family] ?? entry.default;
  return sni === null ? text : text.split('{sni}').join(sni);
}
