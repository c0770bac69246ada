/**
 * The TLS probe: a handshake with SNI offering ALPN h2 and http/1.1 (retried once without ALPN when
 * the server rejects it, as some SMTP servers do), then a wait inside TLS for a server-first greeting
 * (SMTPS, IMAPS, POP3S). Certificates are read, never verified: this is a diagnostic.
 */
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import { identifyBanner, type Identification } from '../protocols/index.js';
import { GREETING_CAP_BYTES, GREETING_IDLE_MS, GREETING_MAX_MS } from './constants.js';
import { connectTcp, readBounded } from './socket.js';
import { tapSocket } from './tap-stream.js';
import { greetingComplete } from './greeting-complete.js';
import { clientVerdict } from './client-verdict.js';
import { errorCode } from './net-error.js';
import { showBytes } from './show-bytes.js';
import { stoppedOutcome, type ProbeContext } from './probe-context.js';
import type { ProbeRecord, TlsInfo } from './types.js';
import { emptyRecord } from './probe-record.js';

export const OFFERED_ALPN = ['h2', 'http/1.1'] as const;
/** A ClientHello is well under this; it is what we keep of what we sent. */
const CLIENT_HELLO_CAP_BYTES = 16_384;

export interface TlsProbeResult {
  readonly record: ProbeRecord;
  /** Present when the handshake completed. */
  readonly info: TlsInfo | null;
}

type Handshake =
  | { readonly ok: true; readonly socket: TLSSocket; readonly hello: Uint8Array; readonly ms: number; readonly inner: InnerRead; readonly peer: Peer }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly hello: Uint8Array; readonly alert: boolean };

/** Errors that mean "the server answered the ClientHello with a TLS alert or a bad record" (worth a retry without ALPN). */
function isTlsRejection(code: string): boolean {
  return code.startsWith('ERR_SSL_') && code !== 'ERR_SSL_WRONG_VERSION_NUMBER' && code !== 'ERR_SSL_PACKET_LENGTH_TOO_LONG';
}

interface Peer {
  readonly alpn: string | null;
  readonly version: string | null;
  readonly subject: string | null;
  readonly sans: readonly string[];
  readonly notAfter: string | null;
}

function peerOf(socket: TLSSocket): Peer {
  const cert = socket.getPeerCertificate(false);
  return {
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    version: socket.getProtocol() ?? null,
    subject: subjectText(cert),
    sans: sansOf(cert),
    notAfter: isoDate(cert.valid_to),
  };
}

interface InnerRead {
  readonly identification: Identification | null;
  readonly firstSpeaker: 'server' | 'client' | null;
  readonly banner: ReturnType<typeof showBytes> | null;
}

/** Reads the application protocol's greeting inside TLS; holds the caller's limiter slot. */
async function readInner(ctx: ProbeContext, socket: TLSSocket): Promise<InnerRead> {
  const alpn = typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null;
  const fromAlpn = innerFromAlpn(alpn);
  if (fromAlpn !== null) return { identification: fromAlpn, firstSpeaker: 'client', banner: null };
  // No application protocol negotiated: wait inside TLS for a greeting (SMTPS, IMAPS, POP3S, ...).
  const read = await readBounded(socket, {
    label: ctx.label,
    waitMs: ctx.waitMs,
    capBytes: GREETING_CAP_BYTES,
    idleMs: GREETING_IDLE_MS,
    maxAfterFirstMs: GREETING_MAX_MS,
    isComplete: greetingComplete,
    clock: ctx.clock,
    keepOpen: true,
  });
  if (read.bytes.length > 0) {
    const id = identifyBanner(read.bytes) ?? { protocol: 'unknown' as const, product: null, version: null, signature: 'unidentified-banner', hard: false };
    return { identification: id, firstSpeaker: 'server', banner: showBytes(read.bytes) };
  }
  return { identification: null, firstSpeaker: read.end === 'wait' ? 'client' : null, banner: null };
}

const NO_INNER: InnerRead = { identification: null, firstSpeaker: null, banner: null };
const NO_PEER: Peer = { alpn: null, version: null, subject: null, sans: [], notAfter: null };

function handshake(ctx: ProbeContext, sni: string | undefined, alpn: boolean): Promise<Handshake> {
  return ctx.slot(async () => {
    if (ctx.stop.aborted) return { ok: false, code: 'PC_CANCELLED', message: `${ctx.label}: cancelled`, hello: new Uint8Array(), alert: false };
    const t0 = ctx.clock();
    const c = await connectTcp({ address: ctx.address, port: ctx.port, label: ctx.label, timeoutMs: ctx.connectTimeoutMs, clock: ctx.clock });
    if (!c.ok) return { ok: false, code: c.failure.code, message: c.failure.message, hello: new Uint8Array(), alert: false };
    const tap = tapSocket(c.socket, CLIENT_HELLO_CAP_BYTES);
    const result = await new Promise<Handshake>((resolve) => {
      let settled = false;
      const socket = tlsConnect({
        socket: tap.stream,
        rejectUnauthorized: false,
        ...(sni === undefined ? {} : { servername: sni }),
        ...(alpn ? { ALPNProtocols: [...OFFERED_ALPN] } : {}),
      });
      const settle = (h: Handshake): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ctx.stop.removeEventListener('abort', onStop);
        socket.removeListener('secureConnect', onSecure);
        socket.removeListener('error', onError);
        socket.removeListener('close', onClose);
        socket.on('error', () => {});
        if (!h.ok) {
          // Destroying a TLSSocket does not destroy a wrapped stream: close all three layers.
          socket.destroy();
          tap.stream.destroy();
          c.socket.destroy();
        }
        resolve(h);
      };
      const fail = (code: string, message: string): void => settle({ ok: false, code, message: `${ctx.label}: ${message}`, hello: tap.written(), alert: isTlsRejection(code) });
      const onSecure = (): void => settle({ ok: true, socket, hello: tap.written(), ms: ctx.clock() - t0, inner: NO_INNER, peer: NO_PEER });
      const onError = (e: unknown): void => fail(errorCode(e), `TLS handshake failed: ${opensslReason(e)}`);
      const onClose = (): void => fail('PC_TLS_CLOSED', 'closed during the TLS handshake');
      const onStop = (): void => fail('PC_CANCELLED', 'cancelled');
      // A server that never answers the ClientHello holds us no longer than the passive window.
      const timer = setTimeout(() => fail('PC_TLS_TIMEOUT', `no TLS handshake within ${ctx.waitMs}ms`), ctx.waitMs);
      socket.once('secureConnect', onSecure);
      socket.on('error', onError);
      socket.once('close', onClose);
      ctx.stop.addEventListener('abort', onStop);
      // Stopped while connecting: the abort event has already fired, so it would not reach onStop.
      if (ctx.stop.aborted) onStop();
    });
    if (!result.ok) return result;
    try {
      // Certificate and inner greeting are read while this attempt still holds its socket slot.
      const peer = peerOf(result.socket);
      return { ...result, peer, inner: await readInner(ctx, result.socket) };
    } finally {
      result.socket.destroy();
      tap.stream.destroy();
      c.socket.destroy();
    }
  });
}

/** OpenSSL's short reason ("wrong version number") rather than its whole error-queue line. */
function opensslReason(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'reason' in e && typeof e.reason === 'string' && e.reason !== '') return e.reason;
  return e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
}

function subjectText(cert: PeerCertificate): string | null {
  const subject = cert.subject as unknown as Record<string, string | string[]> | undefined;
  if (subject === undefined || subject === null) return null;
  const parts = Object.entries(subject).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`);
  return parts.length === 0 ? null : parts.join(', ');
}

function sansOf(cert: PeerCertificate): string[] {
  const raw = cert.subjectaltname;
  if (typeof raw !== 'string' || raw === '') return [];
  return raw.split(/,\s*/).map((s) => s.trim());
}

function isoDate(text: string | undefined): string | null {
  if (text === undefined || text === '') return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

function innerFromAlpn(alpn: string | null): Identification | null {
  if (alpn === 'h2') return { protocol: 'http2', product: null, version: 'h2', signature: 'alpn-h2', hard: true };
  if (alpn === 'http/1.1') return { protocol: 'http', product: null, version: 'HTTP/1.1', signature: 'alpn-http/1.1', hard: true };
  return null;
}

/** Runs the TLS probe. `sni` defaults to the host name (none for an address literal). */
export async function probeTls(ctx: ProbeContext, sniOption: string | undefined): Promise<TlsProbeResult> {
  const sni = sniOption ?? (isIP(ctx.host) === 0 ? ctx.host : undefined);
  let h = await handshake(ctx, sni, true);
  let alpnRejected = false;
  if (!h.ok && h.alert) {
    const retry = await handshake(ctx, sni, false);
    if (retry.ok) alpnRejected = true;
    h = retry.ok ? retry : h;
  }
  const linkerd = clientVerdict(h.hello, ctx.version);
  const sent = showBytes(h.hello);
  if (!h.ok) {
    const outcome = h.code === 'PC_CANCELLED' ? stoppedOutcome(ctx.stop) : h.code === 'PC_TLS_TIMEOUT' ? 'no-reply' : h.code === 'ECONNREFUSED' ? 'refused' : h.code === 'ECONNRESET' ? 'reset' : h.code === 'PC_TLS_CLOSED' ? 'closed' : 'no-match';
    return { record: emptyRecord({ id: 'tls', sent, linkerd }, outcome, h.message), info: null };
  }
  const { alpn, version } = h.peer;
  const inner = h.inner.identification;
  const info: TlsInfo = {
    ...h.peer,
    alpnRejected,
    innerProtocol: inner?.protocol ?? null,
    innerFirstSpeaker: h.inner.firstSpeaker,
    innerBanner: h.inner.banner,
  };
  const identification: Identification = { protocol: 'tls', product: inner?.product ?? null, version: version ?? null, signature: 'tls-handshake', hard: true };
  const detail = `${version ?? 'TLS'}${alpn === null ? '' : ` ALPN ${alpn}`}${alpnRejected ? ' (ALPN rejected; retried without)' : ''}`;
  return { record: { id: 'tls', sent, received: null, outcome: 'identified', identification, firstByteMs: h.ms, detail, linkerd }, info };
}
