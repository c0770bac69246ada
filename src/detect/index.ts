/**
 * CONTRACT STUB (owned by the detector work): the public API of the Linkerd-faithful detector.
 * Pure: bytes in, verdict out. Names and shapes below are imported by probe, lint and capture;
 * the owner may add fields and exports but must not remove or rename these.
 */
import type { LinkerdVersion } from '../linkerd/version.js';
import type { Identification, ProtocolId } from '../protocols/index.js';

/** Linkerd's HTTP detection on the first read (linkerd-spec 2.1). `timeout` = an empty first read. */
export type HttpVerdict = 'http1' | 'h2' | 'not-http' | 'timeout';
/** Linkerd's inbound ClientHello step (linkerd-spec 2.2). */
export type TlsState = 'sni' | 'no-sni' | 'not-tls' | 'incomplete';

export interface ClientHelloInfo {
  readonly state: TlsState;
  /** Lower-cased server name; null unless state is `sni`. */
  readonly sni: string | null;
  readonly alpn: readonly string[];
  /** Record-layer version (e.g. 0x0301), null when not a TLS record. */
  readonly recordVersion: number | null;
  /** ClientHello legacy_version (e.g. 0x0303), null when not reached. */
  readonly helloVersion: number | null;
  /** supported_versions extension values, if present. */
  readonly supportedVersions: readonly number[];
}

export interface DetectResult {
  readonly length: number;
  readonly http: HttpVerdict;
  readonly tls: { readonly state: TlsState; readonly sni: string | null; readonly alpn: readonly string[] };
  readonly protocol: ProtocolId | null;
  readonly identification: Identification | null;
  readonly linkerd: { readonly version: string; readonly inbound: string; readonly outbound: string };
}

export function detectHttp(bytes: Uint8Array, _version: LinkerdVersion): HttpVerdict {
  return bytes.length === 0 ? 'timeout' : 'not-http';
}

export function parseClientHello(bytes: Uint8Array): ClientHelloInfo {
  return { state: bytes[0] === 0x16 ? 'incomplete' : 'not-tls', sni: null, alpn: [], recordVersion: null, helloVersion: null, supportedVersions: [] };
}

export function detect(bytes: Uint8Array, version: LinkerdVersion): DetectResult {
  const hello = parseClientHello(bytes);
  return {
    length: bytes.length,
    http: detectHttp(bytes, version),
    tls: { state: hello.state, sni: hello.sni, alpn: hello.alpn },
    protocol: null,
    identification: null,
    linkerd: { version: version.label, inbound: '', outbound: '' },
  };
}
