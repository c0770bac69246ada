/**
 * Pure: turns what the passive connection and the active probes saw into the reported state, first
 * speaker and protocol. No sockets, no timers. Order of evidence: the server's unsolicited bytes
 * (they decide "server first"), then a TLS handshake, then HTTP (HTTP/1.1, h2c), then the knowledge
 * base's probes.
 */
import { identifyBanner, type Identification, type ProtocolId } from '../protocols/index.js';
import { LINKERD_DETECT_TIMEOUT_MS, LINKERD_TIMEOUT_TOLERANCE_MS, TCPWRAPPED_MS } from './constants.js';
import { formatMs } from './duration.js';
import type { PassiveResult } from './passive.js';
import type { HttpProbeResult } from './http-probe.js';
import type { TlsProbeResult } from './tls-probe.js';
import { showBytes } from './show-bytes.js';
import type { Target } from './targets.js';
import type { ConnState, HttpInfo, PassiveOutcome, ProbeRecord, ShownBytes, Speaker, TlsInfo } from './types.js';

export interface Evidence {
  readonly target: Target;
  readonly address: string | null;
  /** Name resolution failure (then nothing else ran). */
  readonly resolveError: string | null;
  readonly passive: PassiveResult | null;
  readonly tls: TlsProbeResult | null;
  readonly http: HttpProbeResult | null;
  /** h2c and knowledge-base probes, in the order they were planned. */
  readonly others: readonly ProbeRecord[];
  /** The follow-up that confirmed (or not) a greeting several protocols share. */
  readonly confirm?: ProbeRecord | null;
  /** Why active probes did not run (printer port, --no-active, a banner came first). */
  readonly activeNote: string | null;
}

export interface Verdict {
  readonly state: ConnState;
  readonly firstSpeaker: Speaker | null;
  readonly firstByteMs: number | null;
  readonly identification: Identification | null;
  /** Protocols a shared greeting could be when nothing confirmed one (identification is then `unknown`). */
  readonly candidates: readonly ProtocolId[];
  readonly banner: ShownBytes | null;
  readonly tls: TlsInfo | null;
  readonly http: HttpInfo | null;
  readonly passive: { readonly outcome: PassiveOutcome; readonly atMs: number | null; readonly connectMs: number | null };
  readonly probes: readonly ProbeRecord[];
  readonly notes: readonly string[];
  readonly error: string | null;
}

const UNIDENTIFIED: Identification = { protocol: 'unknown', product: null, version: null, signature: 'unidentified', hard: false };

function nearProxyTimeout(ms: number | null): boolean {
  return ms !== null && Math.abs(ms - LINKERD_DETECT_TIMEOUT_MS) <= LINKERD_TIMEOUT_TOLERANCE_MS;
}

const PROXY_NOTE = "matches the Linkerd proxy's 10 s protocol-detection timeout: a proxy on the path is detecting on this port";

/** The strongest client-first identification among the active probes. */
function activeIdentification(e: Evidence): Identification | null {
  if (e.tls?.info != null) return e.tls.record.identification;
  const h2c = e.others.find((p) => p.id === 'h2c' && p.outcome === 'identified' && p.identification?.protocol === 'http2');
  if (e.http?.info != null) {
    const id = e.http.record.identification as Identification;
    return h2c === undefined ? id : { ...id, version: 'HTTP/1.1, h2c' };
  }
  if (h2c !== undefined) return h2c.identification;
  const hard = e.others.find((p) => p.id !== 'h2c' && p.outcome === 'identified' && p.identification?.hard === true);
  const soft = e.others.find((p) => p.id !== 'h2c' && p.outcome === 'identified');
  return (hard ?? soft)?.identification ?? null;
}

/** Notes for a connection the server ended before sending anything (the same whether the reset raced the connect or not). */
function closedNotes(how: 'closed' | 'reset', atMs: number): string[] {
  const notes = [`server ${how} the connection after ${formatMs(atMs)} without sending anything`];
  if (atMs < TCPWRAPPED_MS) notes.push(`${how} on connect (nmap "tcpwrapped"): an ACL, tcpwrappers, a connection limit or a load balancer without backends`);
  if (nearProxyTimeout(atMs)) notes.push(`${how} at ${formatMs(atMs)} ${PROXY_NOTE}`);
  return notes;
}

/**
 * The greeting's identification. A soft match (a greeting several protocols share: a bare 220,
 * 200/201, +OK, * OK) is named only when the confirmation follow-up proved one candidate; otherwise
 * the port is `unknown` and the candidates are listed. Never a guess.
 */
function bannerIdentification(bytes: Uint8Array, confirm: ProbeRecord | null, notes: string[]): { identification: Identification; candidates: ProtocolId[] } {
  const id = identifyBanner(bytes);
  if (id === null) return { identification: UNIDENTIFIED, candidates: [] };
  if (id.hard) return { identification: id, candidates: [] };
  const candidates = [...(id.candidates ?? [id.protocol])];
  if (confirm !== null && confirm.outcome === 'identified' && candidates.includes(confirm.identification.protocol)) {
    const c = confirm.identification;
    notes.push(`the greeting is shared by ${candidates.join(', ')}; ${confirm.detail ?? c.protocol} on a separate connection`);
    return { identification: { protocol: c.protocol, product: id.product, version: id.version, signature: `${id.signature}+${c.signature}`, hard: true, ...(id.info === undefined ? {} : { info: id.info }) }, candidates: [] };
  }
  notes.push(`the greeting could be ${candidates.join(' or ')}${confirm === null ? '' : ' and no follow-up confirmed one'}: not named`);
  return { identification: { protocol: 'unknown', product: null, version: null, signature: id.signature, hard: false, ...(id.info === undefined ? {} : { info: id.info }) }, candidates };
}

export function decide(e: Evidence): Verdict {
  const confirm = e.confirm ?? null;
  const probes = [...(e.tls === null ? [] : [e.tls.record]), ...(e.http === null ? [] : [e.http.record]), ...e.others, ...(confirm === null ? [] : [confirm])];
  const notes: string[] = e.activeNote === null ? [] : [e.activeNote];
  const base = { tls: e.tls?.info ?? null, http: e.http?.info ?? null, probes, notes, candidates: [] as ProtocolId[] };
  if (e.resolveError !== null || e.passive === null) {
    return { ...base, state: 'error', firstSpeaker: null, firstByteMs: null, identification: null, banner: null, passive: { outcome: 'not-connected', atMs: null, connectMs: null }, error: e.resolveError ?? 'not probed' };
  }
  const p = e.passive;
  if (!p.connected) {
    // A reset that races the connect callback (accept, then RST at once) is still "reset after accept".
    const outcome = p.failure.state === 'reset' ? 'reset' : 'not-connected';
    if (outcome === 'reset') notes.push(...closedNotes('reset', p.atMs));
    // A plain literal: most targets of a sweep end here (refused).
    return {
      tls: base.tls, http: base.http, probes, notes, candidates: base.candidates,
      state: p.failure.state, firstSpeaker: null, firstByteMs: null, identification: null, banner: null, passive: { outcome, atMs: p.atMs, connectMs: null }, error: p.failure.message,
    };
  }
  const r = p.read;
  const connectMs = p.connectMs;
  if (r.bytes.length > 0) {
    if (nearProxyTimeout(r.firstByteMs)) notes.push(`first byte at ${formatMs(r.firstByteMs ?? 0)} ${PROXY_NOTE}`);
    if (r.end === 'cap') notes.push(`greeting longer than ${r.bytes.length} bytes; kept the first ${r.bytes.length}`);
    const { identification, candidates } = bannerIdentification(r.bytes, confirm, notes);
    return { ...base, candidates, state: 'open', firstSpeaker: 'server', firstByteMs: r.firstByteMs, identification, banner: showBytes(r.bytes), passive: { outcome: 'banner', atMs: r.firstByteMs, connectMs }, error: null };
  }
  if (r.end === 'reset' || r.end === 'closed') {
    const how = r.end === 'reset' ? 'reset' : 'closed';
    notes.push(...closedNotes(how, r.endMs));
    const id = activeIdentification(e);
    return {
      ...base,
      state: r.end === 'reset' ? 'reset' : 'open',
      firstSpeaker: id === null ? null : 'client',
      firstByteMs: null,
      identification: id,
      banner: null,
      passive: { outcome: how, atMs: r.endMs, connectMs },
      error: r.error?.message ?? (how === 'reset' ? `${e.target.label}: connection reset by peer` : null),
    };
  }
  // Silent for the whole window, or until an active probe named a client-first protocol.
  const id = activeIdentification(e) ?? UNIDENTIFIED;
  if (id === UNIDENTIFIED) notes.push(`silent for ${formatMs(r.endMs)} and no probe identified it (client-first, or waits for something we did not send)`);
  return { ...base, state: 'open', firstSpeaker: 'client', firstByteMs: null, identification: id, banner: null, passive: { outcome: 'silent', atMs: r.endMs, connectMs }, error: null };
}
