/** The probe's result shapes (the `--json` schema in docs/commands/probe.md is these, serialized). */
import type { Identification, ProtocolId } from '../protocols/index.js';
import type { Action, Experience, Suggestion } from '../linkerd/model.js';
import type { HttpVerdict, TlsState } from '../detect/index.js';
import type { FailState } from './net-error.js';

export type ConnState = 'open' | FailState;
export type Speaker = 'server' | 'client';

/** Bytes as shown: escaped text (safe for a terminal) and hex. */
export interface ShownBytes {
  readonly text: string;
  readonly hex: string;
  readonly length: number;
}

/** What Linkerd's detector decides for some client bytes (src/detect). */
export interface ClientBytesVerdict {
  readonly http: HttpVerdict;
  readonly tls: TlsState;
  readonly sni: string | null;
  readonly protocol: ProtocolId | null;
  readonly inbound: string;
  readonly outbound: string;
}

export type ProbeOutcome = 'identified' | 'no-match' | 'no-reply' | 'closed' | 'reset' | 'refused' | 'error' | 'cancelled';

export interface ProbeRecord {
  /** `tls`, `http`, `h2c`, or a knowledge-base probe id. */
  readonly id: string;
  readonly sent: ShownBytes;
  readonly received: ShownBytes | null;
  readonly outcome: ProbeOutcome;
  readonly identification: Identification | null;
  /** Time from connect to the reply's first byte (null without one). */
  readonly firstByteMs: number | null;
  /** One line: the HTTP status, the TLS error, ... */
  readonly detail: string | null;
  /** Linkerd's verdict on the bytes this probe sent. */
  readonly linkerd: ClientBytesVerdict;
}

export interface TlsInfo {
  readonly version: string | null;
  readonly alpn: string | null;
  readonly subject: string | null;
  readonly sans: readonly string[];
  readonly notAfter: string | null;
  /** Whether the handshake only worked without ALPN. */
  readonly alpnRejected: boolean;
  readonly innerProtocol: ProtocolId | null;
  readonly innerFirstSpeaker: Speaker | null;
  readonly innerBanner: ShownBytes | null;
}

export interface HttpInfo {
  readonly status: number;
  readonly server: string | null;
}

/** The passive connection: who spoke first and when. */
export type PassiveOutcome = 'banner' | 'silent' | 'closed' | 'reset' | 'not-connected';

export interface MeshVerdict {
  readonly covered: boolean;
  readonly outcome: { readonly meshedClient: Experience; readonly unmeshedClient: Experience };
  readonly action: Action;
  readonly delaySeconds: number;
  readonly explanation: readonly string[];
  /** The --server scenario the verdict is for. */
  readonly server: 'meshed' | 'unmeshed' | 'external';
  /** Whether the connected address is inside --cluster-networks (null: no address). */
  readonly inClusterNetworks: boolean | null;
}

export interface TargetResult {
  readonly target: string;
  readonly host: string;
  readonly address: string | null;
  readonly port: number;
  readonly state: ConnState;
  readonly firstSpeaker: Speaker | null;
  readonly firstByteMs: number | null;
  readonly protocol: ProtocolId | null;
  readonly version: string | null;
  readonly product: string | null;
  /** Id of the matcher that named the protocol. */
  readonly signature: string | null;
  readonly banner: ShownBytes | null;
  readonly tls: TlsInfo | null;
  readonly http: HttpInfo | null;
  readonly passive: { readonly outcome: PassiveOutcome; readonly atMs: number | null; readonly connectMs: number | null };
  readonly probes: readonly ProbeRecord[];
  readonly send: ClientBytesVerdict | null;
  readonly linkerd: MeshVerdict | null;
  readonly suggestions: readonly Suggestion[];
  /** Human notes: the 10 s proxy-timeout match, skipped probes, errors. */
  readonly notes: readonly string[];
  readonly error: string | null;
}
