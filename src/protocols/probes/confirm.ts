/**
 * Follow-ups that confirm a greeting several protocols share (a bare 220, 200/201, +OK, * OK): on a
 * separate connection, after the whole greeting, the probe sends each candidate's command in turn
 * and names the protocol only from a reply that candidate alone gives. Every command is read-only
 * and is one a client of that protocol sends before logging in; the connection ends with QUIT.
 */
import type { Matcher, ProtocolId } from '../types.js';
import { ascii } from '../bytes.js';
import * as s from './replies-services.js';

export interface GreetingConfirmation {
  readonly id: string;
  readonly protocol: ProtocolId;
  readonly send: Uint8Array;
  readonly reply: Matcher;
}

export const GREETING_CONFIRMATIONS: readonly GreetingConfirmation[] = [
  { id: 'smtp-ehlo', protocol: 'smtp', send: ascii('EHLO protocheck.invalid\r\n'), reply: s.SMTP_EHLO_OK },
  { id: 'lmtp-lhlo', protocol: 'lmtp', send: ascii('LHLO protocheck.invalid\r\n'), reply: s.LMTP_LHLO_OK },
  { id: 'ftp-syst', protocol: 'ftp', send: ascii('SYST\r\n'), reply: s.FTP_SYST_OK },
  { id: 'dict-show-server', protocol: 'dict', send: ascii('SHOW SERVER\r\n'), reply: s.DICT_SHOW_SERVER_OK },
  { id: 'nntp-capabilities', protocol: 'nntp', send: ascii('CAPABILITIES\r\n'), reply: s.NNTP_CAPABILITIES_OK },
  { id: 'pop3-capa', protocol: 'pop3', send: ascii('CAPA\r\n'), reply: s.POP3_CAPA_OK },
  { id: 'imap-capability', protocol: 'imap', send: ascii('a1 CAPABILITY\r\n'), reply: s.IMAP_CAPABILITY_OK },
];

/** The confirmations to try for these candidates, in the candidates' order. */
export function confirmationsFor(candidates: readonly ProtocolId[]): GreetingConfirmation[] {
  return candidates.flatMap((c) => GREETING_CONFIRMATIONS.filter((g) => g.protocol === c));
}

/** Sent last on a confirmation connection (every one of these protocols knows QUIT or ignores it). */
export const CONFIRM_QUIT = ascii('QUIT\r\n');
