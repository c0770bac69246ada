/**
 * Replies of the client-first services added in issue 11 to their probes (probes/services.ts), and
 * the replies that confirm a shared greeting (probes/confirm.ts). Anchored at byte 0, bounded.
 */
import type { Matcher } from '../types.js';
import { allPrintable, clean, firstLine, latin1, startsWithAscii, u16be, u32be, u32le } from '../bytes.js';

/** The xid of our ONC RPC NULL call ("prob"). */
export const RPC_XID = 0x70726f62;

export const RMI_PROTOCOL_ACK: Matcher = {
  id: 'java-rmi-protocol-ack',
  protocol: 'java-rmi',
  hard: true,
  note: 'ProtocolAck (4e), then the client host as a length-prefixed string and the client port (4 bytes).',
  source: 'Java RMI specification chapter 10.2 (Output Stream Format, ProtocolAck)',
  test(b) {
    if (b[0] !== 0x4e) return null;
    const len = u16be(b, 1);
    if (len === undefined || len === 0 || len > 255 || b.length < 3 + len + 4 || !allPrintable(b, 3, 3 + len)) return null;
    return { info: clean(`sees us as ${latin1(b, 3, 3 + len)}:${u32be(b, 3 + len) ?? 0}`, 80) };
  },
};

export const IDENT_REPLY: Matcher = {
  id: 'ident-reply',
  protocol: 'ident',
  hard: true,
  note: '<port> , <port> : USERID|ERROR : ... CR LF.',
  source: 'RFC 1413 section 6',
  test(b) {
    const line = firstLine(b, 512);
    const m = /^\s*\d{1,5}\s*,\s*\d{1,5}\s*:\s*(USERID|ERROR)\s*:\s*(.*)$/i.exec(line.text);
    return line.complete && m ? { info: clean(`${(m[1] ?? '').toUpperCase()} ${m[2] ?? ''}`, 60) } : null;
  },
};

export const SPAMD_PONG: Matcher = {
  id: 'spamd-pong',
  protocol: 'spamd',
  first: 'S',
  hard: true,
  note: 'SPAMD/<version> <code> <message> (PONG to PING).',
  source: 'apache/spamassassin spamd/PROTOCOL',
  test(b) {
    const m = /^SPAMD\/(\d+\.\d+) (\d+) (\S[^\r\n]*)\r?\n/.exec(latin1(b, 0, 256));
    return m ? { product: 'SpamAssassin', info: clean(`protocol ${m[1]}, ${m[2]} ${m[3]}`, 60) } : null;
  },
};

export const CLAMD_VERSION: Matcher = {
  id: 'clamd-version',
  protocol: 'clamd',
  first: 'C',
  hard: true,
  note: 'ClamAV <version>[/<signature version>/<date>] NUL.',
  source: 'Cisco-Talos/clamav clamd(8) (VERSION)',
  test(b) {
    const m = /^ClamAV (\d+\.\d+[\w.-]*)(?:\/(\d+)\/[^\0\n]*)?[\0\n]/.exec(latin1(b, 0, 256));
    return m ? { product: 'ClamAV', version: m[1] ?? null, info: m[2] === undefined ? null : `signatures ${m[2]}` } : null;
  },
};

export const ZABBIX_HEADER: Matcher = {
  id: 'zabbix-header',
  protocol: 'zabbix-agent',
  first: 'Z',
  hard: true,
  note: 'ZBXD, a flags byte (01, 03 or 05) and a little-endian length that matches the payload.',
  source: 'zabbix/zabbix src/libs/zbxcomms/comms.c (ZBX_TCP_HEADER)',
  test(b) {
    if (!startsWithAscii(b, 'ZBXD') || b.length < 13) return null;
    const flags = b[4] as number;
    if ((flags & 0x01) === 0 || flags > 0x07) return null;
    const len = u32le(b, 5);
    if (len === undefined || len > 1 << 20) return null;
    const payload = latin1(b, 13, Math.min(b.length, 13 + len, 13 + 80));
    const version = /^\d+\.\d+\.\d+\S*$/.test(payload) ? payload : null;
    return { product: 'Zabbix agent', version, info: version === null ? clean(payload, 60) || null : null };
  },
};

export const NUT_VER: Matcher = {
  id: 'nut-ver',
  protocol: 'nut',
  first: 'N',
  hard: true,
  note: 'Network UPS Tools upsd <version> (the answer to VER).',
  source: 'networkupstools/nut docs/net-protocol.txt',
  test(b) {
    const m = /^Network UPS Tools upsd (\d[\w.~+-]*)/.exec(latin1(b, 0, 128));
    return m ? { product: 'upsd', version: m[1] ?? null } : null;
  },
};

export const GEARMAN_VERSION: Matcher = {
  id: 'gearman-version',
  protocol: 'gearman',
  first: 'O',
  hard: true,
  note: 'OK <version> LF, the admin protocol\'s answer to version.',
  source: 'gearman/gearmand PROTOCOL (Administrative Protocol: version)',
  test(b) {
    const m = /^OK (\d+\.\d+(?:\.\d+)?[\w.+~-]*)\n$/.exec(latin1(b, 0, 64));
    return m ? { product: 'gearmand', version: m[1] ?? null } : null;
  },
};

export const RPC_REPLY: Matcher = {
  id: 'onc-rpc-reply',
  protocol: 'onc-rpc',
  hard: true,
  note: 'A record-marked REPLY (msg_type 1) carrying our xid; accepted SUCCESS from rpcbind, or PROG_UNAVAIL/PROG_MISMATCH/denied from another RPC service.',
  source: 'RFC 5531 sections 9 and 11',
  test(b) {
    const mark = u32be(b, 0);
    if (mark === undefined || (mark & 0x80000000) === 0 || (mark & 0x7fffffff) < 12 || (mark & 0x7fffffff) > 65536) return null;
    if (u32be(b, 4) !== RPC_XID || u32be(b, 8) !== 1) return null;
    const replyStat = u32be(b, 12);
    if (replyStat === 1) return { info: 'call denied' };
    const acceptStat = u32be(b, 24);
    const names = ['SUCCESS (rpcbind)', 'PROG_UNAVAIL', 'PROG_MISMATCH', 'PROC_UNAVAIL', 'GARBAGE_ARGS', 'SYSTEM_ERR'];
    return { info: acceptStat === undefined ? 'reply' : names[acceptStat] ?? `accept status ${acceptStat}` };
  },
};

export const TOR_PROTOCOLINFO: Matcher = {
  id: 'tor-protocolinfo',
  protocol: 'tor-control',
  first: '2',
  hard: true,
  note: '250-PROTOCOLINFO 1 then 250-AUTH and 250-VERSION Tor="..." lines.',
  source: 'torproject/torspec control-spec.txt (PROTOCOLINFO)',
  test(b) {
    const text = latin1(b, 0, 2048);
    if (!/^250-PROTOCOLINFO \d+\r?\n/.test(text)) return null;
    const v = /\r?\n250-VERSION Tor="([\w.-]{1,40})"/.exec(text)?.[1];
    return { product: 'Tor', version: v ?? null };
  },
};

export const X11_SETUP_REPLY: Matcher = {
  id: 'x11-setup-reply',
  protocol: 'x11',
  hard: true,
  note: 'Connection setup reply in our byte order (little-endian): Failed (0, reason length) or Success (1), protocol 11.0.',
  source: 'X Window System Protocol, section 8 (Connection Setup)',
  test(b) {
    if (b.length < 8 || (b[0] !== 0 && b[0] !== 1) || b[2] !== 11 || b[3] !== 0 || b[4] !== 0 || b[5] !== 0) return null;
    if (b[0] === 0) {
      const reason = latin1(b, 8, Math.min(b.length, 8 + (b[1] as number)));
      return { info: clean(`refused: ${reason}`, 80) };
    }
    return { info: 'accepted without authentication' };
  },
};

export const RTSP_RESPONSE: Matcher = {
  id: 'rtsp-response',
  protocol: 'rtsp',
  first: 'R',
  hard: true,
  note: 'RTSP/1.0 <status> status line; Server header names the product.',
  source: 'RFC 2326 section 7.1',
  test(b) {
    const line = firstLine(b, 256);
    const m = /^RTSP\/1\.0 (\d{3})(?: (.*))?$/.exec(line.text);
    if (!m || !line.complete) return null;
    const server = /\r?\nServer:[ \t]*([^\r\n]{1,80})/i.exec(latin1(b, 0, 4096))?.[1];
    return { product: server === undefined ? null : clean(server, 60), info: clean(`RTSP/1.0 ${m[1]}`, 40) };
  },
};

export const GOPHER_MENU: Matcher = {
  id: 'gopher-menu',
  protocol: 'gopher',
  hard: true,
  note: 'Menu lines <type><display> TAB <selector> TAB <host> TAB <port> CR LF.',
  source: 'RFC 1436 section 3.8',
  test(b) {
    const line = firstLine(b, 1024);
    return line.complete && /^[0-9+gIThis:;<dpPrwcSX][^\t]*\t[^\t]*\t[^\t]+\t\d{1,5}(?:\t.*)?$/.test(line.text) ? { info: 'menu' } : null;
  },
};

/** Confirmations of shared greetings (probes/confirm.ts): the reply that only the candidate gives. */
export const SMTP_EHLO_OK: Matcher = {
  id: 'smtp-ehlo-reply',
  protocol: 'smtp',
  first: '2',
  hard: true,
  note: '250 to EHLO: only SMTP (and ESMTP) servers accept EHLO.',
  source: 'RFC 5321 section 4.1.1.1',
  test(b) {
    return /^250[ -]/.test(latin1(b, 0, 8)) ? { info: 'EHLO accepted' } : null;
  },
};

export const LMTP_LHLO_OK: Matcher = {
  id: 'lmtp-lhlo-reply',
  protocol: 'lmtp',
  first: '2',
  hard: true,
  note: '250 to LHLO: LMTP servers accept LHLO (SMTP servers do not).',
  source: 'RFC 2033 section 4.1',
  test(b) {
    return /^250[ -]/.test(latin1(b, 0, 8)) ? { info: 'LHLO accepted' } : null;
  },
};

export const FTP_SYST_OK: Matcher = {
  id: 'ftp-syst-reply',
  protocol: 'ftp',
  first: '2',
  hard: true,
  note: '215 to SYST (the system type), or 211 to FEAT: FTP reply codes no other protocol here uses for them.',
  source: 'RFC 959 section 4.2.2; RFC 2389 section 3.2',
  test(b) {
    const m = /^(215|211)[ -](.*)/.exec(firstLine(b, 256).text);
    return m ? { info: clean(`${m[1]} ${m[2] ?? ''}`, 60) } : null;
  },
};

export const DICT_SHOW_SERVER_OK: Matcher = {
  id: 'dict-show-server-reply',
  protocol: 'dict',
  first: '1',
  hard: true,
  note: '114 server information follows (the answer to SHOW SERVER).',
  source: 'RFC 2229 section 3.10',
  test(b) {
    return /^114 /.test(latin1(b, 0, 8)) ? { info: 'SHOW SERVER accepted' } : null;
  },
};

export const NNTP_CAPABILITIES_OK: Matcher = {
  id: 'nntp-capabilities-reply',
  protocol: 'nntp',
  first: '1',
  hard: true,
  note: '101 capability list follows, with a VERSION line.',
  source: 'RFC 3977 section 5.2',
  test(b) {
    const text = latin1(b, 0, 2048);
    return /^101 /.test(text) && /\r?\nVERSION \d/.test(text) ? { info: 'CAPABILITIES accepted' } : null;
  },
};

export const POP3_CAPA_OK: Matcher = {
  id: 'pop3-capa-reply',
  protocol: 'pop3',
  first: '+',
  hard: true,
  note: '+OK and a dot-terminated list naming POP3 capabilities (USER, UIDL, TOP, SASL, STLS...).',
  source: 'RFC 2449 section 5',
  test(b) {
    const text = latin1(b, 0, 2048);
    return /^\+OK/.test(text) && /\r?\n\.\r?\n/.test(text) && /\r?\n(?:USER|UIDL|TOP|SASL|STLS|PIPELINING|RESP-CODES|IMPLEMENTATION)\b/.test(text) ? { info: 'CAPA accepted' } : null;
  },
};

export const IMAP_CAPABILITY_OK: Matcher = {
  id: 'imap-capability-reply',
  protocol: 'imap',
  first: '*',
  hard: true,
  note: 'An untagged * CAPABILITY response listing IMAP4rev1 or IMAP4rev2.',
  source: 'RFC 9051 section 7.2.2',
  test(b) {
    return /^\* CAPABILITY [^\r\n]*\bIMAP4(?:rev[12])?\b/i.test(latin1(b, 0, 2048)) ? { info: 'CAPABILITY accepted' } : null;
  },
};

export const ERLANG_DIST_STATUS: Matcher = {
  id: 'erlang-dist-status',
  protocol: 'erlang-dist',
  first: '\x00',
  hard: true,
  note: 'recv_status: 2-byte length, s, and ok, ok_simultaneous, nok, not_allowed, alive or named:.',
  source: 'Erlang/OTP erts doc "Distribution Protocol", Distribution Handshake (recv_status)',
  test(b) {
    const len = u16be(b, 0);
    if (len === undefined || len < 3 || len > 40 || b[2] !== 0x73 || b.length < 2 + len) return null;
    const status = latin1(b, 3, 2 + len);
    return /^(?:ok|ok_simultaneous|nok|not_allowed|alive|named:.*)$/.test(status) ? { info: clean(`status ${status}`, 60) } : null;
  },
};
