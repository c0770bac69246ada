/**
 * What clients of server-first protocols send once they have read the greeting (SMTP EHLO, IMAP
 * tagged commands, MySQL HandshakeResponse, ...), and BSD telnet's own opening negotiation. Seen
 * as a connection's first client bytes, they name the protocol; a proxy that stalls waiting for
 * them never gets them before the greeting.
 */
import type { Matcher } from '../types.js';
import { TELNET_IAC } from './banner-binary.js';
import { clean, firstLine, u24le, u32le, u8 } from '../bytes.js';
import { UPPER, LOWER } from './first-bytes.js';

const AFTER = 'sent only after the server greeting';

export const SMTP_CLIENT_HELLO: Matcher = {
  id: 'smtp-client-ehlo',
  protocol: 'smtp',
  first: 'EHLehl',
  hard: true,
  note: `EHLO / HELO / LHLO <domain> CR LF (${AFTER}).`,
  source: 'RFC 5321 section 4.1.1.1; RFC 2033 (LHLO)',
  test(b) {
    const line = firstLine(b, 512);
    if (!line.complete) return null;
    const m = /^(EHLO|HELO|LHLO) (\S{1,255})$/i.exec(line.text);
    return m ? { info: clean(`${(m[1] ?? '').toUpperCase()} ${m[2]} (${AFTER})`, 120) } : null;
  },
};

export const POP3_CLIENT_COMMAND: Matcher = {
  id: 'pop3-client-command',
  protocol: 'pop3',
  first: 'CSA',
  hard: true,
  note: `CAPA, STLS or APOP <name> <digest> CR LF (${AFTER}).`,
  source: 'RFC 1939 section 7, RFC 2449 (CAPA), RFC 2595 (STLS)',
  test(b) {
    const line = firstLine(b, 256);
    if (!line.complete) return null;
    return /^(CAPA|STLS|APOP \S+ [0-9a-f]{32})$/.test(line.text) ? { info: `${line.text.split(' ')[0]} (${AFTER})` } : null;
  },
};

export const FTP_CLIENT_COMMAND: Matcher = {
  id: 'ftp-client-command',
  protocol: 'ftp',
  first: 'AFSO',
  hard: true,
  note: `AUTH TLS|SSL, FEAT, SYST or OPTS UTF8 ON CR LF (${AFTER}).`,
  source: 'RFC 959 section 4.1, RFC 2389 (FEAT), RFC 4217 (AUTH TLS)',
  test(b) {
    const line = firstLine(b, 256);
    if (!line.complete) return null;
    return /^(AUTH (?:TLS|SSL|TLS-C)|FEAT|SYST|OPTS UTF8 ON)$/i.test(line.text) ? { info: `${line.text} (${AFTER})` } : null;
  },
};

export const IMAP_CLIENT_COMMAND: Matcher = {
  id: 'imap-client-command',
  protocol: 'imap',
  first: UPPER + LOWER + '0123456789',
  hard: true,
  note: `<tag> CAPABILITY | STARTTLS | LOGIN | AUTHENTICATE | ID ( ... CR LF (${AFTER}).`,
  source: 'RFC 9051 section 6',
  test(b) {
    const line = firstLine(b, 1024);
    if (!line.complete) return null;
    const m = /^([A-Za-z0-9.]{1,20}) (CAPABILITY|STARTTLS|LOGIN \S+ \S+|AUTHENTICATE [A-Za-z0-9-]+(?: \S+)?|ID \(.*|ID NIL)$/i.exec(line.text);
    return m ? { info: `${(m[2] ?? '').split(' ')[0]?.toUpperCase()} (${AFTER})` } : null;
  },
};

/** MySQL capability flags (include/mysql_com.h). */
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_SSL = 0x800;

export const MYSQL_CLIENT_RESPONSE: Matcher = {
  id: 'mysql-handshake-response',
  protocol: 'mysql',
  hard: true,
  note: `HandshakeResponse41 or SSLRequest: uint24 LE length, sequence 01, capabilities with CLIENT_PROTOCOL_41, max packet, charset, 23 zero bytes (${AFTER}).`,
  source: 'MySQL Internals Protocol::HandshakeResponse41, Protocol::SSLRequest',
  test(b) {
    const len = u24le(b, 0);
    const caps = u32le(b, 4);
    if (len === undefined || caps === undefined || len < 32 || len > 4096 || b[3] !== 0x01 || (caps & CLIENT_PROTOCOL_41) === 0) return null;
    if (b.length < 36) return null;
    for (let i = 13; i < 36; i++) if (b[i] !== 0) return null;
    const charset = u8(b, 12) ?? 0;
    if (charset === 0) return null;
    if (len === 32) return (caps & CLIENT_SSL) !== 0 ? { info: `SSLRequest (${AFTER})` } : null;
    return { info: `HandshakeResponse41 (${AFTER})` };
  },
};

export const TELNET_CLIENT_IAC: Matcher = {
  ...TELNET_IAC,
  id: 'telnet-client-iac',
  note: 'IAC option negotiation from the client: BSD/netkit telnet sends DO SGA, WILL TTYPE, ... at once when it connects to port 23.',
  source: 'RFC 854, RFC 855; BSD telnet.c telnet()',
};
