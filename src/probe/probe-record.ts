/** Turns a raw exchange into the reported ProbeRecord (pure apart from calling the matcher). */
import type { Identification } from '../protocols/index.js';
import { clientVerdict } from './client-verdict.js';
import type { ExchangeResult } from './exchange.js';
import { stoppedOutcome, type ProbeContext } from './probe-context.js';
import { showBytes } from './show-bytes.js';
import type { ProbeOutcome, ProbeRecord } from './types.js';

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
    return { ...base, received: null, outcome, identification: null, firstByteMs: null, detail: t.failure.message };
  }
  const r = t.read;
  const received = r.bytes.length > 0 ? showBytes(r.bytes) : null;
  if (r.bytes.length > 0) {
    const m = safeMatch(match, r.bytes);
    return { ...base, received, outcome: m.identification === null ? 'no-match' : 'identified', identification: m.identification, firstByteMs: r.firstByteMs, detail: m.error };
  }
  const outcome: ProbeOutcome = r.end === 'aborted' ? stoppedOutcome(ctx.stop) : r.end === 'closed' ? 'closed' : r.end === 'reset' ? 'reset' : 'no-reply';
  return { ...base, received, outcome, identification: null, firstByteMs: null, detail: r.error?.message ?? null };
}

/** A matcher that throws is a bug there: it must not take the whole run down, and it is reported in `detail`. */
function safeMatch(match: (reply: Uint8Array) => Identification | null, bytes: Uint8Array): { identification: Identification | null; error: string | null } {
  try {
    return { identification: match(bytes), error: null };
  } catch (error) {
    return { identification: null, error: `matcher failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
