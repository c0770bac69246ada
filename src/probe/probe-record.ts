/** Turns a raw exchange into the reported ProbeRecord (pure apart from calling the matcher). */
import { ECHO_IDENTIFICATION, isEcho, type Identification } from '../protocols/index.js';
import { clientVerdict } from './client-verdict.js';
import type { ExchangeResult } from './exchange.js';
import { stoppedOutcome, type ProbeContext } from './probe-context.js';
import { showBytes } from './show-bytes.js';
import type { ProbeOutcome, ProbeRecord, ShownBytes, ClientBytesVerdict } from './types.js';

/** The fields every probe record has. */
export interface RecordBase {
  readonly id: string;
  readonly sent: ShownBytes;
  readonly linkerd: ClientBytesVerdict;
}

/** A record without a reply worth showing: every outcome but `identified` (`no-match` here: a failed handshake). */
export function emptyRecord(base: RecordBase, outcome: Exclude<ProbeOutcome, 'identified'>, detail: string | null): ProbeRecord {
  if (outcome === 'no-match') return { ...base, outcome, identification: null, received: null, firstByteMs: null, detail };
  return { ...base, outcome, identification: null, received: null, firstByteMs: null, detail };
}


export function probeRecord(
  ctx: Pick<ProbeContext, 'version' | 'stop'>,
  id: string,
  sent: Uint8Array,
  t: ExchangeResult,
  match: (reply: Uint8Array) => Identification | null,
): ProbeRecord {
  const linkerd = clientVerdict(sent, ctx.version);
  const base = { id, sent: showBytes(sent), linkerd };
  if (!t.connected) {
    const outcome: ProbeOutcome = t.failure.code === 'PC_CANCELLED' ? stoppedOutcome(ctx.stop) : t.failure.state === 'refused' ? 'refused' : t.failure.state === 'reset' ? 'reset' : 'error';
    return emptyRecord(base, outcome, t.failure.message);
  }
  const r = t.read;
  const received = r.bytes.length > 0 ? showBytes(r.bytes) : null;
  if (received !== null) {
    if (isEcho(sent, r.bytes)) return { ...base, received, outcome: 'identified', identification: ECHO_IDENTIFICATION, firstByteMs: r.firstByteMs, detail: null };
    const m = safeMatch(match, r.bytes);
    if (m.identification === null) return { ...base, received, outcome: 'no-match', identification: null, firstByteMs: r.firstByteMs, detail: m.error };
    return { ...base, received, outcome: 'identified', identification: m.identification, firstByteMs: r.firstByteMs, detail: m.error };
  }
  const outcome = r.end === 'aborted' ? stoppedOutcome(ctx.stop) : r.end === 'closed' ? 'closed' : r.end === 'reset' ? 'reset' : 'no-reply';
  return emptyRecord(base, outcome, r.error?.message ?? null);
}

/** A matcher that throws is a bug there: it must not take the whole run down, and it is reported in `detail`. */
function safeMatch(match: (reply: Uint8Array) => Identification | null, bytes: Uint8Array): { identification: Identification | null; error: string | null } {
  try {
    return { identification: match(bytes), error: null };
  } catch (error) {
    return { identification: null, error: `matcher failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
