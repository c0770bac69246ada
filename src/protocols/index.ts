/**
 * The public API of the protocol knowledge base (the contract probe, lint, capture and detect
 * import): entries per protocol, byte matchers for server greetings and client first bytes,
 * active probes for client-first servers, and evidence lookups. Data lives in entries/,
 * matchers/ and probes/; this file only wires them.
 */
import type { Identification, ProtocolEntry } from './types.js';
import { BANNER_MATCHERS, CLIENT_MATCHERS } from './matchers/order.js';
import { REPLY_MATCHERS } from './probes/replies.js';
import { runMatchers } from './identify.js';
import { getProtocol as lookupProtocol } from './lookup.js';

export { PROTOCOL_IDS } from './types.js';
export type { ProtocolId, FirstSpeaker, ProtocolEntry, Identification, ActiveProbe, Matcher, MatchDetail } from './types.js';
export { PROTOCOLS } from './registry.js';
export { ACTIVE_PROBES } from './probes/index.js';
export { BANNER_MATCHERS, CLIENT_MATCHERS } from './matchers/order.js';
export { REPLY_MATCHERS } from './probes/replies.js';
export { ECHO_IDENTIFICATION, ECHO_SIGNATURE, isEcho } from './echo.js';
export { GREETING_CONFIRMATIONS, CONFIRM_QUIT, confirmationsFor, type GreetingConfirmation } from './probes/confirm.js';
export { MATCH_WINDOW } from './identify.js';
export { protocolsForPort, protocolForPortName, protocolForImage, parseImageRef, isImplicitTlsPort, clientWaitsOnPort, type ImageRef } from './lookup.js';

export function getProtocol(id: string): ProtocolEntry | undefined {
  return lookupProtocol(id);
}

export interface BannerContext {
  /** The port the banner came from: decides a bare `220` greeting between SMTP and FTP. */
  readonly port?: number;
}

/**
 * Identifies a server's unsolicited greeting (docs/protocols.md). A bare `220` line is a
 * soft SMTP match unless `context.port` is an FTP port.
 */
export function identifyBanner(bytes: Uint8Array, context: BannerContext = {}): Identification | null {
  const id = runMatchers(BANNER_MATCHERS, bytes);
  if (id !== null && !id.hard && id.signature === 'smtp-ftp-reply' && context.port !== undefined) {
    if (lookupProtocol('ftp')?.ports.includes(context.port) === true) return { ...id, protocol: 'ftp' };
  }
  return id;
}

/** Identifies a client's first bytes (client-first protocols; docs/protocols.md). */
export function identifyClientBytes(bytes: Uint8Array): Identification | null {
  return runMatchers(CLIENT_MATCHERS, bytes);
}

/**
 * Identifies what a server answered to a client's bytes: the replies to the knowledge base's probes
 * and to the probe's own HTTP request (MongoDB, ClickHouse, Elasticsearch transport and others
 * answer `GET /` distinctively), then any greeting a server-first server sent anyway.
 */
export function identifyReply(bytes: Uint8Array): Identification | null {
  return runMatchers(REPLY_MATCHERS, bytes) ?? runMatchers(BANNER_MATCHERS, bytes);
}
