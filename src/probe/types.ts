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

interface ProbeCommon {
  /** `tls`, `http`, `h2c`, or a knowledge-base probe id. */
  readonly id: string;
  readonly sent: ShownBytes;
  /** One line: the HTTP status, the TLS error, ... */
  readonly detail: string | null;
  /** Linkerd's verdict on the bytes this probe sent. */
  readonly linkerd: ClientBytesVerdict;
}

/**
 * One active probe, discriminated by `outcome`: only an identified probe carries an identification,
 * only a probe that got bytes carries them (the TLS probe's reply is the handshake, shown in `tls`).
 * Every key is present in JSON (null where the variant has nothing).
 */
export type ProbeRecord =
  | (ProbeCommon & {
      readonly outcome: 'identified';
      readonly identification: Identification;
      readonly received: ShownBytes | null;
      /** Time from this probe's own connect to the reply's first byte. */
      readonly firstByteMs: number | null;
    })
  /** Bytes came that nothing identifies (received), or a handshake that failed (TLS: received is null). */
  | (ProbeCommon & { readonly outcome: 'no-match'; readonly identification: null; readonly received: ShownBytes | null; readonly firstByteMs: number | null })
  | (ProbeCommon & {
      readonly outcome: Exclude<ProbeOutcome, 'identified' | 'no-match'>;
      readonly identification: null;
      readonly received: null;
      readonly firstByteMs: null;
    });

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

interface TargetCommon {
  readonly target: string;
  readonly host: string;
  readonly port: number;
  readonly tls: TlsInfo | null;
  readonly http: HttpInfo | null;
  readonly passive: { readonly outcome: PassiveOutcome; readonly atMs: number | null; readonly connectMs: number | null };
  readonly probes: readonly ProbeRecord[];
  readonly send: ClientBytesVerdict | null;
  /** Human notes: the 10 s proxy-timeout match, skipped probes, errors. */
  readonly notes: readonly string[];
}

/** A port that accepted the connection: who spoke first, what it is, and Linkerd's verdict. */
export interface OpenTarget extends TargetCommon {
  readonly state: 'open';
  readonly address: string;
  /** null: the server closed the passive connection without a byte and no probe named it. */
  readonly firstSpeaker: Speaker | null;
  /** Time from the passive connection's own connect to the server's first byte (server first only). */
  readonly firstByteMs: number | null;
  readonly protocol: ProtocolId | null;
  readonly version: string | null;
  readonly product: string | null;
  /** Id of the matcher that named the protocol. */
  readonly signature: string | null;
  /** Protocols a shared greeting could be, when nothing unique decided (protocol is then `unknown`). */
  readonly candidates: readonly ProtocolId[];
  readonly banner: ShownBytes | null;
  readonly linkerd: MeshVerdict;
  readonly suggestions: readonly Suggestion[];
  /** The server closed the passive connection with an error message (rare). */
  readonly error: string | null;
}

/** A port that could not be used: refused, timed out, unreachable, reset, or a name that did not resolve. */
export interface FailedTarget extends TargetCommon {
  readonly state: FailState;
  /** null when the name did not resolve. */
  readonly address: string | null;
  /** `client` only for a reset after accept that a probe still identified. */
  readonly firstSpeaker: 'client' | null;
  readonly firstByteMs: null;
  readonly protocol: ProtocolId | null;
  readonly version: string | null;
  readonly product: string | null;
  readonly signature: string | null;
  readonly candidates: readonly ProtocolId[];
  readonly banner: null;
  readonly linkerd: null;
  readonly suggestions: readonly Suggestion[];
  readonly error: string;
}

/** One target's result, discriminated by `state`. */
export type TargetResult = OpenTarget | FailedTarget;
