/**
 * HTTP/2 with prior knowledge (h2c): the 24-byte client preface and an empty SETTINGS frame
 * (RFC 9113 §3.4, §6.5); an h2 server answers with its own SETTINGS frame first.
 */
import type { Identification } from '../protocols/index.js';
import { PROBE_READ_CAP_BYTES } from './constants.js';
import { exchange } from './exchange.js';
import { probeRecord } from './probe-record.js';
import type { ProbeContext } from './probe-context.js';
import type { ProbeRecord } from './types.js';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
/** Frame header: length 0 (3 bytes), type 0x4 SETTINGS, flags 0, stream 0. */
const EMPTY_SETTINGS = Buffer.from([0, 0, 0, 0x04, 0, 0, 0, 0, 0]);
export const H2C_PROBE_BYTES = new Uint8Array(Buffer.concat([PREFACE, EMPTY_SETTINGS]));
const FRAME_HEADER_BYTES = 9;
const FRAME_SETTINGS = 0x04;
const FRAME_GOAWAY = 0x07;

/** Pure: names what answered the preface. */
export function matchH2cReply(b: Uint8Array): Identification | null {
  if (b.length >= FRAME_HEADER_BYTES && (b[3] === FRAME_SETTINGS || b[3] === FRAME_GOAWAY) && b[0] === 0 && (b[4] ?? 0) <= 1) {
    return { protocol: 'http2', product: null, version: 'h2c', signature: b[3] === FRAME_SETTINGS ? 'h2c-settings' : 'h2c-goaway', hard: true };
  }
  const text = Buffer.from(b.subarray(0, 12)).toString('latin1');
  const m = /^HTTP\/1\.([01]) /.exec(text);
  if (m !== null) return { protocol: 'http', product: null, version: `HTTP/1.${m[1]}`, signature: 'h2c-http1-reply', hard: true };
  return null;
}

function frameComplete(b: Uint8Array): boolean {
  if (b.length < FRAME_HEADER_BYTES) return false;
  const len = ((b[0] as number) << 16) | ((b[1] as number) << 8) | (b[2] as number);
  return b.length >= FRAME_HEADER_BYTES + len;
}

export async function probeH2c(ctx: ProbeContext): Promise<ProbeRecord> {
  const t = await exchange(ctx, H2C_PROBE_BYTES, PROBE_READ_CAP_BYTES, (b) => b[3] === FRAME_SETTINGS && frameComplete(b));
  return probeRecord(ctx, 'h2c', H2C_PROBE_BYTES, t, matchH2cReply);
}
