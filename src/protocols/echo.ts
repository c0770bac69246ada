/**
 * The `echo` entry's recogniser. A reply that repeats what the client sent (all of it, a prefix of at
 * least 4 bytes, or the bytes sent repeated) proves only an echo service (RFC 862) or a reflecting
 * proxy: never the protocol the client spoke (an echoed AMQP header is not AMQP). It compares the
 * reply with the request, so it is not a byte matcher; the catalog lists it as `echo-reply`.
 */
import type { Identification } from './types.js';

export const ECHO_SIGNATURE = 'echo-reply';

export function isEcho(sent: Uint8Array, reply: Uint8Array): boolean {
  if (reply.length === 0 || sent.length === 0) return false;
  if (reply.length < Math.min(4, sent.length)) return false;
  for (let i = 0; i < reply.length; i++) if (reply[i] !== sent[i % sent.length]) return false;
  return true;
}

export const ECHO_IDENTIFICATION: Identification = {
  protocol: 'echo',
  product: null,
  version: null,
  signature: ECHO_SIGNATURE,
  hard: true,
  info: 'the reply repeats the bytes we sent',
};
