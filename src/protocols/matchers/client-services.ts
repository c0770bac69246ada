/**
 * Client first bytes of the client-first services added in issue 11 (entries/services.ts): what a
 * detecting proxy reads from their clients. Anchored at byte 0, bounded; sources per matcher.
 */
import type { Matcher } from '../types.js';
import { clean, firstLine, latin1, startsWithAscii, u16be, u32be, u32le } from '../bytes.js';

export const ONC_RPC_CALL: Matcher = {
  id: 'onc-rpc-call',
  protocol: 'onc-rpc',
  first: '\x80',
  hard: true,
  note: 'A record mark with the last-fragment bit, then xid, msg_type 0 (CALL) and rpcvers 2, program and version.',
  source: 'RFC 5531 sections 9 and 11',
  test(b) {
    const mark = u32be(b, 0);
    if (mark === undefined || (mark & 0x80000000) === 0 || (mark & 0x7fffffff) < 24 || u32be(b, 8) !== 0 || u32be(b, 12) !== 2) return null;
    const prog = u32be(b, 16);
    return { info: prog === undefined ? null : `program ${prog}${prog === 100000 ? ' (rpcbind)' : prog === 100003 ? ' (nfs)' : ''}` };
  },
};

export const X11_SETUP: Matcher = {
  id: 'x11-connection-setup',
  protocol: 'x11',
  first: 'lB',
  hard: true,
  note: 'Byte order l or B, an unused byte, protocol major 11 and minor 0 in that byte order.',
  source: 'X Window System Protocol, section 8 (Connection Setup)',
  test(b) {
    if (b.length < 12 || b[1] !== 0) return null;
    const le = b[0] === 0x6c;
    const major = le ? (b[2] as number) | ((b[3] as number) << 8) : u16be(b, 2);
    const minor = le ? (b[4] as number) | ((b[5] as number) << 8) : u16be(b, 4);
    return major === 11 && minor === 0 ? { info: le ? 'little-endian' : 'big-endian' } : null;
  },
};

export const RTSP_REQUEST: Matcher = {
  id: 'rtsp-request',
  protocol: 'rtsp',
  first: 'ADGOPRST',
  hard: true,
  note: 'An RTSP request line <METHOD> <url or *> RTSP/1.0.',
  source: 'RFC 2326 section 6.1',
  test(b) {
    const line = firstLine(b, 1024);
    const m = /^(OPTIONS|DESCRIBE|SETUP|PLAY|PAUSE|TEARDOWN|GET_PARAMETER|SET_PARAMETER|ANNOUNCE|RECORD|REDIRECT) (\S+) RTSP\/1\.0$/.exec(line.text);
    return line.complete && m ? { info: `${m[1]} request` } : null;
  },
};

export const TOR_CONTROL_COMMAND: Matcher = {
  id: 'tor-control-command',
  protocol: 'tor-control',
  first: 'AP',
  hard: true,
  note: 'PROTOCOLINFO [version] or AUTHENTICATE [...] as the first line, which control-port clients send before anything else.',
  source: 'torproject/torspec control-spec.txt (3.5 AUTHENTICATE, 3.21 PROTOCOLINFO)',
  test(b) {
    const line = firstLine(b, 1024);
    return line.complete && /^(?:PROTOCOLINFO(?: \d+)?|AUTHENTICATE(?: .*)?)\r?$/.test(line.text) ? { info: clean(line.text.split(' ')[0] ?? '', 20) } : null;
  },
};

export const ZABBIX_REQUEST: Matcher = {
  id: 'zabbix-request',
  protocol: 'zabbix-agent',
  first: 'Z',
  hard: true,
  note: 'ZBXD, flags (01, 03 or 05) and a little-endian length, then the item key or JSON.',
  source: 'zabbix/zabbix src/libs/zbxcomms/comms.c (ZBX_TCP_HEADER)',
  test(b) {
    if (!startsWithAscii(b, 'ZBXD') || b.length < 13 || ((b[4] as number) & 0x01) === 0 || (b[4] as number) > 0x07) return null;
    const len = u32le(b, 5);
    return len !== undefined && len <= 1 << 20 ? { info: clean(latin1(b, 13, Math.min(b.length, 13 + len, 13 + 60)), 60) || null } : null;
  },
};

export const JRMI_HEADER: Matcher = {
  id: 'java-rmi-header',
  protocol: 'java-rmi',
  first: 'J',
  hard: true,
  note: 'JRMI, version 00 02, then the protocol byte 4b (stream), 4c (single op) or 4d (multiplex).',
  source: 'Java RMI specification chapter 10.2 (Output Stream Format)',
  test(b) {
    return startsWithAscii(b, 'JRMI') && b[4] === 0 && b[5] === 2 && (b[6] === 0x4b || b[6] === 0x4c || b[6] === 0x4d) ? { info: 'JRMI v2' } : null;
  },
};

const CLAMD_COMMANDS = /^[zn](PING|VERSION|RELOAD|SHUTDOWN|SCAN|CONTSCAN|MULTISCAN|ALLMATCHSCAN|INSTREAM|FILDES|STATS|IDSESSION|END|VERSIONCOMMANDS)\b/;

export const CLAMD_COMMAND: Matcher = {
  id: 'clamd-command',
  protocol: 'clamd',
  first: 'zn',
  hard: true,
  note: 'z or n followed by an upper-case clamd command (zVERSION NUL, nPING LF).',
  source: 'Cisco-Talos/clamav clamd(8) (COMMANDS)',
  test(b) {
    const m = CLAMD_COMMANDS.exec(latin1(b, 0, 32));
    return m ? { info: `command ${m[1]}` } : null;
  },
};

export const SPAMC_REQUEST: Matcher = {
  id: 'spamc-request',
  protocol: 'spamd',
  first: 'CHPRST',
  hard: true,
  note: '<COMMAND> SPAMC/<version> as the request line (CHECK, SYMBOLS, REPORT, PROCESS, PING, TELL...).',
  source: 'apache/spamassassin spamd/PROTOCOL',
  test(b) {
    const line = firstLine(b, 256);
    const m = /^(CHECK|SYMBOLS|REPORT|REPORT_IFSPAM|PROCESS|HEADERS|PING|SKIP|TELL) SPAMC\/(\d+\.\d+)$/.exec(line.text);
    return line.complete && m ? { info: `${m[1]} SPAMC/${m[2]}` } : null;
  },
};

export const NUT_COMMAND: Matcher = {
  id: 'nut-command',
  protocol: 'nut',
  first: 'VLGSUPN',
  hard: false,
  note: 'An upsd command line (VER, LIST UPS, GET VAR, USERNAME, STARTTLS, NETVER): short upper-case words, so only a soft match.',
  source: 'networkupstools/nut docs/net-protocol.txt',
  test(b) {
    const line = firstLine(b, 256);
    return line.complete && /^(?:VER|NETVER|LIST (?:UPS|VAR|RW|CMD|ENUM|RANGE|CLIENT)(?: .*)?|GET (?:VAR|TYPE|DESC|NUMLOGINS|UPSDESC|CMDDESC) .+|USERNAME .+|STARTTLS|PROTVER)$/.test(line.text) ? { info: clean(line.text, 40) } : null;
  },
};

export const IDENT_QUERY: Matcher = {
  id: 'ident-query',
  protocol: 'ident',
  first: '0123456789',
  hard: true,
  note: '<server port> , <client port> CR LF, both 1-65535 (RFC 1413 allows spaces around the comma).',
  source: 'RFC 1413 section 6',
  test(b) {
    const line = firstLine(b, 64);
    const m = /^\s*(\d{1,5})\s*,\s*(\d{1,5})\s*$/.exec(line.text);
    return line.complete && m && Number(m[1]) <= 65535 && Number(m[2]) <= 65535 ? { info: `ports ${m[1]}, ${m[2]}` } : null;
  },
};

export const GEARMAN_REQUEST: Matcher = {
  id: 'gearman-request',
  protocol: 'gearman',
  first: '\x00v',
  hard: true,
  note: 'A binary request (NUL REQ, a 4-byte type and length) or the admin command version LF (LF only: memcached text commands end CR LF).',
  source: 'gearman/gearmand PROTOCOL',
  test(b) {
    if (b[0] === 0 && startsWithAscii(b, 'REQ', 1)) return { info: `request type ${u32be(b, 4) ?? '?'}` };
    return /^version\n/.test(latin1(b, 0, 8)) ? { hard: false, info: 'admin version' } : null;
  },
};

export const CLIENT_SERVICE_MATCHERS: readonly Matcher[] = [ONC_RPC_CALL, X11_SETUP, RTSP_REQUEST, TOR_CONTROL_COMMAND, ZABBIX_REQUEST, JRMI_HEADER, CLAMD_COMMAND, SPAMC_REQUEST, IDENT_QUERY, GEARMAN_REQUEST, NUT_COMMAND];
