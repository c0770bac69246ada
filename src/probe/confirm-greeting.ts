/**
 * Confirms a greeting several protocols share (a bare 220, 200/201, +OK, * OK) on a separate
 * connection: read the whole greeting, then send each candidate's read-only command in turn
 * (src/protocols/probes/confirm.ts) and stop at the first reply only that candidate gives. Without
 * one the port stays `unknown` with its candidates: a wrong name is worse than none.
 */
import { CONFIRM_QUIT, confirmationsFor, type ProtocolId } from '../protocols/index.js';
import { concat } from '../protocols/bytes.js';
import { GREETING_CAP_BYTES, GREETING_IDLE_MS, GREETING_MAX_MS, CONFIRM_REPLY_WAIT_MS, PROBE_READ_CAP_BYTES } from './constants.js';
import { greetingComplete } from './greeting-complete.js';
import { clientVerdict } from './client-verdict.js';
import { connectTcp, readBounded } from './socket.js';
import { emptyRecord } from './probe-record.js';
import { showBytes } from './show-bytes.js';
import type { ProbeContext } from './probe-context.js';
import type { ProbeRecord } from './types.js';

/** A reply is complete at a final reply line (`ddd text`) or a line after a `+OK`/`-ERR`/untagged line. */
function replyComplete(b: Uint8Array): boolean {
  if (b[b.length - 1] !== 0x0a) return false;
  const text = Buffer.from(b).toString('latin1');
  if (/^\d{3}-/.test(text)) return /(?:^|\n)\d{3} [^\n]*\n$/.test(text);
  if (/^(?:101|114|211|215) /.test(text)) return /\r?\n\.\r?\n/.test(text) || /(?:^|\n)\d{3} [^\n]*\n$/.test(text.slice(4));
  if (/^\+OK/.test(text)) return /\r?\n\.\r?\n$/.test(text) || !/\r?\n./.test(text.trimEnd());
  if (/^\* /.test(text)) return /\n(?:a1) [^\n]*\n$/.test(text);
  return true;
}

export async function confirmGreeting(ctx: ProbeContext, candidates: readonly ProtocolId[]): Promise<ProbeRecord | null> {
  const steps = confirmationsFor(candidates);
  if (steps.length === 0) return null;
  const id = `confirm-${candidates.join('-')}`;
  const allSent = concat(...steps.map((s) => s.send));
  const base = { id, sent: showBytes(allSent), linkerd: clientVerdict(allSent, ctx.version) };
  return ctx.slot(async () => {
    const c = await connectTcp({ address: ctx.address, port: ctx.port, label: ctx.label, timeoutMs: ctx.connectTimeoutMs, clock: ctx.clock });
    if (!c.ok) return emptyRecord(base, c.failure.state === 'refused' ? 'refused' : c.failure.state === 'reset' ? 'reset' : 'error', c.failure.message);
    const socket = c.socket;
    try {
      const greeting = await readBounded(socket, {
        label: ctx.label, waitMs: ctx.waitMs, capBytes: GREETING_CAP_BYTES, idleMs: GREETING_IDLE_MS, maxAfterFirstMs: GREETING_MAX_MS, isComplete: greetingComplete, clock: ctx.clock, keepOpen: true,
      });
      if (greeting.bytes.length === 0 || greeting.end === 'closed' || greeting.end === 'reset') return emptyRecord(base, greeting.end === 'reset' ? 'reset' : greeting.end === 'closed' ? 'closed' : 'no-reply', 'no greeting on the confirmation connection');
      const sentSoFar: Uint8Array[] = [];
      let last: Uint8Array | null = null;
      let lastFirstByte: number | null = null;
      for (const step of steps) {
        sentSoFar.push(step.send);
        const r = await readBounded(socket, {
          label: ctx.label, send: step.send, waitMs: CONFIRM_REPLY_WAIT_MS, capBytes: PROBE_READ_CAP_BYTES, idleMs: GREETING_IDLE_MS, maxAfterFirstMs: GREETING_MAX_MS, isComplete: replyComplete, clock: ctx.clock, keepOpen: true,
        });
        if (r.bytes.length > 0) {
          last = r.bytes;
          lastFirstByte = r.firstByteMs;
          let m = null;
          try {
            m = step.reply.test(r.bytes);
          } catch {
            m = null;
          }
          if (m !== null) {
            const sent = concat(...sentSoFar);
            return {
              id, sent: showBytes(sent), linkerd: clientVerdict(sent, ctx.version), outcome: 'identified', received: showBytes(r.bytes), firstByteMs: r.firstByteMs,
              identification: { protocol: step.protocol, product: null, version: null, signature: step.reply.id, hard: true, ...(m.info == null ? {} : { info: m.info }) },
              detail: `${step.id} confirmed ${step.protocol}`,
            };
          }
        }
        if (r.end === 'closed' || r.end === 'reset') break;
      }
      if (last !== null) return { ...base, outcome: 'no-match', identification: null, received: showBytes(last), firstByteMs: lastFirstByte, detail: `no reply only ${candidates.join(', ')} give` };
      return emptyRecord(base, 'no-reply', `no reply to ${steps.map((s) => s.id).join(', ')}`);
    } finally {
      if (!socket.destroyed) socket.end(CONFIRM_QUIT);
      setTimeout(() => socket.destroy(), 200).unref();
    }
  });
}
